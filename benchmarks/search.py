"""Benchmark: the first page of search hits over 2,000 reports (issue 8 item 5: p95 < 10 ms).

Builds a store of 2,000 synthetic assessments (benchmarks/synthetic.py; about 130,000
paragraphs, English and Russian) in SQLite, or opens the one given with ``--database``; with
``--postgres URL`` the store is that PostgreSQL database instead (built when it holds no
assessment). Three measurements:

1. In process (default), interleaved rounds, for each query: ``Store.search(q, limit=20)``,
   the first page as the site asks for it (bounded ranking: the newest ``RANK_WINDOW``
   matches ranked, counting stops after them; snippets highlighted), against the baseline,
   the unbounded first page (count every match, rank every match, keep 20; raw SQL: BM25 on
   the FTS5 table, ``ts_rank`` with the GIN index on PostgreSQL). Prints p50/p95 and ratios.
2. ``--serve``: through the web server (``netfreedom serve --no-cache``, one process, so
   every request searches) loaded by ``loadgen.py`` (raw keep-alive sockets) at 8 and 32
   clients (``--clients``), the search page ``/search?q=…`` and the API
   ``/api/v1/search?q=…&limit=20``, each request a different query of a fixed mix of 200 (one
   or two words, English and Russian, other word forms), and the page with one filter
   (country, edition, indicator or report language) on each query. The baseline in
   the same run is the same page without a query (``/search``: the form with its country,
   edition and language choices, rendered), so the difference is what searching adds. With
   ``--baseline-src DIR`` (the ``src`` folder of another checkout, e.g. the previous main) a
   second server runs that code on ``--baseline-database`` (a copy of the store at that
   version's schema) and is loaded in turn with ours. Prints
   req/s, p50/p95/p99 and the load average before and after each load.

    python benchmarks/search.py [--assessments 2000] [--rounds 40] [--database FILE]
    python benchmarks/search.py --database FILE --serve [--requests 1000] [--clients 8 32]
                                [--baseline-src DIR --baseline-database COPY]
    python benchmarks/search.py --postgres postgresql+psycopg://user@127.0.0.1:5432/db [--serve]
    python benchmarks/search.py --database /tmp/search.db --postgres URL     (both, one run)

3. Both ``--database`` and ``--postgres``: the two stores in the same process, interleaved
   (each query plain and with each filter of ``FILTERS``, SQLite then PostgreSQL), p50/p95 of
   the plain and the filtered first page on each, the load average before and after, and how
   many of the pages were equal on both (they are when both stores were built by this script:
   the same reports in the same order give the same paragraph ids).

Reusing the stores: the SQLite file given with ``--database`` and the PostgreSQL database given
with ``--postgres`` are built only when they hold no report, so a second run starts measuring at
once. Build the PostgreSQL one on a throw-away server started as ``.ci/run`` does (as user
postgres, a folder under /tmp, fsync off); it stays there for as long as that server runs:
    createdb -h 127.0.0.1 -p PORT -U postgres search_bench
    python benchmarks/search.py --database /tmp/search.db \
        --postgres postgresql+psycopg://postgres@127.0.0.1:PORT/search_bench
Building goes through ``Store.save_many`` (200 reports a transaction), so the store's triggers
fill the search statistics as for any save: ~8 min for 2,000 reports on PostgreSQL at load ~4
(it took over 40 min while each paragraph was its own INSERT, each firing the statistics
triggers; now a report's paragraphs are one INSERT), ~2-3 min on SQLite.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from loadgen import run_load
from serve import free_port, wait_until_up
from sqlalchemy import create_engine, text
from synthetic import WORDS, synthetic_assessments

from netfreedom.store import Store
from netfreedom.store.search import PG_CONFIGURATION, RANK_WINDOW
from netfreedom.text.stemming import stems_of

QUERIES = ["journalists arrested", "блокировали сайты", "encryption", "протесты активисты", "журналистов"]
"""Words of the synthetic vocabulary (tens of thousands of matches each) and a form not in the vocabulary (журналистов: found through its stem)."""

FILTERS: list[dict[str, object]] = [{"edition": 2023}, {"indicator": "B3"}, {"country": "KAZ"}, {"language": "ru"}]
"""The filtered first pages measured with both backends (as ``search_compare.py``)."""

OTHER_FORMS = ["журналистов", "блокировки", "сайтов", "протестов", "arrests", "journalist", "blocking", "attack"]
"""Forms of vocabulary words that the synthetic narratives do not hold (found through their stems)."""

BIN = Path(sys.executable).parent

STORED_VECTOR = "stems_vector"
"""PostgreSQL column of the stored vector (``netfreedom.store.search.PG_VECTOR``, migration 0015),
written out so that the script also measures a checkout from before it (``PYTHONPATH``)."""


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def build(url: str, count: int) -> None:
    start = time.perf_counter()
    with Store(url, migrate=True) as store:
        batch = synthetic_assessments(count)
        for i in range(0, len(batch), 200):
            store.save_many(batch[i : i + 200])
    print(f"stored {count} synthetic assessments in {time.perf_counter() - start:.1f} s")


def sqlite_unbounded(connection: sqlite3.Connection) -> Callable[[str], int]:
    def first_page(query: str) -> int:
        """The old first page: count every match, rank every match, keep 20."""
        match = " ".join('"' + s + '"' for s in dict.fromkeys(stems_of(query)))
        where = "from narrative_paragraphs_fts where narrative_paragraphs_fts match ?"
        total = int(connection.execute(f"select count(*) {where}", (match,)).fetchone()[0])
        rows = connection.execute(
            "select p.iso3, p.edition, p.location, p.paragraph, p.text, rank "
            "from narrative_paragraphs_fts join narrative_paragraphs p on p.id = narrative_paragraphs_fts.rowid "
            "where narrative_paragraphs_fts match ? order by rank, p.id limit 20",
            (match,),
        ).fetchall()
        assert len(rows) == min(20, total)
        return total

    return first_page


def postgres_unbounded(url: str) -> Callable[[str], int]:
    engine = create_engine(url)
    with engine.connect() as connection:  # the stored vector (migration 0015) when the store has it
        stored = connection.execute(
            text(
                "select count(*) from information_schema.columns where table_name = 'narrative_paragraphs' and column_name = :c"
            ),
            {"c": STORED_VECTOR},
        ).scalar_one()
    vector = STORED_VECTOR if stored else f"to_tsvector('{PG_CONFIGURATION}', stems)"
    where = f"from narrative_paragraphs where {vector} @@ plainto_tsquery('{PG_CONFIGURATION}', :q)"
    count = text(f"select count(*) {where}")
    ranked = text(
        f"select iso3, edition, location, paragraph, text, "
        f"ts_rank({vector}, plainto_tsquery('{PG_CONFIGURATION}', :q)) as rank {where} order by rank desc, id limit 20"
    )

    def first_page(query: str) -> int:
        """The unbounded first page on PostgreSQL: count every match, ts_rank every match, keep 20
        (through the GIN index, as the store's schema has it)."""
        stems = " ".join(dict.fromkeys(stems_of(query)))
        with engine.connect() as connection:
            total = int(connection.execute(count, {"q": stems}).scalar_one())
            rows = connection.execute(ranked, {"q": stems}).all()
        assert len(rows) == min(20, total)
        return total

    return first_page


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] * 1000


def in_process(url: str, unbounded: Callable[[str], int], rounds: int) -> None:
    with Store(url) as store:
        ours: dict[str, list[float]] = {q: [] for q in QUERIES}
        theirs: dict[str, list[float]] = {q: [] for q in QUERIES}
        for query in QUERIES:  # warm both
            store.search(query, limit=20)
            unbounded(query)
        for _ in range(rounds):
            for query in QUERIES:
                start = time.perf_counter()
                page = store.search(query, limit=20)
                ours[query].append(time.perf_counter() - start)
                start = time.perf_counter()
                total = unbounded(query)
                theirs[query].append(time.perf_counter() - start)
                assert len(page.hits) == min(20, total)
        all_ours, all_theirs = [], []
        for query in QUERIES:
            page = store.search(query, limit=20)
            total = unbounded(query)
            shown = f"{page.total}" if page.total_exact else f">{page.total}"
            print(
                f"  {query!r:24s} {total:6d} matches (page says {shown:>6s})   "
                f"Store.search p50 {percentile(ours[query], 0.5):6.2f} p95 {percentile(ours[query], 0.95):6.2f} ms   "
                f"unbounded p50 {percentile(theirs[query], 0.5):7.2f} p95 {percentile(theirs[query], 0.95):7.2f} ms   "
                f"ratio p50 {statistics.median(theirs[query]) / statistics.median(ours[query]):5.1f}x"
            )
            all_ours += ours[query]
            all_theirs += theirs[query]
        print(
            f"  all queries: Store.search p50 {percentile(all_ours, 0.5):.2f} ms, p95 {percentile(all_ours, 0.95):.2f} ms; "
            f"unbounded p50 {percentile(all_theirs, 0.5):.2f} ms, p95 {percentile(all_theirs, 0.95):.2f} ms; "
            f"ratio p95 {percentile(all_theirs, 0.95) / percentile(all_ours, 0.95):.1f}x"
        )


def both_backends(lite_url: str, pg_url: str, rounds: int) -> None:
    """The first page on both stores, interleaved in one process: p50/p95 plain and filtered, then
    of each filter alone (what sets the filtered tail)."""
    times: dict[tuple[str, str], list[float]] = {}
    by_filter: dict[tuple[str, str], list[float]] = {}
    equal = compared = 0
    with Store(lite_url) as lite, Store(pg_url) as pg:
        backends = [("SQLite", lite), ("PostgreSQL", pg)]
        for query in QUERIES:  # warm both
            for _, store in backends:
                store.search(query, limit=20)
        for _ in range(rounds):
            for query in QUERIES:
                for kind, filters in [("plain", {}), *(("filtered", f) for f in FILTERS)]:
                    pages = []
                    for name, store in backends:
                        start = time.perf_counter()
                        pages.append(store.search(query, limit=20, **filters))  # type: ignore[arg-type]
                        elapsed = time.perf_counter() - start
                        times.setdefault((name, kind), []).append(elapsed)
                        label = " ".join(f"{key} {value}" for key, value in filters.items()) or "no filter"
                        by_filter.setdefault((name, label), []).append(elapsed)
                    compared += 1
                    equal += pages[0] == pages[1]
    for (name, kind), samples in times.items():
        print(
            f"  {name:10s} {kind:8s} n={len(samples):4d}  first page p50 {percentile(samples, 0.5):6.2f} ms  "
            f"p95 {percentile(samples, 0.95):6.2f} ms"
        )
    print("  by filter:")
    for (name, label), samples in sorted(by_filter.items()):
        print(
            f"    {name:10s} {label:16s} n={len(samples):4d}  p50 {percentile(samples, 0.5):6.2f} ms  "
            f"p95 {percentile(samples, 0.95):6.2f} ms"
        )
    print(f"  pages equal on both databases: {equal} of {compared}")


def query_mix(count: int, countries: list[str], filtered: bool, seed: int = 5) -> list[dict[str, str]]:
    """``count`` search parameter sets: one or two vocabulary words (a fifth of them another
    form of a word), English or Russian; with ``filtered`` each also has a country, edition,
    indicator or report-language filter."""
    rng = random.Random(seed)
    mix: list[dict[str, str]] = []
    for _ in range(count):
        language = rng.choice(["en", "ru"])
        words = rng.sample(WORDS[language], rng.choice([1, 2]))
        if rng.random() < 0.2:
            words[0] = rng.choice(OTHER_FORMS)
        params = {"q": " ".join(words)}
        if filtered:
            kind = rng.choice(["country", "edition", "indicator", "language"])
            params[kind] = {
                "country": rng.choice(countries),
                "edition": str(rng.randint(2019, 2025)),
                "indicator": rng.choice(["A1", "B3", "C5", "overview"]),
                "language": language,
            }[kind]
        mix.append(params)
    return mix


def start_server(url: str, src: Path | None = None) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    environment = dict(os.environ)
    if src is not None:
        environment["PYTHONPATH"] = str(src)
    command = [sys.executable, "-m", "netfreedom", "serve", "--database", url, "--port", str(port), "--no-cache"]
    process = subprocess.Popen(command, env=environment, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    wait_until_up(f"{base}/api/v1/editions", seconds=120)
    return process, base


def through_server(
    url: str, requests: int, clients: list[int], baseline: tuple[Path, str] | None, baseline_requests: int
) -> None:
    with Store(url) as store:
        countries = store.search_choices().countries
    plain, filtered = query_mix(200, countries, False), query_mix(200, countries, True)
    servers = [("ours", *start_server(url))]
    if baseline is not None:
        baseline_src, baseline_url = baseline
        servers.append(("baseline", *start_server(baseline_url, baseline_src)))
    try:
        print(f"server: --no-cache, {requests} requests per load ({baseline_requests} for the baseline server)")
        for concurrency in clients:
            for name, _, base in servers:
                targets = [
                    ("search page", [f"{base}/search?{urlencode(p)}" for p in plain]),
                    ("search API", [f"{base}/api/v1/search?{urlencode({**p, 'limit': '20'})}" for p in plain]),
                    ("page, filter", [f"{base}/search?{urlencode(p)}" for p in filtered]),
                    ("page, no query", [f"{base}/search", f"{base}/search?lang=ru"]),
                ]
                for label, urls in targets:
                    before = load_average()
                    figures = run_load(urls, requests if name == "ours" else baseline_requests, concurrency)
                    print(
                        f"  {name:8s} {concurrency:2d} clients  {label:14s} {figures['rps']:7.1f} req/s   "
                        f"p50 {figures['p50_ms']:7.2f}  p95 {figures['p95_ms']:7.2f}  p99 {figures['p99_ms']:7.2f} ms"
                        f"   load {before} -> {load_average()}",
                        flush=True,
                    )
    finally:
        for _, process, _ in servers:
            process.terminate()
            process.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assessments", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--database", type=Path, help="an SQLite store to use (built when missing)")
    parser.add_argument("--postgres", help="a PostgreSQL database URL to use instead (built when empty)")
    parser.add_argument("--serve", action="store_true", help="measure through the web server instead")
    parser.add_argument("--requests", type=int, default=1000, help="requests per load (--serve)")
    parser.add_argument("--clients", type=int, nargs="+", default=[8, 32], help="concurrent clients (--serve)")
    parser.add_argument("--baseline-src", type=Path, help="src folder of another checkout to serve too (--serve)")
    parser.add_argument("--baseline-database", help="the store (URL or SQLite file) that server reads")
    parser.add_argument("--baseline-requests", type=int, default=200, help="requests per load of that server")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        if args.postgres and args.database and not args.serve:
            lite_url, pg_url = f"sqlite:///{args.database}", args.postgres
            for url in (lite_url, pg_url):
                with Store(url, migrate=True) as store:
                    empty = not store.search_choices().countries
                if empty:
                    build(url, args.assessments)
            print(f"SQLite {args.database} and PostgreSQL, in process, {args.rounds} interleaved rounds")
            print(f"load average before: {load_average()}")
            both_backends(lite_url, pg_url, args.rounds)
            print(f"load average after: {load_average()}")
            return
        if args.postgres:
            url = args.postgres
            with Store(url, migrate=True) as store:
                empty = not store.search_choices().countries
            if empty:
                build(url, args.assessments)
            unbounded = postgres_unbounded(url)
        else:
            path = args.database or Path(folder) / "search.db"
            url = f"sqlite:///{path}"
            if not path.exists():
                build(url, args.assessments)
            Store(url, migrate=True).close()  # a store built by an older version: brought to this schema
            unbounded = sqlite_unbounded(sqlite3.connect(path))
        with create_engine(url).connect() as connection:
            paragraphs = connection.execute(text("select count(*) from narrative_paragraphs")).scalar_one()
            reports = connection.execute(text("select count(*) from assessments")).scalar_one()
        database = "PostgreSQL" if args.postgres else "SQLite"
        print(f"{database}: {reports} reports, {paragraphs} paragraphs; RANK_WINDOW {RANK_WINDOW}")
        print(f"load average before: {load_average()}")
        if args.serve:
            baseline = None
            if args.baseline_src:
                other = args.baseline_database or url
                baseline = (args.baseline_src, other if "://" in other else f"sqlite:///{other}")
            through_server(url, args.requests, args.clients, baseline, args.baseline_requests)
        else:
            print(f"in process, {args.rounds} interleaved rounds")
            in_process(url, unbounded, args.rounds)
        print(f"load average after: {load_average()}")


if __name__ == "__main__":
    main()
