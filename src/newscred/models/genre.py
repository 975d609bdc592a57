"""Genre model: reporting vs opinion vs satire (SemEval-2023 Task 3 subtask 1, English):
run time.

Multinomial logistic regression (`genre.npz`, a `LinearTextModel`) over hashed word
1-2-grams of a *style view* of title + body: common words, pronouns, modals and the style
lexicons stay, other words become `xcap`/`xw`, numbers `0`. The kept words are stored in
the artifact (`extra.keep_words`). This module holds what run time shares with training:
the opinion-label patterns and the style view. Fitting, evaluation and training live in
`newscred.training.genre`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

import numpy as np

from newscred.models.hashing import NUMBER_RE, TOKEN_RE

VERSION = "2"  # 2: dense style cues beside the n-grams (extra.dense)
CLASSES = ["opinion", "reporting", "satire"]

_LABELS = r"(?:analysis/opinion|opinion|analysis|editorial|column|commentary|op-?ed|op ed)"
# "Opinion: ...", "Opinion | ...", "OP-ED — ..." at the start; "... | Opinion" at the end.
# A dash must stand apart ("Analysis-led" is not a label).
LABEL_START = re.compile(rf"^\s*({_LABELS})(?:\s*[:|]|\s+[–—-]+\s|\s*$)", re.IGNORECASE)
LABEL_END = re.compile(rf"(?:[:|]|\s[–—-]+)\s*({_LABELS})\s*$", re.IGNORECASE)


# -- the style view (training and run time) -------------------------------------------------
_PUNCTUATION = frozenset("!?$%")


def style_tokens(tokens: Iterable[str], keep: frozenset[str]) -> list[str]:
    """Kept words lower-cased, numbers as 0, any other word `xcap` or `xw`."""
    tokens = list(tokens)
    table = {token: _style_token(token, keep) for token in set(tokens)}  # each form once
    return list(map(table.__getitem__, tokens))


def _style_token(token: str, keep: frozenset[str]) -> str:
    low = token.lower()
    if "’" in low:
        low = low.replace("’", "'")
    if low in keep or low in _PUNCTUATION:
        return low
    if low[0].isdigit() and NUMBER_RE.match(low):
        return "0"
    return "xcap" if token[0].isupper() else "xw"


def style_text(text: str, keep: frozenset[str]) -> str:
    """The text the genre model hashes (its tokens re-tokenise to themselves)."""
    return " ".join(style_tokens(TOKEN_RE.findall(text), keep))


# -- dense style cues (training and run time) -----------------------------------------------
# Rates of a few genre cues that carry neither era nor topic. Each value lies in [0, 1]; the
# model's per-class weights for them are stored in the artifact (`extra.dense`) and
# `newscred.analyzers.genre.score` adds them to the n-gram decision exactly as training did.
# Text length and "!" are left out on purpose: Golbeck's satire is short and "!" marks
# sensational pieces and Burfoot's era, so with them the model called the sensational
# test article and an opinion rant satire (issue 18).
DENSE_NAMES = (
    "first_singular", "first_plural", "second_person", "modals", "evaluative",
    "quotes", "attribution", "questions", "sentence_length", "absurdity",
)
_FIRST_SINGULAR = frozenset("i me my mine myself i'm i've i'd i'll".split())
_FIRST_PLURAL = frozenset("we us our ours ourselves we're we've we'd we'll".split())
_SECOND = frozenset("you your yours yourself yourselves you're you've you'd you'll".split())
_MODALS = frozenset("should must ought would could might may need needs shouldn't "
                    "mustn't wouldn't couldn't".split())
_ATTRIBUTION = frozenset("said says told according stated added explained noted "
                         "announced confirmed reported".split())
# Small and general: the deadpan markers of news satire, not any outlet's phrases.
# The lookahead names every alternative's first letter: the engine skips other words at
# once (the matches are the same, 3x faster).
_ABSURDITY = re.compile(
    r"\b(?=[asrlnvtcfwu])(?:area (?:man|woman|men|women|resident|residents|dad|mom|teen|family)|"
    r"at press time|sources close to|reportedly (?:stunned|devastated|thrilled|relieved)|"
    r"local (?:man|woman)|nation's|visibly (?:shaken|upset|excited)|"
    r"(?:a|the) \d+-year-old (?:man|woman) who|confirmed (?:sources|reports) that|"
    r"(?:according to|said) (?:a|the) (?:visibly|clearly|somewhat|noticeably)|"
    r"frantically|sheepishly|wistfully|shrugged|unsure (?:what|how|whether))\b",
    re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?]+(?:\s|$)")


@lru_cache(maxsize=1)
def _evaluative() -> frozenset[str]:
    from newscred.nlp.wordlists import load_list

    return frozenset(w.replace("’", "'") for name in ("subjective", "intensifiers", "opinion")
                     for w in load_list(name) if " " not in w)


def dense_features(text: str, tokens: list[str] | None = None) -> np.ndarray:
    """The dense cues of one text (title, blank line, body), in `DENSE_NAMES` order;
    `tokens`: the text's TOKEN_RE tokens when already at hand."""
    if tokens is None:
        tokens = TOKEN_RE.findall(text)
    words = [t.lower() for t in tokens if t not in _PUNCTUATION]
    n = max(len(words), 1)
    counts = Counter(words)

    def rate(vocab: frozenset[str], scale: float) -> float:
        return min(1.0, scale * sum(counts[w] for w in vocab if w in counts) / n)

    sentences = max(len(_SENTENCE_END.findall(text)), 1)
    quotes = sum(text.count(q) for q in '"“”')
    return np.array([
        rate(_FIRST_SINGULAR, 25.0), rate(_FIRST_PLURAL, 25.0), rate(_SECOND, 25.0),
        rate(_MODALS, 25.0), rate(_evaluative(), 50.0),
        min(1.0, 10.0 * quotes / n), min(1.0, 0.5 * rate(_ATTRIBUTION, 1.0) * n / sentences),
        min(1.0, text.count("?") / sentences), min(1.0, n / sentences / 50.0),
        min(1.0, len(_ABSURDITY.findall(text)) / 3.0),
    ])
