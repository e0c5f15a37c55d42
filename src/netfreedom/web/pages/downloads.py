"""The data downloads: a page listing them, and the files (every stored assessment).

Routes (mounted at the site root):

* ``GET /downloads``: HTML page listing the files below and the JSON API endpoints.
* ``GET /downloads/netfreedom.csv``: one row per assessment, one column per category and
  indicator (:func:`netfreedom.export.write_csv`), ``text/csv; charset=utf-8``.
* ``GET /downloads/netfreedom.xlsx``: the same table as a workbook.
* ``GET /downloads/netfreedom.json``: whole assessments as a JSON array (``write_json``).
* ``GET /downloads/datapackage.json``: the Frictionless Data Package descriptor; its one
  resource is ``assessments.csv`` beside it.
* ``GET /downloads/assessments.csv``: the package's table (the same bytes as netfreedom.csv).
* ``GET /downloads/netfreedom-datapackage.zip``: datapackage.json and assessments.csv zipped.

Every file is built from the store on each request (no cache: an ingest shows at once) and
sent with ``Content-Disposition: attachment; filename="<name>"``. An unknown file under
``/downloads/`` (such as ``netfreedom.parquet``) answers **404** with the API's JSON error
shape and code ``not_found``, its message listing the files: the URL names a file that does
not exist, whereas 406 ``unsupported_format`` would mean Accept-header negotiation failed.
These routes are part of the site, not of the API, so the OpenAPI document omits them.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse

from netfreedom.export import write_csv, write_json, write_xlsx
from netfreedom.export.datapackage import (
    DESCRIPTOR_NAME,
    RESOURCE_PATH,
    datapackage_json,
    write_datapackage_zip,
)
from netfreedom.services.exports import export_counts, export_items
from netfreedom.store import Store
from netfreedom.web.context import render, store_of
from netfreedom.web.errors import ApiError

router = APIRouter(include_in_schema=False)

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _csv(store: Store) -> bytes:
    text = io.StringIO()
    write_csv(export_items(store), text)
    return text.getvalue().encode("utf-8")


def _xlsx(store: Store) -> bytes:
    with tempfile.TemporaryDirectory(prefix="netfreedom-") as folder:
        path = Path(folder) / "netfreedom.xlsx"
        write_xlsx(export_items(store), path)
        return path.read_bytes()


def _json(store: Store) -> bytes:
    text = io.StringIO()
    write_json(export_items(store), text)
    return text.getvalue().encode("utf-8")


def _descriptor(_store: Store) -> bytes:
    return datapackage_json().encode("utf-8")


def _zip(store: Store) -> bytes:
    data = io.BytesIO()
    write_datapackage_zip(export_items(store), data)
    return data.getvalue()


@dataclass(frozen=True)
class DownloadFile:
    """One downloadable file: its name under ``/downloads/``, media type, a label of its
    format, an English description (a message id of ``downloads.po``) and its builder."""

    name: str
    media_type: str
    format: str
    description: str
    build: Callable[[Store], bytes]

    @property
    def url(self) -> str:
        """Path of the file on the site."""
        return f"/downloads/{self.name}"


FILES: tuple[DownloadFile, ...] = (
    DownloadFile(
        "netfreedom.csv",
        "text/csv; charset=utf-8",
        "CSV",
        "One row per assessment, one column per category and indicator.",
        _csv,
    ),
    DownloadFile("netfreedom.xlsx", XLSX_MEDIA_TYPE, "Excel", "The same table as an Excel workbook.", _xlsx),
    DownloadFile(
        "netfreedom.json",
        "application/json",
        "JSON",
        "Whole assessments (scores, narrative, footnotes, findings) as a JSON array.",
        _json,
    ),
    DownloadFile(
        DESCRIPTOR_NAME,
        "application/json",
        "Data Package",
        "Frictionless Data Package descriptor: field types, score ranges and descriptions of assessments.csv.",
        _descriptor,
    ),
    DownloadFile(
        RESOURCE_PATH,
        "text/csv; charset=utf-8",
        "CSV",
        "The table the data package describes (the same content as netfreedom.csv).",
        _csv,
    ),
    DownloadFile(
        "netfreedom-datapackage.zip",
        "application/zip",
        "ZIP",
        "The data package in one archive: datapackage.json and assessments.csv.",
        _zip,
    ),
)
"""Every file served under ``/downloads/``, in the order the page lists them."""

_BY_NAME = {f.name: f for f in FILES}


@dataclass(frozen=True)
class ApiEndpoint:
    """An API endpoint shown on the page: an example URL and an English description."""

    url: str
    description: str


def api_endpoints(iso3: str = "KAZ", edition: int = 2022) -> list[ApiEndpoint]:
    """The API endpoints the page lists, with ``iso3`` and ``edition`` in the examples."""
    return [
        ApiEndpoint("/api/v1/countries", "Countries with stored assessments, their editions and latest score."),
        ApiEndpoint("/api/v1/editions", "Stored editions with their number of countries."),
        ApiEndpoint(
            "/api/v1/assessments?status=not_free",
            "Assessment summaries, filtered by country, edition, status and language.",
        ),
        ApiEndpoint(
            f"/api/v1/assessments/{iso3}/{edition}", "One whole assessment, the same JSON as netfreedom show --json."
        ),
        ApiEndpoint(
            f"/api/v1/indicators/A3/series?countries={iso3}",
            "One indicator, category or total across countries and editions.",
        ),
        ApiEndpoint("/api/v1/openapi.json", "OpenAPI description of every endpoint."),
    ]


@router.get("/downloads", response_class=HTMLResponse, summary="Data downloads page")
def downloads_page(request: Request) -> HTMLResponse:
    """The page listing :data:`FILES` and the API endpoints, in the request's language, with
    what the files hold (:func:`netfreedom.services.exports.export_counts`: every
    country-edition from any source, the rows of the files)."""
    store = store_of(request)
    summaries = store.list_assessments()
    examples = api_endpoints(summaries[0].iso3, summaries[0].edition) if summaries else api_endpoints()
    return render(request, "downloads.html", {"files": FILES, "endpoints": examples, "counts": export_counts(store)})


@router.get("/downloads/{file_name}", summary="One data file")
def download(request: Request, file_name: str) -> Response:
    """The file named ``file_name`` (one of :data:`FILES`), built from the store, as an
    attachment. Raises ``ApiError(404, "not_found")`` (JSON error shape) for any other name."""
    wanted = _BY_NAME.get(file_name)
    if wanted is None:
        names = ", ".join(f.name for f in FILES)
        raise ApiError(404, "not_found", f"no download named {file_name!r}; files: {names}")
    return Response(
        content=wanted.build(store_of(request)),
        media_type=wanted.media_type,
        headers={"Content-Disposition": f'attachment; filename="{wanted.name}"'},
    )
