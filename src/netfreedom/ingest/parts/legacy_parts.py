"""Pieces shared by the readers of legacy Freedom on the Net reports (editions 2011-2018).

* :func:`scale_of` — the methodology the text states ("0 = Best, 100 = Worst",
  "0=most free, 100=least free" → ``fotn-legacy``; "0 (least free) to 100 (most free)" →
  ``fotn-2019``), never the year (fotn-facts.md, "Two scale eras");
* :func:`parse_period` — a coverage period written with days ("June 1, 2017 - May 31, 2018")
  or with months only ("June 2014 - May 2015" → June 1 .. May 31);
* :func:`country_from_title` — the country from title lines, tolerating misspellings;
* :func:`key_developments` and :func:`overview` — the two narrative parts kept;
* :class:`LegacyReport` and :func:`finish` — what a reader found, turned into a
  :class:`~netfreedom.ingest.parts.result.ReadResult`.

Narrative decisions: legacy pages arrange the body by named sections, not indicator ids, so
the readers keep only the introduction (as ``overview``) and the key-development bullets.
Bullets ending "(see <Section Name>)" stay in the text as printed; no cross-reference is
recorded, because a section name is not an indicator id (the ``cross-reference`` check
would report every one of them).
"""

from __future__ import annotations

import calendar
import difflib
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources

import pycountry
import yaml
from babel.dates import get_month_names

from netfreedom.ingest.parts.labels import detect_scale, normalize_space
from netfreedom.ingest.parts.result import ReadResult
from netfreedom.methodology import (
    CURRENT,
    LEGACY,
    Methodology,
    Status,
    load_methodology,
)
from netfreedom.model.assessment import (
    Assessment,
    CategoryScore,
    Country,
    CoveragePeriod,
    FootnoteMarker,
    PreviousEdition,
    Sidebar,
)
from netfreedom.model.countries import UnknownCountryError, resolve_country
from netfreedom.text.dates import parse_coverage
from netfreedom.text.footnotes import find_markers

"""Placeholder when no country can be found; the ``missing-score`` check reports it."""

FUZZY_CUTOFF = 0.8
"""Smallest difflib ratio accepted between a misspelled title and a country name."""

_CURRENT_SCALE = re.compile(
    r"0\s*(?:\(\s*least\s+free\s*\)|=\s*least\s+free)\s*(?:to|,|-|–)\s*100\s*(?:\(\s*most\s+free\s*\)|=\s*most\s+free)",
    re.IGNORECASE,
)
_LEGACY_SCALE = re.compile(r"0\s*=\s*(?:best|most\s+free)\b|100\s*=\s*(?:worst|least\s+free)\b", re.IGNORECASE)
_MONTH_RANGE = re.compile(
    r"\b([A-Za-z]{3,9})\.?\s+((?:19|20)\d\d)\s*(?:-|–|—|to|through)\s*([A-Za-z]{3,9})\.?\s+((?:19|20)\d\d)\b"
)
_BULLET = re.compile(r"^[•·▪●◦*]\s*|^[-–]\s+")
_KEY_DEVELOPMENTS = re.compile(r"^key\s+developments\b\s*[:,.]?\s*(.*)$", re.IGNORECASE)
_OVERVIEW_HEADINGS = {"introduction", "overview"}
_TITLE_NOISE = re.compile(
    r"freedom\s+on\s+the\s+net|freedom\s+house|ecoi\.net|refworld|document\s*#?\s*\d+|country\s+reports?|"
    r"\bfotn\b|\b(?:19|20)\d\d\b",
    re.IGNORECASE,
)
_TITLE_SPLIT = re.compile(r"\s*[-–—|:,/]\s*")
_SENTENCE_END = tuple(".!?)\"”'’")


MAX_COUNTRY_NAME_CHARS = 64
"""Longest title piece tried as a country name (the longest ISO 3166 short names are ~45)."""


def scale_of(text: str) -> tuple[Methodology, bool]:
    """The methodology whose scale ``text`` states, and whether it had to be assumed.

    The current scale wins when its sentence is printed (an old edition republished in the
    current scale); the legacy scale is recognised by its notes. When neither is printed the
    legacy scale of these layouts is assumed and the second value is ``True`` (the reader
    then lists ``scale`` as inferred).
    """
    flat = normalize_space(text)
    if _CURRENT_SCALE.search(flat):
        return load_methodology(CURRENT), False
    if _LEGACY_SCALE.search(flat):
        return load_methodology(LEGACY), False
    stated = detect_scale(flat)
    if stated is not None:
        return stated, False
    return load_methodology(LEGACY), True


@cache
def _months() -> dict[str, int]:
    names: dict[str, int] = {"sept": 9}
    for width in ("wide", "abbreviated"):
        for number, name in get_month_names(width, locale="en").items():
            names[name.casefold().rstrip(".")] = number
    return names


def parse_period(text: str) -> CoveragePeriod | None:
    """The first coverage period in ``text``, with days or months only, or ``None``.

    "June 1, 2014 - May 31, 2015" is read as printed; "June 2014 - May 2015" (hyphen, en or
    em dash, "to") runs from the first day of the first month to the last day of the last.
    Impossible or backward periods give ``None``.
    """
    exact = parse_coverage(text)
    if exact is not None:
        return exact
    for match in _MONTH_RANGE.finditer(text):
        first, year1, last, year2 = match.groups()
        start_month, end_month = _months().get(first.casefold()), _months().get(last.casefold())
        if start_month is None or end_month is None:
            continue
        start = date(int(year1), start_month, 1)
        end = date(int(year2), end_month, calendar.monthrange(int(year2), end_month)[1])
        if start <= end:
            return CoveragePeriod(start=start, end=end)
    return None


@cache
def _country_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for entry in pycountry.countries:
        for name in (entry.name, getattr(entry, "common_name", None)):
            if name:
                names.setdefault(name.casefold(), entry.alpha_3)
    extra = yaml.safe_load((resources.files("netfreedom.model") / "countries-extra.yaml").read_text(encoding="utf-8"))
    for alias, code in extra["aliases"].items():
        if alias.isascii():
            names[alias.casefold()] = str(code)
    return names


def _exact(name: str) -> Country | None:
    if len(name) < 4:  # two- and three-letter words would be read as ISO codes
        return None
    try:
        return resolve_country(name)
    except UnknownCountryError:
        return None


def _title_pieces(line: str) -> list[str]:
    cleaned = _TITLE_NOISE.sub(" ", line)
    pieces = [normalize_space(cleaned).strip(" -–—|:,")]
    pieces += [normalize_space(p) for p in _TITLE_SPLIT.split(cleaned)]
    return [p for p in dict.fromkeys(pieces) if p]


def country_from_title(lines: list[str]) -> tuple[Country | None, bool]:
    """The country named in title lines, and whether the name had to be matched loosely.

    Each line loses "Freedom on the Net", years, site names and separators; what is left
    must name a country exactly (English or Russian, as :func:`resolve_country`), or else
    come within :data:`FUZZY_CUTOFF` of an English country name (difflib), in which case
    the second value is ``True``.
    """
    candidates = [p for line in lines for p in _title_pieces(line) if len(p) <= MAX_COUNTRY_NAME_CHARS]
    for piece in candidates:
        country = _exact(piece)
        if country is not None:
            return country, False
    names = _country_names()
    for piece in candidates:
        if not re.fullmatch(r"[A-Za-z][A-Za-z .'()-]{3,}", piece):
            continue
        close = difflib.get_close_matches(piece.casefold(), list(names), n=1, cutoff=FUZZY_CUTOFF)
        if close:
            return resolve_country(names[close[0]]), True
    return None, False


def is_heading(line: str, methodology: Methodology) -> bool:
    """True for a heading of the legacy body: a category, a legacy section, "Introduction"."""
    key = line.strip(" :|").casefold()
    if key in _OVERVIEW_HEADINGS or _KEY_DEVELOPMENTS.match(key):
        return True
    for category in methodology.categories:
        if key == category.label["en"].casefold():
            return True
        if any(key == section.get("en", "").casefold() for section in category.legacy_sections):
            return True
    return False


@dataclass
class Developments:
    """The key-developments block: its period line, bullets and where it starts."""

    period: CoveragePeriod | None = None
    bullets: list[str] = field(default_factory=list)
    line: int | None = None


def key_developments(lines: list[str], methodology: Methodology) -> Developments:
    """The "Key Developments" block: the period (same or next line) and the bullets.

    Bullets run until a heading or a short line without final punctuation (a heading the
    methodology does not know); a line without a bullet glyph continues the bullet before
    it unless that one ended a sentence.
    """
    found = Developments()
    for index, line in enumerate(lines):
        match = _KEY_DEVELOPMENTS.match(line)
        if match:
            found.line = index
            break
    if found.line is None:
        return found
    rest = _KEY_DEVELOPMENTS.match(lines[found.line]).group(1)  # type: ignore[union-attr]
    position = found.line + 1
    found.period = parse_period(rest) if rest else None
    if found.period is None:
        while position < len(lines) and not lines[position]:
            position += 1
        if position < len(lines) and not _BULLET.match(lines[position]):
            found.period = parse_period(lines[position])
            if found.period is not None:
                position += 1
    for line in lines[position:]:
        if not line:
            continue
        bullet = bool(_BULLET.match(line))
        text = _BULLET.sub("", line)
        if is_heading(line, methodology):
            break
        if not bullet and (len(text) < 60 and not text.endswith(_SENTENCE_END)):
            break
        if bullet or not found.bullets or found.bullets[-1].endswith(_SENTENCE_END):
            found.bullets.append(text)
        else:
            found.bullets[-1] = f"{found.bullets[-1]} {text}"
    return found


def overview(lines: list[str], methodology: Methodology) -> tuple[list[str], int | None]:
    """Paragraphs under "Introduction" (or "Overview") up to the next heading, and its line."""
    for index, line in enumerate(lines):
        if line.strip(" :").casefold() in _OVERVIEW_HEADINGS:
            paragraphs: list[str] = []
            for text in lines[index + 1 :]:
                if is_heading(text, methodology):
                    break
                if text:
                    paragraphs.append(text)
            return paragraphs, index
    return [], None


@dataclass
class LegacyReport:
    """What a legacy reader worked out, before it becomes an :class:`Assessment`.

    ``categories`` maps a category id to (score, printed maximum), either ``None`` when not
    printed; ``narrative_first`` is True when the introduction precedes the key developments
    (footnote numbering follows reading order).
    """

    methodology: Methodology
    country: Country | None = None
    edition: int | None = None
    coverage: CoveragePeriod | None = None
    status: Status | None = None
    total: int | None = None
    categories: dict[str, tuple[int | None, int | None]] = field(default_factory=dict)
    previous: PreviousEdition = field(default_factory=PreviousEdition)
    overview: list[str] = field(default_factory=list)
    key_developments: list[str] = field(default_factory=list)
    narrative_first: bool = False
    sidebar: Sidebar = field(default_factory=Sidebar)
    inferred: list[str] = field(default_factory=list)

    @property
    def found(self) -> bool:
        """True when this edition's total or a category score was printed."""
        return self.total is not None or any(score is not None for score, _ in self.categories.values())


def _footnotes(report: LegacyReport) -> list[FootnoteMarker]:
    parts = [("overview", report.overview), ("key-developments", report.key_developments)]
    if not report.narrative_first:
        parts.reverse()
    places = [(location, index) for location, paragraphs in parts for index in range(len(paragraphs))]
    found = find_markers([paragraph for _, paragraphs in parts for paragraph in paragraphs])
    return [
        FootnoteMarker(number=hit.number, location=location, paragraph=index, offset=hit.offset)
        for (location, index), hits in zip(places, found, strict=True)
        for hit in hits
    ]


def finish(report: LegacyReport) -> ReadResult:
    """The :class:`ReadResult` of a legacy report; ``found_report`` follows :attr:`LegacyReport.found`.

    The edition is inferred from the coverage period when not printed (``edition`` is then
    listed in ``inferred``). Category maxima are the printed ones, else the methodology's.
    Legacy reports carry no indicator scores: ``indicators`` stays empty.
    """
    methodology = report.methodology
    inferred = list(report.inferred)
    edition = report.edition
    if edition is None and report.coverage is not None:
        edition = report.coverage.end.year
        inferred.append("edition")
    categories: dict[str, CategoryScore] = {}
    for category in methodology.categories:
        score, maximum = report.categories.get(category.id, (None, None))
        categories[category.id] = CategoryScore(id=category.id, score=score, max=maximum or category.max)
    assessment = Assessment(
        country=report.country,
        edition=edition,
        language="en",
        scale=methodology.scale.direction,
        methodology=methodology.id,
        coverage=report.coverage,
        status=report.status,
        total=report.total,
        categories=categories,
        previous=report.previous,
        overview=report.overview,
        key_developments=report.key_developments,
        indicators=[],
        sidebar=report.sidebar,
        footnote_markers=_footnotes(report),
    )
    return ReadResult(assessment, inferred, found_report=report.found)
