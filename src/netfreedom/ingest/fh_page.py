"""Reader for Freedom House country pages, 2019 edition onward, with any body language.

The layout (shared/reference/layouts.md, family 1, and the seed report): a score block in
English — country, status, total, "100", three lines ``A <category> <score> <max>``, "Last
Year's Score & Status", ``<score> 100 <status>``, a scale sentence — then the body in
English or a translation: overview, key developments with the coverage period, category
headings ``A. ...``, indicator blocks (``A1 (0-6)`` or ``B4 (0–4 баллов)`` header, question,
bare score, optional score-change note, narrative) and the "On <Country>" sidebar.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..countries import UnknownCountryError, resolve_country
from ..methodology import CURRENT, Methodology, Status, load_methodology
from ..model import (
    Assessment,
    CategoryScore,
    Country,
    CrossReference,
    FootnoteMarker,
    Indicator,
    OtherIndexScore,
    PreviousEdition,
    ScoreChange,
    Sidebar,
)
from .dates import parse_coverage
from .footnotes import FootnoteScanner
from .labels import STATUS_PATTERN, detect_scale, normalize_space, parse_status
from .references import find_cross_references, fold_lookalikes
from .result import ReadResult

READER_NAME = "fh-country-page"
READER_VERSION = "1.0"
UNKNOWN_COUNTRY = Country(name="Unknown", iso3="XXX")

_CATEGORY_LINE = re.compile(r"^([A-CАВС])\s+(\D+?)\s+(\d{1,2})\s*/?\s*(\d{1,2})$")
_LAST_YEAR = re.compile(r"^last year.s score\s*(?:&|and)\s*status$", re.I)
_SCORE_OF_100 = re.compile(rf"^(\d{{1,3}})\s*/?\s*100\s+({STATUS_PATTERN})$", re.I)
_BARE_NUMBER = re.compile(r"^(\d{1,3})(?:\.0+)?$")
_INDICATOR_HEADER = re.compile(
    r"^([A-CАВС])\s*([1-9])\s*\(\s*(\d{1,2})\s*[-–—]\s*(\d{1,2})\s*"
    r"(?:баллов|балла|балл|points?|pts\.?)?\s*\)$",
    re.I,
)
_CATEGORY_HEADING = re.compile(r"^([A-CАВС])\.\s+\S")
_OVERVIEW = {"overview", "резюме", "общее описание", "обзор"}
_KEY_DEVELOPMENTS = re.compile(r"^(?:key developments|основные события)", re.I)
_SIDEBAR = re.compile(r"^(?:On|О стране)\s+(\S.*)$")
_SCORE_CHANGE = re.compile(r"^(?:score change|изменение балла)\s*:", re.I)
_CHANGE_VALUES = re.compile(r"(?:from|с)\s+(\d{1,2})\s+(?:to|до)\s+(\d{1,2})", re.I)
_EDITION = re.compile(r"freedom on the net\s+((?:19|20)\d\d)", re.I)
_BULLET = re.compile(r"^[•·▪●*\-–]\s*")
_YES = {"yes", "да"}
_NO = {"no", "нет"}


@dataclass
class _Section:
    location: str
    paragraphs: list[str] = field(default_factory=list)


@dataclass
class _IndicatorBlock:
    heading: str
    written_id: str
    range_max: int
    lines: list[str] = field(default_factory=list)


@dataclass
class ScoreBlock:
    """What the head of the page says, each field ``None`` when not printed."""

    country: Country | None = None
    status: Status | None = None
    total: int | None = None
    categories: dict[str, tuple[int, int]] = field(default_factory=dict)
    previous: PreviousEdition = field(default_factory=PreviousEdition)
    methodology: Methodology | None = None

    @property
    def found(self) -> bool:
        """True when the block printed any score at all."""
        return self.total is not None or bool(self.categories)


def read_score_block(lines: list[str]) -> ScoreBlock:
    """Parse the head of the page (all lines before the first heading of the body)."""
    block = ScoreBlock()
    content = [line for line in lines if line]
    for line in content[:3]:
        try:
            block.country = resolve_country(line)
            break
        except UnknownCountryError:
            continue
    for index, line in enumerate(content):
        status = parse_status(line)
        if status is not None and block.status is None and block.total is None:
            block.status = status
            following = content[index + 1:index + 3]
            if following and _BARE_NUMBER.match(following[0]):
                block.total = int(_BARE_NUMBER.match(following[0]).group(1))  # type: ignore[union-attr]
            continue
        match = _CATEGORY_LINE.match(line)
        if match:
            category_id = fold_lookalikes(match.group(1))
            block.categories.setdefault(category_id, (int(match.group(3)), int(match.group(4))))
            continue
        if _LAST_YEAR.match(line.replace("’", "'")) and index + 1 < len(content):
            value = _SCORE_OF_100.match(content[index + 1])
            if value:
                block.previous = PreviousEdition(total=int(value.group(1)), status=parse_status(value.group(2)))
    block.methodology = detect_scale("\n".join(content))
    return block


def looks_like_fh_page(text: str) -> float:
    """Confidence 0..1 that ``text`` is in this layout."""
    head = [normalize_space(line) for line in text.split("\n", 200)[:200]]
    score = 0.0
    if sum(1 for line in head if _CATEGORY_LINE.match(line)) >= 2:
        score += 0.5
    if any(_LAST_YEAR.match(line.replace("’", "'")) for line in head):
        score += 0.1
    if detect_scale("\n".join(head)) is not None:
        score += 0.1
    if any(_INDICATOR_HEADER.match(normalize_space(line)) for line in text.split("\n")):
        score += 0.3
    return min(score, 1.0)


def _split_body(lines: list[str]) -> tuple[list[str], _Section, _Section, list[_IndicatorBlock], list[str]]:
    head: list[str] = []
    overview = _Section("overview")
    developments = _Section("key-developments")
    blocks: list[_IndicatorBlock] = []
    sidebar: list[str] = []
    state = "head"
    for line in lines:
        header = _INDICATOR_HEADER.match(line)
        if header:
            written = header.group(1) + header.group(2)
            blocks.append(_IndicatorBlock(line, written, int(header.group(4))))
            state = "indicator"
            continue
        if line.casefold() in _OVERVIEW and state in {"head", "overview"}:
            state = "overview"
            continue
        if _KEY_DEVELOPMENTS.match(line) and state in {"head", "overview"}:
            developments.location = "key-developments"
            developments.paragraphs.append(line)  # heading kept first, removed by caller
            state = "developments"
            continue
        if state != "head" and _CATEGORY_HEADING.match(line) and len(line) < 80:
            state = "category"
            continue
        sidebar_match = _SIDEBAR.match(line)
        if sidebar_match and state in {"indicator", "category"} and _is_country(sidebar_match.group(1)):
            state = "sidebar"
            sidebar.append(line)
            continue
        if not line:
            continue
        if state == "head":
            head.append(line)
        elif state == "overview":
            overview.paragraphs.append(line)
        elif state == "developments":
            developments.paragraphs.append(_BULLET.sub("", line))
        elif state == "indicator":
            blocks[-1].lines.append(line)
        elif state == "sidebar":
            sidebar.append(line)
    return head, overview, developments, blocks, sidebar


def _is_country(name: str) -> bool:
    try:
        resolve_country(name)
    except UnknownCountryError:
        return False
    return True


def _parse_score_change(paragraph: str) -> ScoreChange | None:
    if not _SCORE_CHANGE.match(paragraph):
        return None
    values = _CHANGE_VALUES.search(paragraph)
    if values is None:
        return None
    return ScoreChange(from_=int(values.group(1)), to=int(values.group(2)), text=paragraph)


def _build_indicator(block: _IndicatorBlock, methodology: Methodology) -> Indicator:
    indicator_id = fold_lookalikes(block.written_id)
    lines = list(block.lines)
    question = None
    if lines and not _BARE_NUMBER.match(lines[0]):
        question = lines.pop(0)
    score = None
    if lines and _BARE_NUMBER.match(lines[0]):
        score = int(lines.pop(0))
    change = next((c for c in map(_parse_score_change, lines) if c is not None), None)
    references: list[CrossReference] = []
    for paragraph in lines:
        references.extend(find_cross_references(paragraph))
    try:
        category = methodology.category_of(indicator_id).id
    except KeyError:
        category = indicator_id[0]
    return Indicator(
        id=indicator_id,
        heading=block.heading,
        category=category,
        max=block.range_max,
        score=score,
        question=question,
        paragraphs=lines,
        score_change=change,
        cross_references=references,
    )


def _read_sidebar(lines: list[str], methodology: Methodology) -> Sidebar:
    sidebar = Sidebar()
    labels = [(index, _BULLET.sub("", line)) for index, line in enumerate(lines) if _BULLET.match(line)]
    for index, label in labels:
        value = lines[index + 1] if index + 1 < len(lines) else ""
        if _BULLET.match(value):
            continue
        score = _SCORE_OF_100.match(value)
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


def _assign_footnotes(sections: list[tuple[str, list[str]]]) -> tuple[list[FootnoteMarker], dict[str, list[int]]]:
    scanner = FootnoteScanner()
    markers: list[FootnoteMarker] = []
    per_location: dict[str, list[int]] = {}
    for location, paragraphs in sections:
        for index, paragraph in enumerate(paragraphs):
            for hit in scanner.scan(paragraph):
                markers.append(FootnoteMarker(number=hit.number, location=location, paragraph=index, offset=hit.offset))
                per_location.setdefault(location, []).append(hit.number)
    return markers, per_location


def _body_language(paragraphs: list[str]) -> str:
    letters = [ch for text in paragraphs for ch in text if ch.isalpha()]
    if not letters:
        return "en"
    cyrillic = sum(1 for ch in letters if "\u0400" <= ch <= "\u04ff")
    return "ru" if cyrillic / len(letters) > 0.3 else "en"


def read_fh_page(text: str) -> ReadResult:
    """Read a country page in this layout.

    Never raises on odd text: parts that are missing are left empty (``None``) and the
    checks report them. ``found_report`` is False when neither a score block nor any
    indicator was found.
    """
    lines = [normalize_space(line) for line in text.split("\n")]
    head, overview, developments, blocks, sidebar_lines = _split_body(lines)
    block = read_score_block(head)
    inferred: list[str] = []
    methodology = block.methodology
    if methodology is None:
        methodology = load_methodology(CURRENT)
        inferred.append("scale")
    coverage = None
    if developments.paragraphs:
        coverage = parse_coverage(developments.paragraphs.pop(0))
    edition_match = _EDITION.search("\n".join(head))
    edition = int(edition_match.group(1)) if edition_match else None
    if edition is None and coverage is not None:
        edition = coverage.end.year
        inferred.append("edition")
    indicators = [_build_indicator(b, methodology) for b in blocks]
    sections = [("overview", overview.paragraphs), ("key-developments", developments.paragraphs)]
    sections += [(i.id, i.paragraphs) for i in indicators]
    markers, per_location = _assign_footnotes(sections)
    for indicator in indicators:
        indicator.footnotes = per_location.get(indicator.id, [])
    country = block.country
    if country is None and sidebar_lines:
        match = _SIDEBAR.match(sidebar_lines[0])
        if match and _is_country(match.group(1)):
            country = resolve_country(match.group(1))
            inferred.append("country")
    body = overview.paragraphs + developments.paragraphs + [p for i in indicators for p in i.paragraphs]
    categories = {
        c.id: CategoryScore(id=c.id, score=block.categories.get(c.id, (None, c.max))[0], max=c.max)
        for c in methodology.categories
    }
    for category_id, (score, maximum) in block.categories.items():
        if category_id not in categories:
            categories[category_id] = CategoryScore(id=category_id, score=score, max=maximum)
        elif maximum != categories[category_id].max:
            categories[category_id] = CategoryScore(id=category_id, score=score, max=maximum)
    references = [r for p in developments.paragraphs for r in find_cross_references(p)]
    assessment = Assessment(
        country=country or UNKNOWN_COUNTRY,
        edition=edition,
        language=_body_language(body),
        scale=methodology.scale.direction,
        methodology=methodology.id,
        coverage=coverage,
        status=block.status,
        total=block.total,
        categories=categories,
        previous=block.previous,
        overview=overview.paragraphs,
        key_developments=developments.paragraphs,
        key_developments_cross_references=references,
        indicators=indicators,
        sidebar=_read_sidebar(sidebar_lines, methodology),
        footnote_markers=markers,
    )
    return ReadResult(assessment, inferred, found_report=block.found or bool(blocks))
