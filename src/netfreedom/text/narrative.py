"""A report's narrative as safe HTML, built once when the report is stored.

A stored paragraph is plain text with footnote numbers glued in (their places are listed in
``Assessment.footnote_markers``) and cross-references such as "(see B1)" or
"(см. раздел А3)". :func:`paragraph_html` escapes the text, turns each marker into a
superscript and each reference into ``<a href="#B1" class="xref">``, and passes the result
through :func:`~netfreedom.text.safe_html.clean_html` (defence in depth: the text is escaped
before any tag is added).

:func:`build_narrative` does this for a whole assessment and returns a JSON-ready
:data:`Narrative` that the store keeps beside each stored revision
(:mod:`netfreedom.store.narratives`), so a page shows the narrative without building it.
Footnote markers become links to the report's sources list and back: the marker
``<sup class="fn" id="fnref-7"><a href="#fn-7">7</a></sup>``, the list entry ``id="fn-7"``
(drawn by the page) linking back to ``#fnref-7``; a number printed again further on gets
``fnref-7-2`` and so on. Cross-reference titles name the indicator's topic in the report's
own language (they sit in its text). :data:`NARRATIVE_FORMAT` grows whenever the HTML this
module builds changes, so stored narratives of an older format are rebuilt.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from markupsafe import escape

from netfreedom.errors import MethodologyError
from netfreedom.methodology import Methodology, load_methodology
from netfreedom.model.assessment import Assessment, FootnoteMarker, Indicator
from netfreedom.text.references import find_cross_references
from netfreedom.text.safe_html import clean_html

__all__ = [
    "NARRATIVE_FORMAT",
    "MarkerIndex",
    "Narrative",
    "build_narrative",
    "footnote_anchor",
    "marker_index",
    "paragraph_html",
]

NARRATIVE_FORMAT = 2
"""Version of the HTML :func:`build_narrative` writes; stored narratives of another version
are rebuilt on first read. 2: stored with the slim document beside it
(:mod:`netfreedom.store.narratives`)."""

Narrative = dict[str, Any]
"""``{"format": int, "overview": [html], "key_developments": [html], "indicators": {id:
[[html, is_score_change_note], ...]}, "footnotes": [{"number": int, "location": str,
"refs": [anchor id, ...]}]}``: every paragraph as safe HTML (``str``), and each footnote number
in order of first appearance with the anchors of its markers. JSON-ready."""

MarkerIndex = Mapping[tuple[str, int], Sequence[FootnoteMarker]]
"""Footnote markers keyed by (location, paragraph index), as :func:`marker_index` builds."""

_PARENTHESES = re.compile(r"\([^()]{1,200}\)")
_SPACE_BEFORE = {",", ".", ";", ":"}

_Span = tuple[int, int, str]
"""(start, end, HTML replacing text[start:end]) inside one paragraph."""


def marker_index(assessment: Assessment) -> dict[tuple[str, int], list[FootnoteMarker]]:
    """The assessment's footnote markers grouped by (location, paragraph index)."""
    index: dict[tuple[str, int], list[FootnoteMarker]] = defaultdict(list)
    for marker in assessment.footnote_markers:
        index[(marker.location, marker.paragraph)].append(marker)
    return dict(index)


def footnote_anchor(number: int) -> str:
    """The id of footnote ``number``'s entry in the sources list (``fn-7``)."""
    return f"fn-{number}"


def _marker_spans(text: str, markers: Sequence[FootnoteMarker], anchors: Mapping[int, str] | None) -> list[_Span]:
    spans: list[_Span] = []
    for marker in markers:
        digits = str(marker.number)
        start = marker.offset
        if text[start : start + len(digits)] != digits:
            continue  # a marker that no longer fits the text: leave the text as printed
        end = start + len(digits)
        if start > 0 and text[start - 1] == "[" and text[end : end + 1] == "]":
            start, end = start - 1, end + 1  # a marker printed in brackets: "word.[1]"
        elif text[end : end + 1] == " " and text[end + 1 : end + 2] in _SPACE_BEFORE:
            end += 1  # "word1 ," reads "word¹,"
        anchor = anchors.get(marker.offset) if anchors is not None else None
        if anchor is None:
            html = f'<sup class="fn">{marker.number}</sup>'
        else:
            html = (
                f'<sup class="fn" id="{anchor}"><a href="#{footnote_anchor(marker.number)}">{marker.number}</a></sup>'
            )
        spans.append((start, end, html))
    return spans


def _reference_spans(text: str, targets: Mapping[str, str]) -> list[_Span]:
    """Spans of the indicator ids inside "(see ...)" groups whose target is in ``targets``."""
    spans: list[_Span] = []
    for group in _PARENTHESES.finditer(text):
        inner = group.group(0)
        position = 0
        for reference in find_cross_references(inner):
            # not inside a longer id ("A31", "CA3"); a glued connector ("A3andB1") is fine
            written = re.compile(rf"(?<![0-9A-ZА-ЯЁ]){re.escape(reference.written)}(?![0-9])")
            found = written.search(inner, position)
            if found is None:
                continue
            position = found.end()
            if reference.target not in targets:
                continue
            start = group.start() + found.start()
            link = (
                f'<a href="#{escape(reference.target)}" class="xref" '
                f'title="{escape(targets[reference.target])}">{escape(reference.written)}</a>'
            )
            spans.append((start, start + len(reference.written), link))
    return spans


def paragraph_html(
    text: str,
    markers: Sequence[FootnoteMarker] = (),
    targets: Mapping[str, str] | None = None,
    anchors: Mapping[int, str] | None = None,
) -> str:
    """One paragraph as safe HTML (a ``str`` cleaned by nh3).

    ``markers`` are the footnote markers of this paragraph (offsets into ``text``); each
    becomes ``<sup class="fn">N</sup>``, taking with it the brackets of ``[N]`` or the space
    of ``N ,`` (a marker whose digits are not at its offset is left as text). ``anchors`` maps
    a marker's offset to its anchor id: such a marker is ``<sup class="fn" id="ANCHOR"><a
    href="#fn-N">N</a></sup>``. ``targets`` maps indicator ids to a title; a cross-reference
    to one of them becomes ``<a href="#ID" class="xref" title="...">`` around the id as
    written (Cyrillic look-alikes such as ``А3`` link to ``#A3``). Everything else is escaped.
    """
    spans = _marker_spans(text, markers, anchors) + _reference_spans(text, targets or {})
    spans.sort(key=lambda span: span[0])
    parts: list[str] = []
    position = 0
    for start, end, html in spans:
        if start < position:
            continue  # overlaps an earlier span: keep the earlier one
        parts.append(str(escape(text[position:start])))
        parts.append(html)
        position = end
    parts.append(str(escape(text[position:])))
    return clean_html("".join(parts))


def _localized(text: Mapping[str, str], language: str) -> str:
    return text.get(language) or text.get("en") or next(iter(text.values()), "")


def _targets(assessment: Assessment, methodology: Methodology | None) -> dict[str, str]:
    """Indicator id -> title ("B1: Blocking") of the indicators the report has, in its language."""
    titles = {}
    for indicator in assessment.indicators:
        try:
            topic = _localized(methodology.indicator(indicator.id).topic, assessment.language) if methodology else ""
        except KeyError:
            topic = ""
        titles[indicator.id] = f"{indicator.id}: {topic}" if topic else indicator.id
    return titles


def _anchors(assessment: Assessment) -> tuple[dict[tuple[str, int, int], str], list[dict[str, Any]]]:
    """Anchor id of every marker, keyed by (location, paragraph, offset), and the footnote
    list: each number once, in order of first appearance, with the anchors of its markers."""
    anchors: dict[tuple[str, int, int], str] = {}
    footnotes: dict[int, dict[str, Any]] = {}
    for marker in assessment.footnote_markers:
        entry = footnotes.setdefault(marker.number, {"number": marker.number, "location": marker.location, "refs": []})
        anchor = f"fnref-{marker.number}" + (f"-{len(entry['refs']) + 1}" if entry["refs"] else "")
        entry["refs"].append(anchor)
        anchors[(marker.location, marker.paragraph, marker.offset)] = anchor
    return anchors, list(footnotes.values())


def _section(
    location: str,
    paragraphs: Sequence[str],
    markers: MarkerIndex,
    targets: Mapping[str, str],
    anchors: Mapping[tuple[str, int, int], str],
) -> list[str]:
    html = []
    for number, text in enumerate(paragraphs):
        here = markers.get((location, number), ())
        offsets = {m.offset: anchors[(location, number, m.offset)] for m in here}
        html.append(paragraph_html(text, here, targets, offsets))
    return html


def _indicator(
    indicator: Indicator, markers: MarkerIndex, targets: Mapping[str, str], anchors: Mapping[tuple[str, int, int], str]
) -> list[list[Any]]:
    """``[[html, is_note], ...]`` of one indicator; a score-change note that is not one of the
    paragraphs comes first."""
    note = indicator.score_change.text.strip() if indicator.score_change is not None else None
    html = _section(indicator.id, indicator.paragraphs, markers, targets, anchors)
    rows: list[list[Any]] = [
        [body, note is not None and text.strip() == note] for body, text in zip(html, indicator.paragraphs, strict=True)
    ]
    if note and not any(is_note for _, is_note in rows):
        rows.insert(0, [paragraph_html(note), True])
    return rows


def build_narrative(assessment: Assessment) -> Narrative:
    """The :data:`Narrative` of ``assessment``: every paragraph as safe HTML with footnote
    links and cross-references (titles in the report's language; an unknown methodology
    gives titles of the bare ids). Pure: reads nothing but the methodology files."""
    try:
        methodology: Methodology | None = load_methodology(assessment.methodology)
    except MethodologyError:
        methodology = None
    markers = marker_index(assessment)
    targets = _targets(assessment, methodology)
    anchors, footnotes = _anchors(assessment)
    indicators: dict[str, list[list[Any]]] = {}
    for indicator in assessment.indicators:
        if indicator.id not in indicators:  # a repeated id: the first is the one pages show
            indicators[indicator.id] = _indicator(indicator, markers, targets, anchors)
    return {
        "format": NARRATIVE_FORMAT,
        "overview": _section("overview", assessment.overview, markers, targets, anchors),
        "key_developments": _section("key-developments", assessment.key_developments, markers, targets, anchors),
        "indicators": indicators,
        "footnotes": footnotes,
    }
