"""Shared text helpers: sentence and word segmentation with offsets.

Segmentation is cached per text, so the analyzers of one pipeline run split each article
once between them.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)

# A sentence ends at . ! ? (optionally followed by closing quotes/brackets) before
# whitespace and an upper-case letter, digit or opening quote, or at a blank line.
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sen rep gov gen col lt sgt st jr sr inc ltd co corp vs etc
    jan feb mar apr jun jul aug sep sept oct nov dec no u.s u.k u.n e.g i.e a.m p.m
    ave blvd mt ft dept univ approx est fig""".split()
)
_BOUNDARY_RE = re.compile(r"([.!?…]+[\"'”’)\]]*)(\s+)(?=[\"'“‘(\[]?[A-Z0-9])|\n\s*\n")


class Segment(NamedTuple):
    start: int
    end: int
    text: str


@lru_cache(maxsize=256)
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


@lru_cache(maxsize=256)
def words(text: str) -> tuple[Segment, ...]:
    return tuple(Segment(m.start(), m.end(), m.group()) for m in WORD_RE.finditer(text))


def paragraphs(text: str) -> tuple[Segment, ...]:
    segments: list[Segment] = []
    start = 0
    for match in re.finditer(r"\n\s*\n|\n", text):
        _add(segments, text, start, match.start())
        start = match.end()
    _add(segments, text, start, len(text))
    return tuple(segments)
