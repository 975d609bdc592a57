"""The worst-dataset logistic regression used for the assessment."""

from __future__ import annotations

import numpy as np

from newscred.training.robust_fit import balanced_group_weights, fit_logistic


def _data(seed=0):
    """Two groups: feature 0 separates the labels in both, feature 1 only in the big one,
    feature 2 the wrong way round in the small one."""
    rng = np.random.default_rng(seed)
    rows, labels, groups = [], [], []
    for group, n, flip in (("big", 600, 1.0), ("small", 80, -1.0)):
        y = rng.integers(0, 2, n)
        s = 2 * y - 1
        x0 = s * 1.0 + rng.normal(0, 1, n)
        x1 = s * (1.5 if group == "big" else 0.0) + rng.normal(0, 1, n)
        x2 = s * flip * 0.8 + rng.normal(0, 1, n)
        rows.append(np.column_stack([x0, x1, x2]))
        labels.append(y)
        groups += [group] * n
    return np.vstack(rows), np.concatenate(labels), np.array(groups)


def _group_loss(fit, x, y, groups, name):
    s = fit.decision(x[groups == name])
    yy = y[groups == name]
    return float(np.mean(np.logaddexp(0, s) - yy * s))


def test_weights_balance_classes_within_groups():
    w, gid = balanced_group_weights(np.array(["a", "a", "a", "b"]), np.array([0, 1, 1, 1]))
    assert np.allclose([w[gid == 0][0], w[1] + w[2]], [0.5, 0.5]) and w[3] == 0.5


def test_sign_constraints_hold():
    x, y, groups = _data()
    free = fit_logistic(x, y, groups, l2=1e-3)
    against = int(-np.sign(free.coef[2]))  # hold feature 2 to the sign it would not take
    held = fit_logistic(x, y, groups, l2=1e-3, signs=[1, 1, against])
    assert abs(free.coef[2]) > 0.05
    assert against * held.coef[2] >= 0 and abs(held.coef[2]) < 1e-6
    assert held.coef[0] > 0 and held.coef[1] >= 0


def test_worst_group_weight_lowers_the_worst_loss():
    x, y, groups = _data()
    mean = fit_logistic(x, y, groups, l2=1e-3)
    robust = fit_logistic(x, y, groups, l2=1e-3, worst_group=20.0)
    worst = lambda f: max(_group_loss(f, x, y, groups, g) for g in ("big", "small"))  # noqa: E731
    assert worst(robust) < worst(mean)


def test_sparse_and_dense_inputs_agree():
    from scipy.sparse import csr_matrix

    x, y, groups = _data(1)
    dense = fit_logistic(x, y, groups, l2=1e-2)
    sparse = fit_logistic(csr_matrix(x), y, groups, l2=1e-2)
    assert np.allclose(dense.coef, sparse.coef, atol=1e-4)
