"""Table inputs read as partitions: formats, compression, folders, field mapping, bad rows."""

from __future__ import annotations

import csv
import gzip
import io
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import zstandard

from newscred.errors import NewscredError
from newscred.ingest.record import ArticleInput, RecordError
from newscred.ingest.stream import check_inputs, input_files, is_table_input, partitions
from tests.scale.articles import article, write_jsonl_gz


def _ids(parts):
    return [[getattr(i, "id", None) for i in p.items] for p in parts]


def test_each_format_and_compression_gives_the_same_records(tmp_path):
    records = [article(i) for i in range(7)]
    write_jsonl_gz(tmp_path / "a.jsonl.gz", records)
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=["id", "title", "text"])
    writer.writeheader()
    writer.writerows(records)
    (tmp_path / "b.csv.zst").write_bytes(zstandard.ZstdCompressor().compress(text.getvalue().encode()))
    pq.write_table(pa.Table.from_pylist(records), tmp_path / "c.parquet")
    (tmp_path / "d.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    for name in ("a.jsonl.gz", "b.csv.zst", "c.parquet", "d.jsonl"):
        parts = list(partitions(input_files([str(tmp_path / name)]), size=3))
        assert [len(p.items) for p in parts] == [3, 3, 1], name
        assert [p.first for p in parts] == [1, 4, 7]
        items = [i for p in parts for i in p.items]
        assert [(i.id, i.title, i.text) for i in items] == [(r["id"], r["title"], r["text"]) for r in records]


def test_a_folder_is_read_in_path_order_skipping_hidden_files(tmp_path):
    (tmp_path / "2024" / "02").mkdir(parents=True)
    (tmp_path / "2024" / "01").mkdir(parents=True)
    write_jsonl_gz(tmp_path / "2024" / "02" / "x.jsonl.gz", [article(2)])
    write_jsonl_gz(tmp_path / "2024" / "01" / "y.jsonl.gz", [article(1)])
    write_jsonl_gz(tmp_path / ".hidden.jsonl.gz", [article(9)])
    (tmp_path / "notes.txt").write_text("not a table")
    files = input_files([str(tmp_path)])
    assert [f.path.name for f in files] == ["y.jsonl.gz", "x.jsonl.gz"]
    assert _ids(partitions(files, size=10)) == [["art-0001"], ["art-0002"]]
    assert is_table_input(str(tmp_path)) and is_table_input(str(tmp_path / "*.parquet"))
    assert not is_table_input("plain.jsonl") and not is_table_input("-")


def test_a_glob_and_unknown_or_missing_inputs(tmp_path):
    write_jsonl_gz(tmp_path / "a.jsonl.gz", [article(0)])
    assert len(input_files([str(tmp_path / "*.jsonl.gz")])) == 1
    with pytest.raises(NewscredError) as info:
        input_files([str(tmp_path / "*.parquet")])
    assert info.value.code == "NC100"
    (tmp_path / "x.txt").write_text("x")
    with pytest.raises(NewscredError) as info:
        input_files([str(tmp_path / "x.txt")])
    assert info.value.code == "NC103"
    (tmp_path / "empty").mkdir()
    with pytest.raises(NewscredError) as info:
        input_files([str(tmp_path / "empty")])
    assert info.value.code == "NC101"


def test_bad_lines_become_record_errors_and_the_rest_go_on(tmp_path):
    path = tmp_path / "a.jsonl.gz"
    with gzip.open(path, "wt") as handle:
        handle.write(json.dumps(article(0)) + "\n{broken\n\n")
        handle.write(json.dumps({"id": "long", "text": "x" * 5000}) + "\n")
        handle.write(json.dumps(article(1)) + "\n")
    items = [i for p in partitions(input_files([str(path)]), size=10, max_bytes=3000) for i in p.items]
    assert [type(i).__name__ for i in items] == ["ArticleInput", "RecordError", "RecordError", "ArticleInput"]
    assert items[1].error.code == "NC106" and items[2].error.code == "NC105"
    assert [i.record for i in items if isinstance(i, RecordError)] == [2, 3]
    assert items[3].id == "art-0001"


def test_fields_map_other_column_names_and_keep_the_rest(tmp_path):
    rows = [{"headline": "A title", "content": article(0)["text"], "text": "old", "desk": "metro",
             "published": pa.scalar(0, pa.timestamp("s")).as_py()}]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "a.parquet")
    files = input_files([str(tmp_path / "a.parquet")])
    [item] = next(partitions(files, fields={"title": "headline", "text": "content"})).items
    assert isinstance(item, ArticleInput)
    assert item.title == "A title" and item.text.startswith("The ")
    assert item.extra == {"input_text": "old", "desk": "metro"}
    assert item.published == "1970-01-01T00:00:00"


def test_whole_file_problems_surface_before_any_record(tmp_path):
    pq.write_table(pa.Table.from_pylist([{"headline": "x", "n": 1}]), tmp_path / "a.parquet")
    (tmp_path / "b.csv.gz").write_bytes(gzip.compress(b"headline,n\nx,1\n"))
    (tmp_path / "c.parquet").write_bytes(b"PAR1 not really")
    for name, code in (("a.parquet", "NC127"), ("b.csv.gz", "NC107"), ("c.parquet", "NC127")):
        with pytest.raises(NewscredError) as info:
            check_inputs(input_files([str(tmp_path / name)]))
        assert info.value.code == code, name
    with pytest.raises(NewscredError) as info:
        list(partitions(input_files([str(tmp_path / "a.parquet")]), fields={"nonsense": "n"}))
    assert info.value.code == "NC114"
