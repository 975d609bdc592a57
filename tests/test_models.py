from __future__ import annotations

import hashlib
import json

import pytest

from newscred.errors import NewscredError
from newscred.models.assessment import AssessmentModel, default_artifact_path
from newscred.pipeline import features_of

from .conftest import WIRE_BODY, WIRE_TITLE


def test_artifact_manifest_matches_the_artifact():
    path = default_artifact_path()
    manifest = json.loads(path.with_name("assessment.manifest.json").read_text())
    assert manifest["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert manifest["data"] and manifest["metrics"]["selection"]["chosen"]
    assert manifest["commit"]
    spec = json.loads(path.read_text())
    for part in (spec["text"], spec["ood"]):
        if part:
            data = path.with_name(part["artifact"]).read_bytes()
            assert hashlib.sha256(data).hexdigest() == part["sha256"]
    for entry in manifest["data"].values():
        assert entry["terms"]


def test_model_reads_exactly_the_features_the_analyzers_produce(pipeline):
    report = pipeline.check(title=WIRE_TITLE, text=WIRE_BODY)
    produced = set(features_of(report.signals))
    model = AssessmentModel.load()
    assert set(model.features) == {f for f in produced if not model.is_excluded(f)}
    assert any(model.is_excluded(f) for f in produced)


def test_corrupt_artifact_is_a_coded_error(tmp_path):
    bad = tmp_path / "assessment.json"
    bad.write_text('{"version": "x"}')
    with pytest.raises(NewscredError) as info:
        AssessmentModel.load(bad)
    assert info.value.code == "NC200"
    with pytest.raises(NewscredError):
        AssessmentModel.load(tmp_path / "missing.json")


def test_training_is_deterministic(tmp_path):
    from newscred.evaluation.datasets import shared_data_dir
    from newscred.models.train import train_assessment

    try:
        shared_data_dir()
    except NewscredError as exc:
        pytest.skip(f"shared datasets absent: {exc.message}")
    first = train_assessment(shared_data_dir(), tmp_path / "a", limit=40)
    second = train_assessment(shared_data_dir(), tmp_path / "b", limit=40)
    assert first["sha256"] == second["sha256"]
    for name in ("assessment.json", "assessment_text.npz", "assessment_ood.npz"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    model = AssessmentModel.load(tmp_path / "a" / "assessment.json")
    assert model.features and model.text_model is not None


def test_out_of_scope_text_abstains(pipeline):
    recipe = (
        "Preheat the oven to 180 degrees. Mix two cups of flour with one cup of sugar, three "
        "eggs and a teaspoon of baking powder. Stir in melted butter and cocoa. Pour the "
        "batter into a greased tin and bake for forty minutes, until a skewer comes out "
        "clean. Let it cool before you add the icing. Beat butter with icing sugar and a "
        "spoon of milk until smooth, then spread it over the cake and decorate with berries. "
        "Serve with cream; the cake keeps for three days in a tin. Whisk, fold, bake, cool."
    )
    report = pipeline.check(title="Chocolate cake", text=recipe)
    assert report.assessment.abstained
    assert "far from the articles" in report.assessment.reason
    assert report.signals  # the signals are still reported
