"""The layout of docs/architecture.md holds: every import points down its layer table."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "netfreedom"
DOC = ROOT / "docs" / "architecture.md"
ABOVE_THE_TABLE = {"__init__", "__main__"}


def layers() -> dict[str, int]:
    """Package -> layer, read from the table of docs/architecture.md."""
    found = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\|\s*(\d+)\s*\|\s*`(\w+)`\s*\|", line)
        if match:
            found[match.group(2)] = int(match.group(1))
    return found


def imports_of(path: Path, package: Path = PACKAGE) -> list[tuple[int, str]]:
    """(line, absolute module name) of every netfreedom import in a file, wherever it is.
    ``from netfreedom import __version__`` (a constant of the root package) is not counted."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    here = parts[:-1]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            if module == "netfreedom":
                names = [f"netfreedom.{a.name}" for a in node.names if a.name != "__version__"]
            else:
                names = [module]
            found += [(node.lineno, name) for name in names]
    return [(line, name) for line, name in found if name == "netfreedom" or name.startswith("netfreedom.")]


def package_of(path: Path, package: Path = PACKAGE) -> str:
    return path.relative_to(package).parts[0].removesuffix(".py")


def violations(package: Path = PACKAGE) -> list[str]:
    table = layers()
    problems = []
    for path in sorted(package.rglob("*.py")):
        own = package_of(path, package)
        if own in ABOVE_THE_TABLE:
            continue
        if own not in table:
            problems.append(f"{path.relative_to(package.parent)}: package {own!r} is not in docs/architecture.md")
            continue
        for line, module in imports_of(path, package):
            parts = module.split(".")
            if len(parts) < 2:
                problems.append(f"{path.relative_to(package.parent)}:{line}: imports the top-level netfreedom package")
                continue
            target = parts[1]
            if target == own:
                continue
            if target not in table:
                problems.append(f"{path.relative_to(package.parent)}:{line}: imports {module}, not in the layer table")
            elif table[target] >= table[own]:
                problems.append(
                    f"{path.relative_to(package.parent)}:{line}: {own} (layer {table[own]}) imports {module} "
                    f"({target}, layer {table[target]})"
                )
    return problems


def test_the_layer_table_names_every_package() -> None:
    table = layers()
    assert {"cli", "web", "services", "ingest", "checks", "store", "model", "methodology", "errors"} <= set(table)
    packages = {package_of(p) for p in PACKAGE.rglob("*.py")} - ABOVE_THE_TABLE
    assert packages <= set(table), sorted(packages - set(table))


def test_every_import_points_down() -> None:
    problems = violations()
    assert problems == [], f"{len(problems)} imports against docs/architecture.md:\n" + "\n".join(problems)


def test_the_checker_sees_every_kind_of_violation(tmp_path: Path) -> None:
    """The checker itself works on a made-up package: upwards, sideways, relative, in a function."""
    package = tmp_path / "netfreedom"
    (package / "model").mkdir(parents=True)
    (package / "ingest").mkdir()
    (package / "model" / "up.py").write_text("from netfreedom.store import Store\n")
    (package / "ingest" / "side.py").write_text("def f():\n    from ..store.tables import X\n")
    (package / "ingest" / "fine.py").write_text("from netfreedom.model import Assessment\nfrom . import side\n")
    (package / "rogue").mkdir()
    (package / "rogue" / "x.py").write_text("")
    found = violations(package)
    assert len(found) == 3, found
    assert any("model (layer 2) imports netfreedom.store" in f for f in found)
    assert any("ingest (layer 4) imports netfreedom.store.tables" in f for f in found)
    assert any("'rogue' is not in docs/architecture.md" in f for f in found)
