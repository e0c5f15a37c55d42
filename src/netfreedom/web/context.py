"""Rendering pages: the Jinja2 environment and the context every template gets.

Every template receives ``lang`` (interface language), ``_`` (gettext), ``country_name``
(localized country name by ISO alpha-3), ``language_name`` (a language's name by ISO 639-1
code, from Babel), ``person`` (a name as shown: blind labels translated, names kept as content), ``lang_url`` (the current URL in another language),
``keep`` (marks a value as content, not interface text: see :func:`netfreedom.web.i18n.keep`),
``request``, and from :func:`netfreedom.web.auth.template_context` ``user`` (the signed-in
Account or ``None``), ``csrf_token`` and ``csrf_field`` (put ``{{ csrf_field }}`` in every POST
form), and ``inbox_unread()`` (the signed-in person's unread notifications, counted when called). Autoescaping is on for every template.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from netfreedom.store import Store
from netfreedom.web.auth import template_context
from netfreedom.web.i18n import SUPPORTED_LANGUAGES, keep, negotiate_language, translator
from netfreedom.web.security import site_path
from netfreedom.web.views.labels import partial_title


@cache
def templates() -> Jinja2Templates:
    """The shared template set (``web/templates``), autoescaped."""
    folder = resources.files(__package__) / "templates"
    engine = Jinja2Templates(directory=str(folder))
    engine.env.autoescape = True
    return engine


def store_of(request: Request) -> Store:
    """The app's one :class:`Store` (opened once at start, engine shared by requests)."""
    store: Store = request.app.state.store
    return store


def language_of(request: Request) -> str:
    """Interface language of this request (``?lang=``, then Accept-Language, then English)."""
    return negotiate_language(request.query_params.get("lang"), request.headers.get("accept-language"))


def lang_url(request: Request, language: str) -> str:
    """This request's path and query with ``lang`` set to ``language``."""
    params = dict(request.query_params)
    params["lang"] = language
    from urllib.parse import urlencode

    return f"{site_path(request.url.path)}?{urlencode(params)}"


def _unread(request: Request, account: str) -> int:
    """Unread inbox items of the signed-in ``account`` for the navigation (0 when the store
    cannot say: an error page must still render)."""
    from netfreedom.errors import NetfreedomError
    from netfreedom.services.notifications import unread_count

    try:
        return unread_count(store_of(request), account)
    except NetfreedomError:
        return 0


def render(request: Request, name: str, values: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    """Render template ``name`` with the common context plus ``values``."""
    language = language_of(request)
    response = templates().TemplateResponse(request, name, page_context(request, values), status_code=status_code)
    response.headers["Content-Language"] = language
    return response


def render_text(request: Request, name: str, values: dict[str, Any]) -> str:
    """Template ``name`` drawn with the common context plus ``values``, as text (a page put
    together from prepared parts: :mod:`netfreedom.web.views.prepared`)."""
    return templates().get_template(name).render(page_context(request, values))


def page_context(request: Request, values: dict[str, Any]) -> dict[str, Any]:
    """The common context of every template (see the module docstring) plus ``values``."""
    language = language_of(request)
    words = translator(language)
    context: dict[str, Any] = {
        "request": request,
        "lang": language,
        "languages": SUPPORTED_LANGUAGES,
        "_": words.gettext,
        "country_name": words.country,
        "language_name": words.language_name,
        "person": words.person,
        "keep": keep,
        "lang_url": lambda other: lang_url(request, other),
        "partial_title": lambda missing: partial_title(words, missing),
    }
    context.update(template_context(request))
    user = context.get("user")
    context["inbox_unread"] = lambda: _unread(request, user.name) if user is not None else 0
    context.update(values)
    return context
