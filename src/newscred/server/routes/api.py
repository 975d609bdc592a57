"""The JSON API under /v1: one article, or a batch in order with per-item errors."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request, Response

from newscred.errors import NewscredError
from newscred.report import Report
from newscred.server.lateral import no_store
from newscred.server.routes.common import (
    caller,
    error_responses,
    require_json,
    service_of,
    spend,
)
from newscred.server.service import ArticleRequest, BatchRequest, BatchResponse, batch_json

router = APIRouter(prefix="/v1", tags=["check"], dependencies=[Depends(require_json)])

JSON = "application/json"


@router.post(
    "/check",
    response_model=Report,
    responses=error_responses(400, 401, 409, 413, 415, 422, 429, 502, 503),
    summary="Analyse one article",
)
async def check(
    payload: ArticleRequest,
    request: Request,
    store: bool = Query(
        False, description="Keep the article and its report in the server's store (needs a "
        "store: 409 NC304 otherwise) and place it into a story."),
) -> Response:
    """The same report as `newscred check --format json`.

    Give `text` (or `body`), `html`, or a `url` (fetched only when neither text nor html
    is given; private, loopback and link-local addresses are refused). When the server
    has a store holding other coverage of the article's story, the report gains the
    `corroboration` signal (docs/lateral-reading.md).
    """
    service = service_of(request)
    lateral = request.app.state.lateral
    if store and not lateral.has_store:
        raise no_store("?store=true")
    spend(request, caller(request))
    checked = await service.check(payload.model_dump(exclude_none=True))
    if not lateral.has_store:
        return Response(checked.json, media_type=JSON)
    report = await lateral.run(lambda: lateral.corroborate(checked.report(), store=store))
    return Response(report.model_dump_json(), media_type=JSON)


@router.post(
    "/check/batch",
    response_model=BatchResponse,
    responses=error_responses(400, 401, 413, 415, 422, 429, 503),
    summary="Analyse several articles, in order",
)
async def check_batch(payload: BatchRequest, request: Request) -> Response:
    """Up to `max_batch` articles (default 100). An article that fails becomes an error
    entry `{"id", "record", "error": {...}}` in its place; the request still succeeds."""
    service = service_of(request)
    limit = service.settings.max_batch
    if len(payload.articles) > limit:
        raise NewscredError(
            "NC121", f"the batch holds {len(payload.articles)} articles, over the limit of {limit}"
        )
    if not payload.articles:
        raise NewscredError("NC101", "the batch holds no articles", hint="Send 1 or more articles.")
    spend(request, caller(request), cost=len(payload.articles))
    results = await service.check_many(payload.articles)
    return Response(batch_json(results), media_type=JSON)
