"""A full disk, a read-only store and an unreadable data directory are coded errors, and
nothing half-written stays (issue 13). CI runs as root, so the failures are simulated:
PRAGMA max_page_count for a full disk, PRAGMA query_only for a read-only file, and an
injected PermissionError for the data directory."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from newscred.cli import app
from newscred.errors import NewscredError
from newscred.store.db import Store
from tests.conftest import SENSATIONAL_BODY, SENSATIONAL_TITLE, WIRE_BODY, WIRE_TITLE


@pytest.fixture(scope="module")
def reports(pipeline):
    long_body = "\n\n".join([SENSATIONAL_BODY] * 40)  # needs many new pages
    return [
        pipeline.check({"title": WIRE_TITLE, "text": WIRE_BODY}),
        pipeline.check({"title": SENSATIONAL_TITLE, "text": long_body}),
    ]


def _rows(store: Store) -> dict[str, int]:
    return {table: store.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("articles", "reports", "claims")}


def test_a_full_disk_is_nc305_and_rolls_back(tmp_path, reports):
    with Store(tmp_path / "s.sqlite") as store:
        store.add(reports[0])
        before = _rows(store)
        pages = store.db.execute("PRAGMA page_count").fetchone()[0]
        store.db.execute(f"PRAGMA max_page_count = {pages}")
        with pytest.raises(NewscredError) as info:
            store.add(reports[1])
        assert info.value.code == "NC305" and "full" in info.value.message
        assert _rows(store) == before  # nothing half-written
        store.db.execute("PRAGMA max_page_count = 1073741823")  # space freed: rerun
        assert store.add(reports[1]) is True
        assert _rows(store)["articles"] == before["articles"] + 1


def test_a_read_only_store_is_nc306_and_unchanged(tmp_path, reports):
    with Store(tmp_path / "s.sqlite") as store:
        store.add(reports[0])
        before = _rows(store)
        store.db.execute("PRAGMA query_only = ON")
        with pytest.raises(NewscredError) as info:
            store.add(reports[1])
        assert info.value.code == "NC306"
        assert _rows(store) == before


def test_an_unreadable_data_directory_is_nc306(tmp_path, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "mkdir", refuse)
    with pytest.raises(NewscredError) as info:
        Store(tmp_path / "data" / "store.sqlite")
    assert info.value.code == "NC306" and "Permission denied" in info.value.message


def test_cli_reports_a_damaged_or_unwritable_store_without_a_traceback(tmp_path, monkeypatch):
    article = tmp_path / "a.txt"
    article.write_text(f"{WIRE_TITLE}\n\n{WIRE_BODY}\n", encoding="utf-8")
    damaged = tmp_path / "damaged.sqlite"
    damaged.write_bytes(b"not a database at all" * 100)
    runner = CliRunner()
    result = runner.invoke(app, ["check", str(article), "--db", str(damaged)])
    assert result.exit_code == 2 and "NC300" in result.output and "Traceback" not in result.output

    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "mkdir", refuse)
    result = runner.invoke(app, ["ingest", str(article), "--db", str(tmp_path / "new" / "s.sqlite")])
    assert result.exit_code == 2 and "NC306" in result.output
