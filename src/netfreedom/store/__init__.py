"""Persistence of assessments in SQLite or PostgreSQL (SQLAlchemy 2 + Alembic).

>>> from netfreedom.store import Store
>>> with Store("sqlite:///netfreedom.db") as store:      # doctest: +SKIP
...     result = store.save(assessment)                   # SaveResult(action="created", ...)
...     store.get("KAZ", 2022)                            # the Assessment back

:class:`Store` is the whole public interface; :mod:`netfreedom.store.tables` describes the
tables and :mod:`netfreedom.store.migrate` runs the migrations.
"""

from .errors import StoreError
from .records import AssessmentSummary, Revision, SaveAction, SaveResult
from .repository import Store
from .settings import DATABASE_URL_ENV, default_database_url

__all__ = [
    "DATABASE_URL_ENV",
    "AssessmentSummary",
    "Revision",
    "SaveAction",
    "SaveResult",
    "Store",
    "StoreError",
    "default_database_url",
]
