"""The assessment model at run time: a calibrated linear model over signal features.

The artifact (`artifacts/assessment.json`) is written by `newscred train assessment`; this
module only reads it, with numpy, so `newscred check` needs neither scikit-learn nor torch.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from newscred.errors import NewscredError

ARTIFACT_NAME = "assessment.json"


def default_artifact_path() -> Path:
    return Path(str(resources.files("newscred.models") / "artifacts" / ARTIFACT_NAME))


@dataclass(frozen=True)
class Prediction:
    probability: float
    components: dict[str, float]  # signal group -> signed score points


class AssessmentModel:
    """Standardise features, apply the linear model, then the Platt calibration."""

    def __init__(self, spec: dict[str, Any], *, sha256: str) -> None:
        try:
            self.version: str = spec["version"]
            self.features: list[str] = list(spec["features"])
            self.groups: list[str] = [spec["groups"][f] for f in self.features]
            self._mean = np.asarray(spec["mean"], dtype=float)
            self._scale = np.asarray(spec["scale"], dtype=float)
            self._coef = np.asarray(spec["coef"], dtype=float)
            self._intercept = float(spec["intercept"])
            self._platt_a = float(spec["calibration"]["a"])
            self._platt_b = float(spec["calibration"]["b"])
            self._clip = float(spec.get("clip_z", 50.0))
            self.excluded: frozenset[str] = frozenset(spec.get("excluded_features", {}))
            self.manifest: dict[str, Any] = spec.get("manifest", {})
        except (KeyError, TypeError, ValueError) as exc:
            raise NewscredError("NC200", f"assessment model is malformed: {exc!r}") from exc
        sizes = {len(self.features), len(self._mean), len(self._scale), len(self._coef)}
        if len(sizes) != 1:
            raise NewscredError("NC200", "assessment model arrays differ in length")
        self.sha256 = sha256
        self._group_names = sorted(set(self.groups))
        self._group_masks = {
            g: np.array([grp == g for grp in self.groups]) for g in self._group_names
        }

    @classmethod
    def load(cls, path: Path | None = None) -> AssessmentModel:
        path = path or default_artifact_path()
        try:
            raw = path.read_bytes()
            spec = json.loads(raw)
        except (OSError, ValueError) as exc:
            raise NewscredError("NC200", f"cannot read {path}: {exc}") from exc
        return cls(spec, sha256=hashlib.sha256(raw).hexdigest())

    def vector(self, features: dict[str, float]) -> np.ndarray:
        """Features in model order; a feature an analyzer did not produce counts as average."""
        values = [features.get(name) for name in self.features]
        return np.array(
            [m if v is None or not math.isfinite(v) else v for v, m in zip(values, self._mean)],
            dtype=float,
        )

    def _probability(self, z: np.ndarray) -> float:
        logit = float(z @ self._coef) + self._intercept
        calibrated = self._platt_a * logit + self._platt_b
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, calibrated))))

    def _shapley_points(self, z: np.ndarray) -> dict[str, float]:
        """Exact Shapley values of the signal groups, in score points.

        A group is "absent" when its features sit at the training mean (z = 0). The values
        add up to the score minus the score of an average article; with a handful of
        groups the 2^n evaluations cost microseconds.
        """
        names = self._group_names
        n = len(names)
        value: dict[int, float] = {}
        for subset in range(1 << n):
            keep = np.zeros(len(z), dtype=bool)
            for i, name in enumerate(names):
                if subset >> i & 1:
                    keep |= self._group_masks[name]
            value[subset] = self._probability(np.where(keep, z, 0.0))
        weights = [math.factorial(k) * math.factorial(n - k - 1) / math.factorial(n) for k in range(n)]
        points = {}
        for i, name in enumerate(names):
            total = 0.0
            for subset in range(1 << n):
                if not subset >> i & 1:
                    total += weights[bin(subset).count("1")] * (value[subset | 1 << i] - value[subset])
            points[name] = round(100.0 * total, 1)
        return points

    @property
    def baseline_probability(self) -> float:
        """The probability for an article average on every feature."""
        return self._probability(np.zeros(len(self.features)))

    def predict(self, features: dict[str, float]) -> Prediction:
        z = np.clip((self.vector(features) - self._mean) / self._scale, -self._clip, self._clip)
        probability = self._probability(z)
        components = self._shapley_points(z)
        return Prediction(probability=probability, components=components)
