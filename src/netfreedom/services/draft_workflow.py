"""Moving a draft through its edition's workflow: which actions a person may take, taking one
(gates: blocking findings, open threads), publishing, and telling whom work arrives for.

The workflow file decides everything (:mod:`netfreedom.workflow`); nothing here names a stage
or an action. Refusals share one shape: an action the stage does not offer raises
:class:`~netfreedom.errors.ActionNotAllowedError` (409), an action that is not the caller's
:class:`~netfreedom.errors.PermissionDeniedError` (403), both with ``details`` ``{"stage",
"allowed"}`` (the actions the caller may take now); a gate raises
:class:`~netfreedom.errors.DraftRuleError` (422) with the blocking ``findings`` or the open
``threads``.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from hashlib import sha256

from netfreedom import __version__
from netfreedom.errors import N_, ActionNotAllowedError, DraftRuleError, Listing, PermissionDeniedError
from netfreedom.model.assessment import Assessment, Finding, Provenance
from netfreedom.model.drafting import Draft
from netfreedom.model.notifications import NotificationKind
from netfreedom.services.draft_access import Actor, cast_of, draft_for, is_blind_draft, party_of
from netfreedom.services.draft_report import blocking_findings, draft_assessment, draft_findings
from netfreedom.store import Store
from netfreedom.store.draft_threads import ThreadStore
from netfreedom.store.drafts import DraftChanges, DraftStore
from netfreedom.workflow import allowed_actions, load_workflow, may_act
from netfreedom.workflow.spec import Action, Gate, Workflow

__all__ = ["DRAFTING_READER", "available_actions", "transition", "waiting_for", "written_here"]

log = logging.getLogger(__name__)

DRAFTING_READER = "netfreedom-drafting"
"""``provenance.reader`` of an assessment published from a draft."""


def available_actions(draft: Draft, actor: Actor) -> tuple[Action, ...]:
    """The actions ``actor`` may take on the draft in its stage (gates not yet checked)."""
    return allowed_actions(load_workflow(draft.workflow), draft.state, party_of(draft, actor))


def _refusal(draft: Draft, actor: Actor) -> dict[str, object]:
    return {"stage": draft.state, "allowed": [a.id for a in available_actions(draft, actor)]}


def transition(
    store: Store, draft_id: int, action_id: str, actor: Actor, *, revision: int | None = None
) -> tuple[Draft, list[Finding]]:
    """Take workflow action ``action_id`` and return the draft after it with its findings.

    Raises (see the module docstring) :class:`ActionNotAllowedError` when the stage has no
    such action, :class:`PermissionDeniedError` when ``actor`` may not take it,
    :class:`DraftRuleError` when a gate holds, :class:`StaleRevisionError` when ``revision`` is
    given and not current. A publishing action stores the draft's assessment as a report
    revision (provenance: written here, draft and revision, and ``credit``: the researcher's
    pseudonym, or nothing when they have none; never an account name) in the same transaction.
    The people the new stage waits for are told (inbox, and e-mail when configured).
    """
    drafts = DraftStore(store)
    draft = draft_for(store, draft_id, actor)
    workflow = load_workflow(draft.workflow)
    possible = {a.id: a for a in workflow.actions_from(draft.state)}
    if action_id not in possible:
        details = _refusal(draft, actor)
        allowed = ", ".join(details["allowed"]) or "none"  # type: ignore[arg-type]
        raise ActionNotAllowedError(
            N_("action '{action}' is not possible in stage {stage} (allowed: {allowed})"),
            details,
            action=action_id,
            stage=draft.state,
            allowed=allowed,
        )
    action = possible[action_id]
    if not may_act(action, party_of(draft, actor)):
        raise PermissionDeniedError(
            N_("{account} may not {action} draft {id}"),
            _refusal(draft, actor),
            account=actor.name,
            action=action_id,
            id=draft_id,
        )
    based_on = draft.revision if revision is None else revision
    findings = draft_findings(draft)
    if Gate.FINDINGS in action.gate:
        blocking = blocking_findings(findings, draft)
        if blocking:
            shown = blocking[:5]
            raise DraftRuleError(
                N_("{action} refused: {count} blocking finding(s): {findings}"),
                {"findings": [f.model_dump(mode="json") for f in blocking]},
                action=action_id,
                count=len(blocking),
                findings=Listing(shown, [f"{f.location}: {f.message}" for f in shown]),
            )
    if Gate.THREADS in action.gate:
        still_open = [t for t in ThreadStore(store).threads(draft_id) if t.status == "open"]
        if still_open:
            where = ", ".join(t.indicator or "draft" for t in still_open[:10])
            raise DraftRuleError(
                N_("{action} refused: {count} open thread(s) ({where}); resolve them first"),
                {"threads": [{"id": t.id, "indicator": t.indicator} for t in still_open]},
                action=action_id,
                count=len(still_open),
                where=where,
            )
    changes = DraftChanges(state=action.to)
    if action.publishes:
        changes.publish = _published(draft, findings, _credit(store, draft))
    saved = drafts.save(draft_id, based_on, actor.name, changes, action=action_id)
    if action.publishes:
        from netfreedom.services.translations import publish_all  # translations build on drafting

        publish_all(store, saved, actor)
    _tell_who_waits(store, saved, action, workflow, actor)
    return saved, findings


def waiting_for(store: Store, draft: Draft, workflow: Workflow | None = None) -> list[str]:
    """Account names the draft's stage waits for: whoever may edit there or take one of its
    actions (``researcher``/``reviewer`` = the assigned person; a role = its holders)."""
    workflow = workflow or load_workflow(draft.workflow)
    stage = workflow.stage(draft.state)
    parties = set(stage.edit)
    for action in workflow.actions_from(stage.id):
        parties.update(action.by)
    names: list[str] = []
    if "researcher" in parties:
        names.append(draft.researcher)
    if "reviewer" in parties and draft.reviewer:
        names.append(draft.reviewer)
    roles = parties - {"researcher", "reviewer"}
    if roles:
        from netfreedom.services.accounts import AccountService

        names += [a.name for a in AccountService(store).list_users() if roles & set(a.roles)]
    return list(dict.fromkeys(names))


def _tell_who_waits(store: Store, draft: Draft, action: Action, workflow: Workflow, actor: Actor) -> None:
    from netfreedom.services.notifications import Event, notify, settings_or_none

    recipients = waiting_for(store, draft, workflow)
    if not recipients:
        return
    stage = workflow.stage(draft.state)
    event = Event(
        kind=NotificationKind.WORK_ARRIVED,
        actor=actor.name,
        cast=cast_of(draft),
        blind=is_blind_draft(draft),
        values={
            "country": draft.country_name,
            "iso3": draft.iso3,
            "edition": draft.edition,
            "action_label": action.label.get("en", action.id),
            "stage_label": stage.label.get("en", stage.id),
            "action": dict(action.label) or {"en": action.id},
            "stage": dict(stage.label) or {"en": stage.id},
        },
        link=f"/drafts/{draft.id}",
        draft_id=draft.id,
    )
    notify(store, event, recipients, settings=settings_or_none())


def _credit(store: Store, draft: Draft) -> str | None:
    """The researcher's public pseudonym (``None``: no account or no pseudonym)."""
    from netfreedom.services.accounts import AccountService

    account = AccountService(store).get(draft.researcher)
    return account.pseudonym if account is not None else None


def _published(draft: Draft, findings: list[Finding], credit: str | None) -> Assessment:
    name = f"netfreedom draft {draft.id} revision {draft.revision + 1}"
    return written_here(draft_assessment(draft), name, findings, credit)


def written_here(assessment: Assessment, file_name: str, findings: list[Finding], credit: str | None) -> Assessment:
    """``assessment`` as the report a publishing action stores: provenance of the drafting
    reader (``file_name``, SHA-256 and size of its JSON, read now, ``credit``: the researcher's
    pseudonym or ``None``) and ``findings``."""
    body = assessment.model_dump_json().encode("utf-8")
    provenance = Provenance(
        file_name=file_name,
        sha256=sha256(body).hexdigest(),
        size_bytes=len(body),
        encoding="utf-8",
        reader=DRAFTING_READER,
        reader_version=__version__,
        read_at=datetime.now(UTC),
        credit=credit,
    )
    return assessment.model_copy(update={"provenance": provenance, "findings": findings})
