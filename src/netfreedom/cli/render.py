"""Terminal rendering of assessments, scorecards and findings with rich (used by the CLI only)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from netfreedom.methodology import CURRENT, load_methodology
from netfreedom.model.assessment import Assessment, Finding, Severity
from netfreedom.store import Scorecard

_SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def _status_label(assessment: Assessment, language: str = "en") -> str:
    if assessment.status is None:
        return "?"
    return load_methodology(assessment.methodology).status_label(assessment.status, language)


def assessment_table(assessment: Assessment) -> Table:
    """Headline numbers and the 21 indicators as one table."""
    methodology = load_methodology(assessment.methodology)
    country = assessment.country
    named = f"{country.name} ({country.iso3})" if country else "Country not identified"
    title = f"{named} — Freedom on the Net {assessment.edition or '?'}"
    table = Table(title=title, show_lines=False)
    table.add_column("indicator")
    table.add_column("topic")
    table.add_column("score", justify="right")
    table.add_column("change")
    for category in methodology.categories:
        given = assessment.categories.get(category.id)
        score = "?" if given is None or given.score is None else str(given.score)
        label = category.label.get(assessment.language, category.label["en"])
        table.add_row(f"[bold]{category.id}[/]", f"[bold]{label}[/]", f"[bold]{score}/{category.max}[/]", "")
        for spec in category.indicators if assessment.indicators else ():
            indicator = assessment.indicator(spec.id)
            value = "—" if indicator is None or indicator.score is None else str(indicator.score)
            change = ""
            if indicator is not None and indicator.score_change is not None:
                note = indicator.score_change
                change = f"{note.from_} → {note.to}"
            topic = spec.topic.get(assessment.language, spec.topic["en"])
            table.add_row(spec.id, topic, f"{value}/{spec.max}", change)
    total = "?" if assessment.total is None else str(assessment.total)
    status = _status_label(assessment, assessment.language if assessment.language in ("en", "ru") else "en")
    table.add_row("[bold]total[/]", f"[bold]{status}[/]", f"[bold]{total}/100[/]", "")
    return table


def summary_lines(assessment: Assessment) -> list[str]:
    """A few lines: scale, coverage, last year, footnotes, provenance."""
    lines = [f"scale: {assessment.scale.value} ({assessment.methodology}); language: {assessment.language}"]
    if assessment.partial:
        missing = " ".join(assessment.missing_values())
        lines.insert(0, f"partial report: printed values missing: {missing} (see the missing-score findings)")
    if assessment.coverage:
        lines.append(f"coverage period: {assessment.coverage.start} to {assessment.coverage.end}")
    previous = assessment.previous
    if previous.total is not None:
        status = previous.status.value if previous.status else "?"
        lines.append(f"last year's score: {previous.total} ({status})")
    lines.append(f"footnote markers: {assessment.footnote_count}; key developments: {len(assessment.key_developments)}")
    if assessment.provenance:
        p = assessment.provenance
        inferred = f"; inferred: {', '.join(p.inferred)}" if p.inferred else ""
        lines.append(f"source: {p.file_name} sha256 {p.sha256[:12]}… read by {p.reader} {p.reader_version}{inferred}")
    return lines


def findings_table(findings: list[Finding]) -> Table:
    """Findings, one row each, coloured by severity."""
    table = Table(title=f"findings ({len(findings)})")
    for name in ("severity", "rule", "location", "message"):
        table.add_column(name, overflow="fold")
    for finding in findings:
        style = _SEVERITY_STYLE[finding.severity]
        table.add_row(f"[{style}]{finding.severity.value}[/]", finding.rule, finding.location, finding.message)
    return table


def print_assessment(console: Console, assessment: Assessment) -> None:
    """Print the assessment table, summary lines and findings."""
    console.print(assessment_table(assessment))
    for line in summary_lines(assessment):
        console.print(line, highlight=False)
    if assessment.findings:
        console.print(findings_table(assessment.findings))
    else:
        console.print("no findings")


def print_scorecard(console: Console, card: Scorecard) -> None:
    """A country-edition known without a stored report: its scorecard (current scale),
    categories and indicators where known, rank, change and where the values came from."""
    methodology = load_methodology(CURRENT)
    status = methodology.status_label(card.status, "en") if card.status else "?"
    table = Table(title=f"{card.country_name} ({card.iso3}) — Freedom on the Net {card.edition}")
    table.add_column("indicator")
    table.add_column("topic")
    table.add_column("score", justify="right")
    for category in methodology.categories:
        score = card.categories.get(category.id)
        mark = " †" if category.id in card.converted else ""
        shown = "?" if score is None else str(score)
        table.add_row(
            f"[bold]{category.id}[/]", f"[bold]{category.label['en']}[/]", f"[bold]{shown}/{category.max}{mark}[/]"
        )
        for spec in category.indicators if card.indicators else ():
            value = card.indicators.get(spec.id)
            table.add_row(spec.id, spec.topic["en"], f"{'—' if value is None else value}/{spec.max}")
    total = "?" if card.total is None else str(card.total)
    table.add_row(
        "[bold]total[/]", f"[bold]{status}[/]", f"[bold]{total}/100{' †' if 'total' in card.converted else ''}[/]"
    )
    console.print(table)
    lines = ["Scores on the current scale (100 = most free); no report of this edition is stored."]
    if card.converted:
        lines.append(
            "† published on the legacy scale (0 = most free) and converted: 100 − value (categories: max − value)."
        )
    if card.rank is not None:
        lines.append(f"Rank {card.rank} of {card.ranked} in the {card.edition} edition (1 = most free).")
    if card.change is not None:
        lines.append(f"Change since {card.previous_edition}: {card.change:+d} ({card.change_source}).")
    lines.append(
        f"Source: {card.source_kind} — {card.source_name}" + (f", {card.source_url}" if card.source_url else "")
    )
    if card.source_note:
        lines.append(f"Note: {card.source_note}")
    if card.partial:
        lines.append(f"Partial: no source gives {' '.join(card.missing)}.")
    for line in lines:
        console.print(line, highlight=False, markup=False)
