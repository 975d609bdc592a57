"""Shared text helpers: sentence and word segmentation with offsets.

Segmentation is cached per text, so the analyzers of one pipeline run split each article
once between them.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps
from typing import Any, NamedTuple, TypeVar

WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)

# A sentence ends at . ! ? (optionally followed by closing quotes/brackets) before
# whitespace and an upper-case letter, digit or opening quote, or at a blank line.
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sen rep gov gen col lt sgt st jr sr inc ltd co corp vs etc
    jan feb mar apr jun jul aug sep sept oct nov dec no u.s u.k u.n e.g i.e a.m p.m
    ave blvd mt ft dept univ approx est fig""".split()
)
_BOUNDARY_RE = re.compile(r"([.!?…]+[\"'”’)\]]*)(\s+)(?=[\"'“‘(\[]?[A-Z0-9])|\n\s*\n")


T = TypeVar("T")


class Segment(NamedTuple):
    start: int
    end: int
    text: str


def text_cache(max_chars: int = 1_000_000) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """An LRU cache of a function of whole texts, bounded by the total length of the text
    arguments it keeps (not by their number), so a batch of huge articles cannot make a
    worker hold gigabytes. The analyzers of one check share the result for the same text;
    a call whose texts are longer than the budget is not kept at all."""

    def decorate(function: Callable[..., T]) -> Callable[..., T]:
        kept: OrderedDict[tuple, tuple[T, int]] = OrderedDict()
        size = 0
        lock = threading.Lock()

        def keep(key: tuple, value: T, chars: int) -> None:
            nonlocal size
            if chars <= max_chars:
                with lock:
                    if key not in kept:
                        kept[key] = (value, chars)
                        size += chars
                        while size > max_chars:
                            _, (_, dropped) = kept.popitem(last=False)
                            size -= dropped

        @wraps(function)
        def cached(*args: Any, **kwargs: Any) -> T:
            key = (args, tuple(sorted(kwargs.items()))) if kwargs else args
            with lock:
                if key in kept:
                    kept.move_to_end(key)
                    return kept[key][0]
            value = function(*args, **kwargs)
            keep(key, value, sum(len(a) for a in (*args, *kwargs.values()) if isinstance(a, str)))
            return value

        def put(args: tuple, value: T) -> None:
            """Keep `value` as the result of a call with positional `args`."""
            keep(args, value, sum(len(a) for a in args if isinstance(a, str)))

        def cache_clear() -> None:
            nonlocal size
            with lock:
                kept.clear()
                size = 0

        cached.put = put  # type: ignore[attr-defined]
        cached.cache_clear = cache_clear  # type: ignore[attr-defined]
        cached.cache_chars = lambda: size  # type: ignore[attr-defined]
        return cached

    return decorate


@text_cache()
def sentences(text: str) -> tuple[Segment, ...]:
    """Split into sentences; offsets index `text`, leading/trailing space trimmed."""
    segments: list[Segment] = []
    start = 0
    for match in _BOUNDARY_RE.finditer(text):
        if match.group(1):
            cut = match.end(1)
            words = WORD_RE.findall(text[max(start, cut - 12) : cut])
            last = words[-1].lower() if words else ""
            if last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha()):
                continue
        else:
            cut = match.start()
        _add(segments, text, start, cut)
        start = match.end()
    _add(segments, text, start, len(text))
    return tuple(segments)


def _add(segments: list[Segment], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        segments.append(Segment(start, end, text[start:end]))


_new_segment = tuple.__new__  # Segment(...) without the Python-level __new__ frame


@text_cache(200_000)
def words(text: str) -> tuple[Segment, ...]:
    return tuple([_new_segment(Segment, (m.start(), m.end(), m.group()))
                  for m in WORD_RE.finditer(text)])


def joined(first: str, separator: str, second: str) -> str:
    """`first + separator + second`, its words taken from the (cached) words of the two
    parts, so a body and its title-plus-body text are split into words once. Equal to
    splitting the joined text: no word crosses a separator without word characters or
    apostrophes."""
    text = f"{first}{separator}{second}"
    if separator and not any(ch.isalnum() or ch in "'’" for ch in separator):
        shift = len(first) + len(separator)
        words.put((text,), words(first) + tuple(  # type: ignore[attr-defined]
            [_new_segment(Segment, (s + shift, e + shift, t)) for s, e, t in words(second)]))
    return text


def paragraphs(text: str) -> tuple[Segment, ...]:
    segments: list[Segment] = []
    start = 0
    for match in re.finditer(r"\n\s*\n|\n", text):
        _add(segments, text, start, match.start())
        start = match.end()
    _add(segments, text, start, len(text))
    return tuple(segments)
