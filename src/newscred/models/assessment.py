"""The assessment model at run time: calibrated logistic regression over the signals'
features plus a masked n-gram text part, with an out-of-distribution score.

The artifacts (`assessment.json`, `assessment_text.npz`) are written by `newscred train
assessment`; this module only reads them, with numpy, so `newscred check` needs neither
scikit-learn nor torch.
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
from newscred.models.calibration import sigmoid_scalar

ARTIFACT_NAME = "assessment.json"
TEXT_GROUP = "wording"  # the component name of the n-gram text part


def default_artifact_path() -> Path:
    return Path(str(resources.files("newscred.models") / "artifacts" / ARTIFACT_NAME))


@dataclass(frozen=True)
class Prediction:
    probability: float
    components: dict[str, float]  # signal group -> signed score points (Shapley values)
    ood_score: float  # 1 - best cosine similarity to the training texts' centroids


class AssessmentModel:
    def __init__(self, spec: dict[str, Any], *, sha256: str, folder: Path) -> None:
        try:
            self.version: str = spec["version"]
            self.features: list[str] = list(spec["features"])
            self.groups: list[str] = [spec["groups"][f] for f in self.features]
            self._mean = np.asarray(spec["mean"], dtype=float)
            self._scale = np.asarray(spec["scale"], dtype=float)
            self._coef = np.asarray(spec["coef"], dtype=float)
            self._intercept = float(spec["intercept"])
            self._calibration = dict(spec["calibration"])
            if self._calibration["type"] == "isotonic":
                self._iso_x = np.asarray(self._calibration["x"], dtype=float)
                self._iso_y = np.asarray(self._calibration["y"], dtype=float)
            else:
                self._platt_a = float(self._calibration["a"])
                self._platt_b = float(self._calibration["b"])
            self._clip = float(spec.get("clip_z", 50.0))
            self.excluded: frozenset[str] = frozenset(spec.get("excluded_features", {}))
            ood = spec.get("ood")
            self.ood_threshold = float(ood["threshold"]) if ood else math.inf
            text = spec.get("text")
            self._text_mean = float(text["mean_contribution"]) if text else 0.0
            self.manifest: dict[str, Any] = spec.get("manifest", {})
        except (KeyError, TypeError, ValueError) as exc:
            raise NewscredError("NC200", f"assessment model is malformed: {exc!r}") from exc
        sizes = {len(self.features), len(self._mean), len(self._scale), len(self._coef)}
        if len(sizes) != 1:
            raise NewscredError("NC200", "assessment model arrays differ in length")
        self._ood = None
        if ood:
            self._ood = _load_ood(folder / ood["artifact"], ood["hashing"])
        self.text_model = None
        if text:
            from newscred.models.linear import LinearTextModel

            self.text_model = LinearTextModel.load(folder / text["artifact"])
        self.sha256 = sha256
        self._group_names = sorted(set(self.groups)) + ([TEXT_GROUP] if text else [])
        self._group_masks = {g: np.array([grp == g for grp in self.groups]) for g in set(self.groups)}

    @property
    def group_names(self) -> tuple[str, ...]:
        """The components' names: every group a prediction gives points to."""
        return tuple(self._group_names)

    def is_excluded(self, feature: str) -> bool:
        """Left out of the model on purpose (a named feature, or a whole signal as `name.*`)."""
        return feature in self.excluded or f"{feature.split('.', 1)[0]}.*" in self.excluded

    @classmethod
    def load(cls, path: Path | None = None) -> AssessmentModel:
        path = path or default_artifact_path()
        try:
            raw = path.read_bytes()
            spec = json.loads(raw)
        except (OSError, ValueError) as exc:
            raise NewscredError("NC200", f"cannot read {path}: {exc}") from exc
        return cls(spec, sha256=hashlib.sha256(raw).hexdigest(), folder=path.parent)

    def vector(self, features: dict[str, float]) -> np.ndarray:
        """Features in model order; a feature an analyzer did not produce counts as average."""
        values = [features.get(name) for name in self.features]
        return np.array(
            [m if v is None or not math.isfinite(v) else v for v, m in zip(values, self._mean)],
            dtype=float,
        )

    def _contributions(self, features: dict[str, float], text: str | None) -> dict[str, float]:
        z = np.clip((self.vector(features) - self._mean) / self._scale, -self._clip, self._clip)
        parts = {g: float(z[mask] @ self._coef[mask]) for g, mask in self._group_masks.items()}
        if self.text_model is not None:
            parts[TEXT_GROUP] = float(self.text_model.decision(text or "")[0])
        return parts

    def _probability(self, logit: float) -> float:
        if self._calibration["type"] == "isotonic":
            return float(np.interp(logit, self._iso_x, self._iso_y))
        return sigmoid_scalar(self._platt_a * logit + self._platt_b)

    def predict(self, features: dict[str, float], text: str | None = None) -> Prediction:
        """`text` is the article's title and body joined by a blank line."""
        from newscred.models.masking import mask

        text = mask(text or "")  # once: the n-gram part and the OOD check read the same text
        parts = self._contributions(features, text)
        absent = {g: (self._text_mean if g == TEXT_GROUP else 0.0) for g in parts}
        probability = self._probability(self._intercept + sum(parts.values()))
        ood = 0.0
        if self._ood is not None:
            ood = self._ood.score(text)
        return Prediction(probability, self._shapley_points(parts, absent), round(ood, 4))

    def _shapley_points(self, parts: dict[str, float], absent: dict[str, float]) -> dict[str, float]:
        """Exact Shapley values of the groups, in score points. A group is "absent" when it
        contributes what an average training article does; the values add up to the score
        minus the score of an article average on everything."""
        names = self._group_names
        n = len(names)
        # The logit sum of every subset, bit i for names[i], added in name order as
        # `sum(parts[g] if present else absent[g] for g in names)` adds, one name at a time.
        sums: list[float] = [0]  # type: ignore[list-item]  # sum() starts from the int 0
        for g in names:
            there, away = parts[g], absent[g]
            sums = [s + away for s in sums] + [s + there for s in sums]
        value = [self._probability(self._intercept + s) for s in sums]
        weights = [math.factorial(k) * math.factorial(n - k - 1) / math.factorial(n) for k in range(n)]
        ones = [bin(subset).count("1") for subset in range(1 << n)]
        points = {}
        for i, name in enumerate(names):
            bit = 1 << i
            total = sum(
                weights[ones[subset]] * (value[subset | bit] - value[subset])
                for subset in range(1 << n)
                if not subset & bit
            )
            points[name] = round(100.0 * total, 1)
        return points

    def drivers(self, features: dict[str, float | None], group: str, sign: float, k: int = 2) -> list[str]:
        """The `k` features of `group` that moved the score most in the direction `sign`."""
        z = np.clip((self.vector(features) - self._mean) / self._scale, -self._clip, self._clip)
        pushes = [(float(z[i] * self._coef[i]), self.features[i])
                  for i in np.flatnonzero(self._group_masks.get(group, np.zeros(0, bool)))]
        pushes = sorted((p for p in pushes if p[0] * sign > 0), key=lambda p: -abs(p[0]))
        return [name for _, name in pushes[:k]]

    @property
    def baseline_probability(self) -> float:
        """The probability for an article average on every feature."""
        return self._probability(self._intercept + self._text_mean)


class _Ood:
    def __init__(self, centroids: np.ndarray, idf: np.ndarray, hashing: dict[str, Any]) -> None:
        from newscred.models.hashing import HashedNgrams, HashingConfig

        self.centroids = centroids.astype(np.float64)
        self.vectorizer = HashedNgrams(HashingConfig.from_dict(hashing), idf.astype(np.float64))

    def score(self, text: str) -> float:
        index, value = self.vectorizer.transform_one(text)
        return 1.0 - float(np.max(self.centroids[:, index] @ value)) if len(index) else 1.0


def _load_ood(path: Path, hashing: dict[str, Any]) -> _Ood:
    try:
        with np.load(path, allow_pickle=False) as data:
            return _Ood(data["centroids"], data["idf"], hashing)
    except (OSError, KeyError, ValueError) as exc:
        raise NewscredError("NC200", f"cannot load {path}: {exc}") from exc
