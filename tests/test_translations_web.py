"""Translations through the JSON API and the translator's pages: a translation started,
edited beside its original, flagged stale when the original changes, brought up to date,
published with the original; scores refused from the translator; CSRF on every form."""

from __future__ import annotations

import re
from typing import Any

from .accounts_site import ACCOUNT, Site, accounts_site  # noqa: F401  (fixture)


def call(site: Site, role: str | None, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    headers = {"Authorization": f"Bearer {site.tokens[role]}"} if role else {}
    site.client.cookies.clear()
    return site.client.request(method, path, json=body, headers=headers)


def page(site: Site, role: str, method: str, path: str, form: dict[str, str] | None = None) -> Any:
    """A page request signed in as ``role`` (forms carry a fresh CSRF token)."""
    site.client.cookies.clear()
    data = None
    if form is not None:
        data = {**form, "csrftoken": site.csrf_token()}
    site.client.cookies.set("netfreedom_session", site.session_for(role))
    return site.client.request(method, path, data=data)


def test_a_translation_through_the_api_and_the_pages(accounts_site: Site) -> None:  # noqa: F811
    site = accounts_site
    assert call(site, "editor", "POST", "/api/v1/editions", {"edition": 2023}).status_code == 201
    body = {"country": "KAZ", "edition": 2023, "researcher": ACCOUNT["researcher"], "reviewer": ACCOUNT["reviewer"]}
    draft = call(site, "editor", "POST", "/api/v1/drafts", body).json()
    draft_id = draft["id"]
    a3 = next(i for i in draft["draft"]["indicators"] if i["id"] == "A3")
    base = f"/api/v1/drafts/{draft_id}/translations"

    start = {"language": "ru", "translator": ACCOUNT["translator"]}
    assert call(site, "translator", "POST", base, start).status_code == 403
    made = call(site, "editor", "POST", base, start)
    assert made.status_code == 201 and made.json()["language"] == "ru" and made.headers["cache-control"] == "no-store"
    assert len(made.json()["untranslated"]) == 23
    listed = call(site, "reviewer", "GET", base).json()
    assert [(t["language"], t["stale"]) for t in listed] == [("ru", [])]

    part = f"{base}/ru/parts/A3"
    refused = call(site, "translator", "PATCH", part, {"revision": 1, "score": 0, "text": "x"})
    assert refused.status_code == 403
    assert "scores are the original's" in refused.json()["error"]["message"]
    assert call(site, "researcher", "PATCH", part, {"revision": 1, "text": "x"}).status_code == 403
    saved = call(site, "translator", "PATCH", part, {"revision": 1, "text": "Мобильный доступ."})
    assert saved.status_code == 200 and saved.json()["revision"] == 2
    stale_save = call(site, "translator", "PATCH", part, {"revision": 1, "text": "Lost?"})
    assert stale_save.status_code == 409 and stale_save.json()["error"]["code"] == "stale_revision"

    shown = call(site, "translator", "GET", f"{base}/ru").json()
    a3_part = next(p for p in shown["parts"] if p["id"] == "A3")
    assert a3_part["status"] == "current" and a3_part["original"]["score"] == a3["score"]
    assert "journal" not in str(shown)

    # the original changes A3: the translation's A3 is stale, on the API and on the pages
    patch = {"score": a3["score"] - 1, "revision": 1}
    assert call(site, "researcher", "PATCH", f"/api/v1/drafts/{draft_id}/indicators/A3", patch).status_code == 200
    assert call(site, "translator", "GET", base).json()[0]["stale"] == ["A3"]
    html = page(site, "translator", "GET", f"/drafts/{draft_id}/translations/ru?lang=ru").text
    assert 'data-part="A3" data-status="stale"' in html and "отстаёт от оригинала" in html
    listing = page(site, "translator", "GET", "/translations").text
    assert f'data-testid="stale-{draft_id}-ru"' in listing and "A3" in listing
    form = page(site, "translator", "GET", f"/drafts/{draft_id}/translations/ru/parts/A3").text
    assert 'data-testid="score"' in form and 'name="score"' not in form  # the score is shown, never editable

    # a form without the CSRF token is refused; with it, A3 is brought up to date
    site.client.cookies.clear()
    site.client.cookies.set("netfreedom_session", site.session_for("translator"))
    no_token = site.client.post(f"/drafts/{draft_id}/translations/ru/up-to-date", data={"revision": "2", "part": "A3"})
    assert no_token.status_code == 403
    done = page(
        site, "translator", "POST", f"/drafts/{draft_id}/translations/ru/up-to-date", {"revision": "2", "part": "A3"}
    )
    assert done.status_code == 303
    assert call(site, "translator", "GET", base).json()[0]["stale"] == []
    edited = page(
        site,
        "translator",
        "POST",
        f"/drafts/{draft_id}/translations/ru/parts/B1",
        {"revision": "3", "text": "Блокировки.", "up_to_date": "1"},
    )
    assert edited.status_code == 303
    conflict = page(
        site, "translator", "POST", f"/drafts/{draft_id}/translations/ru/parts/B1", {"revision": "3", "text": "Lost"}
    )
    assert conflict.status_code == 409 and 'data-testid="problem"' in conflict.text

    # publishing the original publishes the Russian version with the original's scores
    note = f"The score declined from {a3['score']} to {a3['score'] - 1} because mobile access was cut."
    assert call(site, "researcher", "PATCH", f"/api/v1/drafts/{draft_id}/indicators/A3",
                {"change_note": note, "revision": 2}).status_code == 200  # fmt: skip
    assert call(site, "translator", "GET", base).json()[0]["stale"] == ["A3"]
    for action, role in (("submit", "researcher"), ("approve", "editor"), ("publish", "editor")):
        moved = call(site, role, "POST", f"/api/v1/drafts/{draft_id}/transitions", {"action": action})
        assert moved.status_code == 200, moved.text
    english = call(site, None, "GET", "/api/v1/assessments/KAZ/2023?language=en").json()
    russian = call(site, None, "GET", "/api/v1/assessments/KAZ/2023?language=ru").json()
    assert russian["language"] == "ru" and russian["total"] == english["total"] == 31
    assert next(i for i in russian["indicators"] if i["id"] == "B1")["paragraphs"] == ["Блокировки."]
    assert ACCOUNT["translator"] not in str(russian)
    assert call(site, "translator", "POST", f"{base}/ru/publish").status_code == 403
    assert call(site, "editor", "POST", f"{base}/ru/publish").status_code == 200

    # the draft page lists the translation as behind; the public page shows each language with its
    # date and the Russian version's notice (A3 changed after it was translated), none on the original
    assert 'data-testid="stale-ru"' in page(site, "editor", "GET", f"/drafts/{draft_id}").text
    site.client.cookies.clear()
    public_ru = site.client.get("/country/KAZ/2023?version=ru&lang=ru").text
    notice = public_ru.split('data-testid="translation-behind">')[1].split("</p>")[0]
    assert "Перевод отстаёт от оригинала" in notice and "A3" in notice and "B1" not in notice
    assert 'data-testid="version-date-en"' in public_ru and 'data-testid="version-date-ru"' in public_ru
    assert ACCOUNT["translator"] not in public_ru
    assert 'data-testid="translation-behind"' not in site.client.get("/country/KAZ/2023?version=en").text


def test_the_api_lists_the_translation_routes(accounts_site: Site) -> None:  # noqa: F811
    paths = accounts_site.client.get("/api/v1/openapi.json").json()["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/drafts/{draft_id}/translations"])
    assert "patch" in paths["/api/v1/drafts/{draft_id}/translations/{language}/parts/{part}"]
    assert re.search(r"translations", str(paths))
