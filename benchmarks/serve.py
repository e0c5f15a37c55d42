"""Benchmark: the web site and API under concurrent load, against Datasette; and search.

1. Ingests the seed report (../shared/seeds, else the shipped sample) into a temporary
   SQLite store, starts ``netfreedom serve`` and ``datasette serve`` on the same file, each
   in its own process on 127.0.0.1, and loads them with keep-alive clients
   (benchmarks/loadgen.py: raw sockets, gzip accepted as a browser does, one client process
   on the same 2 cores as the servers): our country page vs Datasette's row page of the same
   assessment, and our assessment API vs Datasette's row JSON. Prints req/s, p50 and p99
   latency and the ratios.
2. Builds a store of 2,000 synthetic assessments (benchmarks/synthetic.py) and times
   ``Store.search`` (count, ranked hits, highlighted snippets) against a raw FTS5 MATCH
   query on the same index, in the same process.

    python benchmarks/serve.py [--requests 400] [--concurrency 16] [--assessments 2000]

Beside each figure: the server process's own CPU time per request (user + system, from
/proc, after 50 warm-up requests), a figure much less moved by the other programs on
the machine than req/s; and the CPU ratio datasette/netfreedom.

Every server runs as one process (``netfreedom serve`` without ``--workers``, as Datasette
runs); ``--assessments 0`` skips the search part. The load average is printed before and
after: the 2-core machine is shared, and the ratios compare runs made in the same minutes.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from loadgen import run_load
from synthetic import synthetic_assessments

from netfreedom.services.reports import ingest_report
from netfreedom.store import Store
from netfreedom.store.search import stem

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seeds" / "000_a76c731e3ec3b3b8.txt"
SAMPLE = ROOT / "src" / "netfreedom" / "samples" / "exampleland-2023-en.txt"
BIN = Path(sys.executable).parent


def load_average() -> str:
    """The machine's 1-minute load average, as printed beside the figures."""
    return f"load average {os.getloadavg()[0]:.1f}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(url: str, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up")


def cpu_seconds(process: subprocess.Popen[bytes]) -> float | None:
    """CPU time (user + system, seconds) the server process has used so far; ``None`` where
    /proc is not there."""
    try:
        fields = Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(url: str, requests: int, concurrency: int, server: subprocess.Popen[bytes]) -> dict[str, float]:
    """req/s, p50 and p99 of ``requests`` GETs over ``concurrency`` keep-alive connections
    (benchmarks/loadgen.py: raw sockets, so the client's own work stays small), and
    ``cpu_ms``: the ``server`` process's CPU milliseconds per request (after 50 warm-up requests)."""
    run_load(url, min(50, requests), 2, warmup=0)  # warm-up: first views, templates, connections
    before = cpu_seconds(server)
    figures = run_load(url, requests, concurrency, warmup=0)
    after = cpu_seconds(server)
    if before is not None and after is not None:
        figures["cpu_ms"] = (after - before) * 1000 / requests
    return figures


def report(name: str, figures: dict[str, float]) -> None:
    cpu = f"   CPU {figures['cpu_ms']:5.2f} ms/req" if "cpu_ms" in figures else ""
    print(
        f"  {name:44s} {figures['rps']:8.1f} req/s   p50 {figures['p50_ms']:7.1f} ms   p99 {figures['p99_ms']:7.1f} ms"
        + cpu
    )


def http_benchmark(folder: Path, requests: int, concurrency: int) -> None:
    database = folder / "netfreedom.db"
    source = SEED if SEED.exists() else SAMPLE
    with Store(f"sqlite:///{database}", migrate=True) as store:
        assessment = ingest_report(source, store).assessment
    iso3, edition = assessment.country.iso3, assessment.edition
    row_id = (
        sqlite3.connect(database)
        .execute("select id from assessments where iso3 = ? and edition = ?", (iso3, edition))
        .fetchone()[0]
    )
    ours_port, cold_port, theirs_port = free_port(), free_port(), free_port()
    serve = [str(BIN / "netfreedom"), "serve", "--database", str(database)]
    ours = subprocess.Popen([*serve, "--port", str(ours_port)], stderr=subprocess.DEVNULL)
    cold = subprocess.Popen([*serve, "--port", str(cold_port), "--no-cache"], stderr=subprocess.DEVNULL)
    datasette = shutil.which("datasette", path=str(BIN)) or "datasette"
    theirs = subprocess.Popen(
        [datasette, "serve", "--immutable", str(database), "--port", str(theirs_port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base, other = f"http://127.0.0.1:{ours_port}", f"http://127.0.0.1:{theirs_port}"
        uncached = f"http://127.0.0.1:{cold_port}"
        wait_until_up(f"{base}/api/v1/editions")
        wait_until_up(f"{uncached}/api/v1/editions")
        wait_until_up(f"{other}/-/versions.json")
        table = database.stem
        pairs = [
            ("country page", f"{base}/country/{iso3}/{edition}", f"{other}/{table}/assessments/{row_id}"),
            (
                "assessment JSON",
                f"{base}/api/v1/assessments/{iso3}/{edition}",
                f"{other}/{table}/assessments/{row_id}.json",
            ),
        ]
        print(f"HTTP: {requests} requests, {concurrency} concurrent clients, {source.name}, {load_average()}")
        for label, ours_url, theirs_url in pairs:
            mine = measure(ours_url, requests, concurrency, ours)
            rendered = measure(ours_url.replace(base, uncached), requests, concurrency, cold)
            reference = measure(theirs_url, requests, concurrency, theirs)
            report(f"netfreedom {label} (page cache)", mine)
            report(f"netfreedom {label} (--no-cache)", rendered)
            report(f"datasette row {'page' if 'page' in label else 'JSON'} (same row)", reference)
            print(
                f"  ratio netfreedom/datasette req/s: cached {mine['rps'] / reference['rps']:.2f}, "
                f"uncached {rendered['rps'] / reference['rps']:.2f}"
            )
            if "cpu_ms" in rendered and "cpu_ms" in reference:
                print(
                    f"  ratio datasette/netfreedom server CPU per request: cached "
                    f"{reference['cpu_ms'] / mine['cpu_ms']:.2f}, uncached {reference['cpu_ms'] / rendered['cpu_ms']:.2f}"
                )
            if label == "country page":
                print_goals(mine, rendered, reference, concurrency)
        print(f"  {load_average()}")
    finally:
        for process in (ours, cold, theirs):
            process.terminate()
            process.wait(timeout=10)


GOAL_UNCACHED, GOAL_CACHED, GOAL_P99_MS, GOAL_CLIENTS = 2.0, 5.0, 50.0, 32
"""Issue 8's goals for the country page, side by side with Datasette in one run: uncached
>= 2x Datasette's req/s, cached >= 5x, p99 < 50 ms at 32 clients. The p99 goal is read as the
page as served (with its page cache): the issue's own baseline, "233 req/s with the page cache
... p99 286 ms at 16 clients", is the cached run (16 closed-loop clients at 18.7 req/s would wait
16 / 18.7 = 856 ms on average), and an uncached p99 under 50 ms at 32 clients would need at least
32 / 0.05 = 640 req/s, 6.8x Datasette, which the 2x uncached goal does not ask (docs/status.md,
session 7)."""


def print_goals(
    cached: dict[str, float], uncached: dict[str, float], datasette: dict[str, float], clients: int
) -> None:
    """Print issue 8's three page goals with the figures of this run and met / not met.

    ``cached``, ``uncached``, ``datasette``: :func:`measure` figures (``rps``, ``p99_ms``);
    ``clients``: the concurrency of the run (the p99 goal is stated at 32)."""

    def verdict(ok: bool) -> str:
        return "met" if ok else "NOT met"

    uncached_ratio = uncached["rps"] / datasette["rps"]
    cached_ratio = cached["rps"] / datasette["rps"]
    print("  goals (issue 8, country page):")
    print(
        f"    uncached >= {GOAL_UNCACHED:.0f}x Datasette: {uncached_ratio:.2f}x  {verdict(uncached_ratio >= GOAL_UNCACHED)}"
    )
    print(f"    cached   >= {GOAL_CACHED:.0f}x Datasette: {cached_ratio:.2f}x  {verdict(cached_ratio >= GOAL_CACHED)}")
    p99 = cached["p99_ms"]
    if clients == GOAL_CLIENTS:
        judged = verdict(p99 < GOAL_P99_MS)
    else:
        judged = f"not judged: this run has {clients} clients, the goal is at {GOAL_CLIENTS}"
    print(f"    p99 < {GOAL_P99_MS:.0f} ms at {GOAL_CLIENTS} clients, page as served (cached): {p99:.1f} ms  {judged}")
    print(
        f"    (uncached p99 {uncached['p99_ms']:.1f} ms; with {clients} closed-loop clients the mean wait is at least "
        f"{clients} / req/s = {clients / uncached['rps'] * 1000:.0f} ms)"
    )


def search_benchmark(folder: Path, count: int) -> None:
    url = f"sqlite:///{folder / 'synthetic.db'}"
    start = time.perf_counter()
    with Store(url, migrate=True) as store:
        batch = synthetic_assessments(count)
        for i in range(0, len(batch), 200):
            store.save_many(batch[i : i + 200])
        print(f"search: stored {count} synthetic assessments in {time.perf_counter() - start:.1f} s")
        queries = ["journalists arrested", "блокировали сайты", "encryption", "протесты активисты"]
        connection = sqlite3.connect(folder / "synthetic.db")
        for query in queries:
            ours = _best(lambda q=query: store.search(q, limit=20))
            match = " ".join(f'"{stem(w)}"' for w in query.split())
            raw_sql = (
                "select rowid from narrative_paragraphs_fts where narrative_paragraphs_fts match ? "
                "order by rank limit 20"
            )
            raw = _best(lambda m=match, sql=raw_sql: connection.execute(sql, (m,)).fetchall())
            hits = store.search(query, limit=20).total
            print(
                f"  {query!r:26s} {hits:6d} hits   Store.search {ours * 1000:7.2f} ms   raw FTS5 {raw * 1000:7.2f} ms"
                f"   ratio {ours / raw:6.1f}x"
            )


def _best(function, runs: int = 5) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--assessments", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        http_benchmark(folder, args.requests, args.concurrency)
        if args.assessments > 0:
            search_benchmark(folder, args.assessments)


if __name__ == "__main__":
    main()
