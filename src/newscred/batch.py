"""Batch runs: in this process, or on a local process pool, always in input order."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice

from newscred.ingest import ArticleInput, RecordError
from newscred.pipeline import Pipeline, PipelineConfig
from newscred.report import BatchError, Report

Item = ArticleInput | RecordError
Result = Report | BatchError

CHUNK = 16

_worker_pipeline: Pipeline | None = None


def _init_worker(config: PipelineConfig) -> None:
    global _worker_pipeline
    _worker_pipeline = Pipeline(config=config)  # models load once per worker


def _run_chunk(chunk: list[Item], first: int) -> list[Result]:
    assert _worker_pipeline is not None
    return list(_worker_pipeline.run(chunk, first=first))


def run_batch(
    items: Iterable[Item], *, pipeline: Pipeline, workers: int = 1
) -> Iterator[Result]:
    """Yield one result per item in input order; `workers > 1` uses a process pool."""
    if workers <= 1:
        yield from pipeline.run(items)
        return
    iterator = iter(items)
    pending: deque[tuple[int, Future[list[Result]]]] = deque()
    first = 1
    with ProcessPoolExecutor(
        max_workers=workers, initializer=_init_worker, initargs=(pipeline.config,)
    ) as pool:
        while True:
            while len(pending) < workers * 4:
                chunk = list(islice(iterator, CHUNK))
                if not chunk:
                    break
                pending.append((first, pool.submit(_run_chunk, chunk, first)))
                first += len(chunk)
            if not pending:
                return
            _, future = pending.popleft()
            yield from future.result()
