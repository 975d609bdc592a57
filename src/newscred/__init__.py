"""newscred: how far to trust a news article, and why."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from newscred.pipeline import Pipeline
    from newscred.report import Report


def check(**fields: Any) -> Report:
    """Analyse one article: `newscred.check(text=..., title=..., html=..., url=...)`.

    Keyword fields are those of the report contract: id, title, text (or body), html, url,
    outlet, published, author. Uses a default Pipeline built on first use.
    """
    from newscred.api import check as _check

    return _check(**fields)


def compare(*articles: Any, **options: Any) -> dict[str, Any]:
    """Compare coverage: `newscred.compare(report_a, {"title": ..., "text": ...}, db=None)`.
    See `newscred.api.compare` and docs/lateral-reading.md."""
    from newscred.api import compare as _compare

    return _compare(*articles, **options)


def __getattr__(name: str) -> Any:
    if name == "Pipeline":
        from newscred.pipeline import Pipeline

        return Pipeline
    raise AttributeError(name)


__all__ = ["Pipeline", "check", "compare", "__version__"]
