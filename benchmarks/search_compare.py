"""Benchmark: the first page of search hits, this checkout against another one (e.g. the previous
main), in process, each in its own Python process, in alternating batches on one machine.

For each of 5 queries (benchmarks/search.py's QUERIES) a batch times ``Store.search(q, limit=20)``
unfiltered and with each of four filters (edition 2023, indicator B3, country KAZ, report
language ru), as wall time and as CPU time of the process (``time.process_time``: what the
search costs, without the time the scheduler gives to other processes on a loaded machine). On
PostgreSQL (server on this machine, run as root or as the server's user) also the CPU time of the
server's backend processes of the database during each search (``/proc/PID/schedstat``, ns) and
the sum of both, the whole cost of a search in CPU: on a shared, loaded machine the figures to
compare, as wall times there mostly measure waiting for a core.
Batches of this checkout and of the baseline alternate ``--batches`` times; the script prints
p50/p95 of each and the ratios, with the load average before and after.

The baseline runs with ``PYTHONPATH=--baseline-src`` on ``--baseline-database`` (a copy of the
store at that version's schema: the same reports), ours on ``--database``; both are SQLite files
or PostgreSQL URLs.

    python benchmarks/search_compare.py --database NEW.db --baseline-src ../main/src --baseline-database OLD.db
    python benchmarks/search_compare.py --worker URL ROUNDS      (one batch; prints JSON)
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

QUERIES = ["journalists arrested", "блокировали сайты", "encryption", "протесты активисты", "журналистов"]
FILTERS: list[dict[str, object]] = [{"edition": 2023}, {"indicator": "B3"}, {"country": "KAZ"}, {"language": "ru"}]
KINDS = (
    "plain",
    "filtered",
    "plain_cpu",
    "filtered_cpu",
    "plain_server_cpu",
    "filtered_server_cpu",
    "plain_all_cpu",
    "filtered_all_cpu",
)


def backend_pids(store: object) -> list[int]:
    """The PostgreSQL backend processes serving ``store``'s database (its pooled connections)."""
    from sqlalchemy import text

    with store._engine.connect() as connection:  # type: ignore[attr-defined]
        query = (
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend'"
        )
        return list(connection.execute(text(query)).scalars())


def server_cpu(pids: list[int]) -> float:
    """CPU seconds the processes ``pids`` have run (``/proc/PID/schedstat``: first field, ns)."""
    total = 0
    for pid in pids:
        with open(f"/proc/{pid}/schedstat") as stat:
            total += int(stat.read().split()[0])
    return total / 1e9


def worker(url: str, rounds: int) -> None:
    from netfreedom.store import Store

    times: dict[str, list[float]] = {kind: [] for kind in KINDS}
    with Store(url) as store:
        for query in QUERIES:  # warm
            store.search(query, limit=20)
        pids = backend_pids(store) if url.startswith("postgresql") else []
        for _ in range(rounds):
            for query in QUERIES:
                for kind, filters in [("plain", {}), *(("filtered", f) for f in FILTERS)]:
                    server = server_cpu(pids) if pids else 0.0
                    wall, cpu = time.perf_counter(), time.process_time()
                    store.search(query, limit=20, **filters)  # type: ignore[arg-type]
                    times[kind].append(time.perf_counter() - wall)
                    times[f"{kind}_cpu"].append(time.process_time() - cpu)
                    if pids:
                        times[f"{kind}_server_cpu"].append(server_cpu(pids) - server)
                        times[f"{kind}_all_cpu"].append(times[f"{kind}_cpu"][-1] + times[f"{kind}_server_cpu"][-1])
    print(json.dumps(times))


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] * 1000


def url_of(database: str) -> str:
    return database if "://" in database else f"sqlite:///{database}"


def batch(url: str, rounds: int, src: Path | None) -> dict[str, list[float]]:
    environment = dict(os.environ)
    if src is not None:
        environment["PYTHONPATH"] = str(src)
    output = subprocess.run(
        [sys.executable, __file__, "--worker", url, str(rounds)], env=environment, check=True, capture_output=True
    ).stdout
    return json.loads(output.decode().strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worker", nargs=2, metavar=("URL", "ROUNDS"), help=argparse.SUPPRESS)
    parser.add_argument("--database", help="our store (SQLite file or URL)")
    parser.add_argument("--baseline-src", type=Path, help="src folder of the other checkout")
    parser.add_argument("--baseline-database", help="the other checkout's store (same reports, its schema)")
    parser.add_argument("--batches", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=5, help="rounds of the 5 queries per batch")
    args = parser.parse_args()
    if args.worker:
        worker(args.worker[0], int(args.worker[1]))
        return
    ours_src = Path(__file__).resolve().parents[1] / "src"
    ours: dict[str, list[float]] = {kind: [] for kind in KINDS}
    theirs: dict[str, list[float]] = {kind: [] for kind in KINDS}
    before = " ".join(f"{x:.2f}" for x in os.getloadavg())
    for _ in range(args.batches):
        for kind, values in batch(url_of(args.baseline_database), args.rounds, args.baseline_src).items():
            theirs[kind] += values
        for kind, values in batch(url_of(args.database), args.rounds, ours_src).items():
            ours[kind] += values
    after = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"{args.batches} alternating batches of {args.rounds} rounds; load average {before} -> {after}")
    for kind in KINDS:
        a, b = ours[kind], theirs[kind]
        if not a or not b:  # server CPU: PostgreSQL only
            continue
        print(
            f"  {kind:19s} n={len(a):4d}  ours p50 {percentile(a, 0.5):7.2f} p95 {percentile(a, 0.95):7.2f} ms   "
            f"baseline p50 {percentile(b, 0.5):7.2f} p95 {percentile(b, 0.95):7.2f} ms   "
            f"ratio p50 {percentile(b, 0.5) / percentile(a, 0.5):5.2f}x p95 {percentile(b, 0.95) / percentile(a, 0.95):5.2f}x"
        )


if __name__ == "__main__":
    main()
