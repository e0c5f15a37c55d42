"""Issue 12 audit: the gaps found by running the real commands on the real files of
../shared/data/evidence/raw (read at run time), each closed here with a test.

- the same OONI measurement read from its own ``.json`` file and from a JSON Lines line is
  one item (one key), and a key stays within the store's column for long input URLs;
- OONI's published scoring rules, applied here to the raw measurement inside each real
  ``measurement_meta`` answer, give the pipeline's own flags (fingerprints on a base64,
  cp1251 body; a ``header`` ``contains`` fingerprint is not matched, as in OONI's pipeline);
- ``evidence import`` shows each file's notes (an unknown measurement, an aggregation with no
  country axis), says which files in a folder it skipped, and says why nothing was written
  on a second run;
- ``evidence list --indicator`` shows that indicator alone in its ``indicators`` column;
- the country page gives each indicator its own timeline (evidence by month).
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from netfreedom.cli.main import cli
from netfreedom.evidence import EvidenceContext, detect_format, identify, load_rules, read_reference
from netfreedom.evidence.ooni_verdicts import judge
from netfreedom.model.evidence import Verdict
from netfreedom.services.evidence import country_evidence, import_evidence
from netfreedom.services.reports import ingest_report
from netfreedom.store import Store

from .shared_data import SHARED, seed_path

RAW = SHARED / "data" / "evidence" / "raw"
ID_FILE = "ooni/20250527233111.802678_ID_webconnectivity_5a37ec909dbf14e3.json"


def raw(relative: str = "") -> Path:
    path = RAW / relative
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"missing evidence fixture {path}")
        pytest.skip(f"no {path}")
    return path


def compact(relative: str) -> str:
    """One real measurement file as one JSON Lines line."""
    return orjson.dumps(orjson.loads(raw(relative).read_bytes())).decode()


def test_same_measurement_from_json_and_json_lines_is_one_item(tmp_path: Path) -> None:
    lines = tmp_path / "batch.jsonl"
    lines.write_text(compact(ID_FILE) + "\n" + compact("ooni/vanilla_tor.json") + "\n")
    refs = [raw("ooni-fingerprints/fingerprints_http.csv"), raw("citizenlab/global.csv")]
    with Store(f"sqlite:///{tmp_path / 'db.sqlite'}", migrate=True) as store:
        first = import_evidence(store, [*refs, raw(ID_FILE)])
        assert first[-1].items_created == 1
        (second,) = import_evidence(store, [lines])
        assert (second.items_created, second.items_updated) == (1, 1)  # the tor anomaly is new; ID is the same item
        idn = store.evidence("IDN")
    (item,) = idn
    assert item.verdict is Verdict.CONFIRMED
    assert item.key.startswith("ooni:20250527T233104Z_webconnectivity_ID_23693_n1_Ukv1uRt9GZcoX2jT|")


def test_long_input_url_keeps_a_key_that_fits_the_store(tmp_path: Path) -> None:
    measurement = orjson.loads(raw("ooni/web_connectivity_ir_fp.json").read_bytes())
    measurement.pop("measurement_uid", None)
    measurement["input"] = "https://www.facebook.com/" + "a" * 300
    lines = tmp_path / "long.jsonl"
    lines.write_bytes(orjson.dumps(measurement) + b"\n")
    with Store(f"sqlite:///{tmp_path / 'db.sqlite'}", migrate=True) as store:
        import_evidence(store, [raw("ooni-fingerprints/fingerprints_dns.csv"), lines])
        (item,) = store.evidence("IRN")
    assert len(item.key) <= 160 and item.key.startswith("ooni:20220815T190043Z_webconnectivity_IR_197207")
    assert item.target == measurement["input"]  # the whole URL is kept beside the key


@pytest.fixture(scope="module")
def fingerprints() -> EvidenceContext:
    tables = []
    for relative in ("ooni-fingerprints/fingerprints_dns.csv", "ooni-fingerprints/fingerprints_http.csv"):
        path = raw(relative)
        tables.append(read_reference(path, identify(path, detect_format(path))))
    return EvidenceContext(tables)


def test_our_rules_on_api_raw_measurements_give_the_pipeline_flags(fingerprints: EvidenceContext) -> None:
    checked = 0
    for path in sorted(raw("ooni-api").glob("measurement_meta__*.json")):
        meta = json.loads(json.loads(path.read_text())["body"])
        if not meta.get("raw_measurement"):
            continue  # the unknown measurement: an empty answer
        measurement = json.loads(meta["raw_measurement"])
        day = date.fromisoformat(measurement["measurement_start_time"][:10])
        ours = judge(measurement, day, load_rules(), fingerprints.matcher)
        theirs = (
            "confirmed"
            if meta["confirmed"]
            else "failure"
            if meta["failure"]
            else "anomaly"
            if meta["anomaly"]
            else "ok"
        )
        assert ours.verdict.value == theirs, path.name
        checked += 1
        if meta["confirmed"]:
            names = {fp.name for fp in ours.fingerprints}
            # The body is base64 and cp1251: matched on its bytes.
            assert "ooni.ru_5" in names
            # A header 'contains' pattern: OONI's pipeline never matches those, nor do we.
            assert "cl.isp_ru_nevalink_forward" not in names
    assert checked == 7


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NETFREEDOM_DATABASE_URL", raising=False)
    return CliRunner()


def test_import_shows_notes_skipped_files_and_unchanged(runner: CliRunner) -> None:
    first = runner.invoke(cli, ["evidence", "import", str(raw("ooni-api")), str(raw("ooni-analysis"))])
    assert first.exit_code == 0, first.output
    notes = first.stderr.splitlines()
    assert any("does-not-exist" in line and "the API knows no such measurement" in line for line in notes)
    assert any(line.endswith("3 aggregation rows have no country axis: read, not stored") for line in notes)
    assert "skipped: ug-analysis.sql" in first.stderr
    again = runner.invoke(cli, ["evidence", "import", str(raw("ooni-api"))])
    assert again.exit_code == 0 and "nothing written" in again.stdout


def test_list_by_indicator_shows_that_indicator_alone(runner: CliRunner) -> None:
    runner.invoke(cli, ["evidence", "import", str(raw("accessnow"))])
    listed = runner.invoke(cli, ["evidence", "list", "KAZ", "--edition", "2022", "--indicator", "A3", "--json"])
    (row,) = json.loads(listed.stdout)
    assert row["indicators"] == "A3/2022"
    assert [link["rule"] for link in row["links"]] == ["stop-network-shutdown"]


def test_country_page_gives_each_indicator_a_timeline(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from netfreedom.web import create_app
    from netfreedom.web.views.evidence import build_evidence_view

    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    with Store(url, migrate=True) as store:
        ingest_report(seed_path(), store)
        import_evidence(store, [raw("accessnow")])
        view = build_evidence_view(country_evidence(store, "KAZ", 2022))
    assert view.indicators["A3"].verdicts == ("event",)
    assert view.indicators["A3"].months == [("2022-01", [1])]
    with TestClient(create_app(url)) as client:
        page = client.get("/country/KAZ/2022?lang=ru").text
    block = page[page.index('id="evidence-A3"') :]
    block = block[: block.index("</div>")]
    assert "Свидетельства по месяцам" in block and "2022-01" in block


def test_a_renamed_copy_is_not_counted_twice(tmp_path: Path) -> None:
    copy = tmp_path / "tor-again.json"
    copy.write_bytes(raw("ooni/vanilla_tor.json").read_bytes())
    with Store(f"sqlite:///{tmp_path / 'db.sqlite'}", migrate=True) as store:
        (first,) = import_evidence(store, [raw("ooni/vanilla_tor.json")])
        (second,) = import_evidence(store, [copy])
        daily = store.evidence_daily("CHN", date(2022, 8, 1), date(2022, 8, 31))
    assert first.action == "created" and second.action == "unchanged"
    assert second.notes == ["the same bytes were imported as vanilla_tor.json: not counted twice"]
    assert sum(daily.values()) == 1


def test_country_page_says_which_verdict_was_used(tmp_path: Path) -> None:
    """A measurement's row on the page names the basis of its verdict and, where they differ,
    what the probe's own keys said (the Indonesian redirect, moved here to Kazakhstan in
    January 2022 so that it falls beside the seed)."""
    from fastapi.testclient import TestClient

    from netfreedom.web import create_app
    from netfreedom.web.views.evidence import build_evidence_view

    measurement = orjson.loads(raw(ID_FILE).read_bytes())
    measurement.update(probe_cc="KZ", measurement_start_time="2022-01-06 10:00:00")
    lines = tmp_path / "kz.jsonl"
    lines.write_bytes(orjson.dumps(measurement) + b"\n")
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    with Store(url, migrate=True) as store:
        ingest_report(seed_path(), store)
        import_evidence(store, [raw("ooni-fingerprints/fingerprints_http.csv"), lines])
        view = build_evidence_view(country_evidence(store, "KAZ", 2022))
    (row,) = view.indicators["B1"].items
    assert (row.verdict, row.basis, row.probe_verdict) == ("confirmed", "OONI pipeline's rules", "ok")
    with TestClient(create_app(url)) as client:
        page = client.get("/country/KAZ/2022?lang=ru").text
    assert "по правилам конвейера OONI; собственные ключи зонда: доступно" in page


@pytest.mark.parametrize(
    ("changes", "verdict", "reason"),
    [
        ({}, "confirmed", None),
        # received 2025-05-27 23:31:11 (the uid), started more than an hour later
        ({"measurement_start_time": "2025-05-28 01:00:00"}, "failure", "start time in the future of its receipt"),
        (
            {"measurement_start_time": "2024-05-01 00:00:00"},
            "failure",
            "start time more than a year before its receipt",
        ),
        ({"probe_asn": "AS0"}, "failure", "the network is unknown (AS0)"),
        # an unknown failure fails the measurement even though the blockpage matched
        (
            {"test_keys.http_experiment_failure": "unknown_failure: eof"},
            "failure",
            "the probe reported an unknown failure",
        ),
    ],
)
def test_failures_as_ooni_flags_them_win_over_a_match(
    fingerprints: EvidenceContext, changes: dict[str, str], verdict: str, reason: str | None
) -> None:
    measurement = orjson.loads(raw(ID_FILE).read_bytes())
    for key, value in changes.items():
        if key.startswith("test_keys."):
            measurement["test_keys"][key.split(".", 1)[1]] = value
        else:
            measurement[key] = value
    uid = Path(ID_FILE).stem
    day = date.fromisoformat(measurement["measurement_start_time"][:10])
    judgement = judge(measurement, day, load_rules(), fingerprints.matcher, measurement_uid=uid)
    assert (judgement.verdict.value, judgement.reason) == (verdict, reason)


def test_api_row_flagged_failed_and_confirmed_is_a_failure(tmp_path: Path) -> None:
    document = json.loads(
        raw(
            "ooni-api/measurement_meta__measurement_uid-01202003039e13e3e38be1918d3a64c2ec27ea22_full-true.json"
        ).read_text()
    )
    meta = json.loads(document["body"])
    assert meta["confirmed"] is True
    meta["failure"] = True  # OONI sets its flags independently
    document["body"] = json.dumps(meta)
    path = tmp_path / "meta.json"
    path.write_text(json.dumps(document))
    with Store(f"sqlite:///{tmp_path / 'db.sqlite'}", migrate=True) as store:
        (outcome,) = import_evidence(store, [path])
        assert outcome.verdicts == {"failure": 1} and outcome.items_created == 0
