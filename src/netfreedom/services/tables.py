"""Import of score tables into the store: read a CSV/XLSX table with
:func:`netfreedom.ingest.tables.reader.read_score_table`, then store its values as observations
(:meth:`netfreedom.store.Store.save_dataset`) in one transaction, and return what happened.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from netfreedom.ingest.tables.reader import read_score_table
from netfreedom.ingest.tables.rows import RowProblem
from netfreedom.methodology import Scale
from netfreedom.model.observations import SourceKind
from netfreedom.model.scoring import is_indicator
from netfreedom.store import Conflict, Store


@dataclass(frozen=True)
class ImportSummary:
    """What :func:`import_score_table` did.

    Rows are counted once each: ``created`` (new for this file), ``updated`` (a value
    changed, was added or dropped since the file's last import), ``unchanged``,
    ``rejected`` (not imported; see ``problems``) and ``withdrawn`` (given by the last
    import, absent now). ``conflicts`` are the disagreements with other sources this import
    opened (both values are kept); :attr:`report_conflicts` those with a report.
    ``ambiguous`` names the rows rejected because nothing in the file decides their scale
    (``--scale`` would); ``unknown_countries`` the names that resolved to no country;
    ``duplicates`` the rows that repeated an earlier row's values; ``editions`` the editions
    imported; ``indicator_rows`` the accepted rows with per-question (A1-C8) scores.
    """

    file_name: str
    sha256: str
    rows_read: int
    created: int
    updated: int
    unchanged: int
    rejected: int
    withdrawn: int
    countries: int
    problems: list[RowProblem]
    conflicts: list[Conflict]
    ambiguous: list[str] = field(default_factory=list)
    unknown_countries: list[str] = field(default_factory=list)
    duplicates: int = 0
    editions: list[int] = field(default_factory=list)
    indicator_rows: int = 0

    @property
    def report_conflicts(self) -> list[Conflict]:
        """Conflicts in which one side is a report."""
        return [c for c in self.conflicts if SourceKind.REPORT in (c.observation.source_kind, c.other.source_kind)]


def import_score_table(
    store: Store,
    path: str | Path,
    mapping: Mapping[str, str | None] | None = None,
    default_scale: Scale | str | None = None,
    *,
    sheet: str | None = None,
) -> ImportSummary:
    """Read the score table at ``path`` and store its values as observations, in one
    transaction.

    Arguments as :func:`read_score_table`. Every value of every accepted row becomes an
    observation of source kind ``dataset`` named by the file name, with the file's SHA-256,
    this reader's name and version, and the row's ``source_url`` and ``note``. Importing
    the same file name again is idempotent for equal values; a changed value supersedes the
    old one (both stay in ``Store.value_history``). Disagreements with reports or other
    datasets are kept on both sides and listed (``Store.conflicts``).

    Raises the :class:`~netfreedom.ingest.ReadError` subclasses of :func:`read_score_table`
    (nothing written) and :class:`~netfreedom.store.StoreError` (rolled back).
    """
    table = read_score_table(path, mapping, default_scale, sheet=sheet)
    saved = store.save_dataset(table.provenance(), table.values(), keep=table.rejected_keys)
    return ImportSummary(
        file_name=table.file_name,
        sha256=table.sha256,
        rows_read=table.rows_read,
        created=saved.created,
        updated=saved.updated,
        unchanged=saved.unchanged,
        rejected=table.rejected,
        withdrawn=saved.withdrawn,
        countries=table.countries,
        problems=list(table.problems),
        conflicts=list(saved.conflicts),
        ambiguous=list(table.ambiguous),
        unknown_countries=list(table.unknown_countries),
        duplicates=table.duplicates,
        editions=table.editions,
        indicator_rows=sum(1 for row in table.rows if any(is_indicator(name) for name in row.values)),
    )
