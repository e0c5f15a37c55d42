"""Notifications: who is shown under which name, the inbox, and e-mail through a real SMTP
server started here on a loopback port (aiosmtpd)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from netfreedom.model.identity import Cast, identity_for_viewer, is_blind
from netfreedom.model.notifications import DeliveryState, NotificationKind
from netfreedom.services.accounts import AccountService
from netfreedom.services.notifications import (
    Event,
    MailSettingsError,
    SmtpSettings,
    inbox,
    mark_read,
    notify,
    render_for,
    send_pending,
    set_address,
)
from netfreedom.store import Store
from netfreedom.store.notifications import MAX_ATTEMPTS, NotificationStore

from .mail_server import free_port, local_smtp

CAST = Cast.of("amira", ["boris", "chen"])


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    """An open store holding the accounts these tests tell (the services refuse an unknown one)."""
    with Store(database_url, migrate=True) as opened:
        accounts = AccountService(opened)
        for name, role in (("amira", "researcher"), ("boris", "reviewer"), ("chen", "reviewer"), ("edith", "editor")):
            accounts.add_user(name, [role])
        yield opened


# -- identity for viewer ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actor", "viewer", "blind", "shown"),
    [
        ("boris", "amira", True, "Reviewer 1"),  # the researcher sees a reviewer by number
        ("chen", "amira", True, "Reviewer 2"),
        ("amira", "boris", True, "Researcher"),  # a reviewer sees the researcher by role
        ("chen", "boris", True, "Reviewer 2"),  # and the other reviewers by number
        ("boris", "boris", True, "boris"),  # everyone sees their own name
        ("boris", "edith", True, "boris"),  # staff see real names
        ("amira", "edith", True, "amira"),
        ("edith", "amira", True, "edith"),  # staff acting are not hidden
        ("boris", None, True, "Reviewer 1"),  # an unknown viewer never sees a hidden name
        ("boris", "amira", False, "boris"),  # outside blind stages names are shown
        ("amira", "boris", False, "amira"),
    ],
)
def test_identity_for_viewer(actor: str, viewer: str | None, blind: bool, shown: str) -> None:
    assert identity_for_viewer(actor, viewer, CAST, blind=blind) == shown


def test_blindness_outlives_the_blind_stage() -> None:
    assert is_blind(act_stage_blind=True, current_stage_blind=False)
    assert is_blind(act_stage_blind=False, current_stage_blind=True)
    assert not is_blind(act_stage_blind=False, current_stage_blind=False)
    assert Cast.of("amira", None).reviewers == ()
    assert Cast.of("amira", "boris").reviewers == ("boris",)


# -- settings -----------------------------------------------------------------------------------


def test_smtp_settings_from_the_environment() -> None:
    assert SmtpSettings.from_env({}) is None
    assert SmtpSettings.from_env({"NETFREEDOM_SMTP_HOST": "  "}) is None
    plain = SmtpSettings.from_env({"NETFREEDOM_SMTP_HOST": "127.0.0.1", "NETFREEDOM_SMTP_FROM": "nf@example.org"})
    assert plain == SmtpSettings(host="127.0.0.1", port=25, sender="nf@example.org", starttls=False)
    secured = SmtpSettings.from_env(
        {
            "NETFREEDOM_SMTP_HOST": "mail.example.org",
            "NETFREEDOM_SMTP_FROM": "nf@example.org",
            "NETFREEDOM_SMTP_USER": "nf",
            "NETFREEDOM_SMTP_PASSWORD": "pw",
        }
    )
    assert secured is not None and (secured.port, secured.starttls, secured.user) == (587, True, "nf")
    assert "pw" not in repr(secured)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"NETFREEDOM_SMTP_HOST": "mail.example.org"}, "NETFREEDOM_SMTP_FROM"),
        ({"NETFREEDOM_SMTP_HOST": "h", "NETFREEDOM_SMTP_FROM": "not an address"}, "not an e-mail address"),
        ({"NETFREEDOM_SMTP_HOST": "h", "NETFREEDOM_SMTP_FROM": "a@b.org", "NETFREEDOM_SMTP_PORT": "x"}, "port"),
        (
            {"NETFREEDOM_SMTP_HOST": "h", "NETFREEDOM_SMTP_FROM": "a@b.org", "NETFREEDOM_SMTP_STARTTLS": "maybe"},
            "STARTTLS",
        ),
        (
            {
                "NETFREEDOM_SMTP_HOST": "mail.example.org",
                "NETFREEDOM_SMTP_FROM": "a@b.org",
                "NETFREEDOM_SMTP_USER": "u",
                "NETFREEDOM_SMTP_STARTTLS": "0",
            },
            "without STARTTLS",
        ),
    ],
)
def test_bad_smtp_settings_are_one_line(env: dict[str, str], message: str) -> None:
    with pytest.raises(MailSettingsError, match=message) as caught:
        SmtpSettings.from_env(env)
    assert "\n" not in str(caught.value)


# -- rendering ----------------------------------------------------------------------------------


def _comment_event(*, blind: bool, actor: str = "boris", event: str = "replied", about: str = "A3") -> Event:
    return Event(
        kind=NotificationKind.THREAD_MOVED,
        actor=actor,
        cast=CAST,
        blind=blind,
        values={"country": "Kazakhstan", "edition": 2025, "about": about, "event": event},
        link="/drafts/7#thread-3",
        note="The blocking order in March is not in the narrative.",
        draft_id=7,
        indicator="A3",
        thread_id=3,
    )


def test_blind_text_never_carries_a_hidden_name() -> None:
    subject, body = render_for(_comment_event(blind=True), "amira")
    assert subject == "Kazakhstan 2025, A3: Reviewer 1 replied in the thread"
    assert "Reviewer 1 replied in the thread on A3 of the 2025 draft of Kazakhstan." in body
    assert "boris" not in subject + body and "chen" not in subject + body
    # the reviewer is told of the researcher's reply as "Researcher"
    subject, body = render_for(_comment_event(blind=True, actor="amira"), "boris")
    assert "Researcher" in subject and "amira" not in subject + body
    # an editor sees real names, and so does everyone outside blind stages
    assert "boris" in render_for(_comment_event(blind=True), "edith")[0]
    assert "boris" in render_for(_comment_event(blind=False), "amira")[0]


@pytest.mark.parametrize(
    ("event", "about", "sentence"),
    [
        ("opened", "A3", "boris opened a thread on A3 of the 2025 draft of Kazakhstan."),
        ("replied", "A3", "boris replied in the thread on A3 of the 2025 draft of Kazakhstan."),
        ("resolved", "", "boris resolved the thread on the 2025 draft of Kazakhstan."),
        ("reopened", "B2", "boris reopened the thread on B2 of the 2025 draft of Kazakhstan."),
    ],
)
def test_each_thread_event_reads_as_one_sentence(event: str, about: str, sentence: str) -> None:
    subject, body = render_for(_comment_event(blind=False, event=event, about=about), "amira")
    assert sentence in body.splitlines()
    assert subject.startswith(f"Kazakhstan 2025{', ' + about if about else ''}: boris {sentence.split()[1]}")
    assert "in the thread in the thread" not in body and "draft of the 2025 draft" not in body


# -- inbox and outbox ---------------------------------------------------------------------------


def test_without_smtp_the_inbox_is_filled_and_nothing_is_queued(store: Store) -> None:
    set_address(store, "amira", "amira@example.org")
    items = notify(store, _comment_event(blind=True), ["amira", "boris", "edith", "amira"], settings=None)
    # the actor is not told of their own act; a repeated recipient is told once
    assert [i.recipient for i in items] == ["amira", "edith"]
    assert NotificationStore(store).outbox() == []
    mine = inbox(store, "amira")
    assert [(n.subject, n.thread_id, n.read_at) for n in mine] == [
        ("Kazakhstan 2025, A3: Reviewer 1 replied in the thread", 3, None)
    ]
    assert "boris" in inbox(store, "edith")[0].subject
    # marking read touches only one's own items
    assert mark_read(store, "amira", [inbox(store, "edith")[0].id]) == 0
    assert mark_read(store, "amira") == 1
    assert inbox(store, "amira", unread_only=True) == []
    assert NotificationStore(store).unread_count("edith") == 1


def test_mail_arrives_at_a_real_smtp_server_without_blind_names(store: Store) -> None:
    set_address(store, "amira", "amira@example.org")
    set_address(store, "boris", "boris@example.org")
    set_address(store, "edith", "edith@example.org", email_enabled=False)
    with local_smtp() as server:
        settings = SmtpSettings(host="127.0.0.1", port=server.port, sender="netfreedom@example.org")
        notify(
            store, _comment_event(blind=True), ["amira", "edith"], settings=settings, site_url="https://nf.example.org"
        )
        notify(store, _comment_event(blind=True, actor="amira"), ["boris"], settings=settings)
        messages = server.wait_for(2)
    assert [m["To"] for m in messages] == ["amira@example.org", "boris@example.org"]
    to_researcher, to_reviewer = messages
    assert to_researcher["Subject"] == "Kazakhstan 2025, A3: Reviewer 1 replied in the thread"
    assert to_researcher["From"] == "netfreedom@example.org"
    text = to_researcher.get_content()
    assert "https://nf.example.org/drafts/7#thread-3" in text
    assert "The blocking order in March is not in the narrative." in text
    assert "boris" not in text and "boris" not in to_researcher["Subject"]
    assert to_reviewer["Subject"] == "Kazakhstan 2025, A3: Researcher replied in the thread"
    assert "amira" not in to_reviewer.get_content()
    # edith opted out of e-mail: inbox only
    assert len(inbox(store, "edith")) == 1
    assert {m.state for m in NotificationStore(store).outbox()} == {DeliveryState.SENT}


def test_a_server_that_is_down_leaves_mail_pending_until_it_is_up(store: Store) -> None:
    set_address(store, "amira", "amira@example.org")
    port = free_port()
    settings = SmtpSettings(host="127.0.0.1", port=port, sender="netfreedom@example.org")
    notify(store, _comment_event(blind=True), ["amira"], settings=settings)
    [queued] = NotificationStore(store).outbox()
    assert (queued.state, queued.attempts) == (DeliveryState.PENDING, 1)
    assert queued.last_error and "Error" in queued.last_error
    assert len(inbox(store, "amira")) == 1  # the inbox item is there all the same
    with local_smtp() as server:
        report = send_pending(store, SmtpSettings(host="127.0.0.1", port=server.port, sender="nf@example.org"))
        assert (report.sent, report.failed) == (1, ())
        assert server.wait_for(1)[0]["Subject"] == "Kazakhstan 2025, A3: Reviewer 1 replied in the thread"
    # sent once: nothing left to send
    with local_smtp() as server:
        assert send_pending(store, SmtpSettings(host="127.0.0.1", port=server.port, sender="nf@example.org")).sent == 0
    assert MAX_ATTEMPTS > 1


def test_bad_address_is_refused(store: Store) -> None:
    with pytest.raises(MailSettingsError, match="address of amira"):
        set_address(store, "amira", "amira at example")
    with pytest.raises(MailSettingsError):
        set_address(store, "amira", "a@example.org\nBcc: x@example.org")


def test_cli_inbox_address_and_send(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import json

    from click.testing import CliRunner

    from netfreedom.cli.main import cli

    url = f"sqlite:///{tmp_path / 'nf.db'}"
    with Store(url, migrate=True) as store:
        notify(store, _comment_event(blind=True), ["amira"])
    runner = CliRunner()
    nobody = runner.invoke(cli, ["notifications", "inbox", "amira", "--database", url])
    assert (nobody.exit_code, nobody.output) == (1, "Error: no account 'amira'\n")  # docs/cli.md
    assert (
        runner.invoke(
            cli, ["users", "add", "amira", "--role", "researcher", "--no-password", "--database", url]
        ).exit_code
        == 0
    )
    done = runner.invoke(cli, ["notifications", "address", "amira", "amira@example.org", "--database", url])
    assert done.exit_code == 0, done.output
    shown = runner.invoke(cli, ["notifications", "inbox", "amira", "--json", "--mark-read", "--database", url])
    assert shown.exit_code == 0, shown.output
    [item] = json.loads(shown.stdout)
    assert (item["subject"], item["read"]) == ("Kazakhstan 2025, A3: Reviewer 1 replied in the thread", False)
    again = runner.invoke(cli, ["notifications", "inbox", "amira", "--unread", "--json", "--database", url])
    assert json.loads(again.stdout) == []
    bad = runner.invoke(cli, ["notifications", "address", "amira", "nope", "--database", url])
    assert bad.exit_code == 2 and "not an e-mail address" in bad.output
    monkeypatch.delenv("NETFREEDOM_SMTP_HOST", raising=False)
    unset = runner.invoke(cli, ["notifications", "send", "--database", url])
    assert unset.exit_code == 2 and "NETFREEDOM_SMTP_HOST" in unset.output
    with Store(url) as store:  # queued while the server is down: stays pending
        down = SmtpSettings(host="127.0.0.1", port=free_port(), sender="nf@example.org")
        notify(store, _comment_event(blind=True), ["amira"], settings=down)
    with local_smtp() as server:
        monkeypatch.setenv("NETFREEDOM_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("NETFREEDOM_SMTP_PORT", str(server.port))
        monkeypatch.setenv("NETFREEDOM_SMTP_FROM", "nf@example.org")
        sent = runner.invoke(cli, ["notifications", "send", "--database", url])
        assert sent.exit_code == 0, sent.output
        assert "sent 1, failed 0" in sent.output
        assert server.wait_for(1)[0]["To"] == "amira@example.org"
