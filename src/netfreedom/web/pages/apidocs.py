"""``GET /api``: a readable reference of the JSON API, served by the site itself.

Built from the app's own OpenAPI document (``/api/v1/openapi.json``), so it lists every
route under ``/api/v1`` with no chance of drifting: method and path, summary, description,
parameters (name, where, whether required, description) and an example request whose path
and query take the examples the routes declare, linked so a reader can open it. No script,
no CDN.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from netfreedom.web.context import render

router = APIRouter()

API_PREFIX = "/api/v1"


@dataclass(frozen=True)
class Parameter:
    """One parameter of a route as the reference shows it."""

    name: str
    where: str
    required: bool
    description: str
    example: str | None


@dataclass(frozen=True)
class Route:
    """One route of the API: path, summary, description, parameters and an example URL."""

    method: str
    path: str
    summary: str
    description: str
    parameters: list[Parameter]
    example: str


def _example(parameter: dict[str, Any]) -> str | None:
    schema = parameter.get("schema", {})
    for found in (parameter.get("example"), *(parameter.get("examples") or {}).values(), schema.get("example")):
        if found is not None:
            return str(found.get("value") if isinstance(found, dict) else found)
    examples = schema.get("examples")
    return str(examples[0]) if examples else None


def reference(spec: dict[str, Any]) -> list[Route]:
    """The routes of ``spec`` (an OpenAPI document) under ``/api/v1``, in path order."""
    routes = []
    for path, operations in sorted(spec.get("paths", {}).items()):
        if not path.startswith(API_PREFIX) or path.endswith("openapi.json"):
            continue
        for method, operation in operations.items():
            parameters = [
                Parameter(
                    name=p["name"],
                    where=p["in"],
                    required=bool(p.get("required")),
                    description=p.get("description") or p.get("schema", {}).get("description", ""),
                    example=_example(p),
                )
                for p in operation.get("parameters", [])
            ]
            url = path
            query = {}
            for parameter in parameters:
                if parameter.where == "path":
                    url = url.replace("{" + parameter.name + "}", parameter.example or parameter.name)
                elif parameter.where == "query" and parameter.example is not None:
                    query[parameter.name] = parameter.example
            if query:
                url = f"{url}?{urlencode(query)}"
            routes.append(
                Route(
                    method=method.upper(),
                    path=path,
                    summary=operation.get("summary", ""),
                    description=operation.get("description", ""),
                    parameters=parameters,
                    example=url,
                )
            )
    return routes


@router.get("/api", response_class=HTMLResponse)
def api_reference(request: Request) -> HTMLResponse:
    """Every JSON API route with its parameters and an example request."""
    return render(request, "api.html", {"routes": reference(request.app.openapi())})
