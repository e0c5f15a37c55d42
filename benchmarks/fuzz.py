"""Fuzzing at scale: N mutated inputs (default 100,000) through every reading path.

Inputs are seeded mutations (tests/mutations.py: bit flips, truncation, duplication, deleted
and shuffled lines, junk such as deep brackets and control characters, re-encoding) of the
shipped samples, the test fixtures and, when present, the seed and the real excerpts in
../shared. Paths, in turn: a report read + checked (``read_report_bytes`` + ``run_checks``),
a JSON export imported (``read_assessments_json``), a score table read (``read_score_table``).
The readers are called without the batch guard, so every exception that is not a
``NetfreedomError`` is a crash. Prints inputs/s, crashes grouped by kind (type and the
innermost netfreedom frame; 0 wanted), the slowest input and the peak memory (max RSS).
Usage: ``.venv/bin/python benchmarks/fuzz.py [N] [SEED]``.
"""

from __future__ import annotations

import collections
import random
import resource
import sys
import tempfile
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from netfreedom.checks import run_checks
from netfreedom.errors import NetfreedomError
from netfreedom.ingest import read_assessments_json, read_report_bytes
from netfreedom.ingest.tables.reader import read_score_table
from tests.mutations import corpus, mutate


def kind_of(exc: BaseException) -> str:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "netfreedom" in f.filename]
    where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
    return f"{type(exc).__name__} at {where}"


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 7)
    inputs = corpus()
    texts = [(n, b) for n, b in inputs if not n.endswith((".csv", ".json"))]
    tables = [(n, b) for n, b in inputs if n.endswith(".csv")]
    exports = []
    for name, data in texts[:20]:
        try:
            exports.append(("[" + read_report_bytes(data, file_name=name).model_dump_json() + "]").encode())
        except NetfreedomError:
            pass
    crashes: collections.Counter[str] = collections.Counter()
    examples: dict[str, str] = {}
    ours = results = 0
    slowest = (0.0, "")
    folder = Path(tempfile.mkdtemp(prefix="netfreedom-fuzz-"))
    started = time.perf_counter()
    for number in range(count):
        path_kind = ("report", "report", "json", "table")[number % 4]
        if path_kind == "report":
            name, base = texts[rng.randrange(len(texts))]
        elif path_kind == "json":
            name, base = "export.json", exports[rng.randrange(len(exports))]
        else:
            name, base = tables[rng.randrange(len(tables))]
        data, applied = mutate(rng, base)
        began = time.perf_counter()
        try:
            if path_kind == "report":
                run_checks(read_report_bytes(data, file_name=name))
            elif path_kind == "json":
                read_assessments_json(data)
            else:
                target = folder / name
                target.write_bytes(data)
                read_score_table(target)
            results += 1
        except NetfreedomError:
            ours += 1
        except RecursionError as exc:
            crashes[kind_of(exc)] += 1
        except Exception as exc:
            kind = kind_of(exc)
            crashes[kind] += 1
            examples.setdefault(kind, f"{path_kind} {name} after {'+'.join(applied)}")
        spent = time.perf_counter() - began
        if spent > slowest[0]:
            slowest = (spent, f"{path_kind} {name} after {'+'.join(applied)} ({len(data):,} bytes)")
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"fuzz: {count:,} mutated inputs from {len(inputs)} real inputs in {elapsed:.1f} s = {count / elapsed:,.0f} inputs/s"
    )
    print(f"  read: {results:,}   our one-line errors: {ours:,}   crashes: {sum(crashes.values()):,} (0 wanted)")
    for kind, n in crashes.most_common():
        print(f"  crash {n:6,d}  {kind}   e.g. {examples.get(kind, '')}")
    print(f"  slowest input: {slowest[0] * 1000:.0f} ms, {slowest[1]}")
    print(f"  peak memory (max RSS): {peak:.0f} MiB")


if __name__ == "__main__":
    main()
