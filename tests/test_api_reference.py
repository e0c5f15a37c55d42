"""The API reference page (``/api``) reads well in English and in Russian.

Every route's summary and parameter descriptions have a Russian translation (they are the
English texts of the OpenAPI document, message ids of ``api_reference.po``), the route
descriptions are drawn from their docstrings' reST without raw markup (no ````literal````,
no ``:func:`…```), and the Russian page leaves no English interface text (the check of
``tests/test_russian_interface.py``).
"""

from __future__ import annotations

import re
from typing import Any

from netfreedom.web.i18n import translator
from netfreedom.web.pages.apidocs import readable, reference

from .interface_text import english_words, interface_text

RAW_MARKUP = re.compile(r"``|:(?:func|class|meth|mod|data|attr|exc):`")


def test_every_summary_and_parameter_of_the_api_has_russian(client: Any) -> None:
    russian = translator("ru")
    routes = reference(client.app.openapi())
    assert len(routes) > 30
    texts = {r.summary for r in routes} | {p.description for r in routes for p in r.parameters if p.description}
    missing = sorted(t for t in texts if russian.gettext(t) == t)
    assert missing == [], "API texts without Russian (add them to api_reference.po):\n" + "\n".join(missing)
    untranslated = sorted(
        f"{r.method} {r.path}" for r in routes if r.description and russian.gettext(r.description) == r.description
    )
    assert untranslated == [], "route descriptions without Russian:\n" + "\n".join(untranslated)


def test_the_reference_shows_no_raw_markup_and_no_english_in_russian(client: Any) -> None:
    for language in ("en", "ru"):
        page = client.get(f"/api?lang={language}")
        assert page.status_code == 200
        text = " ".join(interface_text(page.text))
        assert not RAW_MARKUP.search(page.text), RAW_MARKUP.search(page.text)
        assert "data-untranslated" not in page.text
        if language == "ru":
            assert english_words(interface_text(page.text)) == []
            assert "Трёхбуквенный код ISO 3166-1, в любом регистре." in text
            assert "Полнотекстовый поиск по текстам докладов" in text
    english = client.get("/api?lang=en").text
    assert "<code>not_found</code>" in english and "ISO 3166-1 alpha-3 code, any case." in english


def test_readable_draws_literals_roles_paragraphs_and_lists() -> None:
    html = str(readable("First ``a<b`` and :func:`netfreedom.x.helper`.\n\n- one\n  more\n* two"))
    assert html == ("<p>First <code>a&lt;b</code> and <code>helper</code>.</p><ul><li>one more</li><li>two</li></ul>")
