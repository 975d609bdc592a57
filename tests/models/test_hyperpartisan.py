"""The hyperpartisan model: the shipped artifact, its manifest, text stripping and fitting."""

from __future__ import annotations

import hashlib
import json

import numpy as np
import pytest

from newscred.models.linear import LinearTextModel, artifacts_dir
from newscred.training import hyperpartisan

# Written for these tests.
PARTISAN = [
    "The radical left wants to destroy everything patriots hold dear, and they will lie to do it.",
    "These corrupt elites are laughing at you while they rig the system against real Americans.",
    "The far-right mob is a disgrace, and every decent person must stand up against their hate.",
    "Once again the fake news media covers for their crooked friends. Wake up, people!",
    "This shameful regime has betrayed working families, and we will never forgive them.",
    "The socialists are coming for your guns, your church and your children. Fight back!",
]
NEUTRAL = [
    "The committee met on Tuesday to review the proposed budget for the coming year.",
    "Officials said the bridge will reopen in March after repairs to its supports.",
    "The senator introduced a bill on rural broadband, which has support from both parties.",
    "Turnout in the local election was 41 percent, the county clerk said on Wednesday.",
    "The agency published new guidance on food labelling after a public consultation.",
    "Lawmakers debated the measure for three hours before voting 52-47 to approve it.",
]


@pytest.fixture(scope="module")
def model() -> LinearTextModel:
    return LinearTextModel.load("hyperpartisan")


def test_artifact_is_a_calibrated_binary_model(model):
    assert model.classes == hyperpartisan.CLASSES
    assert model.binary
    assert set(model.calibration) == {"a", "b"}
    assert model.calibration["a"] > 0


def test_manifest_names_the_npz_bytes_and_the_terms():
    folder = artifacts_dir()
    manifest = json.loads((folder / "hyperpartisan.manifest.json").read_text(encoding="utf-8"))
    assert manifest["artifact"] == "hyperpartisan.npz"
    digest = hashlib.sha256((folder / "hyperpartisan.npz").read_bytes()).hexdigest()
    assert manifest["sha256"] == digest
    terms = manifest["data"]["hyperpartisan"]["terms"]
    assert "CC BY 4.0" in terms and "Kiesel" in terms
    assert (folder / "hyperpartisan.npz").stat().st_size < 4 * 2**20


def test_probabilities_are_valid_and_order_partisan_over_neutral(model):
    partisan = model.probabilities(hyperpartisan.model_text("Wake up", " ".join(PARTISAN)))
    neutral = model.probabilities(hyperpartisan.model_text("Budget review", " ".join(NEUTRAL)))
    for probs in (partisan, neutral):
        assert sum(probs.values()) == pytest.approx(1.0)
        assert all(0.0 <= p <= 1.0 for p in probs.values())
    assert partisan["hyperpartisan"] > neutral["hyperpartisan"]


def test_strip_shortcuts_drops_urls_handles_boilerplate_and_the_publisher():
    text = (
        "Sponsored\n\nThe Daily Clarion reported the vote. Read the bill at "
        "https://example.gov/bill.pdf or www.clarion.com today, via @clarionnews.\n\n"
        "— Jane Roe (@janeroe) October 10, 2017\n\n"
        "Image by Clarion staff\n\nThe vote was 52-47."
    )
    stripped = hyperpartisan.strip_shortcuts(text, hyperpartisan.publisher_names("clarion.com"))
    for gone in ("Sponsored", "https://", "www.", "@clarionnews", "@janeroe", "Image by",
                 "Clarion"):
        assert gone not in stripped
    assert "reported the vote" in stripped and "The vote was 52-47." in stripped


def test_domain_helpers():
    assert hyperpartisan.base_domain("edition.cnn.com") == "cnn.com"
    assert hyperpartisan.base_domain("news.express.co.uk") == "express.co.uk"
    assert hyperpartisan.publisher_names("www.breitbart.com") == ["breitbart"]
    assert hyperpartisan.publisher_names("ft.com") == []  # too short to mask safely


def test_model_text_joins_title_and_body():
    assert hyperpartisan.model_text("Title", "Body") == "Title\n\nBody"
    assert hyperpartisan.model_text("", "Body") == "Body"


def test_fit_on_tiny_data_is_deterministic():
    texts = PARTISAN + NEUTRAL
    labels = ["hyperpartisan"] * 6 + ["not_hyperpartisan"] * 6
    first = hyperpartisan.fit(texts, labels, c=10.0, min_df=1)
    second = hyperpartisan.fit(texts, labels, c=10.0, min_df=1)
    assert np.array_equal(first.coef, second.coef)
    assert np.array_equal(first.intercept, second.intercept)
    assert first.coef.shape == (1, hyperpartisan.HASHING.n_features)
    scores = [first.probabilities(t)["hyperpartisan"] for t in texts]
    assert min(scores[:6]) > max(scores[6:])


def test_platt_scaling_is_increasing():
    values = np.array([-2.0, -1.0, -0.5, 0.5, 1.0, 2.0, -1.5, 1.5])
    y = np.array([0, 0, 1, 0, 1, 1, 0, 1])
    calibration = hyperpartisan.platt_calibration(values, y)
    assert calibration["a"] > 0


@pytest.mark.slow
def test_fast_evaluation_on_the_official_split(shared_root):
    result = hyperpartisan.evaluate(shared_root, True)
    assert set(result.gate) == {"accuracy", "roc_auc"}
    assert result.gate["accuracy"] >= 0.75 and result.gate["roc_auc"] >= 0.8
    systems = [row.system for row in result.rows]
    assert any("majority" in s for s in systems) and any("length-only" in s for s in systems)
    assert any(row.metrics.get("accuracy") == 0.822 for row in result.rows)  # the anchor
    # Publisher transfer: the shipped model per BuzzFeed portal and on the failure check;
    # leave one portal out runs only in the full evaluation.
    from newscred.training import hyperpartisan_transfer as transfer

    splits = {row.split for row in result.rows}
    assert {transfer.SHIPPED, transfer.CHECK} <= splits and transfer.LOPO not in splits
    assert sum(row.system.startswith("portal ") for row in result.rows) == 9
