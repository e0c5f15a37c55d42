"""The real seed report (FOTN 2022 Kazakhstan, English score block, Russian body)."""

from __future__ import annotations

from datetime import date

import pytest

from netfreedom.checks import run_checks
from netfreedom.ingest import read_report, read_report_bytes
from netfreedom.model.assessment import Assessment, Severity

from .shared_data import seed_path

SEED_SCORES = {
    "A1": 5, "A2": 2, "A3": 1, "A4": 2, "A5": 0,
    "B1": 2, "B2": 1, "B3": 1, "B4": 1, "B5": 1, "B6": 1, "B7": 2, "B8": 2,
    "C1": 1, "C2": 0, "C3": 2, "C4": 1, "C5": 2, "C6": 2, "C7": 2, "C8": 1,
}  # fmt: skip
SEED_MAXIMA = {
    "A1": 6, "A2": 3, "A3": 6, "A4": 6, "A5": 4,
    "B1": 6, "B2": 4, "B3": 4, "B4": 4, "B5": 4, "B6": 3, "B7": 4, "B8": 6,
    "C1": 6, "C2": 4, "C3": 6, "C4": 4, "C5": 6, "C6": 6, "C7": 5, "C8": 3,
}  # fmt: skip
EXPECTED_FINDINGS = {
    ("duplicate-paragraph", "warning", "B1"),
    ("mixed-script", "warning", "A4"),
    ("mixed-script", "warning", "C6"),
    ("lookalike-characters", "warning", "C5"),
    ("lookalike-characters", "warning", "C6"),
    ("sidebar-score", "info", "sidebar"),
}


@pytest.fixture(scope="module")
def seed() -> Assessment:
    return read_report(seed_path())


def test_headline(seed: Assessment) -> None:
    assert (seed.country.name, seed.country.iso3) == ("Kazakhstan", "KAZ")
    assert seed.edition == 2022
    assert seed.language == "ru"
    assert seed.scale.value == "higher_is_freer"
    assert seed.methodology == "fotn-2019"
    assert seed.status is not None and seed.status.value == "not_free"
    assert seed.total == 32
    assert {k: (c.score, c.max) for k, c in seed.categories.items()} == {"A": (10, 25), "B": (11, 35), "C": (11, 40)}
    assert seed.previous.total == 33
    assert seed.previous.status is not None and seed.previous.status.value == "not_free"
    assert seed.coverage is not None
    assert (seed.coverage.start, seed.coverage.end) == (date(2021, 6, 1), date(2022, 5, 31))
    assert seed.provenance is not None and seed.provenance.inferred == ["edition"]


def test_all_21_indicators(seed: Assessment) -> None:
    assert [i.id for i in seed.indicators] == list(SEED_SCORES)
    assert {i.id: i.score for i in seed.indicators} == SEED_SCORES
    assert {i.id: i.max for i in seed.indicators} == SEED_MAXIMA
    assert all(i.question and i.question.endswith("?") for i in seed.indicators)
    assert all(i.paragraphs for i in seed.indicators)


def test_score_change_a3(seed: Assessment) -> None:
    changes = {i.id: i.score_change for i in seed.indicators if i.score_change}
    assert list(changes) == ["A3"]
    assert (changes["A3"].from_, changes["A3"].to) == (2, 1)


def test_footnote_markers_all_in_order(seed: Assessment) -> None:
    assert seed.footnote_count == 284
    assert [m.number for m in seed.footnote_markers] == list(range(1, 285))
    assert [m.number for m in seed.footnote_markers if m.location == "overview"] == [1, 2]
    assert sum(len(i.footnotes) for i in seed.indicators) == 282


def test_key_developments_and_sidebar(seed: Assessment) -> None:
    assert len(seed.key_developments) == 6
    assert [r.target for r in seed.key_developments_cross_references][:3] == ["A3", "B1", "B2"]
    assert seed.sidebar.internet_freedom_score == 34
    assert seed.sidebar.key_internet_controls == {
        "connectivity_restricted": True,
        "content_blocked": True,
        "progovernment_commentators": True,
        "users_arrested": True,
    }
    assert [(o.name, o.score) for o in seed.sidebar.other_indices] == [("Global Freedom Score", 23)]


def test_cyrillic_lookalike_cross_references_fold(seed: Assessment) -> None:
    c5 = seed.indicator("C5")
    c6 = seed.indicator("C6")
    assert c5 is not None and c6 is not None
    assert ("А3", "A3") in [(r.written, r.target) for r in c5.cross_references]
    assert ("С5", "C5") in [(r.written, r.target) for r in c6.cross_references]


def test_exactly_the_real_findings(seed: Assessment) -> None:
    findings = run_checks(seed)
    assert {(f.rule, f.severity.value, f.location) for f in findings} == EXPECTED_FINDINGS
    assert len(findings) == len(EXPECTED_FINDINGS)
    assert not any(f.severity is Severity.ERROR for f in findings)
    sidebar = next(f for f in findings if f.rule == "sidebar-score")
    assert "34" in sidebar.message and "32" in sidebar.message


@pytest.mark.parametrize(
    "encode",
    [
        pytest.param(lambda t: t.encode("cp1251", errors="replace"), id="cp1251"),
        pytest.param(lambda t: t.encode("utf-16"), id="utf-16-bom"),
        pytest.param(lambda t: t.encode("utf-16-le"), id="utf-16-le-no-bom"),
        pytest.param(lambda t: t.encode("utf-8-sig"), id="utf-8-bom"),
        pytest.param(lambda t: t.replace("\n", "\r\n").encode("utf-8"), id="crlf"),
        pytest.param(lambda t: t.replace("\n", "\r\n").encode("cp1251", errors="replace"), id="cp1251-crlf"),
    ],
)
def test_reencoded_seed_reads_the_same(seed: Assessment, encode) -> None:  # type: ignore[no-untyped-def]
    text = seed_path().read_text(encoding="utf-8")
    other = read_report_bytes(encode(text), file_name="seed")
    ignore = {"provenance"}
    if "cp1251" in str(other.provenance and other.provenance.encoding):
        # CP1251 has no Kazakh letters (Қ) or curly quotes: those become '?', nothing else changes.
        ignore |= {"overview", "key_developments", "indicators"}
        assert [(i.id, i.score, i.max) for i in other.indicators] == [(i.id, i.score, i.max) for i in seed.indicators]
        assert [m.number for m in other.footnote_markers] == list(range(1, 285))
    assert other.model_dump(exclude=ignore) == seed.model_dump(exclude=ignore)
