"""The SQLite store: schema versions, idempotent and crash-safe writes, forgetting."""

from __future__ import annotations

import sqlite3

import pytest
from typer.testing import CliRunner

from newscred.cli import app
from newscred.errors import NewscredError
from newscred.store.db import SCHEMA_VERSION, Store
from tests.conftest import SENSATIONAL_BODY, SENSATIONAL_TITLE, WIRE_BODY, WIRE_TITLE


@pytest.fixture(scope="module")
def reports(pipeline):
    return [
        pipeline.check({"title": WIRE_TITLE, "text": WIRE_BODY, "url": "https://wire.example/a",
                        "published": "2026-03-02"}),
        pipeline.check({"title": SENSATIONAL_TITLE, "text": SENSATIONAL_BODY,
                        "url": "https://news.relay.example/b", "published": "2026-03-05"}),
    ]


def test_schema_is_versioned_and_in_wal_mode(tmp_path):
    with Store(tmp_path / "s.sqlite") as store:
        assert store.version == SCHEMA_VERSION
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with Store(tmp_path / "s.sqlite") as again:  # reopening runs no migration twice
        assert again.version == SCHEMA_VERSION


def test_newer_or_damaged_files_are_refused(tmp_path):
    newer = tmp_path / "newer.sqlite"
    connection = sqlite3.connect(newer)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    connection.close()
    with pytest.raises(NewscredError) as error:
        Store(newer)
    assert error.value.code == "NC300"
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(NewscredError):
        Store(junk)


def test_adding_is_idempotent_and_keeps_the_report(tmp_path, reports):
    with Store(tmp_path / "s.sqlite") as store:
        assert store.add(reports[0], domain="wire.example") is True
        assert store.add(reports[0], domain="wire.example") is False
        assert store.count() == 1
        stored = store.report(reports[0].article.id)
        assert stored is not None and stored.assessment == reports[0].assessment
        claims = store.db.execute("SELECT COUNT(*) FROM claims").fetchone()[0]
        assert claims == len(reports[0].signal("claims").details["claims"])


def test_a_failed_write_leaves_committed_articles_and_no_half(tmp_path, reports, monkeypatch):
    path = tmp_path / "s.sqlite"
    with Store(path) as store:
        store.add(reports[0])
        calls = []

        def dies_after_the_article_row() -> str:
            calls.append(1)
            if len(calls) == 2:  # the article row is written, the report row is not yet
                raise RuntimeError("killed")
            return "2026-11-26T00:00:00+00:00"

        monkeypatch.setattr("newscred.store.db._now", dies_after_the_article_row)
        with pytest.raises(RuntimeError):
            store.add(reports[1])
        monkeypatch.undo()
    with Store(path) as store:  # a fresh connection sees exactly the committed article
        assert store.ids() == [reports[0].article.id]
        assert store.db.execute("SELECT COUNT(*) FROM reports").fetchone()[0] == 1
        store.add(reports[1])  # resuming adds the rest without duplicates
        store.add(reports[0])
        assert store.count() == 2


def test_forget_by_id_outlet_and_date(tmp_path, reports):
    with Store(tmp_path / "s.sqlite") as store:
        for report, domain in zip(reports, ("wire.example", "news.relay.example")):
            store.add(report, domain=domain)
        with pytest.raises(NewscredError):
            store.forget()
        assert store.forget(domain="relay.example") == 1
        assert store.db.execute("SELECT COUNT(*) FROM reports").fetchone()[0] == 1  # cascades
        assert store.forget(before="2026-03-01") == 0
        assert store.forget(before="2026-03-03") == 1
        assert store.count() == 0


def test_check_with_db_stores_and_forget_deletes(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(f"{WIRE_TITLE}\n\n{WIRE_BODY}\n")
    db = tmp_path / "s.sqlite"
    runner = CliRunner()
    for _ in range(2):
        result = runner.invoke(app, ["check", str(article), "--format", "json", "--db", str(db)])
        assert result.exit_code == 0, result.output
    with Store(db) as store:
        (article_id,) = store.ids()
    removed = runner.invoke(app, ["forget", article_id, "--db", str(db)])
    assert removed.exit_code == 0 and "deleted 1" in removed.output
    assert runner.invoke(app, ["forget", "--db", str(db)]).exit_code == 2


def test_forget_many_needs_a_confirmation(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(f"{WIRE_TITLE}\n\n{WIRE_BODY}\n")
    (folder / "b.txt").write_text(f"{SENSATIONAL_TITLE}\n\n{SENSATIONAL_BODY}\n")
    db = tmp_path / "s.sqlite"
    runner = CliRunner()
    for path in folder.iterdir():
        assert runner.invoke(app, ["check", str(path), "-f", "json", "--db", str(db)]).exit_code == 0
    args = ["forget", "--before", "2100-01-01", "--db", str(db)]
    dry = runner.invoke(app, [*args, "--dry-run"])
    assert dry.exit_code == 0 and "would delete 2" in dry.output and WIRE_TITLE in dry.output
    refused = runner.invoke(app, args)  # no terminal: refused, nothing deleted
    assert refused.exit_code == 2 and "--yes" in refused.output
    with Store(db) as store:
        assert store.count() == 2
    done = runner.invoke(app, [*args, "--yes"])
    assert done.exit_code == 0 and "deleted 2" in done.output
    with Store(db) as store:
        assert store.count() == 0


def test_ingest_a_folder_twice(tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(f"{WIRE_TITLE}\n\n{WIRE_BODY}\n")
    (folder / "sub" / "b.txt").write_text(f"{SENSATIONAL_TITLE}\n\n{SENSATIONAL_BODY}\n")
    (folder / "sub" / "c.txt").write_text("")  # empty: reported, the run goes on
    (folder / "notes.md").write_text("not an article format: skipped when walking folders")
    db = tmp_path / "s.sqlite"
    runner = CliRunner()
    first = runner.invoke(app, ["ingest", str(folder), "--db", str(db)])
    assert first.exit_code == 3, first.output  # one file failed
    assert "2 added, 0 already stored, 1 failed" in first.output
    again = runner.invoke(app, ["ingest", str(folder), "--db", str(db)])
    assert "0 added, 2 already stored" in again.output
    with Store(db) as store:
        assert store.count() == 2
