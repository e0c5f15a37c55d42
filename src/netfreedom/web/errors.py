"""One error shape for the JSON API, with stable codes, and HTML error pages for the site.

API errors are ``{"error": {"code": <stable code>, "message": <one line>, "status": <HTTP
status>}}``. Codes: ``not_found``, ``invalid_parameter``, ``method_not_allowed``,
``unsupported_format``, ``internal_error``. Never rename a code: clients depend on them.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger(__name__)

ERROR_CODES = {
    400: "invalid_parameter",
    404: "not_found",
    405: "method_not_allowed",
    406: "unsupported_format",
    422: "invalid_parameter",
    500: "internal_error",
}


class ApiError(Exception):
    """Raise in an API handler to answer with the error shape: ``ApiError(404, "not_found", "...")``."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def error_body(status: int, code: str, message: str) -> dict[str, dict[str, object]]:
    """The JSON error shape."""
    return {"error": {"code": code, "message": message, "status": status}}


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _html_error(request: Request, status: int, message: str) -> HTMLResponse:
    from .context import render

    return render(request, "error.html", {"status": status, "message": message}, status_code=status)


def install_error_handlers(app: FastAPI) -> None:
    """Register handlers so every error is the JSON shape under /api/ and a page elsewhere."""

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(error_body(exc.status, exc.code, exc.message), status_code=exc.status)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse | HTMLResponse:
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        if _is_api(request):
            code = ERROR_CODES.get(exc.status_code, "invalid_parameter" if exc.status_code < 500 else "internal_error")
            response: JSONResponse | HTMLResponse = JSONResponse(
                error_body(exc.status_code, code, message), status_code=exc.status_code
            )
        else:
            response = _html_error(request, exc.status_code, message)
        for name, value in (exc.headers or {}).items():  # e.g. Allow on 405
            response.headers[name] = value
        return response

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse | HTMLResponse:
        first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid request"}
        where = ".".join(str(p) for p in first.get("loc", ()) if p not in {"query", "path"})
        message = f"{where}: {first.get('msg')}" if where else str(first.get("msg"))
        if _is_api(request):
            return JSONResponse(error_body(400, "invalid_parameter", message), status_code=400)
        return _html_error(request, 400, message)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse | HTMLResponse:
        log.exception("unhandled error on %s", request.url.path)
        if _is_api(request):
            return JSONResponse(error_body(500, "internal_error", "internal error"), status_code=500)
        return _html_error(request, 500, "internal error")
