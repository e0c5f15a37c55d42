"""The site under hostile or unusual requests: out-of-range numbers, HEAD, caches, formulas."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

from fastapi.testclient import TestClient

from netfreedom.services.reports import ingest_report
from netfreedom.store import Store
from netfreedom.web import create_app
from netfreedom.web.security import CONTENT_SECURITY_POLICY

from .shared_data import SAMPLES


def test_numbers_out_of_range_are_400_with_security_headers(client: TestClient) -> None:
    for url in (
        "/api/v1/assessments/KAZ/9223372036854775808",
        "/api/v1/assessments?edition=99999999999999999999",
        "/api/v1/search?q=internet&offset=99999999999999999999",
    ):
        response = client.get(url)
        assert response.status_code in (400, 404), url
        assert response.json()["error"]["code"] in ("invalid_parameter", "not_found")
        assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    for url in ("/?edition=%C2%B2", "/compare?countries=KAZ&edition=%C2%B2", "/?edition=" + "9" * 5000):
        response = client.get(url)
        assert response.status_code == 400, url
        assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY


def test_head_is_answered_wherever_get_is(client: TestClient) -> None:
    for url in ("/", "/country/KAZ/2022", "/api/v1/countries", "/downloads/netfreedom.csv"):
        got = client.get(url)
        head = client.head(url)
        assert head.status_code == 200, url
        assert head.content == b""
        assert head.headers["content-type"] == got.headers["content-type"]


def test_language_is_in_vary_and_304s_keep_the_headers(client: TestClient) -> None:
    page = client.get("/methodology", headers={"accept-language": "ru"})
    assert "Accept-Language" in page.headers["vary"]
    etag = page.headers["etag"]
    for header in (etag, f'W/"other", {etag}', "*", etag.removeprefix("W/")):
        again = client.get("/methodology", headers={"accept-language": "ru", "if-none-match": header})
        assert again.status_code == 304, header
        assert again.headers["content-security-policy"] == CONTENT_SECURITY_POLICY


def test_html_pages_are_not_in_the_api_document(client: TestClient) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert all(path.startswith("/api/v1/") or path.startswith("/downloads") for path in paths), sorted(paths)
    assert "422" not in paths["/api/v1/search"]["get"]["responses"]


def test_a_formula_in_a_file_name_is_inert_in_spreadsheets(tmp_path: Path) -> None:
    hostile = tmp_path / '=HYPERLINK("http:__evil","x")+cmd.txt'
    shutil.copy(SAMPLES / "exampleland-2023-en.txt", hostile)
    url = f"sqlite:///{tmp_path / 'formula.db'}"
    with Store(url, migrate=True) as store:
        ingest_report(hostile, store)
    client = TestClient(create_app(url))
    rows = list(csv.DictReader(io.StringIO(client.get("/downloads/netfreedom.csv").text)))
    assert rows[0]["source_file"].startswith("'=HYPERLINK")
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(client.get("/downloads/netfreedom.xlsx").content))
    cells = [c for row in book.active.iter_rows() for c in row]
    assert not any(c.data_type == "f" for c in cells)


def test_series_api_spans_both_scale_eras_after_a_score_table(tmp_path: Path) -> None:
    from netfreedom.services.tables import import_score_table

    from .shared_data import SHARED, seed_path

    url = f"sqlite:///{tmp_path / 'series.db'}"
    with Store(url, migrate=True) as store:
        ingest_report(seed_path(), store)
        import_score_table(store, SHARED / "data" / "fotn-scores.csv")
    client = TestClient(create_app(url))
    points = client.get("/api/v1/countries/KAZ/series").json()
    by_edition = {p["edition"]: p for p in points}
    assert by_edition[2022]["total"]["current_value"] == 32
    assert by_edition[2022]["total"]["source_kind"] == "report"
    legacy = [p for p in points if p["total"]["published_scale"] == "lower_is_freer"]
    assert legacy and all(p["total"]["current_value"] == 100 - p["total"]["published_value"] for p in legacy)
    assert client.get("/api/v1/countries/ZZZ/series").json()["error"]["code"] == "not_found"
