"""Named entities for story matching, cheaply: capitalised words, no parser.

Coverage of one event names the same people, places and organisations, so the share of
entities two articles have in common is a strong same-story cue beside embedding
similarity (and a cheap guard against two stories that merely sound alike). spaCy's NER
would be better but costs ~100 ms an article (DESIGN.md); this costs well under 1 ms.

Entities are single capitalised words, lower-cased ("Chicago", "Johnson", "FBI"), taken
from the title and the first `LEDE_WORDS` words of the body, excluding sentence-initial
words unless they look like names (acronyms, or followed by another capitalised word).
"""

from __future__ import annotations

from collections.abc import Iterable

from newscred.models.claims import actor_words
from newscred.text import WORD_RE, sentences

LEDE_WORDS = 200
_STOP = frozenset(
    """january february march april may june july august september october november december
    according watch breaking update updated exclusive video photos read more said says new
    reuters ap afp""".split()
)


def entities_of(text: str) -> set[str]:
    found: set[str] = set()
    for sentence in sentences(text):
        tokens = WORD_RE.findall(sentence.text)
        for i in actor_words(tokens):
            word = tokens[i].lower()
            if len(word) > 1 and word not in _STOP:
                found.add(word)
    return found


def article_entities(title: str, body: str) -> set[str]:
    lede = body
    words = 0
    for match in WORD_RE.finditer(body):
        words += 1
        if words == LEDE_WORDS:
            lede = body[: match.end()]
            break
    return entities_of(title) | entities_of(lede)


def overlap(a: Iterable[str], b: Iterable[str]) -> float:
    """Overlap coefficient |A ∩ B| / min(|A|, |B|): 0 when either side has none."""
    a, b = set(a), set(b)
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))
