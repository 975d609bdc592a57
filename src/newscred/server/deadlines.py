"""Read deadlines for uvicorn's h11 protocol, so that a slow client cannot hold a connection.

uvicorn bounds the idle time between two requests on a kept-alive connection, but not the
time a client takes to send a request: a "slowloris" client that dribbles its headers or
its body a byte at a time holds the connection, and its memory, for as long as it likes.
`deadline_protocol` subclasses uvicorn's h11 protocol with two deadlines:

- headers: the request line and headers must have arrived `header_timeout` seconds after
  the connection opened, or after the previous response ended on a kept-alive
  connection. Otherwise the server answers 408 (when part of a request came) and closes.
- body: the whole body must have arrived `body_timeout` seconds after the headers ended.
  Otherwise the connection is closed; the app sees the client disconnect.

The time the app takes to answer is not limited here. The deadline follows h11's view of
the client (`their_state`): IDLE while the headers are awaited, SEND_BODY while the body
is, anything else means no read is pending.
"""

from __future__ import annotations

import asyncio
from typing import Literal

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

Phase = Literal["headers", "body"]

_TIMEOUT_TEXT = b"The request was not sent in time.\n"
TIMEOUT_RESPONSE = (
    b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\n"
    b"content-length: %d\r\nconnection: close\r\n\r\n%s" % (len(_TIMEOUT_TEXT), _TIMEOUT_TEXT)
)


class DeadlineH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a header-read and a body-read deadline (seconds)."""

    header_timeout: float = 10.0
    body_timeout: float = 30.0

    _phase: Phase | None = None
    _deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._watch()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        self._watch()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._watch()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel()
        super().connection_lost(exc)

    def _watch(self) -> None:
        """Start the deadline of the read now pending, if it changed; stop a finished one."""
        state = self.conn.their_state
        phase: Phase | None = "headers" if state is h11.IDLE else "body" if state is h11.SEND_BODY else None
        if self.transport.is_closing():
            phase = None
        if phase == self._phase:
            return
        self._cancel()
        self._phase = phase
        if phase is not None:
            timeout = self.header_timeout if phase == "headers" else self.body_timeout
            self._deadline = self.loop.call_later(timeout, self._expired)

    def _cancel(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None
        self._phase = None

    def _expired(self) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        if self._phase == "body":
            self.logger.info("closed a connection: the request body did not arrive in time")
        elif self.conn.trailing_data[0]:  # part of a request came: say why before closing
            self.logger.info("closed a connection: the request headers did not arrive in time")
            self.transport.write(TIMEOUT_RESPONSE)
        self.transport.close()


def deadline_protocol(header_timeout: float, body_timeout: float) -> type[DeadlineH11Protocol]:
    """The protocol class to give uvicorn (`http=`), with these deadlines in seconds."""
    return type(
        "DeadlineH11Protocol",
        (DeadlineH11Protocol,),
        {"header_timeout": header_timeout, "body_timeout": body_timeout},
    )
