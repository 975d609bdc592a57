"""The web page: `/` is the form, `/check` answers with the HTML report.

Every value from an article is escaped: the page templates autoescape, and the report
fragment comes from `newscred.render.html`, which escapes everything it takes from a
report. No scripts at all: the highlight toggles are CSS, the JSON download a data: URL.
"""

from __future__ import annotations

import base64
import json
from functools import cache
from importlib import resources
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from newscred import __version__
from newscred.analyzers import registered
from newscred.errors import CATALOGUE, NewscredError
from newscred.ingest import sniff_format, split_headline
from newscred.ingest.decode import check_not_binary, decode_bytes
from newscred.render.common import assign_styles, title_of
from newscred.render.compare import compare_css
from newscred.render.html import SIGNAL_COLOURS, SPARE_COLOURS, report_article, signal_class
from newscred.render.html_style import page_css
from newscred.report import SCHEMA_VERSION
from newscred.server.routes.common import caller, service_of, spend

router = APIRouter(include_in_schema=False)

FORM_FIELDS = ("title", "text", "url", "outlet", "published", "author")


@cache
def templates() -> Environment:
    return Environment(
        loader=PackageLoader("newscred.server", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    lateral = getattr(request.app.state, "lateral", None)
    context.update(version=__version__, schema_version=SCHEMA_VERSION,
                   has_store=bool(lateral is not None and lateral.has_store))
    html = templates().get_template(name).render(**context)
    return HTMLResponse(html, status_code=status)


@router.get("/", response_class=HTMLResponse)
async def index(request: Request) -> HTMLResponse:
    settings = request.app.state.settings
    service = getattr(request.app.state, "service", None)
    max_chars = service.loaded.max_chars if service else 0
    return render(
        request,
        "index.html",
        keys_required=settings.keys_required,
        max_body_mb=f"{settings.max_body_bytes / 1_000_000:g}",
        max_chars=f"{max_chars:,}",
    )


@router.get("/check")
async def check_get() -> RedirectResponse:
    return RedirectResponse("/", status_code=303)


@router.post("/check", response_class=HTMLResponse)
async def check_page(request: Request) -> HTMLResponse:
    service = service_of(request)
    data, form_key = await _read_request(request)
    spend(request, caller(request, form_key=form_key))
    checked = await service.check(data)
    report = checked.report()
    payload = checked.json.encode()
    lateral = request.app.state.lateral
    if lateral.has_store:  # as /v1/check: corroboration from stored coverage (nothing stored)
        report = await lateral.run(lambda: lateral.corroborate(report, store=False))
        payload = report.model_dump_json().encode()
    return render(
        request,
        "report.html",
        title=title_of(report),
        report_html=Markup(report_article(report, top=5)),
        json_href="data:application/json;base64," + base64.b64encode(payload).decode("ascii"),
        json_name=f"newscred-report-{report.article.id}.json",
    )


async def _read_request(request: Request) -> tuple[Any, str | None]:
    """The article fields from a JSON body or a (multipart or urlencoded) form."""
    media = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media == "application/json":
        try:
            return json.loads(await request.body()), None
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise NewscredError(
                "NC106", f"the request body is not valid JSON: {exc}",
                hint="Send one JSON object, as for POST /v1/check.",
            ) from exc
        except RecursionError:
            raise NewscredError(
                "NC106", "the request body is JSON nested too deeply to read",
                hint="Send one flat JSON object, as for POST /v1/check.",
            ) from None
    if media not in ("multipart/form-data", "application/x-www-form-urlencoded"):
        raise NewscredError(
            "NC118", f"/check takes a form or JSON, not {media or 'a body without a Content-Type'}"
        )
    limit = request.app.state.settings.max_body_bytes
    # The context manager closes the upload's temporary file when done.
    async with request.form(
        max_files=1, max_fields=len(FORM_FIELDS) + 2, max_part_size=limit
    ) as form:
        data: dict[str, Any] = {}
        for name in FORM_FIELDS:
            value = form.get(name)
            if isinstance(value, str) and value.strip():
                data[name] = value
        upload = form.get("file")
        if upload is not None and not isinstance(upload, str):
            raw = await upload.read()
            if raw.strip():
                name = upload.filename or "the uploaded file"
                check_not_binary(raw, name=name)
                content, _warning = decode_bytes(raw, name=name)
                if sniff_format(content) == "html":
                    data["html"] = content
                elif "text" not in data:  # a saved .txt: its first line is the headline
                    headline, data["text"] = split_headline(content, title=data.get("title"))
                    if headline:
                        data["title"] = headline
        key = form.get("api_key")
    return data, key if isinstance(key, str) and key else None


def error_page(request: Request, exc: NewscredError, status: int, headers: dict[str, str] | None):
    response = render(
        request,
        "error.html",
        status=status,
        title=CATALOGUE[exc.code].title,
        code=exc.code,
        message=exc.message,
        hint=exc.hint,
    )
    response.headers.update(headers or {})
    return response


@router.get("/static/newscred.css")
async def stylesheet() -> Response:
    return Response(
        stylesheet_text(),
        media_type="text/css; charset=utf-8",
        headers={"Cache-Control": "public, max-age=3600"},
    )


@cache
def stylesheet_text() -> str:
    # One rule per known signal (every registered analyzer plus the ones later issues
    # name in SIGNAL_COLOURS); classes come from constants, never from a report.
    # `corroboration` is added by the store, not by an analyzer.
    names = sorted(set(SIGNAL_COLOURS) | set(registered()) | {"corroboration"})
    colours = assign_styles(names, SIGNAL_COLOURS, SPARE_COLOURS)
    rules = {signal_class(name): colour for name, colour in colours.items()}
    page = resources.files("newscred.server").joinpath("static/page.css").read_text("utf-8")
    # page.css last: its rules refine the report's and the comparison's for the site.
    return page_css(rules) + compare_css(".compare") + "\n" + page
