"""Scoring functions shared by training, the evaluation harness and the CI gate."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import combinations

import numpy as np


def average_ranks(scores: np.ndarray) -> np.ndarray:
    """1-based ranks, ties sharing their average rank."""
    scores = np.asarray(scores, dtype=float)
    _, inverse, counts = np.unique(scores, return_inverse=True, return_counts=True)
    ends = np.cumsum(counts)
    return ((ends - counts + 1 + ends) / 2.0)[inverse]


def roc_auc(y: np.ndarray, scores: np.ndarray) -> float:
    """Area under the ROC curve (Mann-Whitney U with average ranks for ties)."""
    y = np.asarray(y)
    positives = int(y.sum())
    negatives = len(y) - positives
    if positives == 0 or negatives == 0:
        return float("nan")
    ranks = average_ranks(scores)
    return float((ranks[y == 1].sum() - positives * (positives + 1) / 2) / (positives * negatives))


def bootstrap_interval(
    y: np.ndarray, scores: np.ndarray, *, resamples: int = 1000, seed: int = 13,
    level: float = 0.95,
) -> tuple[float, float]:
    """Percentile bootstrap interval of the ROC-AUC, resampling within each class."""
    y = np.asarray(y)
    scores = np.asarray(scores, dtype=float)
    rng = np.random.default_rng(seed)
    pos, neg = np.flatnonzero(y == 1), np.flatnonzero(y == 0)
    if not len(pos) or not len(neg):
        return float("nan"), float("nan")
    values = []
    for _ in range(resamples):
        idx = np.concatenate([rng.choice(pos, len(pos)), rng.choice(neg, len(neg))])
        values.append(roc_auc(y[idx], scores[idx]))
    tail = (1.0 - level) / 2.0
    return float(np.quantile(values, tail)), float(np.quantile(values, 1.0 - tail))


def expected_calibration_error(
    y: np.ndarray, probability: np.ndarray, bins: int = 10, weights: np.ndarray | None = None
) -> float:
    """ECE over equal-width probability bins, weighted by bin mass (row weights optional:
    e.g. to reweight the classes to an even prior)."""
    y = np.asarray(y, dtype=float)
    probability = np.asarray(probability, dtype=float)
    w = np.ones(len(y)) if weights is None else np.asarray(weights, dtype=float)
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(probability, edges[1:-1]), 0, bins - 1)
    total = 0.0
    for b in range(bins):
        mask = which == b
        if mask.any() and w[mask].sum() > 0:
            gap = np.average(probability[mask], weights=w[mask]) - np.average(y[mask], weights=w[mask])
            total += w[mask].sum() * abs(gap)
    return float(total / w.sum()) if len(y) else float("nan")


def even_prior_weights(y: np.ndarray) -> np.ndarray:
    """Row weights that give both classes the same total weight."""
    y = np.asarray(y)
    w = np.zeros(len(y))
    for label in (0, 1):
        rows = y == label
        if rows.any():
            w[rows] = 0.5 * len(y) / rows.sum()
    return w


def even_prior_ece(y: np.ndarray, probability: np.ndarray) -> float:
    """ECE with the classes reweighted to the same total weight."""
    return expected_calibration_error(y, probability, weights=even_prior_weights(y))


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


# -- ranking metrics (CLEF CheckThat!'s definitions; used by the claims model) -----------
K_VALUES = (5, 10, 20, 50)

def _ranked(y: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """Labels in ranked order: higher score first, ties in input order."""
    order = np.argsort(-np.asarray(scores, dtype=float), kind="stable")
    return np.asarray(y, dtype=int)[order]


def average_precision(y, scores) -> float:
    """Mean of the precision at the rank of each positive; 0 when there is none."""
    ranked = _ranked(y, scores)
    hits = np.flatnonzero(ranked)
    if not len(hits):
        return 0.0
    return float(np.mean(np.arange(1, len(hits) + 1) / (hits + 1)))


def precision_at(y, scores, k: int) -> float:
    """Share of positives among the top k (divided by k, as the lab's scorer does)."""
    return float(_ranked(y, scores)[:k].sum() / k)


def r_precision(y, scores) -> float:
    r = int(np.asarray(y).sum())
    return precision_at(y, scores, r) if r else 0.0


def ranking_metrics(groups: Sequence[tuple[np.ndarray, np.ndarray]]) -> dict[str, float]:
    """MAP, R-precision and P@k, each averaged over the (labels, scores) rankings given
    (one per debate; the 2020 tweets are one ranking)."""
    out = {
        "map": np.mean([average_precision(y, s) for y, s in groups]),
        "r_precision": np.mean([r_precision(y, s) for y, s in groups]),
        **{f"p_at_{k}": np.mean([precision_at(y, s, k) for y, s in groups]) for k in K_VALUES},
    }
    return {key: round(float(v), 4) for key, v in out.items()}


# -- stance and story clustering (FNC-1) ------------------------------------------------
def fnc_score(gold, predicted) -> float:
    """The official FNC-1 score as a share of the best possible: 0.25 for telling related
    from unrelated, 0.75 more for the exact stance of a related pair."""
    score = best = 0.0
    for g, p in zip(gold, predicted):
        best += 0.25 if g == "unrelated" else 1.0
        if g == p:
            score += 0.25 if g == "unrelated" else 0.75
        if g != "unrelated" and p != "unrelated":
            score += 0.25
    return score / best if best else float("nan")


def pairwise(gold: Sequence[int], found: Sequence[int]) -> dict[str, float]:
    """Clustering against gold clusters, over item pairs: precision, recall and F1 of
    "in the same cluster"."""
    tp = fp = fn = 0
    for i, j in combinations(range(len(gold)), 2):
        same_gold, same_found = gold[i] == gold[j], found[i] == found[j]
        tp += same_gold and same_found
        fp += same_found and not same_gold
        fn += same_gold and not same_found
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"pair_precision": precision, "pair_recall": recall, "pair_f1": f1}


def bcubed(gold: Sequence[int], found: Sequence[int]) -> float:
    """B-cubed F1 of a clustering against gold clusters (per-item precision and recall)."""
    both = Counter(zip(gold, found))
    g, f = Counter(gold), Counter(found)
    precision = sum(both[(a, b)] / f[b] for a, b in zip(gold, found)) / len(gold)
    recall = sum(both[(a, b)] / g[a] for a, b in zip(gold, found)) / len(gold)
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0
