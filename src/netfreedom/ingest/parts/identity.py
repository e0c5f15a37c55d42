"""Which report a text is: country, edition, coverage period and scale, from the features of
any layout (shared/reference/layouts.md), whatever reader reads its scores.

Real copies print the identity in many places, and excerpts often start below the first
line: a title (``Freedom on the Net 2023 - Exampleland``, ``Exampleland Country Report |
Freedom on the Net 2018``, ``EXAMPLELAND: FREEDOM ON THE NET. 2020.``, ``Exampleland |
Freedom House``), a line holding only the country, a page address (``…/freedom-net/2018/
exampleland``, ``…/country/exampleland/freedom-net/2020``), a ``Country:`` label, the
coverage period after the key developments heading or on a line of its own (English,
Russian, Spanish, German; full dates or months only), a ``2013 Scores`` heading, and last a
sentence placing a month-dated event in the coverage period (:mod:`.coverage_events`). Each
finding says where it came from (``Identity.sources``); what no rule finds stays ``None``:
nothing is guessed. The country named in the opening prose is used only when it is the only
country named there, or named at least twice and more than any other, and no other country
has more evidence once the peoples the prose names are counted too (``Russians`` twice
outweigh one ``Ukraine``: left unknown, with a note); it is reported as inferred.

The scale is the printed scale sentence; without one it follows from the edition where that
is certain (2019 onward: higher is freer; 2015 and earlier: lower is freer, as no page of
those editions was republished on the current scale), else from the layout: a legacy scale
label (``0 = Best``, ``Most Free (0)``) means lower is freer, the current site's category
line (``A Obstacles to Access 12 25``) higher is freer, and for a known edition of 2016-2018
other legacy features (``Total Score:``, ``Key Developments:``, ecoi.net's ``Dokument #``
header) lower is freer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from netfreedom.ingest.parts.cleanup import find_title
from netfreedom.ingest.parts.countries_in_prose import countries_named, outweighed, resolve_name
from netfreedom.ingest.parts.coverage_events import edition_from_coverage_events
from netfreedom.ingest.parts.labels import parse_status
from netfreedom.methodology import Scale, Status, methodology_for_scale
from netfreedom.model.assessment import Assessment, Country, CoveragePeriod, ReaderNote, reader_note
from netfreedom.model.countries import resolve_country
from netfreedom.text.dates import parse_coverage

HEAD_CHARS = 6000
"""How much of the text the identity is looked for in (titles and score blocks come first)."""
TITLE_LINES = 15
"""Non-empty lines at the top that may hold a title or a country line; a site's menu items
above the page (short lines without a digit: ``Menu``, ``Our Work``) are not counted, up to
:data:`MENU_LINES` lines in all."""
MENU_LINES = 60

_FOTN = re.compile(r"freedom\s+(?:on|of)\s+the\s+net\W{0,3}?\s*((?:19|20)\d\d)?", re.IGNORECASE)
_GLUED_EDITION = re.compile(r"freedom\s+(?:on|of)\s+the\s+net\.?\s*,?\s*((?:20)[01]\d|202\d)", re.IGNORECASE)
_TITLE_WORDS = re.compile(r"freedom\s+(?:on|of)\s+the\s+net|freedom house|country report|home\s*>", re.IGNORECASE)
_URL = re.compile(
    r"freedom-?(?:on-the-)?net/((?:19|20)\d\d)/([a-z][a-z-]+)|/country/([a-z][a-z-]+)/freedom-(?:on-the-)?net/((?:19|20)\d\d)",
    re.IGNORECASE,
)
_COUNTRY_LABEL = re.compile(r"^country:\s*(\S.*)$", re.IGNORECASE)
_SCORES_HEADING = re.compile(r"^\W*((?:19|20)\d\d)\s+scores?(?:\s*(?:&|and)\s*status)?$", re.IGNORECASE)
_DEVELOPMENTS = re.compile(
    r"key developments|основные события|(?:acontecimientos|desarrollos|novedades|hechos)\s+(?:clave|principales)"
    r"|wichtige entwicklungen|berichtszeitraum|coverage period",
    re.IGNORECASE,
)
_RANGE_LINE = re.compile(
    r"^(?:[\w,.]+\s+){1,3}(?:19|20)\d\d(?:\s*г\.?)?\s*(?:-|–|—|to|по|bis|al|a)\s*(?:[\w,.]+\s+){1,3}(?:19|20)\d\d(?:\s*г\.?)?$",
    re.IGNORECASE,
)
_PENETRATION_YEAR = re.compile(r"\binternet\s+penetration\s+((?:19|20)\d\d)\s*(?:\(\s*\w+\s*\)\s*)?:", re.IGNORECASE)
"""The Quick Facts label of 2012-2017 editions, which gives the penetration of the year before
the edition (``Internet Penetration 2014:`` in the 2015 edition)."""
_LEGACY_SCALE_LABEL = re.compile(r"0\s*=\s*best|most free\s*\(0\)", re.IGNORECASE)
_CURRENT_CATEGORY_LINE = re.compile(
    r"^\W*A\.?\s+Obstacles\s+to\s+Access\W*?\s(\d{1,2})\s*(?:\|\s*)?/?\s*25\b", re.IGNORECASE | re.MULTILINE
)
"""The category line of Freedom House's current site (``A Obstacles to Access 12 25``, also as a
pipe table or with a slash): a page in that layout, or a copy of one, is on the current scale,
as the current site shows every edition on it, 2016-2018 converted (fotn-facts.md). Legacy
layouts write the category without its letter, with a colon, a ``Subtotal`` or ``(0-25)``."""
_LEGACY_FEATURES = re.compile(
    r"0\s*=\s*best|most free\s*\(0\)|total score\s*:|key developments\s*:|^introduction\s*:|^status\s*:"
    r"|^\W*dokument\s*#\s*\d+|^\W*document\s*#\s*\d+",
    re.IGNORECASE | re.MULTILINE,
)
"""Features of a 2016-2018 page as first published, on the legacy scale: its scale labels and
field labels, or ecoi.net's document header (``Dokument #1234567``), as ecoi.net archived each
report when it was published, before Freedom House re-published those editions on the current
scale."""


@dataclass
class Identity:
    """What the text says about which report it is; ``None`` where no rule found it.

    ``sources`` maps ``country``/``edition``/``scale`` to where the value came from
    (``title``, ``country line``, ``address``, ``label``, ``coverage``, ``scores heading``, ``quick facts``,
    ``coverage events YYYY-MM`` (see :mod:`~netfreedom.ingest.parts.coverage_events`), ``opening prose``,
    ``edition``, ``layout``).
    """

    country: Country | None = None
    edition: int | None = None
    coverage: CoveragePeriod | None = None
    scale: Scale | None = None
    sources: dict[str, str] = field(default_factory=dict)
    withheld: tuple[Country, str] | None = None
    """The country the opening prose names, left out because another country's people (the
    demonym given) are named more often: (country, demonym)."""


def _only(countries: list[Country]) -> Country | None:
    distinct = {c.iso3: c for c in countries}
    return next(iter(distinct.values())) if len(distinct) == 1 else None


_MENU_ITEM = re.compile(r"^\W*[^\W\d]+(?:[^\S\n]+[^\W\d]+){0,3}\W*$")
"""A line of at most four words without a digit or a colon at its end (``About Us``,
``Home › Countries``): a menu item, or a heading, status or country line."""


def _title_lines(lines: list[str]) -> list[str]:
    top, counted = [], 0
    for line in lines:
        if line.strip():
            top.append(line)
            if not _MENU_ITEM.match(line) or line.rstrip().endswith(":"):
                counted += 1
            if counted >= TITLE_LINES or len(top) >= MENU_LINES:
                break
    return top


def _country(lines: list[str], head: str, text: str) -> tuple[Country | None, str]:
    top = _title_lines(lines)
    for line in top:
        if _TITLE_WORDS.search(line):
            country = _only(countries_named(_URL.sub(" ", line)))
            if country is None and (title := find_title([line]).country):
                country = resolve_name(title, fuzzy=True)
            if country is not None:
                return country, "title"
    for line in top:
        bare = re.sub(r"[\s\d/|:.]+$", "", line.strip(" |#*\t"))
        if bare and len(bare) <= 60 and (country := resolve_name(bare)) is not None:
            return country, "country line"
    for match in _URL.finditer(head):
        slug = match.group(2) or match.group(3)
        if slug and (country := resolve_name(slug.replace("-", " "))) is not None:
            return country, "address"
    for line in lines[:200]:
        label = _COUNTRY_LABEL.match(line.strip())
        if label and (country := resolve_name(label.group(1))) is not None:
            return country, "label"
    if _unknown_name_printed(top, text):
        return None, ""
    named = countries_named(head)
    counts: dict[str, int] = {}
    for country in named:
        counts[country.iso3] = counts.get(country.iso3, 0) + 1
    ranked = sorted(counts.items(), key=lambda item: item[1], reverse=True)
    if ranked and (len(ranked) == 1 or (ranked[0][1] >= 2 and ranked[0][1] > ranked[1][1])):
        country = next(c for c in named if c.iso3 == ranked[0][0])
        demonym = outweighed(country, named, head)
        if demonym is not None:
            return None, f"withheld:{country.iso3}:{demonym}"
        return country, "opening prose"
    return None, ""


_NAME_LINE = re.compile(r"^[A-ZА-ЯЁ][^\W\d_]+(?:[ -][A-ZА-ЯЁ][^\W\d_]+){0,2}$")


def _unknown_name_printed(top: list[str], text: str) -> bool:
    """True when the first line is a bare name, printed again further on, that is no known
    country: the page prints its country and we do not know it, so no other country the
    prose names may stand in for it."""
    first = top[0].strip() if top else ""
    return bool(_NAME_LINE.match(first)) and first not in _STATUS_LINES and text.count(first) >= 2


_STATUS_LINES = frozenset({"Free", "Partly Free", "Not Free"})


def _coverage(lines: list[str]) -> CoveragePeriod | None:
    for index, line in enumerate(lines):
        if _DEVELOPMENTS.search(line):
            following = " ".join(other for other in lines[index : index + 4] if other.strip())
            coverage = parse_coverage(following)
            if coverage is not None:
                return coverage
        elif len(line) <= 60 and _RANGE_LINE.match(line.strip()):
            coverage = parse_coverage(line)
            if coverage is not None:
                return coverage
    return None


def _edition(lines: list[str], head: str, coverage: CoveragePeriod | None) -> tuple[int | None, str]:
    for line in _title_lines(lines):
        match = _GLUED_EDITION.search(line)
        if match:
            return int(match.group(1)), "title"
    if coverage is not None and coverage.end.month in (4, 5) and coverage.end.year - coverage.start.year == 1:
        return coverage.end.year, "coverage"
    for match in _URL.finditer(head):
        year = match.group(1) or match.group(4)
        return int(year), "address"
    for line in lines[:200]:
        match = _SCORES_HEADING.match(line.strip())
        if match:
            return int(match.group(1)), "scores heading"
    match = _GLUED_EDITION.search(head[:1500])
    if match:
        return int(match.group(1)), "title"
    match = _PENETRATION_YEAR.search(head)
    if match:
        return int(match.group(1)) + 1, "quick facts"
    deduced = edition_from_coverage_events(head)
    if deduced is not None:
        return deduced[0], f"coverage events {deduced[1]}"
    return None, ""


def scale_for(edition: int | None, text: str) -> tuple[Scale | None, str]:
    """The scale an edition's page is on when it prints no scale sentence (module docstring),
    with the reason (``edition`` or ``layout``); ``(None, "")`` when it cannot be told."""
    if edition is not None and edition >= 2019:
        return Scale.HIGHER_IS_FREER, "edition"
    if edition is not None and edition <= 2015:
        return Scale.LOWER_IS_FREER, "edition"
    head = text[:HEAD_CHARS]
    if _LEGACY_SCALE_LABEL.search(head):
        return Scale.LOWER_IS_FREER, "layout"
    if _CURRENT_CATEGORY_LINE.search(head):
        return Scale.HIGHER_IS_FREER, "layout"
    if edition is not None and _LEGACY_FEATURES.search(head):
        return Scale.LOWER_IS_FREER, "layout"
    return None, ""


def identify(text: str) -> Identity:
    """The :class:`Identity` of ``text`` (any layout; only the first :data:`HEAD_CHARS`
    characters are looked at). Never raises."""
    head = text[:HEAD_CHARS]
    lines = head.split("\n")
    identity = Identity()
    identity.country, source = _country(lines, head, text)
    if identity.country is not None:
        identity.sources["country"] = source
    elif source.startswith("withheld:"):
        _, code, demonym = source.split(":", 2)
        identity.withheld = resolve_country(code), demonym
    identity.coverage = _coverage(lines)
    identity.edition, source = _edition(lines, head, identity.coverage)
    if identity.edition is not None:
        identity.sources["edition"] = source
    return identity


_REPORT_EVIDENCE = re.compile(
    r"freedom\s+(?:on|of)\s+the\s+net\W{0,3}\s*(?:19|20)\d\d|key developments|total score|internet freedom status"
    r"|freedom on the net (?:status|total)|\(\s*autor\s*\)|\(\s*author\s*\)|score\s*&\s*status",
    re.IGNORECASE,
)


_OTHER_INDEX_TITLE = re.compile(r"freedom in the world|global freedom", re.IGNORECASE)


def looks_like_report(text: str, identity: Identity) -> bool:
    """True when ``text`` is a report even without a score block: its country is known and it
    prints a report title with an edition, a coverage period, key developments, score labels
    or an archive's author line (a country landing page or a news post has none of these)."""
    if identity.country is None:
        return False
    top = " ".join(_title_lines(text[:HEAD_CHARS].split("\n")))
    if _OTHER_INDEX_TITLE.search(top) and not _FOTN.search(top):
        return False  # a Freedom in the World page
    return identity.coverage is not None or bool(_REPORT_EVIDENCE.search(text[:HEAD_CHARS]))


def complete(
    assessment: Assessment, inferred: list[str], identity: Identity, text: str
) -> tuple[Assessment, list[str], list[ReaderNote]]:
    """``assessment`` with what the reader left empty filled in from ``identity`` (country,
    edition, coverage) and the scale decided by :func:`scale_for` when the page printed no
    scale sentence (``scale`` in ``inferred``); returns the names worked out and notes for
    what stays unknown. What the reader read from the report always wins."""
    update: dict[str, object] = {}
    names = list(inferred)
    notes: list[ReaderNote] = []
    if assessment.country is None and identity.withheld is not None:
        notes.append(
            reader_note(
                "report",
                "the country is not printed in a title; the opening prose names {name}, but {people} more often: "
                "the country is left unknown",
                name=identity.withheld[0].name,
                people=identity.withheld[1],
            )
        )
    if assessment.country is None and identity.country is not None:
        update["country"] = identity.country
        names.append("country")
        if identity.sources.get("country") == "opening prose":
            notes.append(
                reader_note(
                    "report",
                    "the country is not printed in a title; {name} is the country the opening prose names",
                    name=identity.country.name,
                )
            )
    edition = assessment.edition
    if edition is None and identity.edition is not None:
        edition = update["edition"] = identity.edition
        names.append("edition")
        source = identity.sources.get("edition", "")
        if source.startswith("coverage events "):
            notes.append(
                reader_note(
                    "report",
                    "the edition is not printed; {edition} is the one edition whose coverage period holds {month}, "
                    "a month the text places in the coverage period",
                    edition=edition,
                    month=source.removeprefix("coverage events "),
                )
            )
        if source == "quick facts":
            notes.append(
                reader_note(
                    "report",
                    "the edition is not printed; {edition} follows the year of the Quick Facts' "
                    "internet penetration, which is the year before the edition",
                    edition=edition,
                )
            )
    if assessment.coverage is None and identity.coverage is not None:
        update["coverage"] = identity.coverage
    if assessment.total is None and assessment.status is None:
        total, status = headline(text, edition)
        if total is not None:
            update["total"] = total
        if status is not None:
            update["status"] = status
    if "scale" in names:
        scale, reason = scale_for(edition, text)
        if scale is None:
            notes.append(
                reader_note(
                    "report",
                    "the scale is not printed and cannot be told from the edition or the layout; read as {scale}",
                    scale=str(assessment.scale),
                )
            )
        elif scale != assessment.scale:
            methodology = methodology_for_scale(scale)
            update["scale"] = scale
            update["methodology"] = methodology.id
            notes.append(
                reader_note(
                    "report", "the scale is not printed; {scale} by the {reason}", scale=str(scale), reason=reason
                )
            )
    if update:
        assessment = assessment.model_copy(update=update)
    return assessment, list(dict.fromkeys(names)), notes


def empty_assessment(language: str = "en") -> Assessment:
    """An empty assessment for a report that printed no score (a partial report: every score
    missing, for the checks to report). :func:`complete` fills its country, edition and
    coverage from the identity (marking them worked out, with notes) and decides its scale,
    a placeholder here (pass ``scale`` among the inferred names)."""
    methodology = methodology_for_scale(Scale.HIGHER_IS_FREER)  # decided by :func:`complete`
    return Assessment(language=language, scale=methodology.scale.direction, methodology=methodology.id)


_STATUS_WORDS = r"(?:partly\s+free|not\s+free|free)"
_STATUS_ONLY = re.compile(rf"^\W*({_STATUS_WORDS})\W*$", re.IGNORECASE)
_STATUS_HALF = re.compile(r"^\s*(?:not|partly)\s*$", re.IGNORECASE)
"""The first word of a status alone on a line: a PDF's table printing each column's status
over two lines (``Not`` / ``Not`` / ``Free`` / ``Free``), where no lone ``Free`` is a status."""
_HEADLINE = (
    # "2021 score & STATUS" then "24 / 100 Not Free" (bullets and line breaks between)
    re.compile(
        rf"\b((?:19|20)\d\d)\s+scores?\s*(?:&|and)\s*status\W+(\d{{1,3}})\s*/\s*100\s+({_STATUS_WORDS})",
        re.IGNORECASE,
    ),
    # a printed copy: "Exampleland 22" then "NOT FREE /100"
    re.compile(
        rf"(?m)^(?:[^\W\d_][^\n\d]{{0,40}}?\s+)?()(\d{{1,3}})\s*\n\s*({_STATUS_WORDS})\s*/\s*100\s*$", re.IGNORECASE
    ),
)
_BLOCK_END = re.compile(r"^\W*(?:overview|key developments|quick facts|introduction)\b", re.IGNORECASE)
_LABELLED_STATUS = re.compile(r"(?:press freedom|freedom in the world|global freedom)", re.IGNORECASE)


def headline(text: str, edition: int | None) -> tuple[int | None, Status | None]:
    """The total and status a page prints outside a score block, for a reader that found
    none: ``2021 score & status`` / ``24 / 100 Not Free`` (taken when the year is the
    edition's), or a printed copy's ``Exampleland 22`` / ``NOT FREE /100``; else a status
    standing alone on a line between the title and the first heading (none when two
    different statuses stand there, as on a landing page quoting two indices, or when a line
    holds only ``Not`` or ``Partly``: a status split over lines)."""
    head = text[:HEAD_CHARS]
    for pattern in _HEADLINE:
        match = pattern.search(head)
        if match and (not match.group(1) or edition is None or int(match.group(1)) == edition):
            return int(match.group(2)), parse_status(match.group(3))
    found: set[Status] = set()
    previous = ""
    for line in head.split("\n")[:60]:
        if _BLOCK_END.match(line):
            break
        if _STATUS_HALF.match(line):
            return None, None  # a status split over lines ("Not" / "Free"), columns not told apart
        match = _STATUS_ONLY.match(line)
        if match and not _LABELLED_STATUS.search(previous):
            status = parse_status(match.group(1))
            if status is not None:
                found.add(status)
        if line.strip():
            previous = line
    return (None, found.pop()) if len(found) == 1 else (None, None)
