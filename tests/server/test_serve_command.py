"""`newscred serve` itself: refusing unsafe settings, and a real server with 2 workers."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest
from typer.testing import CliRunner

from newscred.cli import app
from newscred.server.live import serving
from tests.conftest import WIRE_BODY, WIRE_TITLE


def test_public_interface_without_keys_is_refused(monkeypatch):
    monkeypatch.delenv("NEWSCRED_API_KEYS", raising=False)
    result = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert "NC203" in result.output and "--no-auth" in result.output


def test_bad_setting_is_refused():
    result = CliRunner().invoke(app, ["serve", "--max-batch", "0"])
    assert result.exit_code == 2 and "max_batch" in result.output


def post(url: str, payload: object) -> tuple[int, dict]:
    request = urllib.request.Request(
        url, data=json.dumps(payload).encode(), headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


@pytest.mark.slow
@pytest.mark.network
def test_real_server_with_two_analysis_workers(tmp_path):
    config = tmp_path / "newscred.toml"
    config.write_text('max_chars = 5000\n\n[serve]\nmax_batch = 3\n')
    with serving(["--workers", "2", "--config", str(config)]) as base:
        with urllib.request.urlopen(base + "/readyz", timeout=10) as response:
            assert json.load(response)["workers"] == 2
        status, report = post(base + "/v1/check", {"title": WIRE_TITLE, "text": WIRE_BODY})
        assert status == 200 and report["article"]["title"] == WIRE_TITLE
        status, error = post(base + "/v1/check", {"title": "no text"})
        assert status == 422 and error["error"]["code"] == "NC108"
        # raised inside a worker process (the file's max_chars), mapped to 413 here
        status, error = post(base + "/v1/check", {"text": "word " * 2000})
        assert status == 413 and error["error"]["code"] == "NC113"
        items = [{"text": WIRE_BODY, "id": str(i)} for i in range(3)]
        status, batch = post(base + "/v1/check/batch", {"articles": items})
        assert status == 200 and [r["article"]["id"] for r in batch["results"]] == ["0", "1", "2"]
        status, error = post(base + "/v1/check/batch", {"articles": items * 2})
        assert status == 422 and error["error"]["code"] == "NC121"  # the file's [serve] table
        with urllib.request.urlopen(base + "/metrics", timeout=10) as response:
            text = response.read().decode()
        assert 'newscred_articles_analysed_total{outcome="scored"} 4.0' in text


def test_the_check_command_does_not_load_the_server_stack():
    import subprocess
    import sys

    code = (
        "import sys, newscred.cli; "
        "heavy = [m for m in ('fastapi', 'uvicorn', 'starlette', 'jinja2', 'torch') if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""
