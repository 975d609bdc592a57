from __future__ import annotations

import hashlib
import json

import pytest

from newscred.errors import NewscredError
from newscred.models.assessment import AssessmentModel, default_artifact_path
from newscred.models.features import assessment_features

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
    produced = set(assessment_features(report.signals, report.article.title, report.article.body))
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


def test_training_is_deterministic(tmp_path, shared_root):
    from newscred.training.assessment import Recipe
    from newscred.training.train import train_assessment

    grid = (Recipe(text_weight=0.0), Recipe(text_weight=1.0, l2=0.1))
    first = train_assessment(shared_root, tmp_path / "a", limit=40, grid=grid)
    second = train_assessment(shared_root, tmp_path / "b", limit=40, grid=grid)
    assert first["sha256"] == second["sha256"]
    for name in ("assessment.json", "assessment_text.npz", "assessment_ood.npz"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    model = AssessmentModel.load(tmp_path / "a" / "assessment.json")
    assert model.features
    assert first["metrics"]["selection"]["chosen"] in [r.to_dict() for r in grid]


def test_training_without_a_dataset_leaves_it_out(tmp_path, shared_root):
    from newscred.training.assessment import Recipe
    from newscred.training.train import train_assessment

    manifest = train_assessment(shared_root, tmp_path, limit=30, grid=(Recipe(text_weight=0.0),),
                                exclude=["recovery_covid19_2020"])
    assert "recovery" not in manifest["data"] and manifest["excluded_datasets"] == ["recovery_covid19_2020"]
    assert "--exclude recovery_covid19_2020" in manifest["command"]
    assert not any(path.startswith("recovery") for path in manifest["data_sha256"])
    with pytest.raises(NewscredError):
        train_assessment(shared_root, tmp_path, exclude=["no_such_set"])


def test_manifest_names_every_dataset_and_its_terms():
    manifest = json.loads(default_artifact_path().with_name("assessment.manifest.json").read_text())
    assert set(manifest["data"]) >= {"buzzfeed", "isot", "coaid_news", "checkthat2021", "snopes312"}
    if "recovery" in manifest["data"]:
        assert "CC BY-NC-SA 4.0" in manifest["data"]["recovery"]["terms"]
    assert manifest["metrics"]["selection"]["worst"] <= manifest["metrics"]["selection"]["mean"]


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


def test_shapley_points_are_the_exact_shapley_values_of_the_groups():
    """Against the definition, subset by subset: the values add up to the score minus the
    score of an article average on everything, and equal the textbook sum bit for bit."""
    import math
    import random

    model = AssessmentModel.load()
    names = model.group_names
    n = len(names)
    rng = random.Random(7)
    for _ in range(25):
        parts = {g: rng.uniform(-3, 3) for g in names}
        absent = {g: rng.uniform(-0.5, 0.5) for g in names}

        def value(subset: int) -> float:
            logit = model._intercept + sum(
                parts[g] if subset >> i & 1 else absent[g] for i, g in enumerate(names))
            return model._probability(logit)

        expected = {}
        for i, name in enumerate(names):
            total = sum(
                math.factorial(bin(s).count("1")) * math.factorial(n - bin(s).count("1") - 1)
                / math.factorial(n) * (value(s | 1 << i) - value(s))
                for s in range(1 << n) if not s >> i & 1)
            expected[name] = round(100.0 * total, 1)
        points = model._shapley_points(parts, absent)
        assert points == expected
        assert abs(sum(points.values()) - 100 * (value((1 << n) - 1) - value(0))) <= 0.05 * n
