"""Keeping the prepared parts of report pages (table ``report_page_parts``,
:class:`~netfreedom.store.page_tables.ReportPagePartsRow`).

The web layer draws a report's page body once per report revision and interface language
(:mod:`netfreedom.web.views.prepared`) and keeps it here; the store treats the parts as opaque
bytes and JSON. :func:`read_page_parts` finds the report and its parts in one query and hands
the parts back only when they were built for the report's current revision in the format the
caller asks for; :func:`write_page_parts` keeps new ones unless the report was replaced
meanwhile; saving a report deletes its parts (:func:`drop_page_parts`, called by
:func:`netfreedom.store.narratives.save_narrative`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Connection, Table, and_, bindparam, delete, insert, select

from netfreedom.errors import StoreError
from netfreedom.store.page_tables import ReportPagePartsRow
from netfreedom.store.reading import language_order
from netfreedom.store.tables import AssessmentRow

if TYPE_CHECKING:
    from netfreedom.store.repository import Store

__all__ = ["PageParts", "PagePartsLookup", "drop_page_parts", "read_page_parts", "write_page_parts"]

_PARTS = cast(Table, ReportPagePartsRow.__table__)
_ASSESSMENTS = cast(Table, AssessmentRow.__table__)


_LOOKUP = select(
    _ASSESSMENTS.c.id, _ASSESSMENTS.c.revision, _ASSESSMENTS.c.language, _PARTS.c.revision.label("built"), _PARTS.c.format, _PARTS.c.facts,
    _PARTS.c.pieces, _PARTS.c.slots, _PARTS.c.html, _PARTS.c.deflate,
).select_from(
    _ASSESSMENTS.outerjoin(
        _PARTS,
        and_(_PARTS.c.assessment_id == _ASSESSMENTS.c.id,
             _PARTS.c.part == bindparam("part")),
    )
).where(_ASSESSMENTS.c.iso3 == bindparam("iso3"), _ASSESSMENTS.c.edition == bindparam("edition"))  # fmt: skip
_IN_LANGUAGE = _LOOKUP.where(_ASSESSMENTS.c.language == bindparam("language")).limit(1)  # built once: asked per page


@dataclass(frozen=True)
class PageParts:
    """Prepared parts of one report page: ``facts`` (JSON object), ``pieces`` (per body piece
    ``[html bytes, deflate bytes]`` lengths), ``slots`` (indicator ids between pieces),
    ``html`` and ``deflate`` (the pieces' bytes, concatenated)."""

    facts: dict[str, Any]
    pieces: list[Any]
    slots: list[Any]
    html: bytes
    deflate: bytes


@dataclass(frozen=True)
class PagePartsLookup:
    """The stored report a page shows (``assessment_id``, current ``revision``, body
    ``language``) and its prepared ``parts``, ``None`` when missing or built for another
    revision or format."""

    assessment_id: int
    revision: int
    language: str
    parts: PageParts | None


def read_page_parts(
    store: Store, iso3: str, edition: int, language: str | None, part: str, build_format: str
) -> PagePartsLookup | None:
    """The report stored under (``iso3``, ``edition``, ``language``; ``language`` ``None`` as
    in :meth:`Store.get`) with its prepared ``part`` (``"page-en"``: the page in an
    interface language; ``"json"``: the API answer) when it is current
    (built for its revision in ``build_format``); ``None`` when no such report is stored.
    One query. Raises :class:`StoreError` on a database error."""
    params = {"iso3": iso3.upper(), "edition": edition, "part": part}
    with store._transaction("reading a report page") as session:
        if language is not None:
            row = session.connection().execute(_IN_LANGUAGE, {**params, "language": language}).first()
        else:
            row = session.connection().execute(language_order(_LOOKUP, None).limit(1), params).first()
    if row is None:
        return None
    parts = None
    if row.built == row.revision and row.format == build_format and row.html is not None:
        parts = PageParts(row.facts, row.pieces, row.slots, bytes(row.html), bytes(row.deflate))
    return PagePartsLookup(row.id, row.revision, row.language, parts)


def write_page_parts(
    store: Store, assessment_id: int, revision: int, part: str, build_format: str, parts: PageParts
) -> bool:
    """Keep ``parts`` for revision ``revision`` of assessment ``assessment_id`` in
    ``part`` (see :func:`read_page_parts`), replacing an older one, in a write transaction
    of its own. Returns
    whether they were written: ``False`` when the report was replaced or deleted meanwhile, or
    the store cannot be written (a read-only database file: the page is served from the
    parts built in memory)."""
    if store.read_only_file():
        return False  # a database file made read-only: serving never changes it
    try:
        with store._transaction("keeping a prepared report page", write=True) as session:
            current = session.scalar(select(_ASSESSMENTS.c.revision).where(_ASSESSMENTS.c.id == assessment_id))
            if current != revision:
                return False
            connection = session.connection()
            connection.execute(delete(_PARTS).where(_PARTS.c.assessment_id == assessment_id, _PARTS.c.part == part))
            connection.execute(
                insert(_PARTS).values(
                    assessment_id=assessment_id,
                    part=part,
                    revision=revision,
                    format=build_format,
                    facts=parts.facts,
                    pieces=parts.pieces,
                    slots=parts.slots,
                    html=parts.html,
                    deflate=parts.deflate,
                    built_at=datetime.now(UTC),
                )
            )
    except StoreError:
        return False
    return True


def drop_page_parts(connection: Connection, assessment_id: int) -> None:
    """Delete the prepared parts of assessment ``assessment_id`` in the caller's transaction
    (it is being saved anew: its page is prepared again)."""
    connection.execute(delete(_PARTS).where(_PARTS.c.assessment_id == assessment_id))
