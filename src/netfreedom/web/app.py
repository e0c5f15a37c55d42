"""The netfreedom web site and JSON API (FastAPI + Jinja2, served by Uvicorn).

``create_app(database_url)`` opens one :class:`~netfreedom.store.Store` for the app's life
and mounts: the HTML pages (``pages_*`` routers), the JSON API under ``/api/v1`` (OpenAPI
document at ``/api/v1/openapi.json``), the packaged static files under ``/static`` and the
sign-in pages (``/login``, ``/logout``, ``/account``; see :mod:`netfreedom.web.auth` for
sessions, tokens, permissions and CSRF). Start it with ``netfreedom serve``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources

import anyio.to_thread
from fastapi import Depends, FastAPI
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles

from netfreedom import __version__
from netfreedom.services.accounts import AccountService
from netfreedom.store import Store
from netfreedom.web import auth
from netfreedom.web.cache import ResponseCacheMiddleware
from netfreedom.web.errors import (
    BodyLimitMiddleware,
    HeadAsGetMiddleware,
    UnhandledErrorMiddleware,
    install_error_handlers,
)
from netfreedom.web.pages import (
    api,
    api_dashboard,
    api_drafts,
    api_threads,
    api_translations,
    apidocs,
    downloads,
    draft_evidence,
    drafts,
    inbox,
    login,
    pdf,
)
from netfreedom.web.pages import compare as pages_compare
from netfreedom.web.pages import country as pages_country
from netfreedom.web.pages import dashboard as pages_dashboard
from netfreedom.web.pages import draft_pdf as pages_draft_pdf
from netfreedom.web.pages import draft_threads as pages_draft_threads
from netfreedom.web.pages import home as pages_home
from netfreedom.web.pages import indicators as pages_indicators
from netfreedom.web.pages import methodology as pages_methodology
from netfreedom.web.pages import search as pages_search
from netfreedom.web.pages import translations as pages_translations
from netfreedom.web.pages.api_params import single_valued_parameters
from netfreedom.web.security import SecurityHeadersMiddleware, SitePathMiddleware

GZIP_LEVEL = 4
"""zlib level of compressed answers: the 200 KB country page shrinks to about a quarter in
~4 ms at level 4, where level 9 (Starlette's default) takes ~35 ms for 14% less
(``benchmarks/serve.py`` measures pages uncached)."""


DEFAULT_WORKER_THREADS = 4
"""Threads that run the site's synchronous routes at once (AnyIO's own default is 40).

Measured with ``benchmarks/serve.py`` (32 clients, one process, 2 cores, load ~1.5): with 40
threads the uncached country page cost 5.9 ms of server CPU per request against 2.7 ms for one
client at a time, the rest being threads contending for the GIL; with 4 threads 4.7 ms and
230 req/s (2.4x Datasette's row page), the cached page p99 30 ms instead of 153 ms. With 2
threads the figures are alike; 4 leaves room for a route waiting on a slow write."""


MAX_REQUEST_BYTES = 1024 * 1024
"""Largest request body the site reads, in bytes (1 MiB). The largest real one is a form or
JSON of one indicator's narrative or translation (tens of kilobytes); without a limit an
anonymous POST of 150 MB to ``/login`` held a worker for 80 s while the CSRF check read it."""


def create_app(
    database_url: str | None = None,
    *,
    page_cache: bool = True,
    secret_key: str | None = None,
    worker_threads: int | None = None,
) -> FastAPI:
    """A ready ASGI app over the store at ``database_url`` (default as for the CLI).

    ``page_cache`` keeps rendered GET responses in memory until the store changes
    (:mod:`netfreedom.web.cache`); turn it off to measure or debug rendering. ``secret_key``
    signs the CSRF cookie (default: ``NETFREEDOM_SECRET_KEY``, else a random key for this
    process; ``netfreedom serve`` refuses a missing or weak key off loopback, see
    :func:`netfreedom.web.auth.secret_key`). ``worker_threads`` (>= 1) is how many requests'
    synchronous routes run at once in this process (:data:`DEFAULT_WORKER_THREADS` when
    ``None``); it is set on AnyIO's default thread limiter when the app starts.

    Raises :class:`~netfreedom.store.StoreError` when the store cannot be opened.
    """
    threads = DEFAULT_WORKER_THREADS if worker_threads is None else worker_threads
    if threads < 1:
        raise ValueError(f"worker_threads must be at least 1, not {threads}")
    store = Store(database_url)
    accounts = AccountService(store)
    secret = auth.secret_key(None, secret_key)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        from netfreedom.web.views.worldmap import base_map

        base_map()  # prepare the world map once, before the first visitor waits for it
        anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        yield
        store.close()

    app = FastAPI(
        title="netfreedom",
        version=__version__,
        description="Freedom on the Net assessments: countries, editions, scores, narratives.",
        openapi_url="/api/v1/openapi.json",
        docs_url=None,  # the interactive docs pages load scripts from a CDN: not served
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.store = store
    app.state.accounts = accounts
    app.add_middleware(auth.ResolveUserMiddleware)  # who is asking, for every page
    app.add_middleware(UnhandledErrorMiddleware)  # errors get the security headers too
    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=GZIP_LEVEL)
    app.add_middleware(auth.CsrfMiddleware, secret=secret)  # refusals get the security headers too
    app.add_middleware(BodyLimitMiddleware, limit=MAX_REQUEST_BYTES)  # before the CSRF check reads a form
    app.add_middleware(SecurityHeadersMiddleware)
    if page_cache:
        app.add_middleware(ResponseCacheMiddleware, store=store)  # caches final bytes
    app.add_middleware(HeadAsGetMiddleware)  # HEAD answered wherever GET is
    app.add_middleware(SitePathMiddleware)  # outermost: one leading slash before anything reads the path
    install_error_handlers(app)
    static = resources.files(__package__) / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> RedirectResponse:
        """Browsers, bookmarks and feed readers that ask the root for an icon: the site's SVG."""
        return RedirectResponse("/static/favicon.svg", status_code=301)

    # every /api/v1 route refuses a repeated parameter (pages_search's API route says so itself)
    api_checks = [Depends(single_valued_parameters)]
    app.include_router(api.router, prefix="/api/v1", dependencies=api_checks)
    app.include_router(api_drafts.router, prefix="/api/v1", dependencies=api_checks)
    app.include_router(api_dashboard.router, prefix="/api/v1", dependencies=api_checks)
    app.include_router(api_threads.router, prefix="/api/v1", dependencies=api_checks)
    app.include_router(api_translations.router, prefix="/api/v1", dependencies=api_checks)
    app.include_router(pages_home.router, include_in_schema=False)  # HTML pages: not API
    app.include_router(pages_compare.router, include_in_schema=False)
    app.include_router(pages_methodology.router, include_in_schema=False)
    app.include_router(pdf.router)  # before the country pages: /country/X/2022.pdf is not an edition page
    app.include_router(pages_country.router, include_in_schema=False)
    app.include_router(pages_indicators.router, include_in_schema=False)
    app.include_router(apidocs.router, include_in_schema=False)
    app.include_router(pages_search.router)  # /search is hidden route by route; /api/v1/search is API
    app.include_router(downloads.router)
    app.include_router(login.router, include_in_schema=False)
    app.include_router(inbox.router, include_in_schema=False)
    app.include_router(drafts.router, include_in_schema=False)
    app.include_router(pages_dashboard.router, include_in_schema=False)
    app.include_router(draft_evidence.router, include_in_schema=False)
    app.include_router(pages_draft_threads.router, include_in_schema=False)
    app.include_router(pages_draft_pdf.router, include_in_schema=False)
    app.include_router(pages_translations.router, include_in_schema=False)
    return app
