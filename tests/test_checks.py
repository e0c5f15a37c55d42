"""One test (at least) per rule: it fires on a broken report and stays quiet on a good one."""

from __future__ import annotations

import pytest

from netfreedom.checks import RULES, run_checks
from netfreedom.ingest import read_report_bytes
from netfreedom.methodology import Status
from netfreedom.model.assessment import (
    Assessment,
    CrossReference,
    FootnoteMarker,
    ScoreChange,
)

from .conftest import make_assessment
from .shared_data import SAMPLES

SAMPLE_EN = SAMPLES / "exampleland-2023-en.txt"


def sample_text() -> str:
    return SAMPLE_EN.read_text(encoding="utf-8")


def read_text(text: str) -> Assessment:
    return read_report_bytes(text.encode("utf-8"), file_name="edited.txt")


def rules_found(assessment: Assessment, previous: Assessment | None = None) -> list[tuple[str, str]]:
    return [(f.rule, f.location) for f in run_checks(assessment, previous=previous)]


def test_the_sample_reports_are_clean() -> None:
    for name in ("exampleland-2023-en.txt", "exampleland-2023-ru.txt"):
        assessment = read_report_bytes((SAMPLES / name).read_bytes(), file_name=name)
        assert run_checks(assessment) == []


def test_every_rule_id_is_stable() -> None:
    assert list(RULES) == [
        "missing-score", "score-range", "category-sum", "total-sum", "status-band", "missing-indicator",
        "duplicate-indicator", "score-change", "previous-score", "sidebar-score", "footnote-sequence",
        "cross-reference", "lookalike-characters", "duplicate-paragraph", "mixed-script",
        "edition-coverage", "country-mismatch", "previous-range", "reader-note", "edition-deduction",
        "cross-source", "duplicate-source",
    ]  # fmt: skip


def test_score_range_and_category_sum() -> None:
    text = sample_text().replace("\n\n4\n\n", "\n\n9\n\n", 1)  # A1: 4 -> 9 (max 6)
    found = rules_found(read_text(text))
    assert ("score-range", "A1") in found
    assert ("category-sum", "category:A") in found


def test_range_in_heading_must_match_methodology() -> None:
    text = sample_text().replace("A1 (0-6)", "A1 (0-5)", 1)
    assert ("score-range", "A1") in rules_found(read_text(text))


def test_total_sum() -> None:
    text = sample_text().replace("\n55\n100\n", "\n57\n100\n", 1)
    found = rules_found(read_text(text))
    assert ("total-sum", "total") in found
    assert ("category-sum", "category:A") not in found


def test_status_band() -> None:
    text = sample_text().replace("\nPartly Free\n55\n", "\nFree\n55\n", 1)
    findings = run_checks(read_text(text))
    band = [f for f in findings if f.rule == "status-band"]
    assert len(band) == 1 and "70-100" in band[0].message


def test_status_band_in_legacy_scale() -> None:
    # 52 is Partly Free on the legacy scale (31-60), so "not free" at 52 is a finding.
    legacy = make_assessment(total=48).model_copy(
        update={
            "methodology": "fotn-legacy",
            "scale": "lower_is_freer",
            "total": 52,
            "status": Status.NOT_FREE,
            "indicators": [],
            "categories": {},
        }
    )
    assert ("status-band", "status") in rules_found(legacy)


def test_missing_and_duplicate_indicator() -> None:
    text = sample_text()
    start = text.index("B6 (")
    end = text.index("B7", start)
    without_b6 = text[:start] + text[end:]
    assert ("missing-indicator", "B6") in rules_found(read_text(without_b6))
    twice = text[:end] + text[start:end] + text[end:]
    assert ("duplicate-indicator", "B6") in rules_found(read_text(twice))


def test_missing_score_block_parts() -> None:
    text = sample_text().replace("B Limits on Content 22 35\n", "", 1)
    found = rules_found(read_text(text))
    assert ("missing-score", "category:B") in found


def test_score_change_note_must_match_score() -> None:
    text = sample_text().replace("declined from 5 to 4", "declined from 5 to 3", 1)
    found = rules_found(read_text(text))
    assert ("score-change", "A3") in found
    assert ("score-change", "total") in found  # notes now explain -3 of the -1 change


def test_score_change_against_stored_previous_edition() -> None:
    current = make_assessment(edition=2023, total=55)
    a3 = current.indicator("A3")
    assert a3 is not None and a3.score is not None
    a3.score_change = ScoreChange(from_=a3.score + 2, to=a3.score, text="Score Change: declined")
    previous = make_assessment(edition=2022, total=55)
    found = [(f.rule, f.location, f.severity.value) for f in run_checks(current, previous=previous)]
    assert ("score-change", "A3", "warning") in found  # previous A3 was a3.score, not +2


def test_unexplained_total_change() -> None:
    assessment = make_assessment(total=50, previous_total=53)
    assert ("score-change", "total") in rules_found(assessment)


def test_previous_score_against_store() -> None:
    current = make_assessment(edition=2023, total=50, previous_total=53)
    stored = make_assessment(edition=2022, total=52)
    findings = [f for f in run_checks(current, previous=stored) if f.rule == "previous-score"]
    assert [f.location for f in findings] == ["previous"]
    assert "53" in findings[0].message and "52" in findings[0].message
    assert not [
        f for f in run_checks(current, previous=make_assessment(edition=2022, total=53)) if f.rule == "previous-score"
    ]


def test_previous_score_converts_a_legacy_edition() -> None:
    current = make_assessment(edition=2019, total=60, previous_total=62)
    legacy = make_assessment(edition=2018, total=38).model_copy(
        update={"methodology": "fotn-legacy", "scale": "lower_is_freer", "status": Status.PARTLY_FREE}
    )
    assert not [f for f in run_checks(current, previous=legacy) if f.rule == "previous-score"]  # 100-38 = 62


def test_sidebar_score_is_info() -> None:
    text = sample_text().replace("55 100 partly free", "58 100 partly free", 1)
    findings = [f for f in run_checks(read_text(text)) if f.rule == "sidebar-score"]
    assert [(f.severity.value, f.location) for f in findings] == [("info", "sidebar")]


@pytest.mark.parametrize(
    ("numbers", "messages"),
    [
        ([1, 2, 4], ["footnote 3 is missing before 4"]),
        ([1, 2, 2], ["footnote 2 appears again"]),
        ([1, 3, 2], ["footnote 2 is missing before 3", "footnote 2 comes after 3"]),
        ([1, 2, 3], []),
    ],
)
def test_footnote_sequence(numbers: list[int], messages: list[str]) -> None:
    markers = [FootnoteMarker(number=n, location="A1", paragraph=0, offset=i) for i, n in enumerate(numbers)]
    assessment = make_assessment().model_copy(update={"footnote_markers": markers})
    found = [f.message for f in run_checks(assessment) if f.rule == "footnote-sequence"]
    assert found == messages


def test_footnote_gap_in_text_is_found() -> None:
    text = sample_text().replace("Norhaven4 ,", "Norhaven ,", 1)
    assert ("footnote-sequence", "A1") in rules_found(read_text(text))


def test_cross_reference_to_missing_indicator() -> None:
    text = sample_text().replace("(see A3).", "(see A9).", 1)
    assert ("cross-reference", "key-developments") in rules_found(read_text(text))


def test_lookalike_characters_in_reference_and_heading() -> None:
    text = sample_text().replace("(see A3).", "(see А3).", 1)  # Cyrillic А
    found = rules_found(read_text(text))
    assert ("lookalike-characters", "key-developments") in found
    assert not [r for r in found if r[0] == "cross-reference"]
    heading = sample_text().replace("C8 (", "С8 (", 1)  # Cyrillic С
    assert ("lookalike-characters", "C8") in rules_found(read_text(heading))


def test_duplicate_paragraph_ignores_footnote_markers() -> None:
    assessment = make_assessment()
    b1 = assessment.indicator("B1")
    assert b1 is not None
    sentence = "Several news sites stayed blocked through the whole year."
    b1.paragraphs = [sentence + "7", "Other text here, long enough."]
    b2 = assessment.indicator("B2")
    assert b2 is not None
    b2.paragraphs = [sentence + "9"]
    assessment.footnote_markers = [
        FootnoteMarker(number=7, location="B1", paragraph=0, offset=len(sentence)),
        FootnoteMarker(number=9, location="B2", paragraph=0, offset=len(sentence)),
    ]
    found = [f for f in run_checks(assessment) if f.rule == "duplicate-paragraph"]
    assert [(f.location, "B1" in f.message) for f in found] == [("B2", True)]


def test_mixed_script_word() -> None:
    text = sample_text().replace("Norhaven4 ,", "Norhаven4 ,", 1)  # Cyrillic а inside
    assert ("mixed-script", "A1") in rules_found(read_text(text))


def test_cross_references_are_recorded() -> None:
    assessment = read_text(sample_text())
    assert assessment.key_developments_cross_references[0] == CrossReference(target="A3", written="A3")


def test_edition_outside_any_real_edition() -> None:
    text = sample_text().replace("June 1, 2022 - May 31, 2023", "June 1, 9998 - May 31, 9999", 1)
    findings = [(f.rule, f.location) for f in run_checks(read_text(text))]
    assert ("edition-coverage", "report") in findings


def test_edition_disagreeing_with_coverage() -> None:
    assessment = make_assessment(edition=2023)
    assessment = assessment.model_copy(update={"edition": 2019})
    found = [(f.rule, f.severity.value) for f in run_checks(assessment)]
    assert ("edition-coverage", "warning") in found


def test_country_mismatch_between_title_and_sidebar() -> None:
    text = sample_text().replace("Exampleland\n", "Uzbekistan\n", 1)
    assert ("country-mismatch", "sidebar") in rules_found(read_text(text))


def test_previous_score_out_of_range() -> None:
    text = sample_text().replace("56 100 Partly Free", "999 100 Partly Free", 1)
    assert ("previous-range", "previous") in rules_found(read_text(text))


def test_a_missing_total_is_not_read_from_the_100_line() -> None:
    text = sample_text().replace("\nPartly Free\n55\n100\n", "\nPartly Free\n100\n", 1)
    assessment = read_text(text)
    assert assessment.total is None
    assert ("missing-score", "total") in rules_found(assessment)


def test_reader_notes_for_lines_it_could_not_place() -> None:
    text = sample_text().replace(
        "A Obstacles to Access 15 25\n", "A Obstacles to Access 15 25\nA Obstacles to Access 17 25\n", 1
    )
    text = text.replace("\n\n4\n\n", "\n\n4\n\n5\n\n", 1)  # A1: a second score line
    found = rules_found(read_text(text))
    assert ("reader-note", "category:A") in found
    assert ("reader-note", "A1") in found
