"""The lateral-reading pages: `/compare` (form and result), `/stories`, `/stories/{id}`
and `/articles/{id}/related`. Each has a JSON twin under /v1, linked from the page.

Same rules as the report page: templates autoescape, the comparison fragment comes from
`newscred.render.compare` (which escapes every value), no scripts (the "compare these"
choice on a story page is checkboxes), and links are made only to http(s) article URLs.
"""

from __future__ import annotations

import base64
import json
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from newscred.errors import NewscredError
from newscred.render.compare import compare_fragment, verdict_of
from newscred.server.routes.common import caller, service_of, spend
from newscred.server.routes.pages import render
from newscred.server.routes.stories import MAX_COMPARE, compare_items, lateral_of, since_date

router = APIRouter(include_in_schema=False)

SLOTS = 3  # article slots on the compare form
SLOT_FIELDS = ("title", "text", "url", "outlet", "published")
CHECKED = 3  # articles ticked by default in a story's "compare these" form


def _path(value: str) -> str:
    """One URL path segment (article ids are the user's: they may hold '/' or '?')."""
    return quote(str(value), safe="")


def _link(url: str | None) -> str | None:
    """Only http(s) URLs become links: an article's url is user input (javascript:...)."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


def _article_row(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "href": _link(row.get("url")), "who": row.get("outlet") or row.get("domain") or "outlet unknown",
            "related_page": f"/articles/{_path(row['id'])}/related",
            "related_json": f"/v1/articles/{_path(row['id'])}/related"}


@router.get("/compare", response_class=HTMLResponse)
async def compare_form(request: Request) -> HTMLResponse:
    return render(request, "compare_form.html", slots=range(1, SLOTS + 1),
                  keys_required=request.app.state.settings.keys_required, max_compare=MAX_COMPARE)


@router.post("/compare", response_class=HTMLResponse)
async def compare_page(request: Request) -> HTMLResponse:
    service_of(request)  # 503 while the models load, before reading the form
    items, form_key = await _read_compare_form(request)
    comparison, reports = await compare_items(request, items, client=caller(request, form_key=form_key))
    result = comparison.model_dump(mode="json")
    payload = json.dumps(result, ensure_ascii=False).encode()
    articles = [{**a, "stored": a.get("story") is not None, **_article_row(a)} for a in result["articles"]]
    return render(
        request, "compare.html",
        verdict=verdict_of(result),
        fragment=Markup(compare_fragment(result, reports)),
        articles=articles,
        json_href="data:application/json;base64," + base64.b64encode(payload).decode("ascii"),
        json_name="newscred-comparison.json",
    )


async def _read_compare_form(request: Request) -> tuple[list[Any], str | None]:
    """The articles of the form's slots (those with a title, text or URL), then the
    stored ids a story page sends (`id`, repeated)."""
    media = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media not in ("multipart/form-data", "application/x-www-form-urlencoded"):
        raise NewscredError(
            "NC118", f"/compare takes a form, not {media or 'a body without a Content-Type'}",
            hint="Use the form at /compare, or send JSON to POST /v1/compare.")
    limit = request.app.state.settings.max_body_bytes
    # Room for every checkbox of a big story: ticking more than MAX_COMPARE is then
    # answered with NC121 by the comparison, not with a form-parsing error.
    fields = SLOTS * len(SLOT_FIELDS) + 1000 + 2
    async with request.form(max_files=0, max_fields=fields, max_part_size=limit) as form:
        items: list[Any] = []
        for slot in range(1, SLOTS + 1):
            data = {}
            for name in SLOT_FIELDS:
                value = form.get(f"{name}_{slot}")
                if isinstance(value, str) and value.strip():
                    data[name] = value
            if {"title", "text", "url"} & set(data):
                items.append(data)
        items += [{"id": v} for v in form.getlist("id") if isinstance(v, str) and v.strip()]
        key = form.get("api_key")
    return items, key if isinstance(key, str) and key else None


@router.get("/stories", response_class=HTMLResponse)
async def stories_page(
    request: Request,
    since: str | None = Query(None),
    min_size: int = Query(1, ge=1, le=100_000),
    limit: int = Query(50, ge=1, le=1000),
) -> HTMLResponse:
    lateral = lateral_of(request)
    spend(request, caller(request))
    since = since.strip() or None if since is not None else None
    found = await lateral.run(lambda: lateral.stories(since=since_date(since), min_size=min_size, limit=limit))
    query = {k: v for k, v in (("since", since), ("min_size", min_size), ("limit", limit)) if v is not None}
    return render(request, "stories.html", stories=found, since=since or "", min_size=min_size,
                  limit=limit, twin=f"/v1/stories?{urlencode(query)}")


@router.get("/stories/{story_id}", response_class=HTMLResponse)
async def story_page(story_id: int, request: Request) -> HTMLResponse:
    lateral = lateral_of(request)
    spend(request, caller(request))
    story = await lateral.run(lateral.story, story_id)
    articles = [_article_row(a) for a in story["articles"]]
    return render(request, "story.html", story=story, articles=articles, checked=CHECKED,
                  keys_required=request.app.state.settings.keys_required,
                  max_compare=MAX_COMPARE, twin=f"/v1/stories/{story['id']}")


@router.get("/articles/{article_id:path}/related", response_class=HTMLResponse)
async def related_page(
    article_id: str, request: Request, limit: int = Query(20, ge=1, le=1000)
) -> HTMLResponse:
    lateral = lateral_of(request)
    spend(request, caller(request))

    def both() -> tuple[dict[str, Any], dict[str, Any]]:
        return lateral.article(article_id), lateral.related(article_id, limit=limit)

    article, found = await lateral.run(both)
    return render(request, "related.html", article=_article_row(article),
                  related=[_article_row(r) for r in found["related"]], story=found["story"],
                  twin=f"/v1/articles/{_path(article_id)}/related?limit={limit}")
