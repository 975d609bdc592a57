"""The genre model: the shipped artifact, its manifest, the style view and fitting on tiny data."""

from __future__ import annotations

import hashlib
import json

import numpy as np
import pytest

from newscred.models.hashing import HashedNgrams, HashingConfig
from newscred.models.linear import LinearTextModel, artifacts_dir
from newscred.training import genre

# Written for these tests.
REPORTS = [
    "The council voted 6-3 on Monday to approve the budget, officials said.",
    "Police said two people were arrested after the robbery on Main Street.",
    "The company reported a 4 percent rise in quarterly revenue on Tuesday.",
    "The minister told reporters the talks would resume next week in Geneva.",
    "Flooding closed three roads on Sunday, according to the county office.",
    "The court ruled that the contract was valid, the judge's order said.",
]
OPINIONS = [
    "I think the council should be ashamed of this budget, and we must say so.",
    "Frankly, I believe the police have lost our trust, and they should admit it.",
    "In my view the company is greedy, and you should stop buying from it.",
    "We need to be honest: the minister has failed us, and I am tired of it.",
    "I have never seen a worse plan; we should scrap it and start again.",
    "Let's be clear, the judge got it wrong, and I will keep saying so.",
]
SATIRES = [
    "Area man announces he has finally finished reading the internet.",
    "Local cat elected mayor after promising naps for every resident.",
    "Nation's dentists declare toothpaste a vegetable in bold new diet.",
    "Man who replied all to office email sentenced to eternal meetings.",
    "Scientists confirm Mondays were invented by a committee of alarm clocks.",
    "Town's only traffic light retires after 40 years of mixed signals.",
]


@pytest.fixture(scope="module")
def model() -> LinearTextModel:
    return LinearTextModel.load("genre")


def test_artifact_loads_with_three_classes_and_a_style_vocabulary(model):
    assert model.classes == genre.CLASSES
    assert model.coef.shape == (3, model.vectorizer.config.n_features)
    keep = model.extra["keep_words"]
    assert {"i", "we", "should", "said", "the"} <= set(keep)
    assert all(not w.isdigit() for w in keep)
    assert model.calibration["a"] > 0


def test_manifest_names_the_npz_bytes_and_the_terms():
    folder = artifacts_dir()
    manifest = json.loads((folder / "genre.manifest.json").read_text(encoding="utf-8"))
    assert manifest["artifact"] == "genre.npz"
    assert manifest["sha256"] == hashlib.sha256((folder / "genre.npz").read_bytes()).hexdigest()
    assert "weights only" in manifest["data"]["semeval2023_genre"]["terms"]
    assert "Golbeck" in manifest["data"]["golbeck"]["terms"]
    assert (folder / "genre.npz").stat().st_size < 4 * 2**20


def test_probabilities_are_valid(model):
    text = genre.style_text("Officials said the vote was delayed until Friday.",
                            frozenset(model.extra["keep_words"]))
    probs = model.probabilities(text)
    assert set(probs) == set(genre.CLASSES)
    assert all(0.0 <= p <= 1.0 for p in probs.values())
    assert sum(probs.values()) == pytest.approx(1.0)


def test_style_view_keeps_style_words_and_masks_the_rest():
    keep = genre.style_vocabulary(["the", "said", "on"])
    text = "I think Senator Vance said on 12 March the plan’s costs don’t add up!"
    styled = genre.style_text(text, keep)
    assert styled.split() == ["i", "think", "xcap", "xcap", "said", "on", "0", "xcap", "the",
                              "xw", "xw", "xw", "xw", "xw", "!"]
    # The hashed tokens of the style text are the style tokens themselves.
    grams = HashedNgrams(HashingConfig(word_ngrams=(1, 1))).grams(styled)
    assert set(grams) == set(styled.split())


def test_common_words_are_common_in_every_corpus():
    corpora = [["the cat sat", "the dog ran", "a cat"], ["the vote", "a vote passed", "the end"]]
    assert genre.common_words(corpora, k=2) == ["the", "a"]


def test_chunks_cover_every_token_once():
    text = " ".join(f"w{i}" for i in range(400))
    pieces = genre.chunked(text, 75)
    assert len(pieces) == 5
    assert " ".join(pieces).split() == text.split()
    assert genre.chunked("short text", 75) == ["short text"]
    assert genre.chunked(text, None) == [text]


def test_opinion_labels_are_removed_from_training_text():
    assert genre.without_label("Opinion: Fix the buses", "Body.") == ("Fix the buses", "Body.")
    assert genre.without_label("Fix the buses | Column", "Body.")[0] == "Fix the buses"
    assert genre.without_label("Fix it", "ANALYSIS/OPINION:\nThe body.") == ("Fix it", "The body.")
    assert genre.without_label("Opinion poll shows a tie", "Body.")[0] == "Opinion poll shows a tie"


def _synthetic():
    texts = [f"{t}\n\n{t} {t}" for t in REPORTS + OPINIONS + SATIRES]
    labels = ["reporting"] * 6 + ["opinion"] * 6 + ["satire"] * 6
    return texts, labels


def test_fit_on_tiny_data_is_deterministic_and_learns_the_classes():
    texts, labels = _synthetic()
    first = genre.fit(texts, labels, c=10.0, min_df=1)
    second = genre.fit(texts, labels, c=10.0, min_df=1)
    assert np.array_equal(first.coef, second.coef)
    assert np.array_equal(first.intercept, second.intercept)
    assert first.extra["keep_words"] == second.extra["keep_words"]
    assert first.extra["dense"] == second.extra["dense"]
    keep = frozenset(first.extra["keep_words"])
    from newscred.analyzers.genre import score

    predicted = [max(p := first.probabilities_from_decision(score(first, t, keep).decision),
                     key=p.get) for t in texts]
    assert np.mean(np.array(predicted) == np.array(labels)) >= 0.8


def test_run_time_score_matches_training_decisions_with_dense_cues():
    from newscred.analyzers.genre import score
    from newscred.models.genre import dense_features
    from newscred.training.hyperpartisan import raw_matrix

    texts, labels = _synthetic()
    model = genre.fit(texts, labels, c=10.0, min_df=1)
    keep = frozenset(model.extra["keep_words"])
    assert model.extra["dense"]["names"] == list(genre.DENSE_NAMES)
    want = genre.genre_decisions(model, raw_matrix([genre.style_text(t, keep) for t in texts]),
                                 np.array([dense_features(t) for t in texts]))
    got = np.array([score(model, t, keep).decision for t in texts])
    assert np.allclose(got, want, atol=1e-5)


def test_temperature_is_positive_and_sharpens_confident_correct_decisions():
    values = np.array([[2.0, 0.0, 0.0], [0.0, 2.0, 0.0], [0.0, 0.0, 2.0]] * 5)
    labels = np.array(genre.CLASSES * 5)
    assert genre.temperature(values, labels) > 1.0


@pytest.mark.slow
def test_fast_evaluation_on_the_shared_data(shared_root):
    result = genre.evaluate(shared_root, True)
    systems = [row.system for row in result.rows]
    assert any("shipped" in s for s in systems)
    assert any("majority" in s for s in systems) and any("length-only" in s for s in systems)
    assert any(row.metrics.get("macro_f1") == 0.78 for row in result.rows)  # the anchor
    assert 0.3 < result.gate["macro_f1"] <= 1.0
    assert result.data_sha256


def test_every_satire_marker_is_found_in_any_case():
    from newscred.models.genre import _ABSURDITY

    phrases = ["area man", "At press time", "SOURCES CLOSE TO", "reportedly stunned",
               "Local woman", "the nation's", "visibly shaken", "a 47-year-old man who",
               "confirmed reports that", "said a visibly", "Frantically", "sheepishly",
               "wistfully", "shrugged", "unsure whether"]
    for phrase in phrases:
        assert len(_ABSURDITY.findall(f"Then {phrase} it went.")) == 1, phrase
    # Every alternative starts with a letter the lookahead lets through.
    firsts = {p[0].lower() for p in phrases}
    assert firsts <= set(_ABSURDITY.pattern.split("(?=[", 1)[1].split("]", 1)[0])
