"""Liveness, readiness and Prometheus metrics."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST

from newscred import __version__
from newscred.report import SCHEMA_VERSION
from newscred.server.routes.common import caller, error_responses

router = APIRouter(tags=["operations"])


@router.get("/healthz", summary="Liveness: the process answers")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get(
    "/readyz",
    summary="Readiness: models loaded",
    responses={503: {"description": "Models not loaded yet."}},
)
async def readyz(request: Request) -> JSONResponse:
    service = getattr(request.app.state, "service", None)
    if service is None:
        return JSONResponse({"status": "loading"}, status_code=503)
    return JSONResponse(
        {
            "status": "ready",
            "newscred": __version__,
            "schema_version": SCHEMA_VERSION,
            "analyzers": list(service.loaded.analyzers),
            "model_versions": service.loaded.model_versions,
            "workers": service.settings.workers,
        }
    )


@router.get(
    "/metrics",
    summary="Prometheus metrics (text format) of this worker",
    response_class=Response,
    responses={200: {"content": {CONTENT_TYPE_LATEST: {}}}, **error_responses(401)},
)
async def metrics(request: Request) -> Response:
    caller(request)  # behind the API keys when they are required
    return Response(request.app.state.metrics.render(), media_type=CONTENT_TYPE_LATEST)
