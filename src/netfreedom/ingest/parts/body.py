"""The body of a current-era page: overview, key developments, indicators and sidebar.

Indicator blocks come in several prints (shared/reference/layouts.md, "Indicator blocks"):

* translated pages: ``A1 (0-6)`` or ``B4 (0–4 баллов)``, the question, a bare score line;
* English FH pages: ``A1``, then the range ``1.00-6.00 pts0-6 pts`` (or ``0-6 pts``, or both
  on the id's line), the question, then score and maximum, often glued (``4.006`` is 4 of 6;
  ``6.006 6.006`` repeats it);
* ecoi.net copies: the question, then ``| 4 / 6 |`` (on its own line or at the end of the
  question), with or without an id before it — without one, the id is the next one of the
  methodology in order, starting from the category heading (``inferred`` then names
  ``indicator-ids``);
* printed copies: any of the above with the question wrapped over several lines.

A score-change note may follow the score; everything after the score is narrative.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from pydantic import TypeAdapter

from netfreedom.errors import NoReportFoundError
from netfreedom.ingest.formats.limits import MAX_INDICATOR_SECTIONS
from netfreedom.ingest.parts.labels import parse_status
from netfreedom.ingest.parts.score_block import SCORE_OF_100, category_of_label
from netfreedom.ingest.parts.vocabulary import (
    CHANGE_VALUES,
    KEY_DEVELOPMENTS,
    OVERVIEW_HEADINGS,
    SCORE_CHANGE,
    SIDEBAR,
)
from netfreedom.methodology import (
    Methodology,
    available_methodologies,
    load_methodology,
)
from netfreedom.model.assessment import (
    CrossReference,
    FootnoteMarker,
    Indicator,
    OtherIndexScore,
    ScoreChange,
    Sidebar,
)
from netfreedom.model.countries import UnknownCountryError, resolve_country
from netfreedom.text.footnotes import kept_markers
from netfreedom.text.references import find_cross_references, fold_lookalikes

_ID = r"([A-CАВС])\s*([1-9])"
_UNIT = r"(?:баллов|балла|балл|points?|pts\.?|puntos?|ptos\.?)"
_PAREN_HEADER = re.compile(rf"^{_ID}\s*\(\s*(\d{{1,2}})\s*[-–—]\s*(\d{{1,2}})\s*{_UNIT}?\s*\)$", re.IGNORECASE)
_RANGE = (
    rf"(?:\d{{1,2}}\.\d{{2}}\s*[-–—]\s*(\d{{1,2}})\.\d{{2}}\s*{_UNIT})?\s*"
    rf"(?:\d{{1,2}}\s*[-–—]\s*(\d{{1,2}})\s*{_UNIT})?"
)
_RANGE_LINE = re.compile(rf"^{_RANGE}$", re.IGNORECASE)
_ID_HEADER = re.compile(rf"^{_ID}\.?(?:\s+{_RANGE})?$", re.IGNORECASE)
_PIPE_SCORE = re.compile(r"^(.*?)\s*\|\s*(\d{1,2})\s*/\s*(\d{1,2})\s*\|?$")
_ID_FIRST = frozenset("ABCabcАВСавсᲀᲃ")
"""What an indicator header starts with: every character :data:`_ID` matches case-blind
(``ᲀ`` and ``ᲃ`` are old forms of ``в`` and ``с``)."""
_SIDEBAR_FIRST = frozenset("OОS")
"""What the sidebar heading (:data:`SIDEBAR`) starts with: Latin ``O``, Cyrillic ``О``, ``S``."""
_CATEGORY_HEADING = re.compile(r"^([A-CАВС])\.\s+\S")
_BULLET = re.compile(r"^[•·▪●*\-–]\s*")
_YES = {"yes", "да", "sí", "si"}
_NO = {"no", "нет"}


_LONGEST_OVERVIEW_HEADING = max(map(len, OVERVIEW_HEADINGS))


@dataclass
class IndicatorBlock:
    """The lines of one indicator as printed; ``written_id`` is ``None`` when the copy
    printed no id (ecoi.net), ``range_max`` ``None`` when it printed no range."""

    heading: str | None
    written_id: str | None
    range_max: int | None
    category: str | None = None
    lines: list[str] = field(default_factory=list)
    has_score: bool = False


@dataclass
class Body:
    """The page split into its parts; ``head`` is everything before the body starts."""

    head: list[str] = field(default_factory=list)
    overview: list[str] = field(default_factory=list)
    developments_heading: str | None = None
    developments: list[str] = field(default_factory=list)
    blocks: list[IndicatorBlock] = field(default_factory=list)
    sidebar: list[str] = field(default_factory=list)


@cache
def _largest_indicator_max() -> int:
    return max(i.max for m in available_methodologies() for i in load_methodology(m).indicators)


def _pipe_score(line: str) -> re.Match[str] | None:
    """``question | 4 / 6 |`` or ``| 4 / 6 |``, with a maximum an indicator can have."""
    if "|" not in line:
        return None  # spares the lazy scan of every narrative line
    match = _PIPE_SCORE.match(line)
    if match and 0 < int(match.group(3)) <= _largest_indicator_max():
        return match
    return None


def _range_max(match: re.Match[str], first_group: int) -> int | None:
    points, whole = match.group(first_group), match.group(first_group + 1)
    value = whole or points
    return int(value) if value else None


def _next_content(lines: list[str], index: int) -> tuple[int, str]:
    for other in range(index + 1, min(index + 4, len(lines))):
        if lines[other]:
            return other, lines[other]
    return index, ""


def match_header(lines: list[str], index: int) -> tuple[str, int | None, int] | None:
    """``(written id, range maximum, last line used)`` when an indicator header starts at
    ``lines[index]``, else ``None``."""
    line = lines[index]
    if line[:1] not in _ID_FIRST:
        return None  # spares both patterns on every narrative line
    second = line[1:2]  # the id's digit, or white space before it (``В 2023 году``: the patterns' turn)
    if not "1" <= second <= "9" and not (second.isspace() and ("1" <= line[2:3] <= "9" or line[2:3].isspace())):
        return None
    match = _PAREN_HEADER.match(line)
    if match:
        return match.group(1) + match.group(2), int(match.group(4)), index
    match = _ID_HEADER.match(line)
    if match is None:
        return None
    written = match.group(1) + match.group(2)
    maximum = _range_max(match, 3)
    if maximum is not None:
        return written, maximum, index
    following_at, following = _next_content(lines, index)
    range_match = _RANGE_LINE.match(following) if following else None
    if range_match and following.strip():
        return written, _range_max(range_match, 1), following_at
    if following.endswith("?") or _pipe_score(following):
        return written, None, index  # an id line, then straight to the question
    return None


def _category_heading(line: str) -> str | None:
    if len(line) >= 80:
        return None
    match = _CATEGORY_HEADING.match(line)
    if match:
        return fold_lookalikes(match.group(1))
    known = category_of_label(line)
    return known[0] if known else None


def _is_country(name: str) -> bool:
    try:
        resolve_country(name)
    except UnknownCountryError:
        return False
    return True


def _check_block_count(body: Body, more_lines: bool) -> None:
    """Raise :class:`NoReportFoundError` when ``body`` holds more indicator blocks than any
    report and lines are left to read."""
    if more_lines and len(body.blocks) > MAX_INDICATOR_SECTIONS:
        raise NoReportFoundError(
            f"more than {MAX_INDICATOR_SECTIONS:,} indicator headings: a list of headings, not a report"
        )


def split_body(lines: list[str]) -> Body:
    """Split cleaned lines into head, overview, key developments, indicator blocks and sidebar."""
    body = Body()
    state = "head"
    category: str | None = None
    loose: list[str] = []
    index = 0
    count = len(lines)
    while index < count:
        line = lines[index]
        if not line:
            index += 1
            continue
        # Each test below is tried only when the line's first character or length allows it
        # (the functions test that again): most lines are narrative.
        header = match_header(lines, index) if line[0] in _ID_FIRST else None
        if header:
            written, maximum, last = header
            body.blocks.append(IndicatorBlock(line, written, maximum, category))
            state, index = "indicator", last + 1
            _check_block_count(body, index < count)
            continue
        index += 1
        if (
            len(line) <= _LONGEST_OVERVIEW_HEADING
            and line.casefold() in OVERVIEW_HEADINGS
            and state in {"head", "overview"}
        ):
            state = "overview"
            continue
        if state in {"head", "overview"} and KEY_DEVELOPMENTS.match(line):  # the state first: cheaper
            body.developments_heading = line
            state = "developments"
            continue
        heading = _category_heading(line) if state != "head" and len(line) < 80 else None
        if heading is not None:
            category, state = heading, "category"
            loose = []
            continue
        sidebar_match = (
            SIDEBAR.match(line) if line[0] in _SIDEBAR_FIRST and state in {"indicator", "category"} else None
        )
        if sidebar_match and _is_country(sidebar_match.group(1)):
            state = "sidebar"
            body.sidebar.append(line)
            continue
        pipe = _pipe_score(line) if "|" in line else None
        if pipe and state in {"head", "indicator", "category", "developments"}:
            current = body.blocks[-1] if state == "indicator" else None
            if current is not None and not current.has_score:
                current.lines.append(line)
                current.has_score = True
                continue
            block = IndicatorBlock(None, None, int(pipe.group(3)), category, has_score=True)
            earlier = {"head": body.head, "developments": body.developments}
            previous_lines = current.lines if current is not None else earlier.get(state, loose)
            if not pipe.group(1) and previous_lines and previous_lines[-1].endswith("?"):
                block.lines.append(previous_lines.pop())
            block.lines.append(line)
            body.blocks.append(block)
            state = "indicator"
            _check_block_count(body, index < count)
            continue
        if state == "head":
            body.head.append(line)
        elif state == "overview":
            body.overview.append(line)
        elif state == "developments":
            body.developments.append(_BULLET.sub("", line))
        elif state == "indicator":
            body.blocks[-1].lines.append(line)
        elif state == "sidebar":
            body.sidebar.append(line)
        else:  # between a category heading and its first indicator
            loose.append(line)
    return body


def assign_ids(blocks: list[IndicatorBlock], methodology: Methodology) -> bool:
    """Give id-less blocks the next id of the methodology; True when any id was inferred."""
    order = list(methodology.indicator_ids)
    previous: str | None = None
    previous_category: str | None = None
    inferred = False
    for block in blocks:
        if block.written_id is None:
            if block.category is not None and block.category != previous_category:
                candidates = [i for i in order if methodology.category_of(i).id == block.category]
                chosen = candidates[0] if candidates else None
            elif previous in order and order.index(previous) + 1 < len(order):
                chosen = order[order.index(previous) + 1]
            else:
                chosen = None if previous else order[0]
            if chosen is not None:
                block.written_id = chosen
                inferred = True
        if block.written_id is not None:
            previous = fold_lookalikes(block.written_id)
            previous_category = block.category
    return inferred


_SCORE_WITH_CENTS = re.compile(r"(\d{1,2})\.\d{2}\s*/?\s*(\d{1,2})(?:\.00)?")
_SCORE_AND_MAXIMUM = re.compile(r"(\d{1,2})(?:\.00)?\s*(?:/\s*|\s+)(\d{1,2})(?:\.00)?")
_SCORE_ALONE = re.compile(r"(\d{1,3})(?:\.0+)?")
_MAXIMUM_ALONE = re.compile(r"(/)?\s*(\d{1,2})(?:\.00)?")
"""Score lines (:func:`parse_score_line`) and a maximum on its own line, matched whole."""


def parse_score_line(line: str, maximum: int | None) -> tuple[int, int | None] | None:
    """``(score, printed maximum or None)`` when ``line`` is an indicator's score line:
    ``4``, ``4.00``, ``4.006``, ``4.00 6``, ``6.006 6.006``, ``4 / 6``, ``| 4 / 6 |``, ``46``
    (4 and 6 glued, told apart with ``maximum``)."""
    text = line.strip().strip("|").strip()
    if not text[:1].isdecimal():
        return None  # every score line starts with a digit: spares splitting a question or a paragraph
    tokens = text.split()
    if len(tokens) == 2 and tokens[0] == tokens[1]:
        text = tokens[0]
    match = _SCORE_WITH_CENTS.fullmatch(text)
    if match:
        return int(match.group(1)), int(match.group(2))
    match = _SCORE_AND_MAXIMUM.fullmatch(text)
    if match:
        return int(match.group(1)), int(match.group(2))
    match = _SCORE_ALONE.fullmatch(text)
    if match is None:
        return None
    digits = match.group(1)
    if maximum is not None and len(digits) > 1 and (digits.startswith("0") or int(digits) > maximum):
        tail = str(maximum)
        if digits.endswith(tail) and len(digits) > len(tail) and int(digits[: -len(tail)]) <= maximum:
            return int(digits[: -len(tail)]), maximum
    return int(digits), None


def parse_score_change(paragraph: str) -> ScoreChange | None:
    """The score change a paragraph notes ("Score Change: ... from 5 to 4"), or ``None``."""
    if not SCORE_CHANGE.match(paragraph):
        return None
    values = CHANGE_VALUES.search(paragraph)
    if values is None:
        return None
    return ScoreChange.model_validate({"from": int(values.group(1)), "to": int(values.group(2)), "text": paragraph})


def _split_question_and_score(
    lines: list[str], maximum: int | None
) -> tuple[str | None, int | None, int | None, list[str]]:
    """(question, score, printed maximum, narrative) of an indicator's lines."""
    for at in range(min(len(lines), 5)):
        pipe = _pipe_score(lines[at])
        parsed = (int(pipe.group(2)), int(pipe.group(3))) if pipe else parse_score_line(lines[at], maximum)
        if parsed is None:
            continue
        asked = [*lines[:at], *([pipe.group(1)] if pipe and pipe.group(1) else [])]
        question = " ".join(asked) or None
        if question is not None and not question.rstrip().endswith("?") and at > 1:
            break
        rest = lines[at + 1 :]
        score, printed = parsed
        alone = _MAXIMUM_ALONE.fullmatch(rest[0]) if rest and printed is None else None
        if alone and (alone.group(1) or ("." in lines[at] and int(alone.group(2)) == maximum)):
            printed = int(alone.group(2))  # the maximum on its own line: "/6", or "6.00" after "4.00"
            rest.pop(0)
        return question, score, printed, rest
    rest = list(lines)
    question = rest.pop(0) if rest and parse_score_line(rest[0], maximum) is None else None
    return question, None, None, rest


def build_indicator(block: IndicatorBlock, methodology: Methodology) -> Indicator:
    """An :class:`Indicator` from its printed lines (id folded, category from the methodology)."""
    indicator_id = fold_lookalikes(block.written_id or "")
    try:
        spec_max: int | None = methodology.indicator(indicator_id).max
    except KeyError:
        spec_max = None
    question, score, printed, paragraphs = _split_question_and_score(block.lines, block.range_max or spec_max)
    maximum = block.range_max or printed or spec_max or 0
    references: list[CrossReference] = []
    for paragraph in paragraphs:
        references.extend(find_cross_references(paragraph))
    try:
        category = methodology.category_of(indicator_id).id
    except KeyError:
        category = indicator_id[:1]
    return Indicator(
        id=indicator_id,
        heading=block.heading,
        category=category,
        max=maximum,
        score=score,
        question=question,
        paragraphs=paragraphs,
        score_change=next((c for c in map(parse_score_change, paragraphs) if c is not None), None),
        cross_references=references,
    )


def read_sidebar(lines: list[str], methodology: Methodology) -> Sidebar:
    """The "On <Country>" box: yes/no controls, quoted scores, Freedom in the World status."""
    sidebar = Sidebar()
    heading = SIDEBAR.match(lines[0]) if lines else None
    if heading:
        sidebar.country = heading.group(1).strip()
    labels = [(index, _BULLET.sub("", line)) for index, line in enumerate(lines) if _BULLET.match(line)]
    for index, label in labels:
        value = lines[index + 1] if index + 1 < len(lines) else ""
        if _BULLET.match(value):
            continue
        score = SCORE_OF_100.match(value)
        folded = value.casefold()
        if label.casefold() == "internet freedom score" and score:
            sidebar.internet_freedom_score = int(score.group(1))
        elif score:
            sidebar.other_indices.append(
                OtherIndexScore(name=label, score=int(score.group(1)), max=100, status=parse_status(score.group(2)))
            )
        elif folded in _YES or folded in _NO:
            control = methodology.key_control_for_label(label)
            target = sidebar.key_internet_controls if control else sidebar.unmapped_controls
            target[control.id if control else label] = folded in _YES
        elif label.casefold() == "freedom in the world status":
            sidebar.freedom_in_the_world_status = parse_status(value)
    return sidebar


_MARKER_LIST = TypeAdapter(list[FootnoteMarker])
"""Markers validated as one list in the core (half the time of one model per marker)."""


def assign_footnotes(sections: list[tuple[str, list[str]]]) -> tuple[list[FootnoteMarker], dict[str, list[int]]]:
    """Footnote markers of the sections in reading order, and the numbers per location."""
    locations = [location for location, paragraphs in sections for _ in paragraphs]
    indexes = [index for _, paragraphs in sections for index in range(len(paragraphs))]
    found = kept_markers([paragraph for _, paragraphs in sections for paragraph in paragraphs])
    fields = [
        {"number": number, "location": locations[at], "paragraph": indexes[at], "offset": offset}
        for at, number, offset in found
    ]
    per_location: dict[str, list[int]] = {}
    for at, number, _ in found:
        location = locations[at]
        if location in per_location:
            per_location[location].append(number)
        else:
            per_location[location] = [number]
    return _MARKER_LIST.validate_python(fields), per_location
