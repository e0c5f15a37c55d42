"""Benchmark: import copies of one score table under different file names, with this tree's
store and a baseline's, in the same run.

Each copy is a new source (``dataset`` kind, named by its file name) of the same values, so
every import rebuilds the scorecards of every country in the table, re-ranks every edition and
compares the new values with every stored source (conflicts). Session 9's breaker found the
time per copy growing (one copy 5.3 s, the sixth 14.6 s at load 4.4); ``cProfile`` put ~6 s of
each import in ``refresh_ranks``: one ORM ``UPDATE`` per card, each evaluated by SQLAlchemy
against every object of the session.

For each tree (this one's ``src`` and the baseline's, extracted with ``git archive``) a fresh
interpreter imports ``--copies`` copies of ``--table`` (default ``../shared/data/fotn-scores.csv``)
into a new SQLite file, one after another, and prints the wall-clock and CPU seconds of each
import; then the ratio baseline / this tree per copy. The load average is printed with each
tree's figures.

    python benchmarks/table_copies.py [--baseline REV] [--copies N] [--table PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_TABLE = ROOT.parent / "shared" / "data" / "fotn-scores.csv"

_CHILD = """
import json, sys, time
from pathlib import Path
import netfreedom
from netfreedom.services.tables import import_score_table
from netfreedom.store import Store
store = Store(sys.argv[1], migrate=True)
figures = []
for name in sys.argv[2:]:
    wall, cpu = time.perf_counter(), time.process_time()
    import_score_table(store, Path(name))
    figures.append([time.perf_counter() - wall, time.process_time() - cpu])
store.close()
print(json.dumps({"module": netfreedom.__file__, "figures": figures}))
"""


def _baseline_src(rev: str, folder: Path) -> Path:
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "src"], check=True, capture_output=True).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder / "src"


def _run(src: Path, database: str, copies: list[Path]) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    done = subprocess.run([sys.executable, "-c", _CHILD, database, *map(str, copies)], env=env, check=True,
                          capture_output=True, text=True)  # fmt: skip
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", default="main", help="git revision to compare with (default: main)")
    parser.add_argument("--copies", type=int, default=4)
    parser.add_argument("--table", type=Path, default=DEFAULT_TABLE)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        copies = []
        for number in range(1, args.copies + 1):
            copy = folder / f"copy{number}{args.table.suffix}"
            shutil.copyfile(args.table, copy)
            copies.append(copy)
        trees = {"baseline": _baseline_src(args.baseline, folder / "baseline"), "this tree": ROOT / "src"}
        results: dict[str, list[list[float]]] = {}
        for label, src in trees.items():
            print(f"{label} ({args.baseline if label == 'baseline' else 'working tree'}), load before: {_load()}")
            run = _run(src, f"sqlite:///{folder / label.replace(' ', '-')}.db", copies)
            figures = run["figures"]
            assert isinstance(figures, list)
            results[label] = figures
            print(f"  module: {run['module']}")
            for number, (wall, cpu) in enumerate(figures, start=1):
                print(f"  copy {number}: {wall:6.2f} s wall, {cpu:6.2f} s CPU")
            print(f"  load after: {_load()}")
        print("ratio baseline / this tree (CPU):")
        for number, (old, new) in enumerate(zip(results["baseline"], results["this tree"], strict=True), start=1):
            print(f"  copy {number}: {old[1] / new[1]:5.1f}x")


if __name__ == "__main__":
    main()
