"""The Russian interface has no English left in it.

A store holds the seed, the shipped samples (English and Russian), the shared score table and
2024 workbook, the shared evidence, and a draft with a moved score (blocking findings, a
comment). Every page of the site is requested in Russian: the public pages (every GET route,
then the same-site links they lead to) as an anonymous reader, the staff pages (drafts,
a draft, its redline, an indicator form, one's account) as each role, and the error pages
(400, 401, 403, 404, 405, a refused CSRF token). The CLI's Russian output
(``methodology --language ru``) is read too. Interface text is what :mod:`tests.interface_text`
keeps (report content is marked ``translate="no"`` in the templates); any Latin-script word
in it that is not on that module's short allowed list fails the test, naming page and text.

The catalogue test extracts every message id from the templates and the code with Babel
(``babel.cfg`` at the repository root, as ``pybabel extract -F babel.cfg`` would) and fails on
any without a Russian translation in ``web/locales/ru/LC_MESSAGES``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from click.testing import CliRunner

from netfreedom.cli.main import cli
from netfreedom.methodology import available_methodologies
from netfreedom.services import draft_threads, drafting
from netfreedom.services.accounts import AccountService
from netfreedom.services.draft_evidence import suggested_evidence
from netfreedom.services.evidence import import_evidence
from netfreedom.services.reports import ingest_report
from netfreedom.services.tables import import_score_table
from netfreedom.services.translations import start_translation
from netfreedom.store import Store

from .accounts_site import ACCOUNT, PASSWORD, ROLES
from .drafting_data import explain_moves
from .interface_text import english_words, interface_text
from .shared_data import REPO, SAMPLES, SHARED, seed_path
from .test_authorization import app_routes

ORIGIN = "http://testserver"
PAGE_LIMIT = 400
"""Public pages requested at most (routes first, then links found on them)."""
LOCALES = REPO / "src" / "netfreedom" / "web" / "locales" / "ru" / "LC_MESSAGES"


class _Editor:
    name = ACCOUNT["editor"]
    roles = frozenset({"editor"})


class _Researcher:
    name = ACCOUNT["researcher"]
    roles = frozenset({"researcher"})


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, int]]:
    from fastapi.testclient import TestClient

    from netfreedom.web import create_app

    url = f"sqlite:///{tmp_path_factory.mktemp('russian') / 'site.db'}"
    with Store(url, migrate=True) as store:
        for report in [seed_path(), *sorted(SAMPLES.glob("*.txt"))]:
            ingest_report(report, store)
        for table in ("fotn-scores.csv", "fotn-2024-country-score-data.xlsx"):
            if (SHARED / "data" / table).is_file():
                import_score_table(store, SHARED / "data" / table)
        if (SHARED / "data" / "evidence" / "raw").is_dir():
            import_evidence(store, [SHARED / "data" / "evidence" / "raw"])
        accounts = AccountService(store)
        for role in ROLES:
            accounts.add_user(ACCOUNT[role], [role], pseudonym=f"Pseudonym {role}", password=PASSWORD)
        drafting.open_edition(store, 2023, _Editor())
        draft_id = drafting.new_draft(
            store, "KAZ", 2023, _Editor(), researcher=ACCOUNT["researcher"], reviewer=ACCOUNT["reviewer"]
        ).id
        revision = drafting.draft_for(store, draft_id, _Editor()).revision
        drafting.set_indicator(store, draft_id, "A3", _Researcher(), drafting.IndicatorEdit(revision, score=0))
        drafting.add_comment(store, draft_id, _Researcher(), "Проверить источники", indicator="A3")
        if "translator" in ROLES:
            start_translation(store, draft_id, "en", _Editor(), translator=ACCOUNT["translator"])
        blind_id = _in_blind_review(store)
    with TestClient(create_app(url, page_cache=False), base_url=ORIGIN, follow_redirects=False) as client:
        client.blind_id = blind_id
        yield client, draft_id


class _Reviewer:
    name = ACCOUNT["reviewer"]
    roles = frozenset({"reviewer"})


def _in_blind_review(store: Store) -> int:
    """A KAZ 2024 draft on the FOTN workflow, walked to its blind peer review, with a thread the
    reviewer opened on A3 and the researcher's reply."""
    drafting.open_edition(store, 2024, _Editor(), workflow="fotn")
    made = drafting.new_draft(
        store, "KAZ", 2024, _Editor(), researcher=ACCOUNT["researcher"], reviewer=ACCOUNT["reviewer"]
    )
    explain_moves(store, made.id, ACCOUNT["researcher"])  # last year: the 2023 score-table row
    drafting.transition(store, made.id, "submit", _Researcher())
    drafting.transition(store, made.id, "send_to_review", _Editor())
    thread = draft_threads.open_thread(store, made.id, _Reviewer(), "Откуда цифра?", indicator="A3")
    draft_threads.reply(store, thread.id, _Researcher(), "Из доклада оператора.")
    return made.id


def _russian(path: str) -> str:
    path = re.sub(r"([?&])lang=[^&]*&?", r"\1", path.replace("&amp;", "&")).rstrip("?&")
    return path + ("&" if "?" in path else "?") + "lang=ru"


def _distinct(failures: list[str]) -> list[str]:
    """One line per distinct text left in English (the first page it is on, and how many)."""
    first: dict[str, tuple[str, int]] = {}
    for failure in failures:
        path, _, text = failure.partition(": ")
        page, count = first.get(text, (path, 0))
        first[text] = (page, count + 1)
    return [f"{page} (x{count}): {text}" for text, (page, count) in first.items()]


def _left_in(client: Any, path: str, failures: list[str], *, errors: bool = False) -> str | None:
    response = client.get(path)
    if (response.status_code >= 300 and not errors) or "html" not in response.headers.get("content-type", ""):
        return None
    failures.extend(f"{path}: {left}" for left in english_words(interface_text(response.text)))
    return str(response.text)


PUBLIC_PATHS = {
    "iso3": "KAZ",
    "country": "KAZ",
    "edition": "2022",
    "old": "2021",
    "new": "2022",
    "indicator_id": "A3",
    "file_name": "netfreedom.csv",
}


def test_every_public_page_in_russian_has_no_english_interface_text(site: tuple[Any, int]) -> None:
    client, _ = site
    client.cookies.clear()
    queue = ["/", "/country/XEX/2023", "/country/RUS", "/country/KAZ/changes/2022/2023", "/search?q=интернет",
             "/compare?countries=KAZ,RUS,XEX", "/country/KAZ/2022?version=en", "/nowhere"]  # fmt: skip
    for route in sorted(app_routes(client.app)):
        method, _, template = route.partition(" ")
        if method != "GET" or template.startswith(("/api/", "/static", "/drafts", "/account", "/login")):
            continue
        queue.append(re.sub(r"{(\w+)(?::\w+)?}", lambda m: PUBLIC_PATHS.get(m.group(1), "x"), template))
    seen: set[str] = set()
    failures: list[str] = []
    while queue and len(seen) < PAGE_LIMIT:
        path = _russian(queue.pop(0))
        if path in seen or path.startswith(("/static", "/api/", "/downloads/")) or path.endswith(".pdf"):
            continue
        seen.add(path)
        html = _left_in(client, path, failures)
        if html:
            queue += [link for link in re.findall(r'href="(/[^"#]*)', html) if not link.startswith("//")]
    assert len(seen) > 40, seen
    left = _distinct(failures)
    assert not left, f"{len(left)} texts left in English:\n" + "\n".join(left)


@pytest.mark.parametrize("role", ROLES)
def test_every_staff_page_in_russian_has_no_english_interface_text(site: tuple[Any, int], role: str) -> None:
    client, draft_id = site
    outcome = client.app.state.accounts.verify_login(ACCOUNT[role], PASSWORD, None)
    client.cookies.set("netfreedom_session", outcome.session)
    failures: list[str] = []
    paths = ["/", "/account", "/drafts", f"/drafts/{draft_id}", f"/drafts/{draft_id}/redline",
             f"/drafts/{draft_id}/indicators/A3", "/login/totp", "/editions/2023",
             "/editions/2023/consistency/A3", "/translations", f"/drafts/{draft_id}/translations/en",
             f"/drafts/{draft_id}/translations/en/parts/A3", f"/drafts/{client.blind_id}", "/editions/2024", "/inbox"]  # fmt: skip
    drawn = [path for path in paths if _left_in(client, _russian(path), failures)]
    client.cookies.clear()
    drawn += [p for p in ("/login", "/login/totp") if _left_in(client, _russian(p), failures)]
    assert "/account" in drawn and "/drafts" in drawn and "/inbox" in drawn
    left = _distinct(failures)
    assert not left, f"{len(left)} texts left in English:\n" + "\n".join(left)


def test_error_pages_in_russian_have_no_english_interface_text(site: tuple[Any, int]) -> None:
    """404, 400, 405, 401 and 403 (a role refused, a draft not assigned, a form without its CSRF
    token) as error pages: heading, message and navigation in Russian."""
    client, draft_id = site
    client.cookies.clear()
    failures: list[str] = []
    seen: dict[str, int] = {}

    def check(label: str, response: Any) -> None:
        seen[label] = response.status_code
        assert "html" in response.headers.get("content-type", ""), label
        failures.extend(f"{label}: {left}" for left in english_words(interface_text(response.text)))

    check("/nowhere", client.get(_russian("/nowhere")))
    check("/?sort=nothing", client.get(_russian("/?sort=nothing")))
    check("/country/KAZ/1800", client.get(_russian("/country/KAZ/1800")))
    check("POST /", client.post(_russian("/")))
    check("POST transitions", client.post(_russian(f"/drafts/{draft_id}/transitions"), data={"action": "submit"}))
    for role, path in (("reviewer", f"/drafts/{draft_id}/translations/en/parts/A3"), ("translator", f"/drafts/{client.blind_id}"),
                       ("reviewer", "/drafts/999999"), ("researcher", "/drafts/999999/redline")):  # fmt: skip
        outcome = client.app.state.accounts.verify_login(ACCOUNT[role], PASSWORD, None)
        client.cookies.set("netfreedom_session", outcome.session)
        check(f"{role} {path}", client.get(_russian(path)))
    check("POST without CSRF", client.post(_russian("/account/tokens"), data={"label": "x"}))
    client.cookies.clear()
    assert [label for label, status in seen.items() if status < 400] == []
    assert sorted(set(seen.values())) == [400, 401, 403, 404, 405], seen
    left = _distinct(failures)
    assert not left, f"{len(left)} texts left in English:\n" + "\n".join(left)


def test_a_refused_transition_and_a_stale_save_are_told_in_russian(site: tuple[Any, int]) -> None:
    client, draft_id = site
    outcome = client.app.state.accounts.verify_login(ACCOUNT["researcher"], PASSWORD, None)
    client.cookies.set("netfreedom_session", outcome.session)
    token = client.get("/drafts?lang=ru").text
    csrf = re.search(r'name="csrftoken" value="([^"]+)"', token)
    assert csrf
    failures: list[str] = []
    for path, form in (
        (f"/drafts/{draft_id}/transitions?lang=ru", {"action": "submit"}),
        (f"/drafts/{draft_id}/indicators/A3?lang=ru", {"score": "1", "revision": "1"}),
        (f"/drafts/{draft_id}/indicators/A3?lang=ru", {"score": "99", "revision": "999"}),
    ):
        response = client.post(path, data={**form, "csrftoken": csrf.group(1)})
        if response.status_code in (302, 303):
            response = client.get(response.headers["location"])
        assert response.status_code < 500
        failures += [f"POST {path}: {left}" for left in english_words(interface_text(response.text))]
    client.cookies.clear()
    left = _distinct(failures)
    assert not left, f"{len(left)} texts left in English:\n" + "\n".join(left)


@pytest.mark.parametrize("methodology_id", available_methodologies())
def test_cli_methodology_in_russian_has_no_english(methodology_id: str) -> None:
    result = CliRunner().invoke(
        cli, ["methodology", "--id", methodology_id, "--language", "ru"], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.output
    assert "А1" not in result.output and "A1" in result.output
    left = english_words([line.replace("│", " ").replace("┃", " ") for line in result.output.splitlines()])
    assert left == []


def _message_ids() -> dict[str, str]:
    """Every message id in the templates and the code, by Babel's extraction, with where it is."""
    with open(REPO / "babel.cfg", encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    keywords = {"_": None, "gettext": None, "N_": None, "finding": (2,), "reader_note": (2,), "new_finding": (4,)}
    found: dict[str, str] = {}
    source = REPO / "src" / "netfreedom"
    for filename, line, message, _comments, _context in extract_from_dir(
        source, method_map, options_map, keywords=keywords
    ):
        if isinstance(message, str) and message:
            found.setdefault(message, f"{filename}:{line}")
    return found


def test_every_message_id_has_a_russian_translation() -> None:
    translated: dict[str, str] = {}
    for po in sorted(LOCALES.glob("*.po")):
        with po.open("rb") as stream:
            for message in read_po(stream, locale="ru"):
                if isinstance(message.id, str) and message.string and not message.fuzzy:
                    translated[message.id] = str(message.string)
    ids = _message_ids()
    assert len(ids) > 200, len(ids)
    missing = [
        f"{where}: {message!r}"
        for message, where in sorted(ids.items(), key=lambda i: i[1])
        if message not in translated
    ]
    assert missing == [], f"{len(missing)} message ids without Russian:\n" + "\n".join(missing[:80])
    placeholders = re.compile(r"{(\w+)}")
    wrong = [
        m
        for m in ids
        if m in translated
        and set(placeholders.findall(translated[m])) | READER_ONLY != set(placeholders.findall(m)) | READER_ONLY
    ]
    assert wrong == [], "translations whose {placeholders} differ from the English:\n" + "\n".join(wrong)


READER_ONLY = {"account"}
"""Placeholders a translation may leave out: an error's ``account`` is the reader's own
account (the one that acted), which the translation says as "you"."""


def test_every_error_raised_with_values_has_a_marked_template() -> None:
    """Every ``raise SomethingError(template, name=value …)`` in the code passes its template as
    ``N_("…")``, so Babel extracts it and the test above fails when it has no Russian; an
    error with values and an unmarked template would reach a Russian page untranslated."""
    import ast

    unmarked = []
    for path in sorted((REPO / "src" / "netfreedom").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            call = node.exc if isinstance(node, ast.Raise) else node.value if isinstance(node, ast.Return) else None
            if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id.endswith("Error")):
                continue
            if call.keywords and call.args:
                first = call.args[0]
                marked = isinstance(first, ast.Call) and isinstance(first.func, ast.Name) and first.func.id == "N_"
                if not marked or not isinstance(first.args[0], ast.Constant):
                    unmarked.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert unmarked == [], 'errors raised with values whose template is not N_("…"):\n' + "\n".join(unmarked)


def test_blind_names_are_translated_and_never_the_account(site: tuple[Any, int]) -> None:
    """In the blind stage the researcher reads "Рецензент 1" and the reviewer "Исследователь",
    on the Russian draft page and dashboard, never the other's account name."""
    client, _ = site
    for role, label, hidden in (("researcher", "Рецензент 1", "reviewer"), ("reviewer", "Исследователь", "researcher")):
        outcome = client.app.state.accounts.verify_login(ACCOUNT[role], PASSWORD, None)
        client.cookies.set("netfreedom_session", outcome.session)
        for path in (f"/drafts/{client.blind_id}", "/editions/2024"):
            page = client.get(_russian(path))
            assert page.status_code == 200, (role, path)
            assert label in page.text and ACCOUNT[hidden] not in page.text, (role, path)
        client.cookies.clear()


def _signed_in(client: Any, role: str) -> str:
    """Sign ``role``'s account in on ``client`` (``anonymous``: nobody); the CSRF token of its forms."""
    if role != "anonymous":
        outcome = client.app.state.accounts.verify_login(ACCOUNT[role], PASSWORD, None)
        client.cookies.set("netfreedom_session", outcome.session)
    csrf = re.search(
        r'name="csrftoken" value="([^"]+)"',
        client.get("/login?lang=ru" if role == "anonymous" else "/drafts?lang=ru").text,
    )
    assert csrf, role
    return csrf.group(1)


def _refusals(draft_id: int, blind_id: int) -> list[tuple[str, str, str, dict[str, str] | None]]:
    """``(role, method, path, form)`` of every refusal a Russian-speaking user can meet on the
    site's forms and filters (``form`` ``None``: a GET), each a different message."""
    drafts = f"/drafts/{draft_id}"
    consistency = "/editions/2023/consistency"
    return [
        ("researcher", "POST", f"{drafts}/transitions", {"action": "submit"}),  # blocking findings
        ("researcher", "POST", f"{drafts}/transitions", {"action": "no-such-action"}),
        ("researcher", "POST", f"{drafts}/transitions", {"action": "approve"}),
        ("researcher", "POST", f"{drafts}/transitions", {"action": "submit", "revision": "999"}),
        ("researcher", "POST", f"{drafts}/indicators/A3", {"score": "99", "revision": "{revision}"}),
        ("researcher", "POST", f"{drafts}/indicators/A3", {"score": "1", "revision": "999"}),
        ("researcher", "POST", f"{drafts}/indicators/A3", {"sources": '{"a": 1}', "revision": "{revision}"}),
        ("researcher", "POST", f"{drafts}/indicators/A3", {"sources": '[{"title": 5}]', "revision": "{revision}"}),
        ("researcher", "POST", f"{drafts}/indicators/Z9", {"score": "1", "revision": "{revision}"}),
        ("researcher", "POST", f"{drafts}/indicators/A3/evidence", {"key": "no-such-item", "revision": "{revision}"}),
        ("researcher", "POST", f"{drafts}/indicators/A3/evidence", {"key": "{evidence}", "revision": "{revision}"}),
        ("researcher", "POST", f"{drafts}/threads", {"text": "", "indicator": "A3"}),
        ("researcher", "POST", f"{drafts}/threads", {"text": "Вопрос", "indicator": "Z9"}),
        ("researcher", "POST", f"/drafts/{blind_id}/threads/{{thread}}/resolve", {}),
        ("researcher", "POST", f"{drafts}/threads/999999/replies", {"text": "Ответ"}),
        ("researcher", "GET", "/drafts/abc", None),
        ("reviewer", "POST", f"/drafts/{blind_id}/transitions", {"action": "finish_review", "revision": "999"}),
        ("translator", "POST", f"{drafts}/translations/en/parts/Z9", {"text": "Текст", "revision": "1"}),
        ("translator", "POST", f"{drafts}/translations/en/parts/A3", {"text": "Текст", "revision": "999"}),
        ("translator", "POST", f"{drafts}/translations/de/parts/A3", {"text": "Текст", "revision": "1"}),
        ("translator", "POST", f"{drafts}/translations/en/up-to-date", {"part": "A3", "revision": "999"}),
        ("reviewer", "POST", f"{drafts}/translations/en/parts/A3", {"text": "Текст", "revision": "1"}),
        ("editor", "GET", "/editions/2023?region=nowhere", None),
        ("editor", "GET", "/editions/2023?stage=nowhere", None),
        ("editor", "GET", "/editions/2023?country=Narnia", None),
        ("editor", "GET", "/editions/1999", None),
        ("editor", "GET", f"{consistency}/Z9", None),
        ("editor", "GET", f"{consistency}/A3?sort=nothing", None),
        ("editor", "POST", f"{consistency}/A3/comments", {"draft_id": "999999", "text": "Текст"}),
        ("editor", "POST", f"{consistency}/A3/comments", {"draft_id": str(blind_id), "text": "Текст"}),
        ("editor", "POST", f"{consistency}/A3/comments", {"draft_id": str(draft_id), "text": ""}),
        ("editor", "POST", "/account/tokens", {"label": "x" * 101}),
        ("anonymous", "POST", "/login", {"name": ACCOUNT["editor"], "password": "not the password"}),
        ("anonymous", "POST", "/login", {"name": "x" * 65, "password": "x"}),
    ]


def test_every_refusal_a_russian_user_meets_is_in_russian(site: tuple[Any, int]) -> None:
    """Each form's refusal and each filter's 4xx, drafting, reviewing, translating and editing,
    in Russian: the refusal is told (status 400-422, never 500) and no English is left, the
    blocking-findings refusal included (its findings, each translated)."""
    client, draft_id = site
    failures: list[str] = []
    statuses: dict[str, int] = {}
    store = client.app.state.store
    evidence = [
        s.item.key for s in suggested_evidence(store, drafting.draft_for(store, draft_id, _Editor()), "A3").suggestions
    ]
    thread = draft_threads.threads_for(store, drafting.draft_for(store, client.blind_id, _Editor()), _Editor())[0].id
    for role, method, path, form in _refusals(draft_id, client.blind_id):
        csrf = _signed_in(client, role)
        revision = str(drafting.draft_for(store, draft_id, _Editor()).revision)
        fill = {"revision": revision, "evidence": evidence[0] if evidence else "", "thread": str(thread)}
        path = path.format(**fill) if "{" in path else path
        label = f"{role} {method} {path} {form}"
        if form is None:
            response = client.get(_russian(path))
        else:
            sent = {name: fill.get(value.strip("{}"), value) for name, value in form.items()}
            response = client.post(_russian(path), data={**sent, "csrftoken": csrf})
            if (
                label.endswith("/evidence {'key': '{evidence}', 'revision': '{revision}'}")
                and response.status_code == 303
            ):
                revision = str(
                    drafting.draft_for(store, draft_id, _Editor()).revision
                )  # the first citation is taken: the second is refused
                response = client.post(_russian(path), data={**sent, "revision": revision, "csrftoken": csrf})
        statuses[label] = response.status_code
        failures += [f"{label}: {left}" for left in english_words(interface_text(response.text))]
        client.cookies.clear()
    told_ok = {label: status for label, status in statuses.items() if not 400 <= status < 500}
    assert told_ok == {}, told_ok
    left = _distinct(failures)
    assert not left, f"{len(left)} texts left in English:\n" + "\n".join(left)
