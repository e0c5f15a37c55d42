"""Benchmark: 20 concurrent editors saving indicators of drafts, on SQLite and PostgreSQL.

Each editor (a thread with its own turn at the store) saves ``--saves`` indicator changes
through the drafting service, naming the revision it read; a stale save (409) is re-read and
retried, as a person would after being told. Two editors share each draft, so they race for
its revisions. Printed per database: saves/s, p50/p95 latency of a successful save, stale
saves retried, and the integrity figures that must be 0: revisions lost (a successful save
whose revision is missing from the draft's revisions) and revisions duplicated (one revision
number made twice), plus whether every draft's revision equals 1 + its successful saves.
Baseline in the same run: the same number of single-row UPDATE transactions by one thread on
the same database, without any checks (what a save costs at the least).

PostgreSQL runs when ``NETFREEDOM_TEST_POSTGRES_URL`` names a server (a database is created
and dropped on it) or ``--postgres URL`` names a database to use.

    python benchmarks/edit.py [--editors 20] [--saves 10] [--postgres URL]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from netfreedom.errors import StaleRevisionError
from netfreedom.services import drafting
from netfreedom.store import Store
from netfreedom.store.drafts import DraftStore

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.conftest import make_assessment

INDICATORS = ("A1", "A2", "A3", "A4", "A5", "B1", "B2", "B3", "C1", "C2")
COUNTRIES = ("KAZ", "KGZ", "UZB", "TJK", "TKM", "ARM", "AZE", "GEO", "MDA", "UKR")


@dataclass(frozen=True)
class Person:
    name: str
    roles: frozenset[str]


EDITOR = Person("bench-editor", frozenset({"editor"}))


def prepare(store: Store, editors: int) -> list[tuple[int, Person]]:
    """Drafts of 2023 for half as many countries as editors (from synthetic 2022 reports), two
    editors per draft; a draft has one assigned researcher, so both act as that researcher."""
    drafting.open_edition(store, 2023, EDITOR)
    work = []
    for n in range(editors // 2):
        iso3 = COUNTRIES[n % len(COUNTRIES)]
        store.save(make_assessment(iso3=iso3, edition=2022, total=40 + n))
        researcher = Person(f"researcher-{n}", frozenset({"researcher"}))
        draft = drafting.new_draft(store, iso3, 2023, EDITOR, researcher=researcher.name)
        work += [(draft.id, researcher), (draft.id, researcher)]
    return work


def run_editors(store: Store, work: list[tuple[int, Person]], saves: int) -> tuple[float, list[float], int, list[int]]:
    latencies: list[float] = []
    made: list[tuple[int, int]] = []
    stale = 0
    lock = threading.Lock()
    start_line = threading.Barrier(len(work))

    def editor(number: int, draft_id: int, person: Person) -> None:
        nonlocal stale
        start_line.wait()
        for n in range(saves):
            indicator = INDICATORS[(number + n) % len(INDICATORS)]
            while True:
                revision = DraftStore(store).draft(draft_id).revision
                began = time.perf_counter()
                try:
                    saved = drafting.set_indicator(
                        store,
                        draft_id,
                        indicator,
                        person,
                        drafting.IndicatorEdit(revision, narrative=f"editor {number}, save {n}"),
                    )
                except StaleRevisionError:
                    with lock:
                        stale += 1
                    continue
                with lock:
                    latencies.append(time.perf_counter() - began)
                    made.append((draft_id, saved.revision))
                break

    threads = [threading.Thread(target=editor, args=(i, d, p)) for i, (d, p) in enumerate(work)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    return elapsed, latencies, stale, _integrity(store, work, made)


def _integrity(store: Store, work: list[tuple[int, Person]], made: list[tuple[int, int]]) -> list[int]:
    """[lost, duplicated, drafts whose revision != 1 + successful saves]."""
    drafts = DraftStore(store)
    lost = duplicated = mismatched = 0
    for draft_id in sorted({d for d, _ in work}):
        recorded = [r for r, _, _ in drafts.revisions(draft_id)]
        counts = Counter(recorded)
        duplicated += sum(c - 1 for c in counts.values() if c > 1)
        mine = [r for d, r in made if d == draft_id]
        duplicated += len(mine) - len(set(mine))
        lost += len(set(mine) - set(recorded))
        if drafts.draft(draft_id).revision != 1 + len(mine):
            mismatched += 1
    return [lost, duplicated, mismatched]


def baseline(url: str, count: int) -> float:
    """Seconds for ``count`` one-row UPDATE transactions by one thread (no checks)."""
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE bench_baseline (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)"))
        connection.execute(text("INSERT INTO bench_baseline VALUES (1, 0)"))
    began = time.perf_counter()
    for _ in range(count):
        with engine.begin() as connection:
            connection.execute(text("UPDATE bench_baseline SET n = n + 1 WHERE id = 1"))
    elapsed = time.perf_counter() - began
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE bench_baseline"))
    engine.dispose()
    return elapsed


def bench(label: str, url: str, editors: int, saves: int) -> None:
    with Store(url, migrate=True) as store:
        work = prepare(store, editors)
        elapsed, latencies, stale, integrity = run_editors(store, work, saves)
    total = len(latencies)
    base = baseline(url, total)
    p50 = statistics.median(latencies) * 1000
    p95 = statistics.quantiles(latencies, n=20)[-1] * 1000
    lost, duplicated, mismatched = integrity
    print(f"{label}: {editors} editors x {saves} saves on {editors // 2} drafts")
    print(f"  saves: {total} in {elapsed:.2f} s = {total / elapsed:8.1f} saves/s; p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    print(f"  stale saves retried: {stale}")
    print(f"  revisions lost: {lost}, duplicated: {duplicated}, drafts off count: {mismatched} (0 wanted)")
    print(f"  baseline (one thread, bare UPDATE transactions): {total / base:8.1f} /s; ratio {base / elapsed:.3f}")


def _postgres_database(server: str) -> tuple[str, str]:
    name = f"netfreedom_bench_{uuid.uuid4().hex[:8]}"
    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return make_url(server).set(database=name).render_as_string(hide_password=False), name


def _drop(server: str, name: str) -> None:
    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--editors", type=int, default=20, help="concurrent editors (default 20)")
    parser.add_argument("--saves", type=int, default=10, help="successful saves per editor (default 10)")
    parser.add_argument("--postgres", help="a PostgreSQL database URL to use (its tables are created)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        bench("SQLite", f"sqlite:///{Path(folder) / 'bench.db'}", args.editors, args.saves)
    server = os.environ.get("NETFREEDOM_TEST_POSTGRES_URL", "").strip()
    if args.postgres:
        bench("PostgreSQL", args.postgres, args.editors, args.saves)
    elif server:
        url, name = _postgres_database(server)
        try:
            bench("PostgreSQL", url, args.editors, args.saves)
        finally:
            _drop(server, name)
    else:
        print("PostgreSQL: skipped (set NETFREEDOM_TEST_POSTGRES_URL or pass --postgres URL)")


if __name__ == "__main__":
    main()
