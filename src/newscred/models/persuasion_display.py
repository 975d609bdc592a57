"""Which persuasion spans are sure enough to highlight: the display model, at run time.

The span model's own score ranks spans badly for display: on out-of-fold predictions for
the PTC training articles, no threshold on it brings span-identification precision (the
SemEval-2020 measure) above 0.36, because whole sentences and common single words
("reservoir", "emergency") score high. The display model is a small logistic regression
over a found span's scores, length, whole-sentence flag, word-list and valence hits and
technique; it estimates the share of the span that the PTC annotators marked as
propaganda (the span's own contribution to the SemEval precision). Spans whose estimate
reaches `threshold` are highlighted; the rest stay in the report, marked not shown.

Both the regression and the threshold were fitted on out-of-fold predictions for the
training articles by `python -m newscred.training.persuasion_threshold` (see that module);
they live in the `display` entry of `persuasion.npz`'s spec.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from newscred.models.calibration import sigmoid
from newscred.models.persuasion_features import lexicons
from newscred.text import sentences, words

# The numeric features, in order; the technique one-hots follow, in `techniques` order.
NUMERIC = (
    "score", "probability", "technique_probability", "log_chars", "log_words",
    "whole_sentence", "loaded_share", "any_loaded", "listed_share", "stopword_share",
    "single_stopword", "max_valence", "in_title", "has_quote_mark",
)
EMOTIVE_LISTS = frozenset({"loaded", "fear"})


class FoundSpan(Protocol):
    technique: str
    start: int
    end: int
    score: float
    probability: float


def span_rows(
    text: str, spans: Sequence[FoundSpan], techniques: Sequence[str], *, title_end: int | None = None
) -> np.ndarray:
    """One feature row per span of `text` (offsets index `text`). The title is
    text[:title_end]; None: the first line, as in the PTC's articles; -1: no title."""
    lex = lexicons()
    bounds = _sentence_word_bounds(text) if spans else set()
    if title_end is None:
        title_end = text.find("\n")
    position = {name: i for i, name in enumerate(techniques)}
    rows = np.zeros((len(spans), len(NUMERIC) + len(techniques)))
    for r, span in enumerate(spans):
        surface = text[span.start : span.end]
        lowered = [w.text.lower().replace("’", "'") for w in words(surface)]
        n = max(1, len(lowered))
        hits = [set(lex.single.get(w, ())) for w in lowered]
        emotive = sum(1 for h in hits if h & EMOTIVE_LISTS)
        stop = sum(1 for w in lowered if w in lex.stopwords)
        valence = max((abs(lex.vader.get(w, 0.0)) for w in lowered), default=0.0)
        rows[r, : len(NUMERIC)] = (
            span.score,
            span.probability,
            span.score / span.probability if span.probability > 0 else 0.0,
            math.log1p(span.end - span.start),
            math.log1p(len(lowered)),
            float((span.start, span.end) in bounds),
            emotive / n,
            float(emotive > 0),
            sum(1 for h in hits if h) / n,
            stop / n,
            float(len(lowered) == 1 and stop == 1),
            valence / 4.0,
            float(0 <= span.end <= title_end),
            float(any(c in surface for c in "\"“”")),
        )
        if span.technique in position:
            rows[r, len(NUMERIC) + position[span.technique]] = 1.0
    return rows


def _sentence_word_bounds(text: str) -> set[tuple[int, int]]:
    """(start of the first word, end of the last word) of each sentence: a whole-sentence
    span runs from one to the other (spans start and end on words)."""
    out = set()
    toks = words(text)  # cached: the model read the same text
    starts = [t[0] for t in toks]
    for sentence in sentences(text):
        # The text's words inside the sentence are the sentence's own words, unless one
        # crosses its edges (the word pattern cannot; then re-tokenise to be sure).
        a = bisect_left(starts, sentence.start)
        b = bisect_left(starts, sentence.end, a)
        if (a > 0 and toks[a - 1][1] > sentence.start) or (b > a and toks[b - 1][1] > sentence.end):
            inside = words(sentence.text)
            if inside:
                out.add((sentence.start + inside[0].start, sentence.start + inside[-1].end))
        elif b > a:
            out.add((toks[a][0], toks[b - 1][1]))
    return out


@dataclass(frozen=True)
class DisplayModel:
    """Estimate per span (the expected share of it inside a gold span) and the threshold."""

    techniques: tuple[str, ...]
    coef: np.ndarray  # on the raw features (the training scaler folded in)
    intercept: float
    threshold: float
    metrics: dict[str, Any]

    def estimates(
        self, text: str, spans: Sequence[FoundSpan], *, title_end: int | None = None
    ) -> list[float]:
        """Per span, the estimated share of it inside a propaganda span (0-1, 4 decimals)."""
        if not spans:
            return []
        rows = span_rows(text, spans, self.techniques, title_end=title_end)
        logits = rows @ self.coef + self.intercept
        return [round(float(v), 4) for v in sigmoid(logits)]

    def shown(
        self, text: str, spans: Sequence[FoundSpan], *, title_end: int | None = None
    ) -> list[bool]:
        """Per span, whether its estimate reaches the display threshold."""
        return [e >= self.threshold for e in self.estimates(text, spans, title_end=title_end)]

    def to_spec(self) -> dict[str, Any]:
        return {
            "features": [*NUMERIC, *(f"technique={t}" for t in self.techniques)],
            "techniques": list(self.techniques),
            "coef": [round(float(v), 8) for v in self.coef],
            "intercept": round(float(self.intercept), 8),
            "threshold": self.threshold,
            "metrics": self.metrics,
        }

    @classmethod
    def from_spec(cls, spec: dict[str, Any]) -> DisplayModel:
        techniques = tuple(spec["techniques"])
        if list(spec["features"]) != [*NUMERIC, *(f"technique={t}" for t in techniques)]:
            raise ValueError("the display model's features differ from this version of newscred")
        return cls(techniques=techniques, coef=np.asarray(spec["coef"], dtype=np.float64),
                   intercept=float(spec["intercept"]), threshold=float(spec["threshold"]),
                   metrics=dict(spec.get("metrics") or {}))
