"""Fixtures for the server tests: an app on the shared pipeline, driven in-process."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi", reason="the server tests need the 'serve' extra")

from fastapi.testclient import TestClient  # noqa: E402

from newscred.server.app import create_app  # noqa: E402
from newscred.server.settings import ServerSettings  # noqa: E402

KEY = "test-key-0123456789abcdef"
OTHER_KEY = "other-key-0123456789abcdef"


@pytest.fixture
def make_client(pipeline):
    """Build a client for an app with the given settings (keyword arguments)."""
    clients = []

    def build(**settings) -> TestClient:
        app = create_app(ServerSettings(**settings), pipeline=pipeline)
        client = TestClient(app, raise_server_exceptions=False)
        clients.append(client)
        return client

    yield build
    for client in clients:
        client.close()


@pytest.fixture
def client(make_client) -> TestClient:
    return make_client()
