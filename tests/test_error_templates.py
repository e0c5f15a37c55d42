"""Every error a page can show is raised from a message template, so a Russian page can tell it.

A page shows an error's message when its status is below 500 (the error page, or a form's
refusal). Its Russian comes from the template (``N_("…")``, :mod:`netfreedom.errors`); an error
built from a plain English line (an f-string, a variable) has none, and reaches a Russian page in
English. This test reads the code of the layers the site calls (services, web, model, store) and
fails on any netfreedom error built without an ``N_("…")`` template, except the few listed in
:data:`EXCUSED`, each with why (no page shows it, or the template comes from the caller). The Russian interface tests
(``tests/test_russian_interface.py``) drive the pages themselves; this one catches a new raise
site before any page test happens to reach it.
"""

from __future__ import annotations

import ast
import importlib
import inspect
from functools import cache
from pathlib import Path

from netfreedom.errors import NetfreedomError

from .shared_data import REPO

SOURCE = REPO / "src" / "netfreedom"
LAYERS = ("services", "web", "model", "store")
"""The layers the site's routes call (docs/architecture.md)."""

EXCUSED: dict[tuple[str, str], str] = {
    ("services/notifications.py", "MailSettingsError"): "mail settings are read from the environment when `serve` "
    "or a command starts; the CLI prints them",
    ("services/draft_offline.py", "*"): "offline draft files: `drafts export/import` on the command line only",
    ("services/evidence.py", "EvidenceReadError"): "`evidence import` on the command line only",
    ("services/reports.py", "NotStoredError"): "ingesting reports: command line only (the site is read-only)",
    ("services/accounts.py", "AccountError"): "account administration: `users` on the command line; no page form",
    ("services/drafting.py", "PublishedReportError"): "opening a draft: command line and JSON API; no page form",
    ("store/drafts.py", "ConflictError"): "opening an edition: command line and JSON API; no page form",
    ("store/*", "StoreError"): "status 500: a page says only that something went wrong on our side",
    ("web/*", "ApiError"): "always answered in the JSON error shape, never as a page",
    ("web/auth.py", "SecretKeyError"): "refuses to start `serve`: the command line prints it",
    ("web/pages/api_dashboard.py", "*"): "an /api/ route: the JSON error shape",
    ("services/draft_access.py", "PermissionDeniedError"): "require_manager's refusal is a template its callers "
    "pass as N_(...) (checked below)",
}
"""``(path under src/netfreedom, error class)`` -> why its message needs no template here (``*``: any)."""


@cache
def _error_classes() -> dict[str, type[NetfreedomError]]:
    """Every NetfreedomError subclass of the package, by class name (Alembic's migration
    scripts aside: they run only inside Alembic)."""
    found: dict[str, type[NetfreedomError]] = {}
    for path in sorted(SOURCE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        module = ".".join(path.relative_to(SOURCE.parent).with_suffix("").parts).removesuffix(".__init__")
        for name, value in vars(importlib.import_module(module)).items():
            if inspect.isclass(value) and issubclass(value, NetfreedomError):
                found[name] = value
    return found


def _templated(cls: type[NetfreedomError]) -> bool:
    """Whether the class builds its own template from its arguments (``UnknownAccountError(name)``)."""
    return "N_(" in inspect.getsource(cls.__init__) if "__init__" in vars(cls) else False


def _allowed(path: str, name: str) -> bool:
    folder = path.split("/")[0] + "/*"
    return any(key in EXCUSED for key in ((path, name), (path, "*"), (folder, name)))


def _plain_sites(root: Path = SOURCE) -> list[str]:
    """``path:line Class(first argument)`` of each error built without a template under ``root``."""
    classes = _error_classes()
    sites = []
    for layer in LAYERS:
        for path in sorted((root / layer).rglob("*.py")):
            where = path.relative_to(root).as_posix()
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in classes):
                    continue
                name = node.func.id
                if not node.args or _templated(classes[name]) or _allowed(where, name):
                    continue
                first = node.args[0]
                if not (isinstance(first, ast.Call) and isinstance(first.func, ast.Name) and first.func.id == "N_"):
                    sites.append(f"{where}:{node.lineno} {name}({ast.unparse(first)[:80]})")
    return sites


def test_every_error_a_page_can_show_is_raised_from_a_template() -> None:
    sites = _plain_sites()
    assert sites == [], "errors built from a plain English line in the layers pages call:\n" + "\n".join(sites)
    callers = []
    for path in sorted(SOURCE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "require_manager":
                refusal = node.args[1] if len(node.args) > 1 else None
                if not (isinstance(refusal, ast.Call) and getattr(refusal.func, "id", "") == "N_"):
                    callers.append(f"{path.relative_to(SOURCE)}:{node.lineno}")
    assert callers == [], "require_manager called without an N_(...) refusal:\n" + "\n".join(callers)


def test_every_listed_exception_still_exists() -> None:
    """The list stays honest: each entry names a file (or folder) and a class still there."""
    classes = _error_classes()
    for (path, name), why in EXCUSED.items():
        assert why and (name == "*" or name in classes), (path, name)
        assert (SOURCE / path.removesuffix("/*")).exists(), path


def test_a_new_plain_raise_site_fails(tmp_path: Path) -> None:
    """The check itself: a service building an error from an f-string is reported; one from
    ``N_`` is not, nor one in a listed file."""
    (tmp_path / "services").mkdir()
    (tmp_path / "services" / "example.py").write_text(
        "from netfreedom.errors import N_, InputError, MailSettingsError\n"
        "def f(x):\n"
        "    if x:\n"
        "        raise InputError(f'bad {x}')\n"
        "    raise InputError(N_('bad {x}'), x=x)\n",
        encoding="utf-8",
    )
    (tmp_path / "services" / "notifications.py").write_text("MailSettingsError(f'{1}')\n", encoding="utf-8")
    assert _plain_sites(tmp_path) == ["services/example.py:4 InputError(f'bad {x}')"]
