"""The store: save assessments, read them back, list them and show their history.

A :class:`Store` wraps one database (SQLite or PostgreSQL, by SQLAlchemy URL). It keeps the
current version of each (iso3, edition, language) in ``assessments`` with its scores and
findings as rows, and every replaced version in ``assessment_revisions`` (see
:mod:`netfreedom.store.tables`). Every score value a report or a score dataset gave is kept
as an observation with its provenance, with value history and the conflicts between sources
(:mod:`netfreedom.store.provenance`). Reads return :class:`~netfreedom.model.assessment.Assessment` objects
rebuilt from the stored JSON document, so what comes out equals what went in.

Every write runs in one transaction: when anything fails, the transaction is rolled back and
the database is exactly as it was before the call.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

from alembic.util import CommandError
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, defer, selectinload, sessionmaker

from netfreedom.errors import StoreError
from netfreedom.methodology import Status
from netfreedom.model.assessment import Assessment, Finding, Provenance
from netfreedom.model.observations import Observation, ObservedValue, SourceKind
from netfreedom.store.engine import first_line as _first_line
from netfreedom.store.engine import open_engine as _open_engine
from netfreedom.store.engine import writer
from netfreedom.store.evidence import EvidenceStore
from netfreedom.store.evidence_tables import EvidenceFileRow
from netfreedom.store.migrate import (
    current_revision,
    head_revision,
    is_known_revision,
    upgrade,
)
from netfreedom.store.narratives import (
    ReportPage,
    ReportVersion,
    read_report_page,
    read_report_versions,
)
from netfreedom.store.observations import (
    conflict_records,
    list_conflicts,
    list_observations,
    report_copies,
)
from netfreedom.store.page_parts import PageParts, PagePartsLookup, read_page_parts, write_page_parts
from netfreedom.store.provenance import record_dataset
from netfreedom.store.reading import country_filter as _country_filter
from netfreedom.store.reading import language_order as _language_order
from netfreedom.store.reading import revision_record as _revision
from netfreedom.store.reading import summary as _summary
from netfreedom.store.reading import to_assessment as _to_assessment
from netfreedom.store.reading import utc as _utc
from netfreedom.store.records import (
    AssessmentSummary,
    Conflict,
    DatasetSaveResult,
    ReportCopy,
    Revision,
    SaveResult,
    Scorecard,
    ScorecardCounts,
    SeriesPoint,
    ValueSource,
)
from netfreedom.store.saving import label as _label
from netfreedom.store.saving import require_edition as _require_edition
from netfreedom.store.saving import save_one as _save_one
from netfreedom.store.scorecards import list_scorecards, refresh_scorecards, scorecard_counts, value_sources
from netfreedom.store.search import SearchChoices, SearchResults, one_statement, search, search_choices
from netfreedom.store.series import build_series
from netfreedom.store.settings import default_database_url
from netfreedom.store.tables import (
    AssessmentRevisionRow,
    AssessmentRow,
    ObservationRow,
    SourceRow,
)
from netfreedom.store.translation_tables import TranslationPublicationRow

__all__ = ["Store"]

_EXPORT_BATCH = 200

_FINGERPRINT = select(
    func.count(AssessmentRow.id),
    func.coalesce(func.sum(AssessmentRow.revision), 0),
    func.coalesce(func.max(AssessmentRow.id), 0),
    func.max(AssessmentRow.ingested_at),
    select(func.count(ObservationRow.id)).where(ObservationRow.superseded_at.is_(None)).scalar_subquery(),
    select(func.coalesce(func.max(ObservationRow.id), 0)).scalar_subquery(),
    select(func.max(SourceRow.last_seen_at)).scalar_subquery(),
    select(func.count(EvidenceFileRow.id)).scalar_subquery(),
    select(func.coalesce(func.max(EvidenceFileRow.id), 0)).scalar_subquery(),
    select(func.count(TranslationPublicationRow.id)).scalar_subquery(),
    select(func.coalesce(func.max(TranslationPublicationRow.id), 0)).scalar_subquery(),
)
"""The aggregate query behind :meth:`Store.fingerprint`."""


class Store(EvidenceStore):
    """A database of assessments.

    ``Store(url)`` opens the database at the SQLAlchemy ``url`` (default:
    :func:`~netfreedom.store.default_database_url`) WITHOUT writing to it: reading works on a
    read-only database file. Its schema must be the one this version of netfreedom writes;
    ``Store(url, migrate=True)`` first brings it there with the Alembic migrations (idempotent;
    creates the tables in an empty database) and sets :attr:`created` when it did so. Use it as
    a context manager or call :meth:`close` when done.

    Raises :class:`StoreError` (one-line message, password hidden) when the URL is malformed,
    names a database kind or driver that is not installed, the database cannot be reached or
    opened, holds no store or an older schema (without ``migrate``: the message says to run
    ``netfreedom db upgrade``), or its schema was written by a newer netfreedom. Any other
    method raises :class:`StoreError` for a database error, after rolling its transaction back.
    """

    def __init__(self, url: str | None = None, *, migrate: bool = False) -> None:
        raw_url = url if url is not None else default_database_url()
        self._engine = _open_engine(raw_url)
        self.url: str = self._engine.url.render_as_string(hide_password=True)
        """The database URL, with any password replaced by ``***``."""
        self.created = False
        """Whether opening with ``migrate=True`` created the store's tables in an empty database."""
        try:
            with self._engine.connect() as connection:
                found = current_revision(connection)
            head = head_revision()
            if migrate and found != head:
                upgrade(writer(self._engine))
                self.created = found is None
            elif found is None:
                raise StoreError(
                    f"{self.url} holds no netfreedom store: run `netfreedom db upgrade` "
                    "(or ingest reports, which creates it)"
                )
            elif found != head and not is_known_revision(found):
                raise CommandError(f"Can't locate revision identified by {found!r}")
            elif found != head:
                raise StoreError(
                    f"the store at {self.url} has an older schema ({found}; this version needs "
                    f"{head}): run `netfreedom db upgrade`"
                )
        except StoreError:
            self._engine.dispose()
            raise
        except CommandError as exc:
            self._engine.dispose()
            raise StoreError(
                f"cannot open {self.url}: its schema is unknown to this version of netfreedom ({_first_line(exc)})"
            ) from exc
        except SQLAlchemyError as exc:
            self._engine.dispose()
            raise StoreError(f"cannot open {self.url}: {_first_line(exc)}") from exc
        self._sessions = sessionmaker(self._engine, expire_on_commit=False)
        # reads of one statement on a database server: no BEGIN / COMMIT round trips around it
        # (the statement sees one snapshot on its own); SQLite's BEGIN costs no round trip
        self._single_reads = (
            None
            if self._engine.dialect.name == "sqlite"
            else sessionmaker(self._engine.execution_options(isolation_level="AUTOCOMMIT"), expire_on_commit=False)
        )
        self._writing = sessionmaker(writer(self._engine), expire_on_commit=False)
        self._closed = False
        self._fingerprint_sql: str | None = None
        self._pinned = threading.local()  # the session of a reading() block, per thread

    # -- life cycle -------------------------------------------------------------------------

    def close(self) -> None:
        """Release the database connections. Calling it again does nothing; any other method
        called afterwards raises :class:`StoreError`."""
        if not self._closed:
            self._closed = True
            self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.url!r})"

    # -- writes -----------------------------------------------------------------------------

    def save(self, assessment: Assessment, *, findings: Iterable[Finding] | None = None) -> SaveResult:
        """Store ``assessment`` as the current version of its (iso3, edition, language).

        ``findings``, when given, replace ``assessment.findings`` in what is stored (document
        and ``findings`` rows); when ``None`` the assessment's own findings are stored.

        Returns a :class:`SaveResult` whose ``action`` is

        * ``"created"``: nothing was stored under that key; revision 1 is written;
        * ``"unchanged"``: the stored version has the same ``provenance.sha256`` and
          ``provenance.reader_version`` and the same document apart from
          ``provenance.read_at``; nothing is written;
        * ``"replaced"``: the stored version is copied to the revision history and replaced
          (document, columns, score and finding rows); the revision grows by one;
        * ``"duplicate"``: the assessment was read from another file (``provenance.file_name``
          differs) but equals the stored version apart from provenance and findings; the
          document is kept, and only this copy is recorded (see below).

        The narrative's paragraphs are (re-)indexed for :meth:`search` in the same
        transaction, on ``created`` and ``replaced``. On ``created``, ``replaced`` and
        ``duplicate`` the file is recorded as a report source (:meth:`copies`) and each score
        value as an observation (:meth:`observations`; a value that differs from what the
        same file gave before supersedes it: :meth:`value_history`), and the conflicts with
        other sources are brought up to date (:meth:`conflicts`), all in the same
        transaction; on ``unchanged`` nothing is written. The stored findings are those
        given: pass the other sources' observations to the checks
        (:func:`netfreedom.store.observations_for_checks`) for them to include
        ``cross-source`` and ``duplicate-source``.

        Runs in one transaction. Raises :class:`StoreError` when ``assessment.edition`` is
        ``None`` (nothing is written) or on a database error. On any exception the
        transaction is rolled back and the database is left as it was.
        """
        _require_edition(assessment)
        with self._transaction(f"saving {_label(assessment)}", write=True) as session:
            return _save_one(session, assessment, findings)

    def save_many(self, assessments: Iterable[Assessment]) -> list[SaveResult]:
        """Save several assessments in one transaction: all of them or none.

        Each is saved as by :meth:`save` (with its own findings), in the order given; an
        assessment that repeats an earlier key of the same call is compared with, and may
        replace, that earlier one. Returns one :class:`SaveResult` per assessment, in order.
        Raises :class:`StoreError` when any assessment lacks an edition (checked before
        anything is written) or on a database error; on any exception the whole transaction
        is rolled back.
        """
        batch = list(assessments)
        for assessment in batch:
            _require_edition(assessment)
        with self._transaction(f"saving {len(batch)} assessments", write=True) as session:
            return [_save_one(session, assessment, None) for assessment in batch]

    # -- reads ------------------------------------------------------------------------------

    def get(self, iso3: str, edition: int | None = None, language: str | None = None) -> Assessment | None:
        """The stored assessment of country ``iso3`` (ISO alpha-3, any case), or ``None``.

        ``edition`` ``None`` means the latest stored edition. ``language`` ``None`` means
        English when stored, else the first other language in alphabetical order. Raises
        :class:`StoreError` on a database error or when the stored document no longer
        validates as an :class:`Assessment`.
        """
        stmt = select(AssessmentRow.document).where(AssessmentRow.iso3 == iso3.upper())
        if edition is not None:
            stmt = stmt.where(AssessmentRow.edition == edition)
        return self._first_document(stmt, language)

    def report_page(self, iso3: str, edition: int, language: str | None = None) -> ReportPage | None:
        """The assessment of ``iso3`` and ``edition`` (``language`` as in :meth:`get`) with its
        narrative as safe HTML, prepared when it was stored, and its revision; ``None`` when
        nothing is stored. See :func:`netfreedom.store.narratives.read_report_page`."""
        return read_report_page(self, iso3, edition, language)

    def page_parts(
        self, iso3: str, edition: int, language: str | None, part: str, build_format: str
    ) -> PagePartsLookup | None:
        """The report a page shows and its prepared parts when current; see
        :func:`netfreedom.store.page_parts.read_page_parts`."""
        return read_page_parts(self, iso3, edition, language, part, build_format)

    def read_only_file(self) -> bool:
        """Whether the store is an SQLite file without write permission bits (``chmod a-w``):
        derived data (prepared page parts) is then never written, even by a user the
        permissions do not stop."""
        database = self._engine.url.database if self._engine.dialect.name == "sqlite" else None
        if not database or database == ":memory:" or database.startswith("file:"):
            return False
        try:
            return not os.stat(database).st_mode & 0o222
        except OSError:
            return False

    def keep_page_parts(
        self, assessment_id: int, revision: int, part: str, build_format: str, parts: PageParts
    ) -> bool:
        """Keep a report page's prepared parts; see :func:`netfreedom.store.page_parts.write_page_parts`."""
        return write_page_parts(self, assessment_id, revision, part, build_format, parts)

    def report_versions(self, iso3: str) -> list[ReportVersion]:
        """Every stored report of ``iso3``: edition, language and when stored, ordered by
        edition then language (no document read). See
        :func:`netfreedom.store.narratives.read_report_versions`."""
        return read_report_versions(self, iso3)

    def previous_edition(self, iso3: str, edition: int, language: str | None = None) -> Assessment | None:
        """The stored assessment of ``iso3`` with the greatest edition below ``edition``.

        ``language`` as in :meth:`get`. Returns ``None`` when there is none; raises
        :class:`StoreError` as :meth:`get` does.
        """
        stmt = select(AssessmentRow.document).where(AssessmentRow.iso3 == iso3.upper(), AssessmentRow.edition < edition)
        return self._first_document(stmt, language)

    def list_assessments(
        self,
        country: str | None = None,
        edition: int | None = None,
        status: Status | str | None = None,
        language: str | None = None,
    ) -> list[AssessmentSummary]:
        """Summaries of the stored assessments that match every filter given.

        ``country`` is an ISO alpha-3 code or a country name (English or Russian, as
        :func:`netfreedom.model.countries.resolve_country` knows them; else compared with the stored
        name, ignoring case). ``status`` is a :class:`Status` or its value (``"not_free"``).
        Ordered by iso3, edition, then language. Raises ``ValueError`` for an unknown status
        and :class:`StoreError` on a database error.
        """
        stmt = select(AssessmentRow).options(defer(AssessmentRow.document), selectinload(AssessmentRow.categories))
        if country is not None:
            stmt = stmt.where(_country_filter(country))
        if edition is not None:
            stmt = stmt.where(AssessmentRow.edition == edition)
        if status is not None:
            stmt = stmt.where(AssessmentRow.status == Status(status).value)
        if language is not None:
            stmt = stmt.where(AssessmentRow.language == language)
        stmt = stmt.order_by(AssessmentRow.iso3, AssessmentRow.edition, AssessmentRow.language)
        with self._transaction("listing assessments") as session:
            return [_summary(row) for row in session.scalars(stmt)]

    def all_assessments(self) -> Iterator[Assessment]:
        """Every stored assessment (current versions), ordered by iso3, edition, language.

        Documents are read lazily in batches, each in its own short read transaction, so
        memory stays flat however many are stored; saves made while iterating may or may
        not be seen. Raises :class:`StoreError` as :meth:`get` does.
        """
        order = (AssessmentRow.iso3, AssessmentRow.edition, AssessmentRow.language)
        with self._transaction("exporting assessments") as session:
            ids = list(session.scalars(select(AssessmentRow.id).order_by(*order)))
        for start in range(0, len(ids), _EXPORT_BATCH):
            chunk = ids[start : start + _EXPORT_BATCH]
            stmt = select(AssessmentRow.id, AssessmentRow.document).where(AssessmentRow.id.in_(chunk))
            with self._transaction("exporting assessments") as session:
                documents = {row_id: doc for row_id, doc in session.execute(stmt)}
            for row_id in chunk:
                if row_id in documents:  # skip rows deleted since the ids were read
                    yield _to_assessment(documents[row_id])

    def history(self, iso3: str, edition: int, language: str | None = None) -> list[Revision]:
        """All versions of one stored assessment, oldest first, the current one last.

        ``language`` as in :meth:`get`. Returns an empty list when nothing is stored under
        that key. Raises :class:`StoreError` on a database error.
        """
        stmt = (
            select(AssessmentRow)
            .options(defer(AssessmentRow.document))
            .where(AssessmentRow.iso3 == iso3.upper(), AssessmentRow.edition == edition)
        )
        with self._transaction("reading history") as session:
            current = session.scalars(_language_order(stmt, language).limit(1)).first()
            if current is None:
                return []
            old = session.scalars(
                select(AssessmentRevisionRow)
                .where(
                    AssessmentRevisionRow.iso3 == current.iso3,
                    AssessmentRevisionRow.edition == current.edition,
                    AssessmentRevisionRow.language == current.language,
                )
                .order_by(AssessmentRevisionRow.revision)
            ).all()
            revisions = [_revision(row, replaced_at=_utc(row.replaced_at)) for row in old]
            revisions.append(_revision(current, replaced_at=None))
            return revisions

    def fingerprint(self) -> str:
        """A short string that changes whenever the stored content changes.

        Built from the number of stored assessments, the sum of their revisions, the
        greatest row id and the latest ingest time, the number of current observations,
        the greatest observation id, the latest time a source was recorded, the number and
        greatest id of the imported evidence files (an import, or a changed file replacing
        items, adds one) and of the translation publications (publishing the same text again
        changes the "behind the original" notice only), in one cheap aggregate query. Caches of derived views (the web site's rendered pages) compare it
        to know they are stale. Raises :class:`StoreError` on a database error.
        """
        sql = self._fingerprint_sql
        if sql is None:  # the statement is built and compiled once per store: it is asked on every page
            sql = self._fingerprint_sql = str(
                _FINGERPRINT.compile(dialect=self._engine.dialect, compile_kwargs={"literal_binds": True})
            )
        if self._closed:
            raise StoreError("reading the store's fingerprint failed: the store is closed")
        try:
            with self._engine.connect() as connection:
                row = connection.exec_driver_sql(sql).one()
                connection.rollback()
        except SQLAlchemyError as exc:
            raise StoreError(f"reading the store's fingerprint failed: {_first_line(exc)}") from exc
        return "-".join(str(value) for value in row)

    def search(
        self,
        query: str,
        country: str | None = None,
        edition: int | None = None,
        indicator: str | None = None,
        language: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> SearchResults:
        """Full-text search of the stored narratives, in one read transaction.

        As :func:`netfreedom.store.search.search`: stemmed words of ``query`` (Russian and
        English), filters, ``limit``/``offset`` paging; hits with HTML snippets. Raises
        ``ValueError`` for a blank or too long query or a bad ``limit``/``offset``, and
        :class:`StoreError` on a database error. Writes nothing.
        """
        single = self._single_reads is not None and one_statement(self._engine.dialect.name, limit, offset)
        with self._transaction("searching", single_statement=single) as session:
            return search(
                session,
                query,
                country=country,
                edition=edition,
                indicator=indicator,
                language=language,
                limit=limit,
                offset=offset,
            )

    def search_choices(self) -> SearchChoices:
        """The countries, editions and languages the search filters offer: those of the
        stored assessments (:func:`netfreedom.store.search.search_choices`), in one read
        transaction. Raises :class:`StoreError` on a database error."""
        with self._transaction("listing the search filters") as session:
            return search_choices(session)

    # -- per-value provenance ---------------------------------------------------------------

    def save_dataset(
        self, provenance: Provenance, values: Iterable[ObservedValue], *, keep: Iterable[tuple[str, int, int]] = ()
    ) -> DatasetSaveResult:
        """Record one score dataset file and its values, in one transaction.

        ``provenance`` describes the file (``file_name`` identifies the source, with
        ``sha256`` of its bytes, ``reader`` and ``reader_version``); ``values`` are the
        values of its accepted rows (``netfreedom.ingest.tables.reader`` makes them). Compared
        with the file's earlier import, per row (iso3, edition, occurrence): equal values are
        left alone, changed or dropped ones superseded (:meth:`value_history`), new ones
        added; rows of the earlier import absent now are withdrawn, except those in ``keep``
        (rows rejected this time). Conflicts with every other source are brought up to date.
        Raises :class:`StoreError` on a database error (rolled back: the store is as it was).
        """
        values = list(values)
        with self._transaction(f"saving dataset {provenance.file_name}", write=True) as session:
            now = datetime.now(UTC)
            actions, opened = record_dataset(session, provenance, values, now, keep=keep)
            refresh_scorecards(session, {group[0] for group, action in actions.items() if action != "unchanged"}, now)
            counts = {
                name: sum(1 for a in actions.values() if a == name)
                for name in ("created", "updated", "unchanged", "withdrawn")
            }
            return DatasetSaveResult(**counts, conflicts=conflict_records(session, opened))

    def observations(
        self,
        iso3: str,
        edition: int,
        *,
        include_superseded: bool = False,
        excluding: tuple[SourceKind, str, str] | None = None,
    ) -> list[Observation]:
        """The observations of one country (ISO alpha-3, any case) and edition, from every
        source (but ``excluding``: kind, file name, source key): current ones only unless
        ``include_superseded``. Ordered by field (``total``, ``status``, ``A``-``C``,
        ``A1``-``C8``), then source (first recorded first), row and time. Raises
        :class:`StoreError` on a database error."""
        with self._transaction("reading observations") as session:
            return list_observations(session, iso3, edition, include_superseded=include_superseded, excluding=excluding)

    def value_history(self, iso3: str, edition: int, field: str | None = None) -> list[Observation]:
        """Every observation of one country and edition (of one ``field`` when given),
        superseded ones included, with provenance: source kind, file name and SHA-256,
        reader and version, when observed and when superseded. This is what ``netfreedom
        history COUNTRY EDITION`` shows besides the revisions. Ordered as
        :meth:`observations`; raises :class:`StoreError` on a database error."""
        with self._transaction("reading value history") as session:
            return list_observations(session, iso3, edition, field=field, include_superseded=True)

    def copies(self, iso3: str, edition: int) -> list[ReportCopy]:
        """Every distinct report file recorded for one country and edition (all languages),
        first recorded first, with its provenance and whether the stored document was read
        from it. Raises :class:`StoreError` on a database error."""
        with self._transaction("reading report copies") as session:
            return report_copies(session, iso3, edition)

    def conflicts(
        self, iso3: str | None = None, edition: int | None = None, *, include_resolved: bool = False
    ) -> list[Conflict]:
        """Disagreements between sources (open ones unless ``include_resolved``), of one
        country and edition when given; ordered by iso3, edition and field. Raises
        :class:`StoreError` on a database error."""
        with self._transaction("reading conflicts") as session:
            return list_conflicts(session, iso3, edition, include_resolved=include_resolved)

    def series(self, iso3: str) -> list[SeriesPoint]:
        """The time series of country ``iso3``: per edition the best-supported total, status
        and categories on the current scale, from reports and score datasets (see
        :mod:`netfreedom.store.series`); oldest edition first, empty when nothing is stored.
        Raises :class:`StoreError` on a database error."""
        with self._transaction("reading a time series") as session:
            return build_series(session, iso3)

    def scorecards(
        self,
        *,
        countries: Iterable[str] | None = None,
        edition: int | None = None,
        latest: bool = False,
        status: Status | str | None = None,
        region: str | None = None,
        source_kind: str | None = None,
    ) -> list[Scorecard]:
        """The prepared scorecards (one per country and edition, from any source: reports,
        score tables, news values) matching every filter, ordered by iso3 then edition; see
        :func:`netfreedom.store.scorecards.list_scorecards`. ``countries`` are ISO alpha-3
        codes. Raises ``ValueError`` for an unknown status and :class:`StoreError` on a
        database error."""
        wanted = Status(status).value if status is not None else None
        with self._transaction("reading scorecards") as session:
            return list_scorecards(
                session,
                countries=countries,
                edition=edition,
                latest=latest,
                status=wanted,
                region=region,
                source_kind=source_kind,
            )

    def scorecard(self, iso3: str, edition: int | None = None) -> Scorecard | None:
        """The scorecard of ``iso3`` (any case) for ``edition`` (latest when ``None``), or
        ``None``. Raises :class:`StoreError` on a database error."""
        cards = self.scorecards(countries=[iso3], edition=edition, latest=edition is None)
        return cards[-1] if cards else None

    def value_sources(self, countries: Iterable[str] | None = None) -> dict[tuple[str, int], list[ValueSource]]:
        """Per (iso3, edition), the sources of the values each scorecard shows, the lead first,
        each with the fields it gave (:func:`netfreedom.store.scorecards.value_sources`);
        ``countries`` are ISO alpha-3 codes (``None``: every country). Raises
        :class:`StoreError` on a database error."""
        with self._transaction("reading the sources of scorecards") as session:
            wanted = (
                list(countries) if countries is not None else session.scalars(select(ObservationRow.iso3).distinct())
            )
            return value_sources(session, wanted)

    def scorecard_counts(self) -> ScorecardCounts:
        """Countries per edition and in all among the scorecards, in one read. Raises
        :class:`StoreError` on a database error."""
        with self._transaction("counting scorecards") as session:
            editions, countries = scorecard_counts(session)
        return ScorecardCounts(editions=editions, countries=countries)

    def observations_for(self, assessment: Assessment) -> tuple[Observation, ...]:
        """Other sources' current observations of ``assessment``'s country and edition, for
        the checks: see :func:`netfreedom.store.observations_for_checks`."""
        from netfreedom.store.observations import observations_for_checks

        return observations_for_checks(self, assessment)

    # -- helpers ----------------------------------------------------------------------------

    @contextmanager
    def reading(self, doing: str = "reading") -> Iterator[None]:
        """Run every read of this thread inside the block in ONE read transaction (one
        connection, one snapshot of the store), as a page that asks several questions does;
        writes inside run in transactions of their own. Nested blocks join the outer one.
        Raises :class:`StoreError` on a database error."""
        if getattr(self._pinned, "session", None) is not None:
            yield
            return
        with self._transaction(doing) as session:
            self._pinned.session = session
            try:
                yield
            finally:
                self._pinned.session = None

    @contextmanager
    def _transaction(self, doing: str, *, write: bool = False, single_statement: bool = False) -> Iterator[Session]:
        """A session in a transaction: committed on success, rolled back on any exception;
        database errors come out as :class:`StoreError`. ``write`` transactions take the
        database's write lock at the start (SQLite: ``BEGIN IMMEDIATE``), so that concurrent
        writers wait for each other rather than fail on a unique key. A read inside
        :meth:`reading` uses that block's session. ``single_statement`` (a read that runs one
        statement): on a database server the session runs in autocommit, without a
        transaction block (no BEGIN and COMMIT round trips)."""
        if self._closed:
            raise StoreError(f"{doing} failed: the store is closed")
        pinned = None if write else getattr(self._pinned, "session", None)
        if pinned is not None:
            try:
                yield pinned
            except SQLAlchemyError as exc:
                raise StoreError(f"{doing} failed: {_first_line(exc)}") from exc
            return
        try:
            if write:
                maker = self._writing
            elif single_statement and self._single_reads is not None:
                maker = self._single_reads
            else:
                maker = self._sessions
            with maker.begin() as session:
                yield session
        except SQLAlchemyError as exc:
            raise StoreError(f"{doing} failed: {_first_line(exc)}") from exc

    def _first_document(self, stmt: Any, language: str | None) -> Assessment | None:
        stmt = _language_order(stmt.order_by(AssessmentRow.edition.desc()), language).limit(1)
        with self._transaction("reading an assessment") as session:
            document = session.scalars(stmt).first()
        return None if document is None else _to_assessment(document)
