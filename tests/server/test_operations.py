"""Health, readiness, metrics, API keys, rate limits, CORS, headers, logs and settings."""

from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient

from newscred.errors import NewscredError
from newscred.server.app import create_app
from newscred.server.limits import RateLimited, RateLimiter
from newscred.server.settings import ServerSettings, load_settings
from tests.conftest import WIRE_BODY, WIRE_TITLE
from tests.server.conftest import KEY, OTHER_KEY
from tests.server.helpers import WIRE, assert_error


def test_health_and_readiness(pipeline):
    app = create_app()  # no pipeline given: models load at start-up
    unstarted = TestClient(app)  # not entered: the lifespan (model loading) has not run
    assert unstarted.get("/healthz").json() == {"status": "ok"}
    assert unstarted.get("/readyz").status_code == 503
    assert_error(unstarted.post("/v1/check", json=WIRE), 503, "NC205")
    with TestClient(app) as started:
        ready = started.get("/readyz")
        assert ready.status_code == 200
        body = ready.json()
        assert body["status"] == "ready"
        assert body["analyzers"] == [a.name for a in pipeline.analyzers]
        assert body["model_versions"] == pipeline.model_versions


def metric(text: str, name: str, **labels: str) -> float:
    """The value of one sample in Prometheus text, 0 when absent."""
    wanted = ",".join(f'{k}="{v}"' for k, v in labels.items())
    prefix = f"{name}{{{wanted}}} " if labels else f"{name} "
    for line in text.splitlines():
        if line.startswith(prefix):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_metrics_count_requests_latency_errors_and_articles(client):
    client.post("/v1/check", json=WIRE)
    client.post("/v1/check", json={"title": "short", "text": "Too short to judge."})
    client.post("/v1/check", json={"title": "no text"})
    client.post("/v1/check/batch", json={"articles": [WIRE, {"title": 1}]})
    client.get("/no/such/route")
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    text = response.text
    assert metric(text, "newscred_http_requests_total", method="POST", route="/v1/check", status="200") == 2
    assert metric(text, "newscred_http_requests_total", method="POST", route="/v1/check", status="422") == 1
    assert metric(text, "newscred_http_requests_total", method="GET", route="(unmatched)", status="404") == 1
    assert metric(text, "newscred_articles_analysed_total", outcome="scored") == 2
    assert metric(text, "newscred_articles_analysed_total", outcome="abstained") == 1
    assert metric(text, "newscred_errors_total", code="NC108") == 1
    assert metric(text, "newscred_errors_total", code="NC109") == 1  # the batch item
    assert metric(text, "newscred_errors_total", code="NC116") == 1
    assert metric(
        text, "newscred_http_request_duration_seconds_count", method="POST", route="/v1/check"
    ) == 3
    assert metric(
        text, "newscred_http_request_duration_seconds_bucket", le="+Inf", method="POST", route="/v1/check"
    ) == 3
    assert metric(text, "newscred_ready") == 1
    assert "/no/such/route" not in text  # unknown paths never become labels


def test_api_keys(make_client):
    client = make_client(api_keys=(KEY, OTHER_KEY))
    assert_error(client.post("/v1/check", json=WIRE), 401, "NC119")
    wrong = client.post("/v1/check", json=WIRE, headers={"Authorization": "Bearer not-a-key-at-all-x"})
    assert_error(wrong, 401, "NC119")
    basic = client.post("/v1/check", json=WIRE, headers={"Authorization": f"Basic {KEY}"})
    assert "Bearer" in assert_error(basic, 401, "NC119")["message"]
    for key in (KEY, OTHER_KEY):
        ok = client.post("/v1/check", json=WIRE, headers={"Authorization": f"Bearer {key}"})
        assert ok.status_code == 200
    assert_error(client.get("/metrics"), 401, "NC119")
    assert client.get("/metrics", headers={"Authorization": f"Bearer {KEY}"}).status_code == 200
    assert client.get("/healthz").status_code == 200  # probes stay open
    assert client.get("/readyz").status_code == 200


def test_keys_are_required_off_loopback_unless_disabled():
    assert not ServerSettings().keys_required
    assert ServerSettings(host="0.0.0.0").keys_required
    assert ServerSettings(host="::1").keys_required is False
    assert ServerSettings(api_keys=(KEY,)).keys_required  # keys configured: used
    assert not ServerSettings(host="0.0.0.0", auth="off").keys_required
    with pytest.raises(NewscredError) as refused:
        ServerSettings(host="0.0.0.0").check_startable()
    assert refused.value.code == "NC203" and "--no-auth" in refused.value.hint
    with pytest.raises(NewscredError):
        ServerSettings(auth="on").check_startable()
    with pytest.raises(NewscredError, match="16 characters"):
        ServerSettings(api_keys=("short",)).check_startable()
    ServerSettings(host="0.0.0.0", api_keys=(KEY,)).check_startable()
    ServerSettings(host="0.0.0.0", auth="off").check_startable()


def test_rate_limit_answers_429_per_key(make_client):
    client = make_client(api_keys=(KEY, OTHER_KEY), rate_limit=60, rate_burst=2)
    first = {"Authorization": f"Bearer {KEY}"}
    second = {"Authorization": f"Bearer {OTHER_KEY}"}
    assert client.post("/v1/check", json=WIRE, headers=first).status_code == 200
    assert client.post("/v1/check", json=WIRE, headers=first).status_code == 200
    limited = client.post("/v1/check", json=WIRE, headers=first)
    assert_error(limited, 429, "NC120")
    assert int(limited.headers["retry-after"]) >= 1
    # another key has its own bucket
    assert client.post("/v1/check", json=WIRE, headers=second).status_code == 200
    # a batch costs one token per article
    batch = client.post("/v1/check/batch", json={"articles": [WIRE, WIRE]}, headers=second)
    assert_error(batch, 429, "NC120")


def test_rate_limit_defaults_follow_the_keys():
    assert ServerSettings().effective_rate_limit == 0  # loopback without keys: off
    assert ServerSettings(api_keys=(KEY,)).effective_rate_limit == 600
    assert ServerSettings(api_keys=(KEY,), rate_limit=0).effective_rate_limit == 0
    assert ServerSettings(rate_limit=30).effective_rate_limit == 30


def test_rate_limiter_refills_with_time():
    limiter = RateLimiter(per_minute=60, burst=3)
    for _ in range(3):
        limiter.take("a", now=100.0)
    with pytest.raises(RateLimited) as limited:
        limiter.take("a", now=100.0)
    assert limited.value.retry_after == 1
    limiter.take("a", now=101.0)  # one token back after a second
    with pytest.raises(RateLimited):
        limiter.take("a", cost=2, now=101.5)
    limiter.take("b", cost=3, now=101.5)
    RateLimiter(per_minute=0, burst=1).take("a", cost=1000)  # 0 turns it off


def test_cors_is_off_by_default_and_configurable(make_client):
    origin = {"Origin": "https://newsroom.example"}
    closed = make_client().post("/v1/check", json=WIRE, headers=origin)
    assert "access-control-allow-origin" not in closed.headers
    client = make_client(cors_origins=("https://newsroom.example",))
    preflight = client.options(
        "/v1/check",
        headers={**origin, "Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "authorization, content-type"},
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "https://newsroom.example"
    other = client.post("/v1/check", json=WIRE, headers={"Origin": "https://elsewhere.example"})
    assert "access-control-allow-origin" not in other.headers


def test_security_headers_and_request_ids(client):
    page = client.get("/")
    csp = page.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src" not in csp  # no scripts at all
    assert page.headers["x-content-type-options"] == "nosniff"
    assert len(page.headers["x-request-id"]) == 16
    echoed = client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert echoed.headers["x-request-id"] == "abc-123"
    forged = client.get("/healthz", headers={"X-Request-ID": "bad id\twith junk"})
    assert forged.headers["x-request-id"] != "bad id\twith junk"


def test_access_log_has_ids_sizes_and_timings_but_no_text(client, caplog):
    marker = "Zanzibarquux"
    with caplog.at_level(logging.INFO, logger="newscred.server.access"):
        client.post(
            "/v1/check",
            json={"title": f"{marker} headline", "text": f"{marker} {WIRE_BODY}"},
            headers={"X-Request-ID": "log-test-1"},
        )
    lines = [r.getMessage() for r in caplog.records if r.name == "newscred.server.access"]
    assert len(lines) == 1
    assert "id=log-test-1" in lines[0] and "status=200" in lines[0] and "ms=" in lines[0]
    assert "in=" in lines[0] and "out=" in lines[0]
    everything = "\n".join(r.getMessage() for r in caplog.records)
    assert marker not in everything and WIRE_TITLE not in everything


def test_settings_from_file_and_environment(tmp_path):
    config = tmp_path / "newscred.toml"
    config.write_text('[serve]\nrate_limit = 30\nmax_batch = 10\ncors_origins = ["https://a.example"]\n')
    settings = load_settings(
        config=config,
        environ={"NEWSCRED_API_KEYS": f"{KEY}, {OTHER_KEY}", "NEWSCRED_MAX_BATCH": "20"},
        overrides={"port": 9001, "rate_limit": None},
    )
    assert settings.api_keys == (KEY, OTHER_KEY)
    assert settings.max_batch == 20  # the environment beats the file
    assert settings.rate_limit == 30 and settings.port == 9001
    assert settings.cors_origins == ("https://a.example",)
    config.write_text("[serve]\nmax_batchh = 3\n")
    with pytest.raises(NewscredError, match="max_batchh"):
        load_settings(config=config, environ={})
    with pytest.raises(NewscredError, match="rate_limit"):
        load_settings(environ={"NEWSCRED_RATE_LIMIT": "lots"})


def test_read_deadlines_are_settings(tmp_path):
    defaults = ServerSettings()
    assert (defaults.header_timeout, defaults.body_timeout) == (10.0, 30.0)
    config = tmp_path / "newscred.toml"
    config.write_text("[serve]\nheader_timeout = 5\nbody_timeout = 20\n")
    settings = load_settings(config=config, environ={"NEWSCRED_BODY_TIMEOUT": "60"})
    assert (settings.header_timeout, settings.body_timeout) == (5.0, 60.0)
    with pytest.raises(NewscredError, match="header_timeout"):
        load_settings(environ={"NEWSCRED_HEADER_TIMEOUT": "0"})
