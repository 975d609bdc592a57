"""Propaganda Techniques Corpus as released for SemEval-2020 Task 11 (train + dev gold)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from newscred.evaluation.data._common import (
    DatasetInfo,
    Record,
    check_span,
    fail,
    read_text,
    require_dir,
    to_int,
)

FOLDER = "propaganda_ptc_semeval2020_task11"
TECHNIQUES_FILE = "propaganda-techniques-names-semeval2020task11.txt"
# split -> (articles folder, technique (TC) labels, span (SI) labels)
SPLITS = {
    "train": ("train-articles", "train-task2-TC.labels", "train-task1-SI.labels"),
    "dev": ("dev-articles", "dev-task-TC.labels", "dev-task-SI.labels"),
}
LABELS = ("propaganda", "no_propaganda")


def read_articles(folder: Path) -> dict[str, str]:
    """article id -> text for every article<ID>.txt in a folder (text verbatim)."""
    articles = {}
    for path in sorted(require_dir(folder).glob("article*.txt")):
        articles[path.stem.removeprefix("article")] = read_text(path)
    if not articles:
        raise fail(f"no article*.txt files in {folder}")
    return articles


def read_label_lines(path: Path, fields: int) -> list[tuple[int, list[str]]]:
    rows = []
    for number, line in enumerate(read_text(path).splitlines(), start=1):
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) != fields:
            raise fail(f"{path}:{number}: expected {fields} tab-separated fields, got {len(parts)}")
        rows.append((number, parts))
    return rows


def read_spans(
    path: Path, articles: dict[str, str], techniques: frozenset[str] | None
) -> dict[str, list[tuple]]:
    """article id -> spans, each (technique, start, end) or, without techniques, (start, end)."""
    fields = 3 if techniques is None else 4
    spans: dict[str, list[tuple]] = defaultdict(list)
    for number, parts in read_label_lines(path, fields):
        where = f"{path}:{number}"
        article_id = parts[0].strip()
        if article_id not in articles:
            raise fail(f"{where}: no article {article_id!r} for this label")
        start, end = to_int(parts[-2], where), to_int(parts[-1], where)
        check_span(articles[article_id], start, end, where)
        if techniques is None:
            spans[article_id].append((start, end))
            continue
        technique = parts[1].strip()
        if technique not in techniques:
            raise fail(f"{where}: unexpected technique {technique!r}")
        spans[article_id].append((technique, start, end))
    return spans


def span_order(span: tuple) -> tuple:
    return (span[-2], span[-1], span[0]) if len(span) == 3 else span


def load_ptc(root: Path) -> list[Record]:
    base = root / FOLDER
    techniques_path = base / TECHNIQUES_FILE
    techniques = frozenset(t.strip() for t in read_text(techniques_path).splitlines() if t.strip())
    if len(techniques) != 14:
        raise fail(f"{techniques_path}: expected 14 techniques, found {len(techniques)}")
    out = []
    for split, (folder, tc_file, si_file) in SPLITS.items():
        articles = read_articles(base / folder)
        tc = read_spans(base / tc_file, articles, techniques)
        si = read_spans(base / si_file, articles, None)
        for article_id, text in sorted(articles.items()):
            spans = tuple(sorted(tc.get(article_id, ()), key=span_order))
            out.append(
                Record(
                    dataset="ptc2020",
                    id=article_id,
                    text=text,
                    label="propaganda" if spans else "no_propaganda",
                    split=split,
                    title=text.split("\n", 1)[0].strip(),
                    extra={"spans": spans, "si_spans": tuple(sorted(si.get(article_id, ())))},
                )
            )
    return out


INFO = DatasetInfo(
    name="ptc2020",
    folder=FOLDER,
    task="propaganda spans + 14 techniques",
    unit="article (character spans in extra)",
    labels=LABELS,
    licence="unstated (research use; cite the papers)",
    citation="G. Da San Martino et al. 2020. SemEval-2020 Task 11: Detection of Propaganda "
    "Techniques in News Articles. SemEval 2020; corpus: Da San Martino et al. 2019, "
    "Fine-Grained Analysis of Propaganda in News Articles. EMNLP-IJCNLP 2019.",
    files=(
        f"{FOLDER}/{TECHNIQUES_FILE}",
        *(f"{FOLDER}/{folder}/article*.txt" for folder, _, _ in SPLITS.values()),
        *(f"{FOLDER}/{name}" for _, tc, si in SPLITS.values() for name in (tc, si)),
    ),
    load=load_ptc,
    description="One record per article (text verbatim, title = first line). "
    "extra['spans'] = ((technique, start, end), ...) from the TC labels, code-point offsets, "
    "end exclusive, overlapping allowed; extra['si_spans'] = ((start, end), ...). label = "
    "'propaganda' when the article has any span. Dev gold is from a third-party mirror and "
    "its boundaries differ slightly from the official template: strip whitespace at span "
    "edges before scoring. The same articles are re-annotated in semeval2023_techniques: "
    "never train on one and evaluate on the other.",
)
