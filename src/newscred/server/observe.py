"""Per-request bookkeeping (ASGI middleware): request id, access log, metrics, headers.

The access log records the request id, method, route, status, body sizes and time,
never article text (nor query strings, which a form could fill).
"""

from __future__ import annotations

import logging
import re
import time
import uuid

from starlette.datastructures import MutableHeaders
from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newscred.server.errors import error_json, internal_error
from newscred.server.metrics import Metrics

log = logging.getLogger("newscred.server.access")

# Strict policy for every page we render: no scripts at all.
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
# The interactive API docs (/docs, Swagger UI) need scripts, theirs and one inline, and
# inline styles; every request they make still stays on this server.
DOCS_CSP = (
    "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)
SECURITY_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
)
DOCS_PATHS = ("/docs",)
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class Observe:
    def __init__(self, app: ASGIApp, *, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        request_id = _request_id(scope)
        scope.setdefault("state", {})["request_id"] = request_id
        status = 500
        sent = 0
        received = 0
        path: str = scope["path"]

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
            return message

        async def send_wrapper(message: Message) -> None:
            nonlocal status, sent
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = MutableHeaders(scope=message)
                headers["x-request-id"] = request_id
                for name, value in SECURITY_HEADERS:
                    headers.append(name.decode(), value.decode())
                headers["content-security-policy"] = DOCS_CSP if path.startswith(DOCS_PATHS) else CSP
            elif message["type"] == "http.response.body":
                sent += len(message.get("body", b""))
            await send(message)

        started_response = False

        async def tracked_send(message: Message) -> None:
            nonlocal started_response
            started_response = started_response or message["type"] == "http.response.start"
            await send_wrapper(message)

        self.metrics.in_flight.inc()
        try:
            await self.app(scope, counting_receive, tracked_send)
        except ClientDisconnect:
            # The client left (or was cut off by a read deadline) before its body came:
            # nobody to answer, and not the server's fault. 499 as in nginx's logs.
            status = 499
            log.info("request %s: the client went away before its body arrived", request_id)
        except Exception:
            # Answered here, not by Starlette's outermost handler, so that the answer
            # carries the request id, the security headers and the one error shape.
            log.exception("request %s failed", request_id)
            scope["state"]["error_code"] = "NC204"
            if started_response:
                raise
            await error_json(internal_error(request_id))(scope, receive, tracked_send)
        finally:
            self.metrics.in_flight.dec()
            elapsed = time.perf_counter() - started
            route = _route_of(scope)
            method = scope["method"]
            self.metrics.requests.labels(method=method, route=route, status=str(status)).inc()
            self.metrics.latency.labels(method=method, route=route).observe(elapsed)
            code = scope["state"].get("error_code")
            if code:
                self.metrics.errors.labels(code=code).inc()
            log.info(
                "request id=%s method=%s route=%s status=%d in=%dB out=%dB ms=%.1f",
                request_id, method, route, status, received, sent, elapsed * 1000,
            )


def _request_id(scope: Scope) -> str:
    for name, value in scope.get("headers", ()):
        if name == b"x-request-id":
            candidate = value.decode("latin-1")
            if _REQUEST_ID.match(candidate):
                return candidate
    return uuid.uuid4().hex[:16]


def _route_of(scope: Scope) -> str:
    # The route template, never the raw path: unknown paths must not grow the label set.
    route = scope.get("route")
    template = getattr(route, "path", None)
    return template if isinstance(template, str) else "(unmatched)"
