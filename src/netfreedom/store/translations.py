"""Storing translations of drafts, with optimistic concurrency, an audit trail, and the
stale state of every part worked out from the original's audit trail.

:class:`TranslationStore` works on an open :class:`~netfreedom.store.Store`. A part of a
translation is behind when the original's ``draft_audit`` has a line changing that part's
score or text (``A3.score``, ``A3.narrative``, ``A3.change_note``, ``overview``,
``key_developments``) at a revision later than the one the part ``follows``
(:func:`original_changes`). Nothing here checks permissions: that is
:mod:`netfreedom.services.translations`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from netfreedom.errors import N_, ConflictError, NotFoundError, StaleRevisionError
from netfreedom.model.assessment import Assessment
from netfreedom.model.translations import (
    SECTION_PARTS,
    PublishedTranslation,
    Translation,
    TranslationPart,
    part_status,
)
from netfreedom.store.draft_tables import DraftAuditRow, DraftRow
from netfreedom.store.reading import utc
from netfreedom.store.repository import Store, _save_one
from netfreedom.store.translation_tables import (
    TranslationAuditRow,
    TranslationPartRow,
    TranslationPublicationRow,
    TranslationRow,
)

__all__ = ["NewPart", "TranslationStore", "original_changes"]

ORIGINAL_FIELDS = ("score", "narrative", "change_note")
"""Fields of an original's indicator whose change puts its translation behind."""
PART_FIELDS = ("text", "change_note", "follows")
"""Fields of a translated part a save may change."""


@dataclass(frozen=True)
class NewPart:
    """A part of a new translation: its id, text, note and the revision it follows."""

    id: str
    text: str = ""
    change_note: str | None = None
    follows: int | None = None


def original_changes(session: Session, draft_id: int, upto: int | None = None) -> dict[str, int]:
    """The last revision (up to ``upto`` when given) at which the original draft changed each
    part: ``{"A3": 4, "overview": 2}``; parts never changed since the draft was made are absent
    (they count as revision 1)."""
    stmt = (
        select(DraftAuditRow.field, func.max(DraftAuditRow.revision))
        .where(DraftAuditRow.draft_id == draft_id)
        .group_by(DraftAuditRow.field)
    )
    if upto is not None:
        stmt = stmt.where(DraftAuditRow.revision <= upto)
    changed: dict[str, int] = {}
    for name, revision in session.execute(stmt):
        part, _, attribute = name.partition(".")
        if (attribute in ORIGINAL_FIELDS) or (not attribute and part in SECTION_PARTS):
            changed[part] = max(changed.get(part, 0), revision)
    return changed


def _published_at_revision(session: Session, draft_id: int) -> int | None:
    """The original's draft revision at its latest publication (``None``: never published)."""
    return session.scalar(
        select(func.max(DraftAuditRow.revision)).where(
            DraftAuditRow.draft_id == draft_id, DraftAuditRow.field == "published_revision"
        )
    )


_PUBLISHED = (
    select(TranslationRow, DraftRow)
    .join(DraftRow, DraftRow.id == TranslationRow.draft_id)
    .where(
        DraftRow.iso3 == bindparam("iso3"),
        DraftRow.edition == bindparam("edition"),
        TranslationRow.published_revision.is_not(None),
    )
    .order_by(TranslationRow.language)
)
_ANY_PUBLISHED = _PUBLISHED.with_only_columns(TranslationRow.id).limit(1)


class TranslationStore:
    """Translations in the database of ``store`` (see the module docstring)."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def create(
        self, draft_id: int, language: str, translator: str, parts: Sequence[NewPart], actor: str
    ) -> Translation:
        """Store a new translation at revision 1. :class:`ConflictError` when the draft already
        has a translation into ``language``; :class:`NotFoundError` when there is no draft."""
        now = datetime.now(UTC)
        try:
            with self._store._transaction(f"starting the {language} translation of draft {draft_id}", write=True) as s:
                if s.get(DraftRow, draft_id) is None:
                    raise NotFoundError(N_("no draft {id}"), id=draft_id)
                row = TranslationRow(draft_id=draft_id, language=language, translator=translator, revision=1,
                                     created_by=actor, created_at=now, updated_at=now)  # fmt: skip
                s.add(row)
                s.flush()
                s.add_all(
                    TranslationPartRow(translation_id=row.id, part=p.id, position=i, text=p.text,
                                       change_note=p.change_note, follows=p.follows)
                    for i, p in enumerate(parts)
                )  # fmt: skip
                s.add(TranslationAuditRow(translation_id=row.id, revision=1, at=now, actor=actor, action="create",
                                          field="translation", before=None, after={"translator": translator}))  # fmt: skip
                translation_id = row.id
        except ConflictError:
            raise
        except Exception as exc:
            if isinstance(exc.__cause__, IntegrityError):
                raise ConflictError(
                    N_("draft {id} already has a {language} translation"), id=draft_id, language=language
                ) from exc
            raise
        return self.get(translation_id)

    def original_changes(self, draft_id: int, upto: int | None = None) -> dict[str, int]:
        """:func:`original_changes` of draft ``draft_id`` in a transaction of its own."""
        with self._store._transaction("reading the original's changes") as session:
            return original_changes(session, draft_id, upto)

    def get(self, translation_id: int) -> Translation:
        """The translation with this id; :class:`NotFoundError` when none."""
        with self._store._transaction("reading a translation") as session:
            return _read(session, translation_id)

    def find(self, draft_id: int, language: str) -> Translation:
        """The translation of draft ``draft_id`` into ``language``; :class:`NotFoundError` when none."""
        with self._store._transaction("reading a translation") as session:
            found = session.scalar(
                select(TranslationRow.id).where(
                    TranslationRow.draft_id == draft_id, TranslationRow.language == language
                )
            )
            if found is None:
                raise NotFoundError(N_("draft {id} has no {language} translation"), id=draft_id, language=language)
            return _read(session, found)

    def of_draft(self, draft_id: int) -> list[Translation]:
        """Every translation of the draft, by language."""
        stmt = select(TranslationRow.id).where(TranslationRow.draft_id == draft_id).order_by(TranslationRow.language)
        with self._store._transaction("listing translations") as session:
            return [_read(session, i) for i in session.scalars(stmt).all()]

    def of_translator(self, translator: str) -> list[Translation]:
        """Every translation kept by ``translator``, by draft then language."""
        stmt = (
            select(TranslationRow.id)
            .where(TranslationRow.translator == translator)
            .order_by(TranslationRow.draft_id, TranslationRow.language)
        )
        with self._store._transaction("listing translations") as session:
            return [_read(session, i) for i in session.scalars(stmt).all()]

    def save(
        self,
        translation_id: int,
        based_on: int,
        actor: str,
        parts: Mapping[str, Mapping[str, Any]],
        action: str = "edit",
    ) -> Translation:
        """Apply ``parts`` ({part id: {field: value}} with fields of :data:`PART_FIELDS`) as
        revision ``based_on + 1`` in one write transaction. :class:`StaleRevisionError`
        (nothing written) when the translation moved on; ``KeyError`` for an unknown part."""
        now = datetime.now(UTC)
        with self._store._transaction(f"saving translation {translation_id}", write=True) as session:
            moved = session.execute(
                update(TranslationRow)
                .where(TranslationRow.id == translation_id, TranslationRow.revision == based_on)
                .values(revision=TranslationRow.revision + 1, updated_at=now)
            )
            if moved.rowcount != 1:  # type: ignore[attr-defined]
                current = session.scalar(select(TranslationRow.revision).where(TranslationRow.id == translation_id))
                if current is None:
                    raise NotFoundError(N_("no translation {id}"), id=translation_id)
                raise StaleRevisionError(
                    N_(
                        "translation {id} is at revision {current}, the change was based on revision "
                        "{based_on}: reload it and apply the change again"
                    ),
                    {"based_on": based_on, "current": current},
                    id=translation_id,
                    current=current,
                    based_on=based_on,
                )
            for part_id, values in parts.items():
                row = session.get(TranslationPartRow, (translation_id, part_id))
                if row is None:
                    raise KeyError(part_id)
                changed = False
                for name in PART_FIELDS:
                    if name in values and getattr(row, name) != values[name]:
                        session.add(TranslationAuditRow(
                            translation_id=translation_id, revision=based_on + 1, at=now, actor=actor, action=action,
                            field=f"{part_id}.{name}", before=getattr(row, name), after=values[name],
                        ))  # fmt: skip
                        setattr(row, name, values[name])
                        changed = True
                if changed:
                    row.updated_by, row.updated_at = actor, now
            session.flush()
            return _read(session, translation_id)

    def publish(self, translation_id: int, assessment: Assessment, actor: str) -> Translation:
        """Store ``assessment`` (the translation as a report in its language) as a report
        revision and record the publication with the ``follows`` of every part, in one write
        transaction. Returns the translation after it."""
        now = datetime.now(UTC)
        with self._store._transaction(f"publishing translation {translation_id}", write=True) as session:
            row = session.get(TranslationRow, translation_id)
            if row is None:
                raise NotFoundError(N_("no translation {id}"), id=translation_id)
            original = session.get(DraftRow, row.draft_id)
            assert original is not None  # foreign key
            result = _save_one(session, assessment, None)
            follows = {
                p.part: p.follows
                for p in session.scalars(select(TranslationPartRow).where(TranslationPartRow.translation_id == row.id))
            }
            session.add(TranslationPublicationRow(translation_id=row.id, report_revision=result.revision,
                                                  original_revision=original.revision, follows=follows, actor=actor,
                                                  published_at=now))  # fmt: skip
            row.published_revision = result.revision
            session.flush()
            return _read(session, translation_id)

    def published_versions(self, iso3: str, edition: int) -> list[PublishedTranslation]:
        """The language versions of ``iso3``'s ``edition`` report published from translations,
        by language, each with the parts behind the original as last published."""
        versions: list[PublishedTranslation] = []
        with self._store._transaction("reading published translations") as session:
            if not session.connection().execute(_ANY_PUBLISHED, {"iso3": iso3.upper(), "edition": edition}).first():
                return versions  # most reports: no translation published (one narrow query per page)
            for row, original in session.execute(_PUBLISHED, {"iso3": iso3.upper(), "edition": edition}).all():
                last = session.scalars(
                    select(TranslationPublicationRow)
                    .where(TranslationPublicationRow.translation_id == row.id)
                    .order_by(TranslationPublicationRow.id.desc())
                    .limit(1)
                ).first()
                if last is None:
                    continue
                upto = _published_at_revision(session, original.id) or last.original_revision
                changed = original_changes(session, original.id, upto=upto)
                behind = [
                    part
                    for part, follows in last.follows.items()
                    if follows is None or changed.get(part, 1) > int(follows)
                ]
                versions.append(
                    PublishedTranslation(language=row.language, original_language=original.language,
                                         published_at=utc(last.published_at), report_revision=last.report_revision,
                                         behind=behind)
                )  # fmt: skip
        return versions


def _read(session: Session, translation_id: int) -> Translation:
    row = session.get(TranslationRow, translation_id, populate_existing=True)
    if row is None:
        raise NotFoundError(N_("no translation {id}"), id=translation_id)
    original = session.get(DraftRow, row.draft_id, populate_existing=True)
    assert original is not None  # foreign key
    changed = original_changes(session, original.id)
    rows = session.scalars(
        select(TranslationPartRow)
        .where(TranslationPartRow.translation_id == translation_id)
        .order_by(TranslationPartRow.position)
    )
    parts = [
        TranslationPart(
            id=p.part, text=p.text, change_note=p.change_note, follows=p.follows,
            original_changed=changed.get(p.part, 1), status=part_status(p.follows, changed.get(p.part, 1)),
            updated_by=p.updated_by, updated_at=None if p.updated_at is None else utc(p.updated_at),
        )
        for p in rows
    ]  # fmt: skip
    return Translation(
        id=row.id,
        draft_id=row.draft_id,
        language=row.language,
        original_language=original.language,
        translator=row.translator,
        revision=row.revision,
        original_revision=original.revision,
        parts=parts,
        published_revision=row.published_revision,
        created_by=row.created_by,
        created_at=utc(row.created_at),
        updated_at=utc(row.updated_at),
    )
