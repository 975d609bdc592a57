"""Token and span features of the persuasion-technique model, shared by training and run time.

Each word token gets string features (its word and neighbours, shape, bundled word-list
hits, VADER valence, quotation, repetition in the article, its position) plus its
sentence's features (the sentence's words, length, punctuation, word-list hits), hashed
with crc32 into a fixed space, so the same code serves scikit-learn at training time and
a numpy dot product at run time.
"""

from __future__ import annotations

import zlib
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from newscred.nlp.quotes import QuoteIndex, quotes
from newscred.nlp.wordlists import PhraseMatcher, index_lists, load_list
from newscred.text import Segment, sentences, words

TOKEN_FEATURES = 2**19  # hashed space of the token (span identification) model
SPAN_FEATURES = 2**17  # hashed space of the technique and sentence models
LISTS = (
    "loaded", "fear", "hedges", "intensifiers", "moralising", "opinion", "speculation",
    "subjective", "superlatives", "report_verbs", "headline_emotive",
)


@dataclass(frozen=True)
class Lexicons:
    single: dict[str, tuple[str, ...]]  # word -> names of the lists it is in
    phrases: PhraseMatcher  # every list's phrases in one matcher
    phrase_lists: dict[str, tuple[str, ...]]  # phrase (tokens joined by spaces) -> list names
    vader: dict[str, float]
    stopwords: frozenset[str]


@lru_cache(maxsize=1)
def lexicons() -> Lexicons:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    single, phrase_lists = index_lists([(name, name) for name in LISTS])
    return Lexicons(
        single=single,
        phrases=PhraseMatcher(list(phrase_lists)),
        phrase_lists=phrase_lists,
        vader=dict(SentimentIntensityAnalyzer().lexicon),
        stopwords=frozenset(load_list("stopwords")),
    )


@lru_cache(maxsize=1 << 17)
def _hashed(feature: str, n_features: int) -> int:
    return zlib.crc32(feature.encode("utf-8")) % n_features


def _shape(token: str) -> str:
    if token.isdigit():
        return "d"
    if token.isupper() and len(token) > 1:
        return "XX"
    if token[:1].isupper():
        return "Xx"
    return "x"


def _bucket(value: int, bounds: tuple[int, ...]) -> int:
    for i, bound in enumerate(bounds):
        if value <= bound:
            return i
    return len(bounds)


@dataclass(frozen=True)
class TokenFeatures:
    """Per-token local features and per-sentence features shared by the sentence's tokens.

    A token's full feature set is its local features plus its sentence's; a linear model
    can score the sentence part once per sentence (what run time does) instead of once
    per token (what the training matrix holds).
    """

    tokens: tuple[Segment, ...]
    local: list[list[str]]
    sentence: list[list[str]]
    sentence_of: list[int]


def token_features(text: str) -> TokenFeatures:
    """The features of every word token of `text`, in token order."""
    lex = lexicons()
    toks = words(text)
    lowered = [t.text.lower().replace("’", "'") for t in toks]
    n = len(toks)
    hits: list[list[str]] = [[] for _ in range(n)]
    for i, low in enumerate(lowered):
        hits[i].extend(lex.single.get(low, ()))
    found = lex.phrases.find(text, toks, lowered)
    if found:
        starts = {t.start: i for i, t in enumerate(toks)}
        ends = {t.end: i for i, t in enumerate(toks)}
        for start, end, phrase in found:
            for i in range(starts[start], ends[end] + 1):
                hits[i].extend(lex.phrase_lists.get(phrase, ()))
    counts = Counter(low for low in lowered if len(low) > 3 and low not in lex.stopwords)
    quoted = QuoteIndex(quotes(text))
    bounds = [(s.start, s.end) for s in sentences(text)] or [(0, len(text))]
    local: list[list[str]] = []
    shared: list[list[str]] = []
    sentence_of: list[int] = []
    j = 0  # token cursor; tokens outside every sentence join the next one
    for k, (s_start, s_end) in enumerate(bounds):
        first = j
        while j < n and toks[j].start < s_end:
            j += 1
        if k == len(bounds) - 1:
            j = n
        sent_text = text[s_start:s_end]
        feats = [f"s={w}" for w in sorted({lowered[i] for i in range(first, j)} - lex.stopwords)]
        feats.append(f"slen={_bucket(j - first, (8, 15, 25, 40))}")
        if "!" in sent_text:
            feats.append("s!")
        if "?" in sent_text:
            feats.append("s?")
        if any(c in sent_text for c in "\"“”"):
            feats.append("sq")
        feats.extend(f"slex={name}" for name in sorted({h for i in range(first, j) for h in hits[i]}))
        if k == 0:
            feats.append("first_sentence")
        shared.append(feats)
        last = max(1, j - first - 1)
        for i in range(first, j):
            low = lowered[i]
            prev1 = lowered[i - 1] if i > first else "<s>"
            next1 = lowered[i + 1] if i + 1 < j else "</s>"
            f = [
                f"w={low}", f"shape={_shape(toks[i].text)}", f"p1={prev1}", f"n1={next1}",
                f"p2={lowered[i - 2] if i - 2 >= first else '<s>'}",
                f"n2={lowered[i + 2] if i + 2 < j else '</s>'}",
                f"bp={prev1}|{low}", f"bn={low}|{next1}",
                f"pos={min(4, (i - first) * 4 // last)}",
            ]
            f.extend(f"lex={name}" for name in hits[i])
            for w in range(max(first, i - 2), min(j, i + 3)):
                if w != i:
                    f.extend(f"lexwin={name}" for name in hits[w])
            valence = lex.vader.get(low)
            if valence is not None:
                f.append(f"vader={'+' if valence > 0 else '-'}{min(3, round(abs(valence)))}")
            if quoted.inside(toks[i].start):
                f.append("quoted")
            repeat = counts.get(low, 0)
            if repeat > 1:
                f.append(f"rep={_bucket(repeat, (2, 4, 8))}")
            local.append(f)
            sentence_of.append(k)
    return TokenFeatures(toks, local, shared, sentence_of)


def hashed(features: list[str], n_features: int) -> list[int]:
    return [_hashed(f, n_features) for f in features]


def span_features(text: str, tokens: tuple[Segment, ...], first: int, last: int) -> list[str]:
    """Features of the span covering tokens first..last, for the technique classifier."""
    lex = lexicons()
    lowered = [tokens[i].text.lower().replace("’", "'") for i in range(first, last + 1)]
    n = len(lowered)
    f = [f"len={_bucket(n, (1, 2, 3, 5, 8, 13, 21, 34))}"]
    f.extend(f"u={w}" for w in lowered)
    f.extend(f"b={a}|{b}" for a, b in zip(lowered, lowered[1:]))
    f.append(f"first={lowered[0]}")
    f.append(f"last={lowered[-1]}")
    for w in lowered:
        f.extend(f"lex={name}" for name in lex.single.get(w, ()))
    before = tokens[first - 1].text.lower() if first > 0 else "<s>"
    after = tokens[last + 1].text.lower() if last + 1 < len(tokens) else "</s>"
    f.append(f"c-1={before}")
    f.append(f"c+1={after}")
    start, end = tokens[first].start, tokens[last].end
    surface = text[start:end]
    if surface.isupper() and any(c.isalpha() for c in surface):
        f.append("allcaps")
    if any(c in surface for c in "!"):
        f.append("excl")
    if any(c in text[max(0, start - 2) : end + 2] for c in "\"“”"):
        f.append("quoted")
    whole = text.lower()
    if n <= 4 and whole.count(" ".join(lowered)) > 1:
        f.append("repeated")
    return f


def sentence_features(text: str, sentence: Segment) -> list[str]:
    """Features of one sentence for the sentence model: words, word pairs, word-list and
    strong-valence hits, punctuation, length."""
    lex = lexicons()
    lowered = [w.text.lower().replace("’", "'") for w in words(sentence.text)]
    f = [f"u={w}" for w in lowered]
    f.extend(f"b={a}|{b}" for a, b in zip(lowered, lowered[1:]))
    for w in lowered:
        f.extend(f"lex={name}" for name in lex.single.get(w, ()))
        valence = lex.vader.get(w)
        if valence is not None and abs(valence) >= 2:
            f.append("vader_strong")
    if "!" in sentence.text:
        f.append("excl")
    if "?" in sentence.text:
        f.append("question")
    if any(c in sentence.text for c in "\"“”"):
        f.append("quote")
    f.append(f"len={_bucket(len(lowered), (5, 10, 15, 20, 30, 45))}")
    return sorted(set(f))
