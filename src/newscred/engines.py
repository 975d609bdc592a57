"""Where partitions are checked: `local` (this process, or a pool of worker processes) or
`dask` (a Dask cluster: an existing one, or a LocalCluster started for the run).

Both engines yield each partition with its results in input order, keep a bounded
number of partitions in flight (memory stays flat whatever the input size), and build
one Pipeline per worker process, the first time that process gets work.
"""

from __future__ import annotations

import importlib.util
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from newscred.errors import NewscredError
from newscred.ingest.stream import Item, Partition
from newscred.pipeline import Pipeline, PipelineConfig, versions
from newscred.report import BatchError
from newscred.rows import Layout

CHUNK = 16  # records per task on the local pool
Done = tuple[Partition, list[Any]]

# -- one Pipeline per process ---------------------------------------------------------
_PIPELINES: dict[str, Pipeline] = {}
BUILT = {"count": 0}  # pipelines built in this process (the tests read it on workers)


def process_pipeline(config_json: str) -> Pipeline:
    """This process's Pipeline for a config, built once."""
    pipeline = _PIPELINES.get(config_json)
    if pipeline is None:
        pipeline = Pipeline(config=PipelineConfig.model_validate_json(config_json))
        _PIPELINES[config_json] = pipeline
        BUILT["count"] += 1
    return pipeline


def check_items(items: list[Item], first: int, config_json: str,
                layout: Layout | None = None) -> list[Any]:
    """Check records on a worker: rows when given a layout, else reports/errors."""
    return results_for(process_pipeline(config_json), items, first, layout)


def results_for(pipeline: Pipeline, items: list[Item], first: int,
                layout: Layout | None) -> list[Any]:
    results = list(pipeline.run(items, first=first))
    if layout is None:
        return results
    rows = []
    for number, (item, result) in enumerate(zip(items, results, strict=True), start=first):
        extra = item.extra if isinstance(result, BatchError) else None  # a report has its own
        rows.append(layout.row(result, extra, record=number))
    return rows


def identity(pipeline: Pipeline) -> dict[str, str]:
    """The versions a run's output depends on: newscred, the schema, the model, analyzers."""
    return {**versions(), **pipeline.model_versions,
            **{f"analyzer.{a.name}": a.version for a in pipeline.analyzers}}


# -- ordering ---------------------------------------------------------------------------
def in_order(parts: Iterable[Partition], submit: Callable[[Partition], list[Any]],
              window: int) -> Iterator[Done]:
    """Submit partitions' tasks ahead (at most `window` tasks pending); yield each
    partition's results, in input order, when all its tasks are done."""
    pending: deque[tuple[Partition, list[Any]]] = deque()
    waiting = 0
    for part in parts:
        futures = submit(part)
        pending.append((part, futures))
        waiting += len(futures)
        while waiting > window:
            done, futures = pending.popleft()
            waiting -= len(futures)
            yield done, [r for f in futures for r in f.result()]
    while pending:
        done, futures = pending.popleft()
        yield done, [r for f in futures for r in f.result()]


# -- local ------------------------------------------------------------------------------
def local_results(parts: Iterable[Partition], pipeline: Pipeline, *, workers: int = 1,
                  layout: Layout | None = None) -> Iterator[Done]:
    """This process (workers=1) or a process pool, chunks of CHUNK records per task."""
    if workers <= 1:
        for part in parts:
            yield part, results_for(pipeline, part.items, part.first, layout)
        return
    config_json = pipeline.config.model_dump_json()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        def submit(part: Partition) -> list[Any]:
            return [pool.submit(check_items, part.items[i:i + CHUNK], part.first + i,
                                config_json, layout)
                    for i in range(0, len(part.items), CHUNK)]

        yield from in_order(parts, submit, window=workers * 4)


# -- dask -------------------------------------------------------------------------------
class DaskEngine:
    """A Dask client for the run: to `scheduler` (tcp://HOST:8786), or a LocalCluster
    of `workers` processes with one thread each. Close it when done."""

    def __init__(self, *, scheduler: str | None = None, workers: int = 2) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise NewscredError("NC207", "--engine dask needs dask[distributed], which is not "
                                "installed", hint="pip install 'newscred[scale]'") from None
        self.cluster = None
        self._dashboard = scheduler is not None  # a remote scheduler has its own, if any
        try:
            if scheduler:
                self.client = Client(scheduler, timeout="15s")
            else:
                dashboard = ":0" if importlib.util.find_spec("bokeh") else None
                self._dashboard = dashboard is not None
                self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1,
                                            processes=True, dashboard_address=dashboard)
                self.client = Client(self.cluster)
        except (OSError, TimeoutError) as error:
            raise NewscredError("NC208", f"cannot reach the Dask scheduler {scheduler}: {error}",
                                hint="Check the address (tcp://HOST:8786) and that the "
                                "scheduler is running.") from None

    @property
    def dashboard(self) -> str | None:
        """The dashboard's address, when one runs (a LocalCluster's needs bokeh)."""
        return self.client.dashboard_link if self._dashboard else None

    @property
    def workers(self) -> int:
        return max(1, len(self.client.scheduler_info().get("workers", {})))

    def check_versions(self, expected: dict[str, str], config_json: str) -> None:
        """NC208 when a worker runs another newscred or other models."""
        found = self.client.run(_worker_identity, config_json)
        for address, seen in found.items():
            if seen != expected:
                differ = sorted(k for k in expected.keys() | seen.keys()
                                if expected.get(k) != seen.get(k))
                raise NewscredError("NC208", f"the Dask worker {address} runs other versions "
                                    f"({', '.join(differ)}) than this client",
                                    hint="Install the same newscred on every worker "
                                    "(docs/scale.md).")

    def results(self, parts: Iterable[Partition], config_json: str,
                layout: Layout | None = None) -> Iterator[Done]:
        def submit(part: Partition) -> list[Any]:
            return [self.client.submit(check_items, part.items, part.first, config_json,
                                       layout, pure=False, key=f"newscred-{part.key}-{id(part)}")]

        yield from in_order(parts, submit, window=self.workers * 2)

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    def __enter__(self) -> DaskEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _worker_identity(config_json: str) -> dict[str, str]:
    return identity(process_pipeline(config_json))
