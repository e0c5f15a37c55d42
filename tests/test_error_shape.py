"""One JSON error shape with stable codes (style point 11): pinned here.

Every API error is ``{"error": {"code", "message", "status"}}`` with ``status`` equal to the
HTTP status. Decisions pinned: a bad parameter type or value is 400 ``invalid_parameter``
(never FastAPI's 422); an unknown file under ``/downloads/`` (an unsupported download
format such as ``netfreedom.parquet``) is 404 ``not_found`` in the same JSON shape, since
the URL names a file that does not exist (406 is for Accept negotiation).
"""

from __future__ import annotations

from typing import Any, get_args

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from netfreedom.web import create_app
from netfreedom.web.errors import ERROR_CODES
from netfreedom.web.pages import api, downloads
from netfreedom.web.pages.api_models import ErrorDetail

CASES = [
    # (method, path, status, code)
    ("GET", "/api/v1/no-such-route", 404, "not_found"),
    ("GET", "/api/v1/assessments/KAZ", 404, "not_found"),
    ("GET", "/api/v1/countries/ZZZ", 404, "not_found"),
    ("GET", "/api/v1/countries/Kazakhstan", 404, "not_found"),
    ("GET", "/api/v1/assessments/ZZZ/2022", 404, "not_found"),
    ("GET", "/api/v1/assessments/XEX/1999", 404, "not_found"),
    ("GET", "/api/v1/assessments/XEX/2023?language=de", 404, "not_found"),
    ("GET", "/api/v1/indicators/Z9/series", 404, "not_found"),
    ("GET", "/api/v1/indicators/A9/series", 404, "not_found"),
    ("GET", "/api/v1/assessments?edition=abc", 400, "invalid_parameter"),
    ("GET", "/api/v1/assessments/XEX/abc", 400, "invalid_parameter"),
    ("GET", "/api/v1/assessments?status=mostly_free", 400, "invalid_parameter"),
    ("GET", "/api/v1/assessments?status=", 400, "invalid_parameter"),
    ("GET", "/api/v1/assessments?language=Russian", 400, "invalid_parameter"),
    ("GET", "/api/v1/assessments?country=", 400, "invalid_parameter"),
    ("GET", "/api/v1/assessments?country=Kazakstan", 400, "invalid_parameter"),
    ("GET", "/api/v1/assessments?country=Atlantis", 400, "invalid_parameter"),
    ("GET", "/api/v1/indicators/A3/series?countries=Atlantis", 400, "invalid_parameter"),
    ("POST", "/api/v1/assessments", 405, "method_not_allowed"),
    ("PUT", "/api/v1/assessments/XEX/2023", 405, "method_not_allowed"),
    ("DELETE", "/api/v1/assessments/XEX/2023", 405, "method_not_allowed"),
    ("PATCH", "/api/v1/countries", 405, "method_not_allowed"),
    ("GET", "/downloads/netfreedom.parquet", 404, "not_found"),
    ("GET", "/downloads/netfreedom.CSV", 404, "not_found"),
]


def assert_error_shape(response: Any, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "status"}
    assert body["error"]["code"] == code
    assert body["error"]["status"] == status
    message = body["error"]["message"]
    assert isinstance(message, str) and message and "\n" not in message


@pytest.mark.parametrize(("method", "path", "status", "code"), CASES)
def test_error_shape(client: Any, method: str, path: str, status: int, code: str) -> None:
    assert_error_shape(client.request(method, path), status, code)


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/api/v1/assessments/ZZZ/2022", "country is called 'ZZZ'"),
        ("/api/v1/assessments/XEX/1999", "edition 1999 (stored editions: 2023)"),
        ("/api/v1/assessments/XEX/2023?language=de", "language 'de' (stored languages: en, ru)"),
        ("/api/v1/assessments?edition=abc", "edition:"),
        ("/api/v1/assessments?status=mostly_free", "status:"),
        ("/downloads/netfreedom.parquet", "netfreedom.csv, netfreedom.xlsx, netfreedom.json"),
    ],
)
def test_messages_say_what_is_wrong(client: Any, path: str, words: str) -> None:
    assert words in client.get(path).json()["error"]["message"]


def test_internal_error_shape(seeded_database_url: str) -> None:
    """A failing store gives 500 internal_error without leaking the exception text."""
    app = create_app(seeded_database_url)
    with TestClient(app, raise_server_exceptions=False) as client:
        app.state.store.close()  # every store call now raises StoreError
        response = client.get("/api/v1/countries")
    assert_error_shape(response, 500, "internal_error")
    assert response.json()["error"]["message"] == "internal error"


def test_codes_are_stable() -> None:
    """The codes clients may see: renaming or adding one must be a deliberate change here."""
    expected = {"not_found", "invalid_parameter", "method_not_allowed", "unsupported_format", "internal_error"}
    assert set(ERROR_CODES.values()) == expected
    assert set(get_args(ErrorDetail.model_fields["code"].annotation)) == expected


def test_no_write_endpoints(client: Any) -> None:
    """The public site is read-only: every API and download route answers GET only; the only
    writing operations of the API document are the drafting and translation APIs' (all behind credentials)."""
    routes = [r for module in (api, downloads) for r in module.router.routes if isinstance(r, APIRoute)]
    assert len(routes) >= 8
    for route in routes:
        assert route.methods is not None and route.methods <= {"GET", "HEAD"}, (route.path, route.methods)
    spec = client.get("/api/v1/openapi.json").json()
    from netfreedom.web.pages import api_dashboard, api_drafts, api_threads, api_translations

    writers = {
        f"/api/v1{r.path}"
        for module in (
            api_drafts,
            api_dashboard,
            api_threads,
            api_translations,
        )  # drafting, evidence, threads, translating
        for r in module.router.routes
        if isinstance(r, APIRoute) and r.methods - {"GET"}
    }
    for path, operations in spec["paths"].items():
        assert set(operations) <= {"get"} or path in writers, (path, operations)


def test_html_pages_keep_html_errors(client: Any) -> None:
    """Outside /api/ and the download files, an unknown page is an HTML page, not JSON."""
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
