"""The store: save assessments, read them back, list them and show their history.

A :class:`Store` wraps one database (SQLite or PostgreSQL, by SQLAlchemy URL). It keeps the
current version of each (iso3, edition, language) in ``assessments`` with its scores and
findings as rows, and every replaced version in ``assessment_revisions`` (see
:mod:`netfreedom.store.tables`). Reads return :class:`~netfreedom.model.Assessment` objects
rebuilt from the stored JSON document, so what comes out equals what went in.

Every write runs in one transaction: when anything fails, the transaction is rolled back and
the database is exactly as it was before the call.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

from alembic.util import CommandError
from pydantic import ValidationError
from sqlalchemy import ColumnElement, Engine, case, create_engine, delete, event, func, or_, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import Session, selectinload, sessionmaker

from ..methodology import Scale, Status
from ..model import Assessment, Finding
from .errors import StoreError
from .migrate import upgrade
from .records import AssessmentSummary, Revision, SaveResult
from .search import SearchResults, index_document, search
from .settings import default_database_url
from .tables import (
    AssessmentRevisionRow,
    AssessmentRow,
    CategoryScoreRow,
    FindingRow,
    IndicatorScoreRow,
)

__all__ = ["Store"]

PREFERRED_LANGUAGE = "en"
"""Language picked when a read names none and several are stored."""

_EXPORT_BATCH = 200


class Store:
    """A database of assessments.

    ``Store(url)`` opens the database at the SQLAlchemy ``url`` (default:
    :func:`~netfreedom.store.default_database_url`) and brings its schema up to date with the
    Alembic migrations (idempotent; creates the tables in an empty database). Use it as a
    context manager or call :meth:`close` when done.

    Raises :class:`StoreError` (one-line message, password hidden) when the URL is malformed,
    names a database kind or driver that is not installed, the database cannot be reached or
    opened, or its schema was written by a newer netfreedom. Any other method raises
    :class:`StoreError` for a database error, after rolling its transaction back.
    """

    def __init__(self, url: str | None = None) -> None:
        raw_url = url if url is not None else default_database_url()
        self._engine = _open_engine(raw_url)
        self.url: str = self._engine.url.render_as_string(hide_password=True)
        """The database URL, with any password replaced by ``***``."""
        try:
            upgrade(self._engine)
        except CommandError as exc:
            self._engine.dispose()
            raise StoreError(
                f"cannot open {self.url}: its schema is unknown to this version of netfreedom "
                f"({_first_line(exc)})"
            ) from exc
        except SQLAlchemyError as exc:
            self._engine.dispose()
            raise StoreError(f"cannot open {self.url}: {_first_line(exc)}") from exc
        self._sessions = sessionmaker(self._engine, expire_on_commit=False)
        self._closed = False

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

    def save(
        self, assessment: Assessment, *, findings: Iterable[Finding] | None = None
    ) -> SaveResult:
        """Store ``assessment`` as the current version of its (iso3, edition, language).

        ``findings``, when given, replace ``assessment.findings`` in what is stored (document
        and ``findings`` rows); when ``None`` the assessment's own findings are stored.

        Returns a :class:`SaveResult` whose ``action`` is

        * ``"created"``: nothing was stored under that key; revision 1 is written;
        * ``"unchanged"``: the stored version has the same ``provenance.sha256`` and
          ``provenance.reader_version`` and the same document apart from
          ``provenance.read_at``; nothing is written;
        * ``"replaced"``: the stored version is copied to the revision history and replaced
          (document, columns, score and finding rows); the revision grows by one.

        The narrative's paragraphs are (re-)indexed for :meth:`search` in the same
        transaction, on ``created`` and ``replaced``.

        Runs in one transaction. Raises :class:`StoreError` when ``assessment.edition`` is
        ``None`` (nothing is written) or on a database error. On any exception the
        transaction is rolled back and the database is left as it was.
        """
        _require_edition(assessment)
        with self._transaction(f"saving {_label(assessment)}") as session:
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
        with self._transaction(f"saving {len(batch)} assessments") as session:
            return [_save_one(session, assessment, None) for assessment in batch]

    # -- reads ------------------------------------------------------------------------------

    def get(
        self, iso3: str, edition: int | None = None, language: str | None = None
    ) -> Assessment | None:
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

    def previous_edition(
        self, iso3: str, edition: int, language: str | None = None
    ) -> Assessment | None:
        """The stored assessment of ``iso3`` with the greatest edition below ``edition``.

        ``language`` as in :meth:`get`. Returns ``None`` when there is none; raises
        :class:`StoreError` as :meth:`get` does.
        """
        stmt = select(AssessmentRow.document).where(
            AssessmentRow.iso3 == iso3.upper(), AssessmentRow.edition < edition
        )
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
        :func:`netfreedom.countries.resolve_country` knows them; else compared with the stored
        name, ignoring case). ``status`` is a :class:`Status` or its value (``"not_free"``).
        Ordered by iso3, edition, then language. Raises ``ValueError`` for an unknown status
        and :class:`StoreError` on a database error.
        """
        stmt = select(AssessmentRow).options(selectinload(AssessmentRow.categories))
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
            stmt = select(AssessmentRow.id, AssessmentRow.document).where(
                AssessmentRow.id.in_(chunk)
            )
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
        stmt = select(AssessmentRow).where(
            AssessmentRow.iso3 == iso3.upper(), AssessmentRow.edition == edition
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
        greatest row id and the latest ingest time, in one cheap aggregate query. Caches of
        derived views (the web site's rendered pages) compare it to know they are stale.
        Raises :class:`StoreError` on a database error.
        """
        stmt = select(
            func.count(AssessmentRow.id),
            func.coalesce(func.sum(AssessmentRow.revision), 0),
            func.coalesce(func.max(AssessmentRow.id), 0),
            func.max(AssessmentRow.ingested_at),
        )
        with self._transaction("reading the store's fingerprint") as session:
            count, revisions, last_id, latest = session.execute(stmt).one()
        return f"{count}-{revisions}-{last_id}-{latest}"

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
        with self._transaction("searching") as session:
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

    # -- helpers ----------------------------------------------------------------------------

    @contextmanager
    def _transaction(self, doing: str) -> Iterator[Session]:
        """A session in a transaction: committed on success, rolled back on any exception;
        database errors come out as :class:`StoreError`."""
        if self._closed:
            raise StoreError(f"{doing} failed: the store is closed")
        try:
            with self._sessions.begin() as session:
                yield session
        except SQLAlchemyError as exc:
            raise StoreError(f"{doing} failed: {_first_line(exc)}") from exc

    def _first_document(self, stmt: Any, language: str | None) -> Assessment | None:
        stmt = _language_order(stmt.order_by(AssessmentRow.edition.desc()), language).limit(1)
        with self._transaction("reading an assessment") as session:
            document = session.scalars(stmt).first()
        return None if document is None else _to_assessment(document)


# -- opening --------------------------------------------------------------------------------


def _open_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"bad database URL: {_first_line(exc)}") from exc
    shown = parsed.render_as_string(hide_password=True)
    try:
        engine = create_engine(parsed, pool_pre_ping=True)
    except NoSuchModuleError as exc:
        raise StoreError(f"bad database URL {shown}: unknown database kind") from exc
    except ImportError as exc:
        raise StoreError(
            f"cannot open {shown}: database driver not installed ({_first_line(exc)})"
        ) from exc
    except (ArgumentError, TypeError, ValueError) as exc:
        raise StoreError(f"bad database URL {shown}: {_first_line(exc)}") from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _enable_sqlite_foreign_keys)
    return engine


def _enable_sqlite_foreign_keys(dbapi_connection: Any, _record: Any) -> None:
    # SQLite ignores foreign keys (and ON DELETE CASCADE) unless asked, per connection.
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
    finally:
        cursor.close()


def _first_line(exc: BaseException) -> str:
    """The first line of a database error's own message, without SQLAlchemy's SQL dump."""
    original = getattr(exc, "orig", None)
    text = str(original if original is not None else exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


# -- saving ---------------------------------------------------------------------------------


def _label(assessment: Assessment) -> str:
    iso3, edition, language = assessment.key()
    return f"{iso3} {edition if edition is not None else '?'} ({language})"


def _require_edition(assessment: Assessment) -> None:
    if assessment.edition is None:
        raise StoreError(f"cannot store {_label(assessment)}: edition unknown")


def _save_one(
    session: Session, assessment: Assessment, findings: Iterable[Finding] | None
) -> SaveResult:
    """Save one assessment in the caller's transaction (see :meth:`Store.save`)."""
    _require_edition(assessment)
    if findings is not None:
        assessment = assessment.model_copy(update={"findings": list(findings)})
    iso3, edition, language = assessment.key()
    assert edition is not None  # _require_edition
    document = assessment.model_dump(mode="json")
    now = datetime.now(UTC)
    row = session.scalars(
        select(AssessmentRow)
        .where(
            AssessmentRow.iso3 == iso3,
            AssessmentRow.edition == edition,
            AssessmentRow.language == language,
        )
        .with_for_update()
    ).one_or_none()

    if row is None:
        row = AssessmentRow(revision=1)
        _fill(row, assessment, document, now)
        session.add(row)
        session.flush()  # assigns row.id
        _write_children(session, row.id, assessment, replace=False)
        index_document(session.connection(), row.id, document, replace=False)
        return SaveResult(
            action="created", iso3=iso3, edition=edition, language=language, revision=1
        )

    if _is_unchanged(row, assessment, document):
        return SaveResult(
            action="unchanged",
            iso3=iso3,
            edition=edition,
            language=language,
            revision=row.revision,
        )

    session.add(_history_row(row, replaced_at=now))
    row.revision += 1
    _fill(row, assessment, document, now)
    session.flush()
    _write_children(session, row.id, assessment, replace=True)
    index_document(session.connection(), row.id, document, replace=True)
    return SaveResult(
        action="replaced", iso3=iso3, edition=edition, language=language, revision=row.revision
    )


def _fill(row: AssessmentRow, a: Assessment, document: dict[str, Any], now: datetime) -> None:
    """Copy the assessment's queryable fields and its document into ``row``."""
    row.iso3 = a.country.iso3
    row.country_name = a.country.name
    row.edition = a.edition  # type: ignore[assignment]  # checked by _require_edition
    row.language = a.language
    row.scale = a.scale.value
    row.methodology = a.methodology
    row.status = a.status.value if a.status is not None else None
    row.total = a.total
    row.previous_total = a.previous.total
    row.previous_status = a.previous.status.value if a.previous.status is not None else None
    row.coverage_start = a.coverage.start if a.coverage is not None else None
    row.coverage_end = a.coverage.end if a.coverage is not None else None
    row.document = document
    provenance = a.provenance
    row.source_file_name = provenance.file_name if provenance else None
    row.source_sha256 = provenance.sha256 if provenance else None
    row.reader = provenance.reader if provenance else None
    row.reader_version = provenance.reader_version if provenance else None
    row.ingested_at = now


def _is_unchanged(row: AssessmentRow, a: Assessment, document: dict[str, Any]) -> bool:
    """Same source bytes, same reader version, same document apart from ``read_at``."""
    sha256 = a.provenance.sha256 if a.provenance else None
    reader_version = a.provenance.reader_version if a.provenance else None
    return (
        row.source_sha256 == sha256
        and row.reader_version == reader_version
        and _without_read_at(row.document) == _without_read_at(document)
    )


def _without_read_at(document: dict[str, Any]) -> dict[str, Any]:
    provenance = document.get("provenance")
    if not isinstance(provenance, dict):
        return document
    trimmed = {k: v for k, v in provenance.items() if k != "read_at"}
    return {**document, "provenance": trimmed}


def _history_row(row: AssessmentRow, *, replaced_at: datetime) -> AssessmentRevisionRow:
    """A copy of the current version for ``assessment_revisions``."""
    return AssessmentRevisionRow(
        iso3=row.iso3,
        edition=row.edition,
        language=row.language,
        revision=row.revision,
        document=row.document,
        source_file_name=row.source_file_name,
        source_sha256=row.source_sha256,
        reader=row.reader,
        reader_version=row.reader_version,
        ingested_at=row.ingested_at,
        replaced_at=replaced_at,
    )


def _write_children(
    session: Session, assessment_id: int, assessment: Assessment, *, replace: bool
) -> None:
    """Write the score and finding rows of one assessment (after deleting the old ones)."""
    if replace:
        for table in (CategoryScoreRow, IndicatorScoreRow, FindingRow):
            session.execute(delete(table).where(table.assessment_id == assessment_id))
    session.add_all(_category_rows(assessment_id, assessment))
    session.add_all(_indicator_rows(assessment_id, assessment))
    session.add_all(_finding_rows(assessment_id, assessment.findings))
    session.flush()


def _category_rows(assessment_id: int, assessment: Assessment) -> list[CategoryScoreRow]:
    return [
        CategoryScoreRow(
            assessment_id=assessment_id, category_id=category_id, score=c.score, max=c.max
        )
        for category_id, c in assessment.categories.items()
    ]


def _indicator_rows(assessment_id: int, assessment: Assessment) -> list[IndicatorScoreRow]:
    return [
        IndicatorScoreRow(
            assessment_id=assessment_id,
            position=position,
            indicator_id=indicator.id,
            category_id=indicator.category,
            score=indicator.score,
            max=indicator.max,
        )
        for position, indicator in enumerate(assessment.indicators)
    ]


def _finding_rows(assessment_id: int, findings: Sequence[Finding]) -> list[FindingRow]:
    return [
        FindingRow(
            assessment_id=assessment_id,
            position=position,
            rule=finding.rule,
            severity=finding.severity.value,
            location=finding.location,
            message=finding.message,
        )
        for position, finding in enumerate(findings)
    ]


# -- reading --------------------------------------------------------------------------------


def _language_order(stmt: Any, language: str | None) -> Any:
    """Restrict to ``language``, or order English first, then by language code."""
    if language is not None:
        return stmt.where(AssessmentRow.language == language)
    english_first = case((AssessmentRow.language == PREFERRED_LANGUAGE, 0), else_=1)
    return stmt.order_by(english_first, AssessmentRow.language)


def _country_filter(country: str) -> ColumnElement[bool]:
    from ..countries import UnknownCountryError, resolve_country

    wanted = country.strip()
    if len(wanted) == 3 and wanted.isascii() and wanted.isalpha():
        return AssessmentRow.iso3 == wanted.upper()
    try:
        iso3 = resolve_country(wanted).iso3
    except UnknownCountryError:
        return func.lower(AssessmentRow.country_name) == wanted.lower()
    return or_(AssessmentRow.iso3 == iso3, func.lower(AssessmentRow.country_name) == wanted.lower())


def _to_assessment(document: dict[str, Any]) -> Assessment:
    try:
        return Assessment.model_validate(document)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "document"
        country = document.get("country") or {}
        key = f"{country.get('iso3', '?')} {document.get('edition')} ({document.get('language')})"
        raise StoreError(
            f"stored document of {key} is not a valid assessment: {where}: {first['msg']}"
        ) from exc


def _summary(row: AssessmentRow) -> AssessmentSummary:
    return AssessmentSummary(
        iso3=row.iso3,
        country_name=row.country_name,
        edition=row.edition,
        language=row.language,
        scale=Scale(row.scale),
        status=Status(row.status) if row.status is not None else None,
        total=row.total,
        categories={c.category_id: c.score for c in row.categories},
        revision=row.revision,
    )


def _revision(
    row: AssessmentRow | AssessmentRevisionRow, *, replaced_at: datetime | None
) -> Revision:
    return Revision(
        revision=row.revision,
        source_file_name=row.source_file_name,
        source_sha256=row.source_sha256,
        reader=row.reader,
        reader_version=row.reader_version,
        ingested_at=_utc(row.ingested_at),
        replaced_at=replaced_at,
        current=isinstance(row, AssessmentRow),
    )


def _utc(moment: datetime) -> datetime:
    """Aware UTC datetime; SQLite hands back naive ones, which the store wrote in UTC."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)
