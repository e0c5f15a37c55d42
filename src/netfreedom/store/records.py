"""What the store's methods return besides assessments (pydantic, JSON-ready)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from ..methodology import Scale, Status

SaveAction = Literal["created", "replaced", "unchanged"]
"""What a save did: first version stored; a new revision replaced the current one; or
nothing, because the stored version is the same."""


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SaveResult(_Record):
    """Outcome of saving one assessment.

    ``revision`` is the revision now current for (``iso3``, ``edition``, ``language``):
    1 after ``created``, the previous one + 1 after ``replaced``, the stored one after
    ``unchanged``.
    """

    action: SaveAction
    iso3: str
    edition: int
    language: str
    revision: int


class AssessmentSummary(_Record):
    """One stored assessment in a listing: its key, scores and current revision.

    ``total`` and ``categories`` (category id -> score, ``None`` when not printed) are on the
    published ``scale``.
    """

    iso3: str
    country_name: str
    edition: int
    language: str
    scale: Scale
    status: Status | None
    total: int | None
    categories: dict[str, int | None]
    revision: int


class Revision(_Record):
    """One version of a stored assessment, as listed by ``Store.history``.

    ``ingested_at`` is when the version was written and ``replaced_at`` when a newer one
    took its place (``None`` for the current version, which has ``current=True``); both UTC.
    The ``source_*`` and ``reader*`` fields are ``None`` when the assessment had no
    provenance.
    """

    revision: int
    source_file_name: str | None
    source_sha256: str | None
    reader: str | None
    reader_version: str | None
    ingested_at: datetime
    replaced_at: datetime | None
    current: bool
