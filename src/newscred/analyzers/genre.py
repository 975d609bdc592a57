"""Genre analyzer: does the article read as news reporting, opinion or satire?

Concern is high for an opinion piece that is not labelled as opinion (readers may take the
writer's view for reporting) and for satire (its claims are jokes, not reports); a clearly
labelled opinion piece raises little concern and reporting none. Spans mark the sentences
whose wording pushes the model most toward the predicted genre (rather than reporting),
and an opinion label in the title or first line. A finding about form, not about truth.

`details.genre` is the call the report states (satire, opinion or reporting; see
`GenreAnalyzer.call`), from thresholds stored with the model: the pipeline gives satire no
score and shows opinion beside the score (`assessment.genre`).

This module also holds the run-time scoring shared with the hyperpartisan analyzer: one
pass hashes every n-gram occurrence of the text with its position, which gives both the
article's decision values (exactly as `LinearTextModel` computes them) and each
sentence's share of them.
"""

from __future__ import annotations

import math
import re
import zlib
from dataclasses import dataclass
from itertools import chain

import numpy as np

from newscred.analyzers.base import clamp01
from newscred.article import Article, Span
from newscred.models.hashing import NUMBER_RE, TOKEN_RE, HashingConfig
from newscred.models.genre import (
    DENSE_NAMES, LABEL_END, LABEL_START, dense_features, style_tokens,
)
from newscred.models.hyperpartisan import model_text
from newscred.models.linear import LinearTextModel
from newscred.report import SATIRE_LEAD, Signal
from newscred.text import Segment, sentences, text_cache

MIN_WORDS = 30
# When the artifact names no thresholds: the class is called when its probability
# reaches this (see docs/models.md, "Genre").
DEFAULT_THRESHOLD = 0.5
MAX_SENTENCE_SPANS = 4
_PLACEHOLDERS = frozenset(("xw", "xcap", "0"))
_WHY = {
    "opinion": ("opinion_sentence", "Wording typical of opinion writing rather than reporting"),
    "satire": ("satire_sentence", "Wording typical of satire rather than reporting"),
}


# -- shared run-time scoring -----------------------------------------------------------------
@dataclass(frozen=True)
class HashedText:
    """Every n-gram occurrence of a text, as `HashedNgrams.grams` builds them."""

    starts: np.ndarray  # offset of the occurrence's first character in the text
    ends: np.ndarray  # offset after its last character
    index: np.ndarray  # per distinct gram: hashed feature index
    value: np.ndarray  # per distinct gram: signed sublinear count (1 + log count)
    inverse: np.ndarray  # occurrence -> distinct gram
    counts: np.ndarray  # per distinct gram: occurrences
    masked: np.ndarray  # per occurrence: holds a placeholder (style view), so not quotable


@text_cache(max_chars=400_000)
def _tokens(text: str) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Tokens with start and end offsets; shared by both models' hashing."""
    found = list(TOKEN_RE.finditer(text))
    spans = np.fromiter(chain.from_iterable(map(re.Match.span, found)), dtype=np.int64,
                        count=2 * len(found)).reshape(-1, 2)
    return list(map(re.Match.group, found)), spans[:, 0], spans[:, 1]


def word_count(text: str, start: int = 0) -> int:
    """Words (not punctuation tokens) from offset `start` on, from the shared tokens."""
    _, starts, _ = _tokens(text)
    rest = text[start:]  # "!", "?", "$" and "%" are tokens of their own, one per character
    punctuation = sum(rest.count(ch) for ch in "!?$%")
    return len(starts) - int(np.searchsorted(starts, start)) - punctuation


@text_cache(max_chars=400_000)
def hashed_text(config: HashingConfig, text: str,
                keep: frozenset[str] | None = None) -> HashedText:
    """Cached per config, text and style vocabulary. With `keep`, tokens are mapped as
    `newscred.models.genre.style_text` maps them; else as `HashedNgrams.grams` does."""
    if config.char_ngrams:
        raise ValueError("positional hashing supports word n-grams only")
    tokens, token_starts, token_ends = _tokens(text)
    tokens = tokens[: config.max_tokens]
    placeholder = np.zeros(len(tokens), dtype=bool)
    if keep is not None:
        tokens = style_tokens(tokens, keep)
        placeholder = np.fromiter(map(_PLACEHOLDERS.__contains__, tokens), dtype=bool,
                                  count=len(tokens))
    else:
        lower = str.lower if config.lowercase else str
        tokens = ["0" if t[0].isdigit() and NUMBER_RE.match(t) else lower(t) for t in tokens]
    grams: list[str] = []
    starts, ends, masked = [], [], []
    low, high = config.word_ngrams
    for n in range(low, high + 1):
        if len(tokens) < n:
            break
        grams += tokens if n == 1 else map(" ".join, zip(*(tokens[i:] for i in range(n))))
        count = len(tokens) - n + 1
        starts.append(token_starts[:count])
        ends.append(token_ends[n - 1 : n - 1 + count])
        masked.append(np.logical_or.reduce([placeholder[i : i + count] for i in range(n)]))
    if not grams:
        empty = np.zeros(0, dtype=np.int64)
        return HashedText(empty, empty, empty, np.zeros(0), empty, empty, np.zeros(0, bool))
    hashes = np.fromiter(map(zlib.crc32, map(str.encode, grams)), dtype=np.int64,
                         count=len(grams))
    unique, inverse, counts = np.unique(hashes, return_inverse=True, return_counts=True)
    sign = np.where(unique & 0x80000000, 1.0, -1.0)
    return HashedText(
        starts=np.concatenate(starts), ends=np.concatenate(ends),
        index=unique % config.n_features, value=sign * (1.0 + np.log(counts)),
        inverse=inverse, counts=counts, masked=np.concatenate(masked),
    )


@dataclass(frozen=True)
class Scored:
    decision: np.ndarray  # per class (one value for a binary model), as LinearTextModel.decision
    occurrence: np.ndarray  # classes × occurrences: each occurrence's share of the decision
    hashed: HashedText


def score(model: LinearTextModel, text: str, keep: frozenset[str] | None = None) -> Scored:
    """Decision values as training computes them: the n-grams' share (per occurrence) plus,
    for a model with dense cues (`extra.dense`, the genre model), their weighted values."""
    hashed = hashed_text(model.vectorizer.config, text, keep)
    spec = model.extra.get("dense")
    dense = 0.0
    if spec:
        if tuple(spec["names"]) != DENSE_NAMES:
            raise ValueError(f"artifact dense features {spec['names']} differ from this code's")
        dense = np.asarray(spec["weights"], dtype=np.float64) @ dense_features(
            text, _tokens(text)[0])
    if not len(hashed.index):
        zero = np.zeros((model.coef.shape[0], 0))
        return Scored(model.intercept + dense, zero, hashed)
    weighted = hashed.value * (model.vectorizer.idf[hashed.index]
                               if model.vectorizer.idf is not None else 1.0)
    # The norm is over feature indices: grams that share an index add up first.
    _, slot = np.unique(hashed.index, return_inverse=True)
    norm = math.sqrt(float(np.square(np.bincount(slot, weights=weighted)).sum())) or 1.0
    per_gram = model.coef[:, hashed.index].astype(np.float64) * (weighted / norm)
    occurrence = per_gram[:, hashed.inverse] / hashed.counts[hashed.inverse]
    return Scored(per_gram.sum(axis=1) + model.intercept + dense, occurrence, hashed)


def sentence_shares(scored: Scored, push: np.ndarray, body_offset: int,
                    sents: tuple[Segment, ...]) -> np.ndarray:
    """Each body sentence's summed contribution along `push` (a per-occurrence array)."""
    if not sents or not len(push):
        return np.zeros(len(sents))
    starts = np.array([s.start for s in sents]) + body_offset
    which = np.searchsorted(starts, scored.hashed.starts, side="right") - 1
    inside = (which >= 0) & (scored.hashed.starts >= body_offset)
    return np.bincount(which[inside], weights=push[inside], minlength=len(sents))


def cue_words(scored: Scored, push: np.ndarray, text: str, start: int, end: int,
              limit: int = 4) -> list[str]:
    """The n-grams inside text[start:end] that push hardest, without overlapping repeats
    (in the style view, only n-grams of kept words: a placeholder stands for any word)."""
    hashed = scored.hashed
    inside = np.flatnonzero((hashed.starts >= start) & (hashed.ends <= end) & (push > 0)
                            & ~hashed.masked)
    chosen: list[tuple[int, int]] = []
    for i in inside[np.argsort(-push[inside], kind="stable")]:
        a, b = int(hashed.starts[i]), int(hashed.ends[i])
        if any(a < e and s < b for s, e in chosen):
            continue
        chosen.append((a, b))
        if len(chosen) == limit:
            break
    return [" ".join(text[a:b].split()) for a, b in sorted(chosen)]


def top_sentences(shares: np.ndarray, limit: int) -> list[int]:
    positive = [i for i in np.argsort(-shares, kind="stable")[:limit] if shares[i] > 0]
    return sorted(int(i) for i in positive)


# -- the analyzer -------------------------------------------------------------------------
def opinion_label(article: Article) -> Span | None:
    """An opinion/analysis/editorial label in the title, or in the body's first line."""
    first_line = article.body.lstrip().split("\n", 1)[0]
    offset = len(article.body) - len(article.body.lstrip())
    for part, text, shift in (("title", article.title, 0), ("body", first_line, offset)):
        for regex in (LABEL_START, LABEL_END):
            match = regex.search(text)
            if match:
                return article.span(part, shift + match.start(1), shift + match.end(1),
                                    label="opinion_label", score=0.0,
                                    note=f"Labelled “{match.group(1)}”")
    return None


class GenreAnalyzer:
    name = "genre"
    version = "2"  # 2: details.genre, the call the report states, and its thresholds
    requires: tuple[str, ...] = ("model:genre",)

    def __init__(self, model: LinearTextModel | None = None) -> None:
        self.model = model or LinearTextModel.load("genre")
        self.classes = list(self.model.classes)
        self.keep = frozenset(self.model.extra.get("keep_words", ()))
        # Chosen on training folds (newscred train genre) and stored with the weights.
        self.satire_threshold = float(self.model.extra.get("satire_threshold", DEFAULT_THRESHOLD))
        self.opinion_threshold = float(self.model.extra.get("opinion_threshold", DEFAULT_THRESHOLD))

    def analyze(self, article: Article) -> Signal:
        label = opinion_label(article)
        text = model_text(article.title, article.body)
        n_words = word_count(text, len(text) - len(article.body))
        if n_words < MIN_WORDS:
            return Signal(
                name=self.name, version=self.version, score=0.0,
                summary=f"The text is too short to judge its genre ({n_words} words).",
                spans=(label,) if label else (),
                details={"features": {**{f"p_{c}": 0.0 for c in self.classes},
                                      "labelled_as_opinion": float(label is not None)},
                         "probabilities": {}, "predicted": None,
                         "genre": "opinion" if label else None,
                         **self._thresholds(),
                         "labelled_as_opinion": label is not None, "words": n_words},
            )
        scored = score(self.model, text, self.keep)
        probs = self.model.probabilities_from_decision(scored.decision)
        predicted = max(self.classes, key=lambda c: probs[c])
        genre = self.call(probs, label is not None)
        concern = _concern(probs, label is not None)
        spans = [label] if label else []
        if predicted in _WHY:
            spans += self._sentence_spans(article, text, scored, predicted)
        return Signal(
            name=self.name, version=self.version, score=round(concern, 4),
            summary=_summary(probs, predicted, label is not None, genre),
            spans=tuple(sorted(spans, key=lambda s: (s.part != "title", s.start))),
            details={
                "features": {**{f"p_{c}": round(probs[c], 4) for c in self.classes},
                             "labelled_as_opinion": float(label is not None)},
                "probabilities": {c: round(p, 4) for c, p in probs.items()},
                "predicted": predicted,
                "genre": genre,
                **self._thresholds(),
                "labelled_as_opinion": label is not None,
                "words": n_words,
            },
        )

    def call(self, probs: dict[str, float], labelled: bool) -> str:
        """The kind of writing the report states: satire when its probability reaches the
        satire threshold; else opinion when labelled so, or when opinion is the likeliest
        class and reaches the opinion threshold; else reporting."""
        if probs.get("satire", 0.0) >= self.satire_threshold:
            return "satire"
        p_opinion = probs.get("opinion", 0.0)
        if labelled or (p_opinion >= self.opinion_threshold
                        and p_opinion == max(probs.values())):
            return "opinion"
        return "reporting"

    def _thresholds(self) -> dict[str, float]:
        return {"satire_threshold": self.satire_threshold,
                "opinion_threshold": self.opinion_threshold}

    def _sentence_spans(self, article, text, scored, predicted) -> list[Span]:
        k, ref = self.classes.index(predicted), self.classes.index("reporting")
        push = scored.occurrence[k] - scored.occurrence[ref]
        sents = sentences(article.body)
        offset = len(text) - len(article.body)
        shares = sentence_shares(scored, push, offset, sents)
        chosen = top_sentences(shares, MAX_SENTENCE_SPANS)
        if not chosen:
            return []
        top = max(shares[i] for i in chosen)
        label, why = _WHY[predicted]
        spans = []
        for i in chosen:
            sent = sents[i]
            cues = cue_words(scored, push, text, sent.start + offset, sent.end + offset)
            note = why + (": " + ", ".join(f"“{c}”" for c in cues) if cues else "")
            spans.append(article.span("body", sent.start, sent.end, label=label,
                                      score=clamp01(shares[i] / top), note=note))
        return spans


def _concern(probs: dict[str, float], labelled: bool) -> float:
    # Labelled opinion is honest about what it is; small leftover concern stays visible.
    opinion = probs.get("opinion", 0.0) * (0.15 if labelled else 1.0)
    raw = max(opinion, probs.get("satire", 0.0))
    return clamp01((raw - 0.3) / 0.5)  # a lean below 0.3 is no concern; 0.8 and up is full


def _summary(probs: dict[str, float], predicted: str, labelled: bool, genre: str) -> str:
    p = probs[predicted]
    if genre == "satire":
        return (f"{SATIRE_LEAD} (satire probability {probs['satire']:.2f}): its claims "
                "are jokes, not reports.")
    if predicted == "satire":
        return (f"Leans toward satire (probability {p:.2f}), below the threshold for calling "
                "it satire: do not take its claims as reporting without checking.")
    if predicted == "opinion" and labelled:
        return f"Clearly labelled as opinion, and reads like it (probability {p:.2f})."
    if predicted == "opinion":
        return (f"Reads like opinion (probability {p:.2f}) but is not labelled as opinion: "
                "the writer's views may be mistaken for reporting.")
    lead = "Labelled as opinion, though it reads" if labelled else "Reads"
    return f"{lead} like news reporting (probability {p:.2f})."
