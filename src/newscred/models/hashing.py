"""Hashed n-gram features: the text representation shared by training and inference.

The same code turns text into features at training time (a scipy sparse matrix for
scikit-learn) and at run time (index/value arrays for a numpy dot product), so the two can
never drift apart. Hashing uses crc32, which is stable across processes and platforms
(Python's own `hash` is salted per process).
"""

from __future__ import annotations

import math
import re
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import chain
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from newscred.text import text_cache

TOKEN_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|[!?$%]", re.UNICODE)
NUMBER_RE = re.compile(r"^\d[\d,.]*$")


@dataclass(frozen=True)
class HashingConfig:
    n_features: int = 2**18
    word_ngrams: tuple[int, int] = (1, 2)
    char_ngrams: tuple[int, int] | None = None
    lowercase: bool = True
    max_tokens: int = 2000  # long articles: the first tokens carry the style; bounds the cost

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> HashingConfig:
        data = dict(data)
        data["word_ngrams"] = tuple(data["word_ngrams"])
        if data.get("char_ngrams") is not None:
            data["char_ngrams"] = tuple(data["char_ngrams"])
        return cls(**data)


def _hash(gram: str, n_features: int) -> tuple[int, float]:
    h = zlib.crc32(gram.encode("utf-8"))
    return h % n_features, (1.0 if h & 0x80000000 else -1.0)


_LOG_COUNT = [0.0] + [1.0 + math.log(c) for c in range(1, 256)]  # 1 + log(count), by count


_last_tokens: tuple[str, bool, list[str]] = ("", False, [])


def _tokens(text: str, lowercase: bool) -> list[str]:
    """Every token of `text` (lower-cased when asked), numbers as "0". The last result is
    kept: the text part and the OOD check of one article tokenise the same masked text.
    A TOKEN_RE token holds no "," or ".", so `NUMBER_RE.match(token)` is true exactly when
    every character is a decimal digit, i.e. `token.isdecimal()` (re's `\\d` is the same test)."""
    global _last_tokens
    last_text, last_lower, last = _last_tokens
    if last_lower == lowercase and last_text == text:
        return last
    source = text.lower() if lowercase else text
    tokens = ["0" if t.isdecimal() else t for t in TOKEN_RE.findall(source)]
    _last_tokens = (text, lowercase, tokens)
    return tokens


@text_cache(max_chars=400_000)  # n-gram dicts weigh more than their text
def _raw(config: HashingConfig, text: str) -> dict[int, float]:
    return _hashed(config, text)


def _hashed(config: HashingConfig, text: str) -> dict[int, float]:
    return _hashed_grams(config, _grams(config, text))


def _hashed_grams(config: HashingConfig, grams: Counter[str]) -> dict[int, float]:
    out: dict[int, float] = {}
    get = out.get
    n_features = config.n_features
    crc32, log, log_count = zlib.crc32, math.log, _LOG_COUNT
    for gram, count in grams.items():
        h = crc32(gram.encode("utf-8"))  # as _hash, inlined: the same index and sign
        index = h % n_features
        value = log_count[count] if count < 256 else 1.0 + log(count)
        out[index] = get(index, 0.0) + (value if h & 0x80000000 else -value)
    return out


_LOG_COUNT_ARRAY = np.array(_LOG_COUNT)


def hashed_rows(config: HashingConfig, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The `_hashed` dicts of many short texts, concatenated: (index, value, sizes), where
    text i holds `sizes[i]` entries in its dict's order. The grams of every text are
    hashed in one pass; where two grams of one text share an index (their values add up
    in gram order), the texts are hashed one by one instead, so the result is the same."""
    grams = [_grams(config, text) for text in texts]
    sizes = np.fromiter(map(len, grams), dtype=np.int64, count=len(grams))
    total = int(sizes.sum())
    h = np.fromiter(map(zlib.crc32, map(str.encode, chain.from_iterable(grams))),
                    dtype=np.int64, count=total)
    counts = np.fromiter(chain.from_iterable(g.values() for g in grams), dtype=np.int64,
                         count=total)
    index = h % config.n_features
    row = np.repeat(np.arange(len(grams)), sizes)
    if total and (counts.max() >= len(_LOG_COUNT)
                  or len(np.unique(row * config.n_features + index)) < total):
        dicts = [_hashed_grams(config, g) for g in grams]
        sizes = np.fromiter(map(len, dicts), dtype=np.int64, count=len(dicts))
        total = int(sizes.sum())
        return (np.fromiter(chain.from_iterable(dicts), dtype=np.int64, count=total),
                np.fromiter(chain.from_iterable(d.values() for d in dicts), dtype=np.float64,
                            count=total), sizes)
    value = _LOG_COUNT_ARRAY[counts]
    return index, np.where(h & 0x80000000, value, -value), sizes


def _grams(cfg: HashingConfig, text: str) -> Counter[str]:
    tokens = _tokens(text, cfg.lowercase)[: cfg.max_tokens]
    counts: Counter[str] = Counter()
    low, high = cfg.word_ngrams
    for n in range(low, high + 1):
        if n == 1:
            counts.update(tokens)
        elif n == 2:
            counts.update(map(" ".join, zip(tokens, tokens[1:])))
        else:
            counts.update(" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
    if cfg.char_ngrams:
        clow, chigh = cfg.char_ngrams
        joined = f" {' '.join(tokens)} "
        for n in range(clow, chigh + 1):
            counts.update("#" + joined[i : i + n] for i in range(len(joined) - n + 1))
    return counts


class HashedNgrams:
    """Sublinear term frequency × optional idf, signed hashing, L2-normalised."""

    def __init__(self, config: HashingConfig, idf: np.ndarray | None = None) -> None:
        self.config = config
        self.idf = idf

    def grams(self, text: str) -> Counter[str]:
        return _grams(self.config, text)

    def raw(self, text: str) -> dict[int, float]:
        """Hashed sublinear counts (before idf and normalisation); cached per config and
        text, so several models over the same body hash it once. Do not mutate."""
        return _raw(self.config, text)

    def transform_one(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        raw = self.raw(text)
        if not raw:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
        index = np.fromiter(raw.keys(), dtype=np.int64, count=len(raw))
        value = np.fromiter(raw.values(), dtype=np.float64, count=len(raw))
        if self.idf is not None:
            value = value * self.idf[index]
        norm = float(np.sqrt(value @ value))
        return index, value / norm if norm > 0 else value

    # -- training only --------------------------------------------------------------
    def fit_idf(self, texts: Iterable[str]) -> np.ndarray:
        df = np.zeros(self.config.n_features)
        n_docs = 0
        for text in texts:
            n_docs += 1
            df[list(self.raw(text).keys())] += 1
        self.idf = np.log((1 + n_docs) / (1 + df)) + 1.0
        return self.idf

    def matrix(self, texts: Sequence[str]):
        """A scipy CSR matrix (scipy comes with scikit-learn, a training-time dependency)."""
        from scipy.sparse import csr_matrix

        indptr = [0]
        indices: list[np.ndarray] = []
        values: list[np.ndarray] = []
        for text in texts:
            index, value = self.transform_one(text)
            indices.append(index)
            values.append(value)
            indptr.append(indptr[-1] + len(index))
        return csr_matrix(
            (
                np.concatenate(values) if values else np.zeros(0),
                np.concatenate(indices) if indices else np.zeros(0, dtype=np.int64),
                np.array(indptr),
            ),
            shape=(len(texts), self.config.n_features),
        )
