"""Loaders for the labelled article sets in ../shared/datasets (see DATASETS.md there).

Two layers:

- `newscred.evaluation.data` (re-exported here): a registry `DATASETS` of every shared
  dataset with validating loaders that return `Record`s in each dataset's own labels,
  plus `load`, `summarise`, `data_checksums`, `near_duplicate_groups` and
  `source_disjoint_folds`.
- The credibility loaders below (`LOADERS`, `load_credibility`), used by training: they
  return `LabelledArticle`s with one label scheme, `reliable = 1` for text that belongs
  with reliable reporting, `0` otherwise. The mapping per dataset is documented in
  docs/models.md.

Missing data raises NC201 with the path, so callers (and tests) can skip with a reason.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from newscred.errors import NewscredError
from newscred.evaluation.data import (
    DATASETS,
    DatasetInfo,
    Record,
    data_checksums,
    load,
    near_duplicate_groups,
    source_disjoint_folds,
    summarise,
)
from newscred.evaluation.data._common import shared_data_dir
from newscred.evaluation.data.articles import ISOT_DATELINE, ISOT_TAG, mask_isot

__all__ = [
    "BUZZFEED_LABELS",
    "BUZZFEED_OUTLETS",
    "DATASETS",
    "ISOT_DATELINE",
    "ISOT_TAG",
    "LOADERS",
    "DatasetInfo",
    "LabelledArticle",
    "Record",
    "counts",
    "data_checksums",
    "load",
    "load_buzzfeed",
    "load_credibility",
    "load_fakes",
    "load_isot",
    "twins_of",
    "mask_isot",
    "near_duplicate_groups",
    "shared_data_dir",
    "source_disjoint_folds",
    "summarise",
]

csv.field_size_limit(2**31 - 1)


@dataclass(frozen=True)
class LabelledArticle:
    dataset: str
    id: str
    title: str
    text: str
    reliable: int
    source: str  # outlet or the best grouping available, for source-disjoint splits
    outlet: str | None = None  # the publisher's name where the dataset records it
    # Near-duplicate links across datasets, as DATASETS.md writes them ("<file>:<0-based
    # row>"): `refs` names this article's own rows, `overlap` the rows it duplicates. Two
    # articles are twins when one's refs or overlap meet the other's.
    refs: tuple[str, ...] = ()
    overlap: tuple[str, ...] = ()


def _require(path: Path) -> Path:
    if not path.exists():
        raise NewscredError("NC201", f"missing dataset file {path}")
    return path


def _jsonl(path: Path) -> Iterator[dict]:
    with _require(path).open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as exc:
                    raise NewscredError("NC201", f"{path}:{number} is not JSON: {exc}") from exc


BUZZFEED_OUTLETS = {"cnn": "CNN", "abc": "ABC News", "politico": "Politico"}
BUZZFEED_LABELS = {"mostly true": 1, "mixture of true and false": 0, "mostly false": 0}


def load_buzzfeed(root: Path) -> list[LabelledArticle]:
    """BuzzFeed-Webis 2016: mostly true -> 1; mixture, mostly false -> 0; no factual content dropped."""
    out = []
    for row in _jsonl(root / "buzzfeed_webis_2016" / "data.jsonl"):
        label = BUZZFEED_LABELS.get(row["label"])
        if label is None or not row["text"].strip():
            continue
        out.append(
            LabelledArticle("buzzfeed", row["id"], row["title"] or "", row["text"], label,
                            row["portal"], BUZZFEED_OUTLETS.get(row["portal"]))
        )
    return out


def load_fakes(root: Path) -> list[LabelledArticle]:
    """FA-KES: credible -> 1, fake -> 0 (labels are about casualty facts; noisy)."""
    out = []
    for row in _jsonl(root / "fakes_syria_2019" / "data.jsonl"):
        if not row["text"].strip():
            continue
        label = {"credible": 1, "fake": 0}[row["label"]]
        out.append(LabelledArticle("fakes", row["id"], row["title"], row["text"], label, row["source"]))
    return out


def load_isot(root: Path) -> list[LabelledArticle]:
    """ISOT 5% sample: true -> 1, fake -> 0, datelines masked, `subject` ignored."""
    out = []
    for name, label in (("true_sample.csv", 1), ("fake_sample.csv", 0)):
        with _require(root / "isot_sample5pct" / name).open(encoding="utf-8", newline="") as handle:
            for number, row in enumerate(csv.DictReader(handle), start=1):
                text = mask_isot(row["text"]).strip()
                if not text:
                    continue
                # No outlet is recorded; the class is the only grouping (true = Reuters).
                source = "reuters" if label else "isot-fake-sites"
                out.append(LabelledArticle("isot", f"{name[0]}{number}", row["title"], text, label,
                                           source, "Reuters" if label else None,
                                           refs=(f"isot_sample5pct/{name}:{number - 1}",)))
    return out


def load_coaid(root: Path) -> list[LabelledArticle]:
    """CoAID news with body text: real -> 1, fake -> 0. The text is lower-cased with the
    punctuation stripped by the dataset authors, so style signals read it poorly."""
    return [
        LabelledArticle("coaid_news", r.id, r.title, r.text, int(r.label == "real"), r.source,
                        refs=tuple(r.extra.get("rows", ())))
        for r in load("coaid_news", root)
        if r.text.strip()
    ]


def load_recovery(root: Path) -> list[LabelledArticle]:
    """ReCOVery: the outlet's rating, reliable -> 1, unreliable -> 0 (split by publisher)."""
    return [
        LabelledArticle("recovery", r.id, r.title, r.text, int(r.label == "reliable"), r.source,
                        r.source or None, overlap=r.extra["overlap"])
        for r in load("recovery", root)
        if r.text.strip()
    ]


CHECKTHAT2021_LABELS = {"true": 1, "false": 0}  # "partially false" and "other" left out


def load_checkthat2021(root: Path) -> list[LabelledArticle]:
    """CheckThat! 2021 3a: true -> 1, false -> 0; texts that quote a fact-check verdict are
    left out (a label leak), and a title that belongs to another story is emptied."""
    out = []
    for r in load("checkthat2021", root):
        label = CHECKTHAT2021_LABELS.get(r.label)
        if label is None or r.extra["mentions_factcheck"] or not r.text.strip():
            continue
        title = "" if r.extra["title_suspect"] else r.title
        # No outlet is recorded; each article is its own group.
        out.append(LabelledArticle("checkthat2021", r.id, title, r.text, label, f"ct:{r.id}",
                                   overlap=r.extra["overlap"]))
    return out


SNOPES_LABELS = {"true": 1, "mostly true": 1, "false": 0, "mostly false": 0}  # mixture out


def load_snopes312(root: Path) -> list[LabelledArticle]:
    """Snopes312: true, mostly true -> 1; false, mostly false -> 0; mixture left out."""
    out = []
    for r in load("snopes312", root):
        label = SNOPES_LABELS.get(r.label)
        if label is None or not r.text.strip():
            continue
        out.append(LabelledArticle("snopes312", r.id, r.title, r.text, label,
                                   r.source or f"snopes:{r.id}", overlap=r.extra["overlap"]))
    return out


LOADERS = {
    "buzzfeed": load_buzzfeed, "fakes": load_fakes, "isot": load_isot, "coaid_news": load_coaid,
    "recovery": load_recovery, "checkthat2021": load_checkthat2021, "snopes312": load_snopes312,
}


def twins_of(articles: list[LabelledArticle], held_out: set[int]) -> set[int]:
    """Indexes of the articles outside `held_out` that are near-duplicates of one inside it
    (DATASETS.md's shared_overlap links, either way round)."""
    keys = set()
    for i in held_out:
        keys.update(articles[i].refs)
        keys.update(articles[i].overlap)
    return {
        i for i, a in enumerate(articles)
        if i not in held_out and (keys & set(a.refs) or keys & set(a.overlap))
    }


def load_credibility(names: tuple[str, ...], root: Path) -> list[LabelledArticle]:
    articles: list[LabelledArticle] = []
    for name in names:
        articles.extend(LOADERS[name](root))
    return articles


def counts(articles: list[LabelledArticle]) -> dict[str, dict[str, int]]:
    table: dict[str, Counter] = {}
    for a in articles:
        table.setdefault(a.dataset, Counter())["reliable" if a.reliable else "unreliable"] += 1
    return {k: dict(v) for k, v in sorted(table.items())}
