"""Deeply nested JSON is a coded error (NC106), never a RecursionError traceback; in a
JSONL batch it costs one record, not the run (issue 13)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from newscred.cli import app

from ..conftest import WIRE_BODY, WIRE_TITLE

DEEP = "[" * 100_000 + "]" * 100_000


def test_a_deep_json_file_is_nc106_exit_2(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text(DEEP, encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exit_code == 2 and "NC106" in result.output and "nested too deeply" in result.output
    result = CliRunner().invoke(app, ["check", "-"], input=DEEP)
    assert result.exit_code == 2 and "NC106" in result.output


def test_one_deep_line_in_jsonl_is_one_error_entry(tmp_path):
    good = json.dumps({"id": "ok", "title": WIRE_TITLE, "text": WIRE_BODY})
    path = tmp_path / "batch.jsonl"
    path.write_text(f"{good}\n{DEEP}\n{good.replace('ok', 'ok2')}\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(path), "-f", "jsonl"])
    assert result.exit_code == 3
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [line.get("error", {}).get("code") for line in lines] == [None, "NC106", None]

