"""Hyperpartisan analyzer: one-sided, partisan writing (SemEval-2019 Task 4 by-article model).

Concern is the model's calibrated probability that the article is hyperpartisan: written
to take one side of the political divide. It is about partisanship, not about whether the
claims are true. Spans mark the sentences whose wording pushes the model most toward
"hyperpartisan" (shown when the article reads as hyperpartisan).
"""

from __future__ import annotations

from newscred.analyzers.base import clamp01
from newscred.analyzers.genre import (
    cue_words, score, sentence_shares, top_sentences, word_count,
)
from newscred.article import Article
from newscred.models.hyperpartisan import model_text
from newscred.models.linear import LinearTextModel
from newscred.report import Signal
from newscred.text import sentences

MIN_WORDS = 30
MAX_SPANS = 3
SPAN_FROM = 0.5  # below this probability the article does not read as partisan: no spans


class HyperpartisanAnalyzer:
    name = "hyperpartisan"
    version = "1"
    requires: tuple[str, ...] = ("model:hyperpartisan",)

    def __init__(self, model: LinearTextModel | None = None) -> None:
        self.model = model or LinearTextModel.load("hyperpartisan")
        self.positive = self.model.classes[1]

    def analyze(self, article: Article) -> Signal:
        text = model_text(article.title, article.body)
        n_words = word_count(text, len(text) - len(article.body))
        if n_words < MIN_WORDS:
            return Signal(
                name=self.name, version=self.version, score=0.0,
                summary=f"The text is too short to judge whether it is partisan ({n_words} words).",
                details={"features": {"probability": 0.0}, "probability": None,
                         "words": n_words},
            )
        scored = score(self.model, text)
        probability = self.model.probabilities_from_decision(scored.decision)[self.positive]
        spans = []
        if probability >= SPAN_FROM:
            push = scored.occurrence[0]
            sents = sentences(article.body)
            offset = len(text) - len(article.body)
            shares = sentence_shares(scored, push, offset, sents)
            chosen = top_sentences(shares, MAX_SPANS)
            top = max((shares[i] for i in chosen), default=1.0)
            for i in chosen:
                sent = sents[i]
                cues = cue_words(scored, push, text, sent.start + offset, sent.end + offset)
                note = "Wording typical of hyperpartisan articles" + (
                    ": " + ", ".join(f"“{c}”" for c in cues) if cues else "")
                spans.append(article.span("body", sent.start, sent.end,
                                          label="partisan_sentence",
                                          score=clamp01(shares[i] / top), note=note))
        return Signal(
            name=self.name, version=self.version, score=round(clamp01(probability), 4),
            summary=_summary(probability),
            spans=tuple(spans),
            details={"features": {"probability": round(probability, 4)},
                     "probability": round(probability, 4), "words": n_words},
        )


def _summary(probability: float) -> str:
    note = "This is about one-sided partisanship, not about whether the claims are true."
    if probability >= 0.7:
        return f"Reads as hyperpartisan (probability {probability:.2f}): one-sided, partisan writing. {note}"
    if probability >= 0.5:
        return f"Leans hyperpartisan (probability {probability:.2f}). {note}"
    if probability >= 0.3:
        return f"Some partisan wording, but not clearly hyperpartisan (probability {probability:.2f}). {note}"
    return f"Does not read as hyperpartisan (probability {probability:.2f}). {note}"
