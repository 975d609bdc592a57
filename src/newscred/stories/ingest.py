"""`newscred ingest`: analyse files, folders, tables and feeds into the store, idempotently.

Every article is analysed as `newscred check` would and stored in its own transaction, so
rerunning after an interruption skips what is already stored (by content-hash id; a feed
entry by its URL, before its page is fetched) and adds the rest. A bad record, entry or
source is counted and reported and the run goes on; only a single source (one file or
feed, not a folder) that is unusable as a whole raises. Feed entries that robots.txt
disallows are skipped and reported, not failed.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from newscred.errors import NewscredError
from newscred.ingest import RecordError, read_source
from newscred.ingest.feeds import FeedItem, FeedReader, SkippedEntry, is_feed_url
from newscred.pipeline import Pipeline
from newscred.store.db import Store

if TYPE_CHECKING:
    from newscred.stories.library import Library

READABLE = (".txt", ".html", ".htm", ".json", ".jsonl", ".csv")


@dataclass
class IngestSummary:
    added: int = 0
    already: int = 0
    failed: int = 0
    skipped: int = 0  # feed entries robots.txt disallows
    errors: list[str] = field(default_factory=list)
    skips: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (f"{self.added} added, {self.already} already stored, {self.failed} failed"
                + (f", {self.skipped} skipped by robots.txt" if self.skipped else "")
                + (f" (first: {self.errors[0]})" if self.errors else ""))


def files_of(paths: list[str]) -> Iterator[str]:
    """The paths given, with folders expanded to their readable files (sorted)."""
    for path in paths:
        if os.path.isdir(path):
            for folder, dirs, names in os.walk(path):
                dirs.sort()
                for name in sorted(names):
                    if name.lower().endswith(READABLE) and not name.startswith("."):
                        yield os.path.join(folder, name)
        else:
            yield path


def ingest(paths: list[str], store: Store | Library, pipeline: Pipeline, *,
           progress: Callable[[IngestSummary], None] | None = None,
           feeds: FeedReader | None = None) -> IngestSummary:
    """Analyse and store every article of `paths` (files, folders, tables, feed URLs),
    each embedded and placed into a story (`store` may be a Library to reuse its index).

    `feeds` reads the feed URLs (default: a FeedReader with its polite defaults);
    `progress` is called with the summary after each record.
    """
    from newscred.stories.library import Library

    library = store if isinstance(store, Library) else Library(store)
    store = library.store
    summary = IngestSummary()
    known = set(store.ids())
    for path, records in _sources(paths, summary, store=store, feeds=feeds):
        for item in _ticking(records, summary, progress):
            if isinstance(item, SkippedEntry):
                _count_skip(summary, path, item)
                continue
            if isinstance(item, RecordError):
                summary.failed += 1
                summary.errors.append(f"{path} record {item.record}: {item.error.code} {item.error.message}")
                continue
            try:
                report = pipeline.check(item)
            except NewscredError as exc:
                summary.failed += 1
                where = f" ({item.url})" if item.url and item.url not in exc.message else ""
                summary.errors.append(f"{path}{where}: {exc.code} {exc.message}")
                continue
            if report.article.id in known:
                summary.already += 1
            else:
                library.add(report)  # stored, embedded and placed in one transaction
                known.add(report.article.id)
                summary.added += 1
    return summary


def _sources(paths: list[str], summary: IngestSummary, *, store: Store,
             feeds: FeedReader | None) -> Iterator[tuple[str, Iterable[FeedItem]]]:
    """(label, records) for each file and feed. A source unusable as a whole is counted
    and reported, unless it is the only one given (not a folder): then it raises."""
    single = len(paths) == 1 and not os.path.isdir(paths[0])
    for path in files_of(paths):
        try:
            if is_feed_url(path):
                feeds = feeds or FeedReader()
                records: Iterable[FeedItem] = feeds.read(path, known=store.has_url)
            else:
                records = list(read_source(path))
        except NewscredError as exc:
            if single:
                raise
            summary.failed += 1
            summary.errors.append(f"{path}: {exc.code} {exc.message}")
            continue
        yield path, records


def _ticking(records: Iterable[FeedItem], summary: IngestSummary,
             progress: Callable[[IngestSummary], None] | None) -> Iterator[FeedItem]:
    """The records, calling `progress` once each one has been dealt with."""
    for item in records:
        yield item
        if progress:
            progress(summary)


def _count_skip(summary: IngestSummary, path: str, item: SkippedEntry) -> None:
    if item.error is None:  # already stored, or listed twice: nothing to fetch
        summary.already += 1
        return
    summary.skipped += 1
    summary.skips.append(f"{path} record {item.record}: {item.error.code} {item.error.message}")
