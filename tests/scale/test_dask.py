"""The Dask engine on a LocalCluster with 2 worker processes: same rows as local, one
Pipeline per worker, a killed worker's partition recomputed once, resume after SIGKILL,
and check_dataframe with its meta."""

from __future__ import annotations

import os
import signal

import dask.dataframe as dd
import pandas as pd
import pytest
from distributed import Client, LocalCluster

from newscred.dask import check_dataframe
from newscred.engines import DaskEngine
from newscred.ingest.stream import input_files, partitions
from newscred.pipeline import Pipeline
from newscred.rows import Layout
from newscred.runs import run_to_folder
from tests.scale.articles import article, read_parts, write_jsonl_gz
from tests.scale.test_runs import run_killed_then_resume

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def cluster():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as local:
        yield local


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline()


@pytest.fixture
def source(tmp_path):
    records = [article(i) for i in range(24)]
    records[5] = {"id": "bad", "title": "no text"}
    return write_jsonl_gz(tmp_path / "in.jsonl.gz", records)


def test_dask_writes_the_rows_the_local_engine_writes(tmp_path, source, pipeline, cluster):
    run_to_folder([str(source)], tmp_path / "local", fmt="parquet", pipeline=pipeline, size=5)
    counts = run_to_folder([str(source)], tmp_path / "dask", fmt="parquet", pipeline=pipeline,
                           size=5, engine="dask", scheduler=cluster.scheduler_address)
    assert (counts.records, counts.failed) == (24, 1)
    pd.testing.assert_frame_equal(read_parts(tmp_path / "dask"), read_parts(tmp_path / "local"))


def test_each_worker_builds_one_pipeline_and_a_killed_worker_loses_nothing(tmp_path, source, pipeline, cluster):
    config_json = pipeline.config.model_dump_json()
    layout = Layout.for_pipeline(pipeline)
    parts = list(partitions(input_files([str(source)]), size=2))
    expected = [pipeline_rows(pipeline, p, layout) for p in parts]
    engine = DaskEngine(scheduler=cluster.scheduler_address)
    try:
        got, killed = [], False
        for part, rows in engine.results(iter(parts), config_json, layout):
            got.append(rows)
            if not killed:  # kill a worker process while partitions are in flight
                pids = engine.client.run(os.getpid)
                os.kill(next(iter(pids.values())), signal.SIGKILL)
                killed = True
        assert got == expected  # every partition once, in order, none lost or doubled
        engine.client.wait_for_workers(2, timeout=60)
        built = engine.client.run(lambda: __import__("newscred.engines").engines.BUILT["count"])
        # one Pipeline per worker process, however many partitions and runs it served
        # (the worker started in place of the killed one may not have had work yet)
        assert max(built.values()) == 1 and set(built.values()) <= {0, 1}, built
    finally:
        engine.client.close()


def pipeline_rows(pipeline, part, layout):
    from newscred.engines import results_for

    return results_for(pipeline, part.items, part.first, layout)


def test_a_killed_dask_run_resumed_gives_the_rows_of_an_uninterrupted_one(tmp_path, pipeline, cluster):
    source = write_jsonl_gz(tmp_path / "big.jsonl.gz", [article(i) for i in range(60)])
    run_to_folder([str(source)], tmp_path / "whole", fmt="parquet", pipeline=pipeline, size=3)
    resumed = run_killed_then_resume(tmp_path, source, "dask", scheduler=cluster.scheduler_address)
    pd.testing.assert_frame_equal(resumed, read_parts(tmp_path / "whole"))


def test_check_dataframe_matches_check_frame_and_its_meta(pipeline, cluster):
    records = [article(i) for i in range(9)]
    frame = pd.DataFrame({"headline": [r["title"] for r in records],
                          "content": [r["text"] if i != 3 else None for i, r in enumerate(records)],
                          "score": range(9), "desk": ["metro"] * 9})
    fields = {"title": "headline", "text": "content"}
    ddf = dd.from_pandas(frame, npartitions=3)
    with Client(cluster):
        lazy = check_dataframe(ddf, fields=fields)
        result = lazy.compute()
    local = pipeline.check_frame(ddf.compute(), fields=fields)  # the frame as Dask holds it
    assert list(lazy.columns) == list(result.columns) == list(local.columns)
    assert dict(lazy.dtypes) == dict(result.dtypes)
    assert result["error_code"].iloc[3] == "NC108" and list(result["input_score"]) == list(range(9))
    pd.testing.assert_frame_equal(result.drop(columns="record"), local.drop(columns="record"))


def store_content(path):
    """What a store holds, without the times of writing and the report timings."""
    import json
    import sqlite3

    db = sqlite3.connect(path)
    out = {
        "articles": db.execute("SELECT id, title, body, url, outlet, domain, published, at, entities"
                               " FROM articles ORDER BY rowid").fetchall(),
        "reports": [(a, s, json.dumps({k: v for k, v in json.loads(r).items() if k != "timings"},
                                      sort_keys=True))
                    for a, s, r in db.execute("SELECT article_id, score, report FROM reports ORDER BY rowid")],
        "embeddings": db.execute("SELECT article_id, model, vector FROM embeddings ORDER BY rowid").fetchall(),
        "stories": db.execute("SELECT id, title, first_at, last_at FROM stories ORDER BY id").fetchall(),
        "members": db.execute("SELECT story_id, article_id, probability FROM story_articles"
                              " ORDER BY story_id, article_id").fetchall(),
    }
    db.close()
    return out


def test_a_dask_ingest_leaves_the_store_a_local_ingest_leaves(tmp_path, pipeline, cluster):
    from newscred.store.db import Store
    from newscred.stories.ingest import ingest

    records = [article(i) for i in range(20)]
    records[3] = {"id": "bad", "title": "no text"}
    records.append(records[0])  # a duplicate: counted as already stored
    source = write_jsonl_gz(tmp_path / "in.jsonl.gz", records)
    plain = tmp_path / "in.jsonl"
    import gzip
    plain.write_bytes(gzip.decompress(source.read_bytes()))
    summaries = {}
    for name in ("local", "dask"):
        store = Store(tmp_path / f"{name}.db")
        if name == "dask":
            with DaskEngine(scheduler=cluster.scheduler_address) as engine:
                summaries[name] = ingest([str(plain)], store, pipeline, engine=engine)
        else:
            summaries[name] = ingest([str(plain)], store, pipeline)
        store.close()
    assert (summaries["dask"].added, summaries["dask"].already, summaries["dask"].failed) == (19, 1, 1)
    assert vars(summaries["dask"]) == vars(summaries["local"])
    assert store_content(tmp_path / "dask.db") == store_content(tmp_path / "local.db")
