"""The edition's dashboard: every country's draft of one edition in one table.

One row per draft: its stage (the label the workflow file gives, in the asked language), who
holds it, its open comment threads and comments, its blocking findings and how many days it has been in its stage.

- **Who holds a draft** is worked out from the workflow, never named in code: the parties of
  the actions that lead *forward* from the draft's stage (to a stage listed later in the
  workflow file), or of every action from it when none leads forward. ``researcher`` and
  ``reviewer`` stand for the draft's assigned people, any other party is a role (``editor``).
  A draft in a final stage is held by no one.
- **Days in stage** count whole days (UTC) from the newest audit line that moved the draft
  into a stage (a workflow action, or its creation) to ``today``.
- **Blocking findings** are those that stop a gated action
  (:func:`~netfreedom.services.draft_report.blocking_findings`).
- **Open threads** counts the draft's comment threads still open (a stage may require none
  before it moves on); **comments** counts every comment and reply on the draft and its indicators.
- **Translations behind** the original: per language, the parts the original changed after the
  revision the translation follows (:mod:`netfreedom.services.translations`; worked out from
  the original's audit trail, never stored).

Who sees what: editors and admins see every draft of the edition; a researcher or a reviewer
sees the rows of the drafts assigned to them; other roles see none. Names go through
:func:`~netfreedom.model.identity.identity_for_viewer`: on a workflow with a blind stage a
researcher sees the reviewer as ``Reviewer 1`` and a reviewer sees ``Researcher``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from netfreedom.errors import N_, InputError
from netfreedom.model.countries import resolve_country
from netfreedom.model.drafting import Draft
from netfreedom.model.identity import Cast, identity_for_viewer
from netfreedom.model.regions import region_of, regions
from netfreedom.services.draft_report import blocking_findings, draft_findings
from netfreedom.services.drafting import Actor, drafts_for
from netfreedom.services.translations import stale_parts
from netfreedom.store import Store
from netfreedom.store.draft_activity import comment_counts, open_thread_counts, stage_entered
from netfreedom.store.drafts import DraftStore
from netfreedom.store.translations import TranslationStore
from netfreedom.workflow import Workflow, load_workflow

__all__ = ["COLUMNS", "DashboardFilter", "DashboardRow", "edition_dashboard", "holder_parties", "stage_label"]

COLUMNS = (
    "iso3",
    "country",
    "region",
    "stage",
    "stage_label",
    "holder",
    "researcher",
    "reviewer",
    "open_threads",
    "comments",
    "blocking",
    "days_in_stage",
    "stage_since",
    "revision",
    "draft_id",
    "translations_behind",
)
"""Columns of the CSV export and the CLI table, in order."""


@dataclass(frozen=True)
class DashboardFilter:
    """What to keep: ``stage`` (a stage id), ``holder`` (a party such as ``editor`` or
    ``researcher``, or a person's name as shown), ``country`` (ISO code or name), ``region``
    (a region id of ``regions.yaml``), ``blocking`` (``True``: only drafts with blocking
    findings, ``False``: only those without). ``None`` keeps everything."""

    stage: str | None = None
    holder: str | None = None
    country: str | None = None
    region: str | None = None
    blocking: bool | None = None


@dataclass
class DashboardRow:
    """One draft on the dashboard (see the module docstring). ``holder`` is the display names
    of who must act next (people's names or role names), ``holder_parties`` the workflow's
    party names; ``stage_since`` the UTC day the draft entered its stage (``None`` when the
    audit trail has no such line)."""

    draft_id: int
    iso3: str
    country: str
    region: str | None
    stage: str
    stage_label: str
    holder: list[str]
    holder_parties: list[str]
    researcher: str
    reviewer: str | None
    comments: int
    blocking: int
    days_in_stage: int | None
    stage_since: date | None
    revision: int
    final: bool = False
    open_threads: int = 0
    blocking_locations: list[str] = field(default_factory=list)
    translations_behind: dict[str, list[str]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """The row as JSON-ready values (dates as ISO text)."""
        data = asdict(self)
        data["stage_since"] = self.stage_since.isoformat() if self.stage_since else None
        return data

    def flat(self) -> dict[str, Any]:
        """The row for CSV and tables: lists joined with ``; ``."""
        data = self.as_dict()
        data["holder"] = "; ".join(self.holder)
        data["translations_behind"] = "; ".join(f"{k}: {', '.join(v)}" for k, v in self.translations_behind.items())
        return {k: data[k] for k in COLUMNS}


def stage_label(workflow: Workflow, stage_id: str, language: str) -> str:
    """The stage's label in ``language`` (English when the file has none; the id when the
    workflow has no such stage)."""
    try:
        label = workflow.stage(stage_id).label
    except KeyError:
        return stage_id
    return label.get(language) or label.get("en") or stage_id


def holder_parties(workflow: Workflow, stage_id: str) -> list[str]:
    """The parties who must act next in ``stage_id`` (see the module docstring), in the order
    the workflow's actions list them; ``[]`` for a final stage."""
    order = [s.id for s in workflow.stages]
    actions = workflow.actions_from(stage_id)
    here = order.index(stage_id) if stage_id in order else -1
    forward = [a for a in actions if a.to in order and order.index(a.to) > here]
    parties: dict[str, None] = {}
    for action in forward or actions:
        parties.update(dict.fromkeys(action.by))
    return list(parties)


def _names(draft: Draft, parties: Iterable[str], viewer: str, blind: bool) -> list[str]:
    cast = Cast.of(draft.researcher, draft.reviewer)
    shown: dict[str, None] = {}
    for party in parties:
        if party == "researcher":
            shown[identity_for_viewer(draft.researcher, viewer, cast, blind=blind)] = None
        elif party == "reviewer":
            name = draft.reviewer
            shown[identity_for_viewer(name, viewer, cast, blind=blind) if name else "reviewer"] = None
        else:
            shown[party] = None
    return list(shown)


def _row(
    draft: Draft, viewer: str, language: str, entered: datetime | None, comments: int, today: date
) -> DashboardRow:
    workflow = load_workflow(draft.workflow)
    blind = any(s.blind for s in workflow.stages)
    cast = Cast.of(draft.researcher, draft.reviewer)
    parties = holder_parties(workflow, draft.state)
    blocking = blocking_findings(draft_findings(draft), draft)
    since = entered.astimezone(UTC).date() if entered else None
    try:
        final = workflow.stage(draft.state).final
    except KeyError:
        final = False
    return DashboardRow(
        draft_id=draft.id,
        iso3=draft.iso3,
        country=draft.country_name,
        region=region_of(draft.iso3),
        stage=draft.state,
        stage_label=stage_label(workflow, draft.state, language),
        holder=_names(draft, parties, viewer, blind),
        holder_parties=parties,
        researcher=identity_for_viewer(draft.researcher, viewer, cast, blind=blind),
        reviewer=identity_for_viewer(draft.reviewer, viewer, cast, blind=blind) if draft.reviewer else None,
        comments=comments,
        blocking=len(blocking),
        blocking_locations=sorted({f.location or "" for f in blocking}),
        days_in_stage=(today - since).days if since else None,
        stage_since=since,
        revision=draft.revision,
        final=final,
    )


def _keep(row: DashboardRow, wanted: DashboardFilter, country: str | None) -> bool:
    if wanted.stage and row.stage != wanted.stage:
        return False
    if wanted.holder:
        needle = wanted.holder.casefold()
        if needle not in {h.casefold() for h in (*row.holder, *row.holder_parties)}:
            return False
    if country and row.iso3 != country:
        return False
    if wanted.region and row.region != wanted.region:
        return False
    return wanted.blocking is None or (row.blocking > 0) == wanted.blocking


def edition_dashboard(
    store: Store,
    edition: int,
    actor: Actor,
    wanted: DashboardFilter | None = None,
    *,
    language: str = "en",
    today: date | None = None,
) -> list[DashboardRow]:
    """The dashboard rows of ``edition`` that ``actor`` may see and ``wanted`` keeps, by
    country name. ``today`` defaults to the current UTC day. Raises
    :class:`~netfreedom.errors.NotFoundError` when the edition is not open,
    :class:`~netfreedom.errors.InputError` for an unknown region, stage or country
    (``UnknownCountryError``)."""
    wanted = wanted or DashboardFilter()
    opened = DraftStore(store).edition(edition)
    if wanted.region and wanted.region not in {r.id for r in regions()}:
        known = ", ".join(r.id for r in regions())
        raise InputError(N_("unknown region '{region}' (known: {known})"), region=wanted.region, known=known)
    if wanted.stage and wanted.stage not in {s.id for s in load_workflow(opened.workflow).stages}:
        known = ", ".join(s.id for s in load_workflow(opened.workflow).stages)
        raise InputError(
            N_("unknown stage '{stage}' in workflow {workflow} (known: {known})"),
            stage=wanted.stage,
            workflow=opened.workflow,
            known=known,
        )
    country = resolve_country(wanted.country).iso3 if wanted.country else None
    today = today or datetime.now(UTC).date()
    entered = stage_entered(store, edition)
    comments = comment_counts(store, edition)
    open_threads = open_thread_counts(store, edition)
    rows = []
    translations = TranslationStore(store)
    for d in drafts_for(store, actor, edition):
        row = _row(d, actor.name, language, entered.get(d.id), comments.get(d.id, 0), today)
        row.open_threads = open_threads.get(d.id, 0)
        row.translations_behind = stale_parts(translations.of_draft(d.id))
        rows.append(row)
    return sorted((r for r in rows if _keep(r, wanted, country)), key=lambda r: (r.country.casefold(), r.iso3))
