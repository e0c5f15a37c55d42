"""The main job as library calls: find input files, read them, check them, and (for ingest)
store them.

The CLI and the web app call these; they hold no logic of their own.

* :func:`expand_inputs` turns command-line arguments (files, folders, shell-style globs) into
  a sorted list of :class:`InputFile`.
* :func:`check_file` and :func:`ingest_file` handle one input of any format — plain text,
  HTML, PDF (one report each), or exported JSON (many assessments) — and return one
  :class:`FileOutcome` per assessment; they never raise for bad input.
* :class:`Tally` counts outcomes per reader family for a summary.
* :func:`check_report` and :func:`ingest_report` are the one-report calls underneath.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from netfreedom.checks import has_errors, run_checks
from netfreedom.checks.sources import SOURCE_RULES, source_findings
from netfreedom.errors import NotStoredError
from netfreedom.ingest import (
    JSON_IMPORT_READER,
    Format,
    ReadError,
    UnreadableInputError,
    detect_format,
    read_assessments_json,
    read_report,
    read_report_bytes,
)
from netfreedom.ingest.formats.files import read_input_bytes, safe_name
from netfreedom.ingest.formats.limits import guarded_read
from netfreedom.model.assessment import Assessment, Finding, Severity, severity_counts
from netfreedom.model.observations import SourceKind
from netfreedom.store import SaveResult, Store, StoreError, other_observations

__all__ = [
    "REPORT_SUFFIXES",
    "FileOutcome",
    "IngestOutcome",
    "InputFile",
    "State",
    "Tally",
    "check_file",
    "check_report",
    "expand_inputs",
    "ingest_file",
    "ingest_report",
]

TABLE_SUFFIXES = (".csv", ".tsv", ".xlsx", ".xlsm", ".xls", ".ods", ".fods")
"""Score tables (one row per country and edition), imported as observations. ``.xls`` is
taken so that a binary workbook is refused with one line and an HTML page saved under that
name (a web site's "Excel" export) is read."""
REPORT_SUFFIXES = (".txt", ".html", ".htm", ".pdf", ".json", ".jsonl", *TABLE_SUFFIXES)
"""File name endings picked up when a folder is given (compared ignoring case)."""

_GLOB_MAGIC = re.compile(r"[*?[]")


# -- one report ---------------------------------------------------------------------------


def _with_findings(assessment: Assessment, store: Store | None) -> Assessment:
    """``assessment`` with the findings of every check; with a ``store``, the stored
    previous edition of the same country takes part in the history rules."""
    from netfreedom.services.editions import with_deduced_edition
    from netfreedom.store import observations_for_checks

    if store is not None:
        assessment = with_deduced_edition(assessment, store)
    previous = None
    observations: tuple[object, ...] | list[object] = ()
    if store is not None and assessment.edition is not None and assessment.country is not None:
        iso3, edition = assessment.country.iso3, assessment.edition
        # Same body language first; a translation's scores are the same, so any will do.
        previous = store.previous_edition(iso3, edition, assessment.language) or store.previous_edition(iso3, edition)
        observations = observations_for_checks(store, assessment)
    findings = run_checks(assessment, previous=previous, observations=observations)  # type: ignore[arg-type]
    return assessment.model_copy(update={"findings": findings})


def _errors(assessment: Assessment) -> int:
    return severity_counts(assessment.findings)[Severity.ERROR]


def refuse_to_store(assessment: Assessment, store: Store, *, replace_better: bool = False) -> None:
    """Raise :class:`NotStoredError` when ``assessment`` must not be stored.

    An assessment whose country could not be identified, or whose edition is neither printed
    nor deduced (:mod:`netfreedom.services.editions`), has no key to be stored under. A
    copy with more error-level findings than the stored copy of the same country, edition and
    language (from another file) would hide a better copy from readers: it is kept out
    unless ``replace_better`` is set.
    """
    if assessment.country is None:
        raise NotStoredError("not stored: the report does not say which country it is about")
    if assessment.edition is None:
        from netfreedom.services.editions import EDITION_NOTE

        reason = next((n.message for n in assessment.reader_notes if n.location == EDITION_NOTE), None)
        raise NotStoredError(f"not stored: {reason or 'the edition is not printed and cannot be deduced'}")
    if replace_better:
        return
    current = store.get(assessment.country.iso3, assessment.edition, assessment.language)
    if current is None or current.provenance is None or assessment.provenance is None:
        return
    if current.provenance.file_name == assessment.provenance.file_name:
        return  # a new version of the same source replaces it, as always
    if _errors(assessment) > _errors(current):
        raise NotStoredError(
            f"not stored: it has {_errors(assessment)} error-level findings and the stored copy "
            f"{current.provenance.file_name} has {_errors(current)} (use --replace-better to store it anyway)"
        )


def check_report(path: str | Path, store: Store | None = None, reader: str | None = None) -> Assessment:
    """Read the report at ``path`` (text, HTML or PDF) and run every check; returns it with
    ``findings`` set.

    With a ``store``, the stored previous edition of the same country takes part in the
    ``score-change`` and ``previous-score`` rules; nothing is written. Raises
    :class:`~netfreedom.ingest.ReadError` when the file cannot be read as a report.
    """
    return _with_findings(read_report(path, reader=reader), store)


def stored_form(assessment: Assessment) -> Assessment:
    """``assessment`` as it is stored: without the findings about other sources
    (``cross-source``, ``duplicate-source``). Those change whenever another copy or a score
    dataset is stored, so keeping them would make an unchanged file look changed and what is
    stored depend on the order of ingest; :func:`current_findings` works them out afresh
    whenever an assessment is shown."""
    kept = [f for f in assessment.findings if f.rule not in SOURCE_RULES]
    if len(kept) == len(assessment.findings):
        return assessment
    return assessment.model_copy(update={"findings": kept})


def current_findings(
    store: Store, assessment: Assessment, whole: Callable[[], Assessment] | None = None
) -> list[Finding]:
    """The stored findings of ``assessment`` with those about other sources (``cross-source``,
    ``duplicate-source``) worked out afresh from the store's current observations: another
    copy or a score dataset stored after this report shows up at once.

    ``assessment`` may be a page's slim one (narrative text left out,
    :class:`~netfreedom.store.ReportPage`) when ``whole`` reads the complete one: it is read
    only when another report file's observations are stored, as ``duplicate-source`` compares
    the whole content. Raises :class:`~netfreedom.store.StoreError` when the store cannot be read.
    """
    kept = [f for f in assessment.findings if f.rule not in SOURCE_RULES]
    if assessment.edition is None:
        return kept
    observations = store.observations_for(assessment)
    if whole is not None and any(o.source_kind is SourceKind.REPORT for o in observations):
        assessment = whole()
    return kept + source_findings(assessment, observations)


def page_findings(
    store: Store,
    key: tuple[str, int, str, str],
    stored: list[Finding],
    slim: Callable[[], Assessment],
    whole: Callable[[], Assessment],
) -> list[Finding]:
    """:func:`current_findings` of a report known by ``key`` (iso3, edition, language, the
    file it was read from) and its ``stored`` findings, for a page that reads the report only
    when it must: ``slim()`` (without narrative text) when another source's observations are
    stored, ``whole()`` when another report file's are (``duplicate-source`` compares the text).
    Raises :class:`~netfreedom.store.StoreError` when the store cannot be read."""
    iso3, edition, language, own_file = key
    kept = [f for f in stored if f.rule not in SOURCE_RULES]
    observations = other_observations(store, iso3, edition, language, own_file)
    if not observations:
        return kept
    report = whole() if any(o.source_kind is SourceKind.REPORT for o in observations) else slim()
    return kept + source_findings(report, observations)


def with_current_findings(store: Store, assessment: Assessment) -> Assessment:
    """``assessment`` with :func:`current_findings` as its findings."""
    return assessment.model_copy(update={"findings": current_findings(store, assessment)})


@dataclass(frozen=True)
class IngestOutcome:
    """A checked assessment and what storing it did."""

    assessment: Assessment
    saved: SaveResult


def ingest_report(
    path: str | Path, store: Store, reader: str | None = None, *, replace_better: bool = False
) -> IngestOutcome:
    """Read, check and store one report in one transaction.

    Raises :class:`~netfreedom.ingest.ReadError` (nothing written; :class:`NotStoredError`
    when :func:`refuse_to_store` says no) or :class:`~netfreedom.store.StoreError` (the
    transaction is rolled back; the store is as it was).
    """
    assessment = check_report(path, store=store, reader=reader)
    refuse_to_store(assessment, store, replace_better=replace_better)
    return IngestOutcome(assessment, store.save(stored_form(assessment)))


# -- finding the files ----------------------------------------------------------------------


@dataclass(frozen=True)
class InputFile:
    """A file to read, or (with ``problem`` set) an argument that named none: a missing
    path, a glob matching nothing, a folder without report files."""

    path: Path
    problem: str | None = None


def _folder_files(folder: Path) -> list[Path]:
    """Report files under ``folder``, recursively, sorted; hidden files and folders skipped."""
    found: list[Path] = []
    for where, folders, files in os.walk(folder):
        folders[:] = [name for name in folders if not name.startswith(".")]
        found.extend(Path(where) / name for name in files if not name.startswith("."))
    return sorted(p for p in found if p.suffix.lower() in REPORT_SUFFIXES)


def _glob(pattern: str) -> list[Path]:
    """The paths a shell-style glob matches, sorted; ``**`` crosses folders.

    Like the folder form, ``**`` never descends through a link to a folder, so a loop of
    links (``loop/self -> .``) ends; hidden files and folders match only a pattern part that
    starts with a dot. ``~`` is the home folder.
    """
    parts = Path(os.path.expanduser(pattern)).parts
    fixed = 0
    while fixed < len(parts) and not _GLOB_MAGIC.search(parts[fixed]):
        fixed += 1
    base = Path(*parts[:fixed]) if fixed else Path(".")
    rest = [part if part == "**" else re.sub(r"\*\*+", "*", part) for part in parts[fixed:]]
    if not rest:
        return [base] if base.exists() else []
    found: list[Path] = []
    try:
        for match in base.glob(str(Path(*rest))):
            relative = match.relative_to(base).parts
            hidden = any(name.startswith(".") for name in relative)
            if hidden and not any(part.startswith(".") for part in rest):
                continue
            found.append(match)
    except (OSError, ValueError):
        return sorted(found)
    return sorted(found)


def _expand_one(argument: str | Path) -> list[InputFile]:
    path = Path(argument)
    text = str(argument)
    if path.is_dir():
        files = _folder_files(path)
        if not files:
            kinds = ", ".join(REPORT_SUFFIXES)
            return [InputFile(path, f"{path} is a folder without report files ({kinds})")]
        return [InputFile(p) for p in files]
    if path.exists() or not _GLOB_MAGIC.search(text):
        return [InputFile(path, None if path.exists() else f"{path} does not exist")]
    matches = _glob(text)
    if not matches:
        return [InputFile(path, f"no file matches {text}")]
    expanded: list[InputFile] = []
    for match in matches:
        if match.is_dir():
            expanded.extend(InputFile(p) for p in _folder_files(match))
        else:
            expanded.append(InputFile(match))
    return expanded


def expand_inputs(arguments: Iterable[str | Path]) -> list[InputFile]:
    """The files that command-line ``arguments`` name, in argument order.

    A file stands for itself (whatever its extension); a folder for every report file below
    it (:data:`REPORT_SUFFIXES`, recursively, hidden ones skipped), sorted; a shell-style
    glob such as ``"reports/**/*.txt"`` (``**`` crosses folders) for its matches, sorted, a
    matched folder again for its report files. A path that exists is never taken as a
    glob. A file reached twice is listed once. Arguments that name nothing become an
    :class:`InputFile` with a ``problem``. Never raises.
    """
    seen: set[tuple[Path, str | None]] = set()
    result: list[InputFile] = []
    for argument in arguments:
        for item in _expand_one(argument):
            key = (item.path.resolve(), item.problem)
            if key not in seen:
                seen.add(key)
                result.append(item)
    return result


# -- one input file, any format -------------------------------------------------------------


class State(StrEnum):
    """How an input fared: ``read`` (no error-level finding), ``partial`` (read, with
    error-level findings such as missing scores), ``not stored`` (read, but deliberately not
    stored: unknown country, or a worse copy of a stored report), ``failed`` (nothing usable)."""

    READ = "read"
    PARTIAL = "partial"
    NOT_STORED = "not stored"
    FAILED = "failed"


@dataclass(frozen=True)
class FileOutcome:
    """What happened to one assessment of an input file (a JSON file gives several).

    ``reader`` is the reader family: the layout reader's name, ``json-import`` for JSON, or
    ``no reader (<format>)`` when nothing could be read. ``where`` places an item inside a
    JSON file (``item 3``, ``line 3``). ``error`` is a one-line message when it failed;
    ``saved`` what storing did (ingest only).
    """

    path: Path
    reader: str
    assessment: Assessment | None = None
    error: str | None = None
    where: str | None = None
    saved: SaveResult | None = None
    refused: bool = False
    """Read, but deliberately not stored (:class:`~netfreedom.errors.NotStoredError`)."""

    @property
    def state(self) -> State:
        """:class:`State` of this outcome."""
        if self.refused:
            return State.NOT_STORED
        if self.error is not None or self.assessment is None:
            return State.FAILED
        return State.PARTIAL if has_errors(self.assessment.findings) else State.READ

    @property
    def label(self) -> str:
        """The file, and the item inside it when there is one: ``export.json item 3``."""
        return f"{self.path} {self.where}" if self.where else str(self.path)


def _no_reader(fmt: Format | None) -> str:
    return f"no reader ({fmt.value})" if fmt is not None else "no reader"


def _load(item: InputFile | str | Path) -> tuple[Path, bytes | FileOutcome]:
    """The bytes of an input, or the failed outcome saying why there are none."""
    if not isinstance(item, InputFile):
        item = InputFile(Path(item))
    if item.problem is not None:
        return item.path, FileOutcome(item.path, _no_reader(None), error=item.problem)
    try:
        return item.path, read_input_bytes(item.path)
    except UnreadableInputError as exc:
        return item.path, FileOutcome(item.path, _no_reader(None), error=str(exc))


def _read_unguarded(path: Path, data: bytes, reader: str | None) -> list[FileOutcome]:
    """Assessments (without findings yet) or failures, one outcome per assessment."""
    fmt = detect_format(data, path.name)
    if fmt is Format.JSON:
        try:
            items = read_assessments_json(data)
        except ReadError as exc:
            return [FileOutcome(path, JSON_IMPORT_READER, error=str(exc))]
        if not items:
            return [FileOutcome(path, JSON_IMPORT_READER, error="the JSON file holds no assessment")]
        return [FileOutcome(path, JSON_IMPORT_READER, i.assessment, i.error, i.where) for i in items]
    try:
        assessment = read_report_bytes(data, file_name=safe_name(path), reader=reader)
    except ReadError as exc:
        return [FileOutcome(path, _no_reader(fmt), error=str(exc))]
    assert assessment.provenance is not None  # read_report_bytes always attaches it
    return [FileOutcome(path, assessment.provenance.reader, assessment)]


def _read(path: Path, data: bytes, reader: str | None) -> list[FileOutcome]:
    """:func:`_read_unguarded`, with anything the libraries underneath raise on a hostile file
    (a recursion limit, a damaged stream) made that file's one-line failure."""
    try:
        with guarded_read():
            return _read_unguarded(path, data, reader)
    except ReadError as exc:
        return [FileOutcome(path, _no_reader(None), error=str(exc))]


def _checked(outcome: FileOutcome, store: Store | None) -> FileOutcome:
    """``outcome`` with the findings of every check; a check that fails on odd content makes
    the outcome a failure naming the file, never an end of the batch."""
    assert outcome.assessment is not None
    try:
        with guarded_read():
            return FileOutcome(
                outcome.path, outcome.reader, _with_findings(outcome.assessment, store), where=outcome.where
            )
    except ReadError as exc:
        return FileOutcome(
            outcome.path, outcome.reader, error=f"the checks cannot run on it: {exc}", where=outcome.where
        )


def check_file(
    item: InputFile | str | Path, store: Store | None = None, reader: str | None = None
) -> list[FileOutcome]:
    """Read one input and run every check on what it holds; store nothing.

    Text, HTML and PDF give one outcome; a JSON export gives one per element (each element's
    findings are worked out afresh). ``store`` as in :func:`check_report`; ``reader`` forces
    a layout reader (not used for JSON). Never raises for bad input: failures are outcomes
    with an ``error``. Raises :class:`~netfreedom.store.StoreError` only when reading the
    previous edition from ``store`` fails.
    """
    path, loaded = _load(item)
    if isinstance(loaded, FileOutcome):
        return [loaded]
    return [_checked(o, store) if o.assessment else o for o in _read(path, loaded, reader)]


def ingest_file(
    item: InputFile | str | Path, store: Store, reader: str | None = None, *, replace_better: bool = False
) -> list[FileOutcome]:
    """Read one input and store what it holds, each assessment in its own transaction.

    Text, HTML and PDF are checked and stored as by :func:`ingest_report`. Each element of a
    JSON export is stored exactly as it is — provenance and findings included — so that
    ``store.get`` gives back the exported assessment. An assessment the store refuses (no
    edition, a database error) becomes a failed outcome with the store's message; that
    transaction is rolled back and the others are kept. Never raises for bad input.
    """
    path, loaded = _load(item)
    if isinstance(loaded, FileOutcome):
        return [loaded]
    outcomes: list[FileOutcome] = []
    for outcome in _read(path, loaded, reader):
        assessment = outcome.assessment
        if assessment is None:
            outcomes.append(outcome)
            continue
        if outcome.reader != JSON_IMPORT_READER:
            outcome = _checked(outcome, store)
            if outcome.assessment is None:
                outcomes.append(outcome)
                continue
            assessment = outcome.assessment
        try:
            if outcome.reader != JSON_IMPORT_READER:
                refuse_to_store(assessment, store, replace_better=replace_better)
            saved = store.save(stored_form(assessment))
        except NotStoredError as exc:
            outcomes.append(FileOutcome(path, outcome.reader, assessment, str(exc), outcome.where, refused=True))
            continue
        except StoreError as exc:
            outcomes.append(FileOutcome(path, outcome.reader, assessment, str(exc), outcome.where))
            continue
        outcomes.append(FileOutcome(path, outcome.reader, assessment, where=outcome.where, saved=saved))
    return outcomes


# -- summary --------------------------------------------------------------------------------


@dataclass
class Tally:
    """Counts of outcomes per reader family and :class:`State`, for a batch summary."""

    counts: dict[str, dict[State, int]] = field(default_factory=dict)

    def add(self, outcomes: Iterable[FileOutcome]) -> None:
        """Count ``outcomes``."""
        for outcome in outcomes:
            self.count(outcome.reader, outcome.state)

    def count(self, reader: str, state: State) -> None:
        """Count one input of ``reader``'s family that ended in ``state``."""
        row = self.counts.setdefault(reader, dict.fromkeys(State, 0))
        row[state] += 1

    def rows(self) -> list[tuple[str, int, int, int]]:
        """``(reader, read, partial, failed)`` per reader family, sorted by name, then a
        ``total`` row; inputs not stored count as failed."""
        rows = [
            (name, c[State.READ], c[State.PARTIAL], c[State.FAILED] + c[State.NOT_STORED])
            for name, c in sorted(self.counts.items())
        ]
        failed = self.total(State.FAILED) + self.total(State.NOT_STORED)
        total = ("total", self.total(State.READ), self.total(State.PARTIAL), failed)
        return [*rows, total]

    def total(self, state: State | None = None) -> int:
        """How many outcomes ended in ``state`` (all of them when ``None``)."""
        return sum(n for c in self.counts.values() for s, n in c.items() if state is None or s is state)


# -- score tables ---------------------------------------------------------------------------

SCORE_TABLE_READER = "score-table"


def is_score_table(path: Path) -> bool:
    """True when ``path`` names a score table by its extension (:data:`TABLE_SUFFIXES`)."""
    return path.suffix.lower() in TABLE_SUFFIXES


def table_state(summary: object | None) -> State:
    """How a score-table import fared: failed (unreadable), partial (rows rejected), read."""
    if summary is None:
        return State.FAILED
    return State.PARTIAL if getattr(summary, "rejected", 0) else State.READ
