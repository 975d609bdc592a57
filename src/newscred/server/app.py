"""The FastAPI app: `create_app(settings)` builds it; models load once per worker, at start.

Layers, outermost first: Observe (request id, access log, metrics, security headers),
CORS (only when origins are configured), BodyLimit (413 before a body is read), then
the routers: /v1 (JSON API: check, sources, compare and stories), health (/healthz,
/readyz, /metrics), pages (/, /check, /compare, /stories) and docs (/docs, with its
assets under /static/docs).

With `settings.db`, the app opens the article store when it is built (a bad file fails
here with NC300) and closes it when it stops; see server/lateral.py.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from newscred import __version__
from newscred.pipeline import Pipeline, PipelineConfig
from newscred.server.backends import Backend, Loaded, ProcessBackend, ThreadBackend, describe
from newscred.server.errors import install_handlers
from newscred.server.lateral import Lateral
from newscred.server.limits import BodyLimit, KeyCheck, RateLimiter
from newscred.server.metrics import Metrics
from newscred.server.observe import Observe
from newscred.server.routes import api, docs, health, pages, sources, stories, story_pages
from newscred.server.service import Service
from newscred.server.settings import ServerSettings

log = logging.getLogger(__name__)

DESCRIPTION = """\
Credibility reports for news articles: the same report as `newscred check --format json`.
Errors always have the shape `{"error": {"code", "message", "hint"}}`.
See docs/api.md for limits, keys, rate limits and the versioning policy.
"""


def create_app(
    settings: ServerSettings | None = None, *, pipeline: Pipeline | None = None
) -> FastAPI:
    """The app. Without `pipeline`, `settings.workers` analysis processes start (and load
    the models) when the app starts; with one, it runs in a thread of this process."""
    settings = settings or ServerSettings()
    metrics = Metrics()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        started: ProcessBackend | None = None
        if getattr(app.state, "service", None) is None:
            config = pipeline_config(settings)
            started = ProcessBackend(config=config, workers=settings.workers)
            loaded = await started.start()
            log.info("%d analysis worker(s) ready: %s", settings.workers, loaded.model_versions)
            app.state.service = _service(settings, metrics, started, loaded)
        try:
            yield
        finally:
            if started is not None:
                await started.stop()
            app.state.lateral.close()

    app = FastAPI(
        title="newscred",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # /docs comes from routes/docs.py, with local assets, not a CDN's
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.metrics = metrics
    app.state.keys = KeyCheck(settings.api_keys)
    app.state.limiter = RateLimiter(per_minute=settings.effective_rate_limit, burst=settings.rate_burst)
    app.state.service = None
    app.state.lateral = Lateral(settings.db)
    if pipeline is not None:
        backend = ThreadBackend(pipeline)
        app.state.service = _service(settings, metrics, backend, describe(pipeline))

    app.include_router(api.router)
    app.include_router(sources.router)
    app.include_router(stories.router)
    app.include_router(health.router)
    app.include_router(pages.router)
    app.include_router(story_pages.router)
    docs.install(app)
    install_handlers(app, html_errors=pages.error_page)

    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    if settings.cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type", "X-Request-ID"],
            expose_headers=["X-Request-ID", "Retry-After"],
            max_age=600,
        )
    app.add_middleware(Observe, metrics=metrics)
    return app


def pipeline_config(settings: ServerSettings) -> PipelineConfig:
    """The pipeline settings the workers will use, checked here so that a bad file fails
    with NC203 before any worker starts."""
    path = settings.pipeline_config
    config = PipelineConfig.from_toml(path) if path is not None else PipelineConfig()
    config.check_analyzers()
    return config


def _service(settings: ServerSettings, metrics: Metrics, backend: Backend, loaded: Loaded) -> Service:
    metrics.ready.set(1)
    return Service(settings=settings, backend=backend, loaded=loaded, metrics=metrics)
