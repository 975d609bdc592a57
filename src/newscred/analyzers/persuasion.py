"""Persuasion analyzer: spans of the 14 propaganda techniques of the PTC (SemEval-2020 Task 11).

The model (`newscred.models.persuasion`, trained on the PTC training articles; or the
optional MiniLM model named by NEWSCRED_PERSUASION_MODEL) reads the title and body
together, as the PTC articles were annotated (title on the first line).
Each span carries the technique's name exactly as the task names it, a score (how sure
the model is of the span and of the technique together) and a plain note of what the
technique is. A whole sentence is a span when the sentence as a whole reads as
persuasion; the words inside it that carry a technique of their own are spans too.

Shown and not shown: the model finds more spans than a reader should see highlighted
(out of fold on the PTC training articles, a quarter of its span text is inside an
annotated span). The artifact's display model (persuasion_display.py) estimates each
span's precision; spans below its display threshold (chosen where span precision reaches
0.5 out of fold) stay in `spans` with `shown: false`, and renderers do not highlight them.
A model without a display model (the MiniLM option) shows every span.

Concern: the share of the article's characters inside a technique span (shown or not),
doubled and capped at 1 (in the PTC's annotated articles 13% of the text is inside a span;
a concern of 1 means half the text or more). The concern and `details.features` count
every span, so the assessment reads the same numbers as before the display threshold.
Persuasion techniques are about how a text argues, not about whether its claims are true.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from operator import itemgetter

from newscred.analyzers.base import clamp01
from newscred.analyzers.common import join_words
from newscred.article import Article, Span
from newscred.models.persuasion import PersuasionModel, TechniqueSpan, default_model
from newscred.models.persuasion_minilm import MiniLMPersuasion
from newscred.report import Signal
from newscred.text import joined, words

SEPARATOR = "\n\n"
_start = itemgetter(0)
MIN_WORDS = 20
MAX_SPANS = 60

# Plain-language notes, in the PTC's own technique names (the labels must match exactly).
TECHNIQUES: dict[str, str] = {
    "Appeal_to_Authority": "leans on an authority's word as if that settled the question",
    "Appeal_to_fear-prejudice": "seeks support by stirring fear or prejudice",
    "Bandwagon,Reductio_ad_hitlerum": "argues from what everyone does, or from a hated "
    "group's approval",
    "Black-and-White_Fallacy": "offers two options as the only ones",
    "Causal_Oversimplification": "gives one cause for something with many",
    "Doubt": "questions someone's credibility rather than the argument",
    "Exaggeration,Minimisation": "makes something larger or smaller than it is",
    "Flag-Waving": "appeals to patriotism or group identity",
    "Loaded_Language": "uses words chosen for their emotional charge",
    "Name_Calling,Labeling": "labels a person or group as something to fear, hate or love",
    "Repetition": "repeats a message to make it stick",
    "Slogans": "uses a brief, striking phrase as a call",
    "Thought-terminating_Cliches": "uses a cliché that discourages further thought",
    "Whataboutism,Straw_Men,Red_Herring": "deflects: points elsewhere, distorts the other "
    "side's position, or changes the subject",
}
FEATURE_FAMILIES = {
    "emotional": ("Loaded_Language", "Appeal_to_fear-prejudice", "Flag-Waving", "Slogans"),
    "attack": ("Name_Calling,Labeling", "Doubt", "Whataboutism,Straw_Men,Red_Herring"),
    "reasoning": ("Black-and-White_Fallacy", "Causal_Oversimplification",
                  "Exaggeration,Minimisation", "Thought-terminating_Cliches",
                  "Bandwagon,Reductio_ad_hitlerum", "Appeal_to_Authority"),
    "repetition": ("Repetition",),
}


class PersuasionAnalyzer:
    name = "persuasion"
    version = "1"
    requires: tuple[str, ...] = ("model:persuasion",)

    def __init__(self, model: PersuasionModel | MiniLMPersuasion | None = None) -> None:
        self.model = model or default_model()
        unknown = set(self.model.techniques) - set(TECHNIQUES)
        if unknown:
            raise ValueError(f"the persuasion model names unknown techniques: {sorted(unknown)}")

    def analyze(self, article: Article) -> Signal:
        title, body = article.title, article.body
        offset = len(title) + len(SEPARATOR) if title else 0
        text = joined(title, SEPARATOR, body) if title else body
        # The body's words are the text's words after the title: the word pattern cannot
        # match across the separator, and `words` is cached, so the model reuses them.
        n_words = len(words(text)) - bisect_left(words(text), offset, key=_start)
        if n_words < MIN_WORDS:
            return Signal(
                name=self.name, version=self.version, score=0.0,
                summary=f"The text is too short to look for persuasion techniques ({n_words} words).",
                details={"features": _features([], 1, n_words), "techniques": {}},
            )
        found = self.model.predict(text)
        display = getattr(self.model, "display", None)
        shown = (display.shown(text, found, title_end=len(title) if title else -1)
                 if display is not None else [True] * len(found))
        spans = [s for s in (_span(article, f, offset, keep) for f, keep in zip(found, shown))
                 if s is not None]
        spans.sort(key=lambda s: -s.score)
        spans = sorted(spans[:MAX_SPANS], key=lambda s: (s.part != "title", s.start, -s.end))
        covered = _covered(spans, len(title), len(body))
        share = covered / max(1, len(title) + len(body))
        counts = Counter(s.label for s in spans)
        shown_counts = Counter(s.label for s in spans if s.shown)
        details = {
            "features": _features(spans, share, n_words),
            "techniques": _by_count(counts),
            "share_of_text": round(share, 4),
            "model": f"{self.model.version}+{self.model.sha256[:12]}",
            "display": {
                "threshold": display.threshold if display is not None else None,
                "shown": sum(shown_counts.values()),
                "not_shown": len(spans) - sum(shown_counts.values()),
                "shown_techniques": _by_count(shown_counts),
            },
        }
        return Signal(
            name=self.name,
            version=self.version,
            score=round(clamp01(2 * share), 4),
            summary=_summary(shown_counts, len(spans), share),
            spans=tuple(spans),
            details=details,
        )


def _span(article: Article, found: TechniqueSpan, offset: int, shown: bool) -> Span | None:
    note = TECHNIQUES.get(found.technique, found.technique)
    if found.runner_up:
        note += f" (or: {found.runner_up.replace('_', ' ')})"
    if found.end <= len(article.title):
        part, start, end = "title", found.start, found.end
    else:
        part, start, end = "body", found.start - offset, found.end - offset
        if start < 0:  # a span across the title and the body (never from the sentence splitter)
            return None
    span = article.span(part, start, end, label=found.technique, score=found.score, note=note)
    return span if shown else span.model_copy(update={"shown": False})


def _by_count(counts: Counter[str]) -> dict[str, int]:
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _covered(spans: list[Span], title_length: int, body_length: int) -> int:
    marks = {"title": bytearray(title_length), "body": bytearray(body_length)}
    for span in spans:
        marks[span.part][span.start : span.end] = b"\x01" * (span.end - span.start)
    return sum(m.count(1) for m in marks.values())


def _features(spans: list[Span], share: float, n_words: int) -> dict[str, float]:
    per_100 = 100.0 / max(1, n_words)
    features = {"share_of_text": round(share, 4), "spans_per_100w": round(len(spans) * per_100, 4),
                "distinct_techniques": float(len({s.label for s in spans}))}
    for family, names in FEATURE_FAMILIES.items():
        count = sum(1 for s in spans if s.label in names)
        features[f"{family}_per_100w"] = round(count * per_100, 4)
    return features


def _summary(shown: Counter[str], total: int, share: float) -> str:
    """What a reader sees highlighted; the spans below the display threshold as a count."""
    caveat = "This is about how the text argues, not whether it is true."
    if not total:
        return "No persuasion techniques found."
    hidden = total - sum(shown.values())
    weaker = (f"{hidden} less certain span{'s' if hidden != 1 else ''} below the display "
              "threshold")
    if not shown:
        return (f"No persuasion technique is certain enough to highlight; {weaker}, covering "
                f"{round(100 * share)}% of the text, {'are' if hidden != 1 else 'is'} not "
                f"highlighted. {caveat}")
    top = [f"{name.replace('_', ' ').replace(',', ' / ')} ({n})" for name, n in shown.most_common(3)]
    n = sum(shown.values())
    text = (f"{n} span{'s' if n != 1 else ''} of persuasion techniques highlighted, most often "
            f"{join_words(top)}")
    if hidden:
        text += f"; {weaker} {'are' if hidden != 1 else 'is'} not highlighted"
    return f"{text}. All spans together cover {round(100 * share)}% of the text. {caveat}"
