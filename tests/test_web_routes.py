"""Nothing stored can make any page answer 500, and every link the site makes stays on it.

A store is filled with every fixture we have (layouts, inputs, samples, the seed, the shared
excerpts), a score table, and odd assessments written straight into the store the way an older
version could have stored them (an unknown methodology, a formula or markup as a country
name, extreme editions and scores, empty reports). Then every route of the app, enumerated
from ``app.routes``, is requested with sample and hostile parameters, and every same-site
link found on the pages is followed: no answer is a 5xx, and no link, redirect or form
leaves the site.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from fastapi.testclient import TestClient

from netfreedom.model.assessment import Country
from netfreedom.store import Store
from netfreedom.web import create_app

from .breaking import SCORE_ROWS, run_cli, small_workbook
from .conftest import make_assessment
from .shared_data import REPO, SAMPLES, SHARED

ORIGIN = "http://testserver"

SAMPLE_VALUES: dict[str, list[str]] = {
    "iso3": ["KAZ", "XEX", "kaz", "ZZZ", "Kazakhstan", "%00", "..%2F..", "X" * 300],
    "country": ["KAZ", "XEX", "QQQ", "Kazakstan", "%3Cscript%3E", "%E2%80%AE"],
    "edition": ["2022", "2023", "1900", "0", "-1", "99999999999999999999", "abc"],
    "old": ["2021", "2022", "0", "abc"],
    "new": ["2022", "2023", "99999", "x"],
    "indicator_id": ["A1", "C8", "Z9", "a1", "%00"],
    "file_name": ["assessments.csv", "assessments.xlsx", "assessments.json", "netfreedom-data.zip", "..%2Fetc", "x"],
}
"""Path parameter values by name; a name not listed gets ``x``."""

QUERY_VALUES = ["", "?lang=ru", "?lang=xx", "?version=ru", "?version=%3Cb%3E", "?edition=abc", "?countries=KAZ,XEX,ZZZ",
                "?q=%00%22%3C&page=999999", "?sort=%27&order=up&status=odd", "?limit=-1&offset=99999999999",
                "?language=zz&country=QQQ"]  # fmt: skip


def _odd_assessments() -> Iterator[Any]:
    """Assessments a store may hold from older versions or direct writes: each odd in one way."""
    yield make_assessment(iso3="XEX", edition=2019).model_copy(update={"methodology": "2022"})
    yield make_assessment(iso3="XEX", edition=2020, country_name=' =HYPERLINK("http://evil.example","x")')
    yield make_assessment(iso3="XEX", edition=2021, country_name="<script>alert(1)</script>\u202e")
    yield make_assessment(iso3="QQQ", edition=2022, country_name="Nowhere")
    yield make_assessment(iso3="XEX", edition=2001).model_copy(update={"total": 250, "status": None, "edition": 1})
    yield make_assessment(iso3="XEX", edition=9999).model_copy(update={"indicators": [], "categories": {}})
    yield make_assessment(iso3="KAZ", edition=2009, language="zz").model_copy(
        update={"overview": ["//evil.example/x", "[link](//evil.example)", "<a href='//evil.example'>x</a>"]}
    )
    yield make_assessment(iso3="KAZ", edition=2010).model_copy(update={"total": None, "status": None})
    odd_country = Country(name="", iso3="XEX")
    yield make_assessment(iso3="XEX", edition=2011).model_copy(update={"country": odd_country, "language": "ru"})


def _fixture_files() -> list[Path]:
    files = sorted((REPO / "tests" / "fixtures").rglob("*.*"))
    files += sorted(SAMPLES.glob("*.txt"))
    files += sorted((SHARED / "seeds").glob("*.txt"))
    files += sorted((SHARED / "real" / "excerpts").glob("*.txt"))[:40]
    return [f for f in files if f.suffix in {".txt", ".html", ".htm", ".json", ".csv", ".pdf"}]


@pytest.fixture(scope="module")
def odd_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    folder = tmp_path_factory.mktemp("odd-store")
    (folder / "scores.xlsx").write_bytes(small_workbook(SCORE_ROWS))
    run_cli("ingest", "--database", "odd.db", *_fixture_files(), folder / "scores.xlsx", cwd=folder, timeout=600)
    url = f"sqlite:///{folder / 'odd.db'}"
    with Store(url, migrate=True) as store:
        for assessment in _odd_assessments():
            store.save(assessment)
    with TestClient(create_app(url, page_cache=False), base_url=ORIGIN) as client:
        yield client


def _routes(routes: list[Any]) -> Iterator[tuple[str, frozenset[str]]]:
    """``(path template, methods)`` of every route, also inside included routers and mounts."""
    for route in routes:
        contexts = getattr(route, "effective_route_contexts", None)
        if contexts is not None:
            yield from _routes(list(contexts() if callable(contexts) else contexts))
            continue
        inner = getattr(route, "routes", None)
        if inner is not None and not hasattr(route, "methods"):
            prefix = getattr(route, "path", "")
            yield from ((prefix + path, methods) for path, methods in _routes(list(inner)))
            continue
        path = getattr(route, "path", None)
        if path:
            yield path, frozenset(getattr(route, "methods", None) or {"GET"})


def _paths(template: str) -> list[str]:
    names = re.findall(r"{(\w+)(?::\w+)?}", template)
    if not names:
        return [template]
    width = max(len(SAMPLE_VALUES.get(name, ["x"])) for name in names)
    paths = []
    for index in range(width):
        path = template
        for name in names:
            values = SAMPLE_VALUES.get(name, ["x"])
            path = re.sub(r"{" + name + r"(?::\w+)?}", values[index % len(values)], path)
        paths.append(path)
    return paths


def _links(body: str) -> list[str]:
    return re.findall(r"""(?:href|src|action|formaction|content)\s*=\s*["']([^"']*)["']""", body)


def _off_site(link: str, page: str) -> bool:
    """True when ``link`` on ``page`` leads to another origin (a scheme-relative ``//host``,
    another host, a backslash trick)."""
    link = link.strip()
    if link.startswith(("#", "data:image/", "mailto:")) or not link:
        return False
    if link.startswith(("javascript:", "vbscript:")):
        return True
    if "\\" in link.split("?")[0]:
        return True
    target = urlsplit(urljoin(page, link))
    if target.scheme in ("http", "https") and target.netloc == urlsplit(ORIGIN).netloc:
        return False
    return bool(target.netloc) or target.scheme not in ("", "http", "https")


EXTERNAL_ALLOWED = re.compile(r"^https://(?:freedomhouse\.org|www\.freedomhouse\.org)/")
"""Links to the publisher of the reports, which pages cite on purpose (source links)."""


def test_no_route_answers_500_and_no_link_leaves_the_site(odd_client: TestClient) -> None:
    templates = sorted(set(_routes(odd_client.app.routes)))  # type: ignore[attr-defined]
    assert len(templates) >= 15, templates
    queue: list[str] = []
    for template, methods in templates:
        if template.startswith("/static"):
            queue.append("/static/style.css")
            continue
        for number, path in enumerate(_paths(template)):
            for query in QUERY_VALUES if number == 0 else QUERY_VALUES[:2]:
                queue.append(path + query)
        for method in methods - {"GET", "HEAD"}:
            assert odd_client.request(method, _paths(template)[0]).status_code < 500
    queue += ["//evil.example/country/KAZ", "//evil.example/", "/\\evil.example/", "///evil.example/country/XEX",
              "/country/KAZ/", "//evil.example/downloads/", "/%2F%2Fevil.example/"]  # fmt: skip
    seen: set[str] = set()
    failures: list[str] = []
    followed = 0
    answered: dict[int, int] = {}
    while queue and len(seen) < 2500:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = odd_client.get(ORIGIN + url, follow_redirects=False, headers={"Accept-Language": "ru,en;q=0.5"})
        answered[response.status_code // 100] = answered.get(response.status_code // 100, 0) + 1
        if response.status_code >= 500:
            failures.append(f"{url} -> {response.status_code}")
            continue
        page = urljoin(ORIGIN, url) if not url.startswith("//") else ORIGIN + "/" + url.lstrip("/")
        location = response.headers.get("location")
        if location and _off_site(location, page):
            failures.append(f"{url} redirects off the site to {location}")
        if "html" not in response.headers.get("content-type", ""):
            continue
        for link in _links(response.text):
            if _off_site(link, page) and not EXTERNAL_ALLOWED.match(link):
                failures.append(f"{url} links off the site: {link}")
            elif link.startswith("/") and not link.startswith("//") and followed < 300:
                followed += 1
                queue.append(link.replace("&amp;", "&"))
    assert not failures, "\n".join(failures[:40])
    assert answered.get(2, 0) > 100, answered  # the pages were really drawn, not only refused
