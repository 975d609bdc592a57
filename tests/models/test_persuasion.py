"""The persuasion-technique model: decoding, training on a tiny corpus, the shipped
artifact, and `newscred eval persuasion` on a fixture."""

from __future__ import annotations

import json
from types import SimpleNamespace

import numpy as np
import pytest
from typer.testing import CliRunner

from newscred.analyzers.persuasion import TECHNIQUES
from newscred.cli import app
from newscred.errors import NewscredError
from newscred.evaluation.datasets import load
from newscred.evaluation.spans import read_predictions
from newscred.training import persuasion_threshold as pth
from newscred.training import persuasion_train as pt
from newscred.models.linear import artifacts_dir
from newscred.models.persuasion import PersuasionModel, TechniqueSpan, decode
from newscred.models.persuasion_display import DisplayModel
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
        # score = P(technique | span) x P(span is propaganda): never above the latter
        assert span.technique in techniques and 0 < span.score <= span.probability + 1e-4
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


@pytest.mark.slow
def test_full_eval_reports_the_highlighted_spans(fixture_root, tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSCRED_PREDICTIONS", str(tmp_path / "pred"))
    result = CliRunner().invoke(
        app, ["eval", "persuasion", "--data", str(fixture_root), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    (task,) = json.loads(result.stdout)
    row = next(r for r in task["rows"] if r["system"].startswith("model, highlighted spans only"))
    everything = next(r for r in task["rows"] if r["system"] == "model")
    assert row["metrics"]["n"] <= everything["metrics"]["n"]
    assert any(note.startswith("Highlighted spans: the display threshold") for note in task["notes"])


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


# -- the display threshold (issue 13) -------------------------------------------------------


def test_pick_threshold_is_the_lowest_that_reaches_the_target():
    curve = [(0.1, 0.30), (0.2, 0.49), (0.3, 0.50), (0.4, 0.47), (0.5, 0.62)]
    assert pth.pick_threshold(curve, 0.5) == 0.3
    assert pth.pick_threshold(list(reversed(curve)), 0.5) == 0.3
    assert pth.pick_threshold(curve, 0.6) == 0.5
    assert pth.pick_threshold(curve, 0.7) is None


def test_span_credit_is_the_semeval_precision_term():
    gold = [(5, 15), (10, 25), (50, 60)]  # the first two merge into 5-25
    assert pth.span_credit([(0, 10), (20, 30), (40, 44), (6, 8)], gold) == [0.5, 0.5, 0.0, 1.0]


SYNTHETIC = ("Council meets on water\n\nThe council met on Tuesday about the reservoir. "
             "Opponents called the plan a disgraceful betrayal of taxpayers. A vote follows.")


def _synthetic_articles(n: int = 8):
    """Articles whose found spans are one loaded phrase (gold) and one plain word that the
    span model scores higher (not gold): the raw score cannot tell them apart."""
    articles, spans = [], {}
    good = SYNTHETIC.index("disgraceful betrayal")
    bad = SYNTHETIC.index("reservoir")
    for i in range(n):
        articles.append(SimpleNamespace(id=str(i), text=SYNTHETIC,
                                        si=[(good, good + len("disgraceful betrayal"))]))
        spans[str(i)] = [
            TechniqueSpan("Loaded_Language", bad, bad + len("reservoir"), 0.45 + i / 100, 0.6),
            TechniqueSpan("Loaded_Language", good, good + len("disgraceful betrayal"), 0.4, 0.6),
        ]
    return articles, spans


def test_choose_display_reaches_the_target_out_of_fold_and_ranks_the_loaded_phrase_first():
    articles, spans = _synthetic_articles()
    fold = np.arange(len(articles)) % 4
    display = pth.choose_display(articles, list(ptc_fixture.TECHNIQUES), fold, spans)
    oof = display.metrics["oof_train_shown"]
    assert oof["precision"] >= pth.TARGET_PRECISION and oof["recall"] > 0
    assert display.threshold in pth.GRID
    reservoir, loaded = display.estimates(SYNTHETIC, spans["0"])
    assert loaded > reservoir
    assert display.shown(SYNTHETIC, spans["0"]) == [reservoir >= display.threshold, True]
    # deterministic, and the spec round-trips
    again = pth.choose_display(articles, list(ptc_fixture.TECHNIQUES), fold, spans)
    assert again.threshold == display.threshold and np.array_equal(again.coef, display.coef)
    back = DisplayModel.from_spec(json.loads(json.dumps(display.to_spec())))
    assert back.estimates(SYNTHETIC, spans["0"]) == display.estimates(SYNTHETIC, spans["0"])


def test_choose_display_says_when_no_threshold_reaches_the_target():
    articles, spans = _synthetic_articles()
    for a in articles:
        a.si = []  # nothing is gold: precision 0 everywhere
    with pytest.raises(NewscredError) as error:
        pth.choose_display(articles, list(ptc_fixture.TECHNIQUES), np.arange(8) % 4, spans)
    assert error.value.code == "NC114"


def test_display_spec_rejects_other_features():
    articles, spans = _synthetic_articles()
    spec = pth.choose_display(articles, list(ptc_fixture.TECHNIQUES), np.arange(8) % 4,
                              spans).to_spec()
    spec["features"] = spec["features"][:-1]
    with pytest.raises(ValueError):
        DisplayModel.from_spec(spec)


def test_display_model_survives_save_and_load(fixture_root, tmp_path):
    records = load("ptc2020", fixture_root)
    techniques = pt.techniques_of(fixture_root)
    model = pt.fit(pt.prepare([r for r in records if r.split == "train"]), techniques,
                   token_threshold=0.2, sentence_threshold=0.5)
    articles, spans = _synthetic_articles()
    model.display = pth.choose_display(articles, techniques, np.arange(8) % 4, spans)
    model.save(tmp_path / "persuasion.npz")
    loaded = PersuasionModel.load(tmp_path / "persuasion.npz")
    assert loaded.display is not None and loaded.display.threshold == model.display.threshold
    text = records[-1].text
    found = loaded.predict(text)
    assert loaded.display.estimates(text, found) == model.display.estimates(text, found)


def test_the_shipped_artifact_carries_its_display_threshold():
    model = PersuasionModel.load()
    manifest = json.loads((artifacts_dir() / "persuasion.manifest.json").read_text())
    assert manifest["sha256"] == model.sha256
    display = manifest["metrics"]["display"]
    assert model.display is not None and model.display.threshold == display["threshold"]
    assert model.display.metrics["oof_train_shown"] == display["oof_train_shown"]
    assert display["oof_train_shown"]["precision"] >= pth.TARGET_PRECISION
    assert display["dev_shown"]["n_predicted"] < display["dev_all_spans"]["n_predicted"]
    assert manifest["display_command"] == pth.COMMAND


@pytest.mark.slow
def test_out_of_fold_threshold_on_a_sample_of_the_ptc(tmp_path, shared_root):
    """The threshold recipe on 60 PTC training articles: 4 fold models, out-of-fold spans,
    the display model; the chosen threshold's out-of-fold precision reaches the target."""
    root = shared_root
    if not (root / "propaganda_ptc_semeval2020_task11").is_dir():
        pytest.skip("the PTC is not in the shared datasets")
    records = [r for r in load("ptc2020", root) if r.split == "train"][:60]
    techniques = pt.techniques_of(root)
    articles = pt.prepare(records)
    fold = np.arange(len(articles)) % 4
    models = pth.fold_models(articles, techniques, fold)
    spans = pth.oof_spans(articles, fold, models, token_threshold=0.5, sentence_threshold=0.5)
    display = pth.choose_display(articles, techniques, fold, spans)
    shown = display.metrics["oof_train_shown"]
    assert shown["precision"] >= pth.TARGET_PRECISION
    assert shown["n_predicted"] < display.metrics["oof_train_all_spans"]["n_predicted"]
