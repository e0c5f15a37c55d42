"""``thread``: comment threads of a draft from the command line, acting as ``--user NAME``.

The same rules as the web and the API (:mod:`netfreedom.services.draft_threads`): the workflow
stage decides who may comment; whoever opened a thread, editors and admins resolve and reopen
it; names are shown as that account may see them (blind review).
"""

from __future__ import annotations

import click

from netfreedom.cli.errors import guard
from netfreedom.cli.output import emit, output_options
from netfreedom.cli.support import ROW_ID, database_option, open_store

LIST_COLUMNS = ("id", "about", "status", "opened_by", "stage", "comments", "last")


@click.group()
def thread() -> None:
    """Comment threads of a draft: list, open, reply, resolve, reopen.

    \b
    Example:
      netfreedom thread open KAZ 2025 "Which order closed the providers?" --indicator A3 --user vera
    """


def _user_option(function):  # type: ignore[no-untyped-def]
    return click.option("--user", "user_name", metavar="NAME", required=True, help="Account name of who acts.")(
        function
    )


@thread.command("list")
@click.argument("country")
@click.argument("year", metavar="EDITION", type=click.IntRange(2000, 2999))
@_user_option
@database_option
@output_options
@guard
def list_threads(country: str, year: int, user_name: str, database_url: str | None, output: str | None) -> None:
    """List the comment threads of COUNTRY's draft of EDITION as --user may see them.

    \b
    Example:
      netfreedom thread list KAZ 2025 --user rita --json
    """
    from netfreedom.cli.drafts import _user
    from netfreedom.model.countries import resolve_country
    from netfreedom.services.draft_access import draft_for
    from netfreedom.services.draft_threads import threads_for
    from netfreedom.store.drafts import DraftStore

    with open_store(database_url, must_exist=True) as store:
        person = _user(store, user_name)
        found = DraftStore(store).find_draft(resolve_country(country).iso3, year)
        draft = draft_for(store, found.id, person)
        threads = threads_for(store, draft, person)
    rows = [
        {
            "id": t.id,
            "about": t.indicator or "draft",
            "status": t.status.value,
            "opened_by": t.opened_by,
            "stage": t.stage,
            "comments": len(t.comments),
            "last": t.comments[-1].text if t.comments else "",
            "thread": [c.model_dump(mode="json") for c in t.comments],
        }
        for t in threads
    ]
    emit(rows, output, title=f"Threads of {draft.iso3} {draft.edition}", columns=LIST_COLUMNS, empty="no threads")


@thread.command("open")
@click.argument("country")
@click.argument("year", metavar="EDITION", type=click.IntRange(2000, 2999))
@click.argument("text")
@click.option("--indicator", help="The indicator it is about (default: the whole draft).")
@_user_option
@database_option
@guard
def open_thread(
    country: str, year: int, text: str, indicator: str | None, user_name: str, database_url: str | None
) -> None:
    """Open a comment thread on COUNTRY's draft of EDITION with TEXT as its first comment.

    \b
    Example:
      netfreedom thread open KAZ 2025 "Source for January?" --indicator A3 --user vera
    """
    from netfreedom.cli.drafts import _user
    from netfreedom.model.countries import resolve_country
    from netfreedom.services import draft_threads
    from netfreedom.store.drafts import DraftStore

    with open_store(database_url, must_exist=True) as store:
        found = DraftStore(store).find_draft(resolve_country(country).iso3, year)
        made = draft_threads.open_thread(store, found.id, _user(store, user_name), text, indicator)
    click.echo(f"thread {made.id} opened on {made.indicator or 'the draft'} of {found.iso3} {found.edition}")


@thread.command("reply")
@click.argument("thread_id", type=ROW_ID)
@click.argument("text")
@_user_option
@database_option
@guard
def reply(thread_id: int, text: str, user_name: str, database_url: str | None) -> None:
    """Reply TEXT in thread THREAD_ID.

    \b
    Example:
      netfreedom thread reply 4 "Cited as footnote 12." --user rita
    """
    from netfreedom.cli.drafts import _user
    from netfreedom.services import draft_threads

    with open_store(database_url, must_exist=True) as store:
        after = draft_threads.reply(store, thread_id, _user(store, user_name), text)
    click.echo(f"thread {after.id}: {len(after.comments)} comments, {after.status.value}")


def _settle(thread_id: int, user_name: str, database_url: str | None, resolving: bool) -> None:
    from netfreedom.cli.drafts import _user
    from netfreedom.services import draft_threads

    with open_store(database_url, must_exist=True) as store:
        person = _user(store, user_name)
        change = draft_threads.resolve if resolving else draft_threads.reopen
        after = change(store, thread_id, person)
    click.echo(f"thread {after.id}: {after.status.value}")


@thread.command("resolve")
@click.argument("thread_id", type=ROW_ID)
@_user_option
@database_option
@guard
def resolve(thread_id: int, user_name: str, database_url: str | None) -> None:
    """Resolve thread THREAD_ID (whoever opened it, editors, admins).

    \b
    Example:
      netfreedom thread resolve 4 --user vera
    """
    _settle(thread_id, user_name, database_url, resolving=True)


@thread.command("reopen")
@click.argument("thread_id", type=ROW_ID)
@_user_option
@database_option
@guard
def reopen(thread_id: int, user_name: str, database_url: str | None) -> None:
    """Reopen thread THREAD_ID (whoever opened it, editors, admins).

    \b
    Example:
      netfreedom thread reopen 4 --user vera
    """
    _settle(thread_id, user_name, database_url, resolving=False)
