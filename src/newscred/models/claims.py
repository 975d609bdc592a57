"""Check-worthy claims model (CLEF CheckThat! 2019 Task 1): run time.

A sentence is check-worthy when a fact-checker would pick it for checking: a factual,
verifiable statement of public interest (numbers, named actors, comparisons), as opposed to
opinion, pleasantries or questions. The model is a logistic regression over lower-cased
hashed words plus a few dense, hand-made cues (`dense_features`: a number, a percent,
money, a year, named actors, comparatives, first-person opinion, a question, length),
trained on the CheckThat! 2019 training debates (see `newscred.training.claims`).

Probabilities are Platt-calibrated on debate-grouped out-of-fold logits to equal class
priors: 0.5 means the wording is as typical of check-worthy as of other sentences. Only ~3%
of debate sentences were chosen by fact-checkers, so this is a ranking score of "how claim-
like", not the chance that a fact-checker would pick the sentence.

The artifact is `claims.npz` (a `LinearTextModel`; the dense weights live in its spec under
`extra.dense`) + `claims.manifest.json`. Run time needs numpy only: `ClaimModel.logits`
scores all of an article's sentences in one numpy pass. Fitting, evaluation and training
live in `newscred.training.claims`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import lru_cache
from itertools import chain
from pathlib import Path

import numpy as np

from newscred.models.calibration import platt
from newscred.models.hashing import HashingConfig, hashed_rows
from newscred.models.linear import LinearTextModel

MODEL_VERSION = "1"
CLASSES = ["not_check_worthy", "check_worthy"]  # classes[1] is the positive class
# Word 1-grams only: 1-2grams scored 0.2300 vs 0.2255 validation MAP (noise-level) at twice
# the hashing time, which would break the analyzer's run-time budget.
HASHING = HashingConfig(
    n_features=2**18, word_ngrams=(1, 1), char_ngrams=None, lowercase=True, max_tokens=120
)

# -- dense cues ------------------------------------------------------------------------
DENSE_NAMES = (
    "number", "percent", "money", "year", "actors", "comparative", "opinion", "question",
    "short", "length",
)
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|[$£€%?]")
_DIGIT = re.compile(r"\d")
_YEAR = re.compile(r"\b(?:1[89]\d\d|20\d\d)s?\b")
_MONEY_WORDS = frozenset("$ £ € dollars dollar pounds euros million billion trillion".split())
_PERCENT_WORDS = frozenset("% percent percentage".split())
_COMPARATIVE = frozenset(
    """than more less fewer most least higher lower larger smaller bigger greater highest
    lowest largest biggest greatest record doubled tripled increased decreased rose fell
    cut raised""".split()
)
_OPINION = re.compile(
    r"\b(?:i|we)\s+(?:think|believe|feel|hope|want|need|must|should|will|would|love|"
    r"am going|are going|'m going|'re going|’m going|’re going)\b|\bthank\s+you\b|"
    r"\bin my (?:view|opinion)\b|\blet me\b",
    re.IGNORECASE,
)
_OPINION_GATE = frozenset("i we thank my let".split())
_SYMBOLS = frozenset("$ £ € % ?".split())
_NOT_ACTOR = frozenset(
    """I I'm I've I'll I'd The A An This That These Those It He She They We You But And Or If
    So In On At As For To Of Mr Mrs Ms Dr Monday Tuesday Wednesday Thursday Friday Saturday
    Sunday""".split()
)


def actor_words(tokens: Sequence[str]) -> list[int]:
    """Indices of capitalised words that are not the sentence's first word: named actors
    (people, places, organisations), roughly. The first word counts only when the next
    one is capitalised too ("Senator Ruiz") or it is an acronym ("NATO")."""
    out = [i for i, token in enumerate(tokens) if token[:1].isupper() and token not in _NOT_ACTOR]
    if out and out[0] == 0:
        first = tokens[0]
        if not (first.isupper() and len(first) > 1) and not (len(out) > 1 and out[1] == 1):
            out.pop(0)
    return out


@lru_cache(maxsize=512)
def dense_features(text: str) -> tuple[float, ...]:
    """The dense cues of one sentence, each in [0, 1], in `DENSE_NAMES` order."""
    tokens = _WORD.findall(text)
    lowered = set(map(str.lower, tokens))
    symbols = 0 if lowered.isdisjoint(_SYMBOLS) else sum(1 for t in tokens if t in _SYMBOLS)
    n_words = len(tokens) - symbols
    has_digit = _DIGIT.search(text) is not None
    # Set tests first; the regexes and loops run only where they can change the answer.
    percent = not lowered.isdisjoint(_PERCENT_WORDS) or (
        "cent" in lowered and "per cent" in text.lower())
    opinion = not lowered.isdisjoint(_OPINION_GATE) and _OPINION.search(text) is not None
    comparative = not lowered.isdisjoint(_COMPARATIVE) or any(
        len(t) > 5 and t.endswith("est") for t in lowered)
    return (
        float(has_digit),
        float(percent),
        float(not lowered.isdisjoint(_MONEY_WORDS)),
        float(has_digit and _YEAR.search(text) is not None),
        min(len(actor_words(tokens)), 4) / 4.0,
        float(comparative),
        float(opinion),
        float("?" in text),
        float(n_words < 6),
        min(1.0, math.log1p(n_words) / math.log(60.0)),
    )


class ClaimModel:
    """The shipped model: hashed n-gram weights (a LinearTextModel) + dense-cue weights."""

    def __init__(self, linear: LinearTextModel) -> None:
        self.linear = linear
        dense = linear.extra.get("dense", {})
        names = tuple(dense.get("names", ()))
        if names and names != DENSE_NAMES:
            raise ValueError(f"artifact dense features {names} differ from this code's")
        self.dense_weights = np.asarray(dense.get("weights", [0.0] * len(DENSE_NAMES)))
        self.coef = linear.coef[0].astype(np.float64)
        self.intercept = float(linear.intercept[0])
        self.a = float(linear.calibration["a"])
        self.b = float(linear.calibration["b"])
        self.version = linear.version
        self.sha256 = linear.sha256

    @classmethod
    def load(cls, name_or_path: str | Path = "claims") -> ClaimModel:
        return cls(LinearTextModel.load(name_or_path))

    def logit(self, text: str) -> float:
        index, value = self.linear.vectorizer.transform_one(text)
        dense = float(np.dot(self.dense_weights, dense_features(text)))
        return float(self.coef[index] @ value) + dense + self.intercept

    def probability(self, text: str) -> float:
        return float(platt(self.logit(text), self.a, self.b))

    def logits(self, texts: Sequence[str]) -> np.ndarray:
        """`logit` for many texts in one numpy pass: the hashed counts of every text are
        concatenated, normalised and dotted with the weights segment by segment."""
        n = len(texts)
        if not n:
            return np.zeros(0)
        vectorizer = self.linear.vectorizer
        # Uncached: an article's sentences are hashed once, so the text cache would only
        # cost its bookkeeping (the same dicts as `vectorizer.raw`).
        config = vectorizer.config
        index, value, sizes = hashed_rows(config, texts)
        if vectorizer.idf is not None:
            value = value * vectorizer.idf[index]
        segment = np.repeat(np.arange(n), sizes)
        norms = np.sqrt(np.bincount(segment, weights=value * value, minlength=n))
        dots = np.bincount(segment, weights=self.coef[index] * value, minlength=n)
        linear = np.divide(dots, norms, out=np.zeros(n), where=norms > 0)
        dense = np.array([dense_features(t) for t in texts]) @ self.dense_weights
        return linear + dense + self.intercept

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        """P(check-worthy) per text (the run-time path; equals `probability` per text)."""
        return platt(self.logits(texts), self.a, self.b)
