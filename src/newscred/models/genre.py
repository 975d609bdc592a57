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
from collections.abc import Iterable

from newscred.models.hashing import NUMBER_RE, TOKEN_RE

VERSION = "1"
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
