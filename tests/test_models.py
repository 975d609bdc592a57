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
    assert manifest["data"] and manifest["metrics"]["cross_dataset_roc_auc"]
    assert manifest["commit"]
    for entry in manifest["data"].values():
        assert entry["terms"]


def test_model_reads_exactly_the_features_the_analyzers_produce(pipeline):
    report = pipeline.check(title=WIRE_TITLE, text=WIRE_BODY)
    produced = set(features_of(report.signals))
    model = AssessmentModel.load()
    assert set(model.features) == produced - model.excluded
    assert model.excluded <= produced


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
    first = train_assessment(out_dir=tmp_path / "a", limit=40)
    second = train_assessment(out_dir=tmp_path / "b", limit=40)
    assert first["sha256"] == second["sha256"]
    assert (tmp_path / "a" / "assessment.json").read_bytes() == (
        tmp_path / "b" / "assessment.json"
    ).read_bytes()
    model = AssessmentModel.load(tmp_path / "a" / "assessment.json")
    assert model.features
