"""One error shape for every 4xx/5xx: `{"error": {"code", "message", "hint"}}`.

Coded errors (`NewscredError`) map to an HTTP status here, in one place; framework errors
(bad JSON, validation, unknown route, oversized body) are turned into the same shape.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from newscred.errors import CATALOGUE, NewscredError

log = logging.getLogger(__name__)

# The HTTP status for each code a request can cause; any other NC1xx is 422.
STATUS = {
    "NC105": 413,
    "NC106": 400,
    "NC111": 502,
    "NC113": 413,
    "NC116": 404,
    "NC117": 405,
    "NC118": 415,
    "NC119": 401,
    "NC120": 429,
    "NC200": 500,
    "NC201": 500,
    "NC202": 500,
    "NC203": 500,
    "NC204": 500,
    "NC205": 503,
    "NC206": 501,
    "NC301": 404,
    "NC302": 404,
    "NC303": 422,
    "NC304": 409,
    "NC305": 507,
    "NC306": 503,
}

# Hints that differ from the CLI's because the fix is a request change, not a flag.
API_HINTS = {
    "NC106": "Send one JSON object (see /docs); check quotes, commas and brackets.",
    "NC105": "Send a smaller body: see the limits in docs/api.md (max_body_bytes).",
    "NC110": "Give a public http(s) URL, or send the article's text or html instead.",
    "NC113": "Send a shorter article, or split it.",
    "NC114": "See the request schema at /docs.",
}


class ErrorBody(BaseModel):
    code: str
    message: str
    hint: str


class ErrorResponse(BaseModel):
    """The body of every 4xx/5xx response."""

    error: ErrorBody


def status_for(code: str) -> int:
    if code in STATUS:
        return STATUS[code]
    return 422 if code.startswith("NC1") else 500


def api_error(exc: NewscredError) -> NewscredError:
    """The same error with the API's hint where the CLI's would name a flag."""
    if exc.code in API_HINTS and exc.hint == CATALOGUE[exc.code].hint:
        return NewscredError(exc.code, exc.message, hint=API_HINTS[exc.code])
    return exc


def error_json(exc: NewscredError, *, headers: dict[str, str] | None = None) -> JSONResponse:
    exc = api_error(exc)
    return JSONResponse(
        {"error": exc.to_dict()}, status_code=status_for(exc.code), headers=headers
    )


def too_large(limit: int) -> NewscredError:
    return NewscredError(
        "NC105", f"the request body is over the {limit:,}-byte limit",
        hint=API_HINTS["NC105"],
    )


def describe_validation(errors: list[Any]) -> str:
    """The first few validation errors as 'where: what' phrases."""
    parts = []
    for error in errors[:3]:
        loc = [str(p) for p in error.get("loc", ()) if p != "body"]
        where = ".".join(loc) or "the body"
        parts.append(f"{where}: {error.get('msg', 'invalid')}")
    more = len(errors) - 3
    return "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")


PAGES = ("/", "/check", "/compare", "/stories")
PAGE_PREFIXES = ("/stories/", "/articles/")


def is_page(path: str) -> bool:
    """Paths answered with HTML, errors included (the JSON API lives under /v1)."""
    return path in PAGES or path.startswith(PAGE_PREFIXES)


def install_handlers(app: FastAPI, *, html_errors: Any = None) -> None:
    """Register the handlers; `html_errors(request, exc, status)` renders page errors."""

    def respond(request: Request, exc: NewscredError, headers: dict[str, str] | None = None):
        request.state.error_code = exc.code
        if html_errors is not None and is_page(request.url.path):
            return html_errors(request, api_error(exc), status_for(exc.code), headers)
        return error_json(exc, headers=headers)

    @app.exception_handler(NewscredError)
    async def coded(request: Request, exc: NewscredError):
        retry_after = getattr(exc, "retry_after", None)
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else None
        return respond(request, exc, headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        errors = list(exc.errors())
        if any(e.get("type") == "json_invalid" for e in errors):
            detail = errors[0].get("ctx", {}).get("error", "")
            error = NewscredError(
                "NC106", f"the request body is not valid JSON{': ' + str(detail) if detail else ''}",
                hint="Send one JSON object (see /docs); check quotes, commas and brackets.",
            )
        else:
            error = NewscredError(
                "NC109", describe_validation(errors), hint="See the request schema at /docs."
            )
        return respond(request, error)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        code = {400: "NC106", 404: "NC116", 405: "NC117", 415: "NC118", 401: "NC119"}.get(exc.status_code)
        if code is None:
            code = "NC114" if exc.status_code < 500 else "NC204"
        message = exc.detail if isinstance(exc.detail, str) else json.dumps(exc.detail)
        if exc.status_code == 400:
            message = "the request body could not be parsed (malformed, or nested too deeply)"
        elif exc.status_code == 404:
            message = f"no route {request.method} {request.url.path}"
        elif exc.status_code == 405:
            message = f"{request.method} is not allowed on {request.url.path}"
        response = respond(request, NewscredError(code, message), dict(exc.headers or {}))
        response.status_code = exc.status_code
        return response


def internal_error(request_id: str) -> NewscredError:
    return NewscredError(
        "NC204", f"the server failed on request {request_id}",
        hint=f"Report this as a bug, quoting request id {request_id}.",
    )
