"""Slow clients ("slowloris"): `newscred serve` closes a connection whose request headers or
body do not arrive within the configured deadline (server/deadlines.py).

One real server on loopback, with 1 s deadlines. Each test holds a raw socket, sends part
of a request and then nothing, and asserts only that the server closes the connection
well before a generous bound (never how fast it does).
"""

from __future__ import annotations

import os
import socket
import time
import urllib.request
from urllib.parse import urlsplit

import pytest

from newscred.server.live import serving

pytestmark = [pytest.mark.slow, pytest.mark.network]

DEADLINE = 1.0  # the server's header and body deadlines here
BOUND = 20.0  # the test's socket timeout: a server without deadlines never closes first


@pytest.fixture(scope="module")
def base():
    env = {**os.environ, "NEWSCRED_HEADER_TIMEOUT": str(DEADLINE), "NEWSCRED_BODY_TIMEOUT": str(DEADLINE)}
    with serving(["--rate-limit", "0"], env=env) as base:
        yield base


@pytest.fixture
def address(base):
    parts = urlsplit(base)
    return parts.hostname, parts.port


def connect(address) -> socket.socket:
    sock = socket.create_connection(address, timeout=BOUND)
    sock.settimeout(BOUND)
    return sock


def read_until_closed(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes; socket.timeout if it never does."""
    received = b""
    while chunk := sock.recv(65536):
        received += chunk
    return received


def test_dribbled_headers_are_cut_off(address):
    with connect(address) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        time.sleep(DEADLINE / 4)
        sock.sendall(b"X-Slow: a")  # a partial header line, then silence
        answer = read_until_closed(sock)
    assert answer.startswith(b"HTTP/1.1 408 ")


def test_a_connection_that_sends_nothing_is_closed(address):
    with connect(address) as sock:
        assert read_until_closed(sock) == b""


@pytest.mark.parametrize("path, media, start", [
    ("/v1/check", "application/json", b'{"title": "Slow", "text": "'),
    ("/check", "application/x-www-form-urlencoded", b"title=Slow&text="),
])
def test_dribbled_body_is_cut_off(base, address, path, media, start):
    with connect(address) as sock:
        sock.sendall(
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {media}\r\n"
            "Content-Length: 1000\r\n\r\n".encode() + start
        )
        answer = read_until_closed(sock)
    assert b"200 OK" not in answer  # never analysed: the body was not complete
    # A client cut off is not the server's fault: no internal error (NC204) is counted.
    with urllib.request.urlopen(base + "/metrics", timeout=BOUND) as response:
        assert 'code="NC204"' not in response.read().decode()


def test_prompt_requests_on_a_kept_alive_connection_are_answered(address):
    with connect(address) as sock:
        for _ in range(3):  # each response restarts the header deadline, none cuts one off
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            answer = b""
            while b'"ok"' not in answer:
                chunk = sock.recv(65536)
                assert chunk, f"closed early after {answer!r}"
                answer += chunk
            assert answer.startswith(b"HTTP/1.1 200 ")
            time.sleep(DEADLINE * 0.6)  # the third request comes after one deadline
