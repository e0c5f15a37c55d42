"""The Frictionless Data Package: the descriptor follows the methodology, the served package
validates with ``frictionless``, and a broken table does not."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import frictionless
import pytest

from netfreedom.export import (
    columns,
    descriptor,
    write_datapackage,
    write_datapackage_zip,
)
from netfreedom.export.datapackage import datapackage_json, table_schema
from netfreedom.methodology import (
    CURRENT,
    Scale,
    Status,
    available_methodologies,
    load_methodology,
)

from .conftest import make_assessment
from .shared_data import seed_path


def fields() -> dict[str, dict[str, Any]]:
    return {f["name"]: f for f in table_schema()["fields"]}


# -- the descriptor -------------------------------------------------------------------------


def test_one_field_per_column_in_order() -> None:
    assert [f["name"] for f in table_schema()["fields"]] == columns()
    assert table_schema()["primaryKey"] == ["iso3", "edition", "language"]
    assert all(f["description"] and f["title"] for f in table_schema()["fields"])


def test_score_constraints_come_from_the_methodology() -> None:
    schema = fields()
    methodology = load_methodology(CURRENT)
    for category in methodology.categories:
        assert schema[category.id]["type"] == "integer"
        assert schema[category.id]["constraints"] == {"minimum": 0, "maximum": category.max}
        for indicator in category.indicators:
            assert schema[indicator.id]["constraints"] == {"minimum": 0, "maximum": indicator.max}
            assert indicator.topic["en"] in schema[indicator.id]["description"]
    assert schema["A3"]["constraints"]["maximum"] == 6
    assert schema["total"]["constraints"] == {"minimum": 0, "maximum": 100}
    first = min(load_methodology(m).first_edition for m in available_methodologies())
    assert schema["edition"]["constraints"] == {"required": True, "minimum": first}


def test_enums_types_and_required() -> None:
    schema = fields()
    assert schema["status"]["constraints"]["enum"] == [s.value for s in Status]
    assert schema["scale"]["constraints"]["enum"] == [s.value for s in Scale]
    assert schema["methodology"]["constraints"]["enum"] == list(available_methodologies())
    assert {schema[n]["type"] for n in ("country", "iso3", "language", "scale", "status")} == {"string"}
    assert {schema[n]["type"] for n in ("coverage_start", "coverage_end")} == {"date"}
    scores = [
        "total",
        *(i for c in load_methodology(CURRENT).categories for i in (c.id, *(x.id for x in c.indicators))),
    ]
    assert all(schema[n]["type"] == "integer" for n in scores)
    assert {f["type"] for f in schema.values()} <= {"string", "integer", "date", "boolean"}
    assert all(schema[key]["constraints"]["required"] for key in ("iso3", "edition", "source_kind"))
    assert "required" not in schema["language"]["constraints"]  # table rows have no report language


def test_every_export_column_needs_a_field(monkeypatch: pytest.MonkeyPatch) -> None:
    from netfreedom.export import datapackage

    monkeypatch.setattr(datapackage, "columns", lambda: [*columns(), "mystery"])
    with pytest.raises(KeyError, match="mystery"):
        table_schema()


def test_package_metadata() -> None:
    package = descriptor()
    assert package["profile"] == "tabular-data-package"
    assert package["licenses"] and package["licenses"][0]["title"]
    assert package["sources"] and package["sources"][0]["title"]
    (resource,) = package["resources"]
    assert (resource["name"], resource["path"], resource["mediatype"]) == ("assessments", "assessments.csv", "text/csv")
    assert not Path(resource["path"]).is_absolute() and "/" not in resource["path"]
    assert list(frictionless.Package.metadata_validate(package)) == []  # valid on its own


# -- the served package ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(client: Any) -> dict[str, bytes]:
    """The served descriptor, table and zip."""
    files = {}
    for name in ("datapackage.json", "assessments.csv", "netfreedom-datapackage.zip"):
        response = client.get(f"/downloads/{name}")
        assert response.status_code == 200, response.text
        files[name] = response.content
    return files


def validate(folder: Path) -> frictionless.Report:
    report: frictionless.Report = frictionless.validate(str(folder / "datapackage.json"))
    return report


def test_served_package_validates(served: dict[str, bytes], tmp_path: Path) -> None:
    assert json.loads(served["datapackage.json"]) == descriptor()
    assert served["datapackage.json"].decode("utf-8") == datapackage_json()
    (tmp_path / "datapackage.json").write_bytes(served["datapackage.json"])
    (tmp_path / "assessments.csv").write_bytes(served["assessments.csv"])
    report = validate(tmp_path)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    seed_path()
    assert report.tasks[0].stats["rows"] == 3


def test_served_zip_holds_the_package(served: dict[str, bytes], tmp_path: Path) -> None:
    with zipfile.ZipFile(io.BytesIO(served["netfreedom-datapackage.zip"])) as archive:
        assert archive.namelist() == ["datapackage.json", "assessments.csv"]
        assert archive.read("datapackage.json") == served["datapackage.json"]
        assert archive.read("assessments.csv") == served["assessments.csv"]
        archive.extractall(tmp_path)
    report = validate(tmp_path)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def edit_row(text: str, changes: dict[str, str], *, duplicate: bool = False) -> str:
    """The CSV with ``changes`` applied to its first data row (or that row appended again)."""
    rows = list(csv.DictReader(io.StringIO(text)))
    if duplicate:
        rows.append(dict(rows[0]))
    else:
        rows[0].update(changes)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns(), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


@pytest.mark.parametrize(
    ("changes", "duplicate", "error_type", "field"),
    [
        ({"A3": "7"}, False, "constraint-error", "A3"),  # A3 is out of 6
        ({"total": "101"}, False, "constraint-error", "total"),
        ({"B": "-1"}, False, "constraint-error", "B"),
        ({"status": "mostly_free"}, False, "constraint-error", "status"),
        ({"scale": "sideways"}, False, "constraint-error", "scale"),
        ({"iso3": "kz"}, False, "constraint-error", "iso3"),
        ({"C1": "four"}, False, "type-error", "C1"),
        ({"edition": ""}, False, "constraint-error", "edition"),
        ({}, True, "primary-key", None),
    ],
)
def test_broken_table_fails_validation(
    served: dict[str, bytes],
    tmp_path: Path,
    changes: dict[str, str],
    duplicate: bool,
    error_type: str,
    field: str | None,
) -> None:
    (tmp_path / "datapackage.json").write_bytes(served["datapackage.json"])
    broken = edit_row(served["assessments.csv"].decode("utf-8"), changes, duplicate=duplicate)
    (tmp_path / "assessments.csv").write_text(broken, encoding="utf-8")
    report = validate(tmp_path)
    assert not report.valid
    errors = report.flatten(["type", "fieldName"])
    assert [error_type, field] in errors, errors


def test_renamed_column_fails_validation(served: dict[str, bytes], tmp_path: Path) -> None:
    (tmp_path / "datapackage.json").write_bytes(served["datapackage.json"])
    text = served["assessments.csv"].decode("utf-8").replace(",A3,", ",A_3,", 1)
    (tmp_path / "assessments.csv").write_text(text, encoding="utf-8")
    assert not validate(tmp_path).valid


# -- the library functions ------------------------------------------------------------------


def test_write_datapackage_and_zip(tmp_path: Path) -> None:
    assessments = [make_assessment(iso3="KAZ", total=32), make_assessment(iso3="NOR", total=94, language="ru")]
    assert write_datapackage(assessments, tmp_path / "package") == 2
    report = validate(tmp_path / "package")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    first, second = io.BytesIO(), io.BytesIO()
    assert write_datapackage_zip(assessments, first) == 2
    write_datapackage_zip(assessments, second)
    assert first.getvalue() == second.getvalue()  # same data, same bytes
    with zipfile.ZipFile(first) as archive:
        assert archive.read("assessments.csv") == (tmp_path / "package" / "assessments.csv").read_bytes()
