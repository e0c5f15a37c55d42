"""Benchmark: read score tables with this tree's reader and a baseline's, in the same run.

Writes a few score files of the shapes that cost the layout scan most (all invented, with
names and figures in the published ranges):

* ``long``: one sheet of 40,000 rows (country, edition, status, total), the names cycling
  through 60 countries, editions 2011-2025;
* ``prose``: a 300-row table followed by 10,000 rows of footnote-like text (no values), which
  the layout looks at row by row (main before session 9 read them all again for every row
  whose scale the prose decides: 40,000 such rows took over 200 s);
* ``notes``: 40,000 lines of prose and no table (the header search reads every row);
* ``preamble``: a methodology preamble of 60 prose lines above a 500-row table (the header
  is below row 30);
* ``ods``: the ``long`` table as an OpenDocument spreadsheet with a million repeated empty
  rows after it (only read by a tree that reads ``.ods``).

Each file is read by ``read_score_table`` in a fresh interpreter per tree (this tree's
``src`` and the baseline's, extracted with ``git archive``), in turn, ``--rounds`` times; the
figures are the fastest round of each (wall clock; the CPU time of the child process is
printed too: it moves least with the load). A tree that cannot read a file is timed all the
same, and the first words of its error are printed instead of the rows read.

    python benchmarks/score_tables.py [--baseline REV] [--rounds N]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_NAMES = ["Russia", "Kenya", "Iceland", "Georgia", "Cuba", "Brazil", "India", "Iran", "China", "Estonia",
          "Germany", "France", "Italy", "Japan", "Mexico", "Nigeria", "Egypt", "Turkey", "Ukraine", "Kazakhstan",
          "Kyrgyzstan", "Uzbekistan", "Belarus", "Armenia", "Azerbaijan", "Tunisia", "Morocco", "Jordan",
          "Lebanon", "Libya", "Sudan", "Ethiopia", "Uganda", "Rwanda", "Zambia", "Zimbabwe", "Malawi", "Angola",
          "South Africa", "Ghana", "Cambodia", "Thailand", "Vietnam", "Myanmar", "Malaysia", "Singapore",
          "Indonesia", "Philippines", "Australia", "Canada", "United States", "United Kingdom", "Argentina",
          "Colombia", "Ecuador", "Venezuela", "Pakistan", "Bangladesh", "Sri Lanka", "Hungary"]  # fmt: skip

_CHILD = r"""
import json, sys, time
from netfreedom.ingest.tables.reader import read_score_table
out = {}
for path in sys.argv[1:]:
    start, cpu = time.perf_counter(), time.process_time()
    try:
        rows = len(read_score_table(path).rows)
    except Exception as exc:  # a file that tree cannot read: timed all the same
        rows = f"{type(exc).__name__}: {str(exc)[:60]}"
    out[path] = {"seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu, "rows": rows}
print(json.dumps(out))
"""


def _long_rows(count: int) -> list[list[object]]:
    rows: list[list[object]] = [["Country", "Edition", "Status", "Total Score"]]
    for index in range(count):
        name, edition = _NAMES[index % len(_NAMES)], 2011 + (index // len(_NAMES)) % 15
        rows.append([name, edition, "PF", 35 + (index * 7 + edition) % 25])  # Partly Free on both scales
    return rows


def _write_csv(path: Path, rows: list[list[object]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def _write_ods(path: Path, rows: list[list[object]], empty_rows: int) -> Path:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    table = Table(name="Scores")
    for row in rows:
        element = TableRow()
        for value in row:
            if isinstance(value, int):
                cell = TableCell(valuetype="float", value=value)
            else:
                cell = TableCell(valuetype="string")
            cell.addElement(P(text=str(value)))
            element.addElement(cell)
        table.addElement(element)
    filler = TableRow(numberrowsrepeated=empty_rows)
    filler.addElement(TableCell(numbercolumnsrepeated=1024))
    table.addElement(filler)
    document.spreadsheet.addElement(table)
    document.save(str(path))
    return path


def write_files(folder: Path) -> dict[str, Path]:
    """The benchmark's files, written into ``folder``: name -> path."""
    prose = _long_rows(300) + [[f"Note {n}: the figures of this row come from a source file, see annex {n % 7}."]
                               for n in range(10_000)]  # fmt: skip
    notes = [[f"Line {n} of an annex in prose: what was asked, of whom, and when."] for n in range(40_000)]
    preamble = [
        [f"Methodology line {n}: how each indicator was scored in that year, in a sentence."] for n in range(60)
    ]
    files = {
        "long": _write_csv(folder / "long.csv", _long_rows(40_000)),
        "prose": _write_csv(folder / "prose.csv", prose),
        "preamble": _write_csv(folder / "preamble.csv", preamble + [[]] + _long_rows(500)),
        "notes": _write_csv(folder / "notes.csv", notes),
    }
    try:
        files["ods"] = _write_ods(folder / "long.ods", _long_rows(2_000), 1_048_000)
    except ImportError:  # odfpy missing: no ODS file
        pass
    return files


def _baseline_src(rev: str, folder: Path) -> Path:
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "src"], check=True, capture_output=True).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder / "src"


def _run(src: Path, files: list[Path]) -> dict[str, dict[str, object]]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    done = subprocess.run([sys.executable, "-c", _CHILD, *map(str, files)], env=env, check=True,
                          capture_output=True, text=True)  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default="main", help="git revision to compare with (default main)")
    parser.add_argument("--rounds", type=int, default=3, help="reads of every file by each tree (default 3)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        files = write_files(folder)
        trees = {"this tree": ROOT / "src", f"baseline {args.baseline}": _baseline_src(args.baseline, folder / "base")}
        best: dict[tuple[str, str], dict[str, object]] = {}
        print(f"load average at the start: {_load()}")
        started = time.perf_counter()
        for _ in range(args.rounds):
            for tree, src in trees.items():
                for path_text, result in _run(src, list(files.values())).items():
                    key = (tree, Path(path_text).name)
                    old = best.get(key)
                    if old is None or result["seconds"] < old["seconds"]:  # type: ignore[operator]
                        best[key] = result
        print(f"{args.rounds} rounds in {time.perf_counter() - started:.1f} s; fastest round of each:")
        for label, path in files.items():
            figures = []
            for tree in trees:
                result = best[(tree, path.name)]
                read = f"{result['rows']} rows" if isinstance(result["rows"], int) else str(result["rows"])
                figures.append(f"{tree}: {result['seconds']:.3f} s (cpu {result['cpu']:.3f}; {read})")
            ours, base = (best[(tree, path.name)] for tree in trees)
            ratio = f"ratio this/baseline {ours['seconds'] / base['seconds']:.3f}"  # type: ignore[operator]
            print(f"  {label:9s} {ratio}\n    " + "\n    ".join(figures))
        print(f"load average at the end: {_load()}")


if __name__ == "__main__":
    main()
