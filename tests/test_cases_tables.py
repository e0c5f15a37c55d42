"""The kinds of ``../shared/cases`` for score tables read as CSV and as HTML tables saved as
``.xls``: the workbooks' cell limit holds for every table format (a CSV of millions of cells,
a small page whose colspans fill billions), and a surprise inside the table reader is that
file's one line while the batch goes on. ``test_cases.py`` holds the workbook cases.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from netfreedom.cli.main import cli
from netfreedom.ingest.formats.workbook import MAX_CELLS
from netfreedom.ingest.tables import reader as table_reader

from .breaking import run_cli
from .shared_data import SAMPLES


@pytest.fixture
def good(tmp_path: Path) -> Path:
    target = tmp_path / "good.txt"
    shutil.copy(SAMPLES / "exampleland-2023-en.txt", target)
    return target


def _many_cells_csv() -> bytes:
    """A score table with a real header and rows padded to just over the cell limit."""
    width = 1000
    rows = MAX_CELLS // width + 2
    header = ",".join(["Country", "Edition", "Total", *(f"note {i}" for i in range(width - 3))])
    row = ",".join(["Kazakhstan", "2022", "32", *([""] * (width - 3))])
    return (header + "\n" + "\n".join([row] * rows) + "\n").encode()


def _spanning_page() -> bytes:
    """A 1.6 MB page of one table whose cells each span 1,000 columns: 64 million cells."""
    header = "<tr><th>Country</th><th>Edition</th><th>Total</th></tr>"
    row = "<tr>" + '<td colspan="1000">x</td>' * 1000 + "</tr>"
    return f"<html><body><table>{header}{row * 64}</table></body></html>".encode()


def test_every_table_format_has_the_cell_limit(tmp_path: Path, good: Path) -> None:
    (tmp_path / "cells.csv").write_bytes(_many_cells_csv())
    (tmp_path / "spans.xls").write_bytes(_spanning_page())
    for command in ("check", "ingest"):
        run = run_cli(command, "--json", "cells.csv", "spans.xls", good.name, cwd=tmp_path, memory_mb=1024)
        assert run.code == 2, run
        records = [json.loads(line) for line in run.stdout.splitlines() if line.strip()]
        errors = {Path(str(r["file"])).name: r["error"] for r in records if "error" in r}
        assert set(errors) == {"cells.csv", "spans.xls"}, records
        for name, message in errors.items():
            assert message.startswith(f"{name}: ") and f"more than {MAX_CELLS:,} cells" in message, message
        assert [r["country"]["iso3"] for r in records if "country" in r] == ["XEX"]  # the batch went on
        assert "out of memory" not in run.stderr and "internal error" not in run.stderr


def test_a_surprise_in_the_table_reader_fails_that_file_only(
    tmp_path: Path, good: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = table_reader.lay_out

    def lay_out(grids, name, *args, **kwargs):  # type: ignore[no-untyped-def]
        if name == "surprise.csv":
            raise IndexError("list index out of range")
        return real(grids, name, *args, **kwargs)

    monkeypatch.setattr(table_reader, "lay_out", lay_out)
    (tmp_path / "surprise.csv").write_text("Country,Edition,Total\nKazakhstan,2022,32\n", encoding="utf-8")
    (tmp_path / "fine.csv").write_text("Country,Edition,Total\nKyrgyzstan,2022,53\n", encoding="utf-8")
    database = ["--database", str(tmp_path / "nf.db")]
    monkeypatch.chdir(tmp_path)
    for command, extra in (("check", []), ("ingest", database)):
        result = CliRunner().invoke(cli, [command, "--json", *extra, "surprise.csv", "fine.csv", str(good)])
        assert result.exit_code == 2, result.output
        assert "internal error" not in result.output
        records = [json.loads(line) for line in result.stdout.splitlines() if line.strip().startswith("{")]
        failed = [r for r in records if "error" in r]
        assert [Path(str(r["file"])).name for r in failed] == ["surprise.csv"], records
        assert str(failed[0]["error"]).startswith("surprise.csv: it cannot be read (IndexError")
        assert any(r.get("country", {}).get("iso3") == "XEX" for r in records), records
