"""How fast the command line starts: ``netfreedom --help`` beside ``python -c pass``.

Both run as fresh processes, interleaved, ``RUNS`` times each, in this same run; the script
prints the best and median wall times and their ratio (goal: ``--help`` at most 5x a bare
interpreter), plus ``netfreedom methodology --json`` (a light command) for reference.
Usage: ``.venv/bin/python benchmarks/start.py [RUNS]``.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 30
BIN = Path(sys.executable).parent
COMMANDS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "python -c 'import click'": [sys.executable, "-c", "import click"],
    "netfreedom --help": [str(BIN / "netfreedom"), "--help"],
    "netfreedom check --help": [str(BIN / "netfreedom"), "check", "--help"],
    "netfreedom methodology --json": [str(BIN / "netfreedom"), "methodology", "--json"],
}


def wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main() -> None:
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for command in COMMANDS.values():  # warm the file cache once
        wall(command)
    for _ in range(RUNS):
        for name, command in COMMANDS.items():
            times[name].append(wall(command))
    base_best = min(times["python -c pass"])
    base_median = statistics.median(times["python -c pass"])
    print(f"start-up, {RUNS} runs each, interleaved (wall time)")
    print(f"{'command':32s} {'best ms':>8s} {'median ms':>10s} {'x pass (best)':>14s} {'x pass (median)':>16s}")
    for name, values in times.items():
        best, median = min(values), statistics.median(values)
        print(
            f"{name:32s} {best * 1000:8.1f} {median * 1000:10.1f} {best / base_best:13.1f}x {median / base_median:15.1f}x"
        )
    ratio = min(times["netfreedom --help"]) / base_best
    print(f"netfreedom --help is {ratio:.1f}x python -c pass (goal <= 5x): {'met' if ratio <= 5 else 'NOT met'}")


if __name__ == "__main__":
    main()
