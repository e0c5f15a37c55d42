"""Score tables on the command line: ``ingest`` of CSV/XLSX files, and the ``conflicts``
command listing where sources disagree.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.table import Table

from .cli_support import display

if TYPE_CHECKING:
    from .pipeline import Tally
    from .store import Store


def parse_mapping(values: tuple[str, ...]) -> dict[str, str | None]:
    """``("Land=country", "Notes=")`` -> ``{"Land": "country", "Notes": None}``; raises
    :class:`click.BadParameter` for an item without ``=``."""
    mapping: dict[str, str | None] = {}
    for value in values:
        column, sep, target = value.partition("=")
        if not sep or not column.strip():
            raise click.BadParameter(f"{value!r}: write COLUMN=FIELD (FIELD empty to ignore a column)")
        mapping[column.strip()] = target.strip() or None
    return mapping


def import_table(
    store: Store, path: Path, mapping: dict[str, str | None], scale: str | None, sheet: str | None,
    tally: Tally, as_json: bool,
) -> tuple[str, str, str, str, str, str]:
    """Import one score table; count it in ``tally``; print JSON or row problems; return the
    summary row for the ingest table."""
    from .ingest import ReadError
    from .ingest.datasets import import_score_table
    from .pipeline import SCORE_TABLE_READER, table_state

    try:
        summary = import_score_table(store, path, mapping or None, scale, sheet=sheet)
    except ReadError as exc:
        tally.count(SCORE_TABLE_READER, table_state(None))
        if as_json:
            click.echo(json.dumps({"file": str(path), "error": str(exc)}, ensure_ascii=False))
        else:
            click.echo(f"Error: {display(str(exc))}", err=True)
        return (path.name, "failed", "", "", "", str(exc))
    tally.count(SCORE_TABLE_READER, table_state(summary))
    counts = {k: getattr(summary, k) for k in ("rows_read", "created", "updated", "unchanged", "rejected", "withdrawn")}
    if as_json:
        document: dict[str, Any] = {"file": str(path), "score_table": counts, "countries": summary.countries,
                                    "conflicts": len(summary.conflicts),
                                    "problems": [str(p) for p in summary.problems]}
        click.echo(json.dumps(document, ensure_ascii=False))
    else:
        for problem in summary.problems[:20]:
            click.echo(f"Warning: {path.name}: {display(str(problem))}", err=True)
        if len(summary.problems) > 20:
            click.echo(f"Warning: {path.name}: {len(summary.problems) - 20} more row problems", err=True)
    action = "rows: " + ", ".join(f"{counts[k]} {k}" for k in ("created", "updated", "unchanged", "rejected") if counts[k])
    return (path.name, action or "nothing", f"{summary.countries} countries", "", f"{summary.rows_read} rows",
            f"{len(summary.conflicts)} conflicts with other sources")


def conflicts_table(store: Store, iso3: str | None, edition: int | None) -> tuple[Table, list[dict[str, Any]]]:
    """The open conflicts as a rich table and as JSON-ready dicts."""
    table = Table(title="where sources disagree (both values kept)")
    for name in ("country", "edition", "field", "value", "source", "other value", "other source"):
        table.add_column(name, overflow="fold")
    items: list[dict[str, Any]] = []
    for conflict in store.conflicts(iso3, edition):
        one, other = conflict.observation, conflict.other
        item = {
            "iso3": one.iso3, "edition": one.edition, "field": one.field,
            "value": _shown(one), "source": f"{one.source_kind.value}:{one.source_name}",
            "other_value": _shown(other), "other_source": f"{other.source_kind.value}:{other.source_name}",
        }
        items.append(item)
        table.add_row(*(str(item[k]) for k in ("iso3", "edition", "field", "value", "source", "other_value", "other_source")))
    return table, items


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


def history_tables(iso3: str, edition: int, items: list[dict[str, Any]]) -> list[Table]:
    """The three parts of ``history`` as rich tables (only those with rows)."""
    tables: list[Table] = []
    revisions = [i for i in items if i["kind"] == "revision"]
    if revisions:
        table = Table(title=f"revisions of the stored report {iso3} {edition}")
        for name in ("revision", "file", "sha256", "reader", "ingested at", "replaced at"):
            table.add_column(name, overflow="fold")
        for r in revisions:
            table.add_row(str(r["revision"]), str(r["source_file_name"]), str(r["source_sha256"] or "?")[:12],
                          f"{r['reader']} {r['reader_version']}", str(r["ingested_at"]),
                          "current" if r["current"] else str(r["replaced_at"]))
        tables.append(table)
    values = [i for i in items if i["kind"] == "value"]
    if values:
        table = Table(title=f"values of {iso3} {edition} with their provenance")
        for name in ("field", "published", "scale", "current scale", "source", "sha256", "reader", "observed", "superseded"):
            table.add_column(name, overflow="fold")
        for v in values:
            current = "" if v.get("current_value") is None else str(v["current_value"]) + (" *" if v.get("converted") else "")
            table.add_row(v["field"], str(v["raw_value"]), str(v["published_scale"]), current,
                          f"{v['source_kind']}:{v['source_name']}", str(v.get("source_sha256") or "")[:12],
                          f"{v['reader']} {v['reader_version']}", str(v["observed_at"])[:19],
                          str(v.get("superseded_at") or "")[:19])
        table.caption = "* converted from the legacy scale (current = maximum - legacy)"
        tables.append(table)
    copies = [i for i in items if i["kind"] == "copy"]
    if copies:
        table = Table(title=f"report copies of {iso3} {edition}")
        keys = [k for k in copies[0] if k != "kind"]
        for name in keys:
            table.add_column(name, overflow="fold")
        for c in copies:
            table.add_row(*(str(c[k])[:40] for k in keys))
        tables.append(table)
    return tables


def check_table(path: Path, tally: Tally, as_json: bool) -> None:
    """Read a score table without storing it: print its rows' problems (or JSON), count it."""
    from .ingest import ReadError
    from .ingest.datasets import read_score_table
    from .pipeline import SCORE_TABLE_READER, State

    try:
        table = read_score_table(path)
    except ReadError as exc:
        tally.count(SCORE_TABLE_READER, State.FAILED)
        if as_json:
            click.echo(json.dumps({"file": str(path), "error": str(exc)}, ensure_ascii=False))
        else:
            click.echo(f"Error: {display(str(exc))}", err=True)
        return
    problems = [str(p) for p in table.problems]
    tally.count(SCORE_TABLE_READER, State.PARTIAL if problems else State.READ)
    if as_json:
        click.echo(json.dumps({"file": str(path), "rows": len(table.rows), "problems": problems}, ensure_ascii=False))
        return
    click.echo(f"{path.name}: score table, {len(table.rows)} rows read, {len(problems)} with problems")
    for problem in problems[:20]:
        click.echo(f"Warning: {path.name}: {display(problem)}", err=True)
