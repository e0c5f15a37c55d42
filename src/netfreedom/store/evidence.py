"""Evidence in the store: importing a file's items and counts in one transaction, reference
tables, and reading evidence back by country, edition and indicator.

:class:`EvidenceStore` is mixed into :class:`~netfreedom.store.Store`; it works with the plain
types of :mod:`netfreedom.model.evidence` and knows nothing of how files are read.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from itertools import islice
from typing import Any

from sqlalchemy import Table, and_, bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session

from netfreedom.model.evidence import (
    AggregateKey,
    EvidenceFile,
    EvidenceItem,
    EvidenceLink,
    ReferenceTable,
    Verdict,
    VerdictBasis,
)
from netfreedom.store.evidence_tables import (
    EvidenceAggregateRow,
    EvidenceFileRow,
    EvidenceItemRow,
    EvidenceLinkRow,
    EvidenceReferenceRow,
)

__all__ = ["EvidenceSaveResult", "EvidenceStore"]


def _table(row_class: type[Any]) -> Table:
    """The Core table of a row class: bulk inserts go through Core, not the ORM (faster)."""
    table: Table = row_class.metadata.tables[row_class.__tablename__]
    return table


BATCH = 2000
"""Items written per statement batch: memory stays flat whatever the file's size."""


@dataclass(frozen=True)
class EvidenceSaveResult:
    """What importing one evidence file did: ``action`` is ``created`` (new bytes for this
    name), ``unchanged`` (the same bytes were imported before: nothing written) or
    ``updated`` (the name was imported before with other bytes); ``items_created`` and
    ``items_updated`` count items by their key; ``aggregate_rows`` the count rows written."""

    action: str
    items_created: int = 0
    items_updated: int = 0
    aggregate_rows: int = 0


# Questions a country page asks on every request, built once.
_OF_EDITION = (
    select(EvidenceItemRow, EvidenceFileRow.name, EvidenceFileRow.sha256)
    .join(EvidenceFileRow, EvidenceFileRow.id == EvidenceItemRow.file_id)
    .where(
        EvidenceItemRow.iso3 == bindparam("iso3"),
        select(EvidenceLinkRow.item_id)
        .where(EvidenceLinkRow.item_id == EvidenceItemRow.id, EvidenceLinkRow.edition == bindparam("edition"))
        .exists(),
    )
    .order_by(EvidenceItemRow.start_at, EvidenceItemRow.item_key)
)
_ANY_OF_EDITION = (
    select(EvidenceLinkRow.item_id)
    .join(EvidenceItemRow, EvidenceItemRow.id == EvidenceLinkRow.item_id)
    .where(EvidenceItemRow.iso3 == bindparam("iso3"), EvidenceLinkRow.edition == bindparam("edition"))
    .limit(1)
)  # whether _OF_EDITION can find anything: most pages have no evidence, and this Core question costs little
_COUNTS = (
    select(EvidenceLinkRow.indicator, EvidenceItemRow.verdict, func.count(func.distinct(EvidenceItemRow.id)))
    .join(EvidenceItemRow, EvidenceItemRow.id == EvidenceLinkRow.item_id)
    .where(EvidenceLinkRow.iso3 == bindparam("iso3"), EvidenceLinkRow.edition == bindparam("edition"))
    .group_by(EvidenceLinkRow.indicator, EvidenceItemRow.verdict)
)
_DAILY = (
    select(EvidenceAggregateRow.day, EvidenceAggregateRow.verdict, func.sum(EvidenceAggregateRow.count))
    .where(
        EvidenceAggregateRow.iso3 == bindparam("iso3"),
        EvidenceAggregateRow.day >= bindparam("first"),
        EvidenceAggregateRow.day <= bindparam("last"),
    )
    .group_by(EvidenceAggregateRow.day, EvidenceAggregateRow.verdict)
)


def _batches(items: Iterable[EvidenceItem]) -> Iterator[list[EvidenceItem]]:
    iterator = iter(items)
    while batch := list(islice(iterator, BATCH)):
        yield batch


def _item_values(item: EvidenceItem, file_id: int) -> dict[str, Any]:
    return {
        "item_key": item.key,
        "source": item.source,
        "kind": item.kind,
        "iso3": item.iso3,
        "verdict": item.verdict.value,
        "basis": item.basis.value,
        "start_at": item.start,
        "end_at": item.end,
        "open": item.open,
        "test_name": item.test_name,
        "target": item.target,
        "network": item.network,
        "scope": item.scope,
        "cause": item.cause,
        "category": item.category,
        "details": item.details,
        "file_id": file_id,
        "locator": item.locator,
    }


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


class EvidenceStore:
    """Evidence methods of :class:`~netfreedom.store.Store` (see the module docstring).
    Every method runs in one transaction and raises :class:`~netfreedom.errors.StoreError` on
    a database error, after rolling back."""

    _transaction: Callable[..., AbstractContextManager[Session]]

    # -- writes -----------------------------------------------------------------------------

    def evidence_file_known(self, file: EvidenceFile) -> bool:
        """Whether these bytes (SHA-256) were imported already, under this name or another
        (a renamed copy holds the same measurements: importing it would count them twice)."""
        return self.evidence_file_named(file) is not None

    def evidence_file_named(self, file: EvidenceFile) -> str | None:
        """The name under which these bytes (SHA-256) were imported, or ``None``."""
        with self._transaction("reading evidence files") as session:
            found = session.scalar(
                select(EvidenceFileRow.name).where(EvidenceFileRow.sha256 == file.sha256).order_by(EvidenceFileRow.id)
            )
        return found

    def import_evidence(
        self,
        file: EvidenceFile,
        items: Iterable[EvidenceItem],
        finish: Callable[[], tuple[Mapping[AggregateKey, int], int, int]],
    ) -> EvidenceSaveResult:
        """Store the items of one file and then its aggregate counts, in one transaction.

        ``items`` is consumed in batches (a generator reading the file keeps memory flat);
        ``finish()`` is called once they are exhausted and returns the file's aggregates,
        the number of measurements or rows read and the number of problems. An item whose
        key is stored already is replaced (its links too); the aggregates of earlier versions
        of the same file name are replaced by these. When the same bytes were imported under
        any name before, nothing is read or written (``unchanged``).
        """
        now = datetime.now(UTC)
        with self._transaction(f"importing evidence from {file.name}", write=True) as session:
            if session.scalar(select(EvidenceFileRow.id).where(EvidenceFileRow.sha256 == file.sha256).limit(1)):
                return EvidenceSaveResult("unchanged")
            earlier = session.scalars(select(EvidenceFileRow.id).where(EvidenceFileRow.name == file.name)).all()
            row = EvidenceFileRow(
                name=file.name,
                sha256=file.sha256,
                format=file.format,
                size_bytes=file.size_bytes,
                read_count=0,
                item_count=0,
                problem_count=0,
                first_imported_at=now,
                last_imported_at=now,
            )
            session.add(row)
            session.flush()
            created = updated = 0
            for batch in _batches(items):
                c, u = _write_items(session, batch, row.id)
                created += c
                updated += u
            aggregates, read_count, problems = finish()
            if earlier:
                session.execute(delete(EvidenceAggregateRow).where(EvidenceAggregateRow.file_id.in_(earlier)))
            rows = [
                {
                    "file_id": row.id,
                    "iso3": key.iso3,
                    "day": key.day,
                    "test_name": key.test_name[:64],
                    "target": key.target[:255],
                    "verdict": key.verdict,
                    "count": count,
                }
                for key, count in aggregates.items()
            ]
            for start in range(0, len(rows), BATCH):
                session.execute(insert(_table(EvidenceAggregateRow)), rows[start : start + BATCH])
            row.read_count = read_count
            row.item_count = created + updated
            row.problem_count = problems
            return EvidenceSaveResult("updated" if earlier else "created", created, updated, len(rows))

    def save_evidence_reference(self, table: ReferenceTable) -> str:
        """Keep a reference table whole (latest version per format and name); returns
        ``created``, ``updated`` or ``unchanged`` (same SHA-256: nothing written)."""
        now = datetime.now(UTC)
        with self._transaction(f"saving reference {table.file.name}", write=True) as session:
            row = session.scalars(
                select(EvidenceReferenceRow).where(
                    EvidenceReferenceRow.format == table.file.format, EvidenceReferenceRow.name == table.file.name
                )
            ).first()
            if row is not None and row.sha256 == table.file.sha256:
                return "unchanged"
            if row is None:
                session.add(
                    EvidenceReferenceRow(
                        format=table.file.format,
                        name=table.file.name,
                        sha256=table.file.sha256,
                        size_bytes=table.file.size_bytes,
                        rows=table.rows,
                        imported_at=now,
                    )
                )
                return "created"
            row.sha256, row.size_bytes, row.rows, row.imported_at = (
                table.file.sha256,
                table.file.size_bytes,
                table.rows,
                now,
            )
            return "updated"

    # -- reads ------------------------------------------------------------------------------

    def evidence_references(self) -> list[ReferenceTable]:
        """Every stored reference table, by format and name."""
        with self._transaction("reading reference tables") as session:
            rows = session.scalars(
                select(EvidenceReferenceRow).order_by(EvidenceReferenceRow.format, EvidenceReferenceRow.name)
            ).all()
            return [ReferenceTable(EvidenceFile(r.name, r.sha256, r.size_bytes, r.format), list(r.rows)) for r in rows]

    def evidence(
        self, iso3: str, edition: int | None = None, indicator: str | None = None, *, limit: int | None = None
    ) -> list[EvidenceItem]:
        """The stored evidence items of country ``iso3`` (alpha-3), oldest first, with their
        links and provenance (``details["file"]``: name and SHA-256). With ``edition`` or
        ``indicator``, only items linked to that edition and/or indicator (their links are
        still all returned). ``limit`` caps the number of items."""
        iso3 = iso3.upper()
        with self._transaction("reading evidence") as session:
            if edition is not None and indicator is None and limit is None:  # a page's question, built once
                asked = {"iso3": iso3, "edition": edition}
                if session.connection().execute(_ANY_OF_EDITION, asked).first() is None:
                    return []
                found = session.execute(_OF_EDITION, asked).all()
                if not found:
                    return []
                return self._with_links(session, found)
            stmt = select(EvidenceItemRow, EvidenceFileRow.name, EvidenceFileRow.sha256).join(
                EvidenceFileRow, EvidenceFileRow.id == EvidenceItemRow.file_id
            )
            stmt = stmt.where(EvidenceItemRow.iso3 == iso3)
            if edition is not None or indicator is not None:
                conditions = [EvidenceLinkRow.item_id == EvidenceItemRow.id]
                if edition is not None:
                    conditions.append(EvidenceLinkRow.edition == edition)
                if indicator is not None:
                    conditions.append(EvidenceLinkRow.indicator == indicator.upper())
                stmt = stmt.where(select(EvidenceLinkRow.item_id).where(and_(*conditions)).exists())
            stmt = stmt.order_by(EvidenceItemRow.start_at, EvidenceItemRow.item_key)
            if limit is not None:
                stmt = stmt.limit(limit)
            return self._with_links(session, session.execute(stmt).all())

    @staticmethod
    def _with_links(session: Session, found: Sequence[Any]) -> list[EvidenceItem]:
        """Items of ``found`` rows (item row, file name, SHA-256) with their links."""
        links: dict[int, list[EvidenceLink]] = defaultdict(list)
        ids = [row.id for row, _, _ in found]
        for start in range(0, len(ids), 500):
            for link in session.scalars(
                select(EvidenceLinkRow)
                .where(EvidenceLinkRow.item_id.in_(ids[start : start + 500]))
                .order_by(EvidenceLinkRow.edition, EvidenceLinkRow.indicator, EvidenceLinkRow.rule)
            ):
                links[link.item_id].append(EvidenceLink(link.edition, link.indicator, link.control or None, link.rule))
        return [_to_item(row, name, sha, links[row.id]) for row, name, sha in found]

    def evidence_counts(self, iso3: str, edition: int) -> dict[str, dict[str, int]]:
        """Linked items per indicator and verdict for one country and edition:
        ``{"A3": {"event": 1}, "B1": {"confirmed": 3, "anomaly": 10}}``."""
        with self._transaction("counting evidence") as session:
            rows = session.connection().execute(_COUNTS, {"iso3": iso3.upper(), "edition": edition}).all()
        counts: dict[str, dict[str, int]] = defaultdict(dict)
        for indicator, verdict, n in rows:
            counts[indicator][verdict] = n
        return dict(counts)

    def evidence_daily(self, iso3: str, first: date, last: date) -> dict[tuple[date, str], int]:
        """Aggregate counts of country ``iso3`` per (day, verdict) from ``first`` to ``last``
        (both included), summed over tests, targets and files."""
        with self._transaction("reading evidence counts") as session:
            rows = session.connection().execute(_DAILY, {"iso3": iso3.upper(), "first": first, "last": last}).all()
        return {(day, verdict): int(n) for day, verdict, n in rows}

    def evidence_totals(self) -> dict[str, int]:
        """Stored evidence files, items, links and aggregate rows (for status lines)."""
        with self._transaction("counting evidence") as session:
            return {
                name: int(session.scalar(select(func.count()).select_from(table)) or 0)
                for name, table in (
                    ("files", EvidenceFileRow),
                    ("items", EvidenceItemRow),
                    ("links", EvidenceLinkRow),
                    ("aggregates", EvidenceAggregateRow),
                    ("references", EvidenceReferenceRow),
                )
            }


def _write_items(session: Session, batch: list[EvidenceItem], file_id: int) -> tuple[int, int]:
    unique: dict[str, EvidenceItem] = {}
    for item in batch:
        unique[item.key] = item
    existing = dict(
        session.execute(
            select(EvidenceItemRow.item_key, EvidenceItemRow.id).where(EvidenceItemRow.item_key.in_(list(unique)))
        ).all()
    )
    new = [_item_values(item, file_id) for key, item in unique.items() if key not in existing]
    if new:
        session.execute(insert(_table(EvidenceItemRow)), new)
    for key, item_id in existing.items():
        session.execute(
            update(EvidenceItemRow).where(EvidenceItemRow.id == item_id).values(**_item_values(unique[key], file_id))
        )
    if existing:
        session.execute(delete(EvidenceLinkRow).where(EvidenceLinkRow.item_id.in_(list(existing.values()))))
    ids = dict(
        session.execute(
            select(EvidenceItemRow.item_key, EvidenceItemRow.id).where(EvidenceItemRow.item_key.in_(list(unique)))
        ).all()
    )
    link_rows = []
    for key, item in unique.items():
        seen: set[tuple[int, str, str]] = set()
        for link in item.links:
            slot = (link.edition, link.indicator, link.rule)
            if slot in seen:
                continue
            seen.add(slot)
            link_rows.append(
                {
                    "item_id": ids[key],
                    "edition": link.edition,
                    "indicator": link.indicator,
                    "rule": link.rule,
                    "control": link.control or "",
                    "iso3": item.iso3,
                }
            )
    if link_rows:
        session.execute(insert(_table(EvidenceLinkRow)), link_rows)
    return len(new), len(existing)


def _to_item(row: EvidenceItemRow, file_name: str, sha256: str, links: list[EvidenceLink]) -> EvidenceItem:
    details = dict(row.details or {})
    details["file"] = {"name": file_name, "sha256": sha256}
    return EvidenceItem(
        key=row.item_key,
        source=row.source,
        kind=row.kind,
        iso3=row.iso3,
        verdict=Verdict(row.verdict),
        basis=VerdictBasis(row.basis),
        start=_utc(row.start_at) or datetime.now(UTC),
        end=_utc(row.end_at),
        open=row.open,
        locator=row.locator,
        test_name=row.test_name,
        target=row.target,
        network=row.network,
        scope=row.scope,
        cause=row.cause,
        category=row.category,
        details=details,
        links=links,
    )


def verdict_totals(aggregates: Mapping[AggregateKey, int]) -> Counter[str]:
    """Counts per verdict of a file's aggregates."""
    totals: Counter[str] = Counter()
    for key, n in aggregates.items():
        totals[key.verdict] += n
    return totals
