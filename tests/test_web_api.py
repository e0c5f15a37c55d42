"""The JSON API (/api/v1) and the downloads on the seeded store, with exact values.

The seeded store holds KAZ 2022 (Russian body, the real seed report; skipped when ../shared
is absent) and XEX 2023 (the sample report, English and Russian).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from netfreedom.cli.main import cli
from netfreedom.export import columns
from netfreedom.methodology import LEGACY, Scale, load_methodology
from netfreedom.model.assessment import Assessment
from netfreedom.store import AssessmentSummary, Store
from netfreedom.store.tables import AssessmentRow
from netfreedom.web import create_app

from .conftest import make_assessment
from .shared_data import seed_path

KAZ_COUNTRY = {
    "iso3": "KAZ",
    "country_name": "Kazakhstan",
    "country_name_ru": "Казахстан",
    "editions": [2022],
    "languages": ["ru"],
    "latest_edition": 2022,
    "latest_scale": "higher_is_freer",
    "latest_status": "not_free",
    "latest_total": 32,
    "region": "eurasia",
    "report_editions": [2022],
    "latest_current_total": 32,
    "latest_rank": 1,
    "latest_change": -1,
    "latest_source_kind": "report",
    "latest_partial": False,
    "latest_missing": [],
}
XEX_COUNTRY = {
    "iso3": "XEX",
    "country_name": "Exampleland",
    "country_name_ru": "Экзампленд",
    "editions": [2023],
    "languages": ["en", "ru"],
    "latest_edition": 2023,
    "latest_scale": "higher_is_freer",
    "latest_status": "partly_free",
    "latest_total": 55,
    "region": None,
    "report_editions": [2023],
    "latest_current_total": 55,
    "latest_rank": 1,
    "latest_change": -1,
    "latest_source_kind": "report",
    "latest_partial": False,
    "latest_missing": [],
}
KAZ_SUMMARY = {
    "iso3": "KAZ",
    "country_name": "Kazakhstan",
    "edition": 2022,
    "language": "ru",
    "scale": "higher_is_freer",
    "status": "not_free",
    "total": 32,
    "categories": {"A": 10, "B": 11, "C": 11},
    "revision": 1,
    "source_kind": "report",
    "partial": False,
    "missing": [],
}
XEX_SUMMARY = {
    "iso3": "XEX",
    "country_name": "Exampleland",
    "edition": 2023,
    "language": "en",
    "scale": "higher_is_freer",
    "status": "partly_free",
    "total": 55,
    "categories": {"A": 15, "B": 22, "C": 18},
    "revision": 1,
    "source_kind": "report",
    "partial": False,
    "missing": [],
}
XEX_SUMMARY_RU = {**XEX_SUMMARY, "language": "ru"}


def get_json(client: Any, path: str) -> Any:
    response = client.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    return response.json()


# -- countries and editions -----------------------------------------------------------------


def test_countries(client: Any) -> None:
    seed_path()
    assert get_json(client, "/api/v1/countries") == [KAZ_COUNTRY, XEX_COUNTRY]


@pytest.mark.parametrize("code", ["XEX", "xex"])
def test_one_country_any_case(client: Any, code: str) -> None:
    assert get_json(client, f"/api/v1/countries/{code}") == XEX_COUNTRY


def test_editions(client: Any) -> None:
    seed_path()
    assert get_json(client, "/api/v1/editions") == [
        {"edition": 2022, "country_count": 1, "assessment_count": 1, "languages": ["ru"], "partial_count": 0},
        {"edition": 2023, "country_count": 1, "assessment_count": 2, "languages": ["en", "ru"], "partial_count": 0},
    ]


# -- assessment summaries -------------------------------------------------------------------


def test_assessments_unfiltered(client: Any) -> None:
    seed_path()
    assert get_json(client, "/api/v1/assessments") == [KAZ_SUMMARY, XEX_SUMMARY, XEX_SUMMARY_RU]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=not_free", [KAZ_SUMMARY]),
        ("status=partly_free", [XEX_SUMMARY, XEX_SUMMARY_RU]),
        ("status=free", []),
        ("country=KAZ", [KAZ_SUMMARY]),
        ("country=Kazakhstan", [KAZ_SUMMARY]),
        ("country=Казахстан", [KAZ_SUMMARY]),
        ("edition=2023", [XEX_SUMMARY, XEX_SUMMARY_RU]),
        ("edition=2019", []),
        ("language=ru", [KAZ_SUMMARY, XEX_SUMMARY_RU]),
        ("country=XEX&edition=2023&status=partly_free&language=en", [XEX_SUMMARY]),
    ],
)
def test_assessments_filtered(client: Any, query: str, expected: list[dict[str, Any]]) -> None:
    seed_path()
    assert get_json(client, f"/api/v1/assessments?{query}") == expected


def test_summary_names_are_model_and_column_names(client: Any) -> None:
    """Style point 13: API field names = AssessmentSummary fields = database columns."""
    rows = get_json(client, "/api/v1/assessments?country=XEX")
    fields = set(AssessmentSummary.model_fields)
    assert all(set(row) == fields | {"source_kind"} for row in rows)
    relation = {"categories"}  # rows of category_scores, not a column of assessments
    assert fields - relation <= set(AssessmentRow.__table__.columns.keys())


# -- one assessment -------------------------------------------------------------------------


def test_kaz_assessment_values(client: Any) -> None:
    seed_path()
    body = get_json(client, "/api/v1/assessments/KAZ/2022")
    assert (body["country"]["iso3"], body["edition"], body["language"]) == ("KAZ", 2022, "ru")
    assert body["total"] == 32
    assert body["status"] == "not_free"
    assert {i["id"]: i["score"] for i in body["indicators"]}["A3"] == 1
    assert Assessment.model_validate(body).model_dump(mode="json") == body


@pytest.mark.parametrize(
    ("path", "cli_args"),
    [
        ("/api/v1/assessments/KAZ/2022", ["KAZ", "--edition", "2022"]),
        ("/api/v1/assessments/kaz/2022?language=ru", ["KAZ", "--edition", "2022", "--language", "ru"]),
        ("/api/v1/assessments/XEX/2023", ["XEX", "--edition", "2023"]),
        ("/api/v1/assessments/XEX/2023?language=ru", ["XEX", "--edition", "2023", "--language", "ru"]),
    ],
)
def test_assessment_equals_cli_show_json(client: Any, seeded_database_url: str, path: str, cli_args: list[str]) -> None:
    if cli_args[0] == "KAZ":
        seed_path()
    result = CliRunner().invoke(cli, ["show", *cli_args, "--json", "--database", seeded_database_url])
    assert result.exit_code == 0, result.output
    assert get_json(client, path) == json.loads(result.stdout)


def test_xex_assessment_defaults_to_english(client: Any) -> None:
    body = get_json(client, "/api/v1/assessments/XEX/2023")
    assert (body["language"], body["total"], body["status"]) == ("en", 55, "partly_free")
    assert get_json(client, "/api/v1/assessments/XEX/2023?language=ru")["language"] == "ru"


# -- indicator series -----------------------------------------------------------------------


def point(iso3: str, edition: int, language: str, score: int, maximum: int) -> dict[str, Any]:
    return {
        "iso3": iso3,
        "edition": edition,
        "language": language,
        "source_kind": "report",
        "scale": "higher_is_freer",
        "score": score,
        "max": maximum,
        "current_scale_score": score,
        "partial": False,
    }


def test_indicator_series(client: Any) -> None:
    seed_path()
    body = get_json(client, "/api/v1/indicators/A3/series?countries=KAZ,XEX")
    assert body == {
        "indicator_id": "A3",
        "kind": "indicator",
        "label": dict(load_methodology().indicator("A3").topic),
        "rows": [point("KAZ", 2022, "ru", 1, 6), point("XEX", 2023, "en", 4, 6), point("XEX", 2023, "ru", 4, 6)],
    }


def test_series_without_filter_and_any_case_id(client: Any) -> None:
    seed_path()
    filtered = get_json(client, "/api/v1/indicators/A3/series?countries=xex,KAZ,KAZ")
    assert get_json(client, "/api/v1/indicators/a3/series") == filtered


@pytest.mark.parametrize(
    ("measure", "kind", "kaz", "xex"),
    [
        ("total", "total", (32, 100), (55, 100)),
        ("B", "category", (11, 35), (22, 35)),
        ("TOTAL", "total", (32, 100), (55, 100)),
    ],
)
def test_total_and_category_series(
    client: Any, measure: str, kind: str, kaz: tuple[int, int], xex: tuple[int, int]
) -> None:
    seed_path()
    body = get_json(client, f"/api/v1/indicators/{measure}/series?language=ru")
    assert body["kind"] == kind
    assert body["indicator_id"] == measure.lower() if kind == "total" else measure
    assert body["rows"] == [point("KAZ", 2022, "ru", *kaz), point("XEX", 2023, "ru", *xex)]


def test_series_of_unstored_country_is_empty(client: Any) -> None:
    assert get_json(client, "/api/v1/indicators/C1/series?countries=NOR")["rows"] == []


def test_series_converts_legacy_scale(tmp_path: Path) -> None:
    """A legacy (0 = most free) assessment: score as printed, current_scale_score reflected."""
    legacy = load_methodology(LEGACY)
    current = make_assessment(iso3="KAZ", edition=2022, total=32)
    old = make_assessment(iso3="KAZ", edition=2017, total=40).model_copy(
        update={"scale": Scale.LOWER_IS_FREER, "methodology": legacy.id, "status": legacy.status_for(40)}
    )
    url = f"sqlite:///{tmp_path / 'legacy.db'}"
    with Store(url, migrate=True) as store:
        store.save_many([old, current])
    with TestClient(create_app(url)) as client:
        total = get_json(client, "/api/v1/indicators/total/series")["rows"]
        a3 = get_json(client, "/api/v1/indicators/A3/series?countries=KAZ")["rows"]
    assert [(r["edition"], r["scale"], r["score"], r["current_scale_score"]) for r in total] == [
        (2017, "lower_is_freer", 40, 60),
        (2022, "higher_is_freer", 32, 32),
    ]
    old_a3 = old.indicator("A3")
    assert old_a3 is not None and old_a3.score is not None
    assert a3[0]["score"] == old_a3.score
    assert a3[0]["current_scale_score"] == 6 - old_a3.score


# -- OpenAPI --------------------------------------------------------------------------------


def test_openapi_documents_every_route(client: Any) -> None:
    from fastapi.routing import APIRoute

    from netfreedom.web.pages import api

    spec = get_json(client, "/api/v1/openapi.json")
    ours = {f"/api/v1{r.path}" for r in api.router.routes if isinstance(r, APIRoute)}
    assert ours == {
        "/api/v1/countries",
        "/api/v1/countries/{iso3}",
        "/api/v1/countries/{iso3}/series",
        "/api/v1/editions",
        "/api/v1/editions/{edition}",
        "/api/v1/assessments",
        "/api/v1/assessments/{iso3}/{edition}",
        "/api/v1/indicators/{indicator_id}/series",
    }
    for path, operations in spec["paths"].items():
        if not path.startswith("/api/v1/"):
            continue
        for operation in operations.values():
            assert operation["summary"] and operation["tags"] and operation["operationId"], path
        if path not in ours:
            continue  # the writing API (editions, drafts) answers 409/422 by design
        operation = operations["get"]
        assert "422" not in operation["responses"], path  # the API answers 400, never 422
        error = operation["responses"]["default"]["content"]["application/json"]["schema"]
        assert error == {"$ref": "#/components/schemas/ErrorResponse"}, path
        assert "$ref" in json.dumps(operation["responses"]["200"]), path
    assert ours <= set(spec["paths"])
    assert not any(p.startswith("/downloads") for p in spec["paths"])


# -- downloads ------------------------------------------------------------------------------


def download(client: Any, name: str, media_type: str) -> bytes:
    response = client.get(f"/downloads/{name}")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == media_type
    assert response.headers["content-disposition"] == f'attachment; filename="{name}"'
    content: bytes = response.content
    return content


def check_rows(rows: list[dict[str, Any]]) -> None:
    """The seeded rows of the table downloads (values as text or numbers)."""
    seed_path()
    keyed = {(r["iso3"], str(r["edition"]), r["language"]): r for r in rows}
    assert list(keyed) == [("KAZ", "2022", "ru"), ("XEX", "2023", "en"), ("XEX", "2023", "ru")]
    kaz = keyed["KAZ", "2022", "ru"]
    assert (str(kaz["total"]), kaz["status"], str(kaz["A3"]), kaz["country"]) == ("32", "not_free", "1", "Kazakhstan")
    assert [str(keyed["XEX", "2023", lang]["total"]) for lang in ("en", "ru")] == ["55", "55"]


@pytest.mark.parametrize("name", ["netfreedom.csv", "assessments.csv"])
def test_csv_download(client: Any, name: str) -> None:
    text = download(client, name, "text/csv; charset=utf-8").decode("utf-8")
    reader = csv.DictReader(io.StringIO(text))
    assert reader.fieldnames == columns()
    check_rows(list(reader))


def test_xlsx_download(client: Any) -> None:
    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    workbook = load_workbook(io.BytesIO(download(client, "netfreedom.xlsx", media_type)))
    sheet = workbook["assessments"]
    header, *values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert header == columns()
    rows = [dict(zip(header, row, strict=True)) for row in values]
    check_rows(rows)
    assert isinstance(rows[0]["total"], int)


def test_json_download(client: Any, seeded_database_url: str) -> None:
    items = json.loads(download(client, "netfreedom.json", "application/json"))
    with Store(seeded_database_url, migrate=True) as store:
        assert items == [a.model_dump(mode="json") for a in store.all_assessments()]
    check_rows(
        [
            {
                **item,
                "iso3": item["country"]["iso3"],
                "country": item["country"]["name"],
                "A3": {i["id"]: i["score"] for i in item["indicators"]}["A3"],
            }
            for item in items
        ]
    )


@pytest.mark.parametrize(("lang", "title"), [("en", "Data downloads"), ("ru", "Данные для скачивания")])
def test_downloads_page(client: Any, lang: str, title: str) -> None:
    from netfreedom.web.pages.downloads import FILES

    response = client.get(f"/downloads?lang={lang}")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.headers["content-language"] == lang
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page = response.text
    assert f"<h1>{title}</h1>" in page
    for file in FILES:
        assert f'href="/downloads/{file.name}"' in page
    for endpoint in ("/api/v1/countries", "/api/v1/editions", "/api/v1/openapi.json"):
        assert f'href="{endpoint}"' in page
    if lang == "ru":
        assert "Одна строка на оценку" in page and "One row per assessment" not in page


def test_every_page_string_is_translated() -> None:
    """Each message id the downloads page uses has a Russian translation in downloads.po."""
    import re
    from importlib import resources

    from babel.messages.pofile import read_po

    from netfreedom.web.pages.downloads import FILES, api_endpoints

    web = resources.files("netfreedom.web")
    template = (web / "templates" / "downloads.html").read_text(encoding="utf-8")
    used = set(re.findall(r'_\("((?:[^"\\]|\\.)*)"', template))
    used |= {f.description for f in FILES} | {e.description for e in api_endpoints()}
    with (web / "locales" / "ru" / "LC_MESSAGES" / "downloads.po").open("rb") as stream:
        catalog = read_po(stream, locale="ru")
    translated = {m.id for m in catalog if m.id and m.string}
    assert used - translated == set()
