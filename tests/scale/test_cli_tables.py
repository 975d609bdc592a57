"""`newscred check` with table inputs and run folders, and `ingest --engine dask`."""

from __future__ import annotations

import json

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from newscred.cli import app
from tests.scale.articles import article, read_parts, write_jsonl_gz


def invoke(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.fixture
def lake(tmp_path):
    """A folder of Parquet files with other column names, one bad row."""
    folder = tmp_path / "lake"
    (folder / "day=1").mkdir(parents=True)
    (folder / "day=2").mkdir(parents=True)
    for day, numbers in ((1, range(0, 5)), (2, range(5, 9))):
        rows = [{"id": f"a{i}", "headline": article(i)["title"],
                 "content": article(i)["text"] if i != 6 else "", "section": "city", "band": i}
                for i in numbers]
        pq.write_table(pa.Table.from_pylist(rows), folder / f"day={day}" / "part.parquet")
    return folder


def test_a_lake_into_a_run_folder_and_resumed(tmp_path, lake):
    out = tmp_path / "scored"
    args = ("check", lake, "-o", out, "--format", "parquet", "--field", "text=content",
            "--field", "title=headline", "--partition-size", "3")
    result = invoke(*args)
    assert result.exit_code == 3, result.output  # one record failed, the rest are written
    assert "9 articles, 8 reported, 1 failed" in " ".join(result.output.split())
    rows = read_parts(out)
    assert list(rows["id"]) == [f"a{i}" for i in range(9)]
    assert rows.loc[rows["id"] == "a6", "error_code"].item() == "NC108"
    assert list(rows["section"]) == ["city"] * 9 and list(rows["input_band"]) == list(range(9))
    assert set(rows["band"].dropna()) <= {"reliable", "mixed", "unreliable"}
    again = invoke(*args)
    assert again.exit_code == 2 and "NC125" in again.output and "--resume" in again.output
    resumed = invoke(*args, "--resume")
    assert resumed.exit_code == 0 and "0 parts written, 4 already done" in " ".join(resumed.output.split())
    pd.testing.assert_frame_equal(read_parts(out), rows)


def test_table_inputs_work_with_every_report_format(tmp_path, lake):
    result = invoke("check", lake, "--field", "text=content", "-f", "jsonl")
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert len(lines) == 9 and lines[0]["article"]["extra"]["section"] == "city"
    assert lines[6]["error"]["code"] == "NC108"


@pytest.mark.parametrize(("args", "needle"), [
    (("-f", "parquet"), "give -o FOLDER"),
    (("-f", "jsonl", "--resume"), "--resume applies"),
    (("-f", "jsonl", "--engine", "dask"), "--engine applies"),
    (("-f", "csv", "-o", "OUT", "--db", "x.db"), "--db stores"),
    (("-f", "csv", "-o", "OUT", "--field", "text"), "is not FIELD=COLUMN"),
    (("-f", "csv", "-o", "OUT", "--field", "colour=content"), "not an input field"),
])
def test_options_that_do_not_fit_are_refused(tmp_path, lake, args, needle):
    args = [str(tmp_path / "out") if a == "OUT" else a for a in args]
    result = invoke("check", lake, *args)
    assert result.exit_code == 2 and "NC114" in result.output and needle in result.output
    assert not (tmp_path / "out").exists()


def test_a_folder_that_is_not_a_run_is_refused_and_untouched(tmp_path):
    source = write_jsonl_gz(tmp_path / "in.jsonl.gz", [article(0)])
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    (theirs / "notes.md").write_text("keep")
    result = invoke("check", source, "-o", theirs, "-f", "csv")
    assert result.exit_code == 2 and "NC125" in result.output
    assert [p.name for p in theirs.iterdir()] == ["notes.md"]


@pytest.mark.slow
def test_check_and_ingest_on_a_dask_local_cluster(tmp_path):
    source = write_jsonl_gz(tmp_path / "in.jsonl.gz", [article(i) for i in range(8)])
    result = invoke("check", source, "-o", tmp_path / "out", "-f", "csv", "--engine", "dask",
                    "--workers", "2", "--partition-size", "3")
    assert result.exit_code == 0, result.output
    assert "Dask: 2 workers" in result.output and "8 articles, 8 reported" in " ".join(result.output.split())
    assert len(list((tmp_path / "out").glob("part-*.csv"))) == 3
    result = invoke("ingest", source, "--db", tmp_path / "s.db", "--engine", "dask", "--workers", "2")
    assert result.exit_code == 0 and "8 added" in result.output
