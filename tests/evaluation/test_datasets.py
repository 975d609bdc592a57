"""Every registered dataset loads from the shared folder with the counts DATASETS.md states."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from newscred.evaluation.data import DATASETS, data_checksums, near_duplicate_groups, summarise
from newscred.evaluation.data.covid import raw_claims, raw_news

# split -> label -> count. Numbers are DATASETS.md's unless marked "as loaded" (derived
# from the documented rows by the loader's stated rule: filtering or de-duplication).
EXPECTED: dict[str, dict[str, dict[str, int]]] = {
    "liar": {
        "train": {"pants-fire": 842, "false": 1998, "barely-true": 1657, "half-true": 2123,
                  "mostly-true": 1966, "true": 1683},
        "valid": {"pants-fire": 116, "false": 263, "barely-true": 237, "half-true": 248,
                  "mostly-true": 251, "true": 169},
        "test": {"pants-fire": 92, "false": 250, "barely-true": 214, "half-true": 267,
                 "mostly-true": 249, "true": 211},
    },
    "clickbait": {"all": {"clickbait": 15999, "not_clickbait": 16001}},
    # 371 train articles of which 14 have no span; 75 dev articles, 1 without.
    "ptc2020": {"train": {"propaganda": 357, "no_propaganda": 14},
                "dev": {"propaganda": 74, "no_propaganda": 1}},
    "semeval2023_genre": {"train": {"opinion": 382, "reporting": 41, "satire": 10}},
    # 446 train / 90 dev articles; the article-level split of labels is as loaded.
    "semeval2023_techniques": {"train": {"persuasion": 431, "no_persuasion": 15},
                               "dev": {"persuasion": 87, "no_persuasion": 3}},
    "hyperpartisan": {"train": {"hyperpartisan": 238, "not_hyperpartisan": 407},
                      "test": {"hyperpartisan": 314, "not_hyperpartisan": 314}},
    "baly_emnlp18": {"all": {"high": 542, "mixed": 268, "low": 256}},
    "baly_acl2020": {"all": {"high": 452, "mixed": 245, "low": 162}},
    # fake 233 + "fake " + "fake news"; conspiracy 119 + "Conspiracy"; rumor 10 + "rumor ".
    "opensources": {"all": {"fake": 235, "bias": 132, "conspiracy": 120, "satire": 108,
                            "political": 65, "unreliable": 55, "clickbait": 35, "junksci": 32,
                            "hate": 28, "rumor": 11, "reliable": 3, "state": 1}},
    "constraint2021": {"train": {"real": 3360, "fake": 3060}, "valid": {"real": 1120, "fake": 1020},
                       "test": {"real": 1120, "fake": 1020}},
    # As loaded: the 181 fake / 2,773 real rows with > 200 characters of content,
    # de-duplicated by URL, one URL labelled both ways dropped.
    "coaid_news": {"all": {"fake": 169, "real": 2567}},
    # As loaded: 28 fake / 490 real claim rows, de-duplicated by claim text.
    "coaid_claims": {"all": {"fake": 28, "real": 461}},
    "checkthat2019": {"train": {"check_worthy": 440, "not_check_worthy": 16421 - 440},
                      "test": {"check_worthy": 136, "not_check_worthy": 7080 - 136}},
    "checkthat2020": {"train": {"check_worthy": 231, "not_check_worthy": 672 - 231},
                      "dev": {"check_worthy": 59, "not_check_worthy": 150 - 59},
                      "test": {"check_worthy": 60, "not_check_worthy": 140 - 60}},
    "fakes": {"all": {"credible": 426, "fake": 378}},
    "isot": {"all": {"fake": 1165, "true": 1071}},
    "golbeck": {"all": {"fake": 261, "satire": 199}},
    "fnc1": {"all": {"unrelated": 18349, "discuss": 4464, "agree": 1903, "disagree": 697}},
    "buzzfeed": {"all": {"mostly true": 1264, "mixture of true and false": 212, "mostly false": 87,
                         "no factual content": 64}},
    "recovery": {"all": {"reliable": 1295, "unreliable": 602}},
    "checkthat2021": {"train": {"false": 390, "partially false": 183, "true": 129, "other": 63},
                      "test": {"partially false": 87, "true": 52, "false": 32, "other": 18}},
    "snopes312": {"all": {"mostly true": 37, "mixture": 29, "true": 29, "mostly false": 27,
                          "false": 21}},
    "burfoot": {"train": {"reporting": 2383, "satire": 130},
                "test": {"reporting": 1415, "satire": 100}},
    "webis_editorials": {"all": {"opinion": 266}},
}  # fmt: skip


def _sorted(table: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    return {s: dict(sorted(labels.items())) for s, labels in sorted(table.items())}


def test_every_dataset_has_expected_counts():
    assert set(EXPECTED) == set(DATASETS)


@pytest.mark.parametrize("name", list(DATASETS))
def test_counts_per_split_and_label(name, dataset):
    assert summarise(dataset(name)) == _sorted(EXPECTED[name])


@pytest.mark.parametrize("name", list(DATASETS))
def test_records_are_well_formed(name, dataset):
    info = DATASETS[name]
    records = dataset(name)
    ids = [r.id for r in records]
    assert len(set(ids)) == len(ids), "ids must be unique"
    assert all(r.dataset == name for r in records)
    assert {r.label for r in records} <= set(info.labels)
    assert {r.split for r in records} <= {"train", "valid", "dev", "test", "all"}
    assert all(r.label == r.label.strip().lower() for r in records)
    assert info.citation and info.licence and info.task and info.unit and info.description


@pytest.mark.parametrize("name", list(DATASETS))
def test_checksums_cover_the_files_read(name, shared_root):
    if not (shared_root / DATASETS[name].folder).is_dir():
        pytest.skip(f"{name} not available")
    sums = data_checksums(name, shared_root)
    assert sums and all(re.fullmatch(r"[0-9a-f]{64}", v) for v in sums.values())
    assert all((shared_root / path).is_file() for path in sums)


def test_liar_has_no_credit_history(dataset):
    records = dataset("liar")
    allowed = {"subjects", "speaker", "job", "state", "party", "context"}
    assert all(set(r.extra) == allowed for r in records)
    assert not any(isinstance(v, int) for r in records for v in r.extra.values())
    assert sum(1 for r in records if r.split == "train" and not r.extra["context"]) == 100
    assert all(r.source == r.extra["speaker"] for r in records)


def test_clickbait_headlines_are_unique_across_classes(dataset):
    texts = [r.text for r in dataset("clickbait")]
    assert len(set(texts)) == len(texts) == 32000


def test_isot_is_masked(dataset):
    records = dataset("isot")
    assert not any("(Reuters)" in r.text for r in records)
    assert "subject" not in records[0].extra
    assert sum(1 for r in records if r.label == "fake" and not r.text) == 26


def _spans_inside(records, key):
    for record in records:
        for span in record.extra.get(key, ()):
            start, end = span[-2], span[-1]
            assert 0 <= start < end <= len(record.text), (record.id, span)


def test_ptc_spans(dataset):
    records = dataset("ptc2020")
    _spans_inside(records, "spans")
    _spans_inside(records, "si_spans")
    for split, tc, si in (("train", 6129, 5468), ("dev", 1075, 939)):
        part = [r for r in records if r.split == split]
        assert sum(len(r.extra["spans"]) for r in part) == tc
        assert sum(len(r.extra["si_spans"]) for r in part) == si
    train = Counter(s[0] for r in records if r.split == "train" for s in r.extra["spans"])
    assert train["Loaded_Language"] == 2123 and train["Bandwagon,Reductio_ad_hitlerum"] == 72
    dev = Counter(s[0] for r in records if r.split == "dev" for s in r.extra["spans"])
    assert dev["Loaded_Language"] == 328 and dev["Appeal_to_Authority"] == 14
    assert len(train) == len(dev) == 14


def test_semeval2023_techniques(dataset):
    records = dataset("semeval2023_techniques")
    _spans_inside(records, "spans")
    for record in records:
        for line, start, end, _ in record.extra["paragraphs"]:
            assert 0 <= start < end <= len(record.text), (record.id, line)
    for split, total, labelled in (("train", 9498, 3760), ("dev", 3127, 1120)):
        paragraphs = [p for r in records if r.split == split for p in r.extra["paragraphs"]]
        assert (len(paragraphs), sum(1 for p in paragraphs if p[3])) == (total, labelled)
    spans = Counter(s[0] for r in records if r.split == "train" for s in r.extra["spans"])
    assert sum(spans.values()) == 7201 and len(spans) == 19
    assert spans["Loaded_Language"] == 2447 and spans["Name_Calling-Labeling"] == 1242
    assert not any("spans" in r.extra for r in records if r.split == "dev")
    for record in records[:20]:  # paragraph offsets cover the labelled line
        for _, start, end, _ in record.extra["paragraphs"]:
            assert record.text[start:end].strip() and "\n" not in record.text[start:end]


def test_semeval2023_genre_frames(dataset):
    frames = Counter(f for r in dataset("semeval2023_genre") for f in r.extra["frames"])
    assert len(frames) == 14
    top = (frames["Political"], frames["Crime_and_punishment"], frames["Morality"])
    assert top == (235, 227, 203)


def test_hyperpartisan_publishers_are_split_disjoint(dataset):
    records = dataset("hyperpartisan")
    train = {r.source for r in records if r.split == "train"}
    test = {r.source for r in records if r.split == "test"}
    assert (len(train), len(test), len(train & test)) == (284, 267, 0)
    assert "" not in train | test


@pytest.mark.parametrize(
    ("name", "bias", "fold_sizes"),
    [
        ("baly_emnlp18", {"extreme-left": 21, "left": 168, "left-center": 209, "center": 263,
                          "right-center": 92, "right": 157, "extreme-right": 156},
         [215, 214, 213, 212, 212]),
        ("baly_acl2020", {"left": 239, "center": 271, "right": 349}, [172, 172, 172, 172, 171]),
    ],
)  # fmt: skip
def test_baly_bias_and_folds(name, bias, fold_sizes, dataset):
    records = dataset(name)
    assert Counter(r.extra["bias"] for r in records) == bias
    folds = Counter(r.extra["fold"] for r in records)
    assert [folds[k] for k in range(5)] == fold_sizes


def test_buzzfeed_orientation_table(dataset):
    table = Counter((r.extra["orientation"], r.label) for r in dataset("buzzfeed"))
    order = ("mostly true", "mixture of true and false", "mostly false", "no factual content")
    assert [table["mainstream", lab] for lab in order] == [806, 8, 0, 12]
    assert [table["left", lab] for lab in order] == [182, 51, 15, 8]
    assert [table["right", lab] for lab in order] == [276, 153, 72, 44]
    portals = Counter(r.source for r in dataset("buzzfeed"))
    assert portals["politico"] == 424 and portals["the-other-98"] == 37 and len(portals) == 9


def test_coaid_rows_match_the_documented_table(shared_root, dataset):
    if not (shared_root / "coaid_covid19").is_dir():
        pytest.skip("coaid_covid19 not available")
    news = raw_news(shared_root)
    rows = Counter((r["_snapshot"], r["_label"]) for r in news)
    long = Counter((r["_snapshot"], r["_label"]) for r in news if len(r["content"]) > 200)
    table = {  # snapshot: (fake rows, fake long, real rows, real long)
        "05-01-2020": (572, 113, 1590, 1324),
        "07-01-2020": (266, 51, 1127, 592),
        "09-01-2020": (56, 12, 893, 477),
        "11-01-2020": (31, 5, 922, 380),
    }
    for snapshot, expected in table.items():
        got = tuple(table[snapshot, label] for label in ("fake", "real") for table in (rows, long))
        assert got == expected, snapshot
    claims = Counter((r["_snapshot"], r["_label"]) for r in raw_claims(shared_root))
    assert claims == {("05-01-2020", "fake"): 27, ("05-01-2020", "real"): 166,
                      ("07-01-2020", "fake"): 1, ("07-01-2020", "real"): 172,
                      ("09-01-2020", "real"): 116, ("11-01-2020", "real"): 36}  # fmt: skip
    assert sum(len(r.extra["snapshots"]) for r in dataset("coaid_claims")) == 518
    loaded = dataset("coaid_news")
    assert all(len(r.text) >= 200 and r.source for r in loaded)  # the filter counts raw content
    assert len({r.extra["url"] for r in loaded}) == len(loaded)
    assert not any(r.extra["claim"] for r in loaded if r.label == "real")


def test_checkthat(dataset):
    ct2019 = dataset("checkthat2019")
    assert len({r.extra["debate"] for r in ct2019}) == 26
    assert all(r.id == f"{r.extra['debate']}:{r.extra['line']}" for r in ct2019)
    ct2020 = dataset("checkthat2020")
    assert all(r.extra["claim"] == 1 for r in ct2020 if r.label == "check_worthy")


def test_fnc1_bodies(dataset):
    records = dataset("fnc1")
    assert len({r.extra["body_id"] for r in records}) == 904
    assert all(r.text and r.title for r in records)


def test_golbeck_folder_label_wins(dataset):
    records = {r.id: r for r in dataset("golbeck")}
    assert (records["104"].label, records["104"].extra["meta_label"]) == ("satire", "fake")
    assert all(r.source for r in records.values())


def test_fakes_repeated_units_are_near_duplicates(dataset):
    records = dataset("fakes")
    groups = near_duplicate_groups([r.text for r in records])
    by_unit: dict[str, set[int]] = {}
    for record, group in zip(records, groups):
        by_unit.setdefault(record.id.split("-")[0], set()).add(group)
    repeated = [u for u in by_unit if sum(1 for r in records if r.id.split("-")[0] == u) > 1]
    assert (len(repeated), len(records) - len(by_unit)) == (9, 12)  # 804 rows, 792 unit ids
    # Most repeats are the same text (one differs by a few characters); all group together.
    assert all(len(by_unit[u]) == 1 for u in repeated)


def test_veracity_sets_keep_their_overlap_links(dataset):
    recovery = {r.id: r for r in dataset("recovery")}
    assert sum(bool(r.extra["overlap"]) for r in recovery.values()) == 2
    assert all(not set(r.extra) & {"mbfc_level", "political_bias", "country"}
               for r in recovery.values())  # they give the label away
    checkthat = dataset("checkthat2021")
    assert sum(r.extra["title_suspect"] for r in checkthat) == 247
    assert sum(r.extra["mentions_factcheck"] for r in checkthat) == 26
    snopes = {r.id: r for r in dataset("snopes312")}
    assert snopes["273"].extra["overlap"] == ("isot_sample5pct/fake_sample.csv:428",)
