#!/usr/bin/env python3
"""Contributor tasks with nothing but Python 3.11+: ``python3 tasks.py run`` and ``python3 tasks.py test``.

run   create .venv, install netfreedom, ingest the real seed report from ../shared/seeds
      (or the shipped sample reports when ../shared is absent) into ./netfreedom.db, print
      the assessment with its findings, import the shared score tables (../shared/data:
      fotn-scores.csv and Freedom House's 2024 score workbook, when present), then serve the
      web site on http://127.0.0.1:8000/
      (PORT=8123 python3 tasks.py run for another port; Ctrl+C stops it).
test  create .venv, install netfreedom with its test extras, run the whole test suite.
lint  create .venv with test extras, then ruff check, ruff format --check and mypy.
bench run the benchmarks under benchmarks/.

Each step is printed before it runs; any failing step stops with its exit code.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
SEEDS = ROOT.parent / "shared" / "seeds"
SAMPLE = ROOT / "src" / "netfreedom" / "samples" / "exampleland-2023-en.txt"
DATA = ROOT.parent / "shared" / "data"
SCORE_TABLES = ("fotn-scores.csv", "fotn-2024-country-score-data.xlsx")


def step(*command: str | Path) -> None:
    print("+", " ".join(str(c) for c in command), flush=True)
    code = subprocess.call([str(c) for c in command], cwd=ROOT)
    if code != 0:
        sys.exit(code)


def setup(extras: str = "") -> None:
    if not (BIN / "python").exists():
        print(f"+ python3 -m venv {VENV}", flush=True)
        venv.create(VENV, with_pip=True)
    step(BIN / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", f".{extras}")


def run() -> None:
    setup()
    reports = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    if not reports:
        print(f"(no {SEEDS}: using the shipped sample reports)")
        reports = sorted(SAMPLE.parent.glob("*.txt"))
    print("+ netfreedom ingest --show", " ".join(str(r) for r in reports), flush=True)
    code = subprocess.call([str(BIN / "netfreedom"), "ingest", "--show", *map(str, reports)], cwd=ROOT)
    if code == 2:  # 1 only means error-level findings: the report is stored and worth seeing
        sys.exit(code)
    tables = [DATA / name for name in SCORE_TABLES if (DATA / name).is_file()]
    if tables:
        print("+ netfreedom ingest", " ".join(str(t) for t in tables), flush=True)
        code = subprocess.call([str(BIN / "netfreedom"), "ingest", *map(str, tables)], cwd=ROOT)
        if code == 2:  # 1 only means some rows were rejected: the others are stored
            sys.exit(code)
    port = os.environ.get("PORT", "8000")
    print(f"+ netfreedom serve --port {port}    -> open http://127.0.0.1:{port}/", flush=True)
    try:
        code = subprocess.call([str(BIN / "netfreedom"), "serve", "--port", port], cwd=ROOT)
    except KeyboardInterrupt:
        code = 0
    sys.exit(code if code not in (130, -2) else 0)  # Ctrl+C is how the site is meant to stop


def test() -> None:
    setup("[test]")
    print("+ pytest", flush=True)
    code = subprocess.call([str(BIN / "python"), "-m", "pytest", "-q", *sys.argv[2:]], cwd=ROOT)
    sys.exit(1 if code == 5 else code)  # 5 = no test ran: that is a failure too


def lint() -> None:
    setup("[test]")
    paths = ["src", "tests", "benchmarks", "tasks.py"]
    step(BIN / "python", "-m", "ruff", "check", *paths)
    step(BIN / "python", "-m", "ruff", "format", "--check", *paths)
    step(BIN / "python", "-m", "mypy", "--config-file", ROOT / "pyproject.toml")


def bench() -> None:
    setup("[test]")
    for script in sorted((ROOT / "benchmarks").glob("*.py")):
        step(BIN / "python", script)


TASKS = {"run": run, "test": test, "lint": lint, "bench": bench}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in TASKS:
        print(__doc__)
        sys.exit(2)
    TASKS[sys.argv[1]]()
