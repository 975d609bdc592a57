"""Direct quotations in a text: straight, curly double and curly single quote marks.

Shared by the language analyzer (which discounts quoted words: they are the speakers', not
the writer's) and the sourcing analyzer (which counts quotes and finds their speakers).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from typing import NamedTuple

from newscred.text import text_cache

# A quote stays inside one line. A curly opening quote left open runs to the end of the
# paragraph (news style for a quote continuing into the next paragraph). A curly single
# closing mark followed by a letter is an apostrophe (won’t), not the end of the quote.
_QUOTE = (
    r'"([^"\n]+)"'
    r"|“([^“”\n]+)(?:”|$)"
    r"|‘((?:[^‘’\n]|’(?=[A-Za-z]))+)’(?![A-Za-z])"
)


class Quote(NamedTuple):
    start: int  # the opening mark
    end: int  # after the closing mark (or the end of the line)
    inner_start: int
    inner_end: int


@lru_cache(maxsize=1)
def _quote_re() -> re.Pattern[str]:
    return re.compile(_QUOTE, re.MULTILINE)  # compiled on first use, not at import


@text_cache()
def quotes(text: str) -> tuple[Quote, ...]:
    """Every quotation in `text`, in order; cached so analyzers share one scan."""
    found = []
    for match in _quote_re().finditer(text):
        group = 1 if match.group(1) is not None else 2 if match.group(2) is not None else 3
        found.append(Quote(match.start(), match.end(), match.start(group), match.end(group)))
    return tuple(found)


class QuoteIndex:
    """Answers "is this offset inside a quote?" with a binary search over the quotes."""

    def __init__(self, found: tuple[Quote, ...]) -> None:
        self.found = found
        self._starts = [q.start for q in found]

    def at(self, offset: int) -> Quote | None:
        i = bisect_right(self._starts, offset) - 1
        if i >= 0 and offset < self.found[i].end:
            return self.found[i]
        return None

    def inside(self, offset: int) -> bool:
        return self.at(offset) is not None
