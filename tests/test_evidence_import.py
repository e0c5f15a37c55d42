"""Evidence through the store, the service, the CLI and the country page, on the real files of
../shared/data/evidence/raw and the real seed report (Kazakhstan 2022)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from netfreedom.cli.main import cli
from netfreedom.evidence import contradictions
from netfreedom.model.evidence import Verdict
from netfreedom.services.evidence import country_evidence, import_evidence
from netfreedom.services.reports import ingest_report
from netfreedom.store import Store

from .shared_data import SHARED, seed_path

RAW = SHARED / "data" / "evidence" / "raw"


def raw_folder() -> Path:
    if not RAW.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"missing {RAW}")
        pytest.skip(f"no {RAW}")
    return RAW


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list]]:
    """A store holding the seed report and every evidence file (imported once)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('evidence') / 'netfreedom.db'}"
    with Store(url, migrate=True) as store:
        ingest_report(seed_path(), store)
        outcomes = import_evidence(store, [raw_folder()])
    yield url, outcomes


def test_import_reads_references_first_and_every_file(loaded: tuple[str, list]) -> None:
    _, outcomes = loaded
    assert [o.format for o in outcomes[:2]] == ["citizenlab-legend", "citizenlab-legend"]
    assert {o.action for o in outcomes} == {"created"}
    assert not [o for o in outcomes if o.error]
    by_name = {o.path.name: o for o in outcomes}
    assert by_name["fingerprints_http.csv"].read == 1729
    assert by_name["signal_2627.json"].verdicts == {"failure": 1}
    assert by_name["ioda_investigated_outages_cleaned_phase1+2.csv"].items_created == 1703


def test_second_import_writes_nothing(loaded: tuple[str, list]) -> None:
    url, _ = loaded
    with Store(url) as store:
        before = store.evidence_totals()
        again = import_evidence(store, [raw_folder()])
        assert {o.action for o in again} == {"unchanged"}
        assert store.evidence_totals() == before


def test_items_keep_provenance_and_links(loaded: tuple[str, list]) -> None:
    url, _ = loaded
    with Store(url) as store:
        (event,) = store.evidence("KAZ", 2022, "A3")
        idn = [i for i in store.evidence("IDN") if i.source == "ooni"]
    assert event.details["file"]["name"] == "Keepiton_raw_dataset.xlsx"
    assert len(event.details["file"]["sha256"]) == 64
    assert event.locator == "sheet '2022 Data' row 20"
    assert (event.start.date().isoformat(), event.end and event.end.date().isoformat()) == ("2022-01-04", "2022-01-11")
    assert {(link.indicator, link.control, link.rule) for link in event.links} == {
        ("A3", "connectivity_restricted", "stop-network-shutdown"),
        ("B1", "social_media_blocked", "stop-service-block"),
    }
    (confirmed,) = idn
    assert confirmed.verdict is Verdict.CONFIRMED
    assert confirmed.locator == "measurement 20250527233111.802678_ID_webconnectivity_5a37ec909dbf14e3"


def test_counts_and_timeline_for_kazakhstan_2022(loaded: tuple[str, list]) -> None:
    url, _ = loaded
    with Store(url) as store:
        evidence = country_evidence(store, "KAZ", 2022)
    assert evidence.counts == {"A3": {"event": 1}, "B1": {"event": 1}}
    assert [day.isoformat() for day in evidence.timeline] == ["2022-01-04"]
    assert [e.key for e in evidence.events] == [evidence.items[0].key]


def test_seed_contradictions(loaded: tuple[str, list]) -> None:
    url, _ = loaded
    with Store(url) as store:
        evidence = country_evidence(store, "KAZ", 2022)
        assessment = store.get("KAZ", 2022)
    assert assessment is not None
    rules = [(f.rule, f.message.split(":")[0]) for f in evidence.findings]
    # The seed states "Networks Restricted" (yes) and its A3 tells of January 2022: no finding
    # for those. It does not state whether social media were blocked, while STOP records the
    # service-based part of the same shutdown.
    assert rules == [("evidence-control-not-stated", "Social media or messaging apps blocked")]
    # Without the January account in A3, the shutdown becomes a finding (our own text).
    a3 = assessment.indicator("A3")
    assert a3 is not None
    a3.paragraphs = ["Access to the network was not limited by the state in this period."]
    found = contradictions(assessment, evidence.items)
    assert "evidence-shutdown-unmentioned" in {f.rule for f in found}
    assessment.sidebar.key_internet_controls["connectivity_restricted"] = False
    assert "evidence-control-denied" in {f.rule for f in contradictions(assessment, evidence.items)}


def test_country_page_shows_evidence_and_findings(loaded: tuple[str, list]) -> None:
    from fastapi.testclient import TestClient

    from netfreedom.web import create_app

    url, _ = loaded
    with TestClient(create_app(url)) as client:
        page = client.get("/country/KAZ/2022?lang=en")
    assert page.status_code == 200
    html = page.text
    assert 'id="evidence-A3"' in html and 'id="evidence-B1"' in html
    assert "stop-network-shutdown" in html and "2022-01-11" in html
    assert "evidence-control-not-stated" in html
    assert "sheet &#39;2022 Data&#39; row 20" in html


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NETFREEDOM_DATABASE_URL", raising=False)
    return CliRunner()


def test_cli_import_list_and_errors(runner: CliRunner, tmp_path: Path) -> None:
    folder = raw_folder()
    files = [
        folder / "ooni" / "web_connectivity_ir_fp.json",
        folder / "ooni" / "signal_2627.json",
        folder / "ooni-fingerprints" / "fingerprints_dns.csv",
        folder / "citizenlab" / "global.csv",
    ]
    bad = tmp_path / "broken.jsonl"
    bad.write_text("{not json at all\n")
    notes = tmp_path / "notes.txt"
    notes.write_text("no evidence here")
    result = runner.invoke(cli, ["evidence", "import", *map(str, [*files, notes, bad]), "--json"])
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.exit_code == 2  # notes.txt is no evidence; the others are imported
    assert {Path(d["file"]).name: d["action"] for d in lines} == {
        "notes.txt": "failed",
        "web_connectivity_ir_fp.json": "created",
        "signal_2627.json": "created",
        "fingerprints_dns.csv": "created",
        "global.csv": "created",
        "broken.jsonl": "failed",
    }
    assert all("\n" not in d.get("error", "") for d in lines)
    again = runner.invoke(cli, ["evidence", "import", *map(str, files)])
    assert again.exit_code == 0 and "unchanged" in again.stdout
    listed = runner.invoke(cli, ["evidence", "list", "IR", "--edition", "2023", "--indicator", "b1", "--json"])
    assert listed.exit_code == 0
    (row,) = json.loads(listed.stdout)
    assert row["verdict"] == "confirmed" and row["verdict_basis"] == "pipeline-rules"
    assert row["links"] == [
        {"edition": 2023, "indicator": "B1", "control": "social_media_blocked", "rule": "ooni-web-social-media"}
    ]
    assert row["details"]["fingerprints"][0]["name"] == "ooni.ir_10dot10_ipv4_1"
    nothing = runner.invoke(cli, ["evidence", "list", "KAZ", "--edition", "2022"])
    assert nothing.exit_code == 1
    unknown = runner.invoke(cli, ["evidence", "list", "KAZ", "--indicator", "Z9"])
    assert unknown.exit_code == 2 and unknown.stderr.count("\n") == 1


def test_changed_file_replaces_its_counts(tmp_path: Path) -> None:
    source = raw_folder() / "ooni" / "vanilla_tor.json"
    line = source.read_text().strip()
    batch = tmp_path / "tor.jsonl"
    batch.write_text(line + "\n" + line.replace("CN", "RU") + "\n")  # another probe, another report id
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    with Store(url, migrate=True) as store:
        empty = store.fingerprint()
        (first,) = import_evidence(store, [batch])
        assert first.action == "created" and first.items_created == 2
        imported = store.fingerprint()
        assert imported != empty  # cached pages showing evidence are stale after an import
        batch.write_text(line + "\n")
        (second,) = import_evidence(store, [batch])
        assert second.action == "updated" and second.items_updated == 1
        updated = store.fingerprint()
        assert updated != imported
        (third,) = import_evidence(store, [batch])  # the same file again writes nothing
        assert third.action == "unchanged" and store.fingerprint() == updated
        assert sum(store.evidence_daily("CHN", first_day(), last_day()).values()) == 1
        assert sum(store.evidence_daily("RUS", first_day(), last_day()).values()) == 0


def first_day():  # type: ignore[no-untyped-def]
    from datetime import date

    return date(2022, 1, 1)


def last_day():  # type: ignore[no-untyped-def]
    from datetime import date

    return date(2022, 12, 31)
