"""Every parameter of every ``/api/v1`` route answers a wrong value with the one error shape,
never with ``200 []`` (issue 8: unknown names in any parameter get the error shape).

Three kinds, each over every route that has the parameter (read from the API document, so a
new route is covered without editing this file):

* any query parameter given twice (``?country=KAZ&country=RUS`` answered for RUS only): 400
  ``invalid_parameter`` naming it, on every route, public or not;
* an ``edition`` in which no edition was published (2010, before the 2009 pilot, after next
  year): 400 naming why; a published edition still answers;
* a ``language`` that is no language code (``zz``): 400; a real language of which nothing is
  stored (``fr``) still answers (an empty list, or 404 naming the stored languages).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from .test_error_shape import assert_error_shape

PATH_VALUES = {"iso3": "XEX", "edition": "2023", "indicator_id": "A3", "indicator": "A3", "draft_id": "1",
               "thread_id": "1", "language": "ru", "part": "A3"}  # fmt: skip
"""A value for each path parameter (the sample country Exampleland, its 2023 edition)."""

QUERY_VALUES = {"q": "internet", "countries": "XEX", "country": "XEX", "edition": "2023", "language": "en",
                "status": "free", "limit": "5", "offset": "0"}  # fmt: skip


def _operations(client: Any) -> list[tuple[str, str, list[str]]]:
    """(method, path, query parameter names) of every operation of the API document."""
    spec = client.get("/api/v1/openapi.json").json()
    return [
        (method.upper(), path, [p["name"] for p in op.get("parameters", []) if p["in"] == "query"])
        for path, operations in spec["paths"].items()
        for method, op in operations.items()
    ]


def _url(path: str, query: str) -> str:
    for name, value in PATH_VALUES.items():
        path = path.replace("{" + name + "}", value)
    return f"{path}?{query}" if query else path


def _public_gets(client: Any) -> list[tuple[str, list[str]]]:
    """(path, query names) of the GET operations an anonymous reader may call (not 401)."""
    return [
        (path, names)
        for method, path, names in _operations(client)
        if method == "GET" and client.get(_url(path, "")).status_code != 401
    ]


def test_every_api_route_refuses_a_repeated_parameter(client: Any) -> None:
    operations = _operations(client)
    assert len(operations) > 25
    for method, path, _ in operations:  # every route, writing and signed-in ones too: refused first
        response = client.request(method, _url(path, "probe=1&probe=2"), json={} if method != "GET" else None)
        assert_error_shape(response, 400, "invalid_parameter")
        assert "'probe'" in response.json()["error"]["message"], (method, path)
    tried = 0
    for path, names in _public_gets(client):
        for name in names:
            value = QUERY_VALUES.get(name, "1")
            response = client.get(_url(path, f"{name}={value}&{name}={value}"))
            assert_error_shape(response, 400, "invalid_parameter")
            assert f"'{name}'" in response.json()["error"]["message"], (path, name)
            tried += 1
    assert tried >= 10
    rows = client.get("/api/v1/assessments?country=XEX,KAZ").json()  # a list is one parameter, comma-separated
    assert {row["iso3"] for row in rows} >= {"XEX"} and all(row["iso3"] in {"XEX", "KAZ"} for row in rows)


def test_an_edition_never_published_is_an_error(client: Any) -> None:
    later = datetime.now(UTC).year + 2
    routes = [path for path, names in _public_gets(client) if "edition" in names]
    assert set(routes) >= {"/api/v1/assessments", "/api/v1/search"}
    for route in routes:
        base = "q=internet&" if route.endswith("/search") else ""
        for year, words in ((2010, "no 2010 edition"), (2008, "before the first edition"), (later, "future")):
            response = client.get(_url(route, f"{base}edition={year}"))
            assert_error_shape(response, 400, "invalid_parameter")
            assert words in response.json()["error"]["message"], (route, year)
        assert client.get(_url(route, f"{base}edition=2023")).status_code == 200, route


def test_a_code_that_is_no_language_is_an_error(client: Any) -> None:
    routes = [path for path, names in _public_gets(client) if "language" in names]
    assert len(routes) >= 4, routes
    for route in routes:
        base = "q=internet&" if route.endswith("/search") else ""
        for code in ("zz", "qqq"):
            response = client.get(_url(route, f"{base}language={code}"))
            assert_error_shape(response, 400, "invalid_parameter")
            assert f"'{code}' is not a language code" in response.json()["error"]["message"], route
        assert client.get(_url(route, f"{base}language=fr")).status_code in (200, 404), route
