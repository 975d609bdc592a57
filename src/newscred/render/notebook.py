"""Reports and comparisons shown in a notebook (`_repr_html_`): the page's own renderers,
as a fragment with its stylesheet scoped to the fragment, and no scripts.

Jupyter puts every output in one page, so each rule of the report's stylesheet is
prefixed with the fragment's class (`body` and `:root` become the fragment itself), and
element ids are made unique per output.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from typing import Any

SCOPE = "newscred-nb"
_COUNTER = itertools.count(1)
_COMMENT = re.compile(r"/\*.*?\*/", re.S)


def scoped_css(css: str, scope: str) -> str:
    """Every rule of `css` limited to elements inside `.scope` (at-rules kept around
    their scoped contents)."""
    return _scope_block(_COMMENT.sub("", css), f".{scope}")


def _scope_block(css: str, prefix: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(css):
        brace = css.find("{", i)
        if brace < 0:
            break
        head = css[i:brace].strip()
        depth, j = 1, brace + 1
        while j < len(css) and depth:
            depth += {"{": 1, "}": -1}.get(css[j], 0)
            j += 1
        body = css[brace + 1 : j - 1]
        if head.startswith("@"):
            out.append(f"{head} {{ {_scope_block(body, prefix)} }}")
        else:
            selectors = ", ".join(_scope_selector(s.strip(), prefix) for s in _split(head))
            out.append(f"{selectors} {{{body}}}")
        i = j
    return "\n".join(out)


def _split(head: str) -> list[str]:
    """Selectors split at top-level commas (not those inside :has(...) or :not(...))."""
    parts, depth, start = [], 0, 0
    for k, char in enumerate(head):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(head[start:k])
            start = k + 1
    parts.append(head[start:])
    return [p for p in parts if p.strip()]


def _scope_selector(selector: str, prefix: str) -> str:
    first, _, rest = selector.partition(" ")
    if first in ("body", "html", ":root"):
        return f"{prefix} {rest}".strip() if rest else prefix
    return f"{prefix} {selector}"


def report_html(report: Any, *, top: int = 3) -> str:
    """A report as the page shows it, in one scoped <div>."""
    from newscred.render.common import assign_styles
    from newscred.render.html import SIGNAL_COLOURS, SPARE_COLOURS, report_article, signal_class
    from newscred.render.html_style import page_css
    from newscred.render.segments import shown_spans

    names = [s.name for s in report.signals if shown_spans(s)]
    colours = assign_styles(names, SIGNAL_COLOURS, SPARE_COLOURS)
    css = page_css({signal_class(n): c for n, c in colours.items()})
    index = next(_COUNTER)
    return (f'<div class="{SCOPE}"><style>{scoped_css(css, SCOPE)}</style>'
            f"{report_article(report, index=index, top=top)}</div>")


def comparison_html(comparison: Any, reports: Sequence[Any]) -> str:
    """A comparison as the compare page shows it, in one scoped <div>. Without the
    reports (a Comparison read back from JSON) the article columns are left out."""
    from newscred.render.compare import compare_css, compare_fragment, verdict_of

    data = comparison.model_dump(mode="json")
    return (f'<div class="{SCOPE}"><style>{compare_css(f".{SCOPE}")}</style>'
            f"<h3>Comparison: {_escape(verdict_of(data))}</h3>"
            f"{compare_fragment(data, list(reports))}</div>")


def _escape(text: str) -> str:
    import html

    return html.escape(text, quote=True)
