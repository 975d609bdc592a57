"""GET /v1/sources/{domain}: what the rating lists say about one outlet."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from newscred.server.routes.common import caller, error_responses, spend

router = APIRouter(prefix="/v1", tags=["sources"])


@router.get(
    "/sources/{domain}",
    summary="One outlet's record, with a citation for every field",
    responses=error_responses(401, 422, 429),
)
async def source(domain: str, request: Request) -> JSONResponse:
    """`domain` is a domain (example.com) or an outlet name (URL-encoded). An unknown outlet
    answers 200 with `known: false`: unknown is not bad."""
    from newscred.outlets.table import default_table

    spend(request, caller(request))
    return JSONResponse(default_table().lookup(domain).to_dict())
