"""Scorecards: one prepared row per country and edition, from every source.

A scorecard is what a page, the API and the exports show for a country-edition, whether the
store knows it from a report, a score table (CSV or workbook) or a news value in a table.
It is rebuilt from the current observations by :func:`refresh_scorecards` inside the
transaction of every write that changes them (:meth:`Store.save
<netfreedom.store.Store.save>`, :meth:`Store.save_dataset
<netfreedom.store.Store.save_dataset>`, the migration's backfill), so reading one is a plain
row read.

Choosing values: for each field (total, status, category, indicator) among the current
observations of one country and edition the first of this order wins (as the time series,
:mod:`netfreedom.store.series`): reports before tables; among reports the copy the stored
document was read from, English, then by language and recording order; among tables,
primary values before news values, then the table recorded first and its first row. Values
without a current-scale number (legacy indicators, out-of-range numbers) are skipped.

Source kind: ``report`` for a report, ``table`` for a score table row, ``news`` for a score
table row whose note names a secondary source (the note vocabulary of the shared score
data, ``../shared/data/README.md``: "news report", "blog", "statistics portal", "Wikipedia
copy", "aggregator").

Rank: within an edition, 1 for the highest total (freest); equal totals share a rank.
Change: against the card of the previous published edition (2009 before 2011: no edition in
2010) when the country has one with a total, else against the "last year's score" the
edition's report printed.

Partial: a card is ``partial`` when the values its sources give together lack one its
edition prints (the total, the status, a category; indicators only when a report is
stored), by the one rule :func:`netfreedom.model.completeness.card_missing`; ``missing``
names them. A partial report whose gaps another source fills makes a complete card (its
own page still says the report is partial).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, func, select, update
from sqlalchemy.orm import Session

from netfreedom.errors import UnknownCountryError
from netfreedom.methodology import CURRENT, Scale, load_methodology, previous_edition
from netfreedom.model.completeness import card_missing
from netfreedom.model.countries import english_name
from netfreedom.model.observations import SourceKind
from netfreedom.model.regions import region_of
from netfreedom.model.scoring import STATUS, TOTAL, is_indicator, scale_to_current
from netfreedom.store.records import Scorecard, ValueSource
from netfreedom.store.tables import AssessmentRow, ConflictRow, ObservationRow, ScorecardRow, SourceRow

__all__ = [
    "SOURCE_KINDS",
    "backfill_scorecards",
    "list_scorecards",
    "previous_published_edition",
    "refresh_ranks",
    "refresh_scorecards",
    "scorecard_counts",
    "source_kind_of",
    "to_scorecard",
    "value_sources",
]

SOURCE_KINDS = ("report", "table", "news")
"""Kinds of source a scorecard's total can come from, most authoritative first."""

_SECONDARY = re.compile(r"\b(news|blog|wikipedia|statistics portal|aggregator)\b", re.IGNORECASE)


def source_kind_of(kind: str, note: str | None) -> str:
    """``report``, ``table`` or ``news`` for an observation of source ``kind`` (``report``
    or ``dataset``) with the dataset row's ``note``: a row whose note's first clause names a
    secondary source is ``news``."""
    if kind == SourceKind.REPORT.value:
        return "report"
    first = (note or "").split(";")[0]
    return "news" if _SECONDARY.search(first) else "table"


def previous_published_edition(edition: int) -> int:
    """The edition published before ``edition`` (2009 before 2011: the methodology files
    list the skipped years); see :func:`netfreedom.methodology.previous_edition`."""
    return previous_edition(edition)


_Rank = tuple[int, int, int, str, int, int, int]


class _Chosen:
    """The current observations of some countries and, per country-edition and field, the one
    value a scorecard shows (the order of the module docstring), with the sources and stored
    reports they were chosen among; read in the caller's session."""

    def __init__(self, session: Session, countries: list[str]) -> None:
        observations = list(
            session.scalars(
                select(ObservationRow).where(ObservationRow.iso3.in_(countries), ObservationRow.superseded_at.is_(None))
            )
        )
        wanted = select(SourceRow).where(SourceRow.id.in_({o.source_id for o in observations}))
        self.sources: dict[int, SourceRow] = {s.id: s for s in session.scalars(wanted)}
        self.reports: dict[tuple[str, int], dict[str, AssessmentRow]] = defaultdict(dict)
        for row in session.scalars(select(AssessmentRow).where(AssessmentRow.iso3.in_(countries))):
            self.reports[(row.iso3, row.edition)][row.language] = row
        grouped: dict[tuple[str, int], dict[str, list[ObservationRow]]] = defaultdict(lambda: defaultdict(list))
        for o in observations:
            usable = o.status is not None if o.field == STATUS else o.current_value is not None
            if usable:
                grouped[(o.iso3, o.edition)][o.field].append(o)
        self.chosen: dict[tuple[str, int], dict[str, ObservationRow]] = {
            key: {field: min(found, key=self.rank) for field, found in fields.items()}
            for key, fields in grouped.items()
        }

    def rank(self, o: ObservationRow) -> _Rank:
        source = self.sources[o.source_id]
        if source.kind == SourceKind.DATASET.value:
            news = source_kind_of(source.kind, o.note) == "news"
            return (1, int(news), 0, "", 0, source.id, o.occurrence)
        language = source.language or ""
        document = self.reports.get((o.iso3, o.edition), {}).get(language)
        current = document is not None and (document.source_file_name or "") == source.name
        return (0, 0, 0 if current else 1, "" if language == "en" else language or "~", 0, source.id, o.occurrence)


def refresh_scorecards(session: Session, iso3s: Iterable[str], now: datetime) -> None:
    """Rebuild the scorecards of countries ``iso3s`` from their current observations and
    stored reports, then the ranks of every edition whose cards changed; in the caller's
    transaction (nothing is committed)."""
    countries = sorted({iso3.upper() for iso3 in iso3s})
    if not countries:
        return
    read = _Chosen(session, countries)
    conflicts: dict[tuple[str, int], int] = defaultdict(int)
    open_conflicts = select(ConflictRow.iso3, ConflictRow.edition, func.count(ConflictRow.id)).where(
        ConflictRow.iso3.in_(countries), ConflictRow.resolved_at.is_(None)
    )
    for iso3, edition, count in session.execute(open_conflicts.group_by(ConflictRow.iso3, ConflictRow.edition)):
        conflicts[(iso3, edition)] = count
    keys = set(read.chosen) | {key for key, languages in read.reports.items() if languages}
    old_editions = set(session.scalars(select(ScorecardRow.edition).where(ScorecardRow.iso3.in_(countries))))
    session.execute(delete(ScorecardRow).where(ScorecardRow.iso3.in_(countries)))
    cards: dict[tuple[str, int], ScorecardRow] = {}
    for key in sorted(keys):
        chosen = read.chosen.get(key, {})
        card = _card(key, chosen, read.sources, read.reports.get(key, {}), conflicts.get(key, 0), now)
        if card is not None:
            cards[key] = card
    for (iso3, edition), card in cards.items():
        _set_change(card, cards.get((iso3, previous_published_edition(edition))), read.reports.get((iso3, edition), {}))
    session.add_all(cards.values())
    session.flush()
    refresh_ranks(session, old_editions | {edition for _, edition in cards})


def value_sources(session: Session, countries: Iterable[str]) -> dict[tuple[str, int], list[ValueSource]]:
    """Per country-edition of ``countries`` (ISO alpha-3 codes), the sources of the values its
    scorecard shows, each with the fields it gave: the lead (the source of the total, else of
    the status) first, the others in the order values are chosen. A card whose total comes
    from fotn-scores.csv and whose indicators from a workbook lists both."""
    read = _Chosen(session, sorted({c.upper() for c in countries}))
    order = {field: i for i, field in enumerate([TOTAL, STATUS, *_methodology_fields()])}
    result: dict[tuple[str, int], list[ValueSource]] = {}
    for key, chosen in read.chosen.items():
        by_source: dict[int, list[ObservationRow]] = defaultdict(list)
        for o in chosen.values():
            by_source[o.source_id].append(o)
        lead = chosen.get(TOTAL) or chosen.get(STATUS)
        ids = sorted(
            by_source, key=lambda i: (i != (lead.source_id if lead else None), min(read.rank(o) for o in by_source[i]))
        )
        listed = []
        for source_id in ids:
            source, rows = read.sources[source_id], by_source[source_id]
            first = min(rows, key=lambda o: order.get(o.field, len(order)))
            listed.append(
                ValueSource(
                    name=source.name,
                    sha256=first.source_sha256,
                    kind=cast(Any, source_kind_of(source.kind, first.note)),
                    url=first.source_url,
                    note=first.note,
                    fields=sorted((o.field for o in rows), key=lambda f: order.get(f, len(order))),
                )
            )
        result[key] = listed
    return result


def _methodology_fields() -> list[str]:
    methodology = load_methodology(CURRENT)
    return [f for c in methodology.categories for f in (c.id, *(i.id for i in c.indicators))]


def _card(
    key: tuple[str, int],
    chosen: dict[str, ObservationRow],
    sources: dict[int, SourceRow],
    reports: dict[str, AssessmentRow],
    conflicts: int,
    now: datetime,
) -> ScorecardRow | None:
    iso3, edition = key
    lead = chosen.get(TOTAL) or chosen.get(STATUS)
    if lead is None and not reports:
        return None
    categories = {c.id: chosen[c.id].current_value for c in load_methodology(CURRENT).categories if c.id in chosen}
    indicators = {f: o.current_value for f, o in sorted(chosen.items()) if is_indicator(f)}
    total = chosen[TOTAL].current_value if TOTAL in chosen else None
    status = chosen[STATUS].status if STATUS in chosen else None
    derived = False
    if status is None and total is not None:
        status, derived = load_methodology(CURRENT).status_for(total).value, True
    source = sources[lead.source_id] if lead is not None else None
    report = _preferred_report(reports)
    name = report.country_name if report is not None else _english_name(iso3)
    values: dict[str, Any] = {
        "iso3": iso3,
        "edition": edition,
        "country_name": name,
        "region": region_of(iso3),
        "total": total,
        "status": status,
        "status_derived": derived,
        "categories": categories,
        "indicators": indicators,
        "converted": sorted(f for f, o in chosen.items() if o.converted),
        "published_scale": lead.published_scale if lead is not None else (report.scale if report else None),
        "source_kind": source_kind_of(source.kind, lead.note) if source is not None and lead else "report",
        "source_name": source.name if source is not None else (report.source_file_name or "" if report else ""),
        "source_url": lead.source_url if lead is not None else None,
        "source_note": lead.note if lead is not None else None,
        "source_sha256": lead.source_sha256 if lead is not None else (report.source_sha256 if report else None),
        "reader": lead.reader if lead is not None else (report.reader if report else None),
        "reader_version": lead.reader_version if lead is not None else (report.reader_version if report else None),
        "language": source.language if source is not None and source.kind == SourceKind.REPORT.value else None,
        "report_languages": sorted(reports),
        "sources": len({o.source_id for o in chosen.values()}),
        "conflicts": conflicts,
        "updated_at": now,
    }
    missing = card_missing(
        edition=edition,
        total=total,
        status=status,
        categories=categories,
        indicators=indicators,
        has_report=bool(reports),
    )
    values.update(partial=bool(missing), missing=missing)
    return ScorecardRow(**values)


def _english_name(iso3: str) -> str:
    try:
        return english_name(iso3)
    except UnknownCountryError:
        return iso3


def _preferred_report(reports: dict[str, AssessmentRow]) -> AssessmentRow | None:
    if not reports:
        return None
    return reports.get("en") or reports[sorted(reports)[0]]


def _set_change(card: ScorecardRow, previous: ScorecardRow | None, reports: dict[str, AssessmentRow]) -> None:
    card.previous_edition = card.previous_total = card.change = card.change_source = None
    if previous is not None and previous.total is not None:
        card.previous_edition, card.previous_total, card.change_source = previous.edition, previous.total, "stored"
    else:
        report = _preferred_report(reports)
        if report is not None and report.previous_total is not None:
            methodology_max = load_methodology(CURRENT).scale.max
            printed = scale_to_current(Scale(report.scale), report.previous_total, methodology_max)
            if printed is not None:
                card.previous_edition = previous_published_edition(card.edition)
                card.previous_total, card.change_source = printed, "printed"
    if card.total is not None and card.previous_total is not None:
        card.change = card.total - card.previous_total


def refresh_ranks(session: Session, editions: Iterable[int]) -> None:
    """Recompute ``rank`` and ``ranked`` of every scorecard of ``editions`` (in the
    caller's transaction).

    What moved is written in one executemany UPDATE by primary key, and the cards loaded in
    the session have those two attributes expired once: an ORM ``update()`` per card made
    SQLAlchemy evaluate its criteria against every object of the session (about 600 cards x
    600 objects per score-table import, ~6 s; ``benchmarks/table_copies.py``)."""
    wanted = sorted(set(editions))
    moved: list[dict[str, int | None]] = []
    for edition in wanted:
        stmt = select(ScorecardRow.id, ScorecardRow.total, ScorecardRow.rank, ScorecardRow.ranked)
        rows = session.execute(stmt.where(ScorecardRow.edition == edition)).all()
        totals = sorted((row.total for row in rows if row.total is not None), reverse=True)
        first_place: dict[int, int] = {}
        for place, total in enumerate(totals, start=1):
            first_place.setdefault(total, place)
        for row in rows:
            rank = first_place.get(row.total) if row.total is not None else None
            ranked = len(totals) if row.total is not None else None
            if (rank, ranked) != (row.rank, row.ranked):  # only what moved is written
                moved.append({"card_id": row.id, "new_rank": rank, "new_ranked": ranked})
    if not moved:
        return
    table = cast(Table, ScorecardRow.__table__)
    session.execute(
        update(table)
        .where(table.c.id == bindparam("card_id"))
        .values(rank=bindparam("new_rank"), ranked=bindparam("new_ranked")),
        moved,
    )
    editions_set = set(wanted)
    for loaded in list(session.identity_map.values()):
        if isinstance(loaded, ScorecardRow) and loaded.edition in editions_set:
            session.expire(loaded, ["rank", "ranked"])


def backfill_scorecards(session: Session, now: datetime) -> int:
    """Build the scorecards of every country with an observation or a stored report
    (migration 0005); returns the number of countries."""
    countries = set(session.scalars(select(ObservationRow.iso3).distinct()))
    countries |= set(session.scalars(select(AssessmentRow.iso3).distinct()))
    refresh_scorecards(session, countries, now)
    return len(countries)


# -- reading --------------------------------------------------------------------------------


def to_scorecard(row: Any) -> Scorecard:
    """The record of a scorecard row."""
    values = {column.key: getattr(row, column.key) for column in ScorecardRow.__table__.columns if column.key != "id"}
    values["missing"] = values["missing"] or []
    moment = values["updated_at"]
    values["updated_at"] = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return Scorecard(**values)


_SCORECARDS = cast(Table, ScorecardRow.__table__)
_OF_COUNTRIES = (
    select(_SCORECARDS)
    .where(_SCORECARDS.c.iso3.in_(bindparam("countries", expanding=True)))
    .order_by(_SCORECARDS.c.iso3, _SCORECARDS.c.edition)
)


def list_scorecards(
    session: Session,
    *,
    countries: Iterable[str] | None = None,
    edition: int | None = None,
    latest: bool = False,
    status: str | None = None,
    region: str | None = None,
    source_kind: str | None = None,
) -> list[Scorecard]:
    """Scorecards matching every filter given, ordered by iso3 then edition.

    ``countries``: ISO alpha-3 codes; ``edition``: one edition; ``latest``: only each
    country's latest card (with ``edition``: the latest up to that edition); ``status``,
    ``region``, ``source_kind``: equal to the card's. The status filter applies after the
    latest card is chosen (a country whose latest card is Free is not shown with an older
    Not Free one)."""
    if (
        countries is not None
        and edition is None
        and not latest
        and all(v is None for v in (status, region, source_kind))
    ):
        found = session.connection().execute(_OF_COUNTRIES, {"countries": [c.upper() for c in countries]})
        return [to_scorecard(row) for row in found]  # a country page's question, built once
    stmt = select(ScorecardRow)
    if countries is not None:
        stmt = stmt.where(ScorecardRow.iso3.in_([c.upper() for c in countries]))
    if region is not None:
        stmt = stmt.where(ScorecardRow.region == region)
    if latest:
        newest = select(ScorecardRow.iso3, func.max(ScorecardRow.edition).label("edition"))
        if edition is not None:
            newest = newest.where(ScorecardRow.edition <= edition)
        picked = newest.group_by(ScorecardRow.iso3).subquery()
        stmt = stmt.join(picked, (picked.c.iso3 == ScorecardRow.iso3) & (picked.c.edition == ScorecardRow.edition))
    elif edition is not None:
        stmt = stmt.where(ScorecardRow.edition == edition)
    if status is not None:
        stmt = stmt.where(ScorecardRow.status == status)
    if source_kind is not None:
        stmt = stmt.where(ScorecardRow.source_kind == source_kind)
    return [to_scorecard(row) for row in session.scalars(stmt.order_by(ScorecardRow.iso3, ScorecardRow.edition))]


def scorecard_counts(session: Session) -> tuple[dict[int, int], int]:
    """(edition -> number of countries with a scorecard, number of countries)."""
    stmt = select(ScorecardRow.edition, func.count(ScorecardRow.id)).group_by(ScorecardRow.edition)
    editions = {edition: count for edition, count in session.execute(stmt)}
    countries = session.scalar(select(func.count(func.distinct(ScorecardRow.iso3)))) or 0
    return editions, countries
