"""Cells and column names of score tables: what a header means, and how a cell reads.

Used by :mod:`netfreedom.ingest.tables.reader`. Header names are compared case-, space- and
punctuation-insensitively (``"ISO_Code"``, ``"iso code"`` and ``"ISO-code"`` are the same),
with a trailing maximum ignored (``"A (/25)"``, ``"Total /100"``). Fields are ``country``,
``iso3``, ``edition``, ``status``, ``total``, the category ids ``A``/``B``/``C`` (also their
labels in the methodology, English or Russian, with or without the id), the indicator ids
``A1`` ... ``C8``, ``scale``, ``source_url`` and ``note``.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from functools import cache
from typing import Any

from netfreedom.methodology import CURRENT, LEGACY, Scale, Status, load_methodology

__all__ = [
    "FIELDS",
    "MISSING",
    "TREND_ARROWS",
    "VALUE_FIELDS",
    "cell_text",
    "edition_in_text",
    "field_for_header",
    "is_missing",
    "normalise",
    "parse_edition",
    "parse_number",
    "parse_scale",
    "parse_status",
]

MISSING = frozenset({"", "n/a", "na", "n.a.", "n.a", "-", "--", "—", "–", "..", "…", "none", "null", "nan", "?",
                     "#n/a", "#div/0!", "#value!", "#ref!", "#name?", "#num!", "#null!"})  # fmt: skip
"""Cell texts (compared in lower case) that mean "no value", spreadsheet error values included."""

_INFO_FIELDS = ("country", "iso3", "edition", "scale", "source_url", "note")

_SYNONYMS: dict[str, tuple[str, ...]] = {
    "country": ("country", "country name", "name", "country territory", "territory", "countries",
                "country or territory", "nation", "country region", "countryname",
                # data sets' own names: Quality of Government (cname), Our World in Data (Entity)
                "cname", "entity"),
    "iso3": ("iso3", "iso", "code", "iso code", "iso 3", "iso3 code", "iso alpha 3", "alpha 3",
             "iso 3166 alpha 3", "iso 3166 1 alpha 3", "country code", "iso a3",
             # two-letter codes resolve as well (a code column is read by resolve_country)
             "iso2", "iso 2", "iso2 code", "iso alpha 2", "alpha 2", "iso 3166 alpha 2", "iso 3166 1 alpha 2", "iso a2",
             # data sets' own names: Quality of Government (ccodealp), V-Dem (country_text_id), R/Stata (iso3c)
             "countrycode", "iso3c", "iso2c", "ccodealp", "country text id"),
    "edition": ("edition", "year", "fotn edition", "report year", "edition year", "fotn year"),
    "status": ("status", "fotn status", "freedom status", "internet freedom status"),
    "total": ("total", "score", "total score", "fotn score", "internet freedom score", "overall score"),
    "scale": ("scale", "published scale", "score scale", "scale direction"),
    "source_url": ("source url", "url", "source link", "link", "source", "source page"),
    "note": ("note", "notes", "comment", "comments", "remark", "remarks"),
}  # fmt: skip

_NON_WORD = re.compile(r"[\W_]+")
_TRAILING_MAXIMUM = re.compile(r"(?: (?:out of|of|max))? (?:100|25|35|40)$")
_NUMBER = re.compile(
    r"^([+-]?\d+)(?:[.,]0+)?(?:\s*(?:/|of|out of)\s*\d+)?\s*(?:[*†‡§¹²³⁴⁵⁶⁷⁸⁹⁰]+|\([a-z\d]{1,2}\)|\[[a-z\d]{1,2}\])?$",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_NAMED_YEAR = re.compile(
    r"(?:freedom[\s_-]+on[\s_-]+the[\s_-]+net|fotn)[\s_\-:'\"“”]*((?:19|20)\d\d)(?!\d)"
    r"|(?<!\d)((?:19|20)\d\d)[\s_-]*(?:edition|fotn|freedom[\s_-]+on[\s_-]+the[\s_-]+net)",
    re.IGNORECASE,
)
_FOOTNOTE_MARKS = re.compile(r"[*†‡§¹²³⁴⁵⁶⁷⁸⁹⁰]+")
TREND_ARROWS = "↑↓↗↘⇧⇩⬆⬇▲▼△▽"
"""Arrows that score tables put beside a name, status or score to show its trend since the
year before (Freedom House's "trend arrows")."""
_TREND = re.compile(rf"\s*(?:[{TREND_ARROWS}]+|\(\s*(?:[+\-−–]|[{TREND_ARROWS}])\s*\d{{1,2}}\s*\))\s*$")
_BRACKETED = re.compile(r"\(([^)]*)\)|\[([^\]]*)\]")


def normalise(text: str) -> str:
    """Lower case, punctuation and underscores made spaces, runs of spaces made one."""
    return " ".join(_NON_WORD.sub(" ", text.casefold()).split())


@cache
def _header_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for field, names in _SYNONYMS.items():
        for name in names:
            index[normalise(name)] = field
    methodology = load_methodology(CURRENT)
    for category in methodology.categories:
        cid = category.id.lower()
        index[cid] = category.id
        index[f"category {cid}"] = category.id
        for label in category.label.values():
            words = normalise(label)
            for form in (words, f"{cid} {words}", f"{words} {cid}"):
                index[form] = category.id
        for indicator in category.indicators:
            index[indicator.id.lower()] = indicator.id
            index[f"{indicator.id.lower()} score"] = indicator.id
    return index


FIELDS: tuple[str, ...] = (
    *_INFO_FIELDS[:3],
    "status",
    "total",
    *(c.id for c in load_methodology(CURRENT).categories),
    *load_methodology(CURRENT).indicator_ids,
    *_INFO_FIELDS[3:],
)
"""Every field a column can hold."""

VALUE_FIELDS: frozenset[str] = frozenset(FIELDS) - frozenset(_INFO_FIELDS)
"""Fields that hold a score or the status."""

NAME_COLUMN_WORDS: frozenset[str] = frozenset(
    word
    for field in ("country", "iso3")
    for name in _SYNONYMS[field]
    for word in normalise(name).split()
    if len(word) > 2 and not word.isdigit()
)
"""Words one of which every header naming a country or code column holds (``country``,
``territory``, ``iso``, ``code`` ...): a row with none names no such column, so it is no
header unless the user's mapping names one of its cells."""


def field_for_header(header: str) -> str | None:
    """The field a column header names (``"Total Score"`` -> ``total``), or ``None``."""
    words = normalise(header)
    if not words:
        return None
    index = _header_index()
    if words in index:
        return index[words]
    shorter = _TRAILING_MAXIMUM.sub("", words).strip()
    return index.get(shorter) if shorter and shorter != words else None


_SERIAL_DATES_BEFORE = datetime(1910, 1, 1)
"""Dates before this are numbers a date format misshowed (see :func:`cell_text`)."""
_AMBIGUOUS_SERIAL_DATE = datetime(1900, 2, 28)  # Excel's serials 59 and 60 (its made-up 29 February 1900)


def _is_serial_date(value: Any) -> bool:
    return (
        isinstance(value, datetime)
        and value < _SERIAL_DATES_BEFORE
        and value.time() == time(0)
        and value != _AMBIGUOUS_SERIAL_DATE
    )


def cell_text(value: Any) -> str:
    """A cell as text: ``None`` -> ``""``, ``32.0`` -> ``"32"``, dates as ISO, text stripped.

    A midnight date before 1910 is a number that a date format showed as a date (the year
    2019 typed in a date-formatted cell is stored as 2019 and shown as 11 July 1905; no score
    table holds real dates of that time): it reads as that number, Excel's day serial
    (openpyxl's ``to_excel``), except 28 February 1900, which stands for 59 or 60."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if _is_serial_date(value):
        from openpyxl.utils.datetime import to_excel

        return str(int(to_excel(value)))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return " ".join(str(value).split())


def is_missing(text: str) -> bool:
    """True for an empty cell or a placeholder such as ``N/A`` or ``—``."""
    return text.strip().casefold() in MISSING


def parse_number(text: str) -> int | None:
    """A whole number (``"32"``, ``"32.0"``, ``"32/100"``, ``"32 of 100"``), also with a
    footnote mark (``"32*"``, ``"32¹"``, ``"32 (a)"``, ``"32 [1]"``) or a trend arrow or
    change after it (``"66 ↓"``, ``"64 (-2)"``, ``"66 (▼2)"``: :data:`TREND_ARROWS`), or
    ``None`` when it is not one."""
    match = _NUMBER.match(_TREND.sub("", text).strip())
    return int(match.group(1)) if match else None


def edition_in_text(text: str) -> int | None:
    """The edition a text names: the year joined to the programme's name or to "edition"
    (``Freedom on the Net 2018 (June 2017 - May 2018)`` -> 2018, ``FOTN_2015`` -> 2015,
    ``2016 edition`` -> 2016), else its only year; ``None`` when it names several years
    or none (``June 2016 - May 2017``: a coverage period alone is not an edition)."""
    named = {int(a or b) for a, b in _NAMED_YEAR.findall(text)}
    if len(named) == 1:
        return named.pop()
    years = {int(y) for y in _YEAR.findall(text)}
    return years.pop() if len(years) == 1 and not named else None


def parse_edition(text: str) -> int | None:
    """The edition year in a cell (``"2022"``, ``"2022.0"``, ``"FOTN 2022"``, ``"FOTN 2019
    (June 2018 - May 2019)"``: :func:`edition_in_text`), or ``None`` when there is no such
    year from 1900 to 2099."""
    number = parse_number(text)
    if number is not None:
        return number if 1900 <= number <= 2099 else None
    return edition_in_text(text)


@cache
def _status_words() -> dict[str, Status]:
    words: dict[str, Status] = {"f": Status.FREE, "pf": Status.PARTLY_FREE, "nf": Status.NOT_FREE,
                                "partially free": Status.PARTLY_FREE, "unfree": Status.NOT_FREE,
                                "notfree": Status.NOT_FREE, "partlyfree": Status.PARTLY_FREE,
                                "p f": Status.PARTLY_FREE, "n f": Status.NOT_FREE}  # fmt: skip
    for methodology_id in (CURRENT, LEGACY):
        for status, labels in load_methodology(methodology_id).statuses.items():
            words[normalise(status.value)] = status
            for label in labels.values():
                words[normalise(label)] = status
    return words


def parse_status(text: str) -> Status | None:
    """A status in any case and spelling (``"Not Free"``, ``"not_free"``, ``"NF"``,
    ``"Несвободна"``), also with footnote marks (``"Free¹"``, ``"Not Free*"``) or a
    bracketed note or abbreviation (``"Partly Free (PF)"``, ``"Not Free [a]"``); ``None``
    when the text names none, or names two that disagree (``"Free (NF)"``)."""
    words = _status_words()
    found = words.get(normalise(text))
    if found is not None:
        return found
    unmarked = _FOOTNOTE_MARKS.sub(" ", text)
    parts = [_BRACKETED.sub(" ", unmarked), *(a or b for a, b in _BRACKETED.findall(unmarked))]
    named = {status for part in parts if (status := words.get(normalise(part))) is not None}
    return named.pop() if len(named) == 1 else None


_SCALES = {
    Scale.LOWER_IS_FREER: ("lower is freer", "lower_is_freer", "legacy", "fotn legacy", "old", "0 best",
                           "0 best 100 worst", "0 most free", "reverse"),
    Scale.HIGHER_IS_FREER: ("higher is freer", "higher_is_freer", "current", "fotn 2019", "new", "100 best",
                            "100 most free", "0 least free 100 most free"),
}  # fmt: skip


def parse_scale(text: str | Scale) -> Scale | None:
    """A published scale (``lower_is_freer``/``legacy``, ``higher_is_freer``/``current``),
    or ``None`` when the text names neither."""
    if isinstance(text, Scale):
        return text
    words = normalise(text)
    for scale, names in _SCALES.items():
        if words in {normalise(n) for n in names}:
            return scale
    return None
