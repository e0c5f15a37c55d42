"""Read a whole current-era page into an :class:`~netfreedom.model.assessment.Assessment`.

Every current-era reader (FH page, ecoi.net copy, table extract, printed copy) runs the same
steps: clean the lines (:mod:`.cleanup`), split the body (:mod:`.body`), parse the score
block from the head (:mod:`.score_block`) and put the parts together here. The scale comes
from the page's own scale sentence (a 2016-2018 edition republished on the current site
states the current scale and is read on it), never from the year; the edition from a title,
else from the coverage period; the country from the block, else the title, else the sidebar.
What was worked out rather than printed is named in ``ReadResult.inferred``.
"""

from __future__ import annotations

import re

from netfreedom.ingest.parts.body import (
    Body,
    assign_footnotes,
    assign_ids,
    build_indicator,
    match_header,
    read_sidebar,
    split_body,
)
from netfreedom.ingest.parts.cleanup import clean_lines, find_title
from netfreedom.ingest.parts.result import ReadResult
from netfreedom.ingest.parts.score_block import (
    ScoreBlock,
    category_of_label,
    find_category_rows,
    read_score_block,
)
from netfreedom.ingest.parts.vocabulary import (
    KEY_DEVELOPMENTS,
    OVERVIEW_HEADINGS,
    SIDEBAR,
    body_language,
    parse_coverage,
)
from netfreedom.methodology import CURRENT, Methodology, load_methodology
from netfreedom.model.assessment import (
    Assessment,
    CategoryScore,
    Country,
    Indicator,
    ReaderNote,
    reader_note,
)
from netfreedom.model.countries import UnknownCountryError, resolve_country
from netfreedom.text.references import find_cross_references, fold_lookalikes

_EDITION = re.compile(r"freedom on the net\s+((?:19|20)\d\d)", re.IGNORECASE)
_TERMINAL = re.compile(r"[.?!:;…»”\"')\]]\d{0,3}$")
_TITLE_LINES = 80


def _country(name: str | None) -> Country | None:
    if not name:
        return None
    try:
        return resolve_country(name)
    except UnknownCountryError:
        return None


def _starts_block(lines: list[str], index: int) -> bool:
    line = lines[index]
    return bool(
        match_header(lines, index)
        or category_of_label(line)
        or KEY_DEVELOPMENTS.match(line)
        or line.casefold() in OVERVIEW_HEADINGS
        or SIDEBAR.match(line)
    )


def rejoin_wrapped(lines: list[str], wrap_chars: int = 70) -> list[str]:
    """Lines of a printed copy with wrapped paragraphs joined again.

    A line continues the previous non-empty one (across blank lines left by dropped print
    furniture) when it starts with a lower-case letter, or with a digit after a comma (a
    date cut after its day: ``May 31,`` / ``2023``); it also continues a long line
    (``wrap_chars`` or more) without final punctuation when it directly follows it and
    starts no heading or indicator.
    """
    out: list[str] = []
    last = -1  # index in ``out`` of the last non-empty line
    blank_run = 0
    for index, line in enumerate(lines):
        if not line:
            out.append(line)
            blank_run += 1
            continue
        previous = out[last] if last >= 0 else ""
        open_end = bool(previous) and not _TERMINAL.search(previous)
        lower = line[0].islower() or (previous.endswith(",") and line[0].isdigit())
        long_wrap = (
            blank_run == 0 and len(previous) >= wrap_chars and line[0].isupper() and not _starts_block(lines, index)
        )
        if open_end and (lower or long_wrap) and not match_header(out, last):
            joiner = "" if previous.endswith("-") else " "
            out[last] = previous + joiner + line
            del out[last + 1 :]
        else:
            out.append(line)
            last = len(out) - 1
        blank_run = 0
    return out


def _categories(block: ScoreBlock, methodology: Methodology) -> dict[str, CategoryScore]:
    categories = {
        c.id: CategoryScore(id=c.id, score=block.categories.get(c.id, (None, c.max))[0], max=c.max)
        for c in methodology.categories
    }
    for category_id, (score, maximum) in block.categories.items():
        if category_id not in categories or maximum != categories[category_id].max:
            categories[category_id] = CategoryScore(id=category_id, score=score, max=maximum)
    return categories


def _edition(text_lines: list[str], body: Body) -> int | None:
    title = find_title(text_lines[:_TITLE_LINES])
    if title.edition is not None:
        return title.edition
    match = _EDITION.search("\n".join(body.head))
    return int(match.group(1)) if match else None


_BLOCK_SCAN_LINES = 250


def _later_block(lines: list[str], body: Body, block: ScoreBlock) -> tuple[Body, ScoreBlock]:
    """The body and block that start after another index's block and overview (a landing
    page prints Freedom in the World first): the split is made again from the overview
    heading that precedes the first internet-freedom category line, when there is one."""
    rows = find_category_rows(lines[:_BLOCK_SCAN_LINES])
    if not rows:
        return body, block
    first = rows[0].index
    start = max((i + 1 for i in range(first) if lines[i].casefold() in OVERVIEW_HEADINGS), default=0)
    if start == 0:
        return body, block
    later = split_body(lines[start:])
    later_block = read_score_block(later.head)
    return (later, later_block) if later_block.found else (body, block)


def assemble(text: str, lines: list[str]) -> ReadResult:
    """Put the parts of cleaned ``lines`` (from ``text``) together; never raises on odd
    text: missing parts stay empty for the checks to report."""
    body = split_body(lines)
    block = read_score_block(body.head)
    if not block.found:
        body, block = _later_block(lines, body, block)
    inferred: list[str] = []
    methodology = block.methodology
    if methodology is None:
        methodology = load_methodology(CURRENT)
        inferred.append("scale")
    coverage = parse_coverage(body.developments_heading) if body.developments_heading else None
    raw_lines = text.split("\n", _TITLE_LINES)[:_TITLE_LINES]
    edition = _edition(raw_lines, body)
    if edition is None and coverage is not None:
        edition = coverage.end.year
        inferred.append("edition")
    if assign_ids(body.blocks, methodology):
        inferred.append("indicator-ids")
    indicators = [build_indicator(b, methodology) for b in body.blocks]
    sections = [("overview", body.overview), ("key-developments", body.developments)]
    sections += [(i.id, i.paragraphs) for i in indicators]
    markers, per_location = assign_footnotes(sections)
    for indicator in indicators:
        indicator.footnotes = per_location.get(indicator.id, [])
    country = block.country
    if country is None:
        country = _country(find_title(raw_lines).country)
        if country is None and body.sidebar:
            match = SIDEBAR.match(body.sidebar[0])
            country = _country(match.group(1) if match else None)
        if country is not None:
            inferred.append("country")
    paragraphs = body.overview + body.developments + [p for i in indicators for p in i.paragraphs]
    assessment = Assessment(
        country=country,
        edition=edition,
        language=body_language(paragraphs),
        scale=methodology.scale.direction,
        methodology=methodology.id,
        coverage=coverage,
        status=block.status,
        total=block.total,
        categories=_categories(block, methodology),
        previous=block.previous,
        overview=body.overview,
        key_developments=body.developments,
        key_developments_cross_references=[r for p in body.developments for r in find_cross_references(p)],
        indicators=indicators,
        sidebar=read_sidebar(body.sidebar, methodology),
        footnote_markers=markers,
    )
    assessment.reader_notes = _notes(block, indicators)
    found = block.found or (bool(indicators) and not block.other_index_only)
    return ReadResult(assessment, inferred, found_report=found)


_LONE_NUMBER = re.compile(r"\d{1,3}(?:\.0+)?")


def _notes(block: ScoreBlock, indicators: list[Indicator]) -> list[ReaderNote]:
    """What was printed but could not be placed: repeated category lines that disagree, and
    numbers standing alone among an indicator's paragraphs (a second score line)."""
    notes: list[ReaderNote] = []
    for row in block.rows:
        category = fold_lookalikes(row.category)
        kept = block.categories.get(category)
        if kept is not None and kept != (row.score, row.maximum):
            notes.append(
                reader_note(
                    f"category:{category}",
                    "category {category} is printed again as {score}/{max}; the first line, {kept}/{kept_max}, was kept",
                    category=category,
                    score=row.score,
                    max=row.maximum,
                    kept=kept[0],
                    kept_max=kept[1],
                )
            )
    for indicator in indicators:
        for paragraph in indicator.paragraphs:
            lead = paragraph[:1]  # a lone number starts with a digit or white space: no copy of a paragraph
            if (lead.isdecimal() or lead.isspace()) and _LONE_NUMBER.fullmatch(paragraph.strip()):
                notes.append(
                    reader_note(
                        indicator.id,
                        "a paragraph holds only the number {number}: a second score line? The score read is {score}",
                        number=paragraph.strip(),
                        score=indicator.score,
                    )
                )
    return notes


def read_current_page(text: str, *, printed: bool = False) -> ReadResult:
    """Read a current-era page; ``printed`` joins lines wrapped by a PDF extractor first."""
    lines = clean_lines(text)
    if printed:
        lines = rejoin_wrapped(lines)
    return assemble(text, lines)
