"""`newscred ingest`: analyse files, folders and tables into the store, idempotently.

Every article is analysed as `newscred check` would and stored in its own transaction, so
rerunning after an interruption skips what is already stored (by content-hash id) and
adds the rest. A bad record or file is counted and reported; the run goes on. Feeds come
with the rest of lateral reading (issue 7).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from newscred.errors import NewscredError
from newscred.ingest import RecordError, read_source
from newscred.pipeline import Pipeline
from newscred.store.db import Store, domain_of

READABLE = (".txt", ".html", ".htm", ".json", ".jsonl", ".csv")


@dataclass
class IngestSummary:
    added: int = 0
    already: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (f"{self.added} added, {self.already} already stored, {self.failed} failed"
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


def ingest(paths: list[str], store: Store, pipeline: Pipeline, *,
           progress: Callable[[IngestSummary], None] | None = None) -> IngestSummary:
    summary = IngestSummary()
    known = set(store.ids())
    for path in files_of(paths):
        try:
            records = list(read_source(path))
        except NewscredError as exc:
            summary.failed += 1
            summary.errors.append(f"{path}: {exc.code} {exc.message}")
            continue
        for item in records:
            if isinstance(item, RecordError):
                summary.failed += 1
                summary.errors.append(f"{path} record {item.record}: {item.error.code} {item.error.message}")
                continue
            try:
                report = pipeline.check(item)
            except NewscredError as exc:
                summary.failed += 1
                summary.errors.append(f"{path}: {exc.code} {exc.message}")
                continue
            if report.article.id in known:
                summary.already += 1
            else:
                store.add(report, domain=domain_of(report))
                known.add(report.article.id)
                summary.added += 1
            if progress:
                progress(summary)
    return summary
