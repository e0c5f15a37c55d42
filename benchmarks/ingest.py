"""Benchmark: read + check the seed report many times.

Prints reports/s and MB/s for ``read_report_bytes`` + ``run_checks``, and the ratio to a
baseline measured in the same process: one pass of a single compiled regular expression
(every run of digits) over the same text. Uses ../shared/seeds when present, else the
shipped sample report.

Each sample times one report and then one baseline pass, in turn; the figures are the fastest
sample of each (and, for comparison, the medians). On a shared machine a long timed loop is
cut by other processes far more often than a short one, so comparing one report with one pass
keeps the load from weighing on one side only. The same samples are also timed in this
thread's CPU time (``time.thread_time``), which leaves out the time other processes hold the
processor: the CPU-time ratio moves least with the load average.

    python benchmarks/ingest.py [--samples N]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import time
from pathlib import Path

from netfreedom.checks import run_checks
from netfreedom.ingest import read_report_bytes

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seeds" / "000_a76c731e3ec3b3b8.txt"
SAMPLE = ROOT / "src" / "netfreedom" / "samples" / "exampleland-2023-en.txt"
_DIGITS = re.compile(r"\d+")


def read_and_check(data: bytes) -> None:
    run_checks(read_report_bytes(data, file_name="bench.txt"))


def regex_pass(text: str) -> None:
    _DIGITS.findall(text)


def interleaved(samples: int, data: bytes, text: str) -> tuple[list[float], list[float], list[float], list[float]]:
    """Seconds per report and per baseline pass, ``samples`` of each, timed in turn: wall
    clock (report, baseline), then this thread's CPU time (report, baseline)."""
    ours, baseline, ours_cpu, baseline_cpu = [], [], [], []
    clock, cpu = time.perf_counter, time.thread_time
    for _ in range(samples):
        start, start_cpu = clock(), cpu()
        read_and_check(data)
        middle, middle_cpu = clock(), cpu()
        regex_pass(text)
        end, end_cpu = clock(), cpu()
        ours.append(middle - start)
        baseline.append(end - middle)
        ours_cpu.append(middle_cpu - start_cpu)
        baseline_cpu.append(end_cpu - middle_cpu)
    return ours, baseline, ours_cpu, baseline_cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=200, help="reports and baseline passes timed (default 200)")
    args = parser.parse_args()
    path = SEED if SEED.exists() else SAMPLE
    data = path.read_bytes()
    text = data.decode("utf-8")
    for _ in range(3):  # warm caches (methodology, country index, month names)
        read_and_check(data)
    ours, baseline, ours_cpu, baseline_cpu = interleaved(args.samples, data, text)
    megabytes = len(data) / 1e6
    best, best_baseline = min(ours), min(baseline)
    print(f"input: {path.name} ({len(data):,} bytes), {args.samples} samples of each, timed in turn")
    print(f"read+check: {1 / best:8.1f} reports/s  {megabytes / best:8.2f} MB/s  ({best * 1e3:.2f} ms a report)")
    print(
        f"baseline (one compiled regex pass): {1 / best_baseline:8.1f} passes/s  {megabytes / best_baseline:8.2f} MB/s"
        f"  ({best_baseline * 1e3:.2f} ms a pass)"
    )
    print(f"ratio read+check / baseline time: {best / best_baseline:.1f}x (fastest samples)")
    print(f"ratio of the medians: {statistics.median(ours) / statistics.median(baseline):.1f}x")
    print(
        f"ratio in CPU time: {min(ours_cpu) / min(baseline_cpu):.1f}x (fastest samples), "
        f"{statistics.median(ours_cpu) / statistics.median(baseline_cpu):.1f}x (medians)"
    )
    print(f"load average at the end: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    main()
