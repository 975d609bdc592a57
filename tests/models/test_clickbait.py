"""The clickbait model: the shipped artifact, its manifest, and the training code on tiny data."""

from __future__ import annotations

import hashlib
import json

import numpy as np
import pytest

from newscred.evaluation.datasets import Record
from newscred.models.hashing import HashedNgrams, HashingConfig
from newscred.models.linear import LinearTextModel, artifacts_dir
from newscred.training import clickbait

BAIT = "You Won't Believe What This Dog Did Next"
WIRE = "Parliament approves budget after late-night session"

# Written for these tests: ten of each kind.
SYNTHETIC_BAIT = [
    "You Won't Believe What This Cat Did Next",
    "17 Things Only People Who Love Coffee Will Understand",
    "This Simple Trick Will Change The Way You Cook Rice",
    "Which Cartoon Character Are You Based On Your Zodiac Sign",
    "Here's Why Everyone Is Talking About This Tiny House",
    "21 Photos That Will Make You Feel Old",
    "We Tried The Viral Pancake Hack And Here's What Happened",
    "Can You Guess The Movie From One Single Frame",
    "This Dad's Reaction To His Baby's First Word Is Everything",
    "11 Reasons Why Autumn Is Secretly The Best Season",
]
SYNTHETIC_NEWS = [
    "Parliament approves budget after late-night session",
    "Central bank holds interest rates steady",
    "Flooding forces evacuation of coastal towns",
    "Court rejects appeal in corruption case",
    "Trade talks resume between the two neighbours",
    "Minister resigns over procurement inquiry",
    "Storm cuts power to thousands in the north",
    "Police arrest three after bank robbery",
    "Election commission publishes final turnout figures",
    "Airline reports quarterly loss as fuel costs rise",
]


def records() -> list[Record]:
    return [
        Record("clickbait", f"s{i}", text, label, "all")
        for i, (text, label) in enumerate(
            [(t, "clickbait") for t in SYNTHETIC_BAIT]
            + [(t, "not_clickbait") for t in SYNTHETIC_NEWS]
        )
    ]


@pytest.fixture(scope="module")
def model() -> LinearTextModel:
    return LinearTextModel.load("clickbait")


def test_manifest_matches_the_shipped_artifact(model):
    path = artifacts_dir() / "clickbait.npz"
    manifest = json.loads((artifacts_dir() / "clickbait.manifest.json").read_text())
    assert manifest["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest() == model.sha256
    assert manifest["command"] == "newscred train clickbait"
    assert manifest["data"]["clickbait"]["terms"] and manifest["data"]["clickbait"]["citation"]
    assert manifest["metrics"]["held_out"]["accuracy"] >= 0.97
    assert model.classes == ["not_clickbait", "clickbait"] and model.vectorizer.config.lowercase
    assert path.stat().st_size < 3_000_000


def test_probabilities_are_a_distribution(model):
    for text in (BAIT, WIRE, "", "!!!", "\U0001f600 ok"):
        probs = model.probabilities(text)
        assert set(probs) == {"not_clickbait", "clickbait"}
        assert all(0.0 <= p <= 1.0 for p in probs.values())
        assert sum(probs.values()) == pytest.approx(1.0)


def test_bait_scores_above_a_wire_headline_whatever_the_casing(model):
    bait = model.probabilities(BAIT)["clickbait"]
    wire = model.probabilities(WIRE)["clickbait"]
    assert bait > 0.5 > wire
    for text in (BAIT, WIRE):
        expected = model.probabilities(text)["clickbait"]
        for variant in (text.lower(), text.upper(), text.title()):
            assert model.probabilities(variant)["clickbait"] == pytest.approx(expected)


def test_batch_probabilities_equal_the_run_time_path(model):
    texts = [BAIT, WIRE, "Storm cuts power to thousands", ""]
    batch = clickbait.probabilities_many(model, texts)
    single = [model.probabilities(t)["clickbait"] for t in texts]
    assert batch == pytest.approx(single, rel=1e-5, abs=1e-6)


def test_training_features_equal_the_run_time_features():
    config = HashingConfig(n_features=2**12, word_ngrams=(1, 2), char_ngrams=(2, 4))
    texts = [r.text for r in records()]
    x = HashedNgrams(config).matrix(texts)
    idf = clickbait._idf(x, config.n_features)
    reference = HashedNgrams(config)
    assert idf == pytest.approx(reference.fit_idf(texts))
    weighted = clickbait._weighted(x, idf).toarray()
    assert weighted == pytest.approx(reference.matrix(texts).toarray(), abs=1e-12)


def test_fit_is_deterministic_and_learns_the_toy_data():
    config = HashingConfig(n_features=2**12, word_ngrams=(1, 2), char_ngrams=(2, 4))
    first = clickbait.fit(records(), seed=3, hashing=config, c_grid=(1.0, 10.0), folds=3)
    second = clickbait.fit(records(), seed=3, hashing=config, c_grid=(1.0, 10.0), folds=3)
    assert np.array_equal(first.coef, second.coef)
    assert first.calibration == second.calibration and first.extra == second.extra
    train_scores = clickbait.probabilities_many(first, [r.text for r in records()])
    assert (train_scores[:10] > train_scores[10:].max()).all()


def test_fit_needs_both_classes():
    with pytest.raises(ValueError):
        clickbait.fit(records()[:10], seed=0)


def test_holdout_is_grouped_stratified_and_deterministic():
    items = records() * 5  # exact copies must stay on one side
    items = [Record("clickbait", f"r{i}", r.text, r.label, "all") for i, r in enumerate(items)]
    train, test = clickbait.holdout(items, seed=1)
    assert len(test) == 20 and sorted([*train, *test]) == list(range(100))
    assert not {items[i].text for i in train} & {items[i].text for i in test}
    assert sum(items[i].label == "clickbait" for i in test) == 10
    again = clickbait.holdout(items, seed=1)
    assert np.array_equal(train, again[0]) and np.array_equal(test, again[1])


def test_title_case_probe_definition():
    assert clickbait.title_case(BAIT)
    assert not clickbait.title_case(WIRE)
    assert not clickbait.title_case("Oneword")
