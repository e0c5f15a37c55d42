"""Errors carry their message as a template plus values (``netfreedom.errors``).

The English line (``str(err)``) is what the CLI prints and the JSON API sends, unchanged; a page
in Russian shows the template translated from ``errors.po`` with the real values kept as content
(``<span translate="no">``), never the account name of the reader. A template with values that
has no translation is marked so the Russian interface tests fail on it.
"""

from __future__ import annotations

from typing import Any

from click.testing import CliRunner

from netfreedom.cli.main import cli
from netfreedom.errors import N_, NotFoundError, PermissionDeniedError
from netfreedom.web.i18n import translator
from netfreedom.web.views.service_messages import PLAIN, UNTRANSLATED_TEMPLATE, shown_value, translated_message

from .accounts_site import ACCOUNT, Site, accounts_site  # noqa: F401  (fixture)
from .interface_text import english_words, interface_text

MISSING = 987654
"""A draft id no store of these tests holds."""


def _page(site: Site, role: str, path: str) -> Any:
    return site.page_as(role, path)


def test_an_error_is_its_template_filled_with_its_values() -> None:
    error = PermissionDeniedError(N_("{account} may not {action} draft {id}"), {"stage": "review"}, account="rita",
                                  action="submit", id=7)  # fmt: skip
    assert str(error) == "rita may not submit draft 7"
    assert error.template == "{account} may not {action} draft {id}"
    assert error.values == {"account": "rita", "action": "submit", "id": 7}
    assert error.details == {"stage": "review"}
    plain = NotFoundError("nothing here")
    assert (str(plain), plain.template, plain.values) == ("nothing here", "nothing here", {})


def test_a_russian_page_shows_the_translated_template_with_the_real_values(accounts_site: Site) -> None:  # noqa: F811
    russian = _page(accounts_site, "editor", f"/drafts/{MISSING}?lang=ru")
    assert russian.status_code == 404
    assert f'Черновика <span translate="no">{MISSING}</span> нет.' in russian.text
    assert f"no draft {MISSING}" not in russian.text
    assert english_words(interface_text(russian.text)) == []
    english = _page(accounts_site, "editor", f"/drafts/{MISSING}?lang=en")
    assert f"no draft {MISSING}" in english.text


def test_a_refusal_naming_the_reader_says_you_in_russian(accounts_site: Site) -> None:  # noqa: F811
    """An error whose English names the account that acted (``account``) says "вам" instead."""
    site = accounts_site
    site.client.cookies.clear()
    token = {"Authorization": f"Bearer {site.tokens['editor']}"}
    assert site.client.post("/api/v1/editions", json={"edition": 2023}, headers=token).status_code in (201, 409)
    body = {"country": "KAZ", "edition": 2023, "researcher": ACCOUNT["researcher"]}
    made = site.client.post("/api/v1/drafts", json=body, headers=token)
    assert made.status_code == 201, made.text
    draft_id = made.json()["id"]
    page = _page(site, "reviewer", f"/drafts/{draft_id}?lang=ru")
    assert page.status_code == 403
    assert f'Черновик <span translate="no">{draft_id}</span> вам не назначен.' in page.text
    assert ACCOUNT["reviewer"] not in page.text.split('data-testid="error-message"')[1].split("</p>")[0]


def test_the_api_and_the_cli_keep_the_english_line(accounts_site: Site) -> None:  # noqa: F811
    site = accounts_site
    site.client.cookies.clear()
    answer = site.client.get(f"/api/v1/drafts/{MISSING}", headers={"Authorization": f"Bearer {site.tokens['editor']}"})
    assert answer.status_code == 404
    assert answer.json() == {"error": {"code": "not_found", "message": f"no draft {MISSING}", "status": 404}}
    command = ["draft", "new", "KAZ", "2031", "--researcher", ACCOUNT["researcher"], "--database", site.url]
    made = CliRunner().invoke(cli, command)
    assert made.exit_code == 1, made.output
    assert "Error: edition 2031 is not open for writing" in made.output


def test_an_untranslated_template_is_marked_so_the_russian_interface_tests_fail() -> None:
    """A message left in English on a Russian page fails the Russian interface tests, whether it
    is a template without Russian or a plain English line (no longer excused since session 8)."""
    words = translator("ru")
    assert translated_message("no draft 5", words, "no draft {id}", {"id": 5}) == (
        'Черновика <span translate="no">5</span> нет.',
        PLAIN,
    )
    assert translated_message("zq draft 5", words, "zq draft {id}", {"id": 5}) == (None, UNTRANSLATED_TEMPLATE)
    assert translated_message("zq plain", words, "zq plain", {}) == (None, PLAIN)
    page = f'<p>Сообщение: <span lang="en" data-untranslated="{UNTRANSLATED_TEMPLATE}">zq draft 5</span></p>'
    assert english_words(interface_text(page)) == ["zq: zq draft 5"]
    assert english_words(interface_text(page.replace(UNTRANSLATED_TEMPLATE, PLAIN))) == ["zq: zq draft 5"]


def test_a_phrase_and_a_listing_in_a_message_are_translated_part_by_part() -> None:
    """Values that are messages themselves: a refusal's reason (``Phrase``) and a list
    (``Listing``: its separator translated, a finding by its own template) in Russian; the
    English line (CLI, API) unchanged; a phrase without Russian marked so the tests fail."""
    from netfreedom.errors import Listing, Phrase
    from netfreedom.model.assessment import Severity, new_finding

    words = translator("ru")
    reason = Phrase(N_("is longer than {max_length} characters"), max_length=100)
    assert str(reason) == "is longer than 100 characters"
    shown, _ = translated_message(
        "label: is longer than 100 characters", words, "{field}: {reason}", {"field": "label", "reason": reason}
    )
    assert shown == 'Поле <span translate="no">label</span> длиннее <span translate="no">100</span> знаков.'
    names = Listing(["Marenia", "Armenia"], separator=N_(" or "))
    assert str(names) == "Marenia or Armenia"
    assert shown_value(names, words) == '<span translate="no">Marenia</span> или <span translate="no">Armenia</span>'
    template = "score moved from {old} to {new} since {edition} without a score-change note"
    finding = new_finding("score-change-note", Severity.ERROR, "A3", template, old=1, new=0, edition=2022)
    listing = Listing([finding, finding], [f"A3: {finding.message}"] * 2)
    assert str(listing) == "; ".join(["A3: score moved from 1 to 0 since 2022 without a score-change note"] * 2)
    assert shown_value(listing, words) == "; ".join(
        ["A3: балл изменился с 1 до 0 по сравнению с 2022 без пояснения к изменению"] * 2
    )
    assert 'data-untranslated="service-template"' in shown_value(Phrase("zq never translated"), words)
