"""Score tables (CSV/XLSX) on the command line: importing them during ``ingest`` and listing
their row problems during ``check``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from netfreedom.cli.errors import display

if TYPE_CHECKING:
    from netfreedom.services.reports import Tally
    from netfreedom.store import Store


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
    store: Store,
    path: Path,
    mapping: dict[str, str | None],
    scale: str | None,
    sheet: str | None,
    tally: Tally,
    as_json: bool,
) -> tuple[str, str, str, str, str, str]:
    """Import one score table; count it in ``tally``; print JSON or row problems; return the
    summary row for the ingest table."""
    from netfreedom.ingest import ReadError
    from netfreedom.services.reports import SCORE_TABLE_READER, table_state
    from netfreedom.services.tables import import_score_table
    from netfreedom.store import StoreError

    try:
        summary = import_score_table(store, path, mapping or None, scale, sheet=sheet)
    except (ReadError, StoreError) as exc:  # this file failed (rolled back); the batch goes on
        message = str(exc) if isinstance(exc, ReadError) else f"{path.name}: {exc}"
        tally.count(SCORE_TABLE_READER, table_state(None))
        if as_json:
            click.echo(json.dumps({"file": str(path), "error": message}, ensure_ascii=False))
        else:
            click.echo(f"Error: {display(message)}", err=True)
        return (path.name, "failed", "", "", "", message)
    tally.count(SCORE_TABLE_READER, table_state(summary))
    counts = {k: getattr(summary, k) for k in ("rows_read", "created", "updated", "unchanged", "rejected", "withdrawn")}
    if as_json:
        document: dict[str, Any] = {
            "file": str(path),
            "score_table": counts,
            "countries": summary.countries,
            "editions": summary.editions,
            "indicator_rows": summary.indicator_rows,
            "duplicates": summary.duplicates,
            "conflicts": len(summary.conflicts),
            "needs_scale": summary.ambiguous,
            "unknown_countries": summary.unknown_countries,
            "problems": [str(p) for p in summary.problems],
        }
        click.echo(json.dumps(document, ensure_ascii=False))
    else:
        for problem in summary.problems[:20]:
            click.echo(f"Warning: {path.name}: {display(str(problem))}", err=True)
        if len(summary.problems) > 20:
            click.echo(f"Warning: {path.name}: {len(summary.problems) - 20} more row problems", err=True)
        _name_the_rest(path, summary.ambiguous, summary.unknown_countries)
    action = "rows: " + ", ".join(
        f"{counts[k]} {k}" for k in ("created", "updated", "unchanged", "rejected") if counts[k]
    )
    # A table is no assessment: the "assessment" cell says what it covers, "language" and
    # "total" (a report's total score) stay empty, the row counts are in "result".
    return (
        path.name,
        action or "nothing",
        coverage(summary.countries, summary.editions),
        "",
        "",
        f"{len(summary.problems)} row problems, {len(summary.conflicts)} conflicts with other sources",
    )


def coverage(countries: int, editions: list[int]) -> str:
    """What a score table covers, for the ingest table's "assessment" cell:
    ``(72, [2011, ..., 2025])`` -> ``"score table: 72 countries, 15 editions 2011-2025"``."""
    if not editions:
        return f"score table: {countries} countries, no edition"
    years = sorted(set(editions))
    span = str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"
    return f"score table: {countries} countries, {len(years)} {'edition' if len(years) == 1 else 'editions'} {span}"


def _name_the_rest(path: Path, ambiguous: list[str], unknown: list[str]) -> None:
    """One line naming the rows that need ``--scale`` and one naming unknown country names."""
    if ambiguous:
        rows = display("; ".join(ambiguous))
        click.echo(
            f"Warning: {path.name}: {len(ambiguous)} rows need --scale legacy or --scale current "
            f"(nothing in the file decides their scale): {rows}",
            err=True,
        )
    if unknown:
        click.echo(
            f"Warning: {path.name}: unknown country names (not imported): {display(', '.join(unknown))}", err=True
        )


def check_table(path: Path, tally: Tally, as_json: bool) -> None:
    """Read a score table without storing it: print its rows' problems (or JSON), count it."""
    from netfreedom.ingest import ReadError
    from netfreedom.ingest.tables.reader import read_score_table
    from netfreedom.services.reports import SCORE_TABLE_READER, State

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
        document = {"file": str(path), "rows": len(table.rows), "countries": table.countries,
                    "editions": table.editions, "needs_scale": table.ambiguous,
                    "unknown_countries": table.unknown_countries, "problems": problems}  # fmt: skip
        click.echo(json.dumps(document, ensure_ascii=False))
        return
    click.echo(f"{path.name}: score table, {len(table.rows)} rows read, {len(problems)} with problems")
    for problem in problems[:20]:
        click.echo(f"Warning: {path.name}: {display(problem)}", err=True)
    _name_the_rest(path, table.ambiguous, table.unknown_countries)
