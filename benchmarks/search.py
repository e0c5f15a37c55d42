"""Benchmark: the first page of search hits over 2,000 reports (issue 8 item 5: p95 < 10 ms).

Builds a SQLite store of 2,000 synthetic assessments (benchmarks/synthetic.py; about 130,000
paragraphs, English and Russian), or opens one given with ``--database``, and times, in one
process and in interleaved rounds, for each query:

* ``Store.search(q, limit=20)``: the first page as the site asks for it (bounded ranking:
  the newest ``RANK_WINDOW`` matches ranked, counting stops after them; snippets highlighted);
* the baseline, the unbounded first page as it was before: ``count(*)`` of every match plus
  every match ranked by BM25 (``ORDER BY rank LIMIT 20``), raw SQL on the same FTS5 table.

Prints p50/p95 of each, their ratio, the hit counts and the load average.

    python benchmarks/search.py [--assessments 2000] [--rounds 40] [--database FILE]
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import synthetic_assessments

from netfreedom.store import Store
from netfreedom.store.search import RANK_WINDOW
from netfreedom.text.stemming import stems_of

QUERIES = ["journalists arrested", "блокировали сайты", "encryption", "протесты активисты", "журналистов"]
"""Words of the synthetic vocabulary (tens of thousands of matches each) and a form not in the vocabulary (журналистов: found through its stem)."""


def build(path: Path, count: int) -> None:
    start = time.perf_counter()
    with Store(f"sqlite:///{path}", migrate=True) as store:
        batch = synthetic_assessments(count)
        for i in range(0, len(batch), 200):
            store.save_many(batch[i : i + 200])
    print(f"stored {count} synthetic assessments in {time.perf_counter() - start:.1f} s")


def unbounded(connection: sqlite3.Connection, query: str) -> int:
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


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assessments", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--database", type=Path, help="an SQLite store to use (built when missing)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = args.database or Path(folder) / "search.db"
        if not path.exists():
            build(path, args.assessments)
        connection = sqlite3.connect(path)
        paragraphs = connection.execute("select count(*) from narrative_paragraphs").fetchone()[0]
        reports = connection.execute("select count(*) from assessments").fetchone()[0]
        print(f"{reports} reports, {paragraphs} paragraphs; RANK_WINDOW {RANK_WINDOW}; {args.rounds} rounds")
        print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        with Store(f"sqlite:///{path}") as store:
            ours: dict[str, list[float]] = {q: [] for q in QUERIES}
            theirs: dict[str, list[float]] = {q: [] for q in QUERIES}
            for query in QUERIES:  # warm both
                store.search(query, limit=20)
                unbounded(connection, query)
            for _ in range(args.rounds):
                for query in QUERIES:
                    start = time.perf_counter()
                    page = store.search(query, limit=20)
                    ours[query].append(time.perf_counter() - start)
                    start = time.perf_counter()
                    total = unbounded(connection, query)
                    theirs[query].append(time.perf_counter() - start)
                    assert len(page.hits) == min(20, total)
            all_ours, all_theirs = [], []
            for query in QUERIES:
                page = store.search(query, limit=20)
                total = unbounded(connection, query)
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
        print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
