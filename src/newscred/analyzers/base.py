"""The analyzer contract: every analyzer, built-in or a user's own, has this shape."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from newscred.article import Article
from newscred.report import Signal


@runtime_checkable
class Analyzer(Protocol):
    """Turns one Article into one Signal, with no side effects.

    `signal.details["features"]` holds the flat numeric features (name -> float) that the
    assessment model reads; everything else in `details` is for people.
    """

    name: str
    version: str
    requires: tuple[str, ...]

    def analyze(self, article: Article) -> Signal | None:
        """The signal, or None when the analyzer has nothing to say about this article."""
        ...


def clamp01(value: float) -> float:
    return 0.0 if value < 0.0 else 1.0 if value > 1.0 else float(value)
