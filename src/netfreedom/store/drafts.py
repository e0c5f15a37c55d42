"""Storing editions and drafts, with optimistic concurrency and an append-only audit trail.

:class:`DraftStore` works on an open :class:`~netfreedom.store.Store` (``DraftStore(store)``).
Every change of a draft goes through :meth:`DraftStore.save`, in one write transaction that
starts with ``UPDATE drafts SET revision = revision + 1 WHERE id = :id AND revision =
:based_on``: when no row matched, someone saved first, nothing is written and
:class:`~netfreedom.errors.StaleRevisionError` is raised. On PostgreSQL a concurrent save of the
same draft waits on the row lock and then finds the revision moved; on SQLite write
transactions are serialised (``BEGIN IMMEDIATE``). So no revision is lost or made twice:
``draft_revisions`` has one row per revision (unique), ``draft_audit`` one per changed field.
Nothing here checks permissions or workflow rules: that is :mod:`netfreedom.services.drafting`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from netfreedom.errors import N_, ConflictError, NotFoundError, StaleRevisionError
from netfreedom.model.assessment import Assessment, CoveragePeriod
from netfreedom.model.drafting import AuditEntry, Comment, Draft, DraftIndicator, Edition, LastYear
from netfreedom.store.draft_last_year import last_year_of, published_reports
from netfreedom.store.draft_tables import (
    DraftAuditRow,
    DraftCommentRow,
    DraftControlRow,
    DraftIndicatorRow,
    DraftKeyDevelopmentRow,
    DraftRevisionRow,
    DraftRow,
    EditionRow,
)
from netfreedom.store.draft_threads import comment_of
from netfreedom.store.reading import utc
from netfreedom.store.repository import Store
from netfreedom.store.saving import save_one as _save_one

__all__ = ["DraftChanges", "DraftStore"]

INDICATOR_FIELDS = ("score", "narrative", "sources", "journal", "change_note")
"""Fields of a drafted indicator a save may change (audited as ``<indicator>.<field>``)."""


@dataclass
class DraftChanges:
    """What one save changes: per indicator id a mapping of :data:`INDICATOR_FIELDS` to new
    values (``sources`` as a JSON list), and optionally the key developments, key internet
    controls, overview, stage (``state``) and the report revision publishing wrote."""

    indicators: dict[str, dict[str, Any]] = field(default_factory=dict)
    key_developments: list[str] | None = None
    key_internet_controls: dict[str, bool] | None = None
    overview: list[str] | None = None
    state: str | None = None
    publish: Assessment | None = None


class DraftStore:
    """Editions and drafts in the database of ``store`` (see the module docstring)."""

    def __init__(self, store: Store) -> None:
        self._store = store

    # -- editions ---------------------------------------------------------------------------

    def open_edition(self, edition: Edition, actor: str | None) -> Edition:
        """Record ``edition`` as open for writing. Raises :class:`ConflictError` when it is
        already open with another methodology or workflow; the same again returns the stored one."""
        with self._store._transaction(f"opening edition {edition.edition}", write=True) as session:
            row = session.get(EditionRow, edition.edition)
            if row is not None:
                stored = _edition(row)
                if (stored.methodology, stored.workflow) != (edition.methodology, edition.workflow):
                    raise ConflictError(
                        f"edition {edition.edition} is already open with methodology {stored.methodology} "
                        f"and workflow {stored.workflow}"
                    )
                return stored
            row = EditionRow(
                edition=edition.edition,
                methodology=edition.methodology,
                coverage_start=edition.coverage.start,
                coverage_end=edition.coverage.end,
                workflow=edition.workflow,
                opened_by=actor,
                opened_at=datetime.now(UTC),
            )
            session.add(row)
            session.flush()
            return _edition(row)

    def edition(self, edition: int) -> Edition:
        """The open edition ``edition``; :class:`NotFoundError` when it was never opened."""
        with self._store._transaction("reading an edition") as session:
            row = session.get(EditionRow, edition)
            if row is None:
                raise NotFoundError(
                    N_("edition {edition} is not open for writing (netfreedom edition open {edition})"), edition=edition
                )
            return _edition(row)

    def editions(self) -> list[Edition]:
        """Every open edition, newest first."""
        with self._store._transaction("listing editions") as session:
            return [_edition(r) for r in session.scalars(select(EditionRow).order_by(EditionRow.edition.desc()))]

    # -- drafts -----------------------------------------------------------------------------

    def create_draft(self, draft: Draft, actor: str) -> Draft:
        """Store a new draft at revision 1 (``draft.id`` and ``revision`` are ignored); the
        audit trail gets one ``created`` line. Raises :class:`ConflictError` when the country
        already has a draft of that edition, :class:`NotFoundError` for an edition not open."""
        now = datetime.now(UTC)
        label = f"{draft.iso3} {draft.edition}"
        try:
            with self._store._transaction(f"creating the draft of {label}", write=True) as session:
                if session.get(EditionRow, draft.edition) is None:
                    raise NotFoundError(N_("edition {edition} is not open for writing"), edition=draft.edition)
                row = DraftRow(
                    edition=draft.edition,
                    iso3=draft.iso3,
                    country_name=draft.country_name,
                    language=draft.language,
                    state=draft.state,
                    researcher=draft.researcher,
                    reviewer=draft.reviewer,
                    revision=1,
                    overview=list(draft.overview),
                    base_document=None if draft.base is None else draft.base.model_dump(mode="json"),
                    base_revision=draft.base_revision,
                    created_by=actor,
                    created_at=now,
                    updated_at=now,
                )
                session.add(row)
                session.flush()
                for position, indicator in enumerate(draft.indicators):
                    session.add(_indicator_row(row.id, position, indicator))
                _write_key_developments(session, row.id, draft.key_developments)
                _write_controls(session, row.id, draft.key_internet_controls)
                session.add(DraftRevisionRow(draft_id=row.id, revision=1, based_on=0, actor=actor, at=now))
                session.add(
                    DraftAuditRow(
                        draft_id=row.id, revision=1, at=now, actor=actor, action="create", field="draft",
                        before=None, after={"state": draft.state, "researcher": draft.researcher,
                                            "reviewer": draft.reviewer, "base_revision": draft.base_revision},
                    )
                )  # fmt: skip
                draft_id = row.id
        except ConflictError:
            raise
        except Exception as exc:
            if isinstance(exc.__cause__, IntegrityError):
                raise ConflictError(
                    N_("{iso3} {edition} already has a draft"), iso3=draft.iso3, edition=draft.edition
                ) from exc
            raise
        return self.draft(draft_id)

    def draft(self, draft_id: int) -> Draft:
        """The draft with this id, indicators included; :class:`NotFoundError` when none."""
        with self._store._transaction("reading a draft") as session:
            return _read_draft(session, draft_id)

    def find_draft(self, iso3: str, edition: int) -> Draft:
        """The draft of country ``iso3`` for ``edition``; :class:`NotFoundError` when none."""
        with self._store._transaction("reading a draft") as session:
            draft_id = session.scalar(
                select(DraftRow.id).where(DraftRow.iso3 == iso3.upper(), DraftRow.edition == edition)
            )
            if draft_id is None:
                raise NotFoundError(N_("no draft of {iso3} for edition {edition}"), iso3=iso3.upper(), edition=edition)
            return _read_draft(session, draft_id)

    def last_year(self, iso3: str, edition: int, methodology: str) -> LastYear | None:
        """Last year's scorecard for a draft of ``iso3`` and ``edition`` on ``methodology``
        (see :func:`netfreedom.store.draft_last_year.last_year_of`)."""
        with self._store._transaction("reading last year's scorecard") as session:
            return last_year_of(session, iso3, edition, methodology)

    def published_reports(self, iso3: str, edition: int) -> dict[str, int]:
        """The stored reports of ``iso3`` for ``edition``: language -> revision (see
        :func:`netfreedom.store.draft_last_year.published_reports`)."""
        with self._store._transaction("reading the published reports") as session:
            return published_reports(session, iso3, edition)

    def drafts(self, edition: int | None = None) -> list[Draft]:
        """Every draft (of ``edition`` when given), by edition (newest first) then country."""
        stmt = select(DraftRow.id).order_by(DraftRow.edition.desc(), DraftRow.iso3)
        if edition is not None:
            stmt = stmt.where(DraftRow.edition == edition)
        with self._store._transaction("listing drafts") as session:
            return [_read_draft(session, draft_id) for draft_id in session.scalars(stmt).all()]

    def save(self, draft_id: int, based_on: int, actor: str, changes: DraftChanges, action: str = "edit") -> Draft:
        """Apply ``changes`` as revision ``based_on + 1``, in one write transaction.

        Raises :class:`StaleRevisionError` (nothing written) when the draft is no longer at
        ``based_on``, :class:`NotFoundError` when it does not exist, ``KeyError`` for an
        indicator the draft lacks. Every field whose value changes gets an audit line; a
        changed indicator stops being "carried over". With ``changes.publish`` the assessment
        is stored as a report revision (as :meth:`Store.save` does) in the same transaction.
        Returns the draft as saved.
        """
        now = datetime.now(UTC)
        with self._store._transaction(f"saving draft {draft_id}", write=True) as session:
            moved = session.execute(
                update(DraftRow)
                .where(DraftRow.id == draft_id, DraftRow.revision == based_on)
                .values(revision=DraftRow.revision + 1, updated_at=now)
            )
            if moved.rowcount != 1:  # type: ignore[attr-defined]
                current = session.scalar(select(DraftRow.revision).where(DraftRow.id == draft_id))
                if current is None:
                    raise NotFoundError(N_("no draft {id}"), id=draft_id)
                raise StaleRevisionError(
                    N_(
                        "draft {id} is at revision {current}, the change was based on revision {based_on}: "
                        "reload it and apply the change again"
                    ),
                    {"based_on": based_on, "current": current},
                    id=draft_id,
                    current=current,
                    based_on=based_on,
                )
            revision = based_on + 1
            row = session.get(DraftRow, draft_id)
            assert row is not None
            audit = _Audit(session, draft_id, revision, now, actor, action)
            for indicator_id, values in changes.indicators.items():
                _apply_indicator(session, draft_id, indicator_id, values, audit, now)
            if changes.key_developments is not None:
                before = _key_developments(session, draft_id)
                if before != changes.key_developments:
                    _write_key_developments(session, draft_id, changes.key_developments, replace=True)
                    audit.add("key_developments", before, changes.key_developments)
            if changes.key_internet_controls is not None:
                before_controls = _controls(session, draft_id)
                if before_controls != changes.key_internet_controls:
                    _write_controls(session, draft_id, changes.key_internet_controls, replace=True)
                    audit.add("key_internet_controls", before_controls, changes.key_internet_controls)
            if changes.overview is not None and list(row.overview) != changes.overview:
                audit.add("overview", list(row.overview), changes.overview)
                row.overview = list(changes.overview)
            if changes.publish is not None:
                result = _save_one(session, changes.publish, None)
                audit.add("published_revision", row.published_revision, result.revision)
                row.published_revision = result.revision
            if changes.state is not None and changes.state != row.state:
                audit.add("state", row.state, changes.state)
                row.state = changes.state
            session.add(DraftRevisionRow(draft_id=draft_id, revision=revision, based_on=based_on, actor=actor, at=now))
            session.flush()
            return _read_draft(session, draft_id)

    def audit(self, draft_id: int) -> list[AuditEntry]:
        """The draft's audit trail, oldest first; :class:`NotFoundError` when no such draft."""
        with self._store._transaction("reading an audit trail") as session:
            if session.get(DraftRow, draft_id) is None:
                raise NotFoundError(N_("no draft {id}"), id=draft_id)
            rows = session.scalars(
                select(DraftAuditRow).where(DraftAuditRow.draft_id == draft_id).order_by(DraftAuditRow.id)
            )
            return [
                AuditEntry(id=r.id, draft_id=r.draft_id, revision=r.revision, at=utc(r.at), actor=r.actor,
                           action=r.action, field=r.field, before=r.before, after=r.after)
                for r in rows
            ]  # fmt: skip

    def revisions(self, draft_id: int) -> list[tuple[int, int, str]]:
        """(revision, based_on, actor) of every revision of the draft, in revision order."""
        with self._store._transaction("reading draft revisions") as session:
            rows = session.execute(
                select(DraftRevisionRow.revision, DraftRevisionRow.based_on, DraftRevisionRow.actor)
                .where(DraftRevisionRow.draft_id == draft_id)
                .order_by(DraftRevisionRow.revision)
            )
            return [(r, b, a) for r, b, a in rows]

    def comments(self, draft_id: int) -> list[Comment]:
        """The draft's comments (first comments of threads and replies), oldest first."""
        with self._store._transaction("reading comments") as session:
            rows = session.scalars(
                select(DraftCommentRow).where(DraftCommentRow.draft_id == draft_id).order_by(DraftCommentRow.id)
            )
            return [comment_of(r) for r in rows]


# -- helpers ------------------------------------------------------------------------------


class _Audit:
    """Collects the audit lines of one save."""

    def __init__(self, session: Session, draft_id: int, revision: int, at: datetime, actor: str, action: str) -> None:
        self.session, self.draft_id, self.revision, self.at = session, draft_id, revision, at
        self.actor, self.action = actor, action

    def add(self, name: str, before: Any, after: Any) -> None:
        self.session.add(
            DraftAuditRow(draft_id=self.draft_id, revision=self.revision, at=self.at, actor=self.actor,
                          action=self.action, field=name, before=before, after=after)
        )  # fmt: skip


def _apply_indicator(
    session: Session, draft_id: int, indicator_id: str, values: Mapping[str, Any], audit: _Audit, now: datetime
) -> None:
    row = session.get(DraftIndicatorRow, (draft_id, indicator_id))
    if row is None:
        raise KeyError(indicator_id)
    changed = False
    for name in INDICATOR_FIELDS:
        if name not in values:
            continue
        before, after = getattr(row, name), values[name]
        if before != after:
            audit.add(f"{indicator_id}.{name}", before, after)
            setattr(row, name, after)
            changed = True
    if changed:
        if row.carried_over:
            audit.add(f"{indicator_id}.carried_over", True, False)
        row.carried_over = False
        row.updated_by = audit.actor
        row.updated_at = now


def _indicator_row(draft_id: int, position: int, indicator: DraftIndicator) -> DraftIndicatorRow:
    return DraftIndicatorRow(
        draft_id=draft_id,
        indicator_id=indicator.id,
        position=position,
        category_id=indicator.category,
        max=indicator.max,
        score=indicator.score,
        previous_score=indicator.previous_score,
        narrative=indicator.narrative,
        sources=[s.model_dump(mode="json") for s in indicator.sources],
        journal=indicator.journal,
        change_note=indicator.change_note,
        carried_over=indicator.carried_over,
    )


def _write_key_developments(session: Session, draft_id: int, texts: Iterable[str], replace: bool = False) -> None:
    if replace:
        session.execute(delete(DraftKeyDevelopmentRow).where(DraftKeyDevelopmentRow.draft_id == draft_id))
    session.add_all(DraftKeyDevelopmentRow(draft_id=draft_id, position=i, text=t) for i, t in enumerate(texts))


def _write_controls(session: Session, draft_id: int, controls: Mapping[str, bool], replace: bool = False) -> None:
    if replace:
        session.execute(delete(DraftControlRow).where(DraftControlRow.draft_id == draft_id))
    session.add_all(DraftControlRow(draft_id=draft_id, control_id=k, value=v) for k, v in controls.items())


def _key_developments(session: Session, draft_id: int) -> list[str]:
    stmt = select(DraftKeyDevelopmentRow.text).where(DraftKeyDevelopmentRow.draft_id == draft_id)
    return list(session.scalars(stmt.order_by(DraftKeyDevelopmentRow.position)))


def _controls(session: Session, draft_id: int) -> dict[str, bool]:
    stmt = select(DraftControlRow.control_id, DraftControlRow.value).where(DraftControlRow.draft_id == draft_id)
    return {k: v for k, v in session.execute(stmt.order_by(DraftControlRow.control_id))}


def _edition(row: EditionRow) -> Edition:
    return Edition(
        edition=row.edition,
        methodology=row.methodology,
        coverage=CoveragePeriod(start=row.coverage_start, end=row.coverage_end),
        workflow=row.workflow,
        opened_by=row.opened_by,
        opened_at=utc(row.opened_at),
    )


def _read_draft(session: Session, draft_id: int) -> Draft:
    row = session.get(DraftRow, draft_id, populate_existing=True)
    if row is None:
        raise NotFoundError(N_("no draft {id}"), id=draft_id)
    edition = session.get(EditionRow, row.edition)
    assert edition is not None  # foreign key
    indicators = session.scalars(
        select(DraftIndicatorRow).where(DraftIndicatorRow.draft_id == draft_id).order_by(DraftIndicatorRow.position)
    )
    last_year = last_year_of(session, row.iso3, row.edition, edition.methodology)
    known = last_year.indicators if last_year is not None else {}
    return Draft(
        id=row.id,
        iso3=row.iso3,
        country_name=row.country_name,
        edition=row.edition,
        language=row.language,
        methodology=edition.methodology,
        workflow=edition.workflow,
        coverage=CoveragePeriod(start=edition.coverage_start, end=edition.coverage_end),
        state=row.state,
        researcher=row.researcher,
        reviewer=row.reviewer,
        revision=row.revision,
        overview=list(row.overview),
        key_developments=_key_developments(session, draft_id),
        key_internet_controls=_controls(session, draft_id),
        indicators=[
            DraftIndicator(
                id=i.indicator_id,
                category=i.category_id,
                max=i.max,
                score=i.score,
                narrative=i.narrative,
                sources=i.sources,
                journal=i.journal,
                change_note=i.change_note,
                carried_over=i.carried_over,
                previous_score=known.get(i.indicator_id),
                updated_by=i.updated_by,
                updated_at=None if i.updated_at is None else utc(i.updated_at),
            )
            for i in indicators
        ],  # fmt: skip
        base=None if row.base_document is None else Assessment.model_validate(row.base_document),
        base_revision=row.base_revision,
        last_year=last_year,
        published_revision=row.published_revision,
        created_by=row.created_by,
        created_at=utc(row.created_at),
        updated_at=utc(row.updated_at),
    )
