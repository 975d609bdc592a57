"""Source-level labels: Baly et al. media factuality/bias (EMNLP 2018, ACL 2020) and the
OpenSources domain list."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from newscred.evaluation.data._common import (
    DatasetInfo,
    Record,
    check_label,
    fail,
    norm_label,
    read_csv,
    read_text,
    row_at,
)

BALY = "media_reliability_baly"
OPENSOURCES = "opensources"
FACT = ("high", "mixed", "low")
BIAS = {
    "emnlp18": (
        "extreme-left", "left", "left-center", "center", "right-center", "right", "extreme-right",
    ),
    "acl2020": ("left", "center", "right"),
}
BALY_COLUMNS = ("source_url", "source_url_normalized", "ref", "fact", "bias")
FOLDS = 5

OPENSOURCES_TYPES = (
    "fake", "satire", "bias", "conspiracy", "junksci", "hate",
    "clickbait", "unreliable", "political", "reliable", "rumor", "state",
)  # fmt: skip
# Spelling variants in the list, after case and whitespace are normalised.
TYPE_ALIASES = {"fake news": "fake", "satirical": "satire", "unrealiable": "unreliable"}


def _folds(path: Path, ids: set[str]) -> dict[str, int]:
    """outlet id -> the fold (0-4) whose test part holds it; checks the folds partition."""
    try:
        splits = json.loads(read_text(path))
    except json.JSONDecodeError as exc:
        raise fail(f"{path} is not JSON: {exc}") from exc
    if sorted(splits) != [str(k) for k in range(FOLDS)]:
        raise fail(f"{path}: expected folds 0-{FOLDS - 1}, found {sorted(splits)}")
    fold_of: dict[str, int] = {}
    for key in sorted(splits):
        part = splits[key]
        if not isinstance(part, dict) or not {"train", "test"} <= set(part):
            raise fail(f"{path}: fold {key} lacks train/test lists")
        train, test = set(part["train"]), set(part["test"])
        if train & test or (train | test) != ids:
            raise fail(f"{path}: fold {key} train+test do not partition the corpus outlets")
        for outlet in test:
            if outlet in fold_of:
                raise fail(f"{path}: outlet {outlet!r} is in the test part of two folds")
            fold_of[outlet] = int(key)
    if set(fold_of) != ids:
        raise fail(f"{path}: {len(ids - set(fold_of))} outlets are in no test fold")
    return fold_of


def load_baly(root: Path, version: str) -> list[Record]:
    base = root / BALY / version
    corpus = base / "corpus.tsv"
    rows = []
    for number, row in read_csv(corpus, BALY_COLUMNS, delimiter="\t", quoting=csv.QUOTE_NONE):
        at = row_at(corpus, number)
        row["fact"] = check_label(row["fact"], FACT, at)
        row["bias"] = check_label(row["bias"], BIAS[version], at)
        rows.append(row)
    ids = [r["source_url_normalized"].strip() for r in rows]
    if len(set(ids)) != len(ids):
        raise fail(f"{corpus}: source_url_normalized is not unique")
    fold_of = _folds(base / "splits.json", set(ids))
    return [
        Record(
            dataset=f"baly_{version}",
            id=outlet,
            text=outlet,
            label=row["fact"],
            split="all",
            source=outlet,
            extra={
                "bias": row["bias"],
                "fold": fold_of[outlet],
                "url": row["source_url"].strip(),
                "mbfc": row["ref"].strip(),
            },
        )
        for outlet, row in zip(ids, rows)
    ]


def load_emnlp18(root: Path) -> list[Record]:
    return load_baly(root, "emnlp18")


def load_acl2020(root: Path) -> list[Record]:
    return load_baly(root, "acl2020")


def _type(value: object) -> str:
    label = norm_label(str(value or ""))
    return TYPE_ALIASES.get(label, label)


def load_opensources(root: Path) -> list[Record]:
    path = root / OPENSOURCES / "sources.json"
    try:
        sources = json.loads(read_text(path))
    except json.JSONDecodeError as exc:
        raise fail(f"{path} is not JSON: {exc}") from exc
    if not isinstance(sources, dict):
        raise fail(f"{path}: expected an object keyed by domain")
    out = []
    for domain, entry in sources.items():
        at = f"{path} domain {domain!r}"
        if not isinstance(entry, dict) or "type" not in entry:
            raise fail(f"{at}: missing field 'type'")
        label = check_label(_type(entry["type"]), OPENSOURCES_TYPES, at)
        others = tuple(t for t in (_type(entry.get("2nd type")), _type(entry.get("3rd type"))) if t)
        name = domain.strip().lower()
        out.append(
            Record(
                dataset="opensources",
                id=name,
                text=name,
                label=label,
                split="all",
                source=name,
                extra={
                    "other_types": others,
                    "notes": str(entry.get("Source Notes (things to know?)") or "").strip(),
                },
            )
        )
    return out


BALY_CITATION = {
    "emnlp18": "R. Baly, G. Karadzhov, D. Alexandrov, J. Glass, P. Nakov. 2018. Predicting "
    "Factuality of Reporting and Bias of News Media Sources. EMNLP 2018.",
    "acl2020": "R. Baly et al. 2020. What Was Written vs. Who Read It: News Media Profiling "
    "Using Text Analysis and Social Media Context. ACL 2020.",
}


def _baly_info(version: str, load) -> DatasetInfo:
    return DatasetInfo(
        name=f"baly_{version}",
        folder=f"{BALY}/{version}",
        task="factuality of reporting of news outlets (bias in extra)",
        unit="news source",
        labels=FACT,
        licence="unstated; labels derive from mediabiasfactcheck.com, whose terms apply",
        citation=BALY_CITATION[version],
        files=(f"{BALY}/{version}/corpus.tsv", f"{BALY}/{version}/splits.json"),
        load=load,
        description="One record per outlet: text = id = source = source_url_normalized, label "
        "= MBFC factuality; extra bias, url, mbfc page and fold (the paper's 5-fold split: "
        "the fold whose test part holds the outlet). Do not mix the two versions' folds.",
    )


EMNLP18_INFO = _baly_info("emnlp18", load_emnlp18)
ACL2020_INFO = _baly_info("acl2020", load_acl2020)

OPENSOURCES_INFO = DatasetInfo(
    name="opensources",
    folder=OPENSOURCES,
    task="domain credibility categories",
    unit="domain",
    labels=OPENSOURCES_TYPES,
    licence="GNU LGPL v3 (repository LICENSE); README says free for public use",
    citation="Melissa Zimdars et al. OpenSources.co (2016-2017), release 2.1.0.",
    files=(f"{OPENSOURCES}/sources.json",),
    load=load_opensources,
    description="text = id = source = domain; label = primary type (case and whitespace "
    "normalised, 'fake news' -> fake); extra other_types (2nd/3rd type), notes. Only 3 "
    "reliable domains: not a balanced list. Frozen in 2017.",
)
