"""The persuasion-technique model at run time: spans of the 14 PTC techniques in a text.

Three linear models in one npz artifact (`persuasion.npz`, trained by
`newscred train persuasion`, see persuasion_train.py):
- a token model: P(this word is inside a propaganda span), from the word's own features
  plus its sentence's (scored once per sentence: the model is linear);
- a sentence model: P(this sentence holds a propaganda span);
- a technique model: which of the 14 techniques a found span shows (multinomial).
Decoding (`decode`): runs of words whose probability passes `token_threshold` are spans,
and so is each whole sentence whose probability passes `sentence_threshold`. Both
thresholds were chosen on out-of-fold predictions for the training articles.
Which found spans are sure enough to highlight is the display model's call
(`display`, persuasion_display.py), stored in the same artifact.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from newscred.errors import NewscredError
from newscred.models.calibration import sigmoid
from newscred.models.linear import artifacts_dir
from newscred.models.persuasion_display import DisplayModel
from newscred.models.persuasion_features import (
    SPAN_FEATURES,
    TOKEN_FEATURES,
    hashed,
    sentence_features,
    span_index,
    token_features,
    token_index,
)
from newscred.text import sentences

ARTIFACT = "persuasion.npz"


@dataclass(frozen=True)
class TechniqueSpan:
    technique: str
    start: int
    end: int
    score: float  # P(technique | span) × P(span is propaganda)
    probability: float  # P(span is propaganda): the mean token or the sentence probability
    runner_up: str | None = None


def _row_sums(weights: np.ndarray, rows: list[list[str]]) -> np.ndarray:
    """Sum of the weights of each row's hashed features."""
    if not rows:
        return np.zeros(0)
    flat: list[int] = []
    row_of: list[int] = []
    for i, features in enumerate(rows):
        index = hashed(features, len(weights))
        flat.extend(index)
        row_of.extend([i] * len(index))
    return np.bincount(row_of, weights=weights[flat].astype(np.float64), minlength=len(rows))


def decode(
    sentence_of: list[int], p_token: np.ndarray, p_sentence: np.ndarray,
    token_threshold: float, sentence_threshold: float,
) -> list[tuple[int, int, float]]:
    """(first token, last token, probability) of each span, in text order.

    Runs of words at or above `token_threshold` are spans; so is every whole sentence at
    or above `sentence_threshold` (the runs inside it stay, so that a loaded word in a
    sentence that doubts also gets its own technique).
    """
    runs: list[tuple[int, int, float]] = []
    sentence_index = np.asarray(sentence_of)
    if len(sentence_index) and np.any(np.diff(sentence_index) < 0):
        return _decode_unsorted(sentence_index, p_token, p_sentence, token_threshold,
                                sentence_threshold)
    # Tokens are in sentence order: sentence k holds tokens edges[k]..edges[k + 1] - 1.
    edges = np.searchsorted(sentence_index, np.arange(len(p_sentence) + 1), "left").tolist()
    above = np.concatenate(([False], np.asarray(p_token) >= token_threshold, [False]))
    # Starts and (exclusive) ends of the runs at or above the threshold, in token order.
    change = np.flatnonzero(above[1:] != above[:-1]).tolist()
    run_starts, run_ends = change[0::2], change[1::2]
    r = 0
    for k in range(len(p_sentence)):
        lo, hi = edges[k], edges[k + 1]
        if lo == hi:
            continue
        whole = bool(p_sentence[k] >= sentence_threshold)
        if whole:
            runs.append((lo, hi - 1, float(p_sentence[k])))
        while r < len(run_starts) and run_ends[r] <= lo:
            r += 1
        q = r
        while q < len(run_starts) and run_starts[q] < hi:
            i, j = max(lo, run_starts[q]), min(hi, run_ends[q]) - 1
            if not (whole and i == lo and j == hi - 1):
                runs.append((i, j, float(p_token[i : j + 1].mean())))
            q += 1
    return sorted(runs, key=lambda r: (r[0], -r[1]))


def _decode_unsorted(
    sentence_index: np.ndarray, p_token: np.ndarray, p_sentence: np.ndarray,
    token_threshold: float, sentence_threshold: float,
) -> list[tuple[int, int, float]]:
    """`decode` for tokens not in sentence order (token_features never gives those)."""
    runs: list[tuple[int, int, float]] = []
    for k in range(len(p_sentence)):
        idx = np.flatnonzero(sentence_index == k)
        if not len(idx):
            continue
        if p_sentence[k] >= sentence_threshold:
            runs.append((int(idx[0]), int(idx[-1]), float(p_sentence[k])))
        i = 0
        while i < len(idx):
            if p_token[idx[i]] >= token_threshold:
                j = i
                while j + 1 < len(idx) and p_token[idx[j + 1]] >= token_threshold:
                    j += 1
                if not (p_sentence[k] >= sentence_threshold and i == 0 and j == len(idx) - 1):
                    runs.append((int(idx[i]), int(idx[j]), float(p_token[idx[i] : idx[j] + 1].mean())))
                i = j + 1
            else:
                i += 1
    return sorted(runs, key=lambda r: (r[0], -r[1]))


class PersuasionModel:
    def __init__(
        self,
        *,
        token_coef: np.ndarray,
        token_intercept: float,
        sentence_coef: np.ndarray,
        sentence_intercept: float,
        technique_coef: np.ndarray,
        technique_intercept: np.ndarray,
        techniques: list[str],
        token_threshold: float,
        sentence_threshold: float,
        version: str = "1",
        sha256: str = "",
        extra: dict | None = None,
        display: DisplayModel | None = None,
    ) -> None:
        self.token_coef = np.asarray(token_coef, dtype=np.float32)
        self.token_intercept = float(token_intercept)
        self.sentence_coef = np.asarray(sentence_coef, dtype=np.float32)
        self.sentence_intercept = float(sentence_intercept)
        self.technique_coef = np.asarray(technique_coef, dtype=np.float32)
        self.technique_intercept = np.asarray(technique_intercept, dtype=np.float64)
        self.techniques = list(techniques)
        self.token_threshold = token_threshold
        self.sentence_threshold = sentence_threshold
        self.version = version
        self.sha256 = sha256
        self.extra = extra or {}
        self.display = display
        if self.token_coef.shape != (TOKEN_FEATURES,) or self.technique_coef.shape != (
            len(self.techniques), SPAN_FEATURES
        ):
            raise NewscredError("NC200", "persuasion model arrays do not fit the feature spaces")

    # -- scoring -----------------------------------------------------------------------
    def token_probabilities(self, text: str):
        """(token index, P(inside a span) per token, P(sentence holds a span) per sentence).

        The token and sentence sums are those of the feature strings of `token_features`
        and `sentence_features` (`token_probabilities_slow`), bit for bit: np.bincount adds
        each row's weights one by one in the order they come, and `token_index` keeps each
        row's features in the strings' order; each sentence sums its indices in the same
        order with the same numpy call.
        """
        index = token_index(text)
        w = self.token_coef
        n = len(index.tokens)
        shared = np.bincount(index.sentence_rows, weights=w[index.sentence_index].astype(np.float64),
                             minlength=index.n_sentences)
        logits = np.bincount(index.local_rows, weights=w[index.local_index].astype(np.float64),
                             minlength=n) if n else np.zeros(0)
        if n:
            logits = logits + shared[index.sentence_of] + self.token_intercept
        ws = self.sentence_coef
        sentence_logits = np.array(
            [ws[idx].sum(dtype=np.float64) for idx in index.sentence_model]
        ) + self.sentence_intercept
        return index, sigmoid(logits), sigmoid(sentence_logits)

    def token_probabilities_slow(self, text: str):
        """The string path (as at training time): (features, P per token, P per sentence)."""
        feats = token_features(text)
        w = self.token_coef
        # One gather and two bincounts instead of a numpy call per token.
        shared = _row_sums(w, feats.sentence)
        logits = _row_sums(w, feats.local)
        if len(logits):
            logits = logits + shared[np.array(feats.sentence_of)] + self.token_intercept
        sents = sentences(text)
        ws = self.sentence_coef
        sentence_logits = np.array(
            [ws[hashed(sentence_features(text, s), SPAN_FEATURES)].sum(dtype=np.float64)
             for s in sents]
        ) + self.sentence_intercept
        return feats, sigmoid(logits), sigmoid(sentence_logits)

    def techniques_of(self, text: str, tokens, first: int, last: int) -> np.ndarray:
        index = span_index(text, tokens, first, last)  # = hashed_uncached(span_features(...))
        scores = self.technique_coef[:, index].sum(axis=1, dtype=np.float64) + self.technique_intercept
        exp = np.exp(scores - scores.max())
        return exp / exp.sum()

    def predict(self, text: str) -> list[TechniqueSpan]:
        """Technique spans in `text`, in text order (code-point offsets, end exclusive)."""
        feats, p_token, p_sentence = self.token_probabilities(text)
        toks = feats.tokens
        runs = decode(
            feats.sentence_of, p_token, p_sentence, self.token_threshold, self.sentence_threshold
        )
        out = []
        for first, last, probability in runs:
            probs = self.techniques_of(text, toks, first, last)
            order = np.argsort(-probs)
            out.append(TechniqueSpan(
                technique=self.techniques[int(order[0])],
                start=toks[first].start,
                end=toks[last].end,
                score=round(float(probs[order[0]]) * probability, 4),
                probability=round(probability, 4),
                runner_up=self.techniques[int(order[1])] if len(order) > 1 else None,
            ))
        return out

    # -- storage -----------------------------------------------------------------------
    def save(self, path: Path) -> str:
        spec = {
            "techniques": self.techniques,
            "token_threshold": self.token_threshold,
            "sentence_threshold": self.sentence_threshold,
            "token_intercept": self.token_intercept,
            "sentence_intercept": self.sentence_intercept,
            "token_features": TOKEN_FEATURES,
            "span_features": SPAN_FEATURES,
            "version": self.version,
            "extra": self.extra,
        }
        if self.display is not None:
            spec["display"] = self.display.to_spec()
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            np.savez_compressed(
                handle,
                token_coef=self.token_coef.astype(np.float32),
                sentence_coef=self.sentence_coef.astype(np.float32),
                technique_coef=self.technique_coef.astype(np.float32),
                technique_intercept=self.technique_intercept.astype(np.float64),
                spec=np.array(json.dumps(spec, sort_keys=True)),
            )
        return hashlib.sha256(path.read_bytes()).hexdigest()

    @classmethod
    def load(cls, path: Path | None = None) -> PersuasionModel:
        path = path or artifacts_dir() / ARTIFACT
        try:
            raw = path.read_bytes()
            with np.load(path, allow_pickle=False) as data:
                spec = json.loads(str(data["spec"]))
                if spec["token_features"] != TOKEN_FEATURES or spec["span_features"] != SPAN_FEATURES:
                    raise ValueError("feature spaces differ from this version of newscred")
                return cls(
                    token_coef=data["token_coef"],
                    token_intercept=spec["token_intercept"],
                    sentence_coef=data["sentence_coef"],
                    sentence_intercept=spec["sentence_intercept"],
                    technique_coef=data["technique_coef"],
                    technique_intercept=data["technique_intercept"],
                    techniques=spec["techniques"],
                    token_threshold=spec["token_threshold"],
                    sentence_threshold=spec["sentence_threshold"],
                    version=spec["version"],
                    sha256=hashlib.sha256(raw).hexdigest(),
                    extra=spec.get("extra"),
                    display=DisplayModel.from_spec(spec["display"]) if spec.get("display") else None,
                )
        except (OSError, KeyError, ValueError) as exc:
            raise NewscredError("NC200", f"cannot load persuasion model {path}: {exc}") from exc


MODEL_ENV = "NEWSCRED_PERSUASION_MODEL"


@lru_cache(maxsize=2)
def _load(folder: str | None):
    if folder:
        from newscred.models.persuasion_minilm import MiniLMPersuasion

        return MiniLMPersuasion(Path(folder))
    return PersuasionModel.load()


def default_model():
    """The shipped linear model, or the MiniLM model in the folder NEWSCRED_PERSUASION_MODEL
    names (built by `newscred train persuasion-minilm`; needs the `transformer` extra)."""
    return _load(os.environ.get(MODEL_ENV) or None)
