"""``evidence``: import network measurements and shutdown events, and list the evidence of a
country (by edition and indicator)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from netfreedom.cli.errors import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, display, fail, guard
from netfreedom.cli.output import OutputFormat, emit, output_options
from netfreedom.cli.support import EDITION, console, country_code, database_option, open_store

if TYPE_CHECKING:
    from netfreedom.model.evidence import EvidenceItem
    from netfreedom.services.evidence import EvidenceOutcome


@click.group()
def evidence() -> None:
    """Network measurements and shutdown events as evidence for indicators.

    \b
    Example:
      netfreedom evidence import ../shared/data/evidence/raw
      netfreedom evidence list KAZ --edition 2022 --indicator A3 --json
    """


def _summary(outcome: EvidenceOutcome) -> str:
    if outcome.error:
        return outcome.error
    if outcome.action == "unchanged":
        return f"{outcome.format}, the same bytes are stored already: nothing written"
    if outcome.reference:
        return f"{outcome.format}, {outcome.read} rows"
    verdicts = ", ".join(f"{n} {v}" for v, n in sorted(outcome.verdicts.items()))
    text = f"{outcome.format}, {outcome.read} read"
    if verdicts:
        text += f" ({verdicts})"
    if outcome.items_created or outcome.items_updated:
        text += f"; items: {outcome.items_created} new, {outcome.items_updated} updated"
    if outcome.problem_count:
        text += f"; {outcome.problem_count} problems"
    return text


def _outcome_json(outcome: EvidenceOutcome) -> str:
    document: dict[str, Any] = {
        "file": str(outcome.path),
        "action": outcome.action,
        "format": outcome.format,
        "read": outcome.read,
        "items_created": outcome.items_created,
        "items_updated": outcome.items_updated,
        "verdicts": outcome.verdicts,
        "problem_count": outcome.problem_count,
        "problems": outcome.problems,
        "notes": outcome.notes,
    }
    if outcome.error:
        document["error"] = outcome.error
    return json.dumps(document, ensure_ascii=False)


@evidence.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per file.")
@database_option
@guard
def import_(paths: tuple[Path, ...], as_json: bool, database_url: str | None) -> None:
    """Import evidence files: OONI measurements (JSON, JSON Lines) and API responses, OONI
    blocking fingerprints, Citizen Lab test lists and category legends (CSV), Access Now
    STOP workbooks (.xlsx) and IODA outage lists (CSV). Folders are read recursively;
    reference tables go first. The same file imported again writes nothing.

    Exit 0 when every file was read, 1 when some rows or lines were not, 2 when a file
    could not be read (the others are imported).

    \b
    Example:
      netfreedom evidence import ../shared/data/evidence/raw
      netfreedom evidence import measurements.jsonl --json
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from netfreedom.services.evidence import expand_evidence_paths, import_evidence

    skipped: list[Path] = []
    files = expand_evidence_paths(paths, skipped=skipped)
    if skipped:
        names = ", ".join(display(p.name) for p in skipped[:5]) + (", …" if len(skipped) > 5 else "")
        click.echo(
            f"note: {len(skipped)} file(s) in the folders are of no evidence format and were skipped: {names}", err=True
        )
    rows: list[tuple[str, str, str]] = []
    failed = partial = 0
    with open_store(database_url, migrate=True, announce=not as_json) as store:
        progress = Progress(
            TextColumn("importing evidence"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[name]}", style="dim"),
            console=console(),
            disable=as_json or len(files) < 2,
            transient=True,
        )
        with progress:
            task = progress.add_task("importing", total=len(files), name="")

            def report(outcome: EvidenceOutcome) -> None:
                nonlocal failed, partial
                progress.update(task, advance=1, name=outcome.path.name)
                if outcome.error:
                    failed += 1
                elif outcome.problem_count:
                    partial += 1
                if as_json:
                    click.echo(_outcome_json(outcome))
                    return
                if outcome.error:
                    click.echo(f"Error: {display(outcome.error)}", err=True)
                for problem in outcome.problems[:5]:
                    click.echo(f"Warning: {display(outcome.path.name)}: {display(problem)}", err=True)
                for note in outcome.notes:
                    click.echo(f"note: {display(outcome.path.name)}: {display(note)}", err=True)
                if outcome.problem_count > 5:
                    click.echo(
                        f"Warning: {display(outcome.path.name)}: {outcome.problem_count - 5} more problems", err=True
                    )
                rows.append((outcome.path.name, outcome.action, _summary(outcome)))

            import_evidence(store, files, progress=report)
        url = store.url
    if not as_json:
        from rich.table import Table

        table = Table(title=f"evidence imported into {url}")
        for name in ("file", "result", "what"):
            table.add_column(name, overflow="fold")
        for row in rows:
            table.add_row(*(display(cell) for cell in row))
        console().print(table)
    sys.exit(EXIT_USAGE if failed else EXIT_FINDINGS if partial else EXIT_OK)


def item_row(item: EvidenceItem, edition: int | None = None) -> dict[str, Any]:
    """One evidence item as a flat row (links narrowed to ``edition`` when given)."""
    links = [link for link in item.links if edition is None or link.edition == edition]
    return {
        "key": item.key,
        "source": item.source,
        "kind": item.kind,
        "country": item.iso3,
        "verdict": item.verdict.value,
        "verdict_basis": item.basis.value,
        "start": item.start.isoformat(),
        "end": item.end.isoformat() if item.end else None,
        "open": item.open,
        "from": item.start.date().isoformat(),
        "to": item.end.date().isoformat() if item.end else ("open" if item.open else ""),
        "test": item.test_name,
        "target": item.target,
        "network": item.network,
        "scope": item.scope,
        "cause": item.cause,
        "category": item.category,
        "links": [
            {"edition": link.edition, "indicator": link.indicator, "control": link.control, "rule": link.rule}
            for link in links
        ],
        "indicators": ", ".join(sorted({f"{link.indicator}/{link.edition}" for link in links})),
        "file": (item.details.get("file") or {}).get("name"),
        "sha256": (item.details.get("file") or {}).get("sha256"),
        "locator": item.locator,
        "details": {k: v for k, v in item.details.items() if k != "file"},
    }


@evidence.command("list")
@click.argument("country")
@click.option("--edition", type=EDITION, default=None, help="Only items in this edition's coverage period.")
@click.option("--indicator", default=None, help="Only items linked to this indicator (e.g. A3).")
@output_options
@database_option
@guard
def list_(country: str, edition: int | None, indicator: str | None, output: str, database_url: str | None) -> None:
    """List the stored evidence of a country: measurements and events with their verdict,
    dates, the indicators they are linked to (with the rule) and where they came from (file,
    SHA-256, row or measurement id). Exit 1 when nothing matches.

    \b
    Example:
      netfreedom evidence list KAZ --edition 2022
      netfreedom evidence list Kazakhstan --indicator A3 --json
    """
    from netfreedom.methodology import load_methodology

    iso3 = country_code(country)
    if indicator is not None:
        indicator = indicator.strip().upper()
        known = {i.id for c in load_methodology().categories for i in c.indicators}
        if indicator not in known:
            fail(f"unknown indicator {indicator!r} (known: {', '.join(sorted(known))})")
    with open_store(database_url, must_exist=True) as store:
        items = store.evidence(iso3, edition, indicator)
    rows = [item_row(item, edition) for item in items]
    if indicator is not None:
        for row in rows:
            row["links"] = [link for link in row["links"] if link["indicator"] == indicator]
            row["indicators"] = ", ".join(sorted({f"{link['indicator']}/{link['edition']}" for link in row["links"]}))
    if not rows:
        if output == OutputFormat.TABLE:
            click.echo(f"no evidence stored for {iso3}" + (f" {edition}" if edition else ""), err=True)
        else:
            emit([], output)
        sys.exit(EXIT_FINDINGS)
    emit(
        rows,
        output,
        title=f"evidence for {iso3}" + (f", edition {edition}" if edition else ""),
        columns=("from", "to", "source", "test", "target", "verdict", "scope", "cause", "indicators", "locator"),
    )
