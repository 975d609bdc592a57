"""The interactive API docs at `/docs` (Swagger UI), with every asset served by the app.

FastAPI's own docs page loads Swagger UI from a CDN and its favicon from another host, so
it is blank offline. This is FastAPI's page pointed at the copy of Swagger UI (Apache-2.0)
that the `fastapi-offline` package (MIT) ships, mounted at /static/docs. There is no
/redoc: ReDoc's bundle always loads Redocly's logo from Redocly's CDN.
"""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter, FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS = "/static/docs"

router = APIRouter(include_in_schema=False)


def install(app: FastAPI) -> None:
    """The docs page and its assets (the app is built with docs_url=None, redoc_url=None)."""
    directory = resources.files("fastapi_offline").joinpath("static")
    app.mount(ASSETS, StaticFiles(directory=str(directory)), name="docs-assets")
    app.include_router(router)


@router.get("/docs", response_class=HTMLResponse)
async def swagger_ui() -> HTMLResponse:
    return get_swagger_ui_html(
        openapi_url="/openapi.json",
        title="newscred API",
        swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
        swagger_css_url=f"{ASSETS}/swagger-ui.css",
        swagger_favicon_url=f"{ASSETS}/favicon.png",
        oauth2_redirect_url=None,  # the API has no OAuth2 (keys go in a header)
        # null: no badge image fetched from the public validator (validator.swagger.io)
        swagger_ui_parameters={"validatorUrl": None},
    )
