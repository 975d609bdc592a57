"""The persuasion-technique model: decoding, training on a tiny corpus, the shipped
artifact, and `newscred eval persuasion` on a fixture."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from newscred.analyzers.persuasion import TECHNIQUES
from newscred.cli import app
from newscred.evaluation.datasets import load
from newscred.evaluation.spans import read_predictions
from newscred.models import persuasion_train as pt
from newscred.models.persuasion import PersuasionModel, decode
from newscred.models.persuasion_features import token_features
from tests.conftest import SENSATIONAL_BODY, SENSATIONAL_TITLE, WIRE_BODY, WIRE_TITLE
from tests.models import ptc_fixture


def test_the_analyzer_names_exactly_the_tasks_techniques():
    assert set(TECHNIQUES) == set(ptc_fixture.TECHNIQUES)


def test_decode_runs_and_whole_sentences():
    sentence_of = [0, 0, 0, 0, 1, 1, 1]
    p_token = np.array([0.1, 0.6, 0.7, 0.1, 0.2, 0.2, 0.9])
    p_sentence = np.array([0.2, 0.8])
    runs = decode(sentence_of, p_token, p_sentence, 0.5, 0.5)
    assert [(a, b) for a, b, _ in runs] == [(1, 2), (4, 6), (6, 6)]
    assert runs[1][2] == pytest.approx(0.8) and runs[0][2] == pytest.approx(0.65)
    # a run that is the whole sentence is not repeated
    assert [(a, b) for a, b, _ in decode([0, 0], np.array([0.9, 0.9]), np.array([0.9]), 0.5, 0.5)] == [(0, 1)]
    assert decode([], np.zeros(0), np.zeros(0), 0.5, 0.5) == []


def test_features_are_deterministic_and_cover_every_token():
    text = f"{SENSATIONAL_TITLE}\n\n{SENSATIONAL_BODY}"
    first, second = token_features(text), token_features(text)
    assert first.local == second.local and first.sentence == second.sentence
    assert len(first.local) == len(first.tokens) == len(first.sentence_of)
    assert max(first.sentence_of) == len(first.sentence) - 1


@pytest.fixture(scope="module")
def fixture_root(tmp_path_factory):
    return ptc_fixture.build(tmp_path_factory.mktemp("ptc"))


def test_training_on_a_tiny_corpus(fixture_root):
    records = load("ptc2020", fixture_root)
    techniques = pt.techniques_of(fixture_root)
    train = pt.prepare([r for r in records if r.split == "train"])
    # a dozen articles and strong regularisation: low thresholds for this tiny corpus
    model = pt.fit(train, techniques, token_threshold=0.2, sentence_threshold=0.5)
    again = pt.fit(train, techniques, token_threshold=0.2, sentence_threshold=0.5)
    assert np.array_equal(model.token_coef, again.token_coef)  # deterministic
    dev = [r for r in records if r.split == "dev"]
    found = model.predict(dev[0].text)
    assert found, "the loaded words seen in training are found again"
    assert model.predict(dev[0].text) == found
    for span in found:
        assert 0 <= span.start < span.end <= len(dev[0].text)
        assert span.technique in techniques and 0 <= span.score <= 1
    assert any("disgraceful" in dev[0].text[s.start : s.end] for s in found)


def test_artifact_round_trip(fixture_root, tmp_path):
    records = load("ptc2020", fixture_root)
    techniques = pt.techniques_of(fixture_root)
    model = pt.fit(pt.prepare([r for r in records if r.split == "train"]), techniques,
                   token_threshold=0.4, sentence_threshold=0.9)
    sha = model.save(tmp_path / "persuasion.npz")
    loaded = PersuasionModel.load(tmp_path / "persuasion.npz")
    assert loaded.sha256 == sha and loaded.techniques == techniques
    text = records[-1].text
    assert loaded.predict(text) == model.predict(text)


def test_eval_command_on_the_fixture(fixture_root, tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSCRED_PREDICTIONS", str(tmp_path / "pred"))
    result = CliRunner().invoke(
        app, ["eval", "persuasion", "--fast", "--data", str(fixture_root), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    (task,) = json.loads(result.stdout)
    assert task["task"] == "persuasion"
    model_row = next(r for r in task["rows"] if r["system"] == "model")
    assert 0 <= model_row["metrics"]["si_f1"] <= 1
    assert set(task["gate"]) == {"si_f1", "labelled_f1"}
    predictions = read_predictions(tmp_path / "pred" / "ptc-dev-persuasion-fast.txt")
    assert set(predictions) <= {"2001", "2002"}
    for spans in predictions.values():
        for technique, start, end in spans:
            assert technique in ptc_fixture.TECHNIQUES and 0 <= start < end


def test_shipped_model_on_our_two_articles():
    model = PersuasionModel.load()
    assert set(model.techniques) == set(TECHNIQUES)
    sensational = f"{SENSATIONAL_TITLE}\n\n{SENSATIONAL_BODY}"
    wire = f"{WIRE_TITLE}\n\n{WIRE_BODY}"

    def covered(text):
        return sum(s.end - s.start for s in model.predict(text)) / len(text)

    assert covered(sensational) > covered(wire)
    for span in model.predict(sensational):
        assert span.technique in TECHNIQUES and sensational[span.start : span.end].strip()
