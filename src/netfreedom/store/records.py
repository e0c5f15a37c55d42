"""What the store's methods return besides assessments (pydantic, JSON-ready)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from netfreedom.methodology import Scale, Status
from netfreedom.model.observations import Observation

SaveAction = Literal["created", "replaced", "unchanged", "duplicate"]
"""What a save did: first version stored; a new revision replaced the current one;
nothing, because the stored version is the same reading of the same file; or
``duplicate``: the content equals the current document's apart from provenance but was read
from another file, so the document is kept and only this copy (source and observations) is
recorded."""


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SaveResult(_Record):
    """Outcome of saving one assessment.

    ``revision`` is the revision now current for (``iso3``, ``edition``, ``language``):
    1 after ``created``, the previous one + 1 after ``replaced``, the stored one after
    ``unchanged`` and ``duplicate``. ``duplicate_of`` is, after ``duplicate``, the file name
    of the current document's source.
    """

    action: SaveAction
    iso3: str
    edition: int
    language: str
    revision: int
    duplicate_of: str | None = None


class AssessmentSummary(_Record):
    """One stored assessment in a listing: its key, scores and current revision.

    ``total`` and ``categories`` (category id -> score, ``None`` when not printed) are on the
    published ``scale``. ``partial`` is True when a value the edition prints is missing from
    the report (:attr:`Assessment.partial <netfreedom.model.assessment.Assessment.partial>`);
    ``missing`` names those values (``total``, ``status``, category and indicator ids): the
    values the stored ``missing-score`` and ``missing-indicator`` findings name.
    """

    iso3: str
    country_name: str
    edition: int
    language: str
    scale: Scale
    status: Status | None
    total: int | None
    categories: dict[str, int | None]
    revision: int
    partial: bool = False
    missing: list[str] = []


class Revision(_Record):
    """One version of a stored assessment, as listed by ``Store.history``.

    ``ingested_at`` is when the version was written and ``replaced_at`` when a newer one
    took its place (``None`` for the current version, which has ``current=True``); both UTC.
    The ``source_*`` and ``reader*`` fields are ``None`` when the assessment had no
    provenance. ``partial``: that version lacked a value its edition prints.
    """

    revision: int
    source_file_name: str | None
    source_sha256: str | None
    reader: str | None
    reader_version: str | None
    ingested_at: datetime
    replaced_at: datetime | None
    current: bool
    partial: bool = False


class ReportCopy(_Record):
    """One distinct copy of a report (one file) for a country and edition, as listed by
    ``Store.copies``.

    ``file_name``, ``sha256`` (of the bytes), ``size_bytes``, ``encoding``, ``reader``,
    ``reader_version`` and ``read_at`` are the provenance of its latest import;
    ``content_sha256`` the hash of its document apart from provenance and findings.
    ``current`` is True for the copy the stored document of its language was read from;
    ``same_content_as_current`` when its content equals that document's (a de-duplicated
    copy). ``first_seen_at``/``last_seen_at``: first and latest import that wrote anything
    (UTC). Fields of the provenance are ``None`` when the report had none.
    """

    iso3: str
    edition: int
    language: str
    file_name: str
    sha256: str
    size_bytes: int | None
    encoding: str | None
    reader: str
    reader_version: str
    read_at: datetime | None
    content_sha256: str | None
    current: bool
    same_content_as_current: bool
    first_seen_at: datetime
    last_seen_at: datetime


class Conflict(_Record):
    """Two current observations of different sources that disagree on one field of one
    country and edition (compared on the current scale), as listed by ``Store.conflicts``.

    ``observation`` is the older one. ``detected_at`` is when the store found the
    disagreement, ``resolved_at`` when either value was superseded (``None`` while open).
    """

    iso3: str
    edition: int
    field: str
    observation: Observation
    other: Observation
    detected_at: datetime
    resolved_at: datetime | None = None

    @property
    def message(self) -> str:
        """One line naming both values and both sources."""
        a, b = self.observation, self.other
        return (
            f"{self.iso3} {self.edition} {self.field}: {a.shown()} in {a.source_label()} "
            f"but {b.shown()} in {b.source_label()}"
        )


class SeriesPoint(_Record):
    """One edition of a country's time series, as ``Store.series`` builds it.

    ``total``, ``status`` and ``categories`` (category id -> observation) hold the chosen
    observation of each field: its ``current_value`` is the number on the current scale
    (0-100 for the total; higher is freer), ``published_value``/``published_scale`` what the
    source printed, ``converted`` whether it was reflected from the legacy scale, and the
    source fields say where it came from. ``None`` / absent when no source gives the field.
    ``partial``: the edition's scorecard lacks a value the edition prints.
    """

    edition: int
    total: Observation | None = None
    status: Observation | None = None
    categories: dict[str, Observation] = {}
    partial: bool = False

    @property
    def converted(self) -> bool:
        """True when any chosen value was converted from the legacy scale."""
        chosen = [self.total, *self.categories.values()]
        return any(o is not None and o.converted for o in chosen)


class DatasetSaveResult(_Record):
    """What writing one score dataset did (``Store.save_dataset``).

    Counted per row (country, edition and occurrence): ``created`` rows the source had not
    given before, ``updated`` rows with at least one changed, added or dropped value,
    ``unchanged`` rows, and ``withdrawn`` rows an earlier import of the same file gave and
    this one does not (their values are superseded). ``conflicts`` are the disagreements
    this import opened, with any source.
    """

    created: int
    updated: int
    unchanged: int
    withdrawn: int
    conflicts: list[Conflict]


class ValueSource(_Record):
    """One source of the values a scorecard shows (``Store.value_sources``): the file
    ``name`` and its ``sha256``, the source ``kind`` (``report``, ``table`` or ``news``), the
    ``url`` and ``note`` its row gives (a score table's columns; ``None`` for a report), and
    the ``fields`` whose chosen value it gave (``total``, ``status``, category ids, indicator
    ids, in the methodology's order). A scorecard's first source is its lead (the one the
    card's ``source_*`` fields name)."""

    name: str
    sha256: str | None
    kind: Literal["report", "table", "news"]
    url: str | None
    note: str | None
    fields: list[str]


class Scorecard(_Record):
    """The prepared scorecard of one country and edition, from any source
    (``Store.scorecards``; see :mod:`netfreedom.store.scorecards`).

    Scores are on the current scale (0-100 total, higher is freer): ``total``,
    ``categories`` (``A``/``B``/``C`` -> score, those known) and ``indicators`` (``A1`` ...
    ``C8`` -> score, those known); ``converted`` names the fields reflected from the legacy
    scale (``max - value``) and ``published_scale`` the scale the total was printed on.
    ``status_derived`` is True when no source printed the status and it comes from the
    total's band. ``source_kind`` is ``report``, ``table`` or ``news``; ``source_name`` (file
    name), ``source_url``, ``source_note``, ``source_sha256``, ``reader``, ``reader_version``
    and ``language`` (report body language) are the provenance of the total.
    ``report_languages`` lists the stored report bodies (empty for a table-only card);
    ``sources`` counts distinct sources of the chosen values, ``conflicts`` the open
    disagreements between sources. ``rank`` (1 = freest; ties share a rank) is among
    ``ranked`` countries of the edition with a total. ``change`` = ``total`` -
    ``previous_total`` of ``previous_edition``; ``change_source`` is ``stored`` (that
    edition's card) or ``printed`` (the report's "last year's score"). ``partial`` is True
    when no source gave a value the edition prints; ``missing`` names them (``total``,
    ``status``, category ids, and indicator ids when a report is stored:
    :func:`netfreedom.model.completeness.card_missing`).
    """

    iso3: str
    edition: int
    country_name: str
    region: str | None
    total: int | None
    status: Status | None
    status_derived: bool
    categories: dict[str, int]
    indicators: dict[str, int]
    converted: list[str]
    published_scale: Scale | None
    source_kind: Literal["report", "table", "news"]
    source_name: str
    source_url: str | None
    source_note: str | None
    source_sha256: str | None
    reader: str | None
    reader_version: str | None
    language: str | None
    report_languages: list[str]
    sources: int
    conflicts: int
    rank: int | None
    ranked: int | None
    previous_edition: int | None
    previous_total: int | None
    change: int | None
    change_source: Literal["stored", "printed"] | None
    updated_at: datetime
    partial: bool = False
    missing: list[str] = []

    @property
    def has_report(self) -> bool:
        """True when a report of this country and edition is stored (a narrative page)."""
        return bool(self.report_languages)

    @property
    def is_converted(self) -> bool:
        """True when the total or a category was converted from the legacy scale."""
        return bool(self.converted)


class ScorecardCounts(_Record):
    """How many scorecards the store holds: ``editions`` (edition -> number of countries)
    and ``countries`` (distinct countries over all editions)."""

    editions: dict[int, int]
    countries: int
