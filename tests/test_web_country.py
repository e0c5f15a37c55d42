"""Country pages: /country/{iso3}, /country/{iso3}/{edition}, /country/{iso3}/changes/{from}/{to}.

Most tests read the session store of ``conftest`` (KAZ 2022 in Russian from the seed report,
Exampleland "XEX" 2023 in English and Russian). Tests that need more editions build their own
store in a temporary folder: the English sample, a modified copy of it as the 2024 edition
(scores moved, paragraphs changed, removed and added, and HTML/script payloads in the
narrative), and a legacy-scale 2017 edition saved directly.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from netfreedom.methodology import load_methodology
from netfreedom.model.assessment import CategoryScore, FootnoteMarker, Scale, Status
from netfreedom.services.reports import ingest_report
from netfreedom.store import AssessmentSummary, Store
from netfreedom.text.narrative import paragraph_html
from netfreedom.web import create_app
from netfreedom.web.pages.country import choose_version
from netfreedom.web.views.charts import csp_safe_svg, history_points
from netfreedom.web.views.redline import paragraph_redline, word_diff

from .conftest import SAMPLE_REPORTS, make_assessment
from .shared_data import seed_path

SCRIPT = "<script>alert(1)</script>"
IMAGE = "<img src=x onerror=alert(1)>"


def details(page: str, indicator_id: str) -> str:
    """The ``<details class="indicator" id=...>`` element of ``indicator_id`` in ``page``."""
    start = page.index(f'<details class="indicator" id="{indicator_id}"')
    return page[start : page.index("</details>", start)]


@pytest.fixture(scope="module")
def kaz(client: Any) -> str:
    seed_path()
    response = client.get("/country/KAZ")
    assert response.status_code == 200
    return str(response.text)


# -- the seed report (KAZ 2022, Russian body) -------------------------------------------------


def test_kaz_scores_and_status(kaz: str) -> None:
    assert '<span class="total">32</span>' in kaz
    assert "Not Free" in kaz
    for score in ("10/25", "11/35", "11/40"):
        assert f'<td class="num">{score}</td>' in kaz
    previous = kaz[kaz.index('class="previous"') :]
    assert "<strong>33/100</strong>" in previous[:400]
    assert "Kazakhstan" in kaz and "Freedom on the Net 2022" in kaz
    assert "June 1, 2021" in kaz and "May 31, 2022" in kaz


def test_kaz_in_russian_interface(client: Any) -> None:
    seed_path()
    page = client.get("/country/KAZ?lang=ru").text
    assert "Несвободна" in page
    assert "Казахстан" in page
    assert "Основные меры контроля интернета" in page
    assert "1 июня 2021\u202fг." in page  # Babel joins "г." with a narrow no-break space
    topic = load_methodology().indicator("A3").topic["ru"]
    assert topic in details(page, "A3")


def test_indicators_in_methodology_order(kaz: str) -> None:
    order = re.findall(r'<details class="indicator" id="([A-Z][0-9]+)"', kaz)
    assert order == list(load_methodology().indicator_ids)


def test_a3_score_change(kaz: str) -> None:
    a3 = details(kaz, "A3")
    assert "1/6" in a3
    assert "▼ 2→1" in a3
    note = re.search(r'<p class="score-change-note">(.*?)</p>', a3, re.DOTALL)
    assert note is not None and "с 2 до 1" in note.group(1)
    assert a3.count('class="score-change-note"') == 1


def test_footnote_markers(kaz: str) -> None:
    markers = re.findall(r'<sup class="fn" id="(fnref-[0-9-]+)"><a href="#fn-(\d+)"[^>]*>(\d+)</a></sup>', kaz)
    assert [int(number) for _, _, number in markers] == list(range(1, 285))
    assert all(target == number and anchor == f"fnref-{number}" for anchor, target, number in markers)
    assert re.search(
        r'переворота<sup class="fn" id="fnref-1"><a href="#fn-1"[^>]*>1</a></sup>,', kaz
    )  # "переворота1 ,"


def test_footnote_markers_lead_to_the_sources_list_and_back(kaz: str) -> None:
    sources = kaz[kaz.index('<section id="sources"') :]
    sources = sources[: sources.index("</section>")]
    entries = re.findall(r'<li id="fn-(\d+)" value="(\d+)">(.*?)</li>', sources, re.DOTALL)
    assert [int(number) for number, _, _ in entries] == list(range(1, 285))
    ids = set(re.findall(r'\sid="([^"]+)"', kaz))
    for number, value, body in entries:
        assert value == number
        backs = re.findall(r'<a href="#(fnref-[0-9-]+)" class="fn-back"', body)
        assert backs and backs[0] == f"fnref-{number}" and set(backs) <= ids
    for target in re.findall(r'href="#(fn-\d+)"', kaz):
        assert target in ids
    assert "http" not in sources  # the seed carries no footnote text: nothing to link, nothing leaves the site


def test_cyrillic_cross_reference_links_to_indicator(kaz: str) -> None:
    c5 = details(kaz, "C5")
    link = re.search(r'<a href="#A3" class="xref"[^>]*>(.*?)</a>', c5)
    assert link is not None
    assert link.group(1) == "\u0410" + "3"  # written with a Cyrillic А
    assert 'href="#B2"' in c5


def test_key_internet_controls(kaz: str) -> None:
    sidebar = kaz[kaz.index('id="sidebar"') :]
    label = load_methodology().key_internet_controls[2].label["en"]  # connectivity_restricted
    row = sidebar[sidebar.index(label) :]
    assert row[: row.index("</tr>")].count("Yes") == 1


def test_findings_panel(kaz: str) -> None:
    panel = kaz[kaz.index('id="editor"') :]
    assert panel.count('<tr class="finding finding-') == 6
    for rule in ("sidebar-score", "lookalike-characters", "duplicate-paragraph", "mixed-script"):
        assert f"<code>{rule}</code>" in panel
    assert '<a href="#C5">C5</a>' in panel
    assert '<a href="#sidebar">sidebar</a>' in panel


def test_history_chart_is_inline_svg_without_inline_style(client: Any, kaz: str) -> None:
    chart = re.search(r'<div class="chart"[^>]*>\s*<svg', kaz)
    assert chart is not None
    assert "<style" not in kaz and "style=" not in kaz
    assert kaz.count("<script") == 1  # the site's own /static/site.js
    assert "/static/site.js" in kaz
    headers = client.get("/country/KAZ").headers
    assert "style-src 'self'" in headers["content-security-policy"]


def test_no_changes_link_with_one_edition(kaz: str) -> None:
    assert "/changes/" not in kaz


def test_internal_links_keep_language(client: Any) -> None:
    seed_path()
    page = client.get("/country/KAZ?lang=ru").text
    hrefs = [h for h in re.findall(r'href="(/[^"]*)"', page) if not h.startswith("/static/")]
    assert hrefs
    assert all("lang=" in h for h in hrefs), [h for h in hrefs if "lang=" not in h]


# -- addresses ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ("/country/kaz", "/country/KAZ"),
        ("/country/Kazakhstan?lang=ru", "/country/KAZ?lang=ru"),
        ("/country/Казахстан", "/country/KAZ"),
        ("/country/kaz/2022", "/country/KAZ/2022"),
        ("/country/xex/changes/2023/2023", "/country/XEX/changes/2023/2023"),
        # editions later one first: the one address with the earlier first (newcomer6's finding)
        ("/country/KAZ/changes/2022/2021", "/country/KAZ/changes/2021/2022"),
        ("/country/kaz/changes/2024/2023?lang=ru", "/country/KAZ/changes/2023/2024?lang=ru"),
    ],
)
def test_redirects_to_code(client: Any, path: str, target: str) -> None:
    response = client.get(path, follow_redirects=False)
    assert response.status_code == 301
    assert response.headers["location"] == target


@pytest.mark.parametrize(
    "path",
    [
        "/country/FRA",  # a real country with no stored report
        "/country/ZZZ",
        "/country/Atlantis",
        "/country/KAZ/2019",
        "/country/KAZ/latest",
        "/country/XEX/2023?version=de",
        "/country/XEX/changes/2020/2023",
        "/country/XEX/changes/2023/x",
    ],
)
def test_not_found_pages(client: Any, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "404" in response.text


def test_not_found_message_in_russian(client: Any) -> None:
    response = client.get("/country/FRA?lang=ru")
    assert response.status_code == 404
    assert "Отчётов о стране «Франция» нет." in response.text


# -- report versions (body languages) -------------------------------------------------------


def body_language(page: str) -> str:
    found = re.search(r'<div class="report-body" lang="([a-z]+)"', page)
    assert found is not None
    return found.group(1)


def test_version_follows_interface_language(client: Any) -> None:
    assert body_language(client.get("/country/XEX").text) == "en"
    assert body_language(client.get("/country/XEX?lang=ru").text) == "ru"


def test_version_switch(client: Any) -> None:
    page = client.get("/country/XEX/2023?lang=ru&version=en").text
    assert body_language(page) == "en"
    assert "Internet freedom in Exampleland declined" in page
    assert 'href="/country/XEX/2023?lang=ru&amp;version=ru"' in page
    russian = client.get("/country/XEX/2023?version=ru").text
    assert body_language(russian) == "ru"
    assert 'href="/country/XEX/2023?lang=en&amp;version=en"' in russian


def test_choose_version() -> None:
    assert choose_version(["en", "ru"], None, "ru") == "ru"
    assert choose_version(["de", "en"], None, "ru") == "en"
    assert choose_version(["ru"], None, "en") == "ru"
    assert choose_version(["en", "ru"], "en", "ru") == "en"
    with pytest.raises(Exception, match="404"):
        choose_version(["en"], "ru", "en")


# -- more editions, in a store of our own -----------------------------------------------------


def modified_sample(text: str) -> str:
    """The English sample as a 2024 edition: A3 4 → 3 (total 54), A3 text edited,
    a paragraph removed and one added, and HTML payloads in the overview and C8."""
    replacements = [
        ("Key Developments, June 1, 2022 - May 31, 2023", "Key Developments, June 1, 2023 - May 31, 2024"),
        ("Partly Free\n55\n100\n", "Partly Free\n54\n100\n"),
        ("A Obstacles to Access 15 25", "A Obstacles to Access 14 25"),
        ("56 100 Partly Free", "55 100 Partly Free"),
        (
            "restrict connectivity?\n\n4\n\nScore Change: The score declined from 5 to 4",
            "restrict connectivity?\n\n3\n\nScore Change: The score declined from 4 to 3",
        ),
        ("Connectivity returned three days later.", "Connectivity returned five days later."),
        (
            "The Law on Communications allows the SPB to suspend networks in the interest of national "
            "security without a court order, and it sets no deadline for restoring service.11\n",
            "",
        ),
        (
            "Internet freedom in Exampleland declined slightly during the coverage period.",
            f"Internet freedom in Exampleland declined slightly during the coverage period. {SCRIPT}",
        ),
        (
            "In November 2022, hackers leaked",
            f"A defaced page showed {IMAGE} to visitors.\n\nIn November 2022, hackers leaked",
        ),
        ("55 100 partly free", "54 100 partly free"),
    ]
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    return text


def legacy_edition() -> Any:
    """XEX 2017 on the legacy scale: total 40 (= 60 on the current scale)."""
    base = make_assessment(iso3="XEX", edition=2017, total=60, language="en")
    legacy = load_methodology("fotn-legacy")
    reflected = {
        key: CategoryScore(id=key, max=c.max, score=c.max - (c.score or 0)) for key, c in base.categories.items()
    }
    return base.model_copy(
        update={
            "methodology": legacy.id,
            "scale": Scale.LOWER_IS_FREER,
            "total": 40,
            "status": Status.PARTLY_FREE,
            "categories": reflected,
            "indicators": [],
        }
    )


@pytest.fixture(scope="module")
def editions_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    folder = tmp_path_factory.mktemp("editions")
    url = f"sqlite:///{folder / 'netfreedom.db'}"
    source = SAMPLE_REPORTS / "exampleland-2023-en.txt"
    changed = folder / "exampleland-2024-en.txt"
    changed.write_text(modified_sample(source.read_text(encoding="utf-8")), encoding="utf-8")
    with Store(url, migrate=True) as store:
        ingest_report(source, store)
        outcome = ingest_report(changed, store)
        assert outcome.assessment.edition == 2024
        store.save(legacy_edition())
    with TestClient(create_app(url)) as test_client:
        yield test_client


def test_payloads_render_as_text(editions_client: Any) -> None:
    page = editions_client.get("/country/XEX/2024").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<script>alert" not in page
    assert "<img" not in page
    assert page.count("<script") == 1


def test_latest_edition_and_changes_link(editions_client: Any) -> None:
    page = editions_client.get("/country/XEX").text
    assert "Freedom on the Net 2024" in page
    assert '<span class="total">54</span>' in page
    assert 'href="/country/XEX/changes/2023/2024?lang=en"' in page
    assert "▼ 4→3" in details(page, "A3")


def test_history_converts_legacy_scale(editions_client: Any) -> None:
    page = editions_client.get("/country/XEX?lang=ru").text
    table = page[page.index('class="history-table"') :]
    row = re.search(r"<th scope=\"row\">2017\*</th>\s*<td class=\"num\">(\d+)</td>", table)
    assert row is not None and row.group(1) == "60"
    assert "пересчитано с прежней шкалы" in table
    assert re.search(r'<div class="chart"[^>]*>\s*<svg', page)


def test_legacy_edition_page(editions_client: Any) -> None:
    response = editions_client.get("/country/XEX/2017")
    assert response.status_code == 200
    assert "legacy scale" in response.text
    assert response.text.count("This report has no section for this indicator.") == 21


def test_changes_page(editions_client: Any) -> None:
    response = editions_client.get("/country/XEX/changes/2023/2024")
    assert response.status_code == 200
    page = response.text
    form = page[page.index('data-testid="edition-pair-form"') :].split("</form>")[0]
    assert re.findall(r'<option value="(\d+)"( selected)?>', form) == [
        ("2024", ""),
        ("2023", " selected"),
        ("2017", ""),
        ("2024", " selected"),
        ("2023", ""),
        ("2017", ""),
    ]
    picked = editions_client.get("/country/XEX/changes?old=2024&new=2017&lang=ru", follow_redirects=False)
    assert (picked.status_code, picked.headers["location"]) == (303, "/country/XEX/changes/2017/2024?lang=ru")
    assert editions_client.get("/country/XEX/changes?old=2023&new=2023").status_code == 400
    row = re.search(r'data-indicator="A3">(.*?)</tr>', page, re.DOTALL)
    assert row is not None
    assert "4/6" in row.group(1) and "3/6" in row.group(1) and "▼ -1" in row.group(1)
    total = page[page.index('id="total"') :]
    assert "55/100" in total[:600] and "54/100" in total[:600]
    a3 = details(page, "A3")
    assert '<del class="redline">three</del>' in a3 and '<ins class="redline">five</ins>' in a3
    assert '<p class="redline-removed"><del class="redline">The Law on Communications' in a3
    assert "<sup" not in page  # markers are taken out before comparing
    c8 = details(page, "C8")
    assert '<p class="redline-added"><ins class="redline">A defaced page showed &lt;img' in c8
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in details(page, "overview")
    assert "<script>alert" not in page and "<img" not in page
    assert "text changed" not in details(page, "A1")


def test_changes_page_in_russian_with_legacy_edition(editions_client: Any) -> None:
    page = editions_client.get("/country/XEX/changes/2017/2024?lang=ru").text
    assert "выпуски по прежней шкале" in page
    total = page[page.index('id="total"') :]
    assert "60/100" in total[:600]


# -- building blocks -----------------------------------------------------------------------------


def test_paragraph_html_escapes_and_marks() -> None:
    text = "Blocked <b>sites</b>,7 see below (see B1 and С5)."
    html = str(
        paragraph_html(
            text,
            [FootnoteMarker(number=7, location="A1", paragraph=0, offset=text.index("7"))],
            {"B1": "B1: Blocking", "C5": "C5: Surveillance"},
        )
    )
    assert "&lt;b&gt;sites&lt;/b&gt;," in html
    assert '<sup class="fn">7</sup>' in html
    assert '<a href="#B1" class="xref" title="B1: Blocking"' in html
    assert re.search(r'<a href="#C5" class="xref"[^>]*>С5</a>', html)


def test_bracketed_marker_loses_its_brackets() -> None:
    text = "Blocked.[12] Next"
    marker = FootnoteMarker(number=12, location="B1", paragraph=0, offset=text.index("12"))
    assert str(paragraph_html(text, [marker])) == 'Blocked.<sup class="fn">12</sup> Next'


def test_cross_reference_with_glued_connector() -> None:
    html = str(paragraph_html("Cut off (see A3andB1).", (), {"A3": "A3", "B1": "B1"}))
    assert 'href="#A3"' in html and 'href="#B1"' in html
    assert ">A3</a>and<a" in html


def test_cross_reference_to_unknown_indicator_stays_text() -> None:
    html = str(paragraph_html("Shut down (see A3).", (), {"B1": "B1"}))
    assert "<a" not in html and "(see A3)." in html


def test_word_diff_and_redline() -> None:
    assert (
        str(word_diff("a <b> c", "a <b> d")) == 'a &lt;b&gt; <del class="redline">c</del><ins class="redline">d</ins>'
    )
    kinds = [b.kind for b in paragraph_redline(["one two three", "gone"], ["one two four", "new text entirely"])]
    assert kinds == ["changed", "removed", "added"]
    assert [b.kind for b in paragraph_redline(["x"], ["x", "y"])] == ["same", "added"]


def test_csp_safe_svg() -> None:
    svg = (
        '<svg><style>text{fill:red}</style><text style="fill: #333; font-size: 11px; '
        'background: url(x)" onclick="go()">A</text><script>bad()</script></svg>'
    )
    cleaned = csp_safe_svg(svg)
    assert cleaned == '<svg><text fill="#333" font-size="11px">A</text></svg>'


def test_history_points_one_per_edition_on_current_scale() -> None:
    def summary(edition: int, language: str, scale: Scale, total: int, a: int) -> AssessmentSummary:
        return AssessmentSummary(
            iso3="XEX",
            country_name="Exampleland",
            edition=edition,
            language=language,
            scale=scale,
            status=None,
            total=total,
            categories={"A": a},
            revision=1,
        )

    points = history_points(
        [
            summary(2018, "en", Scale.LOWER_IS_FREER, 40, 5),
            summary(2023, "en", Scale.HIGHER_IS_FREER, 55, 15),
            summary(2023, "ru", Scale.HIGHER_IS_FREER, 55, 15),
        ]
    )
    assert [(p.edition, p.total, p.categories["A"], p.converted) for p in points] == [
        (2018, 60, 20, True),
        (2023, 55, 15, False),
    ]


def test_every_interface_string_has_a_russian_translation() -> None:
    from babel.messages.pofile import read_po

    from netfreedom.model.assessment import Severity

    web = Path(__file__).resolve().parents[1] / "src" / "netfreedom" / "web"
    sources = ["templates/country.html", "templates/changes.html", "pages/country.py", "views/charts.py"]
    sources += [
        "templates/scorecard.html",
        "templates/card_changes.html",
        "templates/macros.html",
        "pages/scorecard.py",
    ]
    call = re.compile(r"""(?:\b_|gettext)\(\s*(?:"([^"]+)"|'([^']+)')""")
    used = {severity.value for severity in Severity}
    for name in sources:
        used |= {a or b for a, b in call.findall((web / name).read_text(encoding="utf-8"))}
    with (web / "locales" / "ru" / "LC_MESSAGES" / "country.po").open("rb") as stream:
        translated = {m.id for m in read_po(stream, locale="ru") if m.id and m.string and not m.fuzzy}
    assert len(used) > 50
    assert sorted(used - translated) == []
