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
from pathlib import Path
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from newscred.errors import NewscredError
from newscred.ingest import RecordError, read_source
from newscred.ingest.feeds import FeedItem, FeedReader, SkippedEntry, is_feed_url
from newscred.ingest.stream import is_table_input, stream_records, table_kind
from newscred.pipeline import Pipeline
from newscred.report import Report
from newscred.store.db import Store

if TYPE_CHECKING:
    import numpy as np

    from newscred.engines import DaskEngine
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
                    if (name.lower().endswith(READABLE) or table_kind(Path(name))) \
                            and not name.startswith("."):
                        yield os.path.join(folder, name)
        else:
            yield path


def ingest(paths: list[str], store: Store | Library, pipeline: Pipeline, *,
           progress: Callable[[IngestSummary], None] | None = None,
           feeds: FeedReader | None = None, engine: DaskEngine | None = None) -> IngestSummary:
    """Analyse and store every article of `paths` (files, folders, tables, feed URLs),
    each embedded and placed into a story (`store` may be a Library to reuse its index).

    `feeds` reads the feed URLs (default: a FeedReader with its polite defaults);
    `progress` is called with the summary after each record. With a Dask `engine` the
    reports and embeddings are computed on the cluster, and this process alone writes
    them into the store, in input order: the store ends up as a local ingest leaves it.
    """
    from newscred.stories.library import Library

    library = store if isinstance(store, Library) else Library(store)
    store = library.store
    summary = IngestSummary()
    known = set(store.ids())
    for path, records in _sources(paths, summary, store=store, feeds=feeds):
        outcomes = _outcomes(records, pipeline, engine)
        for item, outcome, vector in _ticking(outcomes, summary, progress):
            if isinstance(item, SkippedEntry):
                _count_skip(summary, path, item)
            elif isinstance(item, RecordError):
                summary.failed += 1
                summary.errors.append(f"{path} record {item.record}: {item.error.code} {item.error.message}")
            elif isinstance(outcome, NewscredError):
                summary.failed += 1
                where = f" ({item.url})" if item.url and item.url not in outcome.message else ""
                summary.errors.append(f"{path}{where}: {outcome.code} {outcome.message}")
            elif outcome.article.id in known:
                summary.already += 1
            else:
                library.add(outcome, vector=vector)  # stored, embedded and placed in one transaction
                known.add(outcome.article.id)
                summary.added += 1
    return summary


Outcome = tuple[FeedItem, "Report | NewscredError | None", "np.ndarray | None"]


def _outcomes(records: Iterable[FeedItem], pipeline: Pipeline,
              engine: DaskEngine | None) -> Iterator[Outcome]:
    """Each record with its report (or the error checking it raised), in input order;
    on a Dask engine also its embedding, computed on a worker."""
    if engine is None:
        for item in records:
            yield item, _checked(pipeline, item), None
        return
    from itertools import islice

    from newscred.engines import in_order
    from newscred.ingest.stream import Partition

    config_json = pipeline.config.model_dump_json()
    iterator = iter(records)
    chunks = (Partition(0, n, 1, chunk) for n, chunk in
              enumerate(iter(lambda: list(islice(iterator, REMOTE_CHUNK)), [])))

    def submit(part: Partition) -> list:
        return [engine.client.submit(remote_outcomes, part.items, config_json, pure=False)]

    for part, results in in_order(chunks, submit, window=engine.workers * 2):
        for item, (outcome, vector) in zip(part.items, results, strict=True):
            yield item, outcome, vector


REMOTE_CHUNK = 16


def _checked(pipeline: Pipeline, item: FeedItem) -> Report | NewscredError | None:
    if isinstance(item, SkippedEntry | RecordError):
        return None
    try:
        return pipeline.check(item)
    except NewscredError as exc:
        return exc


def remote_outcomes(items: list[FeedItem], config_json: str) -> list[tuple]:
    """On a Dask worker: each record's report or error, and a report's embedding (one
    article at a time, as Library.add embeds, so the vectors are the same)."""
    from newscred.engines import process_pipeline
    from newscred.stories.embed import shared_embedder

    pipeline = process_pipeline(config_json)
    out = []
    for item in items:
        outcome = _checked(pipeline, item)
        vector = None
        if isinstance(outcome, Report):
            vector = shared_embedder().embed_articles([(outcome.article.title, outcome.article.body)])[0]
        out.append((outcome, vector))
    return out


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
            elif table_kind(Path(path)) and is_table_input(path):  # Parquet, .gz, .zst
                records = stream_records([path])
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
