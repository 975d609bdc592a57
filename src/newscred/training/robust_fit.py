"""A logistic regression fitted for the worst dataset, not the average one (training only).

Each training dataset is a group. Within a group both classes weigh the same, and every
group's loss is its class-balanced mean log-loss. The objective is either the mean of the
group losses (`worst_group=0`) or a smooth maximum of them, (1/t) log(mean_g exp(t L_g)),
which approaches the worst group's loss as t grows (group DRO, Sagawa et al. 2020, in its
soft form). Coefficients can be sign-constrained: a feature allowed only to raise, or only
to lower, the score. Fitted with L-BFGS-B (scipy); dense or sparse inputs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from newscred.models.calibration import sigmoid


@dataclass(frozen=True)
class LinearFit:
    coef: np.ndarray
    intercept: float

    def decision(self, x) -> np.ndarray:
        return np.asarray(x @ self.coef).ravel() + self.intercept


def balanced_group_weights(groups: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(row weights, group index per row): within each group each class sums to 1/2."""
    names = sorted(set(groups.tolist()))
    gid = np.array([names.index(g) for g in groups.tolist()], dtype=int)
    w = np.zeros(len(y))
    for g in range(len(names)):
        for label in (0, 1):
            rows = (gid == g) & (y == label)
            if rows.any():
                w[rows] = 0.5 / rows.sum()
    return w, gid


def fit_logistic(
    x, y: np.ndarray, groups: np.ndarray, *, l2: float, worst_group: float = 0.0,
    signs: Sequence[int] | None = None, max_iter: int = 500,
) -> LinearFit:
    """`l2` penalises 0.5 * l2 * |coef|^2; `signs[j]` is +1 (coef >= 0), -1 (<= 0) or 0."""
    from scipy.optimize import minimize

    y = np.asarray(y, dtype=float)
    w, gid = balanced_group_weights(np.asarray(groups), y.astype(int))
    n_groups = int(gid.max()) + 1
    n_features = x.shape[1]

    def objective(theta: np.ndarray) -> tuple[float, np.ndarray]:
        b, beta = theta[0], theta[1:]
        s = np.asarray(x @ beta).ravel() + b
        losses = np.logaddexp(0.0, s) - y * s
        group_loss = np.bincount(gid, weights=w * losses, minlength=n_groups)
        if worst_group > 0:
            top = group_loss.max()
            e = np.exp(worst_group * (group_loss - top))
            q = e / e.sum()
            loss = top + (np.log(e.sum()) - np.log(n_groups)) / worst_group
        else:
            q = np.full(n_groups, 1.0 / n_groups)
            loss = group_loss.mean()
        r = (sigmoid(s, limit=None) - y) * w * q[gid]
        grad = np.empty_like(theta)
        grad[0] = r.sum()
        grad[1:] = np.asarray(x.T @ r).ravel() + l2 * beta
        return float(loss + 0.5 * l2 * beta @ beta), grad

    bounds = [(None, None)] * (n_features + 1)
    for j, sign in enumerate(signs or ()):
        bounds[1 + j] = (0.0, None) if sign > 0 else (None, 0.0) if sign < 0 else (None, None)
    result = minimize(objective, np.zeros(n_features + 1), jac=True, method="L-BFGS-B",
                      bounds=bounds, options={"maxiter": max_iter})
    return LinearFit(coef=result.x[1:].copy(), intercept=float(result.x[0]))
