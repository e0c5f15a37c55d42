"""Benchmark: ingest a whole folder of reports of mixed layout families into a fresh store.

For each folder size (default 500 and 2,000), writes that many report files with
benchmarks/generate_reports.py (the project's layout fixtures and samples, varied: real
countries, shifted editions, consistent scores; layout families spread evenly) into a
temporary folder, then ingests every file into a fresh SQLite store in a temporary folder, in
a subprocess of its own, so that each size's peak memory is measured on its own:

* the files are taken in sorted order and each goes through ``ingest_report(path, store)``
  (read, check against the stored previous edition, store in one transaction), as
  ``netfreedom ingest FOLDER`` does for every file it finds; nothing is kept between files
  but counters;
* prints reports/s, MB/s, peak memory (``ru_maxrss`` of the subprocess), resident memory
  after the first quarter of the files and at the end (growth per 1,000 reports), the
  objects the garbage collector tracks (same two points), the function caches of the
  package that hold more than one entry, and the ratio of the peaks of the largest and the
  smallest folder, with a verdict: flat or growing;
* per reader chosen: files read (no error-level finding), partial (stored with error-level
  findings, e.g. a layout that prints no total) and failed (not stored); how many files were
  read back as generated (country, edition, language, reader, total, status, categories,
  indicators) and the findings by rule;
* the baseline, measured in the same subprocess on the same files: reading each file from
  disk and decoding it (bytes -> text, UTF-8), best of 3; and the ratio of the times.

    python benchmarks/ingest_folder.py [--sizes 500,2000] [--seed 7] [--traps 0]
        [--trace] [--cli] [--keep DIR]

``--trace`` ingests the largest folder once more in another subprocess, the first quarter
untraced and then 300 files under tracemalloc (slow, not timed), and prints the allocations
still alive at the end that grew most, with where they were made. ``--cli`` also runs
``python -m netfreedom ingest FOLDER --database DB`` on each folder and prints its time and
peak memory (from ``wait4``). ``--keep DIR`` keeps folders, manifests and stores there.
Memory is in MiB, input sizes and throughput in MB (10^6 bytes).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
MIB = 1024 * 1024
FLAT_PEAK_RATIO = 1.10
"""Largest/smallest folder peak-memory ratio up to which memory counts as flat."""
FLAT_GROWTH_MB = 2.0
"""Resident-memory growth (MiB per 1,000 reports, after the first quarter of the largest
folder) up to which memory counts as flat."""
TRACE_WINDOW = 300
"""Files ingested under tracemalloc with --trace (tracing makes each one 10-20x slower)."""


# -- subprocess: ingest one folder ----------------------------------------------------------


def _rss_mb() -> float:
    """Resident memory now, MiB."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / MIB


def _peak_mb() -> float:
    """Peak resident memory of this process, MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def _function_caches() -> list[tuple[str, int, int | None]]:
    """(qualified name, entries, maximum) of every functools cache in the netfreedom modules."""
    found = []
    for name, module in list(sys.modules.items()):
        if not name.startswith("netfreedom") or module is None:
            continue
        for attribute, value in vars(module).items():
            info = getattr(value, "cache_info", None)
            if callable(info) and getattr(value, "__module__", None) == name:
                stats = info()
                found.append((f"{name}.{attribute}", stats.currsize, stats.maxsize))
    return sorted(set(found))


def _frame(frame: Any) -> str:
    filename, lineno = frame.filename, frame.lineno
    parts = Path(filename).parts
    short = "/".join(parts[parts.index("netfreedom") :]) if "netfreedom" in parts else "/".join(parts[-2:])
    return f"{short}:{lineno}"


def _baseline(files: list[Path]) -> tuple[float, int]:
    """Best of 3 passes of read_bytes + decode over ``files``: (seconds, bytes)."""
    best, size = float("inf"), 0
    for _ in range(3):
        start = time.perf_counter()
        size = 0
        for path in files:
            data = path.read_bytes()
            data.decode("utf-8")
            size += len(data)
        best = min(best, time.perf_counter() - start)
    return best, size


def child(folder: Path, database: Path, manifest: Path, trace: bool) -> dict[str, Any]:
    import tracemalloc

    from netfreedom.checks import has_errors
    from netfreedom.ingest import ReadError
    from netfreedom.services.reports import ingest_report
    from netfreedom.store import Store, StoreError

    plan = {}
    with manifest.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            plan[record["file"]] = record
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    baseline_seconds, total_bytes = _baseline(files)
    gc.collect()

    by_reader: dict[str, Counter[str]] = {}
    wrong_reader: Counter[tuple[str, str]] = Counter()
    findings: Counter[tuple[str, str]] = Counter()
    actions: Counter[str] = Counter()
    failures: Counter[str] = Counter()
    mismatches: Counter[str] = Counter()
    mismatch_examples: list[str] = []
    as_planned = 0
    warm_at = max(1, len(files) // 4)
    rss_samples: list[tuple[int, float, float]] = []  # (files done, resident MiB, seconds)
    warm_rss = warm_objects = 0.0
    snapshot = None

    opened = time.perf_counter()
    store = Store(f"sqlite:///{database}", migrate=True)
    store_open_seconds = time.perf_counter() - opened
    start = time.perf_counter()
    try:
        for count, path in enumerate(files, 1):
            expected = plan.get(path.name, {})
            try:
                outcome = ingest_report(path, store)
            except (ReadError, StoreError) as exc:
                by_reader.setdefault("(none)", Counter())["failed"] += 1
                failures[f"{expected.get('family', '?')}: {type(exc).__name__}: {str(exc)[:90]}"] += 1
            else:
                a = outcome.assessment
                reader = a.provenance.reader if a.provenance else "?"
                state = "partial" if has_errors(a.findings) else "read"
                by_reader.setdefault(reader, Counter())[state] += 1
                actions[outcome.saved.action] += 1
                for finding in a.findings:
                    findings[(finding.rule, finding.severity.value)] += 1
                if expected and reader != expected["family"]:
                    wrong_reader[(expected["family"], reader)] += 1
                if expected:
                    got: dict[str, Any] = {
                        "family": reader,
                        "iso3": a.country.iso3,
                        "edition": a.edition,
                        "language": a.language,
                        "total": a.total,
                        "status": a.status.value if a.status else None,
                        "categories": {k: c.score for k, c in a.categories.items() if c.score is not None},
                        "indicators": [i.score for i in a.indicators],
                    }
                    differ = [k for k in got if k != "categories" and got[k] is not None and got[k] != expected[k]]
                    differ += [
                        f"category {k}" for k, s in got["categories"].items() if expected["categories"].get(k) != s
                    ]
                    as_planned += not differ
                    for key in differ:
                        mismatches[f"{expected['template']}: {key}"] += 1
                        if len(mismatch_examples) < 5:
                            mismatch_examples.append(
                                f"{path.name} ({expected['template']}): {key} read as "
                                f"{got.get(key, got['categories'])!r}, generated {expected.get(key)!r}"
                            )
                del outcome, a
            if count == warm_at:
                gc.collect()
                warm_rss, warm_objects = _rss_mb(), float(len(gc.get_objects()))
                if trace:
                    tracemalloc.start(6)
                    snapshot = tracemalloc.take_snapshot()
            if trace and count == warm_at + TRACE_WINDOW:
                break
            if count % max(1, len(files) // 20) == 0 or count == len(files):
                rss_samples.append((count, round(_rss_mb(), 1), round(time.perf_counter() - start, 3)))
        seconds = time.perf_counter() - start
    finally:
        store.close()
    gc.collect()
    end_rss, end_objects = _rss_mb(), float(len(gc.get_objects()))
    growth_sites: list[str] = []
    traced = 0
    if trace and snapshot is not None:
        after = tracemalloc.take_snapshot()
        tracemalloc.stop()
        traced = min(TRACE_WINDOW, len(files) - warm_at)
        for stat in after.compare_to(snapshot, "traceback")[:8]:
            frames = list(reversed(stat.traceback))  # innermost first
            ours = [f for f in frames[1:] if "netfreedom" in f.filename][:3]
            where = " <- ".join(_frame(f) for f in [frames[0], *ours])
            growth_sites.append(f"{stat.size_diff / MIB:+7.2f} MiB {stat.count_diff:+7d} blocks  {where}")
    return {
        "files": len(files),
        "bytes": total_bytes,
        "seconds": seconds,
        "store_open_seconds": store_open_seconds,
        "baseline_seconds": baseline_seconds,
        "peak_mb": _peak_mb(),
        "warm_at": warm_at,
        "warm_rss_mb": warm_rss,
        "end_rss_mb": end_rss,
        "warm_objects": warm_objects,
        "end_objects": end_objects,
        "rss_samples": rss_samples,
        "database_mb": database.stat().st_size / MIB,
        "by_reader": {k: dict(v) for k, v in by_reader.items()},
        "wrong_reader": [[e, r, n] for (e, r), n in wrong_reader.items()],
        "findings": [[rule, severity, n] for (rule, severity), n in findings.most_common()],
        "actions": dict(actions),
        "failures": failures.most_common(8),
        "as_planned": as_planned,
        "mismatches": mismatches.most_common(10),
        "mismatch_examples": mismatch_examples,
        "caches": _function_caches(),
        "growth_sites": growth_sites,
        "traced": traced,
    }


# -- parent: generate, run, print -----------------------------------------------------------


def generate_folder(size: int, seed: int, traps: float, work: Path) -> tuple[Path, Path, dict[str, int], float]:
    """Write the folder of ``size`` reports and its manifest; (folder, manifest, files per
    family, seconds)."""
    sys.path.insert(0, str(HERE))
    from generate_reports import generate

    folder, manifest = work / f"reports-{size}", work / f"manifest-{size}.jsonl"
    started = time.perf_counter()
    records = generate(folder, size, seed=seed, traps=traps)
    manifest.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return folder, manifest, dict(Counter(str(r["family"]) for r in records)), time.perf_counter() - started


def run_child(folder: Path, manifest: Path, database: Path, trace: bool) -> dict[str, Any]:
    """Ingest ``folder`` into a new store at ``database`` in a subprocess; its result."""
    if database.exists():
        database.unlink()
    command = [sys.executable, str(Path(__file__).resolve()), "--child", str(folder), str(database), str(manifest)]
    if trace:
        command.append("--trace")
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"the subprocess for {folder} failed (exit {done.returncode})")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def run_cli(folder: Path, database: Path) -> dict[str, float]:
    """``python -m netfreedom ingest FOLDER --database DB`` (its table to /dev/null): wall
    time, peak memory (MiB, from wait4) and exit code."""
    if database.exists():
        database.unlink()
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "netfreedom", "ingest", str(folder), "--database", str(database)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return {"seconds": time.perf_counter() - started, "peak_mb": usage.ru_maxrss / 1024, "exit": process.returncode}


def _f(value: object) -> float:
    assert isinstance(value, (int, float))
    return float(value)


def _growth(r: dict[str, Any]) -> float:
    """Resident-memory growth after the warm-up, MiB per 1,000 reports."""
    after = _f(r["files"]) - _f(r["warm_at"])
    return (_f(r["end_rss_mb"]) - _f(r["warm_rss_mb"])) / after * 1000 if after else 0.0


def report(
    sizes: list[int],
    results: dict[int, dict[str, Any]],
    cli: dict[int, dict[str, float]],
    traced: dict[str, Any] | None,
) -> None:
    print("netfreedom: ingest a folder of generated reports (benchmarks/generate_reports.py) into a fresh")
    print(f"SQLite store, one subprocess per folder size; python {platform.python_version()}, {os.cpu_count()} CPUs")
    print()
    print(
        f"{'files':>6} {'MB':>6} {'ingest s':>9} {'reports/s':>10} {'MB/s':>7} {'base MB/s':>10} "
        f"{'x base':>7} {'peak MiB':>9} {'MiB@25%':>8} {'MiB end':>8} {'MiB/1000':>9} {'gc objs +':>10}"
    )
    for size in sizes:
        r = results[size]
        files, mb, seconds, base = _f(r["files"]), _f(r["bytes"]) / 1e6, _f(r["seconds"]), _f(r["baseline_seconds"])
        print(
            f"{int(files):>6} {mb:>6.2f} {seconds:>9.1f} {files / seconds:>10.1f} {mb / seconds:>7.3f} "
            f"{mb / base:>10.0f} {seconds / base:>6.0f}x {_f(r['peak_mb']):>9.1f} {_f(r['warm_rss_mb']):>8.1f} "
            f"{_f(r['end_rss_mb']):>8.1f} {_growth(r):>+9.2f} {int(_f(r['end_objects']) - _f(r['warm_objects'])):>+10d}"
        )
    print("  base = baseline: the same files read from disk and decoded (read_bytes + decode utf-8) in the")
    print("  same subprocess, best of 3; x base = ingest time / baseline time. peak MiB = ru_maxrss of the")
    print("  subprocess (interpreter, imports and store included); MiB@25% / MiB end = resident memory after")
    print("  the first quarter of the files and after the last; MiB/1000 = growth between the two per 1,000")
    print("  reports; gc objs + = growth of the objects the garbage collector tracks, same two points.")
    small, large = results[sizes[0]], results[sizes[-1]]
    ratio = _f(large["peak_mb"]) / _f(small["peak_mb"])
    flat = ratio <= FLAT_PEAK_RATIO and _growth(large) <= FLAT_GROWTH_MB
    print(
        f"peak memory {sizes[-1]} / {sizes[0]} files: {ratio:.2f}x; growth after the first quarter of {sizes[-1]}: "
        f"{_growth(large):+.2f} MiB per 1,000 reports -> {'FLAT' if flat else 'GROWS'} "
        f"(flat: ratio <= {FLAT_PEAK_RATIO} and growth <= {FLAT_GROWTH_MB} MiB/1000)"
    )
    samples = large["rss_samples"]
    assert isinstance(samples, list)
    print(
        f"resident MiB while ingesting {sizes[-1]} files (files done:MiB): "
        + " ".join(f"{n}:{m}" for n, m, _ in samples)
    )
    quarters: list[float] = []
    done, elapsed, last = 0, 0.0, samples[-1][0]
    for n, _, seconds in samples:
        if 4 * n >= (len(quarters) + 1) * last:  # first sample at or past the next quarter
            quarters.append((n - done) / (seconds - elapsed))
            done, elapsed = n, seconds
    print(
        f"reports/s in each quarter of the {sizes[-1]} files (does a fuller store slow ingest down?): "
        + " ".join(f"{q:.1f}" for q in quarters)
    )
    for size, c in cli.items():
        print(
            f"CLI `netfreedom ingest FOLDER` on the {size}-file folder: {c['seconds']:.1f}s "
            f"({size / c['seconds']:.1f} reports/s, process start included), peak {c['peak_mb']:.1f} MiB, exit {c['exit']:.0f}"
        )
    print()

    readers = sorted({name for r in results.values() for name in r["by_reader"]})
    print(f"{'reader chosen':<18}" + "".join(f"{f'{s} files: all = read / partial / failed':>42}" for s in sizes))

    def cell(c: dict[str, int]) -> str:
        return f"{sum(c.values()):>5} = {c.get('read', 0):>5} / {c.get('partial', 0):>5} / {c.get('failed', 0):>5}"

    for name in readers:
        print(f"{name:<18}" + "".join(f"{cell(results[s]['by_reader'].get(name, {})):>42}" for s in sizes))
    totals = []
    for size in sizes:
        total: Counter[str] = Counter()
        for c in results[size]["by_reader"].values():
            total.update(c)
        totals.append(cell(dict(total)))
    print(f"{'total':<18}" + "".join(f"{t:>42}" for t in totals))
    print("  read = stored without error-level findings; partial = stored with error-level findings (the")
    print("  layouts that print no total, or only some indicators); failed = not stored.")
    for size in sizes:
        r = results[size]
        print(f"{size} files: generated in {_f(r['generate_seconds']):.1f}s, per family {r['families']}")
        print(
            f"  store: {r['actions']}, opened in {_f(r['store_open_seconds']):.2f}s, {_f(r['database_mb']):.1f} MiB at the end; "
            f"read back as generated: {r['as_planned']} of {r['files']}"
        )
        for key, count in r["mismatches"]:
            print(f"    differs: {key} x{count}")
        for example in r["mismatch_examples"]:
            print(f"    e.g. {example}")
        for expected, chosen, count in r["wrong_reader"]:
            print(f"    layout {expected} read by {chosen} x{count}")
        for message, count in r["failures"]:
            print(f"    failed x{count}: {message}")
        print("  findings: " + ", ".join(f"{rule} ({sev}) {n}" for rule, sev, n in r["findings"]))
    print(
        f"function caches after {sizes[-1]} files (entries/max): "
        + ", ".join(
            f"{name.removeprefix('netfreedom.')} {n}/{m if m is not None else '-'}"
            for name, n, m in large["caches"]
            if n > 1
        )
    )
    if traced is not None:
        print()
        print(
            f"tracemalloc over {traced['traced']} files after the first {traced['warm_at']} of {traced['files']}: "
            "allocations alive at the end that grew most (innermost frame first):"
        )
        for line in traced["growth_sites"]:
            print(f"  {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="500,2000", help="folder sizes, comma-separated (default 500,2000)")
    parser.add_argument("--seed", type=int, default=7, help="generator seed (default 7)")
    parser.add_argument("--traps", type=float, default=0.0, help="fraction of files holding no report (default 0)")
    parser.add_argument(
        "--trace",
        action="store_true",
        help=f"also ingest {TRACE_WINDOW} files of the largest folder under tracemalloc and show what grew",
    )
    parser.add_argument(
        "--cli", action="store_true", help="also run `python -m netfreedom ingest FOLDER` on each folder"
    )
    parser.add_argument("--keep", type=Path, help="write folders, manifests and stores here and keep them")
    parser.add_argument("--child", nargs=3, metavar=("FOLDER", "DATABASE", "MANIFEST"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        folder, database, manifest = (Path(p) for p in args.child)
        print(json.dumps(child(folder, database, manifest, args.trace)))
        return
    sizes = sorted(int(s) for s in args.sizes.split(","))
    results: dict[int, dict[str, Any]] = {}
    cli: dict[int, dict[str, float]] = {}
    traced = None
    with tempfile.TemporaryDirectory(prefix="netfreedom-ingest-folder-") as temporary:
        work = args.keep or Path(temporary)
        work.mkdir(parents=True, exist_ok=True)
        for size in sizes:
            folder, manifest, families, seconds = generate_folder(size, args.seed, args.traps, work)
            results[size] = run_child(folder, manifest, work / f"store-{size}.db", trace=False)
            results[size].update(generate_seconds=seconds, families=families)
            if args.cli:
                cli[size] = run_cli(folder, work / f"store-cli-{size}.db")
            if args.trace and size == sizes[-1]:
                traced = run_child(folder, manifest, work / f"store-trace-{size}.db", trace=True)
    report(sizes, results, cli, traced)


if __name__ == "__main__":
    main()
