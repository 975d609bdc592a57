"""Does a text agree with, disagree with, discuss, or not address a claim?

A small multinomial logistic model (FNC-1 labels) over features of one claim (its text and
sentence vector) against another text's sentences (their texts and vectors): how similar
the best-matching sentences are, how many of the claim's words, numbers and names the text
repeats, and whether the best-matching sentences (and the text as a whole) refute
("hoax", "denied", "debunked"), negate, hedge ("reportedly", "unconfirmed") or attribute.
Trained on FNC-1 with the headline as the claim (`newscred train stance`); the runtime is
numpy only and the weights live in `artifacts/stance.json`.

The model was fitted with balanced class weights, so its probabilities are for equal class
priors: P(disagree) is larger than the share of disagreeing texts in news would make it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np

from newscred.errors import NewscredError
from newscred.models.artifact import read_json_artifact
from newscred.stories.entities import entities_of
from newscred.text import WORD_RE

ARTIFACT = "stance.json"
LABELS = ("agree", "disagree", "discuss", "unrelated")
TOP = 3  # best-matching sentences read for refuting / hedging / negation cues
RELATED_COSINE = 0.5

# Small lists written for newscred: words that deny, debunk or call a report untrue ...
REFUTING = frozenset((
    "fake", "fakes", "faked", "fraud", "fraudulent", "hoax", "hoaxes", "false", "falsely",
    "untrue", "bogus", "baseless", "deny", "denies", "denied", "denying", "denial",
    "denials", "debunk", "debunks", "debunked", "debunking", "refute", "refutes",
    "refuted", "refuting", "retract", "retracts", "retracted", "retraction", "prank",
    "pranks", "fabricated", "fabrication", "misleading", "myth", "satire", "satirical",
    "dismissed", "dismisses", "rejected", "rejects", "contrary",
))
# ... negations ...
NEGATION = frozenset((
    "not", "no", "never", "none", "nothing", "nobody", "neither", "nor", "without",
    "cannot",
))
# ... words that hedge or flag a report as unconfirmed (beside the language analyzer's
# `hedges` list) ...
HEDGING_EXTRA = frozenset((
    "claim", "claims", "claimed", "claiming", "alleged", "allegedly", "reportedly",
    "purportedly", "supposedly", "unconfirmed", "unverified", "rumor", "rumors", "rumored",
    "rumour", "rumours", "rumoured", "speculation", "speculated", "speculate", "could",
    "may", "might", "possibly", "apparently", "suggests", "suggested",
))
# ... and words that attribute a report to someone else (the "discuss" stance).
ATTRIBUTION = frozenset((
    "according", "said", "says", "told", "reported", "reports", "report", "sources",
    "source", "statement", "spokesman", "spokeswoman", "spokesperson", "quoted", "citing",
    "cited",
))

_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")

FEATURES = (
    "max_cosine", "top3_cosine", "mean_cosine", "lede_cosine", "share_related",
    "best_position", "log_sentences",
    "overlap_body", "overlap_best", "overlap_top3", "bigram_overlap", "entity_overlap",
    "refuting_claim", "refuting_top3", "refuting_body",
    "negation_claim", "negation_top3", "negation_mismatch",
    "hedging_claim", "hedging_top3", "hedging_body",
    "attribution_top3", "attribution_body",
    "question_claim", "numbers_shared", "numbers_conflict",
    "max_cosine_x_refuting_top3", "max_cosine_x_hedging_top3", "max_cosine_x_negation_top3",
    "overlap_x_refuting_body",
)


@lru_cache(maxsize=1)
def _hedging() -> frozenset[str]:
    from newscred.nlp.wordlists import load_list

    return frozenset(w for w in load_list("hedges") if " " not in w) | HEDGING_EXTRA


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    from newscred.nlp.wordlists import load_list

    return frozenset(load_list("stopwords"))


@lru_cache(maxsize=4096)
def _words(text: str) -> tuple[str, ...]:
    return tuple(w.lower().replace("’", "'") for w in WORD_RE.findall(text))


def _content(words: Sequence[str]) -> set[str]:
    stop = _stopwords()
    return {w for w in words if w not in stop and not w.isdigit() and len(w) > 1}


def _negated(words: Sequence[str]) -> bool:
    return any(w in NEGATION or w.endswith("n't") for w in words)


def _rate(words: Sequence[str], vocabulary: frozenset[str]) -> float:
    """Hits per word, times 10 and capped at 1: about one hit in ten words saturates."""
    if not words:
        return 0.0
    return min(1.0, 10.0 * sum(w in vocabulary for w in words) / len(words))


def _any(words: Sequence[str], vocabulary: frozenset[str]) -> float:
    return float(any(w in vocabulary for w in words))


def _numbers(text: str) -> set[str]:
    return {m.group().replace(",", "") for m in _NUMBER.finditer(text)}


def _bigrams(words: Sequence[str]) -> set[tuple[str, str]]:
    stop = _stopwords()
    kept = [w for w in words if w not in stop]
    return set(pairwise(kept))


def features(claim: str, claim_vector: np.ndarray, sentences: Sequence[str],
             sentence_vectors: np.ndarray) -> np.ndarray:
    """The model's inputs in `FEATURES` order, all finite and in [-1, 1] (cosines) or
    [0, 1] (the rest). A text without sentences gives zeros beside the claim's own cues."""
    hedging = _hedging()
    claim_words = _words(claim)
    claim_content = _content(claim_words)
    out = dict.fromkeys(FEATURES, 0.0)
    out["refuting_claim"] = _any(claim_words, REFUTING)
    out["negation_claim"] = float(_negated(claim_words))
    out["hedging_claim"] = _any(claim_words, hedging)
    out["question_claim"] = float("?" in claim)
    n = min(len(sentences), len(sentence_vectors))
    if n:
        vectors = np.asarray(sentence_vectors[:n], dtype=np.float64)
        cosines = np.clip(np.nan_to_num(vectors @ np.asarray(claim_vector, dtype=np.float64)),
                          -1.0, 1.0)
        order = np.argsort(-cosines, kind="stable")
        top = order[:TOP]
        best = int(order[0])
        words = [_words(s) for s in sentences[:n]]
        body_words = [w for sentence in words for w in sentence]
        top_words = [w for i in top for w in words[i]]
        body_content = _content(body_words)
        out.update(
            max_cosine=float(cosines[best]),
            top3_cosine=float(cosines[top].mean()),
            mean_cosine=float(cosines.mean()),
            lede_cosine=float(cosines[0]),
            share_related=float((cosines >= RELATED_COSINE).mean()),
            best_position=best / max(1, n - 1),
            log_sentences=min(1.0, math.log1p(n) / math.log1p(100)),
            refuting_top3=_rate(top_words, REFUTING),
            refuting_body=_rate(body_words, REFUTING),
            negation_top3=float(np.mean([_negated(words[i]) for i in top])),
            negation_mismatch=float(_negated(claim_words) != _negated(words[best])),
            hedging_top3=_rate(top_words, hedging),
            hedging_body=_rate(body_words, hedging),
            attribution_top3=_rate(top_words, ATTRIBUTION),
            attribution_body=_rate(body_words, ATTRIBUTION),
        )
        if claim_content:
            out["overlap_body"] = len(claim_content & body_content) / len(claim_content)
            out["overlap_best"] = len(claim_content & _content(words[best])) / len(claim_content)
            out["overlap_top3"] = len(claim_content & _content(top_words)) / len(claim_content)
        claim_bigrams = _bigrams(claim_words)
        if claim_bigrams:
            body_bigrams = set().union(*(_bigrams(w) for w in words))
            out["bigram_overlap"] = len(claim_bigrams & body_bigrams) / len(claim_bigrams)
        claim_entities = entities_of(claim)
        if claim_entities:
            body_text = " ".join(sentences[:n])
            out["entity_overlap"] = len(claim_entities & entities_of(body_text)) / len(claim_entities)
        claim_numbers = _numbers(claim)
        if claim_numbers:
            body_numbers = set().union(*(_numbers(s) for s in sentences[:n]))
            best_numbers = _numbers(sentences[best])
            out["numbers_shared"] = len(claim_numbers & body_numbers) / len(claim_numbers)
            out["numbers_conflict"] = float(bool(best_numbers) and not best_numbers & claim_numbers)
        out["max_cosine_x_refuting_top3"] = max(0.0, out["max_cosine"]) * out["refuting_top3"]
        out["max_cosine_x_hedging_top3"] = max(0.0, out["max_cosine"]) * out["hedging_top3"]
        out["max_cosine_x_negation_top3"] = max(0.0, out["max_cosine"]) * out["negation_top3"]
        out["overlap_x_refuting_body"] = out["overlap_body"] * out["refuting_body"]
    return np.array([out[name] for name in FEATURES], dtype=np.float64)


def default_path() -> Path:
    from newscred.models.linear import artifacts_dir

    return artifacts_dir() / ARTIFACT


def _softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=-1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=-1, keepdims=True)


class StanceModel:
    """`probabilities(claim, claim_vector, sentences, sentence_vectors)` -> {label: p}."""

    labels = LABELS

    def __init__(self, spec: dict[str, Any], *, sha256: str = "") -> None:
        try:
            if tuple(spec["features"]) != FEATURES:
                raise ValueError("the artifact's features differ from this version's")
            if tuple(spec["labels"]) != LABELS:
                raise ValueError(f"labels {spec['labels']} differ from {LABELS}")
            self.mean = np.asarray(spec["mean"], dtype=np.float64)
            self.scale = np.asarray(spec["scale"], dtype=np.float64)
            self.coef = np.asarray(spec["coef"], dtype=np.float64)
            self.intercept = np.asarray(spec["intercept"], dtype=np.float64)
            self.version = str(spec["version"])
        except (KeyError, TypeError, ValueError) as exc:
            raise NewscredError("NC200", f"stance model is malformed: {exc!r}") from exc
        f, k = len(FEATURES), len(LABELS)
        if (self.mean.shape != (f,) or self.scale.shape != (f,) or self.coef.shape != (k, f)
                or self.intercept.shape != (k,)):
            raise NewscredError("NC200", "stance model arrays do not fit its features")
        self.spec = spec
        self.sha256 = sha256

    @classmethod
    def load(cls, path: Path | None = None) -> StanceModel:
        spec, sha256 = read_json_artifact(path or default_path())
        return cls(spec, sha256=sha256)

    def predict_matrix(self, rows: np.ndarray) -> np.ndarray:
        """Rows of `features` -> (n, 4) probabilities in `LABELS` order."""
        z = (np.atleast_2d(rows) - self.mean) / self.scale
        return _softmax(z @ self.coef.T + self.intercept)

    def probabilities(self, claim: str, claim_vector: np.ndarray, sentences: Sequence[str],
                      sentence_vectors: np.ndarray) -> dict[str, float]:
        row = features(claim, claim_vector, sentences, sentence_vectors)
        p = self.predict_matrix(row)[0]
        return {label: float(v) for label, v in zip(LABELS, p)}

    def predict(self, claim: str, claim_vector: np.ndarray, sentences: Sequence[str],
                sentence_vectors: np.ndarray) -> str:
        p = self.probabilities(claim, claim_vector, sentences, sentence_vectors)
        return max(LABELS, key=lambda label: p[label])
