"""Loaders fail with NC201 naming the problem: missing files, columns, labels, bad spans."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from newscred.errors import NewscredError
from newscred.evaluation.data import DATASETS, Record, load, summarise

LIAR_ROW = "\t".join(
    ["1.json", "{label}", "Says the budget doubled.", "economy", "jane-doe", "Mayor", "Ohio",
     "democrat", "1", "2", "3", "4", "5", "a speech"]
) + "\n"  # fmt: skip


def _liar(root: Path, label: str = "false") -> Path:
    folder = root / "liar"
    folder.mkdir(parents=True)
    for split in ("train", "valid", "test"):
        (folder / f"{split}.tsv").write_text(LIAR_ROW.format(label=label), encoding="utf-8")
    return folder


def _nc201(call) -> str:
    with pytest.raises(NewscredError) as caught:
        call()
    assert caught.value.code == "NC201"
    return caught.value.message


def test_small_liar_loads_without_credit_counts(tmp_path):
    _liar(tmp_path)
    records = load("liar", tmp_path)
    assert summarise(records) == {s: {"false": 1} for s in ("test", "train", "valid")}
    assert records[0] == Record(
        "liar", "1", "Says the budget doubled.", "false", "train", source="jane-doe",
        extra={"subjects": ("economy",), "speaker": "jane-doe", "job": "Mayor", "state": "Ohio",
               "party": "democrat", "context": "a speech"},
    )  # fmt: skip


def test_missing_file_is_named(tmp_path):
    (_liar(tmp_path) / "valid.tsv").unlink()
    message = _nc201(lambda: load("liar", tmp_path))
    assert "valid.tsv" in message


def test_missing_folder_is_named(tmp_path):
    message = _nc201(lambda: load("clickbait", tmp_path))
    assert str(tmp_path / "clickbait_chakraborty2016") in message


def test_unknown_dataset():
    assert "nope" in _nc201(lambda: load("nope", Path(".")))


def test_malformed_label_names_value_and_row(tmp_path):
    _liar(tmp_path, label="sorta-true")
    message = _nc201(lambda: load("liar", tmp_path))
    assert "'sorta-true'" in message and "train.tsv:1" in message


def test_wrong_field_count(tmp_path):
    folder = _liar(tmp_path)
    (folder / "test.tsv").write_text("1.json\tfalse\tshort row\n", encoding="utf-8")
    assert "14" in _nc201(lambda: load("liar", tmp_path))


def test_csv_label_and_column(tmp_path):
    folder = tmp_path / "covid19_constraint2021_en"
    folder.mkdir()
    for name in ("Constraint_Train.csv", "Constraint_Val.csv", "english_test_with_labels.csv"):
        (folder / name).write_text("id,tweet,label\n1,Masks help.,real\n", encoding="utf-8")
    assert summarise(load("constraint2021", tmp_path))["valid"] == {"real": 1}
    (folder / "Constraint_Val.csv").write_text("id,tweet,label\n1,x,misleading\n", encoding="utf-8")
    message = _nc201(lambda: load("constraint2021", tmp_path))
    assert "'misleading'" in message and "Constraint_Val.csv row 1" in message
    (folder / "Constraint_Val.csv").write_text("id,text,label\n1,x,real\n", encoding="utf-8")
    assert "missing column(s) tweet" in _nc201(lambda: load("constraint2021", tmp_path))


def test_checkthat2020_reads_the_renamed_test_column(tmp_path):
    folder = tmp_path / "checkthat2020_task1_en"
    folder.mkdir()
    header = "topic_id\ttweet_id\ttweet_url\ttweet_text\tclaim\t{}\n"
    row = "covid-19\t{0}\thttps://twitter.com/Someone/status/{0}\tA tweet\t1\t1\n"
    files = (("training_v2.tsv", "check_worthiness"), ("dev_v2.tsv", "check_worthiness"),
             ("test-gold.tsv", "claim_worthiness"))  # fmt: skip
    for name, column in files:
        (folder / name).write_text(header.format(column) + row.format(len(name)), encoding="utf-8")
    records = load("checkthat2020", tmp_path)
    assert [r.split for r in records] == ["train", "dev", "test"]
    assert {r.label for r in records} == {"check_worthy"} and records[0].source == "someone"


def test_jsonl_label(tmp_path):
    folder = tmp_path / "hyperpartisan_semeval2019_byarticle"
    folder.mkdir()
    row = {"id": "1", "title": "T", "text": "Body", "label": "partisan-ish", "split": "train",
           "source_url": "https://www.example.com/a", "published_at": ""}  # fmt: skip
    (folder / "data.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    assert "'partisan-ish'" in _nc201(lambda: load("hyperpartisan", tmp_path))
    row["label"] = "Hyperpartisan "
    (folder / "data.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    [record] = load("hyperpartisan", tmp_path)
    assert (record.label, record.source) == ("hyperpartisan", "example.com")


def _ptc(root: Path, span: tuple[int, int], technique: str = "Doubt") -> None:
    folder = root / "propaganda_ptc_semeval2020_task11"
    for sub in ("train-articles", "dev-articles"):
        (folder / sub).mkdir(parents=True)
        (folder / sub / "article1.txt").write_text("Title\n\nIs it true?\n", encoding="utf-8")
    (folder / "propaganda-techniques-names-semeval2020task11.txt").write_text(
        "\n".join(DATASETS_PTC_TECHNIQUES) + "\n", encoding="utf-8"
    )
    line = f"1\t{technique}\t{span[0]}\t{span[1]}\n"
    for name in ("train-task2-TC.labels", "dev-task-TC.labels"):
        (folder / name).write_text(line, encoding="utf-8")
    for name in ("train-task1-SI.labels", "dev-task-SI.labels"):
        (folder / name).write_text(f"1\t{span[0]}\t{span[1]}\n", encoding="utf-8")


DATASETS_PTC_TECHNIQUES = (
    "Appeal_to_Authority", "Appeal_to_fear-prejudice", "Bandwagon,Reductio_ad_hitlerum",
    "Black-and-White_Fallacy", "Causal_Oversimplification", "Doubt", "Exaggeration,Minimisation",
    "Flag-Waving", "Loaded_Language", "Name_Calling,Labeling", "Repetition", "Slogans",
    "Thought-terminating_Cliches", "Whataboutism,Straw_Men,Red_Herring",
)  # fmt: skip


def test_span_inside_text_loads(tmp_path):
    _ptc(tmp_path, (7, 18))
    records = load("ptc2020", tmp_path)
    assert [r.extra["spans"] for r in records] == [(("Doubt", 7, 18),)] * 2
    assert records[0].text[7:18] == "Is it true?" and records[0].title == "Title"


def test_span_outside_text_fails(tmp_path):
    _ptc(tmp_path, (7, 99))
    message = _nc201(lambda: load("ptc2020", tmp_path))
    assert "7-99" in message and "train-task2-TC.labels:1" in message


def test_unknown_technique_fails(tmp_path):
    _ptc(tmp_path, (7, 18), technique="Mind_Control")
    assert "'Mind_Control'" in _nc201(lambda: load("ptc2020", tmp_path))


@pytest.mark.parametrize("name", list(DATASETS))
def test_each_loader_names_a_missing_file(name, shared_root, tmp_path):
    """Mirror the dataset with links, drop one (non-pattern) file: NC201 names it."""
    info = DATASETS[name]
    if not (shared_root / info.folder).is_dir():
        pytest.skip(f"{name} not available")
    fixed = [p for p in info.files if "*" not in p]
    if not fixed:
        pytest.skip(f"{name} reads only folders of files")
    for path in info.resolve_files(shared_root):
        target = tmp_path / path
        target.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(shared_root / path, target)
    missing = fixed[0]
    (tmp_path / missing).unlink()
    assert missing.rsplit("/", 1)[-1] in _nc201(lambda: load(name, tmp_path))
