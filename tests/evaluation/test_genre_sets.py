"""The genre sets of issue 18 (Burfoot & Baldwin 2009, Webis editorials): documented counts,
grouping for outlet-disjoint splits, and the loaders' own checks on made-up files."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from newscred.errors import NewscredError
from newscred.evaluation.data import DATASETS, source_disjoint_folds
from newscred.evaluation.data.genre_sets import (
    BURFOOT,
    WEBIS,
    load_burfoot,
    load_webis_editorials,
    strip_author_line,
)

GENRES = {"reporting", "opinion", "satire"}


def test_burfoot_counts_split_and_grouping(dataset):
    records = dataset("burfoot")
    assert len(records) == 4028
    assert sum(r.label == "satire" for r in records) == 230
    assert Counter((r.split, r.label) for r in records) == {
        ("train", "reporting"): 2383, ("train", "satire"): 130,
        ("test", "reporting"): 1415, ("test", "satire"): 100}
    assert {r.label for r in records} <= GENRES
    # No outlet is recorded: one pseudo-outlet per class keeps all satire together.
    assert {r.source for r in records if r.label == "satire"} == {"burfoot:satire-sites"}
    assert {r.source for r in records if r.label == "reporting"} == {"burfoot:newswire"}
    # The documented train/test leak was resolved in data.jsonl: no text in both splits.
    train = {r.text for r in records if r.split == "train"}
    assert not any(r.text in train for r in records if r.split == "test")


def test_webis_counts_outlets_and_cleaning(dataset):
    records = dataset("webis_editorials")
    assert len(records) == 266
    assert {r.label for r in records} == {"opinion"}
    assert Counter(r.source for r in records) == {"Al Jazeera": 96, "Fox News": 85,
                                                  "The Guardian": 85}
    assert not any(r.title.lower().startswith("the observer view on") for r in records)
    removed = Counter(r.source for r in records if r.extra["author_line_removed"])
    # DATASETS.md counts 16 texts with an author line (Fox 10, Guardian 5, Al Jazeera 1);
    # the loader also drops two amendment/"o ..." notes.
    assert 14 <= sum(removed.values()) <= 22 and removed["Fox News"] >= 8
    tails = [r.text[-200:].lower() for r in records]
    assert not any("click here for more information" in t for t in tails)
    folds = source_disjoint_folds(records, 3, seed=0)
    assert len(set(folds)) == 3
    assert all(len({r.source for r, f in zip(records, folds) if f == k}) == 1 for k in range(3))


@pytest.mark.parametrize("name", ["burfoot", "webis_editorials"])
def test_registered(name):
    info = DATASETS[name]
    assert set(info.labels) <= GENRES and info.licence and info.citation


def _write(path, rows):
    path.parent.mkdir(parents=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def test_loaders_reject_altered_counts(tmp_path):
    rows = [{"id": "training-0001", "title": "Made-up headline", "text": "Made-up text.",
             "label": "satire", "original_label": "satire", "split": "train",
             "source_url": "", "shared_overlap": []}]
    _write(tmp_path / BURFOOT / "data.jsonl", rows)
    with pytest.raises(NewscredError, match="differ from the documented"):
        load_burfoot(tmp_path)
    rows = [{"id": "x/1", "title": "T", "text": "Body.", "label": "opinion",
             "original_label": "editorial", "outlet": "Daily Nowhere", "split": "",
             "source_url": "", "shared_overlap": []}]
    _write(tmp_path / WEBIS / "data.jsonl", rows)
    with pytest.raises(NewscredError, match="unexpected outlet"):
        load_webis_editorials(tmp_path)


def test_burfoot_rejects_mismatched_original_label(tmp_path):
    rows = [{"id": "t", "title": "", "text": "x", "label": "satire", "original_label": "true",
             "split": "test", "source_url": "", "shared_overlap": []}]
    _write(tmp_path / BURFOOT / "data.jsonl", rows)
    with pytest.raises(NewscredError, match="does not match original"):
        load_burfoot(tmp_path)


@pytest.mark.parametrize("tail", [
    "Jane Q Example is a columnist for the Example Gazette. Click here for more information.",
    "Follow her on Twitter @janeqexample.",
    "Pat Example Person is executive director of the Example Union.",
])
def test_strip_author_line(tail):
    body = "The council should think again.\n\nIt owes residents a better plan than this."
    text, removed = strip_author_line(f"{body}\n\n{tail}")
    assert removed and text == body


@pytest.mark.parametrize("ending", [
    "It is a slow march, but a steady one.",
    "Mosul is a city of great history.",
    "We must hold the council to its word.",
])
def test_strip_author_line_keeps_ordinary_endings(ending):
    text = f"First paragraph here.\n\nSecond one. {ending}"
    assert strip_author_line(text) == (text, False)
