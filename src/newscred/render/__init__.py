"""Renderers: reports in the terminal (rich), as Markdown and as one HTML page.

All three take a sequence of items (a Report, or a BatchError for a failed batch record)
and share `top_reasons` and the span segmentation in `segments`.
"""

from __future__ import annotations

from newscred.render.common import Item, Reason, top_reasons
from newscred.render.html import render_html
from newscred.render.markdown import render_markdown
from newscred.render.segments import Marked, Segment, paragraphs, segments
from newscred.render.terminal import render_terminal

__all__ = [
    "Item",
    "Marked",
    "Reason",
    "Segment",
    "paragraphs",
    "render_html",
    "render_markdown",
    "render_terminal",
    "segments",
    "top_reasons",
]
