"""Coverage periods written in English, Russian, Spanish or German.

English: "June 1, 2021 - May 31, 2022" (hyphen, en or em dash), or months only as in
legacy pages ("June 2014 - May 2015", "May 2012 – April 2013": first to last day of the
months). Russian: "с 1 июня 2021 г. по 31 мая 2022 г.". Spanish: "1 de junio de 2021 - 31 de
mayo de 2022". German (ecoi.net's interface): "1. Juni 2021 – 31. Mai 2022". Month names come
from Babel's CLDR data (format and stand-alone, wide; genitive in Russian), so no month
list is kept here.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from functools import cache

from babel.dates import get_month_names

from netfreedom.model.assessment import CoveragePeriod


@cache
def _months() -> dict[str, int]:
    names: dict[str, int] = {}
    for locale in ("en", "ru", "es", "de"):
        for context in ("format", "stand-alone"):
            for number, name in get_month_names("wide", context=context, locale=locale).items():
                names[name.casefold()] = number
    names.setdefault("setiembre", 9)  # Spanish spelling used in parts of Latin America
    return names


_EN = re.compile(r"([A-Za-z]+)\s+(\d{1,2}),?\s+(\d{4})\s*(?:-|–|—|to)\s*([A-Za-z]+)\s+(\d{1,2}),?\s+(\d{4})")
_RU = re.compile(
    r"(?:с\s+)?(\d{1,2})\s+([а-яё]+)\s+(\d{4})(?:\s*г(?:ода|\.)?)?\s*(?:по|-|–|—|до)\s+"
    r"(\d{1,2})\s+([а-яё]+)\s+(\d{4})",
    re.IGNORECASE,
)

_ES = re.compile(
    r"(?:del?\s+)?(\d{1,2})\s+de\s+([a-záéíóúñ]+)\s+(?:de|del)\s+(\d{4})\s*"
    r"(?:-|–|—|al|a|hasta(?:\s+el)?)\s*(?:el\s+)?(\d{1,2})\s+de\s+([a-záéíóúñ]+)\s+(?:de|del)\s+(\d{4})",
    re.IGNORECASE,
)

_DE = re.compile(
    r"(\d{1,2})\.\s*([A-Za-zäöüÄÖÜ]+)\s+(\d{4})\s*(?:-|–|—|bis)\s*(\d{1,2})\.\s*([A-Za-zäöüÄÖÜ]+)\s+(\d{4})"
)
_MONTHS_ONLY = re.compile(r"\b([A-Za-z]{3,9})\s+(\d{4})\s*(?:-|–|—|to)\s*([A-Za-z]{3,9})\s+(\d{4})\b")


def _make(day: str, month: str, year: str) -> date | None:
    number = _months().get(month.casefold())
    if number is None:
        return None
    try:
        return date(int(year), number, int(day))
    except ValueError:
        return None


def parse_coverage(text: str) -> CoveragePeriod | None:
    """The first coverage period written in ``text``, or ``None``.

    Returns ``None`` too when the dates are impossible or the end precedes the start.
    """
    for match in _EN.finditer(text):
        m1, d1, y1, m2, d2, y2 = match.groups()
        start, end = _make(d1, m1, y1), _make(d2, m2, y2)
        if start and end and start <= end:
            return CoveragePeriod(start=start, end=end)
    for pattern in (_RU, _ES, _DE):  # day, month, year in all three
        for match in pattern.finditer(text):
            d1, m1, y1, d2, m2, y2 = match.groups()
            start, end = _make(d1, m1, y1), _make(d2, m2, y2)
            if start and end and start <= end:
                return CoveragePeriod(start=start, end=end)
    for match in _MONTHS_ONLY.finditer(text):
        m1, y1, m2, y2 = match.groups()
        start, end = _make("1", m1, y1), _make("1", m2, y2)
        if start and end and start < end:
            last_day = calendar.monthrange(end.year, end.month)[1]
            return CoveragePeriod(start=start, end=end.replace(day=last_day))
    return None


# --- Month-dated events and the edition whose coverage period holds them ---------------------

COVERAGE_WINDOWS: tuple[tuple[int, date, date], ...] = (
    (2012, date(2011, 1, 1), date(2012, 5, 31)),
    (2013, date(2012, 5, 1), date(2013, 4, 30)),
    (2014, date(2013, 5, 1), date(2014, 5, 31)),
)
"""The irregular coverage periods of editions 2012-2014 as ``(edition, first day, last day)``
(shared/reference/fotn-facts.md). From :data:`FIRST_REGULAR_EDITION` on, edition N covers
June 1 of N-1 to May 31 of N. Editions before 2012 have no window known here."""
FIRST_REGULAR_EDITION = 2015


def editions_covering(year: int, month: int) -> list[int]:
    """Every edition whose coverage period holds the whole month ``month`` of ``year``: one
    edition, or none for a month before 2011 (or in two overlapping windows, May 2012: both
    2012 and 2013 are returned, so a caller asking for one edition gets none)."""
    first = date(year, month, 1)
    last = first.replace(day=calendar.monthrange(year, month)[1])
    found = [edition for edition, start, end in COVERAGE_WINDOWS if start <= first and last <= end]
    regular = year + 1 if month >= 6 else year
    if regular >= FIRST_REGULAR_EDITION:
        found.append(regular)
    return found


_RU_STEM_END = "аяьйе"
"""Endings stripped from a Russian month word to compare its stem (январь, января, январе)."""


@cache
def _month_words() -> tuple[dict[str, int], dict[str, int]]:
    """``(exact names, Russian stems)``: month names in English, Spanish and German (Babel's
    CLDR data, wide and abbreviated), and the stems of the Russian names, so that the
    nominative, genitive and prepositional forms all resolve."""
    exact: dict[str, int] = {}
    stems: dict[str, int] = {}
    for locale in ("en", "es", "de"):
        for width in ("wide", "abbreviated"):
            for number, name in get_month_names(width, context="format", locale=locale).items():
                exact.setdefault(name.casefold().rstrip("."), number)
    exact["sept"] = 9
    exact["setiembre"] = 9
    for context in ("format", "stand-alone"):
        for number, name in get_month_names("wide", context=context, locale="ru").items():
            stems[name.casefold().rstrip(_RU_STEM_END)] = number
    return exact, stems


def month_number(word: str) -> int | None:
    """The month a word names (``October``, ``Okt``, ``octubre``, ``октября``, ``октябре``), or
    ``None``."""
    if word == "may":
        return None  # the English verb; the month is written "May"
    folded = word.casefold()
    exact, stems = _month_words()
    if folded in exact:
        return exact[folded]
    if "а" <= folded[:1] <= "я":
        return stems.get(folded.rstrip(_RU_STEM_END))
    return None


MONTH_DATE = re.compile(
    r"(?<![\w-])([^\W\d_]{3,10})\.?\s+(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?(?:de\s+|del\s+)?((?:19|20)\d\d)(?![\w-])"
)
"""A word then a year, with a day or ``de`` between: the candidates for a month-dated event
(``October 2015``, ``October 23, 2015``, ``octubre de 2015``, ``Oktober 2015``, ``октябре 2015``);
:func:`month_dates` keeps those whose word is a month."""


def month_dates(text: str) -> list[tuple[int, int, int, int]]:
    """Every month-dated mention in ``text`` as ``(start offset, end offset, year, month)``,
    in order. One pass of :data:`MONTH_DATE`."""
    found = []
    for match in MONTH_DATE.finditer(text):
        month = month_number(match.group(1))
        if month is not None:
            found.append((match.start(), match.end(), int(match.group(2)), month))
    return found
