"""Hyperpartisan model (SemEval-2019 Task 4, by-article): one-sided, partisan writing.

A logistic regression over hashed n-grams of title + body (`hyperpartisan.npz`, a
`LinearTextModel`), trained on the official train split plus, at a low weight, BuzzFeed-Webis
2016 articles labelled by their publisher's orientation; Platt-calibrated to equal class
priors. The label is about partisanship, not truth.

Run time reads `model_text(title, body)`, not stripped: tokens that never occur in training
have zero weight, and the hashing is shared. Fitting, evaluation and training (and the
shortcut stripping of training texts) live in `newscred.training.hyperpartisan`.
"""

from __future__ import annotations

from newscred.models.hashing import HashingConfig

VERSION = "1"
HASHING = HashingConfig()  # the defaults: article bodies share one hashing pass
CLASSES = ["not_hyperpartisan", "hyperpartisan"]


def model_text(title: str, body: str) -> str:
    """The text the models read: the same at training and at run time."""
    return f"{title}\n\n{body}" if title else body
