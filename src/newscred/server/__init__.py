"""`newscred serve`: the HTTP API and the web page (needs the `serve` extra).

    from newscred.server import create_app
    app = create_app()          # models load when the app starts
"""

from __future__ import annotations

from typing import Any


def create_app(*args: Any, **kwargs: Any):  # noqa: ANN201 - re-exported lazily
    from newscred.server.app import create_app as build

    return build(*args, **kwargs)
