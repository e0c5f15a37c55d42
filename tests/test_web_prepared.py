"""The country page put together from parts prepared once per report revision and interface
language (web/views/prepared.py, table report_page_parts): the parts are kept at the first
view, drawn again when the report is stored anew or the drawing changes, never written to a
read-only store; the gzip answer (stored deflate pieces plus the drawn head and tail) decodes
to the same page as the plain one; and what the page shows beside the report (evidence,
translations, other sources) is read on every request, so it is never stale."""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from netfreedom.store import PageParts, Store
from netfreedom.web import create_app
from netfreedom.web.views import prepared
from netfreedom.web.views.prepared import gzip_page, plain_page

from .conftest import make_assessment


def _parts_rows(url: str) -> list[tuple[str, int, str]]:
    engine = create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(text("select part, revision, format from report_page_parts order by part")).all()
    engine.dispose()
    return [tuple(row) for row in rows]  # type: ignore[misc]


def _get(client: TestClient, path: str, encoding: str) -> httpx.Response:
    return client.get(path, headers={"accept-encoding": encoding})


@pytest.fixture
def stored(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'netfreedom.db'}"
    with Store(url, migrate=True) as store:
        store.save(make_assessment(iso3="KAZ", edition=2022, total=32))
    return url


def test_parts_are_kept_at_the_first_view_and_the_gzip_page_is_the_plain_page(stored: str) -> None:
    assert _parts_rows(stored) == []
    with TestClient(create_app(stored, page_cache=False)) as client:
        zipped = _get(client, "/country/KAZ/2022?lang=en", "gzip")
        assert _parts_rows(stored) == [("page-en", 1, prepared.build_format())]
        plain = _get(client, "/country/KAZ/2022?lang=en", "identity")
        russian = _get(client, "/country/KAZ/2022?lang=ru", "gzip")
    assert zipped.headers["content-encoding"] == "gzip" and "accept-encoding" in zipped.headers["vary"].lower()
    assert "content-encoding" not in plain.headers
    assert zipped.content == plain.content  # httpx decoded the gzip member
    assert '<span class="total">32</span>' in plain.text and 'id="A3"' in plain.text
    assert "<h2>Основные меры контроля интернета</h2>" in russian.text  # the Russian body, drawn for its own language
    assert [row[0] for row in _parts_rows(stored)] == ["page-en", "page-ru"]


def test_a_report_stored_anew_gets_its_parts_drawn_again(stored: str) -> None:
    with TestClient(create_app(stored, page_cache=False)) as client:
        assert '<span class="total">32</span>' in client.get("/country/KAZ/2022?lang=en").text
        with Store(stored) as store:
            assert store.save(make_assessment(iso3="KAZ", edition=2022, total=40)).action == "replaced"
        assert _parts_rows(stored) == []  # saving dropped the old revision's parts
        page = client.get("/country/KAZ/2022?lang=en").text
    assert '<span class="total">40</span>' in page and "Stored revisions: 2" in page
    assert _parts_rows(stored) == [("page-en", 2, prepared.build_format())]


def test_parts_of_another_drawing_are_drawn_again(stored: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with TestClient(create_app(stored, page_cache=False)) as client:
        first = client.get("/country/KAZ/2022?lang=en").text
        monkeypatch.setattr("netfreedom.web.pages.country.build_format", lambda: "p0-another-drawing")
        again = client.get("/country/KAZ/2022?lang=en").text
    assert again == first
    assert _parts_rows(stored) == [("page-en", 1, "p0-another-drawing")]


def test_a_read_only_store_serves_parts_drawn_in_memory(stored: str) -> None:
    database = stored.removeprefix("sqlite:///")
    with TestClient(create_app(f"sqlite:///file:{database}?mode=ro&uri=true", page_cache=False)) as client:
        page = client.get("/country/KAZ/2022?lang=en")
    assert page.status_code == 200 and '<span class="total">32</span>' in page.text
    assert _parts_rows(stored) == []


def test_the_gzip_member_joins_stored_and_drawn_pieces() -> None:
    body = ["<main>first piece ", " second piece ", " last piece</main>"]
    texts = [piece.encode() for piece in body]
    whole = b"".join(texts)

    def deflated(data: bytes) -> bytes:
        compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
        return compressor.compress(data) + compressor.flush(zlib.Z_SYNC_FLUSH)

    segments = [deflated(whole)] + [deflated(t) for t in texts]
    parts = PageParts(
        facts={},
        pieces=[[len(whole), len(segments[0])]] + [[len(t), len(s)] for t, s in zip(texts, segments[1:], strict=True)],
        slots=["A3", "B1"],
        html=whole,
        deflate=b"".join(segments),
    )
    head, tail = "<html><body>", "</body></html>\n" * 50
    for fills in ({}, {"B1": "<div>evidence of B1 – ünïcode</div>"}, {"A3": "<p>a</p>", "B1": "<p>b</p>"}):
        member = gzip_page(head, parts, fills, tail, 4)
        assert gzip.decompress(member) == plain_page(head, parts, fills, tail)
    assert plain_page(head, parts, {"B1": "<i>x</i>"}, tail) == (
        b"<html><body><main>first piece  second piece <i>x</i> last piece</main>" + tail.encode()
    )


def test_the_json_answer_is_prepared_once_and_its_findings_are_worked_out_per_request(tmp_path: Path) -> None:
    from netfreedom.services.reports import with_current_findings
    from netfreedom.services.tables import import_score_table
    from netfreedom.web.views.prepared import json_bytes

    url = f"sqlite:///{tmp_path / 'json.db'}"
    with Store(url, migrate=True) as store:
        store.save(make_assessment(iso3="KAZ", edition=2022, total=32))
    path = "/api/v1/assessments/KAZ/2022"
    with TestClient(create_app(url, page_cache=False)) as client:
        zipped, plain = _get(client, path, "gzip"), _get(client, path, "identity")
        assert zipped.headers["content-encoding"] == "gzip" and zipped.content == plain.content
        with Store(url) as store:
            expected = with_current_findings(store, store.get("KAZ", 2022))  # type: ignore[arg-type]
            assert plain.content == json_bytes(expected.model_dump(mode="json"))  # byte for byte as before
            assert not any(f.rule == "cross-source" for f in expected.findings)
        assert [row[0] for row in _parts_rows(url)] == ["json"]
        table = tmp_path / "scores.csv"  # another source disagrees: the answer shows it at once
        table.write_text("country,edition,total,status\nKazakhstan,2022,45,PF\n")
        with Store(url) as store:
            import_score_table(store, table)
            expected = with_current_findings(store, store.get("KAZ", 2022))  # type: ignore[arg-type]
        assert any(f.rule == "cross-source" for f in expected.findings)
        again = _get(client, path, "gzip")
    assert again.content == json_bytes(expected.model_dump(mode="json"))
    assert _parts_rows(url)[0][1] == 1  # the same prepared part served both answers
