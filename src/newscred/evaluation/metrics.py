"""Scoring functions shared by training, the evaluation harness and the CI gate."""

from __future__ import annotations

import numpy as np


def roc_auc(y: np.ndarray, scores: np.ndarray) -> float:
    """Area under the ROC curve (Mann-Whitney U with average ranks for ties)."""
    y = np.asarray(y)
    scores = np.asarray(scores, dtype=float)
    positives = int(y.sum())
    negatives = len(y) - positives
    if positives == 0 or negatives == 0:
        return float("nan")
    order = np.argsort(scores, kind="mergesort")
    ranks = np.empty(len(scores))
    sorted_scores = scores[order]
    i = 0
    while i < len(scores):
        j = i
        while j + 1 < len(scores) and sorted_scores[j + 1] == sorted_scores[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return float((ranks[y == 1].sum() - positives * (positives + 1) / 2) / (positives * negatives))


def expected_calibration_error(y: np.ndarray, probability: np.ndarray, bins: int = 10) -> float:
    """ECE over equal-width probability bins, weighted by bin size."""
    y = np.asarray(y, dtype=float)
    probability = np.asarray(probability, dtype=float)
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(probability, edges[1:-1]), 0, bins - 1)
    total = 0.0
    for b in range(bins):
        mask = which == b
        if mask.any():
            total += mask.sum() * abs(probability[mask].mean() - y[mask].mean())
    return float(total / len(y)) if len(y) else float("nan")


def accuracy(y_true, y_pred) -> float:
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    return float((y_true == y_pred).mean()) if len(y_true) else float("nan")


def _per_class(y_true, y_pred):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    for label in sorted(set(y_true.tolist()) | set(y_pred.tolist())):
        tp = float(((y_pred == label) & (y_true == label)).sum())
        predicted = float((y_pred == label).sum())
        actual = float((y_true == label).sum())
        yield label, tp, predicted, actual


def macro_f1(y_true, y_pred) -> float:
    """Unweighted mean F1 over the classes present in truth or prediction."""
    scores = []
    for _, tp, predicted, actual in _per_class(y_true, y_pred):
        precision = tp / predicted if predicted else 0.0
        recall = tp / actual if actual else 0.0
        scores.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    return float(np.mean(scores)) if scores else float("nan")


def balanced_accuracy(y_true, y_pred) -> float:
    """Mean recall over the classes present in the truth."""
    recalls = [tp / actual for _, tp, _, actual in _per_class(y_true, y_pred) if actual]
    return float(np.mean(recalls)) if recalls else float("nan")


def per_class_f1(y_true, y_pred) -> dict[str, float]:
    out = {}
    for label, tp, predicted, actual in _per_class(y_true, y_pred):
        precision = tp / predicted if predicted else 0.0
        recall = tp / actual if actual else 0.0
        out[str(label)] = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return out


def binary_metrics(y_true, probability, *, threshold: float = 0.5) -> dict[str, float]:
    """The standard row for a binary task: accuracy, macro-F1, balanced accuracy, ROC-AUC, ECE."""
    y_true = np.asarray(y_true).astype(int)
    probability = np.asarray(probability, dtype=float)
    y_pred = (probability >= threshold).astype(int)
    return {
        "n": int(len(y_true)),
        "accuracy": round(accuracy(y_true, y_pred), 4),
        "macro_f1": round(macro_f1(y_true, y_pred), 4),
        "balanced_accuracy": round(balanced_accuracy(y_true, y_pred), 4),
        "roc_auc": round(roc_auc(y_true, probability), 4),
        "ece": round(expected_calibration_error(y_true, probability), 4),
    }


def multiclass_metrics(y_true, y_pred) -> dict[str, float]:
    return {
        "n": int(len(y_true)),
        "accuracy": round(accuracy(y_true, y_pred), 4),
        "macro_f1": round(macro_f1(y_true, y_pred), 4),
        "balanced_accuracy": round(balanced_accuracy(y_true, y_pred), 4),
    }
