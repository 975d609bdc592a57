"""Linear text classifiers over hashed n-grams, stored as npz (never pickle) + a manifest.

An artifact `<name>.npz` holds `coef` (classes × features, or 1 × features for a binary
model), `intercept`, optional `idf`, and `spec`: a JSON string with the classes, the
hashing config, the calibration and the version. `<name>.manifest.json` beside it names the
training data and their terms, the commit, the metrics and the npz's sha256.
"""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from newscred.errors import NewscredError
from newscred.models.calibration import platt
from newscred.models.hashing import HashedNgrams, HashingConfig


def artifacts_dir() -> Path:
    return Path(str(resources.files("newscred.models") / "artifacts"))


class LinearTextModel:
    def __init__(
        self,
        *,
        classes: list[str],
        coef: np.ndarray,
        intercept: np.ndarray,
        hashing: HashingConfig,
        idf: np.ndarray | None = None,
        calibration: dict[str, float] | None = None,
        version: str = "1",
        sha256: str = "",
        spec_extra: dict[str, Any] | None = None,
    ) -> None:
        self.classes = classes
        self.coef = np.asarray(coef, dtype=np.float32)
        self.intercept = np.asarray(intercept, dtype=np.float64).reshape(-1)
        self.vectorizer = HashedNgrams(hashing, idf)
        self.calibration = calibration or {"a": 1.0, "b": 0.0}
        self.version = version
        self.sha256 = sha256
        self.extra = spec_extra or {}
        if self.coef.ndim != 2 or self.coef.shape[1] != hashing.n_features:
            raise NewscredError("NC200", f"coef shape {self.coef.shape} does not fit the hashing")

    @property
    def binary(self) -> bool:
        return self.coef.shape[0] == 1

    def decision(self, text: str) -> np.ndarray:
        index, value = self.vectorizer.transform_one(text)
        return self.coef[:, index] @ value + self.intercept

    def probabilities(self, text: str) -> dict[str, float]:
        """Class -> probability. Binary models: classes[1] is the positive class."""
        return self.probabilities_from_decision(self.decision(text))

    def probabilities_from_decision(self, scores: np.ndarray) -> dict[str, float]:
        """As `probabilities`, from decision values already computed (one per class, or
        one for a binary model): Platt-calibrated sigmoid, or a scaled softmax."""
        if self.binary:
            positive = float(platt(float(scores[0]), self.calibration["a"], self.calibration["b"]))
            return {self.classes[0]: 1.0 - positive, self.classes[1]: positive}
        scaled = scores * self.calibration.get("a", 1.0)
        exp = np.exp(scaled - scaled.max())
        probs = exp / exp.sum()
        return {c: float(p) for c, p in zip(self.classes, probs)}

    # -- storage --------------------------------------------------------------------
    def save(self, path: Path) -> str:
        spec = {
            "classes": self.classes,
            "hashing": self.vectorizer.config.to_dict(),
            "calibration": self.calibration,
            "version": self.version,
            **({"extra": self.extra} if self.extra else {}),
        }
        arrays: dict[str, np.ndarray] = {
            "coef": self.coef.astype(np.float32),
            "intercept": self.intercept.astype(np.float64),
            "spec": np.array(json.dumps(spec, sort_keys=True)),
        }
        if self.vectorizer.idf is not None:
            arrays["idf"] = self.vectorizer.idf.astype(np.float32)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            np.savez_compressed(handle, **arrays)
        return hashlib.sha256(path.read_bytes()).hexdigest()

    @classmethod
    def load(cls, name_or_path: str | Path) -> LinearTextModel:
        path = Path(name_or_path)
        if not path.suffix:
            path = artifacts_dir() / f"{name_or_path}.npz"
        try:
            raw = path.read_bytes()
            with np.load(path, allow_pickle=False) as data:
                spec = json.loads(str(data["spec"]))
                idf = data["idf"].astype(np.float64) if "idf" in data.files else None
                return cls(
                    classes=list(spec["classes"]),
                    coef=data["coef"],
                    intercept=data["intercept"],
                    hashing=HashingConfig.from_dict(spec["hashing"]),
                    idf=idf,
                    calibration=spec.get("calibration"),
                    version=spec.get("version", "1"),
                    sha256=hashlib.sha256(raw).hexdigest(),
                    spec_extra=spec.get("extra"),
                )
        except (OSError, KeyError, ValueError) as exc:
            raise NewscredError("NC200", f"cannot load model {path}: {exc}") from exc
