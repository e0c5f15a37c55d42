"""Reader ``year-columns``: a score table with one column per edition whose numbers were glued.

Partner sites and PDF text sometimes print the score block as a table with a column for each
of several editions (oldest first, the report's own edition last), and the text extraction
runs the columns of each row together: a row ``Obstacles to Access (0-25 points)`` followed by
``10742`` holds 10, 7, 4 and 2. How many columns there are is printed too: a header of glued
years (``201920202021``) or the status row, which repeats the status once per column.

Each row is split into that many numbers, each at most the row's maximum, without leading
zeros. A row can often be split in more than one way (``10116`` is 10 | 11 | 6 or 10 | 1 | 16);
the total row settles it, as every column's categories add up to that column's total. Only a
split that is the single one fitting every row and every column is read; otherwise no score is
read and a reader note says how many splits fit. The last column is the report's edition, the
one before it last year's.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import product

from netfreedom.ingest.parts.labels import parse_status
from netfreedom.ingest.parts.result import ReadResult
from netfreedom.ingest.parts.vocabulary import body_language
from netfreedom.methodology import CURRENT, Methodology, load_methodology
from netfreedom.model.assessment import Assessment, CategoryScore, PreviousEdition, ReaderNote, reader_note

READER_NAME = "year-columns"
READER_VERSION = "1.0"

_RANGE = r"\(\s*0\s*[-–]\s*{maximum}\s*(?:points?|pts\.?)?\s*\)"
_GLUED = r"(?P<rest>[^\n]*?)(?P<digits>[0-9]+)[ \t]*$"
_STATUS = re.compile(r"(partly\s+free|not\s+free|free)(?![a-z])", re.IGNORECASE)
_STATUS_ROW = re.compile(r"^.*\b(?:internet\s+freedom|freedom\s+on\s+the\s+net)\s+status\b(.*)$", re.IGNORECASE | re.M)
_HYPHEN_BREAK = re.compile(r"(?<=[^\W\d_])-\n(?=[^\W\d_])")
_YEARS_ROW = re.compile(r"^[ \t]*((?:(?:19|20)\d\d[ \t]*){2,})$", re.MULTILINE)
_MAX_COLUMNS = 6
_HEAD = 20_000
"""How much of the text holds the table."""
_ANY_RANGE = re.compile(r"\(\s*0\s*[-–]\s*\d{2,3}\s*(?:points?|pts\.?)?\s*\)[^\n]*?[0-9]+[ \t]*$", re.MULTILINE)
"""A row's range with numbers at the end of its line: what every row of the table has."""


@cache
def _rows(methodology_id: str) -> tuple[tuple[str, int, re.Pattern[str]], ...]:
    """(category id or ``total``, maximum, row pattern) for each row of the table."""
    methodology = load_methodology(methodology_id)
    rows = []
    for category in methodology.categories:
        label = r"\s+".join(re.escape(word) for word in category.label["en"].split())
        pattern = rf"^[ \t]*(?:{category.id}\.?\s+)?{label}\s*{_RANGE.format(maximum=category.max)}{_GLUED}"
        rows.append((category.id, category.max, re.compile(pattern, re.IGNORECASE | re.MULTILINE)))
    total = rf"^[ \t]*total\s*\*?\s*{_RANGE.format(maximum=methodology.scale.max)}{_GLUED}"
    rows.append(("total", methodology.scale.max, re.compile(total, re.IGNORECASE | re.MULTILINE)))
    return tuple(rows)


def _glued_rows(text: str, methodology: Methodology) -> dict[str, tuple[str, int]]:
    """Row name -> (glued digits, maximum) for the rows printed with glued columns: digits
    longer than the row's maximum can be, and no other ASCII digit after the label."""
    found = {}
    for name, maximum, pattern in _rows(methodology.id):
        match = pattern.search(text)
        if match and not re.search(r"[0-9]", match.group("rest")) and len(match.group("digits")) > len(str(maximum)):
            found[name] = (match.group("digits"), maximum)
    return found


def _columns(text: str) -> tuple[int | None, list[int], list[str]]:
    """(number of columns or ``None`` when the printed counts disagree, the years of a year
    header, the statuses of the status row). A word of the status row's heading broken over
    two lines by a hyphen (``Inter-`` / ``net Freedom Status``, as PDF text keeps it) is
    joined first."""
    if "-\n" in text:
        text = _HYPHEN_BREAK.sub("", text)
    years_match = _YEARS_ROW.search(text)
    years = [int(y) for y in re.findall(r"(?:19|20)\d\d", years_match.group(1))] if years_match else []
    status_match = _STATUS_ROW.search(text)
    statuses = [m.group(1) for m in _STATUS.finditer(status_match.group(1))] if status_match else []
    counts = {count for count in (len(years), len(statuses)) if count}
    if len(counts) != 1:
        return None, years, statuses
    return counts.pop(), years, statuses


def splits(digits: str, parts: int, maximum: int) -> list[tuple[int, ...]]:
    """Every way to cut ``digits`` into ``parts`` numbers of at most ``maximum``, none with a
    leading zero: ``splits("10116", 3, 40)`` is ``[(10, 1, 16), (10, 11, 6)]``."""
    if parts == 0:
        return [()] if not digits else []
    out: list[tuple[int, ...]] = []
    for size in range(1, min(len(str(maximum)), len(digits)) + 1):
        head = digits[:size]
        if (size > 1 and head[0] == "0") or int(head) > maximum:
            continue
        out.extend((int(head), *rest) for rest in splits(digits[size:], parts - 1, maximum))
    return out


def looks_like_year_columns(text: str) -> float:
    """Confidence 0..1 that ``text`` prints a score table with glued edition columns."""
    if not _ANY_RANGE.search(text, 0, _HEAD):
        return 0.0  # spares the row patterns (tried at every line start) on other layouts
    glued = _glued_rows(text[:_HEAD], load_methodology(CURRENT))
    if len(glued) < 3:
        return 0.0
    columns, _, _ = _columns(text[:_HEAD])
    return 0.9 if columns is not None and columns >= 2 else 0.0


def _solve(glued: dict[str, tuple[str, int]], columns: int) -> list[dict[str, tuple[int, ...]]]:
    """Every assignment of splits to the rows that fits: each column's categories add up to
    its total when the total row is printed."""
    names = list(glued)
    options = [splits(glued[name][0], columns, glued[name][1]) for name in names]
    found = []
    for choice in product(*options):
        values = dict(zip(names, choice, strict=True))
        totals = values.get("total")
        categories = [v for name, v in values.items() if name != "total"]
        if totals is not None and any(sum(c[i] for c in categories) != totals[i] for i in range(columns)):
            continue
        found.append(values)
    return found


def read_year_columns(text: str) -> ReadResult:
    """Read the current edition's (last column) and last year's scores and statuses."""
    methodology = load_methodology(CURRENT)
    head = text[:_HEAD]
    glued = _glued_rows(head, methodology)
    columns, years, statuses = _columns(head)
    notes: list[ReaderNote] = []
    values: dict[str, tuple[int, ...]] = {}
    if columns is not None and 2 <= columns <= _MAX_COLUMNS:
        fits = _solve(glued, columns)
        if len(fits) == 1:
            values = fits[0]
        else:
            notes.append(
                reader_note(
                    "report",
                    "the score table runs {columns} edition columns together and "
                    "{ways} ways to split them fit: no score is read",
                    columns=columns,
                    ways=len(fits),
                )
            )
    else:
        notes.append(reader_note("report", "the score table's columns cannot be counted"))
    categories = {
        c.id: CategoryScore(id=c.id, score=values[c.id][-1] if c.id in values else None, max=c.max)
        for c in methodology.categories
    }
    totals = values.get("total")
    current_status = parse_status(statuses[-1]) if statuses else None
    previous_status = parse_status(statuses[-2]) if len(statuses) >= 2 else None
    lines = [line.strip() for line in text.split("\n") if len(line.strip()) > 80]
    assessment = Assessment(
        edition=years[-1] if years else None,
        language=body_language(lines),
        scale=methodology.scale.direction,
        methodology=methodology.id,
        status=current_status,
        total=totals[-1] if totals else None,
        categories=categories,
        previous=PreviousEdition(total=totals[-2] if totals else None, status=previous_status),
        reader_notes=notes,
    )
    return ReadResult(assessment, ["scale"], found_report=bool(values) or current_status is not None)
