"""Benchmark: read + check the seed report many times.

Prints reports/s and MB/s for ``read_report_bytes`` + ``run_checks``, and the ratio to a
baseline measured in the same process: one pass of a single compiled regular expression
(every run of digits) over the same text. Uses ../shared/seeds when present, else the
shipped sample report.

    python benchmarks/ingest.py [--repeat N] [--runs N]
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

from netfreedom.checks import run_checks
from netfreedom.ingest import read_report_bytes

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seeds" / "000_a76c731e3ec3b3b8.txt"
SAMPLE = ROOT / "src" / "netfreedom" / "samples" / "exampleland-2023-en.txt"


def timed(function, *args) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    function(*args)
    return time.perf_counter() - start


def best_of_interleaved(runs: int, ours, baseline) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Best time of each over ``runs`` rounds, ours and the baseline timed in turn, so that a
    burst of load on the shared machine weighs on both alike."""
    ours_times, baseline_times = [], []
    for _ in range(runs):
        ours_times.append(timed(*ours))
        baseline_times.append(timed(*baseline))
    return min(ours_times), min(baseline_times)


def read_and_check(data: bytes, repeat: int) -> None:
    for _ in range(repeat):
        run_checks(read_report_bytes(data, file_name="bench.txt"))


def regex_pass(text: str, repeat: int) -> None:
    pattern = re.compile(r"\d+")
    for _ in range(repeat):
        pattern.findall(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50, help="reports per timed run (default 50)")
    parser.add_argument("--runs", type=int, default=5, help="timed rounds, best kept (default 5)")
    args = parser.parse_args()
    path = SEED if SEED.exists() else SAMPLE
    data = path.read_bytes()
    text = data.decode("utf-8")
    read_and_check(data, 2)  # warm caches (methodology, country index, month names)
    ours, baseline = best_of_interleaved(
        args.runs, (read_and_check, data, args.repeat), (regex_pass, text, args.repeat)
    )
    megabytes = len(data) * args.repeat / 1e6
    print(
        f"input: {path.name} ({len(data):,} bytes), {args.repeat} reports per run, best of {args.runs} interleaved rounds"
    )
    print(f"read+check: {args.repeat / ours:8.1f} reports/s  {megabytes / ours:8.2f} MB/s")
    print(
        f"baseline (one compiled regex pass): {args.repeat / baseline:8.1f} passes/s  {megabytes / baseline:8.2f} MB/s"
    )
    print(f"ratio read+check / baseline time: {ours / baseline:.1f}x")


if __name__ == "__main__":
    main()
