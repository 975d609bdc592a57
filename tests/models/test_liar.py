"""LIAR features: only the allowed metadata, never the speaker's credit history."""

from __future__ import annotations

import numpy as np
import pytest

from newscred.evaluation.datasets import Record
from newscred.training import liar

ALLOWED = {
    "subjects": ("health-care", "taxes"),
    "speaker": "jane-doe",
    "job": "State senator",
    "state": "Ohio",
    "party": "democrat",
    "context": "a town hall meeting",
}
# The five credit-history counts of the raw TSV, under any plausible key.
HISTORY = {
    "barely_true_counts": 7, "false_counts": 3, "half_true_counts": 9,
    "mostly_true_counts": 4, "pants_on_fire_counts": 1, "credit_history": (7, 3, 9, 4, 1),
    "barely-true": 7, "pants-fire": 1,
}


def record(extra: dict) -> Record:
    return Record("liar", "1", "Says taxes went up 40 percent.", "false", "train", extra=extra)


def test_metadata_tokens_use_only_the_allowed_fields():
    tokens = liar.metadata_tokens(record(ALLOWED))
    assert tokens == liar.metadata_tokens(record({**ALLOWED, **HISTORY}))
    assert liar.metadata_tokens(record(HISTORY)) == []
    assert "speaker=jane-doe" in tokens and "subject=taxes" in tokens
    assert "context=town" in tokens and "party=democrat" in tokens
    assert not any(ch.isdigit() for token in tokens for ch in token)
    assert set(liar.METADATA_FIELDS) == set(ALLOWED)


def test_feature_matrix_ignores_credit_history():
    clean = liar.feature_blocks([record(ALLOWED)], ("text", "metadata")).toarray()
    leaky = liar.feature_blocks([record({**ALLOWED, **HISTORY})], ("text", "metadata")).toarray()
    assert np.array_equal(clean, leaky)
    assert clean.shape == (1, liar.TEXT_HASHING.n_features + liar.METADATA_FEATURES)
    meta = liar.metadata_matrix([record(ALLOWED), record({})]).toarray()
    assert np.linalg.norm(meta[0]) == pytest.approx(1.0) and not meta[1].any()


def test_loaded_records_carry_no_credit_history(dataset):
    records = dataset("liar")
    assert {key for r in records for key in r.extra} <= set(liar.METADATA_FIELDS)
    assert all(liar.metadata_tokens(r) for r in records[:200])
