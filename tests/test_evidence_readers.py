"""Evidence readers on the real files of ../shared/data/evidence/raw (read at run time).

Expected values come from the files themselves and from what SOURCES.md there records of
OONI's own tests: verdicts, fingerprint matches, STOP and IODA rows for Kazakhstan.
"""

from __future__ import annotations

import os
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from netfreedom.evidence import (
    REFERENCE_FORMATS,
    EvidenceContext,
    EvidenceReadError,
    Sink,
    detect_format,
    identify,
    load_rules,
    read_items,
    read_reference,
)
from netfreedom.evidence.rules import EvidenceRulesError, parse_rules
from netfreedom.model.evidence import Verdict, VerdictBasis
from netfreedom.services.evidence import workbook_sheets

from .shared_data import SHARED

RAW = SHARED / "data" / "evidence" / "raw"


def raw(relative: str) -> Path:
    path = RAW / relative
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"missing evidence fixture {path}")
        pytest.skip(f"no {path}")
    return path


@pytest.fixture(scope="module")
def context() -> EvidenceContext:
    tables = []
    for relative in (
        "ooni-fingerprints/fingerprints_dns.csv",
        "ooni-fingerprints/fingerprints_http.csv",
        "citizenlab/00-LEGEND-new_category_codes.csv",
        "citizenlab/global.csv",
        "citizenlab/kz.csv",
    ):
        path = raw(relative)
        fmt = detect_format(path)
        assert fmt in REFERENCE_FORMATS
        tables.append(read_reference(path, identify(path, fmt)))
    return EvidenceContext(tables)


def read(relative: str, ctx: EvidenceContext) -> tuple[list, Sink]:
    path = raw(relative)
    sink = Sink()
    return list(read_items(path, detect_format(path), ctx, sink, workbook=workbook_sheets)), sink


def test_fingerprint_tables_load_every_row(context: EvidenceContext) -> None:
    # 226 DNS rows + 1,729 HTTP rows (SOURCES.md counts).
    assert context.matcher is not None and context.matcher.size == 226 + 1729


def test_indonesian_redirect_is_confirmed_by_a_header_fingerprint_not_the_probe(context: EvidenceContext) -> None:
    items, sink = read("ooni/20250527233111.802678_ID_webconnectivity_5a37ec909dbf14e3.json", context)
    assert sink.verdict_counts() == {"confirmed": 1}
    (item,) = items
    # The key comes from the measurement (report id, input, start time), the same whether it
    # is read from this file or from a JSON Lines line; the file name's uid names it.
    assert (
        item.key
        == "ooni:20250527T233104Z_webconnectivity_ID_23693_n1_Ukv1uRt9GZcoX2jT|http://archive.org|2025-05-27 23:31:08"
    )
    assert item.details["measurement_uid"] == "20250527233111.802678_ID_webconnectivity_5a37ec909dbf14e3"
    assert item.locator == "measurement 20250527233111.802678_ID_webconnectivity_5a37ec909dbf14e3"
    assert item.iso3 == "IDN" and item.basis is VerdictBasis.PIPELINE_RULES
    assert [f["name"] for f in item.details["fingerprints"]] == ["ooni.id_lamanlabuh_kominfo"]
    assert item.details["fingerprints"][0]["location"] == "header.location"
    assert item.details["probe_verdict"] == "ok"  # the probe said accessible
    assert item.scope == "nat"
    assert [(link.edition, link.indicator) for link in item.links] == [(2025, "B1")]


def test_iranian_facebook_dns_block_is_social_media_blocking(context: EvidenceContext) -> None:
    (item,), _ = read("ooni/web_connectivity_ir_fp.json", context)
    assert item.verdict is Verdict.CONFIRMED
    assert [f["name"] for f in item.details["fingerprints"]] == ["ooni.ir_10dot10_ipv4_1"]
    assert item.category == "GRP"
    # 2022-08-15 falls in edition 2023's coverage period (June 2022 - May 2023).
    assert {(link.edition, link.indicator, link.control) for link in item.links} == {
        (2023, "B1", "social_media_blocked")
    }


@pytest.mark.parametrize(
    ("relative", "verdict"),
    [
        ("ooni/signal_2627.json", "failure"),  # known false positive
        ("ooni/telegram_nourl.json", "failure"),  # a request without URL
        ("ooni/web_connectivity_null.json", "failure"),  # blocking null
        ("ooni/torsf_383.json", "failure"),  # broken app release
        ("ooni/riseupvpn.json", "no_verdict"),  # scoring switched off
        ("ooni/whatsapp.json", "ok"),  # probe says blocked, pipeline says fine
        ("ooni/vanilla_tor_ok.json", "ok"),
        ("ooni/vanilla_tor.json", "anomaly"),
    ],
)
def test_raw_measurement_verdicts_follow_ooni(context: EvidenceContext, relative: str, verdict: str) -> None:
    items, sink = read(relative, context)
    assert sink.verdict_counts() == {verdict: 1}
    assert len(items) == (1 if verdict == "anomaly" else 0)  # failures, ok and no verdict are never items


def test_signal_false_positive_names_its_rule() -> None:
    import orjson

    from netfreedom.evidence.ooni_verdicts import judge

    measurement = orjson.loads(raw("ooni/signal_2627.json").read_bytes())
    judgement = judge(measurement, date(2022, 10, 27), load_rules(), None)
    assert judgement.verdict is Verdict.FAILURE
    assert judgement.extra["known_false_positive"] == "signal-ca-change-2022"


def test_chinese_tor_anomaly_links_to_c4(context: EvidenceContext) -> None:
    (item,), _ = read("ooni/vanilla_tor.json", context)
    assert item.details["score"] == pytest.approx(0.98)
    assert {(link.edition, link.indicator) for link in item.links} == {(2023, "C4")}


def test_api_measurement_list_uses_pipeline_flags(context: EvidenceContext) -> None:
    items, sink = read(
        "ooni-api/measurements__since-2026-06-11_until-2026-07-12_failure-false_limit-50_order-desc.json", context
    )
    assert sink.read == 50
    assert sink.verdict_counts() == {"ok": 49, "anomaly": 1}  # fp/vbw fingerprints do not confirm
    (item,) = items
    assert item.iso3 == "POL" and item.basis is VerdictBasis.PIPELINE
    assert item.details["blocking_type"] == "dns"


def test_api_meta_confirmed_russian_blockpage_keeps_raw_time(context: EvidenceContext) -> None:
    (item,), _ = read(
        "ooni-api/measurement_meta__measurement_uid-01202003039e13e3e38be1918d3a64c2ec27ea22_full-true.json", context
    )
    assert item.verdict is Verdict.CONFIRMED and item.iso3 == "RUS"
    assert item.start.isoformat() == "2020-03-03T09:15:05+00:00"
    assert "time_note" in item.details


def test_api_unknown_measurement_is_a_note_not_an_error(context: EvidenceContext) -> None:
    items, sink = read(
        "ooni-api/measurement_meta__measurement_uid-this-measurement-does-not-exist_full-true.json", context
    )
    assert items == [] and sink.read == 0 and sink.notes


def test_aggregation_without_country_is_read_not_stored(context: EvidenceContext) -> None:
    items, sink = read(
        "ooni-api/aggregation__test_name-web_connectivity_since-2022-03-01_until-2022-03-04_axis_x-measurement_start_day_time_grain-day.json",
        context,
    )
    assert items == [] and sink.read == 3 and not sink.aggregates
    assert "3 aggregation rows" in sink.notes[0]


def test_stop_kazakhstan_2022_shutdown(context: EvidenceContext) -> None:
    items, sink = read("accessnow/Keepiton_raw_dataset.xlsx", context)
    kaz = sorted((i for i in items if i.iso3 == "KAZ"), key=lambda i: i.start)
    assert len(kaz) == 8  # 1 (2016-18) + 3 (2019) + 2 (2021) + 2 (2022)
    january = next(i for i in kaz if i.start.date() == date(2022, 1, 4))
    assert january.end is not None and january.end.date() == date(2022, 1, 11)
    assert january.scope == "national" and january.cause == "protests" and not january.open
    assert ("A3", "connectivity_restricted", "stop-network-shutdown") in {
        (link.indicator, link.control, link.rule) for link in january.links if link.edition == 2022
    }
    october = next(i for i in kaz if i.start.date() == date(2022, 10, 19))
    assert october.open and october.end is None
    assert {link.edition for link in october.links} == {2023}
    throttling = kaz[0]
    assert throttling.start.date() == date(2018, 3, 15) and throttling.open
    assert any(note.startswith("21 events repeated") for note in sink.notes)
    assert len({i.key for i in items}) == len(items)


def test_ioda_list_reads_names_dates_and_missing_ends(context: EvidenceContext) -> None:
    items, sink = read("ioda/ioda_investigated_outages_cleaned_phase1+2.csv", context)
    assert sink.read == 1704
    # 'European Union' is no country; 'Bonaire/Sint Eustatius/Saba' is ISO's BES.
    assert len(items) == 1703 and sink.problem_count == 1
    assert sink.problems == ["row 77: unknown country 'European Union'"]
    assert [i.key for i in items if i.iso3 == "BES"]
    (kaz,) = [i for i in items if i.iso3 == "KAZ"]
    assert kaz.key == "ioda:A43ACCD3" and kaz.scope == "regional" and kaz.target == "Qostanay"
    assert kaz.links == []  # cause not stated: not linked to A3
    assert Counter(link.rule for i in items for link in i.links) == {"ioda-government-ordered": 102}
    assert sum(1 for i in items if i.open) == 34  # 26 empty + 8 N/A end times
    assert "ioda:1963#row1669" in {i.key for i in items}


def test_unknown_file_is_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello")
    with pytest.raises(EvidenceReadError, match="notes.txt"):
        detect_format(path)


def test_bad_json_lines_are_problems_and_reading_goes_on(tmp_path: Path, context: EvidenceContext) -> None:
    good = raw("ooni/vanilla_tor.json").read_text().strip()
    path = tmp_path / "batch.jsonl"
    path.write_text(good + "\n{not json\n\n" + good.replace('"CN"', '"ZZ"') + "\n" + good + "\n")
    sink = Sink()
    items = list(read_items(path, "ooni-raw", context, sink))
    assert sink.read == 4 and len(items) == 2 and sink.problem_count == 2
    assert sink.problems[0] == "line 2: not JSON"


def test_rules_file_is_validated() -> None:
    text = (Path(__file__).resolve().parents[1] / "src/netfreedom/evidence/rules.yaml").read_text()
    assert parse_rules(text).rules
    with pytest.raises(EvidenceRulesError, match="Z9"):
        parse_rules(text.replace("indicator: C4", "indicator: Z9", 1))
    with pytest.raises(EvidenceRulesError, match="no_such_control"):
        parse_rules(text.replace("control: content_blocked", "control: no_such_control", 1))


def test_coverage_periods() -> None:
    coverage = load_rules().coverage
    assert coverage.editions(date(2022, 1, 4)) == [2022]
    assert coverage.editions(date(2022, 6, 1)) == [2023]
    assert coverage.editions(date(2022, 5, 31)) == [2022]
    assert coverage.period(2022) == (date(2021, 6, 1), date(2022, 5, 31))
    assert coverage.editions_between(date(2022, 5, 20), date(2022, 6, 10)) == [2022, 2023]
    assert coverage.editions(date(2012, 5, 15)) == [2012, 2013]  # irregular early windows overlap
