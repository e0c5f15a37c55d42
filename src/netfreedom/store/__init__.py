"""Persistence of assessments in SQLite or PostgreSQL (SQLAlchemy 2 + Alembic).

>>> from netfreedom.store import Store
>>> with Store("sqlite:///netfreedom.db") as store:      # doctest: +SKIP
...     result = store.save(assessment)                   # SaveResult(action="created", ...)
...     store.get("KAZ", 2022)                            # the Assessment back

:class:`Store` is the whole public interface; :mod:`netfreedom.store.tables` describes the
tables and :mod:`netfreedom.store.migrate` runs the migrations. Per-value provenance
(observations, value history, report copies, conflicts between sources, time series) is
described in :mod:`netfreedom.store.provenance`; :func:`observations_for_checks` gives the
checks what they need to compare a report with the other sources.
"""

from netfreedom.errors import StoreError
from netfreedom.model.observations import Observation
from netfreedom.store.observations import observations_for_checks, other_observations, series_observations
from netfreedom.store.page_parts import PageParts, PagePartsLookup
from netfreedom.store.records import (
    AssessmentSummary,
    Conflict,
    DatasetSaveResult,
    ReportCopy,
    Revision,
    SaveAction,
    SaveResult,
    Scorecard,
    ScorecardCounts,
    SeriesPoint,
    ValueSource,
)
from netfreedom.store.repository import ReportPage, ReportVersion, Store
from netfreedom.store.settings import DATABASE_URL_ENV, database_url, default_database_url

# Tables declared outside tables.py join the one metadata when the package is imported.
from netfreedom.store import notification_tables as _notification_tables  # noqa: F401  # isort: skip
from netfreedom.store import page_tables as _page_tables  # noqa: F401  # isort: skip
from netfreedom.store import search_tables as _search_tables  # noqa: F401  # isort: skip
from netfreedom.store import translation_tables as _translation_tables  # noqa: F401  # isort: skip

__all__ = [
    "DATABASE_URL_ENV",
    "AssessmentSummary",
    "Conflict",
    "DatasetSaveResult",
    "Observation",
    "PageParts",
    "PagePartsLookup",
    "ReportCopy",
    "ReportPage",
    "ReportVersion",
    "Revision",
    "SaveAction",
    "SaveResult",
    "Scorecard",
    "ScorecardCounts",
    "ValueSource",
    "SeriesPoint",
    "Store",
    "StoreError",
    "database_url",
    "default_database_url",
    "observations_for_checks",
    "other_observations",
    "series_observations",
]
