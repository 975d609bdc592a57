"""Cut a text and its (possibly overlapping) spans into non-overlapping segments.

Every renderer highlights through this one helper, so the terminal, Markdown and HTML
views agree on which signal owns each character.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from newscred.article import Part, Span
from newscred.report import Report, Signal

# A paragraph break: a newline, optional blank-ish lines, another newline.
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")


@dataclass(frozen=True)
class Marked:
    """A span together with the name of the signal that produced it."""

    signal: str
    span: Span


@dataclass(frozen=True)
class Segment:
    """text[start:end]; `mark` is the winning span covering it, None for plain text."""

    start: int
    end: int
    text: str
    mark: Marked | None = None


def segments(
    text: str, marks: Iterable[Marked], *, start: int = 0, end: int | None = None
) -> list[Segment]:
    """Segments covering text[start:end] exactly, in order, with no overlaps.

    Where spans overlap, each piece goes to the shortest covering span, so a phrase mark
    shows inside the sentence mark around it (a sourcing phrase inside an opinion
    sentence); among spans of one length the highest score wins, and on a tie the later
    span in `marks` (layering), so the result is deterministic.
    Adjacent pieces with the same winner are merged. Spans are clipped to the window;
    all marks must point into `text` (the caller filters them by part).
    """
    stop = len(text) if end is None else min(end, len(text))
    start = max(0, start)
    if stop <= start:
        return []
    ordered = [m for m in marks if m.span.start < stop and m.span.end > start]
    cuts = {start, stop}
    for mark in ordered:
        cuts.add(max(start, mark.span.start))
        cuts.add(min(stop, mark.span.end))
    bounds = sorted(cuts)

    pieces: list[tuple[int, int, int | None]] = []  # (start, end, index of winner)
    for left, right in zip(bounds, bounds[1:]):
        winner: int | None = None
        best: tuple[int, float] | None = None
        for index, mark in enumerate(ordered):
            if mark.span.start <= left and mark.span.end >= right:
                rank = (mark.span.start - mark.span.end, mark.span.score)  # shorter, then higher
                if best is None or rank >= best:
                    winner, best = index, rank
        if pieces and pieces[-1][2] == winner:
            pieces[-1] = (pieces[-1][0], right, winner)
        else:
            pieces.append((left, right, winner))
    return [
        Segment(left, right, text[left:right], None if winner is None else ordered[winner])
        for left, right, winner in pieces
    ]


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: text between blank lines, outer whitespace trimmed."""
    ranges: list[tuple[int, int]] = []
    position = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        _add_trimmed(ranges, text, position, match.start())
        position = match.end()
    _add_trimmed(ranges, text, position, len(text))
    return ranges


def _add_trimmed(ranges: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        ranges.append((start, end))


def shown_spans(signal: Signal) -> tuple[Span, ...]:
    """The spans of `signal` to highlight: those not marked `shown: false` (below the
    signal's display threshold, kept in the report for completeness only)."""
    return tuple(span for span in signal.spans if span.shown)


def span_count(signal: Signal) -> str:
    """The Spans column of a signal table: the highlighted spans, and the total when some
    are below the display threshold ("3 of 15")."""
    shown = len(shown_spans(signal))
    return str(shown) if shown == len(signal.spans) else f"{shown} of {len(signal.spans)}"


def marks_for(
    report: Report, part: Part, *, show: Collection[str] | None = None
) -> list[Marked]:
    """The shown spans of `report` in one part, signal by signal in report order.

    `show` limits the signals (None: all). Within a signal, spans keep their order.
    """
    return [
        Marked(signal.name, span)
        for signal in report.signals
        if show is None or signal.name in show
        for span in shown_spans(signal)
        if span.part == part
    ]


def highlighted_signals(report: Report, *, show: Collection[str] | None = None) -> list[str]:
    """Names of the signals that have spans to highlight, in report order, without repeats."""
    names: list[str] = []
    for signal in report.signals:
        if shown_spans(signal) and (show is None or signal.name in show) and signal.name not in names:
            names.append(signal.name)
    return names


def span_title(mark: Marked) -> str:
    """The hover/legend text for one span: '<label>: <note> (<signal>)'."""
    label = mark.span.label
    if mark.span.note:
        label = f"{label}: {mark.span.note}"
    return f"{label} ({mark.signal})"

