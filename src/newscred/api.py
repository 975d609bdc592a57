"""The library's front door: `check(...)` on a default Pipeline built on first use, and
`compare(...)` for lateral reading."""

from __future__ import annotations

import threading
from typing import Any

from newscred.comparison import Comparison
from newscred.pipeline import Pipeline
from newscred.report import Report

_default: Pipeline | None = None
_lock = threading.Lock()


def default_pipeline() -> Pipeline:
    """The shared default Pipeline, built lazily (never at import time)."""
    global _default
    with _lock:
        if _default is None:
            _default = Pipeline()
        return _default


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
    fetched here (`newscred.ingest.fetch_url` or the CLI fetch pages). `pipeline`: a
    `Pipeline` to use instead of the default one, which is built on first use. An unknown
    keyword raises TypeError; unusable input raises `NewscredError` with its code (e.g.
    NC108 when there is no text).
    """
    fields: dict[str, Any] = {
        k: v
        for k, v in dict(
            id=id, title=title, text=text, body=body, html=html, url=url,
            outlet=outlet, published=published, author=author,
        ).items()
        if v is not None
    }
    return (pipeline or default_pipeline()).check(fields)


def compare(
    *articles: Report | dict[str, Any],
    db: str | None = None,
    pipeline: Pipeline | None = None,
) -> Comparison:
    """Compare two or more articles (reports, or dicts of the input fields): same story?,
    each check-worthy claim's status, framing and outlets (docs/lateral-reading.md).

    Returns a `Comparison` (a Pydantic model); `.model_dump(mode="json")` gives the JSON
    object of `newscred compare -f json` and POST /v1/compare.

    With `db` (a store path) stored articles reuse their vectors and stories. Needs the
    `embed` extra and its model packages (NC206 says how to install them).
    """
    from newscred.stories.compare import Comparer

    pipeline = pipeline or default_pipeline()
    reports = [a if isinstance(a, Report) else pipeline.check(a) for a in articles]
    if db is None:
        return Comparer().compare(reports)
    from pathlib import Path

    from newscred.store.db import Store
    from newscred.stories.library import Library

    with Store(Path(db)) as store:
        return Comparer().compare(reports, library=Library(store))
