"""The main job as library calls: read a report, check it, and (for ingest) store it.

The CLI and the web app call these; they hold no logic of their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .checks import run_checks
from .ingest import read_report
from .model import Assessment
from .store import SaveResult, Store


def check_report(path: str | Path, store: Store | None = None, reader: str | None = None) -> Assessment:
    """Read the report at ``path`` and run every check; returns it with ``findings`` set.

    With a ``store``, the stored previous edition of the same country takes part in the
    ``score-change`` and ``previous-score`` rules; nothing is written. Raises
    :class:`~netfreedom.ingest.ReadError` when the file cannot be read as a report.
    """
    assessment = read_report(path, reader=reader)
    previous = None
    if store is not None and assessment.edition is not None:
        iso3, edition = assessment.country.iso3, assessment.edition
        # Same body language first; a translation's scores are the same, so any will do.
        previous = store.previous_edition(iso3, edition, assessment.language) or store.previous_edition(iso3, edition)
    return assessment.model_copy(update={"findings": run_checks(assessment, previous=previous)})


@dataclass(frozen=True)
class IngestOutcome:
    """A checked assessment and what storing it did."""

    assessment: Assessment
    saved: SaveResult


def ingest_report(path: str | Path, store: Store, reader: str | None = None) -> IngestOutcome:
    """Read, check and store one report in one transaction.

    Raises :class:`~netfreedom.ingest.ReadError` (nothing written) or
    :class:`~netfreedom.store.StoreError` (the transaction is rolled back; the store is as
    it was).
    """
    assessment = check_report(path, store=store, reader=reader)
    return IngestOutcome(assessment, store.save(assessment))
