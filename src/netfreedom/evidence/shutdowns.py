"""Shutdown and outage events: Access Now's STOP workbook (#KeepItOn) and IODA's curated
outage list (the CSV of Bischof et al., SIGCOMM '23).

Each row becomes an event :class:`~netfreedom.model.evidence.EvidenceItem` with a start, an
end or ``open`` (no end recorded: ongoing or unknown), a scope (``national``, ``regional``,
``local``, ``network``), the kinds and extent of the shutdown and its cause, normalised to
lower case for the linking rules.

STOP traps handled: one sheet per year with column names that change (``country`` vs
``country ``, ``shutdown_type`` vs ``shutdown_type_new``, ``shutdown_extent`` vs
``full or service-based`` vs ``shutdown_type_group``), values with trailing spaces,
long-form country names, ``Ongoing`` as an end date, and long events repeated in several year
sheets (kept once, by country, start day, area and kind). IODA traps: a byte-order mark,
header names with stray spaces, country names (not codes), several date spellings, empty or
``N/A`` end times, a repeated ID.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from netfreedom.evidence.context import EvidenceContext, Sink
from netfreedom.model.evidence import AggregateKey, EvidenceItem, Verdict, VerdictBasis
from netfreedom.text.csv_problems import csv_rows

__all__ = ["Sheets", "read_ioda_outages", "read_stop_workbook"]

_NATIONAL = {"nationwide", "national", "entire country", "country", "level 3"}
_LOCAL = {"local", "level 1", "it only affected one city, county, or village"}
_EXTENTS = frozenset({"full network", "service-based"})
_CAUSES = {"protest": "protests", "election": "elections"}
_MDY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?\s*([AP]M)?)?", re.IGNORECASE)


def _clean(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _tokens(text: str) -> frozenset[str]:
    parts = re.split(r",|;|\band\b", text.lower())
    out = set()
    for part in parts:
        token = " ".join(part.split())
        if not token or token in ("none", "unknown"):
            continue
        if token in ("full", "mobile internet", "broadband internet", "full network"):
            token = "full network"
        elif token.startswith("throttl"):
            token = "throttle"
        out.add(token)
    return frozenset(out)


def _as_day(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _clean(value)
    match = _MDY.match(text)
    if match:
        month, day, year = int(match[1]), int(match[2]), int(match[3])
        try:
            return date(year, month, day)
        except ValueError:
            return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def _scope(area: str, geo: str) -> str | None:
    for text in (area.lower(), geo.lower()):
        if text in _NATIONAL or text.startswith("national"):
            return "national"
    if geo.lower() in _LOCAL or geo.lower().startswith("it only affected one"):
        return "local"
    return "regional" if area or geo else None


def _event(
    ctx: EvidenceContext,
    sink: Sink,
    *,
    key: str,
    source: str,
    iso3: str,
    start: datetime,
    end: datetime | None,
    open_: bool,
    scope: str | None,
    area: str,
    cause: str,
    kinds: frozenset[str],
    extent: frozenset[str],
    locator: str,
    details: dict[str, Any],
) -> EvidenceItem:
    facets = {"source": frozenset({source}), "test": frozenset({"shutdown"}), "kind": kinds, "extent": extent}
    if cause:
        facets["cause"] = frozenset({cause})
    if scope:
        facets["scope"] = frozenset({scope})
    item = EvidenceItem(
        key=key,
        source=source,
        kind="event",
        iso3=iso3,
        verdict=Verdict.EVENT,
        basis=VerdictBasis.DATASET,
        start=start,
        end=end,
        open=open_,
        scope=scope,
        cause=cause or None,
        test_name="shutdown",
        target=area or None,
        locator=locator,
        facets=facets,
        details={k: v for k, v in details.items() if v not in (None, "")},
    )
    ctx.link(item)
    sink.count(AggregateKey(iso3, start.date(), "shutdown", "", Verdict.EVENT.value))
    return item


def _header(row: tuple[Any, ...]) -> list[str]:
    return [_clean(cell).lower() for cell in row]


def _first(record: dict[str, Any], *names: str) -> str:
    for name in names:
        value = _clean(record.get(name))
        if value and value.lower() != "none":
            return value
    return ""


Sheets = Iterable[tuple[str, Iterable[Sequence[Any]]]]
"""Worksheets as ``(title, rows)``, each row a sequence of cell values (``None`` when empty)."""


def read_stop_workbook(sheets: Sheets, ctx: EvidenceContext, sink: Sink) -> Iterator[EvidenceItem]:
    """Events of an Access Now STOP workbook (``.xlsx``) given as its ``sheets``, sheet by
    sheet. The caller opens the workbook (the service reads it through the one bounded
    workbook reader, ``netfreedom.ingest.formats.workbook``: limits on inflated size, cells
    and sheets). Sheets without ``start_date`` and ``country`` columns are skipped with a
    note; blank rows are skipped; a row without a readable start day or a known country is a
    problem. Raises :class:`ValueError` when no sheet has those columns."""
    seen: set[str] = set()
    repeated = 0
    read_sheets = 0
    for title, sheet_rows in sheets:
        rows = iter(sheet_rows)
        header = _header(tuple(next(rows, ())))
        if "start_date" not in header or "country" not in header:
            sink.note(f"sheet {title.strip()!r}: no start_date and country columns, skipped")
            continue
        read_sheets += 1
        for number, row in enumerate(rows, start=2):
            if not any(cell not in (None, "") for cell in row):
                continue
            sink.read += 1
            record = dict(zip(header, row, strict=False))
            locator = f"sheet {title.strip()!r} row {number}"
            item = _stop_row(record, locator, ctx, sink)
            if item is None:
                continue
            if item.key in seen:
                repeated += 1
                continue
            seen.add(item.key)
            yield item
    if not read_sheets:
        raise ValueError("not an Access Now STOP workbook (no sheet has start_date and country columns)")
    if repeated:
        sink.note(f"{repeated} events repeated across year sheets were kept once")


def _stop_row(record: dict[str, Any], locator: str, ctx: EvidenceContext, sink: Sink) -> EvidenceItem | None:
    country = _first(record, "country")
    iso3 = ctx.country(country) if country else None
    start = _as_day(record.get("start_date"))
    if iso3 is None or start is None:
        why = (
            f"unknown country {country!r}"
            if iso3 is None
            else f"no readable start date {_clean(record.get('start_date'))!r}"
        )
        sink.problem(f"{locator}: {why}")
        return None
    end_text = _clean(record.get("end_date"))
    end = _as_day(record.get("end_date"))
    status = _first(record, "shutdown_status")
    open_ = end is None and status.lower() != "ended"
    area = _first(record, "area_name")
    geo = _first(record, "geo_scope")
    kinds = _tokens(_first(record, "shutdown_type", "shutdown_type_new") or _first(record, "shutdown_type_group"))
    extent = _tokens(_first(record, "shutdown_extent", "full or service-based", "shutdown_type_group"))
    extent = (extent & _EXTENTS) or frozenset({"unstated"})
    cause = _first(record, "actual_cause").lower()
    cause = _CAUSES.get(cause, cause)
    identity = "|".join((iso3, start.isoformat(), area.lower(), ",".join(sorted(kinds))))
    key = "stop:" + hashlib.sha1(identity.encode("utf-8")).hexdigest()[:20]
    return _event(
        ctx,
        sink,
        key=key,
        source="accessnow-stop",
        iso3=iso3,
        start=datetime(start.year, start.month, start.day, tzinfo=UTC),
        end=datetime(end.year, end.month, end.day, tzinfo=UTC) if end else None,
        open_=open_,
        scope=_scope(area, geo),
        area=area,
        cause=cause,
        kinds=kinds,
        extent=extent,
        locator=locator,
        details={
            "country_as_written": country,
            "status": status,
            "end_as_written": end_text if end is None else None,
            "affected_network": _first(record, "affected_network"),
            "geo_scope": geo,
        },
    )


_HALF_TIME = re.compile(r":\s*([AP]M)$", re.IGNORECASE)
_IODA_FORMATS = ("%A, %B %d, %Y, %I:%M:%S %p", "%A, %B %d, %Y, %I:%M %p", "%B %d, %Y, %I:%M:%S %p")


def _ioda_time(text: str) -> datetime | None:
    """An IODA list time; the zone is not stated, the value is kept as UTC."""
    text = _HALF_TIME.sub(r":00 \1", _clean(text))
    if not text or text.upper() == "N/A":
        return None
    for fmt in _IODA_FORMATS:
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=UTC)
        except ValueError:
            continue
    match = _MDY.match(text)
    if not match or match[4] is None:
        return None
    hour = int(match[4])
    if match[7] and hour < 12 and match[7].upper() == "PM":
        hour += 12
    try:
        return datetime(
            int(match[3]), int(match[1]), int(match[2]), hour, int(match[5]), int(match[6] or 0), tzinfo=UTC
        )
    except ValueError:
        return None


def read_ioda_outages(path: Path, ctx: EvidenceContext, sink: Sink) -> Iterator[EvidenceItem]:
    """Events of IODA's curated outage CSV (see the module docstring), streamed row by row.
    Raises :class:`ValueError` when the header has no ``Begin time`` and ``Country``."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv_rows(csv.reader(handle))
        header = [_clean(h) for h in next(reader, [])]
        if "Begin time" not in header or "Country" not in header:
            raise ValueError("not an IODA outage list (no 'Begin time' and 'Country' columns)")
        column = {name: index for index, name in reversed(list(enumerate(header))) if name}
        scope_column = next((n for n in header if n.lower().startswith("scope")), "")
        seen: set[str] = set()
        for number, row in enumerate(reader, start=2):
            if not any(cell.strip() for cell in row):
                continue
            sink.read += 1

            def cell(name: str, row: list[str] = row) -> str:
                index = column.get(name)
                return _clean(row[index]) if index is not None and index < len(row) else ""

            locator = f"row {number}"
            country = cell("Country")
            iso3 = ctx.country(country) if country else None
            start = _ioda_time(cell("Begin time"))
            if iso3 is None or start is None:
                why = (
                    f"unknown country {country!r}" if iso3 is None else f"unreadable begin time {cell('Begin time')!r}"
                )
                sink.problem(f"{locator}: {why}")
                continue
            end_text = cell("End time")
            end = _ioda_time(end_text)
            scope_text = cell(scope_column)
            level, _, inner = scope_text.partition("(")
            level = level.strip().lower()
            scope = {"country": "national", "region": "regional", "as": "network"}.get(level, level or None)
            outage_id = cell("ID") or f"row{number}"
            key = f"ioda:{outage_id}"
            if key in seen:
                key = f"{key}#row{number}"
                sink.note(f"{locator}: ID {outage_id} repeats an earlier row; kept as {key}")
            seen.add(key)
            cause = cell("Cause").lower()
            yield _event(
                ctx,
                sink,
                key=key,
                source="ioda",
                iso3=iso3,
                start=start,
                end=end,
                open_=end is None,
                scope=scope,
                area=inner.rstrip(")").strip(),
                cause=cause if cause != "unknown" else "",
                kinds=frozenset({"outage"}),
                extent=frozenset(),
                locator=locator,
                details={
                    "country_as_written": country,
                    "end_as_written": end_text if end is None else None,
                    "confirmation": cell("Confirmation Status"),
                    "time_zone": "not stated in the source",
                },
            )
