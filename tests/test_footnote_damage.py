"""Footnotes survive damage (../shared/cases/README.md): the seed with one paragraph or one
marker lost, built at run time from the seed, costs only the lost numbers, and the
``footnote-sequence`` finding names exactly what is missing."""

from __future__ import annotations

import re

from netfreedom.checks import run_checks
from netfreedom.ingest import read_report_bytes
from netfreedom.model import Assessment

from .shared_data import seed_path


def _read(text: str) -> Assessment:
    assessment = read_report_bytes(text.encode("utf-8"), file_name="damaged.txt")
    return assessment.model_copy(update={"findings": run_checks(assessment)})


def _sequence_messages(assessment: Assessment) -> list[str]:
    return [f.message for f in assessment.findings if f.rule == "footnote-sequence"]


def test_lost_paragraph_costs_only_its_footnotes() -> None:
    lines = seed_path().read_text(encoding="utf-8").split("\n")
    lost = lines[85]  # line 86 carries footnotes 35-41
    assert re.search(r"\.35\b", lost) and re.search(r"\.40\b", lost)
    damaged = _read("\n".join(lines[:85] + lines[86:]))
    numbers = [m.number for m in damaged.footnote_markers]
    assert len(numbers) == 277
    assert numbers == [*range(1, 35), *range(42, 285)]
    assert _sequence_messages(damaged) == ["footnote 35-41 is missing before 42"]
    assert "duplicate-paragraph" in {f.rule for f in damaged.findings}


def _paragraphs(assessment: Assessment, location: str) -> list[str]:
    if location == "overview":
        return assessment.overview
    if location == "key-developments":
        return assessment.key_developments
    indicator = assessment.indicator(location)
    assert indicator is not None
    return indicator.paragraphs


def test_lost_marker_is_named_exactly() -> None:
    text = seed_path().read_text(encoding="utf-8")
    seed = read_report_bytes(text.encode("utf-8"), file_name="seed.txt")
    marker = next(m for m in seed.footnote_markers if m.number == 35)
    paragraph = _paragraphs(seed, marker.location)[marker.paragraph]
    assert paragraph[marker.offset : marker.offset + 2] == "35" and text.count(paragraph) == 1
    damaged = _read(text.replace(paragraph, paragraph[: marker.offset] + paragraph[marker.offset + 2 :]))
    numbers = [m.number for m in damaged.footnote_markers]
    assert numbers == [*range(1, 35), *range(36, 285)]
    assert _sequence_messages(damaged) == ["footnote 35 is missing before 36"]


def _marker_lines(text: str, seed: Assessment) -> dict[int, list[int]]:
    """Line index -> the footnote numbers printed on it, for each line of ``text`` holding
    exactly one paragraph that carries markers."""
    lines = text.split("\n")
    found: dict[int, list[int]] = {}
    for marker in seed.footnote_markers:
        paragraph = _paragraphs(seed, marker.location)[marker.paragraph]
        where = [index for index, line in enumerate(lines) if paragraph in line]
        if len(where) == 1:
            found.setdefault(where[0], []).append(marker.number)
    return found


def test_every_lost_paragraph_costs_only_its_own_footnotes() -> None:
    """Not one paragraph in particular: the seed with ANY one marker-carrying paragraph deleted
    keeps every other marker, and the one ``footnote-sequence`` finding names exactly the lost
    numbers (a loss at the very end has no later marker to show it, so it is left out)."""
    text = seed_path().read_text(encoding="utf-8")
    seed = read_report_bytes(text.encode("utf-8"), file_name="seed.txt")
    every = [m.number for m in seed.footnote_markers]
    lines = text.split("\n")
    marker_lines = _marker_lines(text, seed)
    assert len(marker_lines) > 100
    wrong = []
    for index, lost in marker_lines.items():
        if max(lost) == every[-1]:
            continue
        damaged = _read("\n".join(lines[:index] + lines[index + 1 :]))
        kept = [m.number for m in damaged.footnote_markers]
        low, high = min(lost), max(lost)
        gap = f"{low}" if low == high else f"{low}-{high}"
        expected = [f"footnote {gap} is missing before {high + 1}"]
        if kept != [n for n in every if n not in lost] or _sequence_messages(damaged) != expected:
            wrong.append((index + 1, lost, _sequence_messages(damaged)))
    assert not wrong, wrong
