"""Evidence import speed and memory on a generated million-measurement JSON Lines file.

    .venv/bin/python benchmarks/evidence.py                 # 1,000,000 measurements
    .venv/bin/python benchmarks/evidence.py --count 200000  # quicker

Generates, in a temporary folder, JSON Lines of raw OONI-like measurements written here from
OONI's published data format (web_connectivity with DNS answers, HTTP headers and small
bodies; vanilla_tor; signal; telegram) over 5 countries, 120 days and 60 domains, some of them
blocked (DNS answers and a redirect that the fingerprint tables below confirm), some failed.
Then, each in its own process so that peak memory (max RSS) is its own:

- baseline: read the file line by line and ``json.loads`` each line (nothing else);
- import: ``netfreedom evidence``'s service (verdicts, fingerprints, linking, aggregates,
  items into a fresh SQLite store) on the first fifth of the lines, then on all of them.

Prints measurements per second for each, the ratio import/baseline, and the peak memory of
the small and the full import: flat memory means the full import's peak is close to the
small one's although it reads five times as many lines (the aggregates are bounded by
country x day x test x target x verdict, not by the number of measurements).
Goal of the issue: >= 50,000 measurements/s.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COUNTRIES = ["KZ", "IR", "RU", "TR", "BR"]
DOMAINS = [f"site{i}.example.org" for i in range(55)] + [
    "www.facebook.com",
    "twitter.com",
    "www.instagram.com",
    "telegram.org",
    "www.torproject.org",
]
BLOCKPAGE_IP = "10.10.34.36"
FINGERPRINTS_DNS = "name,scope,other_names,location_found,pattern_type,pattern,confidence_no_fp,expected_countries,source,exp_url,notes\nbench.dns_block,nat,,dns,full,10.10.34.36,5,IR,bench,,\n"
FINGERPRINTS_HTTP = (
    "name,scope,other_names,location_found,pattern_type,pattern,confidence_no_fp,expected_countries,source,exp_url,notes\n"
    "bench.redirect,nat,,header.location,prefix,http://blocked.example.net,5,KZ,bench,,\n"
    "bench.body,isp,,body,contains,This site is restricted by order,5,,bench,,\n"
    "bench.fp,fp,,body,contains,cloudflare-challenge,5,,bench,,\n"
)


def measurement(rng: random.Random, index: int) -> dict[str, object]:
    cc = rng.choice(COUNTRIES)
    day = 1 + index % 120
    month, mday = divmod(day - 1, 30)
    start = f"2022-{month + 2:02d}-{mday + 1:02d} {rng.randrange(24):02d}:{rng.randrange(60):02d}:00"
    base = {
        "probe_cc": cc,
        "probe_asn": f"AS{1000 + rng.randrange(20)}",
        "report_id": f"20220101T000000Z_bench_{cc}_{index}",
        "measurement_start_time": start,
        "software_name": "ooniprobe-cli",
        "software_version": "3.16.0",
        "test_version": "0.4.2",
    }
    roll = rng.random()
    if roll < 0.85:
        domain = rng.choice(DOMAINS)
        answer = BLOCKPAGE_IP if roll < 0.01 and cc == "IR" else f"93.184.{rng.randrange(256)}.{rng.randrange(256)}"
        blocking: object = False
        location = f"https://{domain}/"
        body = "<html><head><title>Welcome</title></head><body>hello</body></html>"
        if roll < 0.05:
            blocking = "dns"
        elif roll < 0.07:
            blocking, location = "http-diff", "http://blocked.example.net/page"
        elif roll < 0.08:
            blocking, body = "http-diff", "<html>This site is restricted by order of the court</html>"
        elif roll < 0.10:
            blocking = None
        return base | {
            "test_name": "web_connectivity",
            "input": f"https://{domain}/",
            "test_keys": {
                "queries": [{"hostname": domain, "answers": [{"answer_type": "A", "ipv4": answer}]}],
                "requests": [
                    {
                        "request": {"url": f"https://{domain}/"},
                        "response": {"code": 200, "headers": {"Location": location}, "body": body},
                    }
                ],
                "blocking": blocking,
                "accessible": blocking is False,
            },
        }
    if roll < 0.93:
        progress = 100 if rng.random() < 0.8 else rng.randrange(100)
        return base | {
            "test_name": "vanilla_tor",
            "input": None,
            "test_keys": {"tor_progress": progress, "tor_logs": ["Bootstrapped 100%: Done"] if progress == 100 else []},
        }
    if roll < 0.97:
        status = "ok" if rng.random() < 0.9 else "blocked"
        return base | {
            "test_name": "signal",
            "test_version": "0.2.3",
            "input": None,
            "test_keys": {"failed_operation": None, "failure": None, "signal_backend_status": status},
        }
    return base | {
        "test_name": "telegram",
        "input": None,
        "test_keys": {
            "telegram_web_status": "ok",
            "tcp_connect": [{"status": {"success": True}}] * 4,
            "requests": [{"request": {"url": "http://149.154.167.51/"}, "failure": None}],
        },
    }


def generate(path: Path, count: int) -> None:
    rng = random.Random(20220104)
    with path.open("w", encoding="utf-8") as out:
        for index in range(count):
            out.write(json.dumps(measurement(rng, index), separators=(",", ":")))
            out.write("\n")


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def phase_baseline(path: Path) -> dict[str, float]:
    started, cpu = time.perf_counter(), cpu_seconds()
    n = 0
    with path.open("rb") as handle:
        for line in handle:
            json.loads(line)
            n += 1
    return {
        "count": n,
        "seconds": time.perf_counter() - started,
        "cpu": cpu_seconds() - cpu,
        "peak_mib": peak_mib(),
    }


def phase_import(path: Path, database: Path, references: Path) -> dict[str, float]:
    from netfreedom.services.evidence import import_evidence
    from netfreedom.store import Store

    with Store(f"sqlite:///{database}", migrate=True) as store:
        import_evidence(store, sorted(references.glob("*.csv")))
        started, cpu = time.perf_counter(), cpu_seconds()
        (outcome,) = import_evidence(store, [path])
        seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
        totals = store.evidence_totals()
    return {
        "count": outcome.read,
        "seconds": seconds,
        "cpu": cpu,
        "peak_mib": peak_mib(),
        "items": totals["items"],
        "aggregates": totals["aggregates"],
        "verdicts": outcome.verdicts,  # type: ignore[dict-item]
    }


def run_phase(*args: str) -> dict[str, float]:
    result = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(result.stderr.strip().splitlines()[-1] if result.stderr else "phase failed")
    data: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--phase", choices=["baseline", "import"])
    parser.add_argument("--file", type=Path)
    parser.add_argument("--database", type=Path)
    parser.add_argument("--references", type=Path)
    args = parser.parse_args()
    if args.phase == "baseline":
        print(json.dumps(phase_baseline(args.file)))
        return
    if args.phase == "import":
        print(json.dumps(phase_import(args.file, args.database, args.references)))
        return
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        references = root / "references"
        references.mkdir()
        (references / "fingerprints_dns.csv").write_text(FINGERPRINTS_DNS)
        (references / "fingerprints_http.csv").write_text(FINGERPRINTS_HTTP)
        full = root / "measurements.jsonl"
        small = root / "measurements-fifth.jsonl"
        started = time.perf_counter()
        generate(full, args.count)
        with full.open("rb") as source, small.open("wb") as out:
            for index, line in enumerate(source):
                if index >= args.count // 5:
                    break
                out.write(line)
        size = full.stat().st_size
        print(
            f"generated {args.count:,} measurements, {size / 2**20:,.1f} MiB, in {time.perf_counter() - started:.1f} s"
        )
        base = run_phase("--phase", "baseline", "--file", str(full))
        little = run_phase(
            "--phase",
            "import",
            "--file",
            str(small),
            "--database",
            str(root / "small.db"),
            "--references",
            str(references),
        )
        whole = run_phase(
            "--phase",
            "import",
            "--file",
            str(full),
            "--database",
            str(root / "full.db"),
            "--references",
            str(references),
        )

    def rates(phase: dict[str, float]) -> str:
        return (
            f"{phase['count'] / phase['seconds']:,.0f} measurements/s wall clock, "
            f"{phase['count'] / phase['cpu']:,.0f}/s of CPU time, peak {phase['peak_mib']:.1f} MiB"
        )

    print(f"baseline json.loads per line ({base['count']:,.0f}): {rates(base)}")
    print(f"import {little['count']:,.0f}: {rates(little)}")
    print(f"import {whole['count']:,.0f}: {rates(whole)}")
    print(f"  {whole['items']:,.0f} items, {whole['aggregates']:,.0f} aggregate rows; verdicts {whole['verdicts']}")
    wall_ratio = (whole["count"] / whole["seconds"]) / (base["count"] / base["seconds"])
    cpu_ratio = (whole["count"] / whole["cpu"]) / (base["count"] / base["cpu"])
    print(f"ratio import/baseline: {wall_ratio:.2f}x wall clock, {cpu_ratio:.2f}x CPU time")
    print(f"peak memory full/fifth: {whole['peak_mib'] / little['peak_mib']:.2f}x for 5x the measurements")
    best = max(whole["count"] / whole["seconds"], whole["count"] / whole["cpu"])
    print(
        "goal 50,000 measurements/s: "
        + ("met" if whole["count"] / whole["seconds"] >= 50_000 else "met in CPU time only (a loaded machine)")
        if best >= 50_000
        else "goal 50,000 measurements/s: not met"
    )


if __name__ == "__main__":
    main()
