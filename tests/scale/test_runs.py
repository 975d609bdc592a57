"""Run folders: one file per partition, a manifest, refusals, resume after SIGKILL."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from newscred.errors import NewscredError
from newscred.pipeline import Pipeline
from newscred.runs import MANIFEST, run_to_folder
from tests.scale.articles import article, read_parts, write_jsonl_gz

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline()


@pytest.fixture
def source(tmp_path):
    records = [article(i) for i in range(10)]
    records[4] = {"id": "empty", "title": "No body"}  # a bad record mid-partition
    records[6] = {**records[6], "score": 7, "desk": "metro"}
    return write_jsonl_gz(tmp_path / "in.jsonl.gz", records)


def test_a_run_writes_a_part_per_partition_and_a_manifest(tmp_path, source, pipeline):
    out = tmp_path / "out"
    counts = run_to_folder([str(source)], out, fmt="parquet", pipeline=pipeline, size=4)
    assert (counts.records, counts.failed, counts.written) == (10, 1, 3)
    assert sorted(p.name for p in out.iterdir()) == [
        MANIFEST, "part-00000-000000.parquet", "part-00000-000001.parquet", "part-00000-000002.parquet"]
    manifest = json.loads((out / MANIFEST).read_text())
    assert manifest["complete"] and len(manifest["partitions"]) == 3
    assert manifest["models"]["assessment"] == pipeline.model_versions["assessment"]
    rows = read_parts(out)
    assert list(rows["id"]) == [f"art-{i:04d}" if i != 4 else "empty" for i in range(10)]
    assert list(rows["record"]) == list(range(1, 11))
    bad = rows.iloc[4]
    assert bad["error_code"] == "NC108" and pd.isna(bad["score"])
    good = rows.iloc[0]
    assert 0 <= good["score"] <= 100 and good["band"] in ("reliable", "mixed", "unreliable")
    assert good["sourcing_spans"] >= 1 and not pd.isna(good["style_points"])
    # an input column named like an output column is carried as input_<name>
    assert rows.iloc[6]["input_score"] == 7 and rows.iloc[6]["desk"] == "metro"


def test_with_report_carries_the_whole_report(tmp_path, source, pipeline):
    out = tmp_path / "out"
    run_to_folder([str(source)], out, fmt="csv", pipeline=pipeline, size=20, with_report=True)
    rows = pd.read_csv(out / "part-00000-000000.csv")
    report = json.loads(rows.iloc[0]["report"])
    assert report["article"]["id"] == "art-0000" and "timings" not in report
    assert report["assessment"]["score"] == rows.iloc[0]["score"]


def test_folders_newscred_does_not_own_are_refused(tmp_path, source, pipeline):
    (tmp_path / "theirs").mkdir()
    (tmp_path / "theirs" / "keep.txt").write_text("mine")
    (tmp_path / "file").write_text("x")
    os.symlink(tmp_path / "theirs", tmp_path / "link")
    for name in ("theirs", "file", "link"):
        with pytest.raises(NewscredError) as info:
            run_to_folder([str(source)], tmp_path / name, fmt="parquet", pipeline=pipeline)
        assert info.value.code == "NC125", name
    assert (tmp_path / "theirs" / "keep.txt").read_text() == "mine"
    assert sorted(p.name for p in (tmp_path / "theirs").iterdir()) == ["keep.txt"]


def test_an_earlier_run_needs_resume_and_the_same_input_options_and_models(tmp_path, source, pipeline):
    out = tmp_path / "out"
    run_to_folder([str(source)], out, fmt="parquet", pipeline=pipeline, size=4)
    with pytest.raises(NewscredError) as info:
        run_to_folder([str(source)], out, fmt="parquet", pipeline=pipeline, size=4)
    assert info.value.code == "NC125" and "--resume" in info.value.hint
    again = run_to_folder([str(source)], out, fmt="parquet", pipeline=pipeline, size=4, resume=True)
    assert (again.written, again.skipped) == (0, 3)
    with pytest.raises(NewscredError) as info:
        run_to_folder([str(source)], out, fmt="parquet", pipeline=pipeline, size=5, resume=True)
    assert info.value.code == "NC126" and "options" in info.value.message
    write_jsonl_gz(source, [article(i) for i in range(11)])
    with pytest.raises(NewscredError) as info:
        run_to_folder([str(source)], out, fmt="parquet", pipeline=pipeline, size=4, resume=True)
    assert info.value.code == "NC126" and "input" in info.value.message


def test_a_part_that_is_a_link_is_never_replaced(tmp_path, source, pipeline):
    out = tmp_path / "out"
    run_to_folder([str(source)], out, fmt="parquet", pipeline=pipeline, size=4)
    target = tmp_path / "precious.parquet"
    target.write_text("precious")
    part = out / "part-00000-000001.parquet"
    part.unlink()
    os.symlink(target, part)
    with pytest.raises(NewscredError) as info:
        run_to_folder([str(source)], out, fmt="parquet", pipeline=pipeline, size=4, resume=True)
    assert info.value.code == "NC125"
    assert target.read_text() == "precious"


KILLED_RUN = """
import sys
from pathlib import Path
from newscred.pipeline import Pipeline
from newscred.runs import run_to_folder
if __name__ == "__main__":
    run_to_folder([sys.argv[1]], Path(sys.argv[2]), fmt="parquet", pipeline=Pipeline(),
                  size=3, engine=sys.argv[3], workers=2,
                  scheduler=sys.argv[4] if len(sys.argv) > 4 else None)
"""


def run_killed_then_resume(tmp_path, source, engine, scheduler=None):
    """Start a run in a process, SIGKILL it after its first part is written, resume it
    in this process; return the rows."""
    out = tmp_path / f"killed-{engine}"
    script = tmp_path / "killed_run.py"
    script.write_text(KILLED_RUN)
    args = [sys.executable, str(script), str(source), str(out), engine] + ([scheduler] if scheduler else [])
    # its own session, so the kill takes its worker processes too, as a crash would
    process = subprocess.Popen(args, cwd=ROOT, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while not list(out.glob("part-*.parquet")) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    manifest = json.loads((out / MANIFEST).read_text())
    assert not manifest["complete"], "the run finished before it was killed; give it more work"
    counts = run_to_folder([str(source)], out, fmt="parquet", pipeline=Pipeline(), size=3,
                           resume=True, engine=engine, workers=2, scheduler=scheduler)
    assert counts.skipped >= 1
    return read_parts(out)


def test_a_killed_run_resumed_gives_the_rows_of_an_uninterrupted_one(tmp_path, pipeline):
    source = write_jsonl_gz(tmp_path / "big.jsonl.gz", [article(i) for i in range(60)])
    whole = tmp_path / "whole"
    run_to_folder([str(source)], whole, fmt="parquet", pipeline=pipeline, size=3)
    resumed = run_killed_then_resume(tmp_path, source, "local")
    pd.testing.assert_frame_equal(resumed, read_parts(whole))
