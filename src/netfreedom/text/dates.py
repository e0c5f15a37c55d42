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
