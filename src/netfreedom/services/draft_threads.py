"""Comment threads on a draft or one of its indicators: open, reply, resolve, reopen.

Rules (the workflow file says who may comment in each stage):

- opening a thread and replying: whoever the draft's stage lets comment or edit;
- resolving and reopening: the person who opened the thread, or an editor or admin, and only
  in a stage where they may comment (a reviewer settles their own remarks; the researcher
  answers them but cannot close them; staff can settle any thread);
- a workflow action gated by ``threads`` is refused while any thread of the draft is open
  (:mod:`netfreedom.services.draft_workflow`).

Every change is in the audit trail (:mod:`netfreedom.store.draft_threads`), and the people in
the thread (its authors and the draft's researcher) are told (inbox, e-mail when configured),
with names as each recipient may see them. :func:`threads_for` gives the threads with every
name already as the viewer may see it (blind review: :mod:`netfreedom.services.draft_access`).
"""

from __future__ import annotations

from netfreedom.errors import N_, DraftRuleError, PermissionDeniedError
from netfreedom.model.drafting import Comment, Draft, Thread, ThreadStatus
from netfreedom.model.notifications import NotificationKind
from netfreedom.services.draft_access import Actor, cast_of, draft_for, is_blind_draft, is_manager, party_of, shown_name
from netfreedom.store import Store
from netfreedom.store.draft_threads import ThreadStore
from netfreedom.workflow import load_workflow, may_comment

__all__ = ["add_comment", "open_thread", "reply", "reopen", "resolve", "threads_for"]


TEXT_LIMIT = 20_000
"""Longest comment accepted, in characters."""


def _may_comment(draft: Draft, actor: Actor) -> None:
    if not may_comment(load_workflow(draft.workflow), draft.state, party_of(draft, actor)):
        raise PermissionDeniedError(
            N_("{account} may not comment on draft {id} in stage {stage}"),
            account=actor.name,
            id=draft.id,
            stage=draft.state,
        )


def _text(text: str) -> str:
    cleaned = text.replace("\r\n", "\n").strip()
    if not cleaned:
        raise DraftRuleError(N_("a comment needs text"))
    if len(cleaned) > TEXT_LIMIT:
        raise DraftRuleError(N_("a comment is limited to {limit} characters"), limit=TEXT_LIMIT)
    return cleaned


def open_thread(store: Store, draft_id: int, actor: Actor, text: str, indicator: str | None = None) -> Thread:
    """Open a thread on the draft (``indicator`` ``None``) or one indicator, ``text`` its first
    comment. :class:`PermissionDeniedError` when the stage does not let ``actor`` comment,
    :class:`DraftRuleError` for empty text or an indicator the draft lacks."""
    draft = draft_for(store, draft_id, actor)
    _may_comment(draft, actor)
    body = _text(text)
    if indicator is not None:
        try:
            indicator = draft.indicator(indicator).id
        except KeyError:
            raise DraftRuleError(
                N_("draft {id} has no indicator {indicator}"), id=draft_id, indicator=indicator
            ) from None
    thread = ThreadStore(store).open_thread(draft_id, indicator, actor.name, body)
    _tell(store, draft, thread, actor, "opened", body)
    return thread


def add_comment(store: Store, draft_id: int, actor: Actor, text: str, indicator: str | None = None) -> Comment:
    """A comment that opens a new thread (as :func:`open_thread`); returns the comment."""
    return open_thread(store, draft_id, actor, text, indicator).comments[0]


def _thread_and_draft(store: Store, thread_id: int, actor: Actor, draft_id: int | None) -> tuple[Thread, Draft]:
    thread = ThreadStore(store).thread(thread_id)
    if draft_id is not None and thread.draft_id != draft_id:
        from netfreedom.errors import NotFoundError

        raise NotFoundError(N_("draft {id} has no thread {thread}"), id=draft_id, thread=thread_id)
    return thread, draft_for(store, thread.draft_id, actor)


def reply(store: Store, thread_id: int, actor: Actor, text: str, *, draft_id: int | None = None) -> Thread:
    """Reply in a thread (open or resolved); same permission as commenting. ``draft_id``,
    when given, must be the thread's draft (else ``NotFoundError``)."""
    thread, draft = _thread_and_draft(store, thread_id, actor, draft_id)
    _may_comment(draft, actor)
    body = _text(text)
    after = ThreadStore(store).reply(thread.id, actor.name, body)
    _tell(store, draft, after, actor, "replied", body)
    return after


def _set_status(
    store: Store, thread_id: int, actor: Actor, status: ThreadStatus, draft_id: int | None, event: str
) -> Thread:
    thread, draft = _thread_and_draft(store, thread_id, actor, draft_id)
    if not (is_manager(actor) or actor.name == thread.opened_by):
        if event == "resolved":
            raise PermissionDeniedError(
                N_("only whoever opened thread {id}, an editor or an admin may resolve it"), id=thread_id
            )
        raise PermissionDeniedError(
            N_("only whoever opened thread {id}, an editor or an admin may reopen it"), id=thread_id
        )
    _may_comment(draft, actor)
    before = thread.status
    after = ThreadStore(store).set_status(thread.id, status, actor.name)
    if before != after.status:
        _tell(store, draft, after, actor, event, None)
    return after


def resolve(store: Store, thread_id: int, actor: Actor, *, draft_id: int | None = None) -> Thread:
    """Resolve a thread (see the module docstring for who may); resolving a resolved thread
    changes nothing."""
    return _set_status(store, thread_id, actor, ThreadStatus.RESOLVED, draft_id, "resolved")


def reopen(store: Store, thread_id: int, actor: Actor, *, draft_id: int | None = None) -> Thread:
    """Reopen a resolved thread (who may: as :func:`resolve`)."""
    return _set_status(store, thread_id, actor, ThreadStatus.OPEN, draft_id, "reopened")


def threads_for(store: Store, draft: Draft, viewer: Actor) -> list[Thread]:
    """The draft's threads as ``viewer`` may see them: every author, opener and resolver name
    passed through :func:`~netfreedom.services.draft_access.shown_name`."""

    def shown(name: str | None) -> str | None:
        return shown_name(draft, name, viewer.name)

    masked = []
    for thread in ThreadStore(store).threads(draft.id):
        comments = [c.model_copy(update={"author": shown(c.author)}) for c in thread.comments]
        masked.append(
            thread.model_copy(
                update={"opened_by": shown(thread.opened_by), "resolved_by": shown(thread.resolved_by),
                        "comments": comments}
            )
        )  # fmt: skip
    return masked


def _tell(store: Store, draft: Draft, thread: Thread, actor: Actor, what: str, note: str | None) -> None:
    """Tell the people in ``thread`` that ``actor`` did ``what`` (``opened``, ``replied``,
    ``resolved``, ``reopened``: the template ``mail_templates/thread_moved.txt`` words each)."""
    from netfreedom.services.notifications import Event, notify, settings_or_none

    recipients = [thread.opened_by, *(c.author for c in thread.comments), draft.researcher]
    event = Event(
        kind=NotificationKind.THREAD_MOVED,
        actor=actor.name,
        cast=cast_of(draft),
        blind=is_blind_draft(draft),
        values={
            "country": draft.country_name,
            "iso3": draft.iso3,
            "edition": draft.edition,
            "about": thread.indicator or "",
            "event": what,
        },
        link=f"/drafts/{draft.id}#thread-{thread.id}",
        note=note,
        draft_id=draft.id,
        indicator=thread.indicator,
        thread_id=thread.id,
    )
    notify(store, event, recipients, settings=settings_or_none())
