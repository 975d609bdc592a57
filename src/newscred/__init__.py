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
    from newscred.article import Article, Span
    from newscred.comparison import Comparison
    from newscred.errors import NewscredError
    from newscred.pipeline import Pipeline
    from newscred.report import Assessment, Report, Signal

# name -> the module that defines it, imported on first access (PEP 562).
_LAZY = {
    "Pipeline": "newscred.pipeline",
    "Report": "newscred.report",
    "Signal": "newscred.report",
    "Assessment": "newscred.report",
    "Article": "newscred.article",
    "Span": "newscred.article",
    "Comparison": "newscred.comparison",
    "NewscredError": "newscred.errors",
}


def check(
    text: str | None = None,
    *,
    title: str | None = None,
    html: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
    published: str | None = None,
    author: str | None = None,
    id: str | None = None,  # noqa: A002 - the contract's field name
    body: str | None = None,
    pipeline: Pipeline | None = None,
) -> Report:
    """Analyse one article and return its `Report`.

    Give `text` (or its alias `body`) or `html`; `title`, `url`, `outlet`, `published`,
    `author` and `id` are metadata (the report contract, docs/report.md). `url` is never
    fetched here. `pipeline`: a `Pipeline` to use instead of the default one, which is
    built on first use. An unknown keyword raises TypeError; unusable input raises
    `NewscredError` with its code (e.g. NC108 when there is no text).
    """
    from newscred.api import check as _check

    return _check(text=text, title=title, html=html, url=url, outlet=outlet,
                  published=published, author=author, id=id, body=body, pipeline=pipeline)


def compare(
    *articles: Report | dict[str, Any],
    db: str | None = None,
    pipeline: Pipeline | None = None,
) -> Comparison:
    """Compare two or more articles (Reports, or dicts of the input fields) and return a
    `Comparison`: same story?, each check-worthy claim's status, framing, outlets.

    `db`: a store path, so stored articles reuse their vectors and stories. The result's
    `.model_dump(mode="json")` is the JSON of `newscred compare -f json` and
    POST /v1/compare (docs/lateral-reading.md). Needs the `embed` extra.
    """
    from newscred.api import compare as _compare

    return _compare(*articles, db=db, pipeline=pipeline)


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
]
