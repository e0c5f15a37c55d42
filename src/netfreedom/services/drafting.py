"""Writing an edition: open it, start drafts from last year's reports, edit indicators, move
drafts through the edition's workflow, publish.

Every function takes the acting person (an :class:`Actor`: anything with ``name`` and
``roles``, such as the web's signed-in account) and checks what that person may do: the
workflow file says who edits and who acts in each stage (:mod:`netfreedom.workflow`);
opening editions and drafts and reading the audit trail are for ``editor`` and ``admin``;
a draft is visible only to editors, admins and its assigned researcher and reviewer, and
its research journals only to those :func:`can_read_journal` allows (``drafts.journal``: editors and
the draft's researcher). Refusals raise
:class:`~netfreedom.errors.PermissionDeniedError` (403), rule breaks
:class:`~netfreedom.errors.DraftRuleError` (422, with the blocking findings), stale saves
:class:`~netfreedom.errors.StaleRevisionError` (409, with both versions).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from netfreedom.errors import (
    N_,
    DraftRuleError,
    InputError,
    PermissionDeniedError,
    PublishedReportError,
    StaleRevisionError,
    validation_field,
    validation_reason,
)
from netfreedom.methodology import load_methodology, methodology_for_edition
from netfreedom.model.assessment import Citation, CoveragePeriod
from netfreedom.model.countries import resolve_country
from netfreedom.model.drafting import AuditEntry, Draft, DraftIndicator, Edition, default_coverage
from netfreedom.services.accounts import require_accounts
from netfreedom.services.draft_access import (
    MANAGERS,
    Actor,
    draft_for,
    is_manager,
    may_read,
    party_of,
    require_manager,
    shown_name,
)
from netfreedom.services.draft_threads import add_comment
from netfreedom.services.draft_workflow import DRAFTING_READER, available_actions, transition
from netfreedom.store import Store
from netfreedom.store.drafts import DraftChanges, DraftStore
from netfreedom.workflow import DEFAULT_WORKFLOW, load_workflow, may_edit

__all__ = [
    "DRAFTING_READER",
    "MANAGERS",
    "Actor",
    "IndicatorEdit",
    "add_comment",
    "audit_trail",
    "available_actions",
    "can_read_journal",
    "draft_for",
    "drafts_for",
    "indicator_fields",
    "masked_draft",
    "new_draft",
    "open_edition",
    "published_over",
    "set_indicator",
    "transition",
]


@dataclass(frozen=True)
class IndicatorEdit:
    """One save of an indicator: the revision it is based on and the fields it sets
    (``None`` = leave as it is; ``change_note`` ``""`` removes the note)."""

    revision: int
    score: int | None = None
    narrative: str | None = None
    change_note: str | None = None
    journal: str | None = None
    sources: list[dict[str, Any]] | None = None


def can_read_journal(draft: Draft, actor: Actor) -> bool:
    """Whether ``actor`` may read the draft's research journals: a role holding
    ``drafts.journal`` (``accounts/permissions.yaml``: editors and researchers) AND either the
    draft's own researcher or a manager (a researcher reads only the journals of drafts
    assigned to them). The one rule the API, the pages and the audit trail all follow."""
    from netfreedom.accounts import load_policy

    if not load_policy().allows(actor.roles, "drafts.journal"):
        return False
    return actor.name == draft.researcher or is_manager(actor)


# -- editions and drafts ----------------------------------------------------------------------


def open_edition(
    store: Store,
    edition: int,
    actor: Actor,
    *,
    methodology: str | None = None,
    workflow: str = DEFAULT_WORKFLOW,
    coverage: CoveragePeriod | None = None,
) -> Edition:
    """Open ``edition`` for writing (editors and admins). ``methodology`` defaults to the one
    in force for the year, ``coverage`` to June 1 - May 31. Idempotent for the same settings;
    :class:`~netfreedom.errors.ConflictError` when open with others, ``MethodologyError`` /
    ``WorkflowError`` for unknown ids."""
    require_manager(actor, N_("opening an edition needs the editor or admin role"))
    spec = load_methodology(methodology) if methodology else methodology_for_edition(edition)
    load_workflow(workflow)
    try:
        record = Edition(
            edition=edition, methodology=spec.id, coverage=coverage or default_coverage(edition), workflow=workflow
        )
    except ValidationError as exc:
        problem = exc.errors()[0]
        raise InputError(
            N_("bad edition {edition}: {field} {reason}"),
            edition=edition,
            field=validation_field(problem),
            reason=validation_reason(problem),
        ) from exc
    return DraftStore(store).open_edition(record, actor.name)


def new_draft(
    store: Store,
    country: str,
    edition: int,
    actor: Actor,
    *,
    researcher: str,
    reviewer: str | None = None,
    language: str | None = None,
    revise_published: bool = False,
) -> Draft:
    """Start the draft of ``country`` (ISO code or name) for an open ``edition`` as a copy of
    the country's latest stored report before it (the base; it may be older than last year
    when editions were skipped): scores (when on the same methodology), narrative with its
    footnote markers, key developments and key internet controls; every indicator "carried
    over". Without a stored report the draft starts empty. Last year's scores
    (``previous_score``, :attr:`Draft.last_year`) come from the previous published edition's
    scorecard from any source, not from the base.

    When the country already has a published report of ``edition``, publishing the draft
    would store a new revision over it: refused with :class:`PublishedReportError` (409)
    unless ``revise_published`` (see ``docs/drafting.md``, "Drafting over a published
    report"). Editors and admins only; ``UnknownAccountError`` (404 ``unknown_account``) when
    ``researcher`` or ``reviewer`` names no account; ``UnknownCountryError``, ``NotFoundError``
    (edition not open) and ``ConflictError`` (the country already has a draft) as the store
    raises them. Nothing is written when refused."""
    require_manager(actor, N_("creating a draft needs the editor or admin role"))
    require_accounts(store, researcher, reviewer)
    drafts = DraftStore(store)
    opened = drafts.edition(edition)
    iso3 = resolve_country(country).iso3
    published = drafts.published_reports(iso3, edition)
    if published and not revise_published:
        versions = ", ".join(f"{code} revision {revision}" for code, revision in published.items())
        raise PublishedReportError(
            f"{iso3} {edition} already has a published report ({versions}): publishing a draft would store "
            f"a new revision over it; to revise it, start the draft with revise_published "
            f"(netfreedom draft new {iso3} {edition} --revise-published)",
            {"published": dict(published)},
        )
    last_year = drafts.last_year(iso3, edition, opened.methodology)
    known = last_year.indicators if last_year is not None else {}
    base = store.previous_edition(iso3, edition, language)
    base_revision = None
    if base is not None:
        history = store.history(iso3, base.edition or 0, base.language)
        base_revision = history[-1].revision if history else None
    methodology = load_methodology(opened.methodology)
    carried = base is not None and base.methodology == methodology.id
    indicators = []
    for spec in methodology.indicators:
        earlier = base.indicator(spec.id) if base is not None else None
        kept = [p for p in (earlier.paragraphs if earlier else []) if earlier is None or not _is_note(p, earlier)]
        indicators.append(
            DraftIndicator(
                id=spec.id,
                category=methodology.category_of(spec.id).id,
                max=spec.max,
                score=earlier.score if carried and earlier is not None else None,
                previous_score=known.get(spec.id),
                narrative="\n\n".join(kept),
                sources=list(earlier.sources) if earlier is not None else [],
            )
        )
    draft = Draft(
        id=0,
        iso3=iso3,
        country_name=base.country.name
        if base is not None and base.country is not None
        else resolve_country(country).name,
        edition=edition,
        language=base.language if base is not None else (language or "en"),
        methodology=methodology.id,
        workflow=opened.workflow,
        coverage=opened.coverage,
        state=load_workflow(opened.workflow).initial,
        researcher=researcher,
        reviewer=reviewer,
        revision=1,
        overview=list(base.overview) if base is not None else [],
        key_developments=list(base.key_developments) if base is not None else [],
        key_internet_controls=dict(base.sidebar.key_internet_controls) if base is not None else {},
        indicators=indicators,
        base=base,
        base_revision=base_revision,
        last_year=last_year,
    )
    return drafts.create_draft(draft, actor.name)


def published_over(store: Store, draft: Draft) -> dict[str, int]:
    """The published reports of the draft's country and edition that publishing the draft
    would store a new revision over (language -> revision); empty once the draft is published
    (the report is then its own) or when there is none."""
    if draft.published_revision is not None:
        return {}
    return DraftStore(store).published_reports(draft.iso3, draft.edition)


def _is_note(paragraph: str, indicator: Any) -> bool:
    return indicator.score_change is not None and paragraph == indicator.score_change.text


def drafts_for(store: Store, actor: Actor, edition: int | None = None) -> list[Draft]:
    """The drafts ``actor`` may read (of ``edition`` when given)."""
    return [d for d in DraftStore(store).drafts(edition) if may_read(d, actor)]


def masked_draft(draft: Draft, viewer: Actor) -> Draft:
    """A copy of ``draft`` for display to ``viewer``: the researcher, reviewer, creator and
    every indicator's last editor as ``viewer`` may see them (blind review); never use the
    copy to decide permissions."""
    indicators = [
        i.model_copy(update={"updated_by": shown_name(draft, i.updated_by, viewer.name)}) for i in draft.indicators
    ]
    return draft.model_copy(
        update={
            "researcher": shown_name(draft, draft.researcher, viewer.name),
            "reviewer": shown_name(draft, draft.reviewer, viewer.name),
            "created_by": shown_name(draft, draft.created_by, viewer.name),
            "indicators": indicators,
        }
    )


def indicator_fields(draft: Draft, actor: Actor) -> dict[str, Any]:
    """The draft as JSON for ``actor``: research journals left out unless they may read them,
    names as ``actor`` may see them (:func:`masked_draft`)."""
    shown = masked_draft(draft, actor)
    return shown.model_dump(mode="json") if can_read_journal(draft, actor) else shown.public_view()


# -- editing ------------------------------------------------------------------------------------


def set_indicator(store: Store, draft_id: int, indicator_id: str, actor: Actor, edit: IndicatorEdit) -> Draft:
    """Save one indicator's fields as the next revision.

    Only parties the workflow lets edit in the draft's stage may (the plain workflow: the
    assigned researcher, in ``draft``); a reviewer never changes a score. A score must lie in
    the methodology's range (:class:`DraftRuleError`). ``edit.revision`` must be the draft's
    current revision: else :class:`StaleRevisionError` whose ``details`` carry ``yours`` (the
    values sent) and ``theirs`` (the stored indicator) besides the revision numbers.
    """
    drafts = DraftStore(store)
    draft = draft_for(store, draft_id, actor)
    workflow = load_workflow(draft.workflow)
    if not may_edit(workflow, draft.state, party_of(draft, actor)):
        raise PermissionDeniedError(
            N_("{account} may not edit draft {id} in stage {stage}"), account=actor.name, id=draft_id, stage=draft.state
        )
    try:
        drafted = draft.indicator(indicator_id)
    except KeyError:
        raise DraftRuleError(
            N_("draft {id} has no indicator {indicator}"), id=draft_id, indicator=indicator_id
        ) from None
    values: dict[str, Any] = {}
    if edit.score is not None:
        if not 0 <= edit.score <= drafted.max:
            raise DraftRuleError(
                N_("score {score} of {indicator} is outside 0-{max}"),
                score=edit.score,
                indicator=drafted.id,
                max=drafted.max,
            )
        values["score"] = edit.score
    if edit.narrative is not None:
        values["narrative"] = edit.narrative.replace("\r\n", "\n")
    if edit.change_note is not None:
        values["change_note"] = edit.change_note.strip() or None
    if edit.journal is not None:
        values["journal"] = edit.journal
    if edit.sources is not None:
        try:
            values["sources"] = [Citation.model_validate(s).model_dump(mode="json") for s in edit.sources]
        except ValidationError as exc:
            problem = exc.errors()[0]
            raise DraftRuleError(
                N_("bad source cited for {indicator}: {field} {reason}"),
                indicator=drafted.id,
                field=validation_field(problem),
                reason=validation_reason(problem),
            ) from exc
    if edit.revision != draft.revision:
        raise _stale(draft, drafted, values, edit.revision)
    try:
        saved = drafts.save(draft_id, edit.revision, actor.name, DraftChanges(indicators={drafted.id: values}))
    except StaleRevisionError:
        raise _stale(drafts.draft(draft_id), drafted, values, edit.revision) from None
    from netfreedom.services.translations import original_changed  # translations build on drafting

    original_changed(store, saved, actor)
    return saved


def _stale(current: Draft, drafted: DraftIndicator, yours: dict[str, Any], based_on: int) -> StaleRevisionError:
    theirs = current.indicator(drafted.id).model_dump(mode="json", exclude={"journal"})
    mine = {k: v for k, v in yours.items() if k != "journal"}
    return StaleRevisionError(
        N_(
            "draft {id} is at revision {current}, the change was based on revision {based_on}: "
            "someone saved first; compare both versions of {indicator} and save again"
        ),
        {"based_on": based_on, "current": current.revision, "indicator": drafted.id, "yours": mine, "theirs": theirs},
        id=current.id,
        current=current.revision,
        based_on=based_on,
        indicator=drafted.id,
    )


def audit_trail(store: Store, draft_id: int, actor: Actor) -> list[AuditEntry]:
    """The draft's audit trail for ``actor``: editors and admins, and the draft's researcher and
    reviewer (``PermissionDeniedError`` for anyone else). Journal contents are in it only for
    those who may read the journals (:func:`can_read_journal`, as the draft's JSON and pages),
    ``"(private)"`` for the others; every actor's name is as ``actor`` may see it (blind review)."""
    draft = draft_for(store, draft_id, actor)
    journals = can_read_journal(draft, actor)
    entries = []
    for entry in DraftStore(store).audit(draft_id):
        update: dict[str, Any] = {"actor": shown_name(draft, entry.actor, actor.name)}
        if entry.field.endswith(".journal") and not journals:
            update.update(before="(private)", after="(private)")
        elif entry.field == "draft" and isinstance(entry.after, dict):
            after = dict(entry.after)
            for key in ("researcher", "reviewer"):
                if isinstance(after.get(key), str):
                    after[key] = shown_name(draft, after[key], actor.name)
            update["after"] = after
        entries.append(entry.model_copy(update=update))
    return entries
