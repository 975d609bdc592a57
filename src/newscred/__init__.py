"""newscred: how far to trust a news article, and why.

    import newscred
    report = newscred.check(title="Mayor sues over grant rules", text="...")
    report.assessment.score, report.assessment.band
    comparison = newscred.compare(report, {"title": "...", "text": "..."})
    comparison.same_story, comparison.model_dump(mode="json")

The public names are in `__all__` (docs/api.md, "Library"). Importing the package is
cheap: the models, Pydantic and the pipeline load on first use of a name that needs them.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from newscred.api import check, compare
    from newscred.article import Article, Span
    from newscred.comparison import Comparison
    from newscred.errors import NewscredError
    from newscred.frames import to_frame
    from newscred.pipeline import Pipeline
    from newscred.report import Assessment, Report, Signal

# name -> the module that defines it, imported on first access (PEP 562).
_LAZY = {
    "check": "newscred.api",
    "compare": "newscred.api",
    "Pipeline": "newscred.pipeline",
    "Report": "newscred.report",
    "Signal": "newscred.report",
    "Assessment": "newscred.report",
    "Article": "newscred.article",
    "Span": "newscred.article",
    "Comparison": "newscred.comparison",
    "NewscredError": "newscred.errors",
    "to_frame": "newscred.frames",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'newscred' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value  # the next access skips __getattr__
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


__all__ = [
    "Article",
    "Assessment",
    "Comparison",
    "NewscredError",
    "Pipeline",
    "Report",
    "Signal",
    "Span",
    "__version__",
    "check",
    "compare",
    "to_frame",
]
