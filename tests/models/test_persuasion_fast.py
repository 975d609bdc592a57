"""The run-time feature path (`token_index`) gives the string path's hashed indices, row
by row in the same order, so the model's probabilities are the same bit for bit."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from newscred.models import persuasion_features as pf
from newscred.models.persuasion import PersuasionModel, _decode_unsorted, decode
from newscred.models.persuasion_display import _sentence_word_bounds
from newscred.text import sentences, words
from tests.conftest import SENSATIONAL_BODY, SENSATIONAL_TITLE, WIRE_BODY, WIRE_TITLE

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.txt"))
HOSTILE = [
    "",
    "word",
    "\n\n  \n",
    "ALL CAPS SHOUTING HERE! REALLY? NO WAY!!! USA USA 2024.",
    '"Quoted," he said. “Curly” quotes’ here — ‘single’. "Unclosed quote runs on',
    "Ünïcödé wörds: ça naïve façade. 東京は大きい。 Émigré’s café! ΑΘΗΝΑ καλή. İstanbul ß.",
    "don’t can't won’t l’état it’s O’Neil’s rock'n'roll a'b'c ’tis",
    "a. b. c.\n\n\nD? E! Mr. Smith vs. Dr. Who at 5 p.m. e.g. this.",
    "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22",
    "It's a total disaster, a disaster, a DISASTER. Fake news! Fake news! The radical left "
    "wants to destroy our great country. Everyone knows it. Make America great again!",
    " ".join(["spam"] * 5000),
    " ".join(f"w{i}" for i in range(3000)),
    "x" * 10000,
    "... !!! ??? — – … “” \"\"",
    "Go! Now? Yes. " * 300,
]
TEXTS = [
    f"{SENSATIONAL_TITLE}\n\n{SENSATIONAL_BODY}", f"{WIRE_TITLE}\n\n{WIRE_BODY}",
    *(p.read_text(encoding="utf-8") for p in EXAMPLES), *HOSTILE,
]


def _per_row(rows: np.ndarray, index: np.ndarray, n: int) -> list[list[int]]:
    out: list[list[int]] = [[] for _ in range(n)]
    order = np.argsort(rows, kind="stable")  # keeps each row's own order
    for r, i in zip(rows[order].tolist(), index[order].tolist()):
        out[r].append(i)
    return out


@pytest.fixture(scope="module")
def model():
    return PersuasionModel.load()


@pytest.mark.parametrize("text", TEXTS)
def test_fast_indices_equal_the_string_path(text):
    fast = pf.token_index(text)
    slow = pf.token_features(text)
    assert fast.tokens == slow.tokens
    assert fast.sentence_of.tolist() == slow.sentence_of
    assert _per_row(fast.local_rows, fast.local_index, len(fast.tokens)) == [
        pf.hashed(f, pf.TOKEN_FEATURES) for f in slow.local]
    assert _per_row(fast.sentence_rows, fast.sentence_index, fast.n_sentences) == [
        pf.hashed(f, pf.TOKEN_FEATURES) for f in slow.sentence]
    assert fast.sentence_model == [
        pf.hashed(pf.sentence_features(text, s), pf.SPAN_FEATURES) for s in sentences(text)]


@pytest.mark.parametrize("text", TEXTS)
def test_fast_probabilities_equal_bit_for_bit(model, text):
    _, p_token, p_sentence = model.token_probabilities(text)
    _, q_token, q_sentence = model.token_probabilities_slow(text)
    assert p_token.tobytes() == q_token.tobytes()
    assert p_sentence.tobytes() == q_sentence.tobytes()


@pytest.mark.parametrize("text", TEXTS)
def test_decode_and_sentence_bounds_equal_the_plain_versions(model, text):
    index, p_token, p_sentence = model.token_probabilities(text)
    for tt in (0.2, 0.5, model.token_threshold):
        for ts in (0.3, model.sentence_threshold):
            assert decode(index.sentence_of, p_token, p_sentence, tt, ts) == _decode_unsorted(
                np.asarray(index.sentence_of), p_token, p_sentence, tt, ts)
    plain = set()
    for s in sentences(text):
        inside = words(s.text)
        if inside:
            plain.add((s.start + inside[0].start, s.start + inside[-1].end))
    assert _sentence_word_bounds(text) == plain


def test_word_cache_is_bounded():
    for i in range(pf.WORD_CACHE + 100):
        pf._word(f"hostile{i}")
    assert pf._word_cached.cache_info().currsize <= pf.WORD_CACHE
    pf.token_index(" ".join(f"fresh{i}" for i in range(3 * pf.WORD_CACHE)))
    assert pf._word_cached.cache_info().currsize <= pf.WORD_CACHE
    pf._word_cached.cache_clear()
    long_word = "x" * (pf.CACHED_WORD_CHARS + 1)
    assert pf._word(long_word) == pf._make_word(long_word)
    assert pf._word_cached.cache_info().currsize == 0


@pytest.mark.parametrize("title", ["", "A title’", "Title's here: twenty"])
def test_the_analyzer_counts_the_body_words_only(model, title):
    from newscred.analyzers.persuasion import PersuasionAnalyzer
    from newscred.article import Article

    body = " ".join(["word"] * 19) + "."
    signal = PersuasionAnalyzer(model).analyze(Article(id="t", title=title, body=body))
    assert "(19 words)" in signal.summary


def test_run_time_leaves_the_training_string_cache_alone(model):
    before = pf._hashed.cache_info().currsize
    model.predict(" ".join(f"Unseen{i} word{i}!" for i in range(2000)))
    assert pf._hashed.cache_info().currsize == before


@pytest.mark.parametrize("text", TEXTS)
def test_the_one_sentence_fallback_equals_the_string_path(text):
    for s in sentences(text):
        low = [w.text.lower().replace("’", "'") for w in words(s.text)]
        assert pf._sentence_row(s.text, low, {}) == pf.hashed(
            pf.sentence_features(text, s), pf.SPAN_FEATURES)


def test_huge_vocabularies_take_the_sentence_by_sentence_path(monkeypatch):
    for text in TEXTS:
        expected = pf.token_index(text).sentence_model
        monkeypatch.setattr(pf, "_KEY_LIMIT", 0)
        assert pf.token_index(text).sentence_model == expected
        monkeypatch.undo()


@pytest.mark.parametrize("text", TEXTS)
def test_span_indices_equal_the_string_path(text):
    """Every span of up to 40 tokens that starts at each token (and the whole text)."""
    toks = words(text)[:400]
    spans = [(a, min(len(toks) - 1, a + k)) for a in range(len(toks)) for k in (0, 1, 3, 12, 40)]
    spans += [(0, len(toks) - 1)] if toks else []
    for first, last in spans:
        assert pf.span_index(text, toks, first, last) == pf.hashed_uncached(
            pf.span_features(text, toks, first, last), pf.SPAN_FEATURES), (first, last)
