"""Lateral reading under /v1: compare articles, stories and related coverage.

`POST /v1/compare` needs no store (articles sent as text are checked and compared on
their own); stored ids, `/v1/stories...` and `/v1/articles/{id}/related` need one
(`db`), else 409 NC304. Every route goes through the same keys, rate limit, body limit,
access log and metrics as /v1/check; a comparison costs one rate-limit token per article.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from newscred.comparison import ComparedArticle, ComparedPair, Comparison  # noqa: F401 - the parts, re-exported
from newscred.errors import NewscredError
from newscred.report import Report
from newscred.server.lateral import Lateral
from newscred.server.routes.common import (
    caller,
    error_responses,
    require_json,
    service_of,
    spend,
)

router = APIRouter(prefix="/v1", tags=["lateral reading"])

MAX_COMPARE = 10

STORED_ARTICLE_SCHEMA = {
    "type": "object",
    "title": "StoredArticleRef",
    "description": "An article already in the store, by its id (needs a store).",
    "properties": {"id": {"type": "string"}},
    "required": ["id"],
    "additionalProperties": False,
}


class CompareRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    articles: list[Any] = Field(
        description=f"2 to {MAX_COMPARE} articles: article objects as for POST /v1/check, or "
        '`{"id": "<stored id>"}` for an article in the store.',
        json_schema_extra={
            "items": {"anyOf": [{"$ref": "#/components/schemas/ArticleRequest"},
                                STORED_ARTICLE_SCHEMA]},
            "minItems": 2,
            "maxItems": MAX_COMPARE,
        },
    )


# -- response models -------------------------------------------------------------------
# The comparison's models live in newscred.comparison (the library returns them); the
# response adds the optional reports. The schema keeps its name, CompareResponse.
class CompareResponse(Comparison):
    """The comparison (docs/lateral-reading.md); `reports` only with `?reports=true`."""

    reports: list[Report] | None = Field(
        default=None, description="The articles' full reports, in request order (only with ?reports=true)."
    )


class StorySummary(BaseModel):
    id: int
    title: str | None
    first: str | None
    last: str | None
    articles: int
    outlets: list[str]
    members: list[str] = Field(description="The ids of the story's articles")


class StoriesResponse(BaseModel):
    count: int
    stories: list[StorySummary]


class StoredArticle(BaseModel):
    id: str
    title: str | None
    outlet: str | None
    domain: str | None
    published: str | None
    url: str | None
    score: int | None


class StoryResponse(BaseModel):
    id: int
    title: str | None
    first: str | None
    last: str | None
    articles: list[StoredArticle]


class RelatedArticle(StoredArticle):
    story: int | None
    similarity: float | None
    link: Literal["story", "pair"] = Field(
        description="'story': a member of the article's story; 'pair': paired with it "
        "directly by the same-story model at its pairwise threshold")
    probability: float | None = Field(
        default=None, description="The same-story model's probability for a direct pair")


class RelatedResponse(BaseModel):
    article: str
    story: int | None
    count: int
    related: list[RelatedArticle]


def lateral_of(request: Request) -> Lateral:
    return request.app.state.lateral


# -- compare ---------------------------------------------------------------------------
def _stored_id(item: Any) -> str | None:
    """The id of a `{"id": ...}` reference to a stored article, else None."""
    if isinstance(item, Mapping) and set(item) == {"id"} and isinstance(item["id"], str | int):
        return str(item["id"])
    return None


def _numbered(number: int, exc: NewscredError) -> NewscredError:
    return NewscredError(exc.code, f"article {number}: {exc.message}", hint=exc.hint)


async def compare_items(request: Request, items: list[Any], *, client: str) -> tuple[Comparison, list[Report]]:
    """Check or look up each article, in order, then compare them: what the API and the
    page share. Counts and the store are checked before any token is spent."""
    service = service_of(request)
    lateral = lateral_of(request)
    if len(items) > MAX_COMPARE:
        raise NewscredError(
            "NC121", f"the comparison holds {len(items)} articles, over the limit of {MAX_COMPARE}",
            hint=f"Compare at most {MAX_COMPARE} articles at a time.")
    if len(items) < 2:
        raise NewscredError(
            "NC303", f"compare needs two or more different articles, got {len(items)}",
            hint="Send at least two different articles.")
    stored_ids = [_stored_id(item) for item in items]
    if any(stored_ids) and not lateral.has_store:
        raise NewscredError(
            "NC304", "an article was given by id, but this server has no store",
            hint="Send the article's text, or start the server with --db PATH.")
    spend(request, client, cost=len(items))
    wanted = [i for i in stored_ids if i is not None]
    stored = await lateral.run(lateral.stored_reports, wanted) if wanted else {}
    reports: list[Report] = []
    for number, (item, stored_id) in enumerate(zip(items, stored_ids), start=1):
        if stored_id is not None:
            reports.append(stored[stored_id])
            continue
        try:
            checked = await service.check(item)
        except NewscredError as exc:
            raise _numbered(number, exc) from None
        reports.append(checked.report())
    distinct = {r.article.id for r in reports}
    if len(distinct) != len(reports):  # checked here, before the models load
        raise NewscredError(
            "NC303", f"the same article was given twice ({len(distinct)} different of {len(reports)})",
            hint="Give each article once; at least two different articles.")
    result = await lateral.run(lateral.compare, reports)
    return result, reports


@router.post(
    "/compare",
    response_model=CompareResponse,
    responses=error_responses(400, 401, 404, 409, 413, 415, 422, 429, 501, 502, 503),
    dependencies=[Depends(require_json)],
    summary="Compare 2-10 articles: same story?, claim by claim, framing",
)
async def compare(
    payload: CompareRequest,
    request: Request,
    reports: bool = Query(False, description="Include each article's full report."),
) -> JSONResponse:
    """Each article is checked as by POST /v1/check (or read from the store by id), then
    compared: the same-story verdict and similarity, every check-worthy claim with its
    status (corroborated, contradicted, disputed, unique) and evidence, the framing terms
    and the quote/relay contrast. Costs one rate-limit token per article."""
    result, checked = await compare_items(request, payload.articles, client=caller(request))
    body = result.model_dump(mode="json")
    if reports:
        body["reports"] = [r.model_dump(mode="json") for r in checked]
    return JSONResponse(body)


# -- the store -------------------------------------------------------------------------
def since_date(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        datetime.fromisoformat(value.strip())
    except ValueError:
        raise NewscredError("NC109", f"since: {value!r} is not an ISO date (YYYY-MM-DD)",
                            hint="Give since as an ISO date or date-time, e.g. 2026-03-01.") from None
    return value


@router.get(
    "/stories",
    response_model=StoriesResponse,
    responses=error_responses(401, 409, 422, 429),
    summary="Stories in the store, latest first",
)
async def stories(
    request: Request,
    since: str | None = Query(None, description="Only stories with coverage on or after this ISO date."),
    min_size: int = Query(1, ge=1, le=100_000, description="Only stories with at least N articles."),
    limit: int = Query(50, ge=1, le=1000, description="At most N stories."),
) -> JSONResponse:
    """Each story with its size, first and last coverage, and outlets."""
    lateral = lateral_of(request)
    spend(request, caller(request))
    found = await lateral.run(lambda: lateral.stories(since=since_date(since), min_size=min_size, limit=limit))
    return JSONResponse({"count": len(found), "stories": found})


@router.get(
    "/stories/{story_id}",
    response_model=StoryResponse,
    responses=error_responses(401, 404, 409, 422, 429),
    summary="One story and its articles",
)
async def story(story_id: int, request: Request) -> JSONResponse:
    """The story's articles with outlet, date and score, earliest first."""
    lateral = lateral_of(request)
    spend(request, caller(request))
    return JSONResponse(await lateral.run(lateral.story, story_id))


@router.get(
    "/articles/{article_id:path}/related",
    response_model=RelatedResponse,
    responses=error_responses(401, 404, 409, 422, 429),
    summary="Other coverage of a stored article's story",
)
async def related(
    article_id: str,
    request: Request,
    limit: int = Query(20, ge=1, le=1000, description="At most N articles."),
) -> JSONResponse:
    """The other articles of the stored article's story, most similar first."""
    lateral = lateral_of(request)
    spend(request, caller(request))
    return JSONResponse(await lateral.run(lambda: lateral.related(article_id, limit=limit)))
