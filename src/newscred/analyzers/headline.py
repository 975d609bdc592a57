"""Headline analyzer: clickbait and sensational markers, and how well the body backs the headline.

Concern rises with each marker of headline style that aims at clicks rather than at
informing (bait prefixes, shouting capitals, exclamations, emotive words, addressing the
reader, teasers that withhold the subject), when a trained clickbait model finds the
headline's wording typical of clickbait, and when the headline's key terms are missing
from the opening paragraphs. These are findings about style, not about truth. The markers
are found by `nlp/headline_markers.py`; this module weighs them and checks the body.

The clickbait model (trained by training/clickbait.py, Chakraborty et al. 2016 headlines) reads the
lower-cased headline, so casing alone never moves it. Its probability p adds concern only
above 0.5: model concern = MODEL_WEIGHT * (2p - 1), combined with the rule-based concern
r as 1 - (1 - r)(1 - model concern), so either can raise the score and neither alone
saturates it.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from functools import lru_cache
from operator import attrgetter, itemgetter

from newscred.analyzers.base import clamp01
from newscred.analyzers.common import count_phrase, join_words, number_word, stem
from newscred.article import Article, Span
from newscred.models.linear import LinearTextModel
from newscred.nlp.headline_markers import SEPARATORS, HeadlineMarkers, Marker, inside
from newscred.nlp.wordlists import load_list
from newscred.report import Signal
from newscred.text import paragraphs, words

_end = attrgetter("end")
_text = itemgetter(2)  # a Segment's text
_META_WORDS = frozenset("watch video photos photo exclusive breaking live update opinion".split())
_MIN_BODY_WORDS = 30
MODEL_WEIGHT = 0.7  # the model's share of the concern at p = 1

WEIGHTS = {
    "bait_prefix": 0.3, "all_caps": 0.15, "exclamation": 0.2, "question_bait": 0.12,
    "superlative": 0.08, "emotive_word": 0.15, "second_person": 0.15, "bait_phrase": 0.25,
    "listicle": 0.2, "forward_reference": 0.15,
}
CAPS = {
    "bait_prefix": 0.3, "all_caps": 0.35, "exclamation": 0.3, "question_bait": 0.12,
    "superlative": 0.16, "emotive_word": 0.45, "second_person": 0.2, "bait_phrase": 0.35,
    "listicle": 0.2, "forward_reference": 0.15,
}
NOTES = {
    "bait_prefix": "a label that promotes rather than informs",
    "all_caps": "written in capitals for emphasis",
    "exclamation": "exclamation mark",
    "question_bait": "a question the headline does not answer",
    "superlative": "a superlative",
    "emotive_word": "an emotive word",
    "second_person": "addresses the reader directly",
    "bait_phrase": "a teaser phrase that withholds the news",
    "listicle": "a numbered-list teaser",
    "forward_reference": "points ahead to something the headline does not name",
}


class HeadlineAnalyzer:
    name = "headline"
    version = "2"
    requires: tuple[str, ...] = ()

    def __init__(self) -> None:
        self.clickbait = LinearTextModel.load("clickbait")
        self.stopwords = frozenset(load_list("stopwords"))
        self.markers = HeadlineMarkers()

    def analyze(self, article: Article) -> Signal:
        title = article.title
        title_words = words(title)
        if not title_words:
            return self._no_headline()
        lowered = [w.text.lower().replace("’", "'") for w in title_words]
        found, bait_ranges = self.markers.find(title, title_words, lowered)
        features, unsupported, checked = self._consistency(
            article, title_words, lowered, bait_ranges
        )
        for word, where in unsupported:
            found.append(("unsupported_term", word.start, word.end, f"{word.text}|{where}"))
        counts = _count(found)
        probability = round(self.clickbait.probabilities(title)["clickbait"], 4)
        score = _score(counts, features["unsupported_concern"], probability)
        features["clickbait_probability"] = probability
        features.update(_marker_features(counts, title_words, title))
        features.update(self._proper_nouns(article, title, title_words, lowered))
        found.sort(key=lambda f: (f[1], f[2], f[0]))
        spans = [self._span(article, item) for item in found]
        summary = _summary(counts, found, unsupported, checked, probability)
        markers = {k: [t for lab, _, _, t in found if lab == k] for k in counts if counts[k]}
        return Signal(
            name=self.name, version=self.version, score=round(score, 4), summary=summary,
            spans=tuple(spans),
            details={
                "features": {k: float(v) for k, v in sorted(features.items())},
                "markers": markers,
                "unsupported_terms": [w.text for w, _ in unsupported],
                "body_checked": checked,
                "clickbait_probability": probability,
            },
        )

    def _no_headline(self) -> Signal:
        return Signal(
            name=self.name, version=self.version, score=0.0,
            summary="No headline to judge.",
            details={"features": _empty_features(), "markers": {},
                     "clickbait_probability": 0.0},
        )

    def _consistency(self, article: Article, title_words, lowered, bait_ranges):
        """Share of the headline's content words found in the opening paragraphs and body."""
        content = [
            (word, stem(low)) for word, low in zip(title_words, lowered)
            if low not in self.stopwords and low not in _META_WORDS and not inside(bait_ranges, word.start)
            and (len(low) > 2 or low.isdigit())
        ]
        body_words = words(article.body)
        features = {"content_words": float(len(content))}
        if len(body_words) < _MIN_BODY_WORDS or not content:
            features.update(lead_support_share=1.0, body_support_share=1.0,
                            unsupported_terms=0.0, unsupported_concern=0.0, body_checked=0.0)
            return features, [], False
        lead_end = _lead_end(article.body, body_words)
        # Word ends rise through the text: the lead is a prefix of the words. Each distinct
        # word is stemmed once.
        cut = bisect_right(body_words, lead_end, key=_end)
        lead = set(map(_stem_token, set(map(_text, body_words[:cut]))))
        missing = [(word, s) for word, s in content if s not in lead]
        unsupported = []
        if missing:
            rest = set(map(_stem_token, set(map(_text, body_words[cut:]))))
            unsupported = [(word, "lead" if s in rest else "body") for word, s in missing]
        lead_share = 1 - len(missing) / len(content)
        body_share = 1 - sum(1 for _, where in unsupported if where == "body") / len(content)
        concern = 0.0
        if len(content) >= 2:
            concern = 0.35 * max(0.0, (1 - lead_share) - 0.25) / 0.75
            concern += 0.1 * (1 - body_share)
        features.update(lead_support_share=round(lead_share, 4),
                        body_support_share=round(body_share, 4),
                        unsupported_terms=float(len(unsupported)),
                        unsupported_concern=round(concern, 4), body_checked=1.0)
        return features, unsupported, True

    def _proper_nouns(self, article: Article, title: str, title_words, lowered) -> dict[str, float]:
        """Share of non-initial headline words that are capitalised names, not function words.

        In Title Case every word is capitalised, so the body decides: a word counts as a
        name when the body never writes it in lower case.
        """
        candidates = []
        for i, word in enumerate(title_words[1:], start=1):
            before = title[title_words[i - 1].end : word.start]
            if any(ch in SEPARATORS for ch in before) or lowered[i] in self.stopwords:
                continue
            candidates.append((word, lowered[i]))
        if not candidates:
            return {"proper_noun_share": 0.0, "title_case": 0.0}
        capitalised = [(w, low) for w, low in candidates if w.text[0].isupper()]
        title_case = len(candidates) >= 3 and len(capitalised) >= 0.8 * len(candidates)
        if title_case:
            lower, upper = _body_forms(article.body)
            names = [w for w, low in capitalised if w.text in upper and low not in lower]
        else:
            names = [w for w, _ in capitalised]
        share = len(names) / (len(title_words) - 1) if len(title_words) > 1 else 0.0
        return {"proper_noun_share": round(share, 4), "title_case": float(title_case)}

    def _span(self, article: Article, item: tuple[str, int, int, str]) -> Span:
        label, start, end, text = item
        if label == "unsupported_term":
            word, where = text.split("|", 1)
            place = "in the opening paragraphs" if where == "lead" else "anywhere in the article"
            note = f"“{word}” does not appear {place}"
            score = 0.4 if where == "lead" else 0.7
        else:
            note = f"“{text}”: {NOTES[label]}"
            score = min(1.0, WEIGHTS[label] * 3)
        return article.span("title", start, end, label=label, score=score, note=note)


def _count(found: list[Marker]) -> dict[str, int]:
    counts = {label: 0 for label in WEIGHTS}
    for label, *_ in found:
        if label in counts:
            counts[label] += 1
    return counts


def _score(counts: dict[str, int], unsupported_concern: float, probability: float) -> float:
    """The rule-based concern, saturating, combined with the clickbait model's."""
    concern = sum(min(CAPS[k], WEIGHTS[k] * n) for k, n in counts.items())
    concern += unsupported_concern
    rule_score = 1.0 - math.exp(-1.25 * concern)  # saturates: strong titles still rank
    model_concern = MODEL_WEIGHT * max(0.0, 2.0 * probability - 1.0)
    return clamp01(1.0 - (1.0 - rule_score) * (1.0 - model_concern))


def _lead_end(body: str, body_words) -> int:
    """End offset of the opening: three paragraphs, but between 100 and 250 words."""
    paras = paragraphs(body)
    end = paras[min(2, len(paras) - 1)].end if paras else len(body)
    lo = body_words[min(99, len(body_words) - 1)].end
    hi = body_words[min(249, len(body_words) - 1)].end
    return max(lo, min(end, hi))


@lru_cache(maxsize=65536)
def _stem_token(token: str) -> str:
    return stem(token.lower().replace("’", "'"))


@lru_cache(maxsize=64)
def _body_forms(body: str) -> tuple[frozenset[str], frozenset[str]]:
    """The body's words written in lower case, and those written capitalised."""
    distinct = set(map(_text, words(body)))
    lower = frozenset(t for t in distinct if t.islower())
    upper = frozenset(t for t in distinct if t[0].isupper())
    return lower, upper


def _marker_features(counts: dict[str, int], title_words, title: str) -> dict[str, float]:
    n = len(title_words)
    return {
        "title_words": float(n),
        "all_caps_share": round(counts["all_caps"] / n, 4),
        "bait_prefix": float(counts["bait_prefix"]),
        "exclamations": float(title.count("!")),
        "question": float("?" in title),
        "superlatives": float(counts["superlative"]),
        "emotive_words": float(counts["emotive_word"]),
        "second_person": float(counts["second_person"]),
        "bait_phrases": float(counts["bait_phrase"] + counts["listicle"]),
        "forward_references": float(counts["forward_reference"]),
    }


def _empty_features() -> dict[str, float]:
    keys = (
        "all_caps_share bait_phrases bait_prefix body_checked body_support_share "
        "clickbait_probability content_words "
        "emotive_words exclamations forward_references lead_support_share proper_noun_share "
        "question second_person superlatives title_case title_words unsupported_concern "
        "unsupported_terms"
    ).split()
    return {k: 0.0 for k in keys}


def _summary(counts, found, unsupported, checked: bool, probability: float) -> str:
    def texts(label: str) -> list[str]:
        seen: list[str] = []
        for lab, _, _, text in found:
            if lab == label and text.lower() not in (s.lower() for s in seen):
                seen.append(text)
        return seen

    parts = []
    if counts["bait_prefix"]:
        parts.append(f"a promotional label ({join_words(texts('bait_prefix'))})")
    for label, singular, plural in (
        ("all_caps", "word in capitals", "words in capitals"),
        ("emotive_word", "emotive word", "emotive words"),
        ("superlative", "superlative", "superlatives"),
        ("bait_phrase", "teaser phrase", "teaser phrases"),
        ("listicle", "numbered-list teaser", "numbered-list teasers"),
    ):
        if counts[label]:
            parts.append(count_phrase(counts[label], singular, plural, texts(label)))
    if counts["exclamation"]:
        parts.append("an exclamation mark")
    if counts["question_bait"]:
        parts.append("a question")
    if counts["second_person"]:
        parts.append("direct address to the reader")
    if counts["forward_reference"]:
        parts.append("a teasing “this”")
    gaps = ""
    if unsupported:
        names = [w.text for w, _ in unsupported]
        shown = ", ".join(names[:4]) + ", …" if len(names) > 4 else join_words(names)
        if len(names) == 1:
            gaps = f"its key term “{shown}” does not appear in the opening paragraphs"
        else:
            gaps = (f"{number_word(len(names))} of its key terms ({shown}) do not appear in "
                    "the opening paragraphs")
    bait = ""
    if probability >= 0.5:
        percent = min(99, round(100 * probability))  # never "100%": it is an estimate
        bait = f"The headline reads like clickbait (model: {percent}%)"
    if not parts:
        if bait:
            first = bait + ", though it uses none of the typical marker words"
        else:
            first = "The headline reads plainly, with no clickbait or sensational markers"
        if checked and not unsupported:
            return first + ", and its key terms appear in the opening paragraphs."
        if not checked:
            return first + "; the body is too short to check it against."
        return f"{first}; {gaps}."
    if bait:
        sentence = f"{bait} and uses " + join_words(parts)
    else:
        sentence = "The headline uses " + join_words(parts)
    if gaps:
        return f"{sentence}; {gaps}."
    if not checked:
        return sentence + "; the body is too short to check it against."
    return sentence + "."
