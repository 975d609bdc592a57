"""Validating loaders for every labelled dataset in the shared folder (see DATASETS.md there).

    from newscred.evaluation.data import DATASETS, load, summarise
    records = load("liar")                 # list[Record], in the dataset's own labels
    summarise(records)                     # {"train": {"false": 1998, ...}, ...}

Each loader checks that its files exist, that the expected columns/fields are there, that
every label is in the documented set and that spans lie inside their text; anything else
raises `NewscredError("NC201", ...)` naming the file and row, so callers can skip with the
reason. `DATASETS[name]` describes a dataset (task, unit, labels, licence, citation, the
files it reads, pitfalls); `data_checksums` hashes those files for the evaluation record.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from newscred.evaluation.data import (
    articles,
    checkthat,
    clickbait,
    covid,
    fnc1,
    genre_sets,
    liar,
    outlets,
    persuasion,
    propaganda,
    veracity,
)
from newscred.evaluation.data._common import (
    DatasetInfo,
    Record,
    require_dir,
    sha256,
    shared_data_dir,
)
from newscred.evaluation.data.splitting import near_duplicate_groups, source_disjoint_folds
from newscred.errors import NewscredError

__all__ = [
    "DATASETS",
    "DatasetInfo",
    "Record",
    "data_checksums",
    "info",
    "load",
    "near_duplicate_groups",
    "shared_data_dir",
    "source_disjoint_folds",
    "summarise",
]

DATASETS: dict[str, DatasetInfo] = {
    info.name: info
    for info in (
        liar.INFO,
        clickbait.INFO,
        propaganda.INFO,
        persuasion.GENRE_INFO,
        persuasion.TECHNIQUES_INFO,
        articles.HYPERPARTISAN_INFO,
        outlets.EMNLP18_INFO,
        outlets.ACL2020_INFO,
        outlets.OPENSOURCES_INFO,
        covid.CONSTRAINT_INFO,
        covid.COAID_NEWS_INFO,
        covid.COAID_CLAIMS_INFO,
        checkthat.CT2019_INFO,
        checkthat.CT2020_INFO,
        articles.FAKES_INFO,
        articles.ISOT_INFO,
        articles.GOLBECK_INFO,
        fnc1.INFO,
        articles.BUZZFEED_INFO,
        veracity.RECOVERY_INFO,
        veracity.CHECKTHAT2021_INFO,
        veracity.SNOPES312_INFO,
        genre_sets.BURFOOT_INFO,
        genre_sets.WEBIS_INFO,
    )
}


def info(name: str) -> DatasetInfo:
    try:
        return DATASETS[name]
    except KeyError:
        raise NewscredError(
            "NC201", f"unknown dataset {name!r}", hint=f"Use one of: {', '.join(DATASETS)}."
        ) from None


def load(name: str, root: Path | None = None) -> list[Record]:
    """The records of a registered dataset; NC201 names what is missing or malformed."""
    entry = info(name)
    base = Path(root) if root is not None else shared_data_dir()
    require_dir(base / entry.folder)
    return entry.load(base)


def summarise(records: Iterable[Record]) -> dict[str, dict[str, int]]:
    """split -> label -> count, both sorted by name."""
    table: dict[str, Counter] = {}
    for record in records:
        table.setdefault(record.split, Counter())[record.label] += 1
    return {split: dict(sorted(table[split].items())) for split in sorted(table)}


def data_checksums(name: str, root: Path | None = None) -> dict[str, str]:
    """Relative path -> sha256 of every file the dataset's loader reads."""
    entry = info(name)
    base = Path(root) if root is not None else shared_data_dir()
    require_dir(base / entry.folder)
    return {path: sha256(base / path) for path in entry.resolve_files(base)}
