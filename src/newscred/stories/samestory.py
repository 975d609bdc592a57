"""Are two items coverage of the same story? A small logistic model over the cosine of their
article vectors and the overlap of their entity sets.

Only what the story index stores for every article is used (one vector, one entity set),
so the same features serve the online clustering and training. Trained on FNC-1
(`newscred train samestory`): a headline and a body are one story when the pair is
labelled agree/disagree/discuss, not when it is unrelated. The decision threshold is
chosen on the training part by grouped cross-validation, never on the held-out part.
The runtime is numpy only; the weights live in `artifacts/samestory.json`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

from newscred.errors import NewscredError
from newscred.models.artifact import read_json_artifact
from newscred.models.calibration import sigmoid

ARTIFACT = "samestory.json"
FEATURES = (
    "cosine",
    "cosine_squared",
    "entity_overlap",
    "entity_jaccard",
    "shared_entities_log",
    "no_entities",
    "cosine_x_overlap",
)


def pair_features(cosine: float, entities_a: Iterable[str], entities_b: Iterable[str]) -> np.ndarray:
    """The model's inputs, in `FEATURES` order; all finite, each in [0, 1] except
    `shared_entities_log` (log1p of the shared count) and a negative cosine."""
    a, b = set(entities_a), set(entities_b)
    cosine = float(cosine) if math.isfinite(cosine) else 0.0
    cosine = max(-1.0, min(1.0, cosine))
    shared = len(a & b)
    either_empty = not a or not b
    overlap = 0.0 if either_empty else shared / min(len(a), len(b))
    jaccard = 0.0 if either_empty else shared / len(a | b)
    return np.array([cosine, cosine * cosine, overlap, jaccard, math.log1p(shared),
                     float(either_empty), max(cosine, 0.0) * overlap], dtype=np.float64)


def default_path() -> Path:
    from newscred.models.linear import artifacts_dir

    return artifacts_dir() / ARTIFACT


class SameStoryModel:
    """`probability(cosine, entities_a, entities_b)`; same story when it reaches `threshold`."""

    def __init__(self, spec: dict[str, Any], *, sha256: str = "") -> None:
        try:
            if tuple(spec["features"]) != FEATURES:
                raise ValueError(f"features {spec['features']} differ from {FEATURES}")
            self.mean = np.asarray(spec["mean"], dtype=np.float64)
            self.scale = np.asarray(spec["scale"], dtype=np.float64)
            self.coef = np.asarray(spec["coef"], dtype=np.float64)
            self.intercept = float(spec["intercept"])
            self.threshold = float(spec["threshold"])
            # two articles of one story score higher than a headline and a body, so the
            # story index decides with its own threshold, chosen on article pairs
            self.article_threshold = float(spec.get("article_threshold", spec["threshold"]))
            self.version = str(spec["version"])
        except (KeyError, TypeError, ValueError) as exc:
            raise NewscredError("NC200", f"same-story model is malformed: {exc!r}") from exc
        if not (self.mean.shape == self.scale.shape == self.coef.shape == (len(FEATURES),)):
            raise NewscredError("NC200", "same-story model arrays do not fit its features")
        self.spec = spec
        self.sha256 = sha256

    @classmethod
    def load(cls, path: Path | None = None) -> SameStoryModel:
        spec, sha256 = read_json_artifact(path or default_path())
        return cls(spec, sha256=sha256)

    def logits(self, features: np.ndarray) -> np.ndarray:
        """Rows of `pair_features` -> logits."""
        z = (np.atleast_2d(features) - self.mean) / self.scale
        return z @ self.coef + self.intercept

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        return sigmoid(self.logits(features))

    def probability(self, cosine: float, entities_a: Iterable[str], entities_b: Iterable[str]) -> float:
        return float(self.probabilities(pair_features(cosine, entities_a, entities_b))[0])

    def same_story(self, cosine: float, entities_a: Iterable[str], entities_b: Iterable[str]) -> bool:
        return self.probability(cosine, entities_a, entities_b) >= self.threshold
