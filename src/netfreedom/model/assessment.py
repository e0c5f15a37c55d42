"""Domain types of netfreedom (pydantic v2).

An :class:`Assessment` is one country's report for one edition in one language: scores
(total, categories, 21 indicators), status, last year's score, the narrative with its
footnote markers and cross-references, key developments, the sidebar, where it came from
(:class:`Provenance`) and what the checks found (:class:`Finding`). Its JSON form (``model_dump
(mode="json")``) is the public exchange format of the CLI, the store and the API.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, computed_field, model_validator

from netfreedom.errors import N_ as N_  # the marker of message ids, re-exported for checks
from netfreedom.methodology import Scale, Status
from netfreedom.model.completeness import missing_values

__all__ = [
    "PREFERRED_LANGUAGE",
    "preferred_language",
    "severity_counts",
    "Assessment",
    "CategoryScore",
    "Citation",
    "EvidenceSource",
    "Country",
    "CoveragePeriod",
    "CrossReference",
    "Finding",
    "FootnoteMarker",
    "Indicator",
    "OtherIndexScore",
    "PreviousEdition",
    "Provenance",
    "ReaderNote",
    "Scale",
    "ScoreChange",
    "Severity",
    "Sidebar",
    "Status",
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_by_name=True, serialize_by_alias=True)


class Severity(StrEnum):
    """How serious a finding is: ``error`` breaks the report, ``warning`` needs a look,
    ``info`` is worth knowing."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Finding(_Model):
    """One result of a check.

    ``rule`` is the stable rule id (``score-range``, ...); ``location`` names where: an
    indicator id (``A3``), a category (``category:B``), ``total``, ``overview``,
    ``key-developments``, ``sidebar``, ``footnotes`` or ``report``. ``message`` is English;
    ``template`` (the message with ``{name}`` placeholders, a gettext message id) and
    ``values`` are set when the finding was made by :func:`new_finding`, so that the site can
    show it in another language.
    """

    rule: str
    severity: Severity
    location: str
    message: str
    template: str | None = None
    values: dict[str, str | int | None] = Field(default_factory=dict)


MessageValue = str | int | None
"""A value put into a finding's or reader note's message template."""


def new_finding(rule: str, severity: Severity, location: str, template: str, **values: MessageValue) -> Finding:
    """A :class:`Finding` whose ``message`` is ``template`` (English, ``{name}`` placeholders)
    filled with ``values``; ``template`` and ``values`` are kept so a page can show the
    message in another language (the template is the gettext message id). Values named
    ``status`` or ending in ``_status`` hold a status label (``Not Free``) and are shown
    translated too."""
    return Finding(
        rule=rule,
        severity=severity,
        location=location,
        message=template.format(**values),
        template=template,
        values=values,
    )


def severity_counts(findings: Iterable[Finding]) -> dict[Severity, int]:
    """How many findings of each severity (every :class:`Severity` is a key, 0 when none)."""
    counts = dict.fromkeys(Severity, 0)
    for finding in findings:
        counts[finding.severity] += 1
    return counts


PREFERRED_LANGUAGE = "en"
"""The body language that stands for a country-edition when the reader asked for none that is stored."""


def preferred_language(stored: Iterable[str], wanted: str | None = None) -> str:
    """The one rule for which stored body language stands for a country-edition: ``wanted``
    (e.g. the interface language) when stored, else English, else the first by code.
    Raises ``ValueError`` when nothing is stored."""
    languages = sorted(set(stored))
    if not languages:
        raise ValueError("no language is stored")
    for language in (wanted, PREFERRED_LANGUAGE):
        if language in languages:
            return language
    return languages[0]


class Country(_Model):
    """A country: English short name and ISO 3166-1 alpha-3 code (``KAZ``)."""

    name: str
    iso3: str = Field(pattern=r"^[A-Z]{3}$")


class CoveragePeriod(_Model):
    """The dates an edition covers, both inclusive (June 1 to May 31 since 2015)."""

    start: date
    end: date


class CategoryScore(_Model):
    """Score of a category on the report's published scale, out of ``max``."""

    id: str
    score: int | None = None
    max: int


class ScoreChange(_Model):
    """A score-change note: the indicator moved ``from`` -> ``to`` for the reason ``text``."""

    from_: int = Field(alias="from")
    to: int
    text: str


class CrossReference(_Model):
    """A reference in the narrative to another indicator, as in "(see B1)".

    ``target`` is the id with look-alike Cyrillic letters folded to Latin; ``written`` is
    the id as typed in the report.
    """

    target: str
    written: str


class FootnoteMarker(_Model):
    """A footnote number glued into the text, with where it stands.

    ``location`` is ``overview``, ``key-developments`` or an indicator id; ``paragraph`` is the
    0-based paragraph index there and ``offset`` the character offset in that paragraph.
    """

    number: int
    location: str
    paragraph: int
    offset: int


class EvidenceSource(_Model):
    """Where a cited evidence item comes from (``docs/evidence.md``): the item's ``key``
    (``stop:…``, ``ooni:<measurement id>``, ``ioda:…``), its ``source`` (``accessnow-stop``,
    ``ooni``, ``ioda``), its ``verdict``, and its provenance: the evidence ``file`` name, the
    file's ``sha256`` and the ``locator`` (measurement id, or sheet and row) inside it."""

    key: str = Field(min_length=1, max_length=300)
    source: str = Field(min_length=1, max_length=64)
    verdict: str = Field(min_length=1, max_length=32)
    file: str = Field(min_length=1, max_length=500)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    locator: str = Field(min_length=1, max_length=300)


class Citation(_Model):
    """A source an indicator's narrative cites: title, publisher, date, web address and an
    archived copy's address (written in netfreedom's drafting; readers of published pages
    leave the list empty). Addresses are ``http(s)://`` only. ``evidence`` is set when the
    source is an imported evidence item (then it carries the item's provenance; left out of
    the JSON form when ``None``)."""

    title: str = Field(min_length=1, max_length=1000)
    publisher: str | None = Field(default=None, max_length=500)
    published: date | None = Field(default=None, alias="date")
    url: str | None = Field(default=None, max_length=2000, pattern=r"^https?://\S+$")
    archived_url: str | None = Field(default=None, max_length=2000, pattern=r"^https?://\S+$")
    evidence: EvidenceSource | None = Field(default=None, exclude_if=lambda evidence: evidence is None)


class Indicator(_Model):
    """One of the 21 indicators as read from a report (score on the published scale).

    ``heading`` is the header line as printed (``B4 (0–4 баллов)``); ``max`` is the top of
    the range it prints; ``paragraphs`` keep footnote markers and the score-change note.
    """

    id: str
    heading: str | None = None
    category: str
    max: int
    score: int | None = None
    question: str | None = None
    paragraphs: list[str] = Field(default_factory=list)
    score_change: ScoreChange | None = None
    footnotes: list[int] = Field(default_factory=list)
    cross_references: list[CrossReference] = Field(default_factory=list)
    sources: list[Citation] = Field(default_factory=list, exclude_if=lambda sources: not sources)
    """Sources cited (drafted reports only; left out of the JSON form when empty, so documents
    of read reports stay as they were)."""


class PreviousEdition(_Model):
    """ "Last year's score & status" as printed in the report."""

    total: int | None = None
    status: Status | None = None


class OtherIndexScore(_Model):
    """A score the sidebar quotes, e.g. Global Freedom Score 23/100 "not free"."""

    name: str
    score: int | None = None
    max: int | None = None
    status: Status | None = None


class ReaderNote(_Model):
    """Something the reader met and could not place: a repeated category line with another
    score, a second score line under an indicator. Reported by the ``reader-note`` check."""

    location: str
    message: str
    template: str | None = None
    values: dict[str, str | int | None] = Field(default_factory=dict)


def reader_note(location: str, template: str, **values: MessageValue) -> ReaderNote:
    """A :class:`ReaderNote` whose ``message`` is ``template`` filled with ``values`` (kept,
    as for :func:`new_finding`)."""
    return ReaderNote(location=location, message=template.format(**values), template=template, values=values)


class Sidebar(_Model):
    """The "On <Country>" box: the country it names (as printed), key internet controls
    (id -> yes/no) and other scores.

    ``key_internet_controls`` is keyed by the methodology's control id; ``unmapped_controls``
    keeps yes/no labels the methodology does not know, as printed.
    """

    country: str | None = None
    key_internet_controls: dict[str, bool] = Field(default_factory=dict)
    unmapped_controls: dict[str, bool] = Field(default_factory=dict)
    other_indices: list[OtherIndexScore] = Field(default_factory=list)
    internet_freedom_score: int | None = None
    freedom_in_the_world_status: Status | None = None


class Provenance(_Model):
    """Where an assessment came from: file, SHA-256 of its bytes, reader and when.

    ``inferred`` lists fields that were worked out rather than printed (e.g. ``edition``
    from the coverage period).
    """

    file_name: str
    sha256: str
    size_bytes: int
    encoding: str
    reader: str
    reader_version: str
    read_at: datetime
    inferred: list[str] = Field(default_factory=list)
    credit: str | None = None
    """For a report written in netfreedom: the pseudonym its researcher is credited under
    publicly (``None``: not credited by name). Account names are never published."""


class Assessment(_Model):
    """One country, one edition, one language: the whole report as structured data.

    Scores are on the published ``scale`` of ``methodology`` (``fotn-2019`` or
    ``fotn-legacy``); use :func:`netfreedom.model.scoring.current_scale_total` to compare eras.
    """

    country: Country | None = None
    edition: int | None = None
    language: str
    scale: Scale
    methodology: str
    coverage: CoveragePeriod | None = None
    status: Status | None = None
    total: int | None = None
    categories: dict[str, CategoryScore] = Field(default_factory=dict)
    previous: PreviousEdition = Field(default_factory=PreviousEdition)
    overview: list[str] = Field(default_factory=list)
    key_developments: list[str] = Field(default_factory=list)
    key_developments_cross_references: list[CrossReference] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    sidebar: Sidebar = Field(default_factory=Sidebar)
    footnote_markers: list[FootnoteMarker] = Field(default_factory=list)
    provenance: Provenance | None = None
    reader_notes: list[ReaderNote] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _drop_computed(cls, data: Any) -> Any:
        # ``footnote_count`` and ``partial`` are derived; accept them in input so exported JSON re-imports.
        if isinstance(data, dict) and ("footnote_count" in data or "partial" in data):
            data = {k: v for k, v in data.items() if k not in ("footnote_count", "partial")}
        return data

    @computed_field  # type: ignore[prop-decorator]
    @property
    def footnote_count(self) -> int:
        """Number of footnote markers read in the whole report."""
        return len(self.footnote_markers)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def partial(self) -> bool:
        """True when the report lacks a value its edition prints: the status, the total or a
        category score, or (editions 2019 onward, on the current scale) an indicator score of
        the methodology. An excerpt holding only the score block, or a page whose scores were
        lost in copying, is partial; the ``missing-score`` and ``missing-indicator`` findings
        say what is missing."""
        return bool(self.missing_values())

    def missing_values(self) -> list[str]:
        """What :attr:`partial` finds missing: ``"total"``, ``"status"``, category ids and
        indicator ids, in that order (:func:`netfreedom.model.completeness.missing_values`)."""
        return missing_values(
            self.methodology,
            edition=self.edition,
            total=self.total,
            status=self.status,
            categories={c_id: c.score for c_id, c in self.categories.items()},
            indicators={i.id: i.score for i in self.indicators if i.score is not None},
        )

    def indicator(self, indicator_id: str) -> Indicator | None:
        """The indicator with this id, or ``None`` when the report lacks it."""
        for indicator in self.indicators:
            if indicator.id == indicator_id:
                return indicator
        return None

    def key(self) -> tuple[str, int | None, str]:
        """Identity in the store: (ISO alpha-3, edition, language)."""
        return (self.country.iso3 if self.country else "", self.edition, self.language)
