"""Where the analysis runs: analysis worker processes, or a thread of this process.

`newscred serve` uses `ProcessBackend`: the HTTP process parses requests and writes
responses while N worker processes (`--workers`, default 1) analyse. The pipeline is
CPU-bound and holds the GIL, so running it beside the event loop in one process would
make the two take turns; in separate processes they run at the same time, and metrics
and rate limits stay exact because there is one HTTP process. Work is queued in arrival
order (FIFO), so latency under load is queueing alone.

`ThreadBackend` runs a given Pipeline in a thread of this process, one article at a
time: for tests and for embedding the app in another program.

Both return the report already serialised (`Checked.json`): the JSON API sends it as it
is, and only the page parses it back into a Report.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

import anyio
from anyio import to_thread

from newscred.errors import NewscredError
from newscred.ingest import ArticleInput
from newscred.pipeline import Pipeline, PipelineConfig
from newscred.report import Report

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Checked:
    """One analysed article: the report's JSON and whether the assessment abstained."""

    json: str
    abstained: bool

    def report(self) -> Report:
        return Report.model_validate_json(self.json)


@dataclass(frozen=True)
class Loaded:
    """What /readyz shows: the analyzers and model versions the workers loaded."""

    analyzers: tuple[str, ...]
    model_versions: dict[str, str]
    max_chars: int


# -- what runs inside an analysis worker process ------------------------------------
_pipeline: Pipeline | None = None


def _start_worker(config: PipelineConfig) -> None:
    global _pipeline
    _pipeline = Pipeline(config=config)  # models load once per worker, at start


def _loaded() -> Loaded:
    assert _pipeline is not None
    return describe(_pipeline)


def _analyse(record: ArticleInput) -> tuple[str, Any, bool]:
    assert _pipeline is not None
    try:
        report = _pipeline.check(record)
    except NewscredError as exc:  # sent back as data: exceptions do not pickle reliably
        return ("error", exc.to_dict(), False)
    return ("ok", report.model_dump_json(), report.assessment.abstained)


def describe(pipeline: Pipeline) -> Loaded:
    return Loaded(
        analyzers=tuple(a.name for a in pipeline.analyzers),
        model_versions=pipeline.model_versions,
        max_chars=pipeline.config.max_chars,
    )


def _result(outcome: tuple[str, Any, bool]) -> Checked:
    kind, value, abstained = outcome
    if kind == "error":
        raise NewscredError(value["code"], value["message"], hint=value["hint"])
    return Checked(json=value, abstained=abstained)


class ProcessBackend:
    def __init__(self, *, config: PipelineConfig, workers: int) -> None:
        self.config = config
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None

    def _new_pool(self) -> ProcessPoolExecutor:
        # spawn, not fork: the HTTP process has threads and an event loop running.
        return ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(self.config,),
        )

    async def start(self) -> Loaded:
        """Start every worker and wait until each has loaded the models."""
        self._pool = self._new_pool()
        loop = asyncio.get_running_loop()
        # One call per worker makes the pool start them all now, not on first use.
        loaded = await asyncio.gather(
            *(loop.run_in_executor(self._pool, _loaded) for _ in range(self.workers))
        )
        return loaded[0]

    async def analyse(self, record: ArticleInput) -> Checked:
        if self._pool is None:
            raise NewscredError("NC205", "the analysis workers have not started")
        loop = asyncio.get_running_loop()
        try:
            outcome = await loop.run_in_executor(self._pool, _analyse, record)
        except BrokenProcessPool:
            log.error("an analysis worker died; starting a new pool")
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = self._new_pool()
            raise NewscredError(
                "NC204", "an analysis worker stopped while working on this article",
                hint="Retry; if the same article fails again, report it as a bug.",
            ) from None
        return _result(outcome)

    async def stop(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


class ThreadBackend:
    def __init__(self, pipeline: Pipeline) -> None:
        self.pipeline = pipeline
        self._limiter = anyio.CapacityLimiter(1)  # one article at a time, FIFO

    async def start(self) -> Loaded:
        return describe(self.pipeline)

    def _run(self, record: ArticleInput) -> tuple[str, Any, bool]:
        try:
            report = self.pipeline.check(record)
        except NewscredError as exc:
            return ("error", exc.to_dict(), False)
        return ("ok", report.model_dump_json(), report.assessment.abstained)

    async def analyse(self, record: ArticleInput) -> Checked:
        return _result(await to_thread.run_sync(self._run, record, limiter=self._limiter))

    async def stop(self) -> None:
        return None


Backend = ProcessBackend | ThreadBackend
