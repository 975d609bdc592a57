"""Platt scaling, the fit: one logistic regression on decision values (training only).

The run-time side (`sigmoid(a · x + b)`) is `newscred.models.calibration.platt`. Each model
keeps the settings it was trained with (C, row or class weights, iterations), so refits
reproduce the shipped artifacts.
"""

from __future__ import annotations

import numpy as np


def fit_platt(
    values: np.ndarray, y: np.ndarray, *, c: float = 1e6,
    sample_weight: np.ndarray | None = None, class_weight: str | dict | None = None,
    max_iter: int = 1000,
) -> tuple[float, float]:
    """(a, b) such that sigmoid(a · value + b) estimates P(y = 1), unrounded."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=c, class_weight=class_weight, max_iter=max_iter)
    model.fit(np.asarray(values).reshape(-1, 1), y, sample_weight=sample_weight)
    return float(model.coef_[0][0]), float(model.intercept_[0])
