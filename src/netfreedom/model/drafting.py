"""Domain types of writing an edition: editions, drafts, drafted indicators, audit, comment threads.

A :class:`Draft` is one country's assessment being written for an :class:`Edition`. It
starts as a copy of the country's latest stored report (``base``: that document, kept with
the draft for the redline) and moves through the stages of the edition's workflow
(``state``). "Last year" is not the base: it is the scorecard of the previous published
edition from any source (report, workbook, score-table row; :class:`LastYear`), which the
store attaches to the draft whenever it reads one; the base may be older (a skipped edition). Every save makes ``revision`` grow by exactly one; a
save names the revision it was based on (optimistic concurrency). The research journal of
an indicator is private: it never leaves the drafting pages and API (never published, never
in a public export).
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from netfreedom.methodology import Status, previous_edition
from netfreedom.model.assessment import Assessment, Citation, CoveragePeriod

__all__ = [
    "AuditEntry",
    "Comment",
    "Draft",
    "DraftIndicator",
    "Edition",
    "LastYear",
    "Thread",
    "ThreadStatus",
    "default_coverage",
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_by_name=True, serialize_by_alias=True)


def default_coverage(edition: int) -> CoveragePeriod:
    """The coverage period of an edition by default: June 1 of the year before to May 31 of
    the edition year (the period every edition since 2015 covers: shared/reference/fotn-facts.md)."""
    return CoveragePeriod(start=date(edition - 1, 6, 1), end=date(edition, 5, 31))


class Edition(_Model):
    """An edition opened for writing: its year, methodology, coverage period and workflow."""

    edition: int = Field(ge=2000, le=2999)
    methodology: str
    coverage: CoveragePeriod
    workflow: str
    opened_by: str | None = None
    opened_at: datetime | None = None


class DraftIndicator(_Model):
    """One indicator of a draft, on the methodology's scale.

    ``narrative`` is Markdown (paragraphs separated by blank lines; footnote markers as in the
    published text); ``change_note`` the score-change note (``None``: none); ``journal`` the
    private research journal; ``carried_over`` is true until someone changes anything of the
    indicator. ``previous_score`` is last year's score of the indicator
    (:attr:`Draft.last_year`), ``None`` when last year's scorecard has none (no scorecard, or
    one without per-indicator scores, such as a score-table row with categories only).
    """

    id: str
    category: str
    max: int
    score: int | None = None
    narrative: str = ""
    sources: list[Citation] = Field(default_factory=list)
    journal: str = ""
    change_note: str | None = None
    carried_over: bool = True
    previous_score: int | None = None
    updated_by: str | None = None
    updated_at: datetime | None = None


class LastYear(_Model):
    """Last year's scorecard for a draft of edition N: the stored scorecard of the previous
    published edition (:func:`netfreedom.methodology.previous_edition`: 2009 for 2011),
    whatever its source: a report, a workbook with per-question scores, or a score-table row.

    Scores are on the draft's methodology scale (scorecards hold the current scale; a legacy
    draft gets ``max - value`` for the total and categories, and no indicators, since no
    conversion is documented for them). ``categories`` and ``indicators`` hold only the
    values known. ``source_kind`` is ``report``, ``table`` or ``news``; ``source_name`` the
    file the total was read from.
    """

    edition: int
    source_kind: str
    source_name: str = ""
    total: int | None = None
    status: Status | None = None
    categories: dict[str, int] = Field(default_factory=dict)
    indicators: dict[str, int] = Field(default_factory=dict)


class Draft(_Model):
    """One country's assessment being written for an edition.

    ``state`` is a stage id of the edition's ``workflow``; ``researcher`` and ``reviewer``
    are account names (``reviewer`` may be ``None``). ``base`` is the stored assessment the
    draft was copied from (the country's latest stored report before the edition, ``None``
    when it had none) and ``base_revision`` its store revision; ``last_year`` is last year's
    scorecard (:class:`LastYear`; ``None`` when the store has none), read from the store with
    the draft, so it follows what the store knows now. ``published_revision`` is the report
    revision publishing wrote.
    """

    id: int
    iso3: str
    country_name: str
    edition: int
    language: str
    methodology: str
    workflow: str
    coverage: CoveragePeriod
    state: str
    researcher: str
    reviewer: str | None = None
    revision: int
    overview: list[str] = Field(default_factory=list)
    key_developments: list[str] = Field(default_factory=list)
    key_internet_controls: dict[str, bool] = Field(default_factory=dict)
    indicators: list[DraftIndicator] = Field(default_factory=list)
    base: Assessment | None = None
    base_revision: int | None = None
    last_year: LastYear | None = None
    published_revision: int | None = None
    created_by: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    def indicator(self, indicator_id: str) -> DraftIndicator:
        """The drafted indicator with this id (case-insensitive); ``KeyError`` when absent."""
        wanted = indicator_id.upper()
        for indicator in self.indicators:
            if indicator.id == wanted:
                return indicator
        raise KeyError(indicator_id)

    @property
    def base_is_last_year(self) -> bool:
        """Whether the base report is last year's (of the previous published edition)."""
        return self.base is not None and self.base.edition == previous_edition(self.edition)

    def public_view(self) -> dict[str, Any]:
        """The draft as JSON without research journals (for anyone who may read the draft
        but not its journals)."""
        data = self.model_dump(mode="json")
        for indicator in data["indicators"]:
            indicator.pop("journal", None)
        return data


class AuditEntry(_Model):
    """One line of a draft's append-only audit trail: who changed which field when, from what
    to what. ``field`` is ``A3.score``, ``A3.narrative``, ``state``, ``draft`` (created) ...;
    ``revision`` is the draft revision the change made."""

    id: int
    draft_id: int
    revision: int
    at: datetime
    actor: str
    action: str
    field: str
    before: Any = None
    after: Any = None


class Comment(_Model):
    """A comment on a draft (``indicator`` ``None``) or on one of its indicators: the first
    of its thread (``thread_id``) or a reply, written in workflow stage ``stage``."""

    id: int
    draft_id: int
    indicator: str | None = None
    author: str
    at: datetime
    text: str
    thread_id: int | None = None
    stage: str | None = None


class ThreadStatus(StrEnum):
    """A thread is ``open`` until someone resolves it; a resolved thread can be reopened."""

    OPEN = "open"
    RESOLVED = "resolved"


class Thread(_Model):
    """A comment thread on a draft (``indicator`` ``None``) or one of its indicators: who
    opened it, in which workflow ``stage``, its ``status``, who resolved it last, and its
    ``comments`` oldest first (the first one opened it)."""

    id: int
    draft_id: int
    indicator: str | None = None
    opened_by: str
    opened_at: datetime
    stage: str
    status: ThreadStatus = ThreadStatus.OPEN
    resolved_by: str | None = None
    resolved_at: datetime | None = None
    comments: list[Comment] = Field(default_factory=list)
