"""Import of evidence files into the store and the evidence of one country and edition.

:func:`import_evidence` reads every file given (folders recursively), reference tables first
(category legends, test lists, fingerprints: they confirm and categorise what follows), then
measurement and event files, each streamed into the store in one transaction
(:meth:`netfreedom.store.Store.import_evidence`). A file that cannot be read is an outcome
with a one-line error and the batch goes on. Importing the same bytes again writes nothing.

:func:`country_evidence` gathers what the country page and ``evidence list`` show: counts by
indicator and verdict, the daily timeline of the coverage period, the events, the linked
items and the findings where the report and the evidence disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from netfreedom.errors import ReadError
from netfreedom.evidence import (
    REFERENCE_FORMATS,
    EvidenceContext,
    EvidenceReadError,
    Sink,
    contradictions,
    detect_format,
    identify,
    load_rules,
    read_items,
    read_reference,
)
from netfreedom.evidence.shutdowns import Sheets
from netfreedom.ingest.formats.files import MAX_INPUT_BYTES, read_input_bytes
from netfreedom.ingest.formats.limits import guarded_read
from netfreedom.ingest.formats.workbook import read_workbook
from netfreedom.model.assessment import Assessment, Finding
from netfreedom.model.evidence import EvidenceItem
from netfreedom.store import Store

__all__ = ["CountryEvidence", "EvidenceOutcome", "country_evidence", "expand_evidence_paths", "import_evidence"]

EVIDENCE_SUFFIXES = frozenset({".json", ".jsonl", ".ndjson", ".csv", ".xlsx"})
_REFERENCE_ORDER = {"citizenlab-legend": 0, "citizenlab-test-list": 1, "ooni-fingerprints": 2}


@dataclass
class EvidenceOutcome:
    """What happened to one file: ``action`` is ``created``, ``updated``, ``unchanged`` or
    ``failed`` (then ``error`` is one line naming the file); ``format`` the evidence format;
    ``read`` measurements or rows read; ``items_created``/``items_updated`` items stored by
    key; ``verdicts`` measurements per verdict; ``problems`` (first ones) and
    ``problem_count`` rows or lines not read; ``notes`` remarks; ``reference`` whether the
    file is a reference table (``rows`` kept)."""

    path: Path
    action: str
    format: str = ""
    read: int = 0
    items_created: int = 0
    items_updated: int = 0
    verdicts: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    problem_count: int = 0
    notes: list[str] = field(default_factory=list)
    reference: bool = False
    error: str | None = None


def expand_evidence_paths(paths: Iterable[str | Path], skipped: list[Path] | None = None) -> list[Path]:
    """Files named, with folders expanded recursively to their evidence files (``.json``,
    ``.jsonl``, ``.ndjson``, ``.csv``, ``.xlsx``), sorted; a named file is kept whatever its
    suffix (reading it then says whether it is evidence). Files of other suffixes found in
    the folders are appended to ``skipped`` when a list is given (so a caller can say so)."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file())
            for file in files:
                if file.suffix.lower() in EVIDENCE_SUFFIXES:
                    found.append(file)
                elif skipped is not None and not file.name.startswith("."):
                    skipped.append(file)
            if not any(not f.name.startswith(".") for f in files):
                found.append(path)  # kept, so that importing it says the folder holds no file
        else:
            found.append(path)
    return found


def _classify(path: Path) -> tuple[str, EvidenceOutcome | None]:
    try:
        with guarded_read():
            if path.is_dir():
                suffixes = ", ".join(sorted(EVIDENCE_SUFFIXES))
                raise EvidenceReadError(f"{path}: an empty folder (evidence files: {suffixes})")
            if not path.is_file():
                what = "not a regular file (a pipe or a device)" if path.exists() else "no such file"
                raise EvidenceReadError(f"{path}: {what}")
            return detect_format(path), None
    except ReadError as exc:
        return "", EvidenceOutcome(path, "failed", error=_named(path, exc))
    except OSError as exc:
        return "", EvidenceOutcome(path, "failed", error=f"{path.name}: cannot read ({exc.strerror or exc})")


def _named(path: Path, exc: Exception) -> str:
    """The one-line message of ``exc``, beginning with the file's name (once)."""
    message = str(exc)
    return message if message.startswith((f"{path.name}:", f"{path}:")) else f"{path.name}: {message}"


def workbook_sheets(path: Path) -> Sheets:
    """The worksheets of the workbook at ``path`` as ``(title, rows)``, read by the one bounded
    workbook reader (:func:`netfreedom.ingest.formats.workbook.read_workbook`: at most 64 MiB
    inflated, 2,000,000 cells, 200 sheets). Raises
    :class:`~netfreedom.errors.UnreadableInputError` (one line naming the file) for a file that
    is not a readable workbook or passes a limit."""
    return [(grid.name, grid.rows) for grid in read_workbook(read_input_bytes(path), path.name)]


def import_evidence(
    store: Store, paths: Iterable[str | Path], progress: Callable[[EvidenceOutcome], None] | None = None
) -> list[EvidenceOutcome]:
    """Import every evidence file of ``paths`` (see the module docstring); ``progress`` is
    called with each file's outcome as soon as it is known. Returns the outcomes in the
    order done. Raises :class:`~netfreedom.errors.StoreError` (the file under way is rolled
    back; files done before stay stored)."""
    outcomes: list[EvidenceOutcome] = []

    def done(outcome: EvidenceOutcome) -> None:
        outcomes.append(outcome)
        if progress:
            progress(outcome)

    planned: list[tuple[str, Path]] = []
    for path in expand_evidence_paths(paths):
        fmt, failed = _classify(path)
        if failed:
            done(failed)
        else:
            planned.append((fmt, path))
    references = sorted((p for p in planned if p[0] in REFERENCE_FORMATS), key=lambda p: _REFERENCE_ORDER[p[0]])
    for fmt, path in references:
        try:
            with guarded_read():
                if path.stat().st_size > MAX_INPUT_BYTES:  # read whole: held to the limit of every input
                    raise EvidenceReadError(
                        f"{path.name}: larger than {MAX_INPUT_BYTES >> 20} MiB: not a reference table"
                    )
                table = read_reference(path, identify(path, fmt))
        except ReadError as exc:
            done(EvidenceOutcome(path, "failed", fmt, error=_named(path, exc)))
            continue
        except OSError as exc:
            done(EvidenceOutcome(path, "failed", fmt, error=f"{path.name}: cannot read ({exc.strerror or exc})"))
            continue
        action = store.save_evidence_reference(table)
        done(EvidenceOutcome(path, action, fmt, read=len(table.rows), reference=True))
    context: EvidenceContext | None = None
    for fmt, path in planned:
        if fmt in REFERENCE_FORMATS:
            continue
        if context is None:
            context = EvidenceContext(store.evidence_references(), load_rules())
        done(_import_one(store, path, fmt, context))
    return outcomes


def _import_one(store: Store, path: Path, fmt: str, context: EvidenceContext) -> EvidenceOutcome:
    try:
        file = identify(path, fmt)
        stored_as = store.evidence_file_named(file)
        if stored_as is not None:
            outcome = EvidenceOutcome(path, "unchanged", fmt)
            if stored_as != file.name:
                outcome.notes.append(f"the same bytes were imported as {stored_as}: not counted twice")
            return outcome
        sink = Sink()
        with guarded_read():  # a surprise while reading this file fails this file only (rolled back)
            saved = store.import_evidence(
                file,
                read_items(path, fmt, context, sink, workbook=workbook_sheets),
                lambda: (sink.aggregates, sink.read, sink.problem_count),
            )
    except ReadError as exc:
        return EvidenceOutcome(path, "failed", fmt, error=_named(path, exc))
    except OSError as exc:
        return EvidenceOutcome(path, "failed", fmt, error=f"{path.name}: cannot read ({exc.strerror or exc})")
    return EvidenceOutcome(
        path,
        saved.action,
        fmt,
        read=sink.read,
        items_created=saved.items_created,
        items_updated=saved.items_updated,
        verdicts=sink.verdict_counts(),
        problems=list(sink.problems[:20]),
        problem_count=sink.problem_count,
        notes=list(sink.notes),
    )


@dataclass
class CountryEvidence:
    """The evidence of one country (alpha-3) and edition: ``period`` (first and last day
    covered, ``None`` when unknown), ``counts`` (indicator -> verdict -> linked items),
    ``timeline`` (day -> verdict -> measurements or events, from the aggregates),
    ``events`` (shutdown and outage events linked to the edition), ``items`` (every linked
    item, oldest first) and ``findings`` (report versus evidence; empty without a stored
    report)."""

    iso3: str
    edition: int
    period: tuple[date, date] | None
    counts: dict[str, dict[str, int]]
    timeline: dict[date, dict[str, int]]
    events: list[EvidenceItem]
    items: list[EvidenceItem]
    findings: list[Finding]


def country_evidence(
    store: Store,
    iso3: str,
    edition: int,
    *,
    indicator: str | None = None,
    language: str | None = None,
    assessment: Assessment | Callable[[], Assessment | None] | None = None,
) -> CountryEvidence:
    """Gather the evidence of ``iso3`` for ``edition`` (see :class:`CountryEvidence`);
    ``indicator`` narrows the items to one indicator; findings compare ``assessment`` (or
    the one a callable returns, called only when there is evidence), or else the stored
    report in ``language`` (default: the preferred stored one). Raises
    :class:`~netfreedom.errors.StoreError` on a database error."""
    iso3 = iso3.upper()
    period = load_rules().coverage.period(edition)
    items = store.evidence(iso3, edition, indicator)
    timeline: dict[date, dict[str, int]] = {}
    if period:
        for (day, verdict), n in sorted(store.evidence_daily(iso3, period[0], period[1]).items()):
            timeline.setdefault(day, {})[verdict] = n
    events = [i for i in items if i.kind == "event"]
    findings: list[Finding] = []
    if items or indicator is not None:  # no evidence item: nothing to contradict
        report = assessment() if callable(assessment) else assessment
        if report is None and assessment is None:
            report = store.get(iso3, edition, language)
        if report is not None:
            findings = contradictions(report, items if indicator is None else store.evidence(iso3, edition))
    return CountryEvidence(
        iso3=iso3,
        edition=edition,
        period=period,
        counts=store.evidence_counts(iso3, edition),
        timeline=timeline,
        events=events,
        items=items,
        findings=findings,
    )
