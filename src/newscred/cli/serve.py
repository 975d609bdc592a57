"""`newscred serve`: start uvicorn with the app. Imports nothing heavy until it runs."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated, Optional

import typer

from newscred.errors import NewscredError


def serve(  # noqa: PLR0913 - one option per documented flag
    host: Annotated[str, typer.Option(help="Interface to bind; not loopback needs API keys.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    workers: Annotated[
        int, typer.Option(help="Analysis processes behind the one HTTP process; each loads "
                          "the models at start.")
    ] = 1,
    config: Annotated[
        Optional[Path], typer.Option(help="TOML file with a 'serve' table (see docs/api.md).")
    ] = None,
    no_auth: Annotated[
        bool, typer.Option("--no-auth", help="Serve without API keys, even on a public interface.")
    ] = False,
    rate_limit: Annotated[
        Optional[float], typer.Option(help="Articles per minute per key or client; 0 turns it off.")
    ] = None,
    cors_origin: Annotated[
        Optional[list[str]], typer.Option(help="Allow this browser origin (repeatable).")
    ] = None,
    max_body_bytes: Annotated[Optional[int], typer.Option(help="Largest request body.")] = None,
    max_batch: Annotated[Optional[int], typer.Option(help="Most articles per batch request.")] = None,
    db: Annotated[
        Optional[Path], typer.Option(help="An article store (SQLite) for stories, related coverage "
                                     "and corroboration; created if missing.")
    ] = None,
    log_level: Annotated[str, typer.Option(help="debug, info, warning or error.")] = "info",
) -> None:
    """Serve the HTTP API (/v1/check, /docs) and the web page (/) with uvicorn."""
    from newscred.console import fail

    try:
        import fastapi_offline  # noqa: F401 - the docs pages' assets (routes/docs.py)
        import uvicorn

        from newscred.server.app import create_app, pipeline_config
        from newscred.server.deadlines import deadline_protocol
        from newscred.server.settings import load_settings
    except ImportError as exc:
        raise fail(NewscredError(
            "NC203", f"the server needs the 'serve' extra ({exc.name} is missing)",
            hint="Install it with: pip install 'newscred[serve]'",
        )) from None
    try:
        settings = load_settings(
            config=config,
            overrides={
                "host": host, "port": port, "workers": workers,
                "auth": "off" if no_auth else None, "rate_limit": rate_limit,
                "cors_origins": cors_origin or None, "max_body_bytes": max_body_bytes,
                "max_batch": max_batch, "db": db,
            },
        )
        settings.check_startable()
        pipeline_config(settings)
        app = create_app(settings)  # opens the store, if any: a bad file stops here (NC300)
        app.state.lateral.warm()  # with a store, the embedding model must be installed (NC206)
    except NewscredError as exc:
        raise fail(exc) from None
    logging.basicConfig(level=log_level.upper(), format="%(asctime)s %(levelname)s %(name)s %(message)s")
    typer.echo(
        f"newscred serving on http://{host}:{settings.port} "
        f"(API keys {'required' if settings.keys_required else 'off'}, "
        f"{settings.workers} worker{'s' if settings.workers > 1 else ''}"
        f"{', store ' + str(settings.db) if settings.db else ''})",
        err=True,
    )
    # One HTTP process; `workers` analysis processes behind it (server/backends.py).
    # uvicorn's h11 protocol with read deadlines: a slow client cannot hold a connection.
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        http=deadline_protocol(settings.header_timeout, settings.body_timeout),
        log_level=log_level.lower(),
        access_log=False,  # our own access log records ids, sizes and timings
        proxy_headers=False,
    )
