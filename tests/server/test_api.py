"""The JSON API: reports equal to the library's, batches, and every error and limit."""

from __future__ import annotations

import json

import pytest

from newscred.errors import NewscredError
from newscred.ingest.url import FetchedPage
from newscred.report import report_json_schema
from tests.conftest import SENSATIONAL_TITLE, WIRE_BODY, WIRE_TITLE
from tests.server.helpers import SENSATIONAL, WIRE, assert_error, without_timings


def test_check_gives_the_library_report(client, pipeline):
    response = client.post("/v1/check", json=WIRE)
    assert response.status_code == 200
    body = response.json()
    expected = json.loads(pipeline.check(WIRE).model_dump_json())
    assert without_timings(body) == without_timings(expected)
    import jsonschema

    jsonschema.validate(body, report_json_schema())


def test_the_two_styles_of_coverage_are_told_apart(client):
    wire = client.post("/v1/check", json=WIRE).json()
    sensational = client.post("/v1/check", json=SENSATIONAL).json()
    assert wire["assessment"]["score"] > sensational["assessment"]["score"]
    flagged = {s["name"] for s in sensational["signals"] if s["spans"]}
    assert {"headline", "sourcing"} <= flagged


def test_body_is_an_alias_of_text(client):
    via_body = client.post("/v1/check", json={"title": WIRE_TITLE, "body": WIRE_BODY}).json()
    via_text = client.post("/v1/check", json={"title": WIRE_TITLE, "text": WIRE_BODY}).json()
    assert without_timings(via_body) == without_timings(via_text)


def test_batch_keeps_order_and_reports_item_errors(client):
    articles = [WIRE, {"title": 5, "text": WIRE_BODY}, 7, {"title": "no text"}, SENSATIONAL]
    response = client.post("/v1/check/batch", json={"articles": articles})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 5 and body["failed"] == 3
    results = body["results"]
    assert results[0]["article"]["title"] == WIRE_TITLE
    assert results[4]["article"]["title"] == SENSATIONAL_TITLE
    assert [r["error"]["code"] for r in results[1:4]] == ["NC109", "NC109", "NC108"]
    assert [r["record"] for r in results[1:4]] == [2, 3, 4]
    assert "title" in results[1]["error"]["message"]


def test_batch_limits(make_client):
    client = make_client(max_batch=2)
    error = assert_error(
        client.post("/v1/check/batch", json={"articles": [WIRE, WIRE, WIRE]}), 422, "NC121"
    )
    assert "3 articles" in error["message"] and "2" in error["message"]
    assert_error(client.post("/v1/check/batch", json={"articles": []}), 422, "NC101")
    assert_error(client.post("/v1/check/batch", json=[WIRE]), 422, "NC109")


def test_malformed_json_is_400(client):
    for route in ("/v1/check", "/v1/check/batch"):
        response = client.post(
            route, content=b'{"title": "x",', headers={"content-type": "application/json"}
        )
        assert_error(response, 400, "NC106")


def test_body_must_be_sent_as_json(client):
    response = client.post("/v1/check", content=json.dumps(WIRE), headers={"content-type": "text/plain"})
    assert "application/json" in assert_error(response, 415, "NC118")["message"]
    assert_error(client.post("/v1/check/batch", data={"articles": "x"}), 415, "NC118")


def test_json_nested_too_deeply_is_400(client):
    deep = "[" * 100_000 + "]" * 100_000
    response = client.post("/v1/check", content=deep, headers={"content-type": "application/json"})
    assert "nested too deeply" in assert_error(response, 400, "NC106")["message"]


@pytest.mark.parametrize(
    ("payload", "needle"),
    [
        ({"title": 3, "text": WIRE_BODY}, "title"),
        ({"text": WIRE_BODY, "colour": "red"}, "colour"),
        ({"text": ["a", "list"]}, "text"),
        ("just a string", "body"),
    ],
)
def test_invalid_fields_are_422_and_named(client, payload, needle):
    error = assert_error(client.post("/v1/check", json=payload), 422, "NC109")
    assert needle in error["message"]


def test_the_request_fields_are_the_records(client):
    # ArticleRequest is built from the declared input fields; the wire names stay put.
    from newscred.server.service import ArticleRequest

    schema = client.get("/openapi.json").json()["components"]["schemas"]["ArticleRequest"]
    names = ["id", "title", "text", "body", "html", "url", "outlet", "published", "author"]
    assert list(ArticleRequest.model_fields) == list(schema["properties"]) == names
    assert schema["additionalProperties"] is False
    assert {"type": "integer"} in schema["properties"]["id"]["anyOf"]


def test_no_text_html_or_url_is_422(client):
    error = assert_error(client.post("/v1/check", json={"title": "Only a title"}), 422, "NC108")
    assert "url" in error["hint"]


def test_over_long_article_is_413(pipeline):
    from fastapi.testclient import TestClient

    from newscred.pipeline import Pipeline, PipelineConfig
    from newscred.server.app import create_app

    small = Pipeline(config=PipelineConfig(max_chars=500), analyzers=pipeline.analyzers)
    with TestClient(create_app(pipeline=small)) as client:
        assert_error(client.post("/v1/check", json=WIRE), 413, "NC113")


def test_body_over_the_limit_is_413(make_client):
    client = make_client(max_body_bytes=2_000)
    big = {"title": "x", "text": "word " * 1_000}
    error = assert_error(client.post("/v1/check", json=big), 413, "NC105")
    assert "2,000" in error["message"]

    def chunks():  # no Content-Length: the body is counted as it streams
        yield b'{"text": "'
        for _ in range(100):
            yield b"word " * 20
        yield b'"}'

    response = client.post("/v1/check", content=chunks(), headers={"content-type": "application/json"})
    assert_error(response, 413, "NC105")


def test_declared_oversize_body_is_refused_before_reading():
    import asyncio

    from newscred.server.limits import BodyLimit

    async def never_called(scope, receive, send):  # the app behind must not run
        raise AssertionError("the app ran")

    async def receive():
        raise AssertionError("the body was read")

    sent = []

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http", "method": "POST", "path": "/v1/check",
        "headers": [(b"content-length", b"999999999"), (b"content-type", b"application/json")],
    }
    asyncio.run(BodyLimit(never_called, limit=1_000)(scope, receive, send))
    assert sent[0]["status"] == 413
    assert json.loads(sent[1]["body"])["error"]["code"] == "NC105"


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:8000/admin", "http://169.254.169.254/latest/meta-data/",
     "http://[::1]/", "http://10.0.0.1/", "file:///etc/passwd", "/etc/passwd",
     "pyproject.toml", "\x00", "ftp://example.com/a"],
)
def test_private_and_odd_urls_are_refused(client, url):
    assert_error(client.post("/v1/check", json={"url": url}), 422, "NC110")


def test_url_is_fetched_only_without_text(client, monkeypatch):
    calls = []
    page = (
        "<html><head><title>Council approves budget</title></head><body><article>"
        + "".join(f"<p>{p}</p>" for p in WIRE_BODY.split("\n\n"))
        + "</article></body></html>"
    ).encode()

    def fake_fetch(url, **options):
        calls.append((url, options))
        return FetchedPage(url=url, content_type="text/html; charset=utf-8", body=page, encoding="utf-8")

    monkeypatch.setattr("newscred.ingest.url.fetch_url", fake_fetch)
    with_text = client.post("/v1/check", json={**WIRE, "url": "https://news.example/a"})
    assert with_text.status_code == 200 and calls == []
    assert with_text.json()["article"]["url"] == "https://news.example/a"

    fetched = client.post(
        "/v1/check", json={"url": "https://news.example/a", "outlet": "Example Daily"}
    )
    assert fetched.status_code == 200, fetched.text
    assert [url for url, _ in calls] == ["https://news.example/a"]
    assert calls[0][1]["allow_private"] is False
    article = fetched.json()["article"]
    assert article["outlet"] == "Example Daily"  # the request's metadata wins
    assert "Mayor Elena Vasquez" in article["body"]


def test_unreachable_url_is_502(client, monkeypatch):
    def unreachable(url, **options):
        raise NewscredError("NC111", f"{url}: connection refused")

    monkeypatch.setattr("newscred.ingest.url.fetch_url", unreachable)
    assert_error(client.post("/v1/check", json={"url": "https://news.example/gone"}), 502, "NC111")


def test_unknown_route_and_method(client):
    assert_error(client.get("/v2/check"), 404, "NC116")
    assert_error(client.get("/v1/check"), 405, "NC117")


def test_unexpected_failure_is_500_with_request_id(client, monkeypatch):
    async def broken(data):
        raise RuntimeError("boom")

    monkeypatch.setattr(client.app.state.service, "check", broken)
    response = client.post("/v1/check", json=WIRE, headers={"x-request-id": "req-42"})
    error = assert_error(response, 500, "NC204")
    assert "req-42" in error["message"] and "boom" not in error["message"]
    assert response.headers["x-request-id"] == "req-42"
