"""Token and span features of the persuasion-technique model, shared by training and run time.

Each word token gets string features (its word and neighbours, shape, bundled word-list
hits, VADER valence, quotation, repetition in the article, its position) plus its
sentence's features (the sentence's words, length, punctuation, word-list hits), hashed
with crc32 into a fixed space, so the same code serves scikit-learn at training time and
a numpy dot product at run time.
"""

from __future__ import annotations

import zlib
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from operator import itemgetter, methodcaller
from typing import NamedTuple

import numpy as np

from newscred.nlp.quotes import QuoteIndex, quotes
from newscred.nlp.wordlists import PhraseMatcher, index_lists, load_list
from newscred.text import Segment, sentences, text_cache, words

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
        if '"' in sent_text or "“" in sent_text or "”" in sent_text:
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


def hashed_uncached(features: list[str], n_features: int) -> list[int]:
    """`hashed` without the cache (run time: hostile text must not fill a cache)."""
    return [zlib.crc32(f.encode("utf-8")) % n_features for f in features]


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
    if n <= 4 and text.lower().count(" ".join(lowered)) > 1:
        f.append("repeated")
    return f


_T_FIRST, _T_LAST, _T_BEFORE, _T_AFTER = (
    zlib.crc32(p.encode("utf-8")) for p in ("first=", "last=", "c-1=", "c+1="))
_SPAN_LEN = [f"len={b}" for b in range(9)]


def span_index(text: str, tokens: tuple[Segment, ...], first: int, last: int) -> list[int]:
    """`hashed_uncached(span_features(text, tokens, first, last), SPAN_FEATURES)`, in the
    same order, from the words' CRC records instead of feature strings."""
    lowered = [tokens[i][2].lower().replace("’", "'") for i in range(first, last + 1)]
    records = [_word(w) for w in lowered]
    n = len(lowered)
    out = [_const(_SPAN_LEN[_bucket(n, (1, 2, 3, 5, 8, 13, 21, 34))], SPAN_FEATURES)]
    out += [r.u for r in records]
    out += [_crc(b.data, a.b_left) % SPAN_FEATURES for a, b in zip(records, records[1:])]
    out.append(_crc(records[0].data, _T_FIRST) % SPAN_FEATURES)
    out.append(_crc(records[-1].data, _T_LAST) % SPAN_FEATURES)
    for r in records:
        out += [_const(f"lex={name}", SPAN_FEATURES) for name in r.lists]
    before = tokens[first - 1][2].lower() if first > 0 else "<s>"
    after = tokens[last + 1][2].lower() if last + 1 < len(tokens) else "</s>"
    out.append(_crc(before.encode("utf-8"), _T_BEFORE) % SPAN_FEATURES)
    out.append(_crc(after.encode("utf-8"), _T_AFTER) % SPAN_FEATURES)
    start, end = tokens[first][0], tokens[last][1]
    surface = text[start:end]
    if surface.isupper() and any(c.isalpha() for c in surface):
        out.append(_const("allcaps", SPAN_FEATURES))
    if "!" in surface:
        out.append(_const("excl", SPAN_FEATURES))
    if any(c in text[max(0, start - 2) : end + 2] for c in "\"“”"):
        out.append(_const("quoted", SPAN_FEATURES))
    if n <= 4 and _lowered_text(text).count(" ".join(lowered)) > 1:
        out.append(_const("repeated", SPAN_FEATURES))
    return out


@text_cache()
def _lowered_text(text: str) -> str:
    """`text.lower()`, cached: an article's spans ask about the same text."""
    return text.lower()


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


# -- the run-time path: the same hashed indices, without building the feature strings ----
#
# zlib.crc32 continues a running CRC: crc32(b"w=" + x) == crc32(x, crc32(b"w=")). So each
# distinct word's bytes are hashed once per template (w=, p1=, ...) from the template's
# precomputed CRC, word pairs continue from the first word's "bp=a|" state, and the
# constant features (shape=, pos=, lex=NAME, ...) are hashed once. `token_index` gives,
# for every token, the same indices in the same order as `hashed(token_features(...))`,
# so the model's sums are the same bit for bit (see persuasion.py); tests check both.

WORD_CACHE = 8192  # distinct words whose hashes are kept across articles (~5.5 MB)
CACHED_WORD_CHARS = 32  # longer words are hashed each time (bounds the cache: < 8 MB)
_crc = zlib.crc32


def _state(prefix: str) -> int:
    return _crc(prefix.encode("utf-8"))


_T_W, _T_P1, _T_N1, _T_P2, _T_N2, _T_BP, _T_BN, _T_S = (
    _state(p) for p in ("w=", "p1=", "n1=", "p2=", "n2=", "bp=", "bn=", "s="))
_T_U, _T_B = _state("u="), _state("b=")
_BAR = b"|"
_START, _END = "<s>", "</s>"
_text_of = itemgetter(2)  # a Segment's text
_start_of = itemgetter(0)
_end_of = itemgetter(1)
_bar_join = "|".join
_utf8 = methodcaller("encode", "utf-8")


@lru_cache(maxsize=None)  # bounded: feature names drawn from small fixed sets
def _const(feature: str, n_features: int) -> int:
    return _crc(feature.encode("utf-8")) % n_features


def _vader_feature(valence: float | None) -> str | None:
    if valence is None:
        return None
    return f"vader={'+' if valence > 0 else '-'}{min(3, round(abs(valence)))}"


class _Word(NamedTuple):
    """A distinct lower-cased word's hashes (raw CRCs; reduce modulo the space)."""

    data: bytes
    w: int
    p1: int
    n1: int
    p2: int
    n2: int
    bp_left: int  # CRC state of "bp={word}|"
    bn_left: int  # CRC state of "bn={word}|"
    b_left: int  # CRC state of "b={word}|" (sentence model)
    s: int  # index of "s={word}" in the token space
    u: int  # index of "u={word}" in the span space (sentence model)
    lists: tuple[str, ...]  # the word lists it is in (single-word entries)
    vader: int  # index of its "vader=..." token feature, or -1
    vader_strong: bool
    stop: bool


def _word(low: str) -> _Word:
    """The word's hashes; cached unless the word is long (hostile text cannot make the
    cache hold more than WORD_CACHE entries of at most CACHED_WORD_CHARS characters)."""
    return _word_cached(low) if len(low) <= CACHED_WORD_CHARS else _make_word(low)


def _make_word(low: str) -> _Word:
    lex = lexicons()
    data = low.encode("utf-8")
    valence = lex.vader.get(low)
    vader = _vader_feature(valence)
    return _Word(
        data, _crc(data, _T_W), _crc(data, _T_P1), _crc(data, _T_N1), _crc(data, _T_P2),
        _crc(data, _T_N2), _crc(_BAR, _crc(data, _T_BP)), _crc(_BAR, _crc(data, _T_BN)),
        _crc(_BAR, _crc(data, _T_B)),
        _crc(data, _T_S) % TOKEN_FEATURES, _crc(data, _T_U) % SPAN_FEATURES, lex.single.get(low, ()),
        _const(vader, TOKEN_FEATURES) if vader is not None else -1,
        valence is not None and abs(valence) >= 2, low in lex.stopwords,
    )


_word_cached = lru_cache(maxsize=WORD_CACHE)(_make_word)


_SHAPES = {s: _const(f"shape={s}", TOKEN_FEATURES) for s in ("d", "XX", "Xx", "x")}
_POS = np.array([_const(f"pos={p}", TOKEN_FEATURES) for p in range(5)], dtype=np.int64)
_LEN = [_const(f"len={b}", SPAN_FEATURES) for b in range(7)]
_KEY_LIMIT = 2**62  # int64 sort keys of the sentence model
_span_mod = SPAN_FEATURES.__rmod__  # x -> x % SPAN_FEATURES
_REP = np.array([-1, *(_const(f"rep={b}", TOKEN_FEATURES) for b in range(4))], dtype=np.int64)


@dataclass(frozen=True)
class TokenIndex:
    """The hashed token features of a text, as flat (row, index) pairs whose per-row order
    is each row's feature order in `token_features` (rows may interleave)."""

    tokens: tuple[Segment, ...]
    local_rows: np.ndarray
    local_index: np.ndarray
    sentence_rows: np.ndarray
    sentence_index: np.ndarray
    n_sentences: int
    sentence_of: np.ndarray  # per token, its sentence (row of the sentence part)
    sentence_model: list[list[int]]  # per sentences(text), hashed(sentence_features(...))


def _cat(parts: list) -> np.ndarray:
    return np.concatenate(parts).astype(np.int64, copy=False) if parts else np.zeros(0, np.int64)


def token_index(text: str) -> TokenIndex:
    """`hashed(f, TOKEN_FEATURES)` of every row of `token_features(text)`, fast."""
    lex = lexicons()
    toks = words(text)
    n = len(toks)
    # Distinct token texts, then distinct lowered words.
    raw_texts = list(map(_text_of, toks))
    raw_id: dict[str, int] = dict.fromkeys(raw_texts, 0)
    word_id: dict[str, int] = {}
    raw_to_word = []
    raw_shape = []
    raw_lowered = []
    shapes = _SHAPES
    for k, raw in enumerate(raw_id):
        raw_id[raw] = k
        low = raw.lower().replace("’", "'")
        raw_lowered.append(low)
        raw_to_word.append(word_id.setdefault(low, len(word_id)))
        raw_shape.append(shapes[_shape(raw)])
    rid = np.array(list(map(raw_id.__getitem__, raw_texts)), dtype=np.int64)
    vocab = list(word_id)
    infos = list(map(_word, vocab))
    ids = np.array(raw_to_word, dtype=np.int64)[rid] if n else np.zeros(0, np.int64)
    lowered = list(map(raw_lowered.__getitem__, rid.tolist()))
    m = len(vocab)
    start_info, end_info = _word(_START), _word(_END)
    # Pseudo-words for the sentence edges: ids m (<s>) and m + 1 (</s>).
    ext = [*infos, start_info, end_info]

    fields = dict(zip(_Word._fields, zip(*ext)))

    def column(field: str) -> np.ndarray:
        return np.array(fields[field], dtype=np.int64)

    # Sentences, as token_features assigns tokens to them.
    bounds = [(s.start, s.end) for s in sentences(text)] or [(0, len(text))]
    starts = np.array(list(map(_start_of, toks)), dtype=np.int64)
    ends_at = np.searchsorted(starts, np.array([e for _, e in bounds], dtype=np.int64), "left")
    ends_at = np.maximum.accumulate(ends_at) if len(ends_at) else ends_at
    ends_at[-1] = n
    firsts = np.concatenate(([0], ends_at[:-1]))
    lengths = ends_at - firsts
    sentence_of = np.repeat(np.arange(len(bounds)), lengths)
    first_of = np.repeat(firsts, lengths)
    end_of = np.repeat(ends_at, lengths)
    at = np.arange(n)

    def neighbour(offset: int) -> np.ndarray:
        j = at + offset
        inside = (j >= first_of) & (j < end_of)
        return np.where(inside, ids[np.clip(j, 0, max(0, n - 1))], m if offset < 0 else m + 1)

    prev1, next1, prev2, next2 = neighbour(-1), neighbour(1), neighbour(-2), neighbour(2)
    last = np.maximum(1, end_of - first_of - 1)
    pos = np.minimum(4, (at - first_of) * 4 // last)
    datas, bp_left, bn_left = fields["data"], fields["bp_left"], fields["bn_left"]
    id_list = ids.tolist()
    # "bp={prev}|{word}" and "bn={word}|{next}": continue the left word's CRC state.
    data_of = datas.__getitem__
    bp = np.array(list(map(_crc, map(data_of, id_list), map(bp_left.__getitem__, prev1.tolist()))),
                  dtype=np.int64)
    bn = np.array(list(map(_crc, map(data_of, next1.tolist()), map(bn_left.__getitem__, id_list))),
                  dtype=np.int64)
    shape = np.array(raw_shape, dtype=np.int64)[rid] if n else np.zeros(0, np.int64)
    crcs = np.concatenate([
        column("w")[ids], column("p1")[prev1], column("n1")[next1], column("p2")[prev2],
        column("n2")[next2], bp, bn]) % TOKEN_FEATURES
    # The fixed part of each row: w, shape, p1, n1, p2, n2, bp, bn, pos.
    index_parts = [crcs[:n], shape, crcs[n : 5 * n], crcs[5 * n :], _POS[pos]]
    row_parts = [at, at, np.tile(at, 4), np.tile(at, 2), at]
    # Word-list hits per token: its single-word lists, then its phrases' lists.
    hits: dict[int, list[str]] = {}
    lists_of = fields["lists"]
    listed = np.array([bool(x) for x in lists_of], dtype=bool)
    for i in np.flatnonzero(listed[ids]).tolist():
        hits[i] = list(lists_of[id_list[i]])
    found = lex.phrases.find(text, toks, lowered)
    if found:
        by_start = {t[0]: i for i, t in enumerate(toks)}
        by_end = {t[1]: i for i, t in enumerate(toks)}
        for p_start, p_end, phrase in found:
            names = lex.phrase_lists.get(phrase, ())
            for i in range(by_start[p_start], by_end[p_end] + 1):
                hits.setdefault(i, []).extend(names)
    if hits:
        hit_order = sorted(hits)
        hit_tok = np.array([i for i in hit_order for _ in hits[i]], dtype=np.int64)
        hit_names = [name for i in hit_order for name in hits[i]]
        lex_i = np.array([_const(f"lex={h}", TOKEN_FEATURES) for h in hit_names], dtype=np.int64)
        win_i = np.array([_const(f"lexwin={h}", TOKEN_FEATURES) for h in hit_names], dtype=np.int64)
        index_parts.append(lex_i)
        row_parts.append(hit_tok)
        hit_sentence = sentence_of[hit_tok]
        # lexwin: for row i, the hits of i-2, i-1, i+1, i+2 (same sentence), in that order.
        for offset in (2, 1, -1, -2):
            row = hit_tok + offset
            ok = (row >= 0) & (row < n)
            ok[ok] &= sentence_of[row[ok]] == hit_sentence[ok]
            index_parts.append(win_i[ok])
            row_parts.append(row[ok])
    vader = column("vader")[ids]
    has = vader >= 0
    index_parts.append(vader[has])
    row_parts.append(at[has])
    found_quotes = quotes(text)
    if found_quotes and n:
        q_starts = np.array([q.start for q in found_quotes], dtype=np.int64)
        q_ends = np.array([q.end for q in found_quotes], dtype=np.int64)
        k = np.searchsorted(q_starts, starts, "right") - 1
        inside = (k >= 0) & (starts < q_ends[np.maximum(k, 0)])
        index_parts.append(np.full(int(inside.sum()), _const("quoted", TOKEN_FEATURES), np.int64))
        row_parts.append(at[inside])
    counts = np.bincount(ids, minlength=m) if n else np.zeros(m, np.int64)
    counted = np.array([len(w) > 3 and not stop for w, stop in zip(vocab, fields["stop"])],
                       dtype=bool)
    repeats = np.where(counted, counts, 0)
    bucket = np.where(repeats > 1, 1 + np.searchsorted(np.array([2, 4, 8]), repeats, "left"), 0)
    rep = _REP[bucket][ids] if n else np.zeros(0, np.int64)
    has = rep >= 0
    index_parts.append(rep[has])
    row_parts.append(at[has])
    # The sentence part of each row, once per sentence.
    s_index: list[int] = []
    s_rows: list[int] = []
    firsts_l, ends_l = firsts.tolist(), ends_at.tolist()
    word_s = dict(zip(vocab, fields["s"]))
    stop = lex.stopwords
    for k, (s_start, s_end) in enumerate(bounds):
        first, j = firsts_l[k], ends_l[k]
        sent_text = text[s_start:s_end]
        feats = [word_s[w] for w in sorted(set(lowered[first:j]) - stop)]
        feats.append(_const(f"slen={_bucket(j - first, (8, 15, 25, 40))}", TOKEN_FEATURES))
        if "!" in sent_text:
            feats.append(_const("s!", TOKEN_FEATURES))
        if "?" in sent_text:
            feats.append(_const("s?", TOKEN_FEATURES))
        if '"' in sent_text or "“" in sent_text or "”" in sent_text:
            feats.append(_const("sq", TOKEN_FEATURES))
        if hits:
            inside = hit_order[bisect_left(hit_order, first) : bisect_left(hit_order, j)]
            names = {h for i in inside for h in hits[i]}
            feats.extend(_const(f"slex={name}", TOKEN_FEATURES) for name in sorted(names))
        if k == 0:
            feats.append(_const("first_sentence", TOKEN_FEATURES))
        s_index.extend(feats)
        s_rows.extend([k] * len(feats))
    return TokenIndex(
        tokens=toks,
        local_rows=_cat(row_parts),
        local_index=_cat(index_parts),
        sentence_rows=np.array(s_rows, dtype=np.int64),
        sentence_index=np.array(s_index, dtype=np.int64),
        n_sentences=len(bounds),
        sentence_of=sentence_of,
        sentence_model=_sentence_model(text, toks, starts, ids, vocab, fields, lowered,
                                       dict(zip(vocab, infos))),
    )


def _sentence_model(text: str, toks: tuple[Segment, ...], starts: np.ndarray, ids: np.ndarray,
                    vocab: list[str], fields: dict, lowered: list[str],
                    info_of: dict[str, _Word]) -> list[list[int]]:
    """`hashed(sentence_features(text, s), SPAN_FEATURES)` for each of `sentences(text)`.

    sentence_features sorts its feature strings; the families sort as b= < excl < len= <
    lex= < question < quote < u= < vader_strong, so each family is sorted on its own:
    u= by the word, b= by "x|y", which is the order of ("x|", "y") (no word holds "|").
    A sentence's words are the text's tokens inside it (the word pattern cannot match
    across a sentence edge; where a token does cross one, the sentence is re-tokenised).
    """
    sents = sentences(text)
    if not sents:
        return []
    n, m, k = len(toks), len(vocab), len(sents)
    a = np.searchsorted(starts, [s.start for s in sents], "left")
    b = np.searchsorted(starts, [s.end for s in sents], "left")
    ends = np.array(list(map(_end_of, toks)), dtype=np.int64) if n else np.zeros(0, np.int64)
    crossed = ((a > 0) & (ends[np.maximum(a - 1, 0)] > [s.start for s in sents]) if n else
               np.zeros(k, bool))
    crossed |= (b > a) & (ends[np.maximum(b - 1, 0)] > [s.end for s in sents]) if n else False
    if (k + 1) * (m + 1) * (m + 1) >= _KEY_LIMIT:  # the sort keys below would overflow
        crossed = np.ones(k, bool)
    lengths = np.where(crossed, 0, b - a)  # re-tokenised sentences are done one by one
    total = int(lengths.sum())
    sid = np.repeat(np.arange(k), lengths)
    tok = np.arange(total) - np.repeat(np.cumsum(lengths) - lengths - a, lengths)
    word = ids[tok] if total else np.zeros(0, np.int64)
    # Ranks of the words in the order of "w" and of "w|".
    order_u = sorted(range(m), key=vocab.__getitem__)
    order_b = sorted(range(m), key=[w + "|" for w in vocab].__getitem__)
    rank_u = np.empty(m, np.int64)
    rank_u[order_u] = np.arange(m)
    rank_b = np.empty(m, np.int64)
    rank_b[order_b] = np.arange(m)
    order_u_arr = np.array(order_u, dtype=np.int64)
    order_b_arr = np.array(order_b, dtype=np.int64)
    # u=: each sentence's distinct words, sorted.
    u_keys = np.unique(sid * m + rank_u[word])
    u_sid, u_word = u_keys // max(m, 1), order_u_arr[u_keys % max(m, 1)] if m else u_keys
    u_index = np.array(fields["u"], dtype=np.int64)[u_word] if m else u_keys
    u_edges = np.searchsorted(u_sid, np.arange(k + 1), "left").tolist()
    # b=: each sentence's distinct word pairs, sorted by "x|y".
    pair = np.flatnonzero(sid[:-1] == sid[1:]) if total > 1 else np.zeros(0, np.int64)
    b_keys = np.unique((sid[pair] * m + rank_b[word[pair]]) * m + rank_u[word[pair + 1]])
    mm = max(m, 1)
    b_sid = b_keys // (mm * mm)
    x = order_b_arr[(b_keys // mm) % mm] if m else b_keys
    y = order_u_arr[b_keys % mm] if m else b_keys
    datas, b_left = fields["data"], fields["b_left"]
    b_index = (np.array(list(map(_crc, map(datas.__getitem__, y.tolist()),
                                 map(b_left.__getitem__, x.tolist()))), dtype=np.int64)
               % SPAN_FEATURES)
    b_edges = np.searchsorted(b_sid, np.arange(k + 1), "left").tolist()
    # Words with word-list entries or a strong valence, by sentence.
    lists_of, strong_of = fields["lists"], fields["vader_strong"]
    u_word_l, u_sid_l = u_word.tolist(), u_sid.tolist()
    names: dict[int, set[str]] = {}
    strong = set()
    for w, si in zip(u_word_l, u_sid_l):
        if lists_of[w]:
            names.setdefault(si, set()).update(lists_of[w])
        if strong_of[w]:
            strong.add(si)
    bucket = np.searchsorted(np.array([5, 10, 15, 20, 30, 45]), lengths, "left").tolist()
    u_list, b_list = u_index.tolist(), b_index.tolist()
    excl, question, quote = (_const(f, SPAN_FEATURES) for f in ("excl", "question", "quote"))
    vader_strong = _const("vader_strong", SPAN_FEATURES)
    out: list[list[int]] = []
    for j, s in enumerate(sents):
        if crossed[j]:
            if b[j] - a[j] and b[j] <= n and not (
                    (a[j] > 0 and toks[a[j] - 1][1] > s.start) or toks[b[j] - 1][1] > s.end):
                low = lowered[a[j] : b[j]]  # not crossed: only too many to sort at once
            else:
                low = [w.text.lower().replace("’", "'") for w in words(s.text)]
            out.append(_sentence_row(s.text, low, info_of))
            continue
        f = b_list[b_edges[j] : b_edges[j + 1]]
        sent_text = s.text
        if "!" in sent_text:
            f.append(excl)
        f.append(_LEN[bucket[j]])
        if j in names:
            f.extend([_const(f"lex={name}", SPAN_FEATURES) for name in sorted(names[j])])
        if "?" in sent_text:
            f.append(question)
        if '"' in sent_text or "“" in sent_text or "”" in sent_text:
            f.append(quote)
        f.extend(u_list[u_edges[j] : u_edges[j + 1]])
        if j in strong:
            f.append(vader_strong)
        out.append(f)
    return out


def _sentence_row(sent_text: str, low: list[str], info_of: dict[str, _Word]) -> list[int]:
    """One sentence's `hashed(sentence_features(...))` from its lowered words."""
    distinct = sorted(set(low))
    infos = [info_of.get(w) or _word(w) for w in distinct]
    f = list(map(_span_mod, map(_crc, map(_utf8, sorted(set(map(_bar_join, zip(low, low[1:]))))),
                                repeat(_T_B))))
    if "!" in sent_text:
        f.append(_const("excl", SPAN_FEATURES))
    f.append(_LEN[_bucket(len(low), (5, 10, 15, 20, 30, 45))])
    names = {name for i in infos for name in i.lists}
    if names:
        f.extend([_const(f"lex={name}", SPAN_FEATURES) for name in sorted(names)])
    if "?" in sent_text:
        f.append(_const("question", SPAN_FEATURES))
    if '"' in sent_text or "“" in sent_text or "”" in sent_text:
        f.append(_const("quote", SPAN_FEATURES))
    f.extend([i.u for i in infos])
    if any(i.vader_strong for i in infos):
        f.append(_const("vader_strong", SPAN_FEATURES))
    return f
