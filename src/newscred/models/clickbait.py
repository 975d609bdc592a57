"""Clickbait headline model (Chakraborty et al. 2016 data): run time.

A logistic regression over lower-cased hashed word 1-2grams and character 2-5grams, with
idf, Platt-calibrated on out-of-fold logits (`clickbait.npz`, a `LinearTextModel`, which
the headline analyzer loads and scores with numpy only). Lower-casing is deliberate: in
this data nearly every clickbait headline capitalises every word and few of the others do,
so a cased model would learn the publishers' house style instead of the wording.

This module holds the model's definition (version, classes, hashing); fitting, the eval
task "clickbait" and `newscred train clickbait` live in `newscred.training.clickbait`.
"""

from __future__ import annotations

from newscred.models.hashing import HashingConfig

MODEL_VERSION = "1"
CLASSES = ["not_clickbait", "clickbait"]  # classes[1] is the positive class
HASHING = HashingConfig(
    n_features=2**18, word_ngrams=(1, 2), char_ngrams=(2, 5), lowercase=True, max_tokens=64
)
