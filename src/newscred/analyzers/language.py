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
from bisect import bisect_left, bisect_right

from vaderSentiment.vaderSentiment import (
    BOOSTER_DICT, C_INCR, N_SCALAR, NEGATE, SPECIAL_CASES, SentimentIntensityAnalyzer,
    SentiText, normalize, scalar_inc_dec,
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
    would copy the text unchanged), and the pos/neg/neu shares are not computed. The
    sentence's words are lower-cased once (VADER lower-cases the whole word list again in
    its negation and idiom checks, once per lexicon word); every valence is computed by the
    same operations in the same order, so the result is bit-identical."""

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
        lower = [w.lower() for w in words_and_emoticons]
        lexicon = self.lexicon
        is_cap_diff = sentitext.is_cap_diff
        last = len(words_and_emoticons) - 1
        for i, item in enumerate(words_and_emoticons):
            low = lower[i]
            if low not in lexicon or low in BOOSTER_DICT or (
                    i < last and low == "kind" and lower[i + 1] == "of"):
                sentiments.append(0)
                continue
            sentiments.append(self._valence(lower, words_and_emoticons, item, i, is_cap_diff))
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

    def _valence(self, lower, words_and_emoticons, item, i, is_cap_diff) -> float:
        """`sentiment_valence` for a lexicon word, on the lower-cased words."""
        lexicon = self.lexicon
        low = lower[i]
        valence = lexicon[low]
        if low == "no" and i != len(words_and_emoticons) - 1 and lower[i + 1] in lexicon:
            valence = 0.0
        if (i > 0 and lower[i - 1] == "no") \
           or (i > 1 and lower[i - 2] == "no") \
           or (i > 2 and lower[i - 3] == "no" and lower[i - 1] in ["or", "nor"]):
            valence = lexicon[low] * N_SCALAR
        if item.isupper() and is_cap_diff:
            if valence > 0:
                valence += C_INCR
            else:
                valence -= C_INCR
        for start_i in range(0, 3):
            if i > start_i and lower[i - (start_i + 1)] not in lexicon:
                s = scalar_inc_dec(words_and_emoticons[i - (start_i + 1)], valence, is_cap_diff)
                if start_i == 1 and s != 0:
                    s = s * 0.95
                if start_i == 2 and s != 0:
                    s = s * 0.9
                valence = valence + s
                valence = _negation_check(valence, lower, start_i, i)
                if start_i == 2:
                    valence = _special_idioms_check(valence, lower, i)
        # _least_check
        if i > 1 and lower[i - 1] not in lexicon and lower[i - 1] == "least":
            if lower[i - 2] != "at" and lower[i - 2] != "very":
                valence = valence * N_SCALAR
        elif i > 0 and lower[i - 1] not in lexicon and lower[i - 1] == "least":
            valence = valence * N_SCALAR
        return valence


_NEGATE = frozenset(NEGATE)


def _negated(word: str) -> bool:
    """VADER's `negated([word])` for a lower-cased word."""
    return word in _NEGATE or "n't" in word


def _negation_check(valence, lower, start_i, i):
    """VADER's `_negation_check` on the already lower-cased words."""
    if start_i == 0:
        if _negated(lower[i - (start_i + 1)]):
            valence = valence * N_SCALAR
    if start_i == 1:
        if lower[i - 2] == "never" and (lower[i - 1] == "so" or lower[i - 1] == "this"):
            valence = valence * 1.25
        elif lower[i - 2] == "without" and lower[i - 1] == "doubt":
            valence = valence
        elif _negated(lower[i - (start_i + 1)]):
            valence = valence * N_SCALAR
    if start_i == 2:
        if lower[i - 3] == "never" and (lower[i - 2] == "so" or lower[i - 2] == "this") or \
                (lower[i - 1] == "so" or lower[i - 1] == "this"):
            valence = valence * 1.25
        elif lower[i - 3] == "without" and (lower[i - 2] == "doubt" or lower[i - 1] == "doubt"):
            valence = valence
        elif _negated(lower[i - (start_i + 1)]):
            valence = valence * N_SCALAR
    return valence


def _special_idioms_check(valence, lower, i):
    """VADER's `_special_idioms_check` on the already lower-cased words."""
    onezero = f"{lower[i - 1]} {lower[i]}"
    twoonezero = f"{lower[i - 2]} {lower[i - 1]} {lower[i]}"
    twoone = f"{lower[i - 2]} {lower[i - 1]}"
    threetwoone = f"{lower[i - 3]} {lower[i - 2]} {lower[i - 1]}"
    threetwo = f"{lower[i - 3]} {lower[i - 2]}"
    for seq in (onezero, twoonezero, twoone, threetwoone, threetwo):
        if seq in SPECIAL_CASES:
            valence = SPECIAL_CASES[seq]
            break
    if len(lower) - 1 > i:
        zeroone = f"{lower[i]} {lower[i + 1]}"
        if zeroone in SPECIAL_CASES:
            valence = SPECIAL_CASES[zeroone]
    if len(lower) - 1 > i + 1:
        zeroonetwo = f"{lower[i]} {lower[i + 1]} {lower[i + 2]}"
        if zeroonetwo in SPECIAL_CASES:
            valence = SPECIAL_CASES[zeroonetwo]
    for n_gram in (threetwoone, threetwo, twoone):
        if n_gram in BOOSTER_DICT:
            valence = valence + BOOSTER_DICT[n_gram]
    return valence


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
        # The lookahead (every pattern's possible first letters) only lets the engine skip
        # positions no pattern can start at; it matches the same spans, about twice as fast.
        self.speculation_re = re.compile(
            r"\b(?=[" + _first_letters(_SPECULATION_PATTERNS) + r"])(?:"
            + "|".join(_SPECULATION_PATTERNS) + r")\b", re.IGNORECASE
        )
        self.dateline_re = re.compile(_DATELINE)
        self.exclamation_re = re.compile(r"!+")
        self.vader = _Vader()
        self.vader_lexicon: dict[str, float] = self.vader.lexicon
        self._interesting = frozenset(
            (*self.word_cats, *self.vader_lexicon, *_FIRST_PERSON, *_SECOND_PERSON)
        )

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
        """Each word's categories, counted for its sentence, or apart when it is quoted.

        Only the words that can count (a listed word, a VADER lexicon word, a capitalised
        one, or any quoted word) are visited, in text order, so every list and sum is built
        in the same order as a walk over all the words."""
        dateline = self.dateline_re.match(body)
        dateline_end = dateline.end() if dateline else 0
        tally = _Tally(sents)
        hits, quoted_hits = tally.hits, tally.quoted_hits
        valence_abs, valence_sum = tally.valence_abs, tally.valence_sum
        vader_lexicon = self.vader_lexicon
        word_cats = self.word_cats
        texts = [tok.text for tok in tokens]
        lowered = [low.replace("’", "'") if "’" in low else low
                   for low in map(str.lower, texts)]
        tally.lowered = lowered
        token_starts = [tok.start for tok in tokens]
        inside = bytearray(len(tokens))
        for q in found:  # quotes do not overlap: a word is quoted when it starts in one
            lo = bisect_left(token_starts, q.start)
            hi = bisect_left(token_starts, q.end, lo)
            inside[lo:hi] = b"\x01" * (hi - lo)
        quoted_words = inside.count(1)
        interesting = self._interesting
        visit = [i for i, low in enumerate(lowered)
                 if low in interesting or inside[i] or (len(texts[i]) >= 5 and texts[i].isupper())]
        sent_starts = [s.start for s in sents]
        n_tokens = len(tokens)
        for index in visit:
            text = texts[index]
            low = lowered[index]
            start = token_starts[index]
            cats = word_cats.get(low, ())
            if low in _TERM_HEADS and index + 1 < n_tokens \
                    and texts[index + 1].lower() in _TERM_TAILS:
                cats = tuple(c for c in cats if c != "loaded")  # "disaster aid": a term
            if low in _FIRST_PERSON and text != "US":
                cats = (*cats, "first_person")
            elif low in _SECOND_PERSON:
                cats = (*cats, "second_person")
            if (len(text) >= 5 and text.isupper() and text not in _LONG_ACRONYMS
                    and start >= dateline_end):
                cats = (*cats, "all_caps")
            if inside[index]:
                for cat in cats:
                    quoted_hits[cat] = quoted_hits.get(cat, 0) + 1
                continue
            si = bisect_right(sent_starts, start, 1) - 1
            valence = vader_lexicon.get(low)
            if valence is not None:
                valence_abs[si] += abs(valence)
                valence_sum[si] += valence
            for cat in cats:
                hits[si].setdefault(cat, []).append(text)
        tally.writer_words, tally.quoted_words = n_tokens - quoted_words, quoted_words
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


def _first_letters(patterns) -> str:
    """The lower-case letters the patterns can start with (each pattern a word alternation
    or a plain word first, as `_SPECULATION_PATTERNS` are)."""
    letters = set()
    for pattern in patterns:
        head = re.match(r"\(\?:([a-z|]+)\)|([a-z]+)", pattern)
        assert head, pattern
        letters.update(w[0] for w in (head.group(1) or head.group(2)).split("|"))
    return "".join(sorted(letters))


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
