"""The check-worthy claims model: ranking metrics, dense cues, training on tiny data, and the
shipped artifact."""

from __future__ import annotations

import hashlib
import json

import numpy as np
import pytest

from newscred.evaluation.datasets import Record
from newscred.models.claims import ClaimModel
from newscred.models.hashing import HashingConfig
from newscred.models.linear import artifacts_dir
from newscred.training import claims

CLAIM = "Unemployment fell to 3.9 percent in April, the lowest rate since 2000."
PLEASANTRY = "Thank you all very much for coming tonight."

# Written for these tests: two made-up "debates", five claims and five other lines each.
SYNTHETIC = {
    "debate_a": (
        [
            "We cut taxes for 40 million families last year.",
            "The deficit rose by $300 billion under his plan.",
            "Crime in our cities fell 12 percent since 2015.",
            "My opponent voted against the budget three times.",
            "Exports to Canada doubled in the last decade.",
        ],
        [
            "Thank you, it is great to be here tonight.",
            "I think we can do better than this.",
            "What would you say to the voters?",
            "Good evening and welcome, everyone.",
            "Let me finish my answer, please.",
        ],
    ),
    "debate_b": (
        [
            "Wages grew by 3 percent in 2019, the fastest in ten years.",
            "The state spent $2 billion on new roads.",
            "He raised fees on 500,000 students in 2012.",
            "Factory jobs fell by 200,000 during that time.",
            "The bill added 18 million people to the rolls.",
        ],
        [
            "I believe in this country and its people.",
            "We are going to win this election together.",
            "Can you tell us more about that?",
            "It was a pleasure to meet all of you.",
            "Thank you so much, thank you.",
        ],
    ),
}
TINY = HashingConfig(n_features=2**12, word_ngrams=(1, 1), lowercase=True, max_tokens=120)


def records() -> list[Record]:
    out = []
    for debate, (positives, negatives) in SYNTHETIC.items():
        for i, text in enumerate(positives + negatives):
            label = "check_worthy" if i < len(positives) else "not_check_worthy"
            out.append(Record("checkthat2019", f"{debate}:{i}", text, label, "train",
                              source=debate, extra={"debate": debate, "line": i}))
    return out


# -- ranking metrics --------------------------------------------------------------------
def test_average_precision_on_hand_made_rankings():
    assert claims.average_precision([1, 0, 1, 0], [4, 3, 2, 1]) == pytest.approx((1 + 2 / 3) / 2)
    assert claims.average_precision([0, 0, 1], [3, 2, 1]) == pytest.approx(1 / 3)
    assert claims.average_precision([1, 1, 0], [0.9, 0.8, 0.1]) == 1.0
    assert claims.average_precision([0, 0], [1, 2]) == 0.0  # no positive at all
    # Ties keep input order, so the result is deterministic.
    assert claims.average_precision([0, 1], [0.5, 0.5]) == pytest.approx(0.5)


def test_precision_at_k_and_r_precision():
    y, s = [1, 0, 1, 0, 0, 1], [6, 5, 4, 3, 2, 1]
    assert claims.precision_at(y, s, 1) == 1.0
    assert claims.precision_at(y, s, 2) == 0.5
    assert claims.precision_at(y, s, 5) == pytest.approx(2 / 5)
    assert claims.precision_at(y, s, 10) == pytest.approx(3 / 10)  # divides by k, as the lab
    assert claims.r_precision(y, s) == pytest.approx(2 / 3)  # R = 3
    assert claims.r_precision([0, 0], [1, 2]) == 0.0


def test_ranking_metrics_average_over_groups():
    groups = [
        (np.array([1, 0, 0, 0, 0]), np.array([5, 4, 3, 2, 1])),  # AP 1
        (np.array([0, 1, 0, 0, 0]), np.array([5, 4, 3, 2, 1])),  # AP 1/2
    ]
    metrics = claims.ranking_metrics(groups)
    assert metrics["map"] == 0.75
    assert metrics["r_precision"] == 0.5
    assert metrics["p_at_5"] == 0.2 and metrics["p_at_50"] == 0.02
    assert set(metrics) == {"map", "r_precision", "p_at_5", "p_at_10", "p_at_20", "p_at_50"}


# -- dense cues -------------------------------------------------------------------------
def test_dense_features():
    cues = dict(zip(claims.DENSE_NAMES, claims.dense_features(CLAIM)))
    assert cues["number"] == cues["percent"] == cues["year"] == cues["comparative"] == 1.0
    assert cues["opinion"] == cues["question"] == cues["short"] == cues["money"] == 0.0
    cues = dict(zip(claims.DENSE_NAMES, claims.dense_features("I think we will win?")))
    assert cues["opinion"] == cues["question"] == cues["short"] == 1.0
    assert cues["number"] == 0.0
    money = dict(zip(claims.DENSE_NAMES, claims.dense_features("The plan costs $4 billion.")))
    assert money["money"] == 1.0 and money["year"] == 0.0
    assert all(0.0 <= v <= 1.0 for v in claims.dense_features(""))


def test_actor_words_skip_the_capitalised_first_word():
    words = "The Senate rejected a plan by Governor Ana Ruiz".split()
    assert [words[i] for i in claims.actor_words(words)] == ["Senate", "Governor", "Ana", "Ruiz"]
    assert claims.actor_words("Crime fell".split()) == []
    assert claims.actor_words("Senator Ruiz spoke".split()) == [0, 1]
    assert claims.actor_words("NATO met".split()) == [0]


# -- training on tiny data --------------------------------------------------------------
def test_debate_folds_keep_debates_whole_and_are_seeded():
    debates = ["a", "a", "b", "c", "c", "d"]
    fold = claims.debate_folds(debates, 2, seed=1)
    assert fold[0] == fold[1] and fold[3] == fold[4]
    assert np.array_equal(fold, claims.debate_folds(debates, 2, seed=1))


def test_fit_is_deterministic_and_learns_the_toy_data():
    options = {"hashing": TINY, "c_grid": (1.0, 10.0), "tweet_weights": (0.0,), "folds": 2}
    first = claims.fit(records(), seed=3, **options)
    second = claims.fit(records(), seed=3, **options)
    assert np.array_equal(first.coef, second.coef)
    assert first.calibration == second.calibration and first.extra == second.extra
    assert first.extra["dense"]["names"] == list(claims.DENSE_NAMES)
    texts = [r.text for r in records()]
    scores = claims.scores_many(first, texts)
    y = np.array([r.label == "check_worthy" for r in records()])
    assert scores[y].min() > scores[~y].max()
    # The run-time path gives the same probabilities as the training-time matrix path.
    runtime = ClaimModel(first)
    assert runtime.probabilities(texts) == pytest.approx(scores, rel=1e-6, abs=1e-9)
    assert [runtime.probability(t) for t in texts] == pytest.approx(scores, rel=1e-6, abs=1e-9)


def test_fit_with_tweets_weighs_them_in():
    tweets = [Record("checkthat2020", f"t{i}", text, label, "train", source="acct")
              for i, (text, label) in enumerate([
                  ("Cases rose by 40 percent this week in the city", "check_worthy"),
                  ("Stay safe everyone and wash your hands", "not_check_worthy"),
              ])]
    model = claims.fit(records(), tweets, seed=3, hashing=TINY, c_grid=(1.0,),
                       tweet_weights=(0.0, 1.0), folds=2)
    assert set(model.extra["validation_map"]) == {"C=1.0,tweets=0.0", "C=1.0,tweets=1.0"}
    assert model.extra["tweet_weight"] in (0.0, 1.0)


def test_fit_needs_both_classes():
    with pytest.raises(ValueError):
        claims.fit([r for r in records() if r.label == "check_worthy"], seed=0, hashing=TINY)


# -- the shipped artifact ---------------------------------------------------------------
@pytest.fixture(scope="module")
def model() -> ClaimModel:
    return ClaimModel.load("claims")


def test_manifest_matches_the_shipped_artifact(model):
    path = artifacts_dir() / "claims.npz"
    manifest = json.loads((artifacts_dir() / "claims.manifest.json").read_text())
    assert manifest["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest() == model.sha256
    assert manifest["command"] == "newscred train claims"
    assert "free for general research use" in manifest["data"]["checkthat2019"]["terms"]
    assert manifest["data"]["checkthat2019"]["citation"]
    metrics = manifest["metrics"]
    assert metrics["test_2019"]["map"] > 2 * metrics["test_2019_random"]["map"]
    assert path.stat().st_size < 1_500_000
    assert model.linear.classes == ["not_check_worthy", "check_worthy"]


def test_shipped_model_ranks_a_claim_above_a_pleasantry(model):
    claim, pleasantry = model.probabilities([CLAIM, PLEASANTRY])
    assert claim > 0.7 > pleasantry
    assert model.probability(CLAIM) == pytest.approx(claim)
    for text in ("", "?", "\U0001f600 ok"):
        assert 0.0 <= model.probability(text) <= 1.0
    assert len(model.probabilities([])) == 0


# -- the evaluation task on the shared data ---------------------------------------------
@pytest.fixture(scope="module")
def checkthat_root(shared_root):
    for folder in ("checkthat2019_task1_en", "checkthat2020_task1_en"):
        if not (shared_root / folder).is_dir():
            pytest.skip(f"dataset folder {shared_root / folder} not available")
    return shared_root


@pytest.mark.slow
def test_fast_evaluation_beats_the_baselines(checkthat_root):
    result = claims.evaluate(checkthat_root, fast=True)
    rows = {(r.split, r.system): r.metrics for r in result.rows}
    model_2019 = rows[(claims.SPLIT_2019, "model")]
    assert result.gate["map_2019"] == model_2019["map"] >= 0.1
    assert model_2019["map"] > 2 * rows[(claims.SPLIT_2019, "random baseline")]["map"]
    assert model_2019["map"] > rows[(claims.SPLIT_2019, "length-only probe")]["map"]
    assert result.gate["map_2020"] > rows[(claims.SPLIT_2020, "random baseline")]["map"]
    assert rows[(claims.SPLIT_2019, claims.ANCHOR_2019.system)]["map"] == 0.166
    assert any("fast" in note for note in result.notes)


def test_eval_command_on_a_tiny_fixture(tmp_path):
    import json as _json

    from typer.testing import CliRunner

    from newscred.cli import app
    from tests.models import checkthat_fixture

    root = checkthat_fixture.build(tmp_path)
    result = CliRunner().invoke(app, ["eval", "claims", "--fast", "--data", str(root), "--format", "json"])
    assert result.exit_code == 0, result.output
    (task,) = _json.loads(result.stdout)
    assert task["task"] == "claims" and set(task["gate"]) == {"map_2019", "map_2020"}
    assert 0 <= task["gate"]["map_2019"] <= 1
    # the fixture's claims (numbers, years) are easy: the model must rank them first
    assert task["gate"]["map_2019"] > 0.5


@pytest.mark.parametrize("n_features", [2**18, 2**5])  # 2**5: grams of one text share indices
def test_hashed_rows_equal_the_dicts_of_each_text(n_features):
    from itertools import chain

    from newscred.models.hashing import _hashed, hashed_rows

    config = HashingConfig(n_features=n_features, max_tokens=400)
    texts = ["The mayor said the city will sue, the mayor said.", "", "!!", "Cuts of 12% in 2024?",
             "word " * 300 + "Ende.", "naïve café ’quoted’ 3,000"]
    for batch in (texts, texts[:4] + texts[5:]):  # with and without a gram seen 300 times
        index, value, sizes = hashed_rows(config, batch)
        dicts = [_hashed(config, t) for t in batch]
        assert sizes.tolist() == [len(d) for d in dicts]
        assert index.tolist() == list(chain.from_iterable(dicts))
        assert value.tolist() == list(chain.from_iterable(d.values() for d in dicts))
