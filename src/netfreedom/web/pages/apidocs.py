"""``GET /api``: a readable reference of the JSON API, served by the site itself.

Built from the app's own OpenAPI document (``/api/v1/openapi.json``), so it lists every
route under ``/api/v1`` with no chance of drifting: method and path, summary, description,
parameters (name, where, whether required, description) and an example request whose path
and query take the examples the routes declare, linked so a reader can open it. No script,
no CDN.

In both interface languages: summaries, parameter descriptions and route descriptions are
message ids of ``locales/ru/LC_MESSAGES/api_reference.po`` (the English texts of the OpenAPI
document; ``tests/test_api_reference.py`` fails on a summary or parameter without Russian).
A route description not translated yet is shown in English, marked as such. Descriptions are
docstrings: their reST markup (````literal````, ``:func:`name```, bullet lists) is drawn as
HTML (:func:`readable`), never shown raw.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup, escape

from netfreedom.web.context import language_of, render
from netfreedom.web.i18n import translator

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


_ROLE = re.compile(r":(?:func|class|meth|mod|data|attr|exc|obj):`~?([^`]+)`")
_LITERAL = re.compile(r"``(.+?)``")
_BULLET = re.compile(r"\s*[-*] ")


def _inline(text: str) -> Markup:
    """One paragraph's text: Sphinx roles as their last name in code, ````literals```` as code."""
    text = _ROLE.sub(lambda m: "``" + m.group(1).rsplit(".", 1)[-1] + "``", text)
    pieces = _LITERAL.split(text)
    return Markup("").join(
        Markup("<code>{}</code>").format(piece) if index % 2 else escape(piece) for index, piece in enumerate(pieces)
    )


def readable(text: str) -> Markup:
    """A docstring (reST as the code writes it) as HTML: paragraphs at blank lines, ``-``/``*``
    bullet lists, ````literal```` and ``:role:`target``` as ``<code>``; everything else escaped."""
    blocks = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [line for line in block.splitlines() if line.strip()]
        if lines and _BULLET.match(lines[0]):
            items: list[str] = []
            for line in lines:
                if _BULLET.match(line):
                    items.append(_BULLET.sub("", line, count=1).strip())
                else:
                    items[-1] += " " + line.strip()
            blocks.append(
                Markup("<ul>{}</ul>").format(Markup("").join(Markup("<li>{}</li>").format(_inline(i)) for i in items))
            )
        elif lines:
            blocks.append(Markup("<p>{}</p>").format(_inline(" ".join(line.strip() for line in lines))))
    return Markup("").join(blocks)


@router.get("/api", response_class=HTMLResponse)
def api_reference(request: Request) -> HTMLResponse:
    """Every JSON API route with its parameters and an example request, in the request's
    language (see the module docstring)."""
    words = translator(language_of(request))

    def described(route: Route) -> tuple[Markup, bool]:
        shown = words.gettext(route.description) if route.description else ""
        return readable(shown), words.language == "en" or shown != route.description

    return render(
        request, "api.html", {"routes": reference(request.app.openapi()), "described": described, "inline": _inline}
    )
