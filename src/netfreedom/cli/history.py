"""``history`` and ``conflicts``: what the store learnt about a country and edition, from
which source and when, and where sources disagree."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import click

from netfreedom.cli.errors import EXIT_FINDINGS, fail, guard
from netfreedom.cli.output import OutputFormat, emit, output_options
from netfreedom.cli.support import (
    EDITION,
    console,
    country_code,
    database_option,
    language_option,
    open_store,
)

if TYPE_CHECKING:
    from rich.table import Table

    from netfreedom.store import Store


@click.command()
@click.argument("country")
@click.argument("edition", type=EDITION)
@language_option
@output_options
@database_option
@guard
def history(country: str, edition: int, language: str | None, output: str, database_url: str | None) -> None:
    """Show what the store learnt about one country and edition, and when.

    Three parts: the revisions of the stored report (oldest first), every value with its
    provenance (raw value as published, scale, current-scale value, source file and SHA-256,
    reader, when observed and when superseded), and the report copies recorded. A revision
    that lacked a printed value is marked "partial". --json, --nl and --csv print every item
    with "kind": "revision", "value" or "copy".

    \b
    Example:
      netfreedom history KAZ 2022
      netfreedom history KAZ 2022 --nl
    """
    iso3 = country_code(country)
    with open_store(database_url, must_exist=True) as store:
        items = history_items(store, iso3, edition, language)
    if not items:
        fail(f"nothing stored for {iso3} {edition}", EXIT_FINDINGS)
    if output != OutputFormat.TABLE:
        emit(items, output, columns=_all_keys(items))
        return
    out = console()
    for table in history_tables(iso3, edition, items):
        out.print(table)


@click.command()
@click.argument("country", required=False)
@click.option("--edition", type=EDITION, default=None, help="Only this edition.")
@output_options
@database_option
@guard
def conflicts(country: str | None, edition: int | None, output: str, database_url: str | None) -> None:
    """List values on which sources disagree (reports, copies, score tables); both are kept.

    Exit 1 when there is any.

    \b
    Example:
      netfreedom conflicts KAZ --nl
    """
    iso3 = None
    if country:
        iso3 = country_code(country)
    with open_store(database_url, must_exist=True) as store:
        items = conflict_items(store, iso3, edition)
    emit(
        items,
        output,
        title="where sources disagree (both values kept)",
        headings=CONFLICT_HEADINGS,
        empty="no conflicts",
    )
    sys.exit(EXIT_FINDINGS if items else 0)


def _all_keys(items: list[dict[str, Any]]) -> list[str]:
    keys: dict[str, None] = {}
    for item in items:
        keys.update(dict.fromkeys(item))
    return list(keys)


CONFLICT_HEADINGS = {
    "iso3": "country",
    "edition": "edition",
    "field": "field",
    "value": "value",
    "source": "source",
    "other_value": "other value",
    "other_source": "other source",
}


def conflict_items(store: Store, iso3: str | None, edition: int | None) -> list[dict[str, Any]]:
    """The open conflicts as JSON-ready dicts (keys as :data:`CONFLICT_HEADINGS`)."""
    items: list[dict[str, Any]] = []
    for conflict in store.conflicts(iso3, edition):
        one, other = conflict.observation, conflict.other
        items.append(
            {
                "iso3": one.iso3,
                "edition": one.edition,
                "field": one.field,
                "value": _shown(one),
                "source": f"{one.source_kind.value}:{one.source_name}",
                "other_value": _shown(other),
                "other_source": f"{other.source_kind.value}:{other.source_name}",
            }
        )
    return items


def _shown(observation: Any) -> str:
    current = getattr(observation, "current_value", None)
    raw = getattr(observation, "raw_value", None)
    if current is not None and str(current) != str(raw):
        return f"{raw} (= {current} on the current scale)"
    return str(raw)


def history_items(store: Store, iso3: str, edition: int, language: str | None) -> list[dict[str, Any]]:
    """Revisions, values and copies of one country and edition as JSON-ready dicts, each with
    a ``kind``; empty when nothing is stored."""
    items: list[dict[str, Any]] = []
    for revision in store.history(iso3, edition, language=language):
        items.append({"kind": "revision", **revision.model_dump(mode="json")})
    for value in store.value_history(iso3, edition):
        items.append({"kind": "value", **value.model_dump(mode="json")})
    for copy in store.copies(iso3, edition):
        items.append({"kind": "copy", **copy.model_dump(mode="json")})
    return items


def _day(value: Any) -> str:
    return str(value or "")[:10]


def history_tables(iso3: str, edition: int, items: list[dict[str, Any]]) -> list[Table]:
    """The three parts of ``history`` as rich tables (only those with rows), narrow enough
    for an 80-column terminal: dates as days, digests cut to 8 characters; every field is in
    the --json/--nl/--csv output."""
    from rich.table import Table

    tables: list[Table] = []
    revisions = [i for i in items if i["kind"] == "revision"]
    if revisions:
        table = Table(title=f"Revisions of the stored report, {iso3} {edition}")
        for name in ("Rev.", "File", "Read by", "Stored on", "Replaced on"):
            table.add_column(name, overflow="fold")
        for r in revisions:
            table.add_row(
                str(r["revision"]) + (" partial" if r.get("partial") else ""),
                f"{r['source_file_name']} ({str(r['source_sha256'] or '?')[:8]})",
                str(r["reader"]),
                _day(r["ingested_at"]),
                "(current)" if r["current"] else _day(r["replaced_at"]),
            )
        tables.append(table)
    values = [i for i in items if i["kind"] == "value"]
    if values:
        table = Table(title=f"Values of {iso3} {edition} and where they come from")
        for name in ("Field", "Published", "Current", "Source", "Seen on", "Replaced on"):
            table.add_column(name, overflow="fold")
        for v in values:
            current = (
                "" if v.get("current_value") is None else str(v["current_value"]) + (" *" if v.get("converted") else "")
            )
            table.add_row(
                v["field"],
                str(v["raw_value"]) + (" (legacy scale)" if v["published_scale"] == "lower_is_freer" else ""),
                current,
                str(v["source_name"]) + (" (table)" if v["source_kind"] == "dataset" else ""),
                _day(v["observed_at"]),
                _day(v.get("superseded_at")) or "(current)",
            )
        table.caption = (
            "Current: on the current scale (100 = most free); * converted from the legacy scale (maximum - legacy)"
        )
        tables.append(table)
    copies = [i for i in items if i["kind"] == "copy"]
    if copies:
        table = Table(title=f"Copies of the report {iso3} {edition} read from other files")
        keys = [k for k in copies[0] if k != "kind"][:5]
        for name in keys:
            table.add_column(name.replace("_", " ").capitalize(), overflow="fold")
        for c in copies:
            table.add_row(*(str(c[k])[:24] for k in keys))
        tables.append(table)
    return tables
