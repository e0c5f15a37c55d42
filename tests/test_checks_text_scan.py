"""The narrative checks that work on a paragraph's start or on all paragraphs joined give the
same findings, in the right sections, as a paragraph-by-paragraph reading would."""

from __future__ import annotations

from netfreedom.checks import run_checks
from netfreedom.model.assessment import Assessment, FootnoteMarker

from .conftest import make_assessment


def _found(assessment: Assessment, rule: str) -> list[tuple[str, str]]:
    return [(f.location, f.message) for f in run_checks(assessment) if f.rule == rule]


def test_duplicate_paragraph_with_a_marker_at_the_edge_of_the_compared_start() -> None:
    # A marker standing across the 160th character, and one further on: the two copies
    # differ only by their markers, so they are the same paragraph.
    words = "the regulator ordered providers to slow down two messaging services in the capital "
    start = (words * 3)[:158]
    tail = "while the courts heard no appeal against the order."
    assessment = make_assessment()
    b1, b3 = assessment.indicator("B1"), assessment.indicator("B3")
    assert b1 is not None and b3 is not None
    b1.paragraphs = [start + "12" + tail + "13"]
    b3.paragraphs = ["An unrelated paragraph that is long enough to count here.", start + "40" + tail + "41"]
    assessment.footnote_markers = [
        FootnoteMarker(number=12, location="B1", paragraph=0, offset=158),
        FootnoteMarker(number=13, location="B1", paragraph=0, offset=158 + 2 + len(tail)),
        FootnoteMarker(number=40, location="B3", paragraph=1, offset=158),
        FootnoteMarker(number=41, location="B3", paragraph=1, offset=158 + 2 + len(tail)),
    ]
    found = _found(assessment, "duplicate-paragraph")
    assert [location for location, _ in found] == ["B3"]
    assert "paragraph 2 repeats a paragraph of B1" in found[0][1]
    assert "12" not in found[0][1] and "40" not in found[0][1]


def test_short_paragraphs_differing_only_in_spaces_are_duplicates() -> None:
    assessment = make_assessment()
    b1, b2 = assessment.indicator("B1"), assessment.indicator("B2")
    assert b1 is not None and b2 is not None
    b1.paragraphs = ["Two sites were   blocked for a week in March."]
    b2.paragraphs = ["  two sites were blocked for a week in march.  "]
    assessment.footnote_markers = []
    assert [location for location, _ in _found(assessment, "duplicate-paragraph")] == ["B2"]


def test_mixed_script_words_are_placed_in_their_sections() -> None:
    assessment = make_assessment()
    a2, c4 = assessment.indicator("A2"), assessment.indicator("C4")
    assert a2 is not None and c4 is not None
    assessment.overview = ["Обзор без смешанных слов и с English words only."]
    a2.paragraphs = ["Первый абзац.", "Оператор Bеeline повысил цены."]  # a Cyrillic е among Latin letters
    c4.paragraphs = ["Сервис Telegrам работал с перебоями."]  # Latin letters, then Cyrillic ones
    found = _found(assessment, "mixed-script")
    assert found == [
        ("A2", "the word 'Bеeline' mixes Latin and Cyrillic letters"),
        ("C4", "the word 'Telegrам' mixes Latin and Cyrillic letters"),
    ]
