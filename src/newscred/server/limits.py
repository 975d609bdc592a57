"""Request body limit (ASGI middleware), API keys and the per-key rate limit."""

from __future__ import annotations

import hashlib
import hmac
import math
import threading
import time
from collections import OrderedDict

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newscred.errors import NewscredError
from newscred.server.errors import error_json, too_large


class BodyLimit:
    """Refuse bodies over `limit` bytes with 413 before they are read into memory.

    A Content-Length over the limit is refused at once, without reading anything; a
    body without one (chunked) is counted as it streams and cut off at the limit.
    """

    def __init__(self, app: ASGIApp, *, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = -1
                if declared > self.limit:
                    response = error_json(too_large(self.limit), headers={"Connection": "close"})
                    await response(scope, receive, send)
                    return
        if any(name == b"content-length" for name, _ in scope.get("headers", ())):
            await self.app(scope, receive, send)  # the server holds the body to its length
            return
        # No length given (chunked): read up to the limit here, then replay it, so an
        # oversized stream is cut off at `limit` bytes and never reaches the app.
        chunks: list[bytes] = []
        received = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                await self.app(scope, _replay([message]), send)
                return
            chunk = message.get("body", b"")
            received += len(chunk)
            if received > self.limit:
                response = error_json(too_large(self.limit), headers={"Connection": "close"})
                await response(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        await self.app(scope, _replay([{"type": "http.request", "body": b"".join(chunks)}], receive), send)


def _replay(messages: list[Message], then: Receive | None = None) -> Receive:
    pending = list(messages)

    async def receive() -> Message:
        if pending:
            return pending.pop(0)
        if then is not None:
            return await then()  # after the body: disconnect notices
        return {"type": "http.disconnect"}

    return receive


def key_id(key: str) -> str:
    """A short, non-reversible name for a key, for logs and rate-limit buckets."""
    return hashlib.sha256(key.encode()).hexdigest()[:12]


class KeyCheck:
    """Constant-time comparison of a Bearer token against the configured keys."""

    def __init__(self, keys: tuple[str, ...]) -> None:
        self._digests = [hashlib.sha256(k.encode()).digest() for k in keys]

    def identify(self, authorization: str | None) -> str:
        """The key id for a valid `Authorization` header; raises NC119 otherwise."""
        if not authorization:
            raise NewscredError("NC119", "no API key was sent")
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise NewscredError("NC119", "the Authorization header is not 'Bearer <key>'")
        return self.identify_key(token.strip())

    def identify_key(self, token: str) -> str:
        digest = hashlib.sha256(token.encode()).digest()
        found = False
        for known in self._digests:  # compare with every key: no early exit to time
            found |= hmac.compare_digest(digest, known)
        if not found:
            raise NewscredError("NC119", "the API key is not one of the configured keys")
        return key_id(token)


class RateLimiter:
    """A token bucket per client: `per_minute` articles refill, up to `burst` at once.

    In memory and per worker process: with N workers a client may get up to N times the
    rate (each worker counts on its own). Keeps at most `max_clients` buckets (LRU).
    """

    def __init__(self, *, per_minute: float, burst: int, max_clients: int = 10_000) -> None:
        self.rate = per_minute / 60.0
        self.burst = float(burst)
        self.max_clients = max_clients
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.rate > 0

    def take(self, client: str, cost: int = 1, *, now: float | None = None) -> None:
        """Spend `cost` tokens or raise NC120 with the seconds to wait."""
        if not self.enabled:
            return
        now = time.monotonic() if now is None else now
        cost_f = float(min(cost, self.burst))  # a batch larger than the burst can still run
        with self._lock:
            tokens, last = self._buckets.pop(client, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            if tokens < cost_f:
                self._buckets[client] = (tokens, now)
                wait = math.ceil((cost_f - tokens) / self.rate)
                raise RateLimited(wait, cost)
            self._buckets[client] = (tokens - cost_f, now)
            while len(self._buckets) > self.max_clients:
                self._buckets.popitem(last=False)


class RateLimited(NewscredError):
    def __init__(self, retry_after: int, cost: int) -> None:
        what = "1 article" if cost == 1 else f"{cost} articles"
        super().__init__(
            "NC120",
            f"rate limit exceeded: this request needs {what}; retry after {retry_after} s",
        )
        self.retry_after = retry_after
