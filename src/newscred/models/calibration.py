"""The logistic function and Platt scaling at run time: one copy, read by every model.

`sigmoid` clips its argument to ±50 first (e^50 is far from overflow, and 1 / (1 + e^50)
is already 0 to every digit a report shows); `platt` is `sigmoid(a · x + b)`. The fit of
`a` and `b` is training's (`newscred.training.calibration.fit_platt`).

`sigmoid_scalar` is the same function on one Python float with `math.exp`. It is kept
apart on purpose: the assessment's probability has always been computed with libm's
`exp`, and numpy's vectorised `exp` may differ from it in the last bit, which could move
a rounded probability in a report.
"""

from __future__ import annotations

import math

import numpy as np

LIMIT = 50.0


def sigmoid(v, limit: float | None = LIMIT):
    """1 / (1 + e^-v) elementwise, v clipped to ±`limit` first (None: not clipped)."""
    if limit is not None:
        v = np.clip(v, -limit, limit)
    return 1.0 / (1.0 + np.exp(-v))


def platt(x, a: float, b: float):
    """Platt scaling: the calibrated probability of decision value(s) `x`."""
    return sigmoid(a * x + b)


def sigmoid_scalar(v: float) -> float:
    """`sigmoid` for one float, with math.exp (see the module docstring)."""
    return 1.0 / (1.0 + math.exp(-max(-LIMIT, min(LIMIT, v))))
