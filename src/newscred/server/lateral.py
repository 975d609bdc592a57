"""Lateral reading in the server: the one article store, stories and compare.

The HTTP process owns one `Library` (one SQLite connection) when `db` is configured, and
builds one `Comparer` on first use. Embedding and comparing are CPU work of tens to
hundreds of milliseconds, so every use runs in a thread, never on the event loop, one at
a time (a capacity limiter of 1 queues them in arrival order without parking threads);
the lock makes the connection safe whatever thread calls it (the store is opened with
`check_same_thread=False`). onnxruntime and numpy release the GIL while they compute, so
health checks and the other routes keep answering meanwhile.

This work runs in the HTTP process, not in the analysis workers: the store is a single
writer, and each analysis worker would otherwise load the embedding model too.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import anyio
from anyio import to_thread

from newscred.comparison import Comparison
from newscred.errors import NewscredError
from newscred.report import Report

T = TypeVar("T")

NO_STORE_HINT = "Start the server with --db PATH (or db in [serve], or NEWSCRED_DB) to keep articles."
API_HINTS = {
    "NC301": "Store it first with POST /v1/check?store=true, or send the article's text instead of its id.",
    "NC302": "List the stored stories with GET /v1/stories.",
}


def no_store(what: str) -> NewscredError:
    return NewscredError("NC304", f"{what} needs a store, and this server has none",
                         hint=NO_STORE_HINT)


class Lateral:
    """The store (or none) and the compare models, shared by every request."""

    def __init__(self, db: Path | None) -> None:
        self.library = None
        if db is not None:
            from newscred.store.db import Store
            from newscred.stories.library import Library

            self.library = Library(Store(db, check_same_thread=False))
        self._lock = threading.Lock()
        self._limiter = anyio.CapacityLimiter(1)
        self._comparer: Any = None

    @property
    def has_store(self) -> bool:
        return self.library is not None

    def close(self) -> None:
        with self._lock:
            if self.library is not None:
                self.library.store.close()

    def warm(self) -> None:
        """Load the embedding model now (raises NC206 when it is not installed)."""
        if self.library is not None:
            with self._lock:
                self.library.embedder  # noqa: B018 - loading is the point

    async def run(self, work: Callable[..., T], *args: Any) -> T:
        """`work(*args)` in a thread, under the lock, after the work queued before it."""

        def locked() -> T:
            with self._lock:
                return work(*args)

        return await to_thread.run_sync(locked, limiter=self._limiter)

    # -- work: each runs in `run`'s thread, under the lock ------------------------------
    def comparer(self) -> Any:
        if self._comparer is None:
            from newscred.stories.compare import Comparer

            embedder = self.library.embedder if self.library is not None else None
            self._comparer = Comparer(embedder=embedder)
        return self._comparer

    def need_library(self, what: str) -> Any:
        if self.library is None:
            raise no_store(what)
        return self.library

    def stored_reports(self, ids: Sequence[str]) -> dict[str, Report]:
        library = self.need_library("comparing stored articles by id")
        found = {}
        for article_id in ids:
            report = library.store.report(article_id)
            if report is None:
                raise NewscredError("NC301", f"article {article_id!r} is not in the store",
                                    hint=API_HINTS["NC301"])
            found[article_id] = report
        return found

    def compare(self, reports: Sequence[Report]) -> Comparison:
        return self.comparer().compare(reports, library=self.library)

    def corroborate(self, report: Report, *, store: bool) -> Report:
        """Store the article when asked, then add the corroboration signal
        (stories.corroboration.add_corroborated: a failure to store raises, a failure to
        corroborate is recorded on the report)."""
        from newscred.stories.corroboration import add_corroborated

        library = self.need_library("storing an article")
        return add_corroborated(report, library, self.comparer, store=store)

    def stories(self, *, since: str | None, min_size: int, limit: int) -> list[dict[str, Any]]:
        library = self.need_library("listing stories")
        return library.stories(since=since, min_size=min_size, limit=limit)

    def story(self, story_id: int) -> dict[str, Any]:
        library = self.need_library("a story")
        try:
            return library.story(story_id)
        except NewscredError as exc:
            raise _api(exc) from None

    def related(self, article_id: str, *, limit: int) -> dict[str, Any]:
        """`{"article", "story", "count", "related"}`: the story's other articles."""
        library = self.need_library("related coverage")
        try:
            found = library.related(article_id, limit=limit)
        except NewscredError as exc:
            raise _api(exc) from None
        return {"article": article_id, "story": library.story_of(article_id),
                "count": len(found), "related": found}

    def article(self, article_id: str) -> dict[str, Any]:
        """A stored article's listing (id, title, outlet, domain, published, url, score)."""
        library = self.need_library("a stored article")
        rows = library.articles([article_id])
        if not rows:
            raise NewscredError("NC301", f"article {article_id!r} is not in the store",
                                hint=API_HINTS["NC301"])
        return {**rows[0], "story": library.story_of(article_id)}


def _api(exc: NewscredError) -> NewscredError:
    """The library's error with a hint naming the API, not the CLI."""
    if exc.code in API_HINTS:
        return NewscredError(exc.code, exc.message, hint=API_HINTS[exc.code])
    return exc
