"""The same-story and stance models (FNC-1): features, the shipped artifacts on articles
written for the tests, training on a tiny FNC-format fixture, and the eval command."""

from __future__ import annotations

import csv
import json
import math

import numpy as np
import pytest
from typer.testing import CliRunner

from newscred.cli import app
from newscred.errors import NewscredError
from newscred.stories import samestory as ss
from newscred.stories import stance as st

runner = CliRunner()

SUIT_A = (
    "Ardenport sues federal government over grant conditions",
    ("The city of Ardenport filed a lawsuit in federal court on Tuesday challenging new "
     "conditions attached to a $4.2 million public-safety grant. Mayor Elena Vasquez said the "
     "Justice Department had no right to add immigration rules that Congress never wrote. "
     "The council voted 7-2 on Monday to authorise the suit."),
)
SUIT_B = (
    "Mayor Vasquez takes Washington to court over police grant strings",
    ("Ardenport's mayor, Elena Vasquez, is suing the Trump administration, arguing that the "
     "Justice Department cannot tie a $4.2 million police grant to immigration enforcement. "
     "The complaint, filed in federal court, says the conditions break the law. A hearing is "
     "set for March."),
)
FOOTBALL = (
    "Harbour City beat Rovers 3-1 to reach the cup final",
    ("Harbour City came from behind to beat Rovers 3-1 on Saturday and reach the cup final. "
     "Striker Tom Okafor scored twice after half-time and goalkeeper Luis Moreno saved a "
     "penalty. Rovers manager Jan Visser said his side ran out of energy."),
)
CLAIM = "The city of Ardenport has sued the federal government over grant conditions."
DENIES = (
    "Officials in Ardenport denied reports that the city had sued the federal government. "
    "\"That is false: no lawsuit has been filed,\" a city spokesman said. The story, which "
    "spread on social media, was a hoax, the mayor's office said, and the rumour has been "
    "debunked by the court clerk, who found no such case."
)
REPEATS = (
    "The city of Ardenport sued the federal government on Tuesday over conditions attached "
    "to a public-safety grant. The lawsuit was filed in federal court. The council voted 7-2 "
    "to authorise it, and the mayor said the city would win."
)


def _embedder():
    pytest.importorskip("onnxruntime")
    pytest.importorskip("tokenizers")
    from newscred.stories.embed import shared_embedder

    try:
        return shared_embedder()
    except NewscredError as exc:
        pytest.skip(f"embedding model not installed: {exc.message}")


# -- features ---------------------------------------------------------------------------------


@pytest.mark.parametrize("cosine, a, b", [
    (0.9, {"ardenport", "vasquez"}, {"ardenport", "justice"}),
    (-0.2, set(), {"rovers"}),
    (float("nan"), {"x"}, {"x"}),
    (1.5, {"a", "b", "c"}, {"a", "b", "c"}),
])
def test_pair_features_are_finite_and_in_range(cosine, a, b):
    row = ss.pair_features(cosine, a, b)
    assert row.shape == (len(ss.FEATURES),) and np.isfinite(row).all()
    named = dict(zip(ss.FEATURES, row))
    assert -1 <= named["cosine"] <= 1
    for name in ("cosine_squared", "entity_overlap", "entity_jaccard", "no_entities", "cosine_x_overlap"):
        assert 0 <= named[name] <= 1
    assert named["shared_entities_log"] >= 0
    assert named["no_entities"] == float(not a or not b)


def test_stance_features_are_finite_and_in_range():
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(4, 384))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    sentences = ["Officials denied the report.", "It is reportedly a hoax, sources said.",
                 "No 42 buses were sold.", "Ardenport won 3-1."]
    for claim, texts, vecs in [(CLAIM, sentences, vectors[:4]), (CLAIM, [], np.zeros((0, 384))),
                               ("", sentences, vectors), ("Is it true that 42 buses sold?",
                                                          sentences[:1], vectors[:1])]:
        row = st.features(claim, vectors[0], texts, vecs)
        assert row.shape == (len(st.FEATURES),) and np.isfinite(row).all()
        assert row.min() >= -1 and row.max() <= 1
    named = dict(zip(st.FEATURES, st.features(CLAIM, vectors[0], sentences, vectors)))
    assert named["max_cosine"] == pytest.approx(1.0) and named["lede_cosine"] == pytest.approx(1.0)
    assert named["refuting_top3"] > 0 and named["hedging_body"] > 0


def test_fnc_score_and_metrics():
    from newscred.evaluation.metrics import fnc_score

    gold = ["unrelated", "agree", "discuss", "disagree"]
    assert fnc_score(gold, gold) == 1.0
    # All unrelated earns only the unrelated pair's 0.25 of the best 3.25.
    assert fnc_score(gold, ["unrelated"] * 4) == pytest.approx(0.25 / 3.25)
    # A related pair with the wrong stance still earns the related-vs-unrelated 0.25.
    assert fnc_score(["agree"], ["discuss"]) == pytest.approx(0.25)


# -- the shipped models -----------------------------------------------------------------------


def test_shipped_same_story_model_tells_one_event_from_another():
    from newscred.stories.entities import article_entities

    embedder = _embedder()
    model = ss.SameStoryModel.load()
    vectors = embedder.embed_articles([SUIT_A, SUIT_B, FOOTBALL])
    entities = [article_entities(title, body) for title, body in (SUIT_A, SUIT_B, FOOTBALL)]
    same = model.probability(float(vectors[0] @ vectors[1]), entities[0], entities[1])
    other = model.probability(float(vectors[0] @ vectors[2]), entities[0], entities[2])
    assert same > other
    assert same >= model.threshold > other
    assert model.same_story(float(vectors[0] @ vectors[1]), entities[0], entities[1])
    assert 0 < model.threshold < 1


def test_shipped_stance_model_reads_a_denial_as_disagreement():
    from newscred.text import sentences

    embedder = _embedder()
    model = st.StanceModel.load()
    claim_vector = embedder.embed([CLAIM])[0]
    out = {}
    for name, body in (("denies", DENIES), ("repeats", REPEATS)):
        texts = [s.text for s in sentences(body)]
        out[name] = model.probabilities(CLAIM, claim_vector, texts, embedder.embed(texts))
        assert set(out[name]) == set(st.LABELS)
        assert sum(out[name].values()) == pytest.approx(1.0)
    assert out["denies"]["disagree"] > out["repeats"]["disagree"]
    assert out["repeats"]["agree"] > out["denies"]["agree"]
    # An unrelated text is read as unrelated.
    football = [s.text for s in sentences(FOOTBALL[1])]
    p = model.probabilities(CLAIM, claim_vector, football, embedder.embed(football))
    assert max(p, key=p.get) == "unrelated"


def test_artifacts_round_trip_and_reject_damage(tmp_path):
    for cls, name in ((ss.SameStoryModel, ss.ARTIFACT), (st.StanceModel, st.ARTIFACT)):
        shipped = cls.load()
        spec = json.loads((ss.default_path().parent / name).read_text())
        copy = tmp_path / name
        copy.write_text(json.dumps(spec))
        again = cls.load(copy)
        np.testing.assert_array_equal(again.coef, shipped.coef)
        assert again.spec == shipped.spec
        broken = dict(spec, features=list(spec["features"])[:-1])
        copy.write_text(json.dumps(broken))
        with pytest.raises(NewscredError) as caught:
            cls.load(copy)
        assert caught.value.code == "NC200"
    with pytest.raises(NewscredError):
        ss.SameStoryModel.load(tmp_path / "missing.json")
    manifest = json.loads((ss.default_path().parent / "samestory.manifest.json").read_text())
    import hashlib

    assert manifest["sha256"] == hashlib.sha256(ss.default_path().read_bytes()).hexdigest()


# -- training on a tiny FNC-format fixture ----------------------------------------------------

PLACES = ("Ardenport", "Belmouth", "Corrick", "Dunhallow", "Eastwater", "Fenbridge",
          "Glenmoor", "Harrowgate", "Islington Vale", "Juniper Bay")


def _write_fixture(root):
    folder = root / "fnc1"
    folder.mkdir(parents=True)
    bodies, stances = [], []
    for k, place in enumerate(PLACES):
        headline = f"{place} council approves a new bridge over the river"
        texts = {
            "agree": f"The council of {place} approved a new bridge over the river on Monday. "
                     f"Work on the {place} bridge starts in May.",
            "disagree": f"Officials in {place} denied reports that the council approved a bridge. "
                        "The report is false, a spokesman said, calling it a hoax.",
            "discuss": f"The council of {place} may reportedly approve a bridge, according to "
                       "unconfirmed claims. Sources said no decision was taken.",
        }
        for j, (label, text) in enumerate(texts.items()):
            body_id = 10 * k + j
            bodies.append((body_id, text))
            stances.append((headline, body_id, label))
        for other in (1, 2):
            stances.append((headline, 10 * ((k + other) % len(PLACES)), "unrelated"))
    with (folder / "competition_test_bodies.csv").open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["Body ID", "articleBody"])
        writer.writerows(bodies)
    with (folder / "competition_test_stances.csv").open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["Headline", "Body ID", "Stance"])
        writer.writerows(stances)
    return root


def test_split_keeps_stories_and_bodies_on_one_side(tmp_path):
    from newscred.training import fnc1_data as fd

    pairs = fd.load_pairs(_write_fixture(tmp_path))
    train, held, digest = fd.split(pairs)
    assert len(train) + len(held) == len(pairs) and len(held) and len(train)
    assert not set(train.body_ids.tolist()) & set(held.body_ids.tolist())
    assert not set(train.story.tolist()) & set(held.story.tolist())
    def related(part):
        return {h for h, y in zip(part.headlines, part.labels) if y != "unrelated"}

    assert not related(train) & related(held)
    assert len(set(pairs.story.tolist())) == len(PLACES)
    assert fd.split(pairs)[2] == digest  # deterministic
    folds = fd.group_folds(train.story)
    for story in set(train.story.tolist()):
        assert len(set(folds[train.story == story].tolist())) == 1


def test_training_on_a_fixture_gives_loadable_deterministic_artifacts(tmp_path):
    from newscred.training.fnc1 import evaluate, train_samestory, train_stance

    _embedder()
    root = _write_fixture(tmp_path / "data")
    digests = []
    for out in (tmp_path / "one", tmp_path / "two"):
        same = train_samestory(root, out, progress=lambda msg: None)
        stance = train_stance(root, out, progress=lambda msg: None)
        digests.append((same["sha256"], stance["sha256"]))
        model = ss.SameStoryModel.load(out / ss.ARTIFACT)
        assert 0 < model.threshold < 1 and math.isfinite(model.probability(0.5, {"a"}, {"a"}))
        stance_model = st.StanceModel.load(out / st.ARTIFACT)
        p = stance_model.predict_matrix(np.zeros((2, len(st.FEATURES))))
        assert p.shape == (2, 4) and np.allclose(p.sum(axis=1), 1)
        manifest = json.loads((out / "stance.manifest.json").read_text())
        assert manifest["command"] == "newscred train stance"
        assert set(manifest["metrics"]["held_out"]) == {"stance model", "majority (unrelated)"}
    assert digests[0] == digests[1]
    result = evaluate(root, False)  # the shipped models on the fixture's held-out stories
    assert result.task == "fnc1" and set(result.gate) == {
        "samestory_f1_related", "samestory_accuracy", "stance_macro_f1", "stance_fnc_score",
        "story_index_pair_f1", "story_index_bcubed_f1"}


def test_eval_fnc1_skips_with_a_reason_without_the_data(tmp_path):
    out = runner.invoke(app, ["eval", "fnc1", "--data", str(tmp_path)])
    assert out.exit_code == 2
    assert "NC201" in out.stderr and "fnc1" in out.stderr


def test_clustering_metrics_on_hand_made_labels():
    from newscred.evaluation.metrics import bcubed, pairwise

    gold = [1, 1, 1, 2, 2, 3]
    assert pairwise(gold, gold)["pair_f1"] == 1.0 and bcubed(gold, gold) == 1.0
    merged = pairwise(gold, [0] * 6)
    assert merged["pair_recall"] == 1.0 and merged["pair_precision"] == 4 / 15
    split = pairwise(gold, list(range(6)))
    assert split["pair_precision"] == 0.0 and split["pair_f1"] == 0.0
    assert 0 < bcubed(gold, [1, 1, 2, 2, 2, 3]) < 1
