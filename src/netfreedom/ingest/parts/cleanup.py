"""Clean the lines of a current-era page before any reader looks at them.

Saved and printed copies of Freedom House pages carry noise that is not part of the report
(shared/reference/layouts.md): markup names leaking into the text (``header1 Overview``),
image labels (``Exampleland_hero``, ``Santa-Ilvera_hero_map``), print furniture in the middle
of the text (``Page 2 of 15``, page URLs, print time stamps, the browser title of each printed
page), dot-leader lines of a table of contents, and a no-break space that a PDF extractor turned
into ``Â``. :func:`clean_lines` drops or repairs them; :func:`find_title` reads the edition and
country from a title line such as ``Freedom on the Net 2023 - Exampleland``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from babel.dates import get_month_names

from netfreedom.ingest.parts.labels import normalize_space

_MARKUP_PREFIX = re.compile(r"^header[1-6]\s+", re.IGNORECASE)
_HERO = re.compile(r"^[\w .'’-]+?[_-]hero(?:[_-]map)?$", re.IGNORECASE)
_PAGE_NUMBER = re.compile(r"^page\s+\d{1,3}\s*(?:of|/)\s*\d{1,3}$", re.IGNORECASE)
_URL = re.compile(r"^(?:https?://|www\.)\S+(?:\s+\d{1,3}\s*/\s*\d{1,3})?$", re.IGNORECASE)
_STAMP = r"\d{1,2}[./]\d{1,2}[./]\d{2,4},?\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AP]M)?"
_TIME_STAMP = re.compile(rf"^{_STAMP}$", re.IGNORECASE)
_LEADING_STAMP = re.compile(rf"^{_STAMP}\s+", re.IGNORECASE)
_PRINT_TITLE = re.compile(r"\|\s*freedom house$", re.IGNORECASE)
_DOT_LEADER_REVERSED = re.compile(r"\d{1,3}\s*(?:(?:\s?\.){4,}|…{2,})")
"""A table of contents' dot leader and page number (``Overview .... 3``, ``… 12``) at the end of
a line, matched at the start of the line read backwards (:func:`_ends_with_dot_leader`)."""
_LEADER_TAIL = 24
_LEADER_CHARS = re.compile(r"[\d\s.…]*")
"""Every character a match of :data:`_DOT_LEADER_REVERSED` can take in."""
_BROKEN_NBSP = re.compile(r"Â(?=[\s\u00a0])")

_TITLE_FIRST = re.compile(r"^freedom on the net\s+((?:19|20)\d\d)\s*(?:[-–—:|]\s*(.+))?$", re.IGNORECASE)
_TITLE_COUNTRY_FIRST = re.compile(
    r"^(.+?)\s*[:|]\s*freedom on the net\s+((?:19|20)\d\d)(?:\s+country\s+report)?(?:\s*\|.*)?$",
    re.IGNORECASE,
)

_FOTN_WORDS = "freedom on the net"
"""What a title line holds (looked for in the case-folded line, several times faster than a
case-blind search): tested first, as the country-first title pattern is slow to fail on a long
paragraph."""


@cache
def _date_line() -> re.Pattern[str]:
    months = "|".join(get_month_names("wide", locale="en").values())
    return re.compile(rf"^(?:{months})\s+\d{{1,2}},\s+\d{{4}}$", re.IGNORECASE)


def clean_line(line: str) -> str:
    """One line with white space collapsed, ``Â`` no-break spaces repaired and markup
    prefixes removed; image labels and print furniture become ``""``."""
    text = normalize_space(_BROKEN_NBSP.sub(" ", line) if "Â" in line else line)
    if text[:1] in "hH" and text[:6].casefold() == "header":
        text = _MARKUP_PREFIX.sub("", text)
    if is_furniture(text):
        return ""
    return text


def is_furniture(line: str) -> bool:
    """True for a line that belongs to the print or the page template, not the report."""
    if not line:
        return False
    # Each pattern is tried only when the line's first or last character allows it: a long
    # paragraph is never case-folded or scanned whole here.
    first, last = line[0], line[-1]
    if last in "oOpP":  # "…_hero", "…_hero_map"
        if "hero" in line[-8:].casefold() and _HERO.match(line):
            return True
    elif last in "eE":  # "… | Freedom House"
        if line[-13:].casefold() == "freedom house" and _PRINT_TITLE.search(line):
            return True
    elif last.isdigit() and _ends_with_dot_leader(line):
        return True
    if first in "pP":
        if line[:4].casefold() == "page" and _PAGE_NUMBER.match(line):
            return True
    elif first in "hw":
        if _URL.match(line):
            return True
    elif first.isdigit() and _TIME_STAMP.match(line):
        return True
    return len(line) < 20 and last.isdigit() and bool(_date_line().match(line))


def _ends_with_dot_leader(line: str) -> bool:
    """True when ``line`` ends with a dot leader and a page number. Only its last
    :data:`_LEADER_TAIL` characters are turned round and matched (a paragraph ending with a
    footnote number is not copied whole): a match found in the whole line but not in them
    would take in every one of them, so the whole line is read only when they are all
    :data:`_LEADER_CHARS`."""
    tail = line[-_LEADER_TAIL:]
    if _DOT_LEADER_REVERSED.match(tail[::-1]):
        return True
    return (
        len(line) > _LEADER_TAIL
        and _LEADER_CHARS.fullmatch(tail) is not None
        and bool(_DOT_LEADER_REVERSED.match(line[::-1]))
    )


def _may_end_with_dot_leader(line: str) -> bool:
    """False when ``line``, a line with single spaces, cannot end with a dot leader: one
    takes in at most three digits, a space and four dots each after a space (or two ``…``),
    so its last twelve characters hold four dots or two ``…``."""
    tail = line[-12:]
    return tail.count(".") >= 4 or tail.count("…") >= 2


_FURNITURE_LAST = frozenset("oOpPeE")
_FURNITURE_FIRST = frozenset("pPhw")
"""The last and first characters (besides digits) of the lines :func:`is_furniture` may
find: ``…_hero``, ``…_hero_map``, ``… | Freedom House``; ``Page 2 of 15``, addresses."""


def clean_lines(text: str) -> list[str]:
    """The lines of ``text`` after :func:`clean_line` (dropped lines become empty strings,
    so line positions and paragraph breaks are kept). :func:`clean_line`'s steps are made
    here, each only when the line needs it: white space is collapsed only in a line that is
    not already normal (:func:`~netfreedom.ingest.parts.labels.normalize_space`), and
    :func:`is_furniture` is asked only about a line whose first or last character or length
    allows furniture (most lines are narrative): a line ending with a digit (a paragraph
    ending with a footnote number) and allowing no other furniture may only be a dot leader
    (:func:`_may_end_with_dot_leader`)."""
    out: list[str] = []
    append = out.append
    broken = "Â" in text
    for line in text.split("\n"):
        if not line:
            append("")
            continue
        if broken and "Â" in line:
            line = _BROKEN_NBSP.sub(" ", line)
        if line[0] == " " or line[-1] == " " or "  " in line or not line.isprintable():
            line = " ".join(line.split())  # as normalize_space: every white space counts
            if not line:
                append("")
                continue
        first = line[0]
        if first in "hH" and line[:6].casefold() == "header":
            line = _MARKUP_PREFIX.sub("", line)
            first = line[0]
        last = line[-1]
        maybe_furniture = (
            last in _FURNITURE_LAST
            or first in _FURNITURE_FIRST
            or first.isdigit()
            or len(line) < 20
            or (last.isdigit() and _may_end_with_dot_leader(line))
        )
        append("" if maybe_furniture and is_furniture(line) else line)
    return out


def count_furniture(text: str, limit: int = 400) -> int:
    """How many of the first ``limit`` lines are print furniture (a sign of a printed copy)."""
    lines = (normalize_space(line) for line in text.split("\n", limit)[:limit])
    printed = (_PAGE_NUMBER.match, _URL.match, _TIME_STAMP.match, _PRINT_TITLE.search)
    return sum(1 for line in lines if line and any(test(line) for test in printed))


@dataclass(frozen=True)
class Title:
    """What a title line says: the edition year and the country as written (either may be
    ``None``)."""

    edition: int | None = None
    country: str | None = None


def find_title(lines: list[str]) -> Title:
    """The first title line among ``lines`` (raw or cleaned): ``Freedom on the Net 2023 -
    Exampleland``, ``Exampleland: Freedom on the Net 2023 Country Report | Freedom House`` or
    a bare ``Freedom on the Net 2023``; an empty :class:`Title` when there is none."""
    for raw in lines:
        if ("t" not in raw and "T" not in raw) or (
            "et" not in raw and "ET" not in raw and "Et" not in raw and "eT" not in raw
        ):
            continue  # no "net" in any case, so no title (its letters match only their ASCII cases); one letter is found fastest
        line = normalize_space(raw)
        if line[:1].isdecimal():  # a time stamp starts with a digit
            line = _LEADING_STAMP.sub("", line)
        match = _TITLE_FIRST.match(line)
        if match:
            country = match.group(2)
            if country:
                country = _PRINT_TITLE.sub("", country).strip(" -–—|") or None
            return Title(int(match.group(1)), country)
        has_separator = ":" in line or "|" in line  # what the country-first title needs, before folding the line
        match = _TITLE_COUNTRY_FIRST.match(line) if has_separator and _FOTN_WORDS in line.casefold() else None
        if match:
            return Title(int(match.group(2)), match.group(1).strip())
    return Title()
