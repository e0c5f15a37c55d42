"""Reader for PDF chapters of the yearly Freedom on the Net books (editions 2013-2016).

Layout family 9 of shared/reference/layouts.md, reader ``pdf-book-chapter``. A chapter opens
with a two-column table of the previous and the current edition::

    2014 2015
    Internet Freedom Status   Not Free   Not Free
    Obstacles to Access (0-25)   14   15
    ...
    TOTAL* (0-100)   60   61
    * 0=most free, 100=least free

Text extracted from the PDF loses the layout: every token can stand on its own line or the
whole chapter on one line, labels are upper case and broken with hyphens, two-word statuses
are interleaved (``NOT`` ``NOT`` ``FREE`` ``FREE``), and the Quick Facts box ("POPULATION:",
"… BLOCKED: Yes") is mixed into the table. The reader therefore joins hyphenated line breaks,
flattens the text to one line, takes the Quick Facts out (they become the sidebar), and
reads the table from what is left. The current edition is the second column; the first
gives last year's total and status. Legacy books have no indicator scores (``indicators=[]``);
the introduction is kept as ``overview`` and the key-development bullets are kept.
"""

from __future__ import annotations

import re
from functools import lru_cache

from netfreedom.ingest.parts.labels import normalize_space, parse_status
from netfreedom.ingest.parts.legacy_fields import Field, FieldKind, sidebar_from_fields
from netfreedom.ingest.parts.legacy_parts import (
    LegacyReport,
    country_from_title,
    finish,
    parse_period,
    scale_of,
)
from netfreedom.ingest.parts.result import ReadResult
from netfreedom.methodology import LEGACY, Methodology, Status, load_methodology
from netfreedom.model.assessment import PreviousEdition

PDF_BOOK_READER = "pdf-book-chapter"
READER_VERSION = "1.0"

HEAD_CHARS = 8000
"""How much of the flattened chapter is searched for the table and the Quick Facts."""

_HYPHEN_BREAK = re.compile(r"(?<=[A-Za-z])-[ \t]*\r?\n[ \t]*(?=[A-Za-z])")
_YEARS = re.compile(r"(?=\b(?:fotn\s*)?((?:19|20)\d\d)\s+(?:fotn\s*)?((?:19|20)\d\d)\b)", re.IGNORECASE)
_STATUS_ROW = re.compile(
    r"(?:internet\s+freedom|freedom\s+on\s+the\s+net)\s+status\s*:?\s*((?:(?:not|partly|free|n/a)\b\s*)+)",
    re.IGNORECASE,
)
_RANGE_VALUES = r"\s*\(\s*0\s*[-–]\s*(\d{2,3})\s*\)\*?\s*(n/?a|\d{1,3})\b(?!\s*=)(?:\s+(\d{1,3})\b(?!\s*=))?"
"""A row's range and values; a number followed by ``=`` is the table's note (``* 0=most free``),
and so is a number after an asterisk set apart from the range (``(0-100) * 0`` of a page cut
inside the note); a footnote asterisk is glued to the range (``(0-100)*``)."""
_TOTAL_ROW = re.compile(r"\btotal\s*\*?" + _RANGE_VALUES, re.IGNORECASE)
_RANGE_START = re.compile(r"\(\s*0\s*[-–]\s*\d{2,3}\s*\)")
"""The start of every range the chapter's table prints: a cheap test before flattening."""
_TOTAL_RANGE = re.compile(r"\btotal\s*\*?\s*\(\s*0\s*[-–]\s*100\s*\)", re.IGNORECASE)
_EDITION_TITLE = re.compile(r"freedom\s+on\s+the\s+net\s+((?:19|20)\d\d)\b", re.IGNORECASE)
_KEY_DEVELOPMENTS = re.compile(r"\bkey\s+developments\b\s*[:,]?\s*", re.IGNORECASE)
_INTRODUCTION = re.compile(r"\b(?:INTRODUCTION|Introduction)\b(?!\s+of\b)")
_STATUS_WORDS = r"(partly\s+free|not\s+free|free)"
_FACTS: tuple[tuple[FieldKind, re.Pattern[str]], ...] = (
    (
        FieldKind.PRESS_FREEDOM,
        re.compile(r"(press\s+freedom(?:\s+(?:19|20)\d\d)?\s+status)\s*:\s*" + _STATUS_WORDS, re.IGNORECASE),
    ),
    (
        FieldKind.FREEDOM_IN_THE_WORLD,
        re.compile(r"(freedom\s+in\s+the\s+world(?:\s+(?:19|20)\d\d)?\s+status)\s*:\s*" + _STATUS_WORDS, re.IGNORECASE),
    ),
    (
        FieldKind.POPULATION,
        re.compile(r"(population(?:\s+(?:19|20)\d\d)?)\s*:\s*([\d.,]+\s*(?:million|billion|thousand)?)", re.IGNORECASE),
    ),
    (
        FieldKind.PENETRATION,
        re.compile(r"(internet\s+penetration(?:\s+(?:19|20)\d\d)?)\s*:\s*([\d.,]+\s*(?:percent|%)?)", re.IGNORECASE),
    ),
)
_GENERIC_CONTROL = re.compile(
    r"((?:[A-Za-z/]+\s+){0,4}?[A-Za-z/]*(?:blocked|arrested|restricted|attacked))\s*:\s*(yes|no)\b", re.IGNORECASE
)
_VALUE_WORDS = {"yes", "no", "free", "partly", "not", "percent", "million", "billion", "n/a"}


_PAGE_FOOTER = re.compile(r"(?:https?://|www\.)\S+|page\s+\d{1,3}(?:\s*(?:of|/)\s*\d{1,3})?", re.IGNORECASE)
_RUNNING_HEADER = re.compile(r"\W*(?:freedom\s+on\s+the\s+net(?:\s+(?:19|20)\d\d)?|freedom\s+house)\W*", re.IGNORECASE)
_PAGE_NUMBER = re.compile(r"\d{1,3}")


def without_page_breaks(text: str) -> str:
    """``text`` without the page breaks a PDF's text keeps inside the chapter: a line holding
    only a web address or ``Page N [of M]`` (the page footer), the line after it when it holds
    only a number (the page number), and the book's running header (``FREEDOM ON THE NET``,
    ``Freedom House``) standing alone just before or after them (blank lines between). A table
    cut by a page break is then read as one (``TOTAL* (0-100) 80`` / footer / ``82``). A number
    before the footer is kept: it may be the table's."""
    lines = text.split("\n")
    dropped: set[int] = set()
    for index, line in enumerate(lines):
        if not _PAGE_FOOTER.fullmatch(line.strip()):
            continue
        dropped.add(index)
        for step in (-1, 1):
            near, number_allowed = index + step, step == 1
            while 0 <= near < len(lines) and abs(near - index) <= 4:
                near_line = lines[near].strip()
                if near_line:
                    if number_allowed and _PAGE_NUMBER.fullmatch(near_line):
                        number_allowed = False
                    elif not _RUNNING_HEADER.fullmatch(near_line):
                        break
                    dropped.add(near)
                near += step
    return "\n".join(line for index, line in enumerate(lines) if index not in dropped) if dropped else text


def dehyphenate(text: str) -> str:
    """``text`` with words broken across lines by a hyphen joined again (``AR-\\nRESTED``)."""
    return _HYPHEN_BREAK.sub("", text)


def _flex(label: str) -> str:
    words = re.split(r"\s+|(?<=/)|(?=/)", label.strip())
    return r"\s*".join(re.escape(w) if w == "/" else re.escape(w) + r"\b" for w in words if w)


@lru_cache(maxsize=4)
def _control_patterns() -> tuple[re.Pattern[str], ...]:
    labels = {label for control in load_methodology(LEGACY).key_internet_controls for label in control.sidebar_labels}
    ordered = sorted(labels, key=len, reverse=True)
    return tuple(re.compile(rf"\b({_flex(label)})\s*:\s*(yes|no)\b", re.IGNORECASE) for label in ordered)


def _take(pattern: re.Pattern[str], text: str, kind: FieldKind, found: list[Field]) -> str:
    def keep(match: re.Match[str]) -> str:
        label = re.sub(r"\s*/\s*", "/", normalize_space(match.group(1)))
        if kind is FieldKind.CONTROL:
            words = label.split()
            while words and words[0].casefold() in _VALUE_WORDS:
                words.pop(0)
            label = " ".join(words)
        found.append(Field(kind=kind, label=label, value=match.group(2), line=match.start()))
        return " "

    return pattern.sub(keep, text)


def take_quick_facts(head: str) -> tuple[str, list[Field]]:
    """``head`` without its Quick Facts, and the facts as :class:`Field` records.

    Yes/No labels known to the methodology are matched first, then any other label ending
    in "blocked", "arrested", "restricted" or "attacked".
    """
    found: list[Field] = []
    for kind, pattern in _FACTS:
        head = _take(pattern, head, kind, found)
    for pattern in _control_patterns():
        head = _take(pattern, head, FieldKind.CONTROL, found)
    head = _take(_GENERIC_CONTROL, head, FieldKind.CONTROL, found)
    found.sort(key=lambda f: f.line)
    return normalize_space(head), found


def pair_statuses(tokens: list[str]) -> tuple[Status | None, Status | None]:
    """(previous, current) statuses from the status row's words, in either PDF order.

    Words in reading order (``Not Free Partly Free``) are read one status after another;
    otherwise four words are read as two interleaved lines (``Not Not Free Free`` = Not Free,
    Not Free). ``n/a`` stands for a country new in the edition. One status alone is the
    current one.
    """
    words = [t.casefold() for t in tokens]
    sequence: list[Status | None] = []
    index = 0
    while index < len(words):
        word = words[index]
        if word in {"not", "partly"} and index + 1 < len(words) and words[index + 1] == "free":
            sequence.append(parse_status(f"{word} free"))
            index += 2
        elif word in {"free", "n/a"}:
            sequence.append(parse_status(word))
            index += 1
        else:
            sequence = []
            break
    if len(sequence) == 2:
        return sequence[0], sequence[1]
    if len(words) == 4:
        previous, current = parse_status(f"{words[0]} {words[2]}"), parse_status(f"{words[1]} {words[3]}")
        if previous is not None and current is not None:
            return previous, current
    if len(sequence) == 1:
        return None, sequence[0]
    return None, None


_SPLIT_STATUS_ROW = re.compile(
    r"((?:\b(?:not|partly)\s+){2})(?:internet\s+freedom|freedom\s+on\s+the\s+net)\s+status\b"
    r"((?:(?!\b(?:not|partly|free)\b|\(\s*0\s*[-–]).){0,160}?)\b(free\s+free)\b",
    re.IGNORECASE,
)


def split_status_row(head: str) -> tuple[Status | None, Status | None]:
    """(previous, current) statuses of a two-column status row that the PDF text split around
    its label: the first words of both columns before it, ``free`` of both after it, maybe
    with a Quick Facts field between (``Not Not Internet Freedom Status … Free Free``). Read
    only when both columns have their first word (two ``not``/``partly`` before the label and
    two ``free`` after), so that no word is given to the wrong column."""
    match = _SPLIT_STATUS_ROW.search(head)
    if match is None:
        return None, None
    first, second = match.group(1).split()
    return parse_status(f"{first} free"), parse_status(f"{second} free")


def _number(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() else None


def _row(match: re.Match[str] | None, two_columns: bool) -> tuple[int | None, int | None, int | None]:
    """(maximum, previous, current) of a table row match. A row printing one number under a
    header of two years (``2014 2015``) lost the other: which column the number is in cannot
    be told (a page cut short keeps the first), so neither is read."""
    if match is None:
        return None, None, None
    maximum, first, second = match.group(1), match.group(2), match.group(3)
    if second is None:
        return int(maximum), None, None if two_columns else _number(first)
    return int(maximum), _number(first), _number(second)


def _category_row(label: str) -> re.Pattern[str]:
    return re.compile(rf"\b{_flex(label)}" + _RANGE_VALUES, re.IGNORECASE)


@lru_cache(maxsize=16)
def _flat(text: str) -> str:
    return normalize_space(dehyphenate(text))


def pdf_book_confidence(text: str) -> float:
    """Confidence 0..1 that ``text`` is a PDF chapter of a 2013-2016 book (family 9)."""
    if not _RANGE_START.search(text, 0, HEAD_CHARS * 2):
        return 0.0  # no "(0-25)" or "(0-100)" range: neither a total nor a category row can follow
    head = _flat(without_page_breaks(text[: HEAD_CHARS * 2]))[:HEAD_CHARS]
    labels = [c.label["en"] for c in load_methodology(LEGACY).categories]
    ranges = sum(
        1 for label in labels if re.search(rf"\b{_flex(label)}\s*\(\s*0\s*[-–]\s*\d{{2}}\s*\)", head, re.IGNORECASE)
    )
    total = bool(_TOTAL_RANGE.search(head))
    if not total and ranges < 2:
        return 0.0
    score = (0.45 if total else 0.0) + (0.3 if ranges >= 2 else 0.0)
    if re.search(r"internet\s+freedom\s+status", head, re.IGNORECASE):
        score += 0.1
    if any(int(m.group(2)) == int(m.group(1)) + 1 for m in _YEARS.finditer(head)):
        score += 0.1
    return min(score, 0.95)


def _narrative(text: str, flat: str, methodology: Methodology) -> tuple[list[str], list[str]]:
    """(overview paragraphs, key-development bullets)."""
    labels = "|".join(_flex(c.label["en"]) for c in methodology.categories)
    heading = re.compile(rf"\b(?:{labels})\b(?!\s*\(\s*0)", re.IGNORECASE)
    bullets: list[str] = []
    developments = _KEY_DEVELOPMENTS.search(flat)
    intro = _INTRODUCTION.search(flat, developments.end() if developments else 0)
    if developments:
        segment = flat[developments.end() : intro.start() if intro else len(flat)]
        period = parse_period(segment[:60])
        if period is not None:
            segment = re.sub(r"^[^•]*", "", segment, count=1)
        bullets = [normalize_space(b) for b in segment.split("•") if normalize_space(b)]
    paragraphs: list[str] = []
    if intro:
        lines = dehyphenate(text).split("\n")
        starts = [i for i, line in enumerate(lines) if line.strip().casefold() == "introduction"]
        if starts:
            block: list[str] = []
            for line in lines[starts[0] + 1 :]:
                bare = normalize_space(line)
                if heading.fullmatch(bare):
                    break
                if bare:
                    block.append(bare)
                elif block:
                    paragraphs.append(" ".join(block))
                    block = []
            if block:
                paragraphs.append(" ".join(block))
        else:
            end = heading.search(flat, intro.end())
            paragraph = normalize_space(flat[intro.end() : end.start() if end else len(flat)])
            paragraphs = [paragraph] if paragraph else []
    return paragraphs, bullets


def read_pdf_book(text: str) -> ReadResult:
    """Read a book chapter; never raises on odd text.

    ``found_report`` is False when the table gives neither a total nor a category score for
    the current edition. ``inferred`` may list ``scale`` (no scale note printed), ``edition``
    (taken from the coverage period) and ``country`` (title matched loosely).
    """
    flat = _flat(without_page_breaks(text[: HEAD_CHARS * 2]) + text[HEAD_CHARS * 2 :])
    head, facts = take_quick_facts(flat[:HEAD_CHARS])
    methodology, scale_assumed = scale_of(flat[:HEAD_CHARS])
    report = LegacyReport(methodology=methodology)
    if scale_assumed:
        report.inferred.append("scale")
    years = next((m for m in _YEARS.finditer(head) if int(m.group(2)) == int(m.group(1)) + 1), None)
    status_row = _STATUS_ROW.search(head)
    table_starts = [m.start() for m in (years, status_row, _TOTAL_RANGE.search(head)) if m is not None]
    if years is not None:
        report.edition = int(years.group(2))
    else:
        title = _EDITION_TITLE.search(head)
        report.edition = int(title.group(1)) if title else None
    previous_status = None
    if status_row is not None:
        previous_status, report.status = pair_statuses(status_row.group(1).split())
    else:
        previous_status, report.status = split_status_row(head)
    for category in methodology.categories:
        maximum, _, current = _row(_category_row(category.label["en"]).search(head), years is not None)
        report.categories[category.id] = (current, maximum)
    _, previous_total, report.total = _row(_TOTAL_ROW.search(head), years is not None)
    report.previous = PreviousEdition(total=previous_total, status=previous_status)
    prefix = head[: min(table_starts)] if table_starts else head[:200]
    country, loose = country_from_title([prefix])
    report.country = country
    if loose:
        report.inferred.append("country")
    developments = _KEY_DEVELOPMENTS.search(flat)
    report.coverage = parse_period(flat[developments.end() : developments.end() + 80]) if developments else None
    report.overview, report.key_developments = _narrative(text, flat, methodology)
    report.narrative_first = False
    report.sidebar = sidebar_from_fields(facts, methodology)
    return finish(report)
