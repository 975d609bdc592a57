"""Full-text veracity sets added for transfer (issue 12): ReCOVery (COVID-19 news, outlet
labels), CheckThat! 2021 task 3a (fact-checked articles) and MisInfoText Snopes312.

Each `data.jsonl` is the cleaned view described in DATASETS.md. Every record keeps its
`shared_overlap` list (near-duplicates in the older shared sets, as "<file>:<0-based row>")
in `extra["overlap"]`, so a held-out evaluation can drop the twins from training.
"""

from __future__ import annotations

from pathlib import Path

from newscred.evaluation.data._common import (
    DatasetInfo,
    Record,
    check_label,
    domain_of,
    fail,
    read_jsonl,
)

RECOVERY = "recovery_covid19_2020"
CHECKTHAT2021 = "checkthat2021_task3a_en"
SNOPES312 = "misinfotext_snopes312"

CHECKTHAT2021_LABELS = ("false", "partially false", "true", "other")
SNOPES_LABELS = ("false", "mostly false", "mixture", "mostly true", "true")


def _overlap(row: dict, where: str) -> tuple[str, ...]:
    value = row.get("shared_overlap") or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise fail(f"{where}: shared_overlap must be a list of strings")
    return tuple(value)


def _flag(row: dict, key: str, where: str) -> bool:
    value = row.get(key)
    if not isinstance(value, bool):
        raise fail(f"{where}: {key} must be true or false, got {value!r}")
    return value


def load_recovery(root: Path) -> list[Record]:
    path = root / RECOVERY / "data.jsonl"
    out = []
    fields = ("id", "title", "text", "label", "source_url", "publisher", "publish_date")
    for number, row in read_jsonl(path, fields):
        where = f"{path}:{number}"
        # mbfc_level, political_bias and country give the label away: never kept.
        out.append(Record(
            dataset="recovery", id=str(row["id"]), text=row["text"] or "",
            label=check_label(row["label"], ("reliable", "unreliable"), where), split="all",
            title=row["title"] or "", source=(row["publisher"] or "").strip(),
            extra={"url": row["source_url"] or "", "published": row["publish_date"] or "",
                   "overlap": _overlap(row, where)},
        ))
    return out


def load_checkthat2021(root: Path) -> list[Record]:
    path = root / CHECKTHAT2021 / "data.jsonl"
    out = []
    fields = ("id", "title", "text", "label", "split", "title_suspect", "mentions_factcheck")
    for number, row in read_jsonl(path, fields):
        where = f"{path}:{number}"
        out.append(Record(
            dataset="checkthat2021", id=str(row["id"]), text=row["text"] or "",
            label=check_label(row["label"], CHECKTHAT2021_LABELS, where),
            split=check_label(row["split"], ("train", "test"), where),
            title=row["title"] or "", source="",
            extra={"title_suspect": _flag(row, "title_suspect", where),
                   "mentions_factcheck": _flag(row, "mentions_factcheck", where),
                   "overlap": _overlap(row, where)},
        ))
    return out


def load_snopes312(root: Path) -> list[Record]:
    path = root / SNOPES312 / "data.jsonl"
    out = []
    fields = ("id", "title", "text", "label", "source_url", "claim", "article_role")
    for number, row in read_jsonl(path, fields):
        where = f"{path}:{number}"
        if row["article_role"] != "right":
            raise fail(f"{where}: article_role {row['article_role']!r}; only 'right' rows belong")
        out.append(Record(
            dataset="snopes312", id=str(row["id"]), text=row["text"] or "",
            label=check_label(row["label"], SNOPES_LABELS, where), split="all",
            title=row["title"] or "", source=domain_of(row["source_url"] or ""),
            extra={"url": row["source_url"] or "", "claim": row["claim"] or "",
                   "overlap": _overlap(row, where)},
        ))
    return out


RECOVERY_INFO = DatasetInfo(
    name="recovery", folder=RECOVERY,
    task="COVID-19 news from reliable vs. unreliable outlets (the outlet's rating)",
    unit="article", labels=("reliable", "unreliable"),
    licence="CC BY-NC-SA 4.0 (non-commercial, share-alike)",
    citation="X. Zhou, A. Mulay, E. Ferrara, R. Zafarani. 2020. ReCOVery: A Multimodal "
    "Repository for COVID-19 News Credibility Research. CIKM 2020.",
    files=(f"{RECOVERY}/data.jsonl",), load=load_recovery,
    description="The cleaned data.jsonl (1,897 articles). source = publisher; labels are the "
    "outlet's rating, so split by publisher. mbfc_level, political_bias and country are "
    "dropped: they give the label away.",
)

CHECKTHAT2021_INFO = DatasetInfo(
    name="checkthat2021", folder=CHECKTHAT2021,
    task="veracity of the main claim of fact-checked articles (CT-FAN-21, English)",
    unit="article", labels=CHECKTHAT2021_LABELS,
    licence="unstated; distributed for research use, cite the overview paper",
    citation="G. K. Shahi, J. M. Struß, T. Mandl. 2021. Overview of the CLEF-2021 CheckThat! "
    "Lab Task 3 on Fake News Detection. CLEF 2021 Working Notes.",
    files=(f"{CHECKTHAT2021}/data.jsonl",), load=load_checkthat2021,
    description="The cleaned data.jsonl (954 articles, train 765 / test 189). About a "
    "quarter of the titles belong to another story (extra['title_suspect']); 26 texts quote "
    "the verdict (extra['mentions_factcheck']). No outlet is recorded.",
)

SNOPES312_INFO = DatasetInfo(
    name="snopes312", folder=SNOPES312,
    task="Snopes rating of the claim an article makes (MisInfoText Snopes312)",
    unit="article", labels=SNOPES_LABELS,
    licence="unstated (index repository GPL-3.0); research use",
    citation="F. Torabi Asr, M. Taboada. 2019. Big Data and quality data for fake news and "
    "misinformation detection. Big Data & Society 6(1).",
    files=(f"{SNOPES312}/data.jsonl",), load=load_snopes312,
    description="Only the 143 articles that make the rated claim (annotators' majority "
    "'right'). source = domain of the cited URL (often an archive copy).",
)
