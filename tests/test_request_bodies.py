"""Hostile request bodies on every route that takes one (the writing rows of
``tests/data/authorization_matrix.yaml``): a body past 1 MiB is 413 in the error shape before
anything reads it whole, whether its length is declared or it comes in chunks; a multipart body
the CSRF check cannot parse (no boundary) is 400, never 500. Anonymous, and signed in (a
session cookie for pages, a token under ``/api/``), since the CSRF check reads a form body
itself before any route runs.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from netfreedom.web.app import MAX_REQUEST_BYTES

from .accounts_site import Site
from .test_authorization import matrix

WRITERS = [row for row in matrix() if not row["route"].startswith("GET ")]
BIG = b"x=" + b"a" * MAX_REQUEST_BYTES


def _chunks() -> Iterator[bytes]:
    for start in range(0, len(BIG), 64 * 1024):
        yield BIG[start : start + 64 * 1024]


def _send(site: Site, row: dict[str, Any], who: str, **kwargs: Any) -> Any:
    client = site.client
    method = row["route"].partition(" ")[0]
    headers = dict(kwargs.pop("headers", {}))
    client.cookies.delete("netfreedom_session")
    if who == "editor":
        if row["path"].startswith("/api/"):
            headers["Authorization"] = f"Bearer {site.tokens['editor']}"
        else:
            client.cookies.set("netfreedom_session", site.session_for("editor"))
    return client.request(method, row["path"], headers=headers, **kwargs)


def _assert_refused(response: Any, status: int, path: str) -> None:
    assert response.status_code == status, (path, response.status_code, response.text[:300])
    if path.startswith("/api/"):
        body = response.json()
        assert set(body) == {"error"} and body["error"]["status"] == status, body
    else:
        assert response.headers["content-type"].startswith("text/html")


def test_a_body_past_the_limit_is_413_on_every_writing_route(accounts_site: Site) -> None:
    assert len(WRITERS) >= 25
    form = {"content-type": "application/x-www-form-urlencoded"}
    for row in WRITERS:
        for who in ("anonymous", "editor"):
            response = _send(accounts_site, row, who, content=BIG, headers=form)
            _assert_refused(response, 413, row["path"])
            assert str(MAX_REQUEST_BYTES) in response.text


def test_a_chunked_body_past_the_limit_is_413_once_read(accounts_site: Site) -> None:
    spec = accounts_site.client.get("/api/v1/openapi.json").json()
    with_body = {
        f"{method.upper()} {path}"
        for path, ops in spec["paths"].items()
        for method, op in ops.items()
        if "requestBody" in op
    }
    read = 0
    for row in WRITERS:
        api = row["path"].startswith("/api/")
        kind = "application/json" if api else "application/x-www-form-urlencoded"
        response = _send(accounts_site, row, "editor", content=_chunks(), headers={"content-type": kind})
        if not api or row["route"] in with_body:  # the CSRF check reads every form; an API route its body
            _assert_refused(response, 413, row["path"])
            read += 1
        else:  # a route without a body never reads it: answered as it would be
            assert response.status_code < 500, (row["path"], response.text[:300])
    assert read >= 20


def test_a_multipart_body_without_a_boundary_is_never_a_500(accounts_site: Site) -> None:
    for row in WRITERS:
        for kind in ("multipart/form-data", "multipart/form-data; boundary=zz"):
            for who in ("anonymous", "editor"):
                response = _send(accounts_site, row, who, content=b"csrftoken=x", headers={"content-type": kind})
                assert response.status_code < 500, (row["path"], kind, who, response.text[:300])
                if response.status_code == 400:
                    _assert_refused(response, 400, row["path"])
