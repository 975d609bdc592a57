"""Language analyzer: loaded, emotive and opinionated wording in the writer's own voice.

Concern rises with loaded and emotive words, moral judgement, claims about hidden motives,
appeals to fear, opinion markers, addressing the reader, intensifiers, exclamations and
shouting capitals, and with the emotional intensity of sentences (VADER). Words inside
quotation marks belong to the people quoted, not the writer: they are counted apart and
do not raise the score. A finding about style, not a verdict on whether the text is true.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right

from vaderSentiment.vaderSentiment import (
    BOOSTER_DICT, SentimentIntensityAnalyzer, SentiText, normalize,
)

from newscred.analyzers.base import clamp01
from newscred.analyzers.common import count_phrase, join_words
from newscred.nlp.quotes import quotes
from newscred.nlp.wordlists import PhraseMatcher, index_lists
from newscred.article import Article
from newscred.report import Signal
from newscred.text import sentences, words

# Category -> (weight in a sentence's score, label of a sentence it dominates, summary words).
CATEGORIES = {
    "speculation": (
        0.5, "speculation", "claim about hidden motives", "claims about hidden motives"
    ),
    "moralising": (0.45, "moralising", "moralising word", "moralising words"),
    "fear": (0.35, "fear_appeal", "appeal to fear", "appeals to fear"),
    "opinion": (0.35, "opinion", "opinion marker", "opinion markers"),
    "loaded": (0.25, "loaded_sentence", "loaded or emotive word", "loaded or emotive words"),
    "exclamation": (0.25, "exclamation", "exclamation mark", "exclamation marks"),
    "second_person": (0.2, "direct_address", "address to the reader", "addresses to the reader"),
    "all_caps": (0.2, "all_caps", "word in capitals", "words in capitals"),
    "subjective": (0.15, "subjective", "evaluative word", "evaluative words"),
    "first_person": (0.12, "first_person", "first-person reference", "first-person references"),
    "intensifier": (0.1, "intensified", "intensifier", "intensifiers"),
    "hedge": (0.1, "hedged", "hedge", "hedges"),
}
# Weight of each category's rate per 100 writer words in the article's score.
RATE_WEIGHTS = {
    "speculation": 0.5, "moralising": 0.35, "fear": 0.3, "opinion": 0.3, "loaded": 0.12,
    "exclamation": 0.2, "second_person": 0.1, "all_caps": 0.1, "subjective": 0.08,
    "first_person": 0.05, "intensifier": 0.05, "hedge": 0.03,
}
_LEXICONS = {
    "loaded": "loaded", "moralising": "moralising", "fear": "fear", "opinion": "opinion",
    "subjective": "subjective", "hedge": "hedges", "intensifier": "intensifiers",
    "speculation": "speculation",
}
_SPECULATION_PATTERNS = (
    r"(?:clearly|obviously|secretly|really|desperately|just)\s+(?:wants?|wanted|trying|tries|"
    r"tried|hopes?|hoped|plans?|planned|intends?|intended)\s+to",
    r"(?:is|are|was|were|been)\s+(?:(?:desperately|clearly|obviously|just)\s+)?trying\s+to\s+"
    r"(?:hide|cover|distract|bury|silence|deflect|conceal)",
    r"(?:do|does|did)(?:n['’]t|\s+not)\s+want\s+(?:you|us|the\s+public|anyone|people|voters)"
    r"\s+to\s+(?:know|see|hear|find|realize|realise|notice|learn)",
    r"the\s+(?:real|true)\s+(?:reason|agenda|motive|goal|purpose|story)",
)
# A loaded word that heads an official or technical term is no judgement: "state disaster
# aid", "disaster relief", "disaster area" (the word in _TERM_HEADS, the next in _TERM_TAILS).
_TERM_HEADS = frozenset({"disaster", "catastrophic"})
_TERM_TAILS = frozenset({
    "aid", "relief", "declaration", "declarations", "area", "areas", "recovery", "response",
    "zone", "zones", "assistance", "fund", "funds", "funding", "management", "services",
    "preparedness", "insurance", "loan", "loans", "plan", "plans", "team", "teams", "agency",
    "coverage", "risk", "bond", "bonds", "payments", "declared", "status",
})
_FIRST_PERSON = frozenset(
    "i me my mine myself we our ours ourselves i'm i've i'd i'll we're we've we'll we'd".split()
)
_SECOND_PERSON = frozenset("you your yours yourself yourselves you're you've you'll you'd".split())
_LONG_ACRONYMS = frozenset(
    "NASDAQ UNESCO UNICEF NAACP USAID COVID ASEAN NASCAR UNHCR INTERPOL".split()
)
# A dateline ("ARDENPORT —", "LONDON (Reuters) -") is capitalised by convention, not shouting.
_DATELINE = r"\s*[A-Z][A-Z .,'’-]{1,40}?(?:\s*\([^)\n]{1,30}\))?\s*[—–-]{1,2}\s"
class _Vader(SentimentIntensityAnalyzer):
    """VADER's `polarity_scores(text)["compound"]`, step for step, less what it is not
    asked for: the emoji pass is skipped when no character of the text is an emoji (it
    would copy the text unchanged), and the pos/neg/neu shares are not computed."""

    def __init__(self) -> None:
        super().__init__()
        self._emoji_chars = frozenset(k for k in self.emojis if len(k) == 1)

    def compound(self, text: str) -> float:
        if self._emoji_chars.isdisjoint(text):
            text = text.strip()
        else:
            return self.polarity_scores(text)["compound"]
        sentitext = SentiText(text)
        sentiments: list[float] = []
        words_and_emoticons = sentitext.words_and_emoticons
        for i, item in enumerate(words_and_emoticons):
            valence = 0
            if item.lower() in BOOSTER_DICT:
                sentiments.append(valence)
                continue
            if (i < len(words_and_emoticons) - 1 and item.lower() == "kind" and
                    words_and_emoticons[i + 1].lower() == "of"):
                sentiments.append(valence)
                continue
            sentiments = self.sentiment_valence(valence, sentitext, item, i, sentiments)
        sentiments = self._but_check(words_and_emoticons, sentiments)
        if not sentiments:
            return 0.0
        sum_s = float(sum(sentiments))
        punct_emph_amplifier = self._punctuation_emphasis(text)
        if sum_s > 0:
            sum_s += punct_emph_amplifier
        elif sum_s < 0:
            sum_s -= punct_emph_amplifier
        return round(normalize(sum_s), 4)


_VADER_MIN_VALENCE = 2.0
_MIN_WORDS = 25
_MAX_SPANS = 12
_SPAN_THRESHOLD = 0.2
_HIGH_INTENSITY = 0.6


class _Tally:
    """What the words of one text add up to, per sentence and in quotes."""

    def __init__(self, sents) -> None:
        self.hits: list[dict[str, list[str]]] = [{} for _ in sents]  # category -> cues
        self.quoted_hits: dict[str, int] = {}  # category -> count inside quotes
        self.valence_abs = [0.0] * len(sents)  # VADER lexicon valences, writer's words
        self.valence_sum = [0.0] * len(sents)
        self.lowered: list[str] = []  # every word, lower-cased, apostrophes straightened
        self.writer_words = 0
        self.quoted_words = 0


class LanguageAnalyzer:
    name = "language"
    version = "1"
    requires: tuple[str, ...] = ()

    def __init__(self) -> None:
        self.word_cats, self.phrase_cats = index_lists(_LEXICONS)
        self.phrases = PhraseMatcher(tuple(self.phrase_cats))
        self.speculation_re = re.compile(
            r"\b(?:" + "|".join(_SPECULATION_PATTERNS) + r")\b", re.IGNORECASE
        )
        self.dateline_re = re.compile(_DATELINE)
        self.exclamation_re = re.compile(r"!+")
        self.vader = _Vader()
        self.vader_lexicon: dict[str, float] = self.vader.lexicon

    def analyze(self, article: Article) -> Signal:
        body = article.body
        sents = sentences(body)
        tokens = words(body)
        if len(tokens) < _MIN_WORDS or not sents:
            return self._too_short(len(tokens))
        found = quotes(body)
        tally = self._word_hits(body, sents, tokens, found)
        self._phrase_hits(body, sents, tokens, found, tally)
        intensities = self._intensities(body, sents, found, tally)
        return self._signal(
            article, sents, tally.hits, intensities, tally.writer_words, tally.quoted_words,
            tally.quoted_hits,
        )

    def _too_short(self, n_words: int) -> Signal:
        features = {k: 0.0 for k in _feature_names()}
        return Signal(
            name=self.name, version=self.version, score=0.0,
            summary="The text is too short to judge its wording.",
            details={"features": features, "writer_words": n_words},
        )

    def _word_hits(self, body: str, sents, tokens, found) -> _Tally:
        """Each word's categories, counted for its sentence, or apart when it is quoted."""
        dateline = self.dateline_re.match(body)
        dateline_end = dateline.end() if dateline else 0
        tally = _Tally(sents)
        hits, quoted_hits = tally.hits, tally.quoted_hits
        valence_abs, valence_sum = tally.valence_abs, tally.valence_sum
        vader_lexicon = self.vader_lexicon
        lowered = tally.lowered
        writer_words = quoted_words = 0
        si = qi = 0
        n_quotes = len(found)
        for index, tok in enumerate(tokens):
            while si + 1 < len(sents) and tok.start >= sents[si + 1].start:
                si += 1
            while qi < n_quotes and found[qi].end <= tok.start:
                qi += 1
            inside = qi < n_quotes and found[qi].start <= tok.start
            text = tok.text
            low = text.lower()
            if "’" in low:
                low = low.replace("’", "'")
            lowered.append(low)
            cats = self.word_cats.get(low, ())
            if low in _TERM_HEADS and index + 1 < len(tokens) \
                    and tokens[index + 1].text.lower() in _TERM_TAILS:
                cats = tuple(c for c in cats if c != "loaded")  # "disaster aid": a term
            if low in _FIRST_PERSON and text != "US":
                cats = (*cats, "first_person")
            elif low in _SECOND_PERSON:
                cats = (*cats, "second_person")
            if (len(text) >= 5 and text.isupper() and text not in _LONG_ACRONYMS
                    and tok.start >= dateline_end):
                cats = (*cats, "all_caps")
            if inside:
                quoted_words += 1
                for cat in cats:
                    quoted_hits[cat] = quoted_hits.get(cat, 0) + 1
                continue
            writer_words += 1
            valence = vader_lexicon.get(low)
            if valence is not None:
                valence_abs[si] += abs(valence)
                valence_sum[si] += valence
            for cat in cats:
                hits[si].setdefault(cat, []).append(text)
        tally.writer_words, tally.quoted_words = writer_words, quoted_words
        return tally

    def _phrase_hits(self, body: str, sents, tokens, found, tally: _Tally) -> None:
        """Phrases and patterns, then exclamation marks: each hit goes to its sentence."""
        hits, quoted_hits = tally.hits, tally.quoted_hits
        quote_starts = [q.start for q in found]
        starts = [s.start for s in sents]
        matches = [(s, e, self.phrase_cats[key])
                   for s, e, key in self.phrases.find(body, tokens, tally.lowered)]
        for regex, cats in ((self.speculation_re, ("speculation",)),
                            (self.exclamation_re, ("exclamation",))):
            matches += [(m.start(), m.end(), cats) for m in regex.finditer(body)]
        taken: dict[str, list[tuple[int, int]]] = {}
        for start, end, cats in sorted(matches, key=lambda m: (m[0], -m[1])):
            if _quoted(found, quote_starts, start):
                for cat in cats:
                    quoted_hits[cat] = quoted_hits.get(cat, 0) + 1
                continue
            i = bisect_right(starts, start) - 1
            for cat in cats:
                spans = taken.setdefault(cat, [])
                if any(s <= start < e for s, e in spans):
                    continue  # the same words already counted for this category
                spans.append((start, end))
                hits[i].setdefault(cat, []).append(" ".join(body[start:end].split()))

    def _intensities(self, body: str, sents, found, tally: _Tally) -> list[float]:
        """Each sentence's emotional intensity, quoted words left out.

        VADER only where the sentence's lexicon words could add up to a strong tone; for
        the rest VADER's own normalisation of the plain valence sum is close (within ~0.15).
        """
        valence_abs, valence_sum = tally.valence_abs, tally.valence_sum
        return [
            self._intensity(body, sent, found) if valence_abs[i] >= _VADER_MIN_VALENCE
            else abs(valence_sum[i]) / math.sqrt(valence_sum[i] ** 2 + 15)
            for i, sent in enumerate(sents)
        ]

    def _intensity(self, body: str, sent, found) -> float:
        """|VADER compound| of the sentence with quoted words removed."""
        text = sent.text
        inside = [q for q in found if q.start < sent.end and q.end > sent.start]
        if inside:
            pieces, cursor = [], sent.start
            for q in inside:
                pieces.append(body[cursor : max(cursor, q.start)])
                cursor = max(cursor, q.end)
            pieces.append(body[cursor : sent.end])
            text = " ".join(pieces)
        if not text.strip():
            return 0.0
        return abs(self.vader.compound(text))

    def _signal(self, article, sents, hits, intensities, writer_words, quoted_words, quoted_hits):
        totals = {cat: sum(len(h.get(cat, ())) for h in hits) for cat in CATEGORIES}
        per100 = 100.0 / max(writer_words, 1)
        rates = {cat: totals[cat] * per100 for cat in CATEGORIES}
        scored = []
        for i, sent in enumerate(sents):
            sentence_hits = hits[i]
            score = sum(CATEGORIES[c][0] * min(2, len(v)) for c, v in sentence_hits.items())
            score += 0.25 * max(0.0, intensities[i] - 0.5) / 0.5
            scored.append(clamp01(score))
        cue_sentences = sum(1 for h in hits if any(c != "hedge" for c in h))
        mean_intensity = sum(intensities) / len(sents)
        concern = sum(RATE_WEIGHTS[c] * rates[c] for c in CATEGORIES)
        concern += 0.8 * max(0.0, mean_intensity - 0.3)
        score = 1.0 - math.exp(-concern)
        high = sum(1 for x in intensities if x >= _HIGH_INTENSITY)
        features = {
            **{f"{cat}_per_100w": rates[cat] for cat in CATEGORIES},
            "mean_intensity": mean_intensity,
            "high_intensity_share": high / len(sents),
            "cue_sentence_share": cue_sentences / len(sents),
            "quoted_word_share": quoted_words / max(writer_words + quoted_words, 1),
            "quoted_cues_per_100w": sum(quoted_hits.values()) * 100.0 / max(quoted_words, 1),
        }
        flagged = sorted(
            (i for i, s in enumerate(scored) if s >= _SPAN_THRESHOLD),
            key=lambda i: (-scored[i], i),
        )[:_MAX_SPANS]
        spans = [self._span(article, sents[i], hits[i], intensities[i], scored[i])
                 for i in sorted(flagged)]
        return Signal(
            name=self.name, version=self.version, score=round(clamp01(score), 4),
            summary=_summary(totals, hits, cue_sentences, len(sents), quoted_hits, mean_intensity),
            spans=tuple(spans),
            details={
                "features": {k: round(float(v), 4) for k, v in sorted(features.items())},
                "writer_counts": {c: n for c, n in totals.items() if n},
                "quoted_counts": dict(sorted(quoted_hits.items())),
                "writer_words": writer_words,
                "quoted_words": quoted_words,
                "sentences": len(sents),
                "flagged_sentences": sum(1 for s in scored if s >= _SPAN_THRESHOLD),
            },
        )

    def _span(self, article, sent, sentence_hits, intensity, score):
        present = [c for c in CATEGORIES if c in sentence_hits]
        if present:
            top = max(present, key=lambda c: CATEGORIES[c][0] * min(2, len(sentence_hits[c])))
            label = CATEGORIES[top][1]
            cues = []
            for c in present:
                for cue in sentence_hits[c]:
                    if cue.lower() not in (x.lower() for x in cues) and cue != "!" * len(cue):
                        cues.append(cue)
            kinds = join_words(
                [CATEGORIES[c][2 if len(sentence_hits[c]) == 1 else 3] for c in present[:3]]
            )
            note = f"{kinds[0].upper()}{kinds[1:]}"
            if cues:
                note += ": " + ", ".join(f"“{c}”" for c in cues[:6])
            if intensity >= _HIGH_INTENSITY:
                note += f"; strongly emotional tone ({intensity:.2f})"
        else:
            label = "emotive_sentence"
            note = f"Strongly emotional tone ({intensity:.2f}) with no single cue word"
        return article.span("body", sent.start, sent.end, label=label, score=score, note=note)


def _quoted(found, quote_starts: list[int], offset: int) -> bool:
    i = bisect_right(quote_starts, offset) - 1
    return i >= 0 and offset < found[i].end


def _feature_names() -> list[str]:
    return [f"{c}_per_100w" for c in CATEGORIES] + [
        "mean_intensity", "high_intensity_share", "cue_sentence_share", "quoted_word_share",
        "quoted_cues_per_100w",
    ]


def _summary(totals, hits, cue_sentences, n_sentences, quoted_hits, mean_intensity) -> str:
    ranked = sorted(
        (c for c in CATEGORIES if totals[c] and c != "hedge"),
        key=lambda c: (-CATEGORIES[c][0] * totals[c], list(CATEGORIES).index(c)),
    )
    quoted_note = ""
    if any(quoted_hits.get(c) for c in ("loaded", "moralising", "fear", "speculation")):
        quoted_note = (
            "; charged words inside quotes belong to the people quoted and are not counted"
        )
    if not ranked:
        hedges = ""
        if totals["hedge"]:
            hedges = f", with {count_phrase(totals['hedge'], 'hedge', 'hedges')}"
        return (f"Neutral wording in the writer's own voice{hedges}: no loaded words, opinion "
                f"markers or appeals to emotion{quoted_note}.")
    parts = []
    for cat in ranked[:3]:
        examples = []
        if cat not in ("exclamation",):
            for h in hits:
                for cue in h.get(cat, ()):
                    if cue.lower() not in (e.lower() for e in examples):
                        examples.append(cue)
        parts.append(count_phrase(totals[cat], CATEGORIES[cat][2], CATEGORIES[cat][3], examples))
    tone = " and a strongly emotional tone" if mean_intensity >= 0.5 else ""
    where = f"in {cue_sentences} of {n_sentences} sentences"
    return f"In the writer's own words: {join_words(parts)}{tone}, {where}{quoted_note}."
