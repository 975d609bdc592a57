"""COVID-19 sets: CONSTRAINT@AAAI-2021 (English posts) and CoAID (news articles, claims)."""

from __future__ import annotations

import re
from pathlib import Path

from newscred.evaluation.data._common import (
    DatasetInfo,
    Record,
    check_label,
    domain_of,
    read_csv,
    row_at,
)

CONSTRAINT = "covid19_constraint2021_en"
CONSTRAINT_FILES = (
    ("train", "Constraint_Train.csv"),
    ("valid", "Constraint_Val.csv"),
    ("test", "english_test_with_labels.csv"),
)
COAID = "coaid_covid19"
SNAPSHOTS = ("05-01-2020", "07-01-2020", "09-01-2020", "11-01-2020")
CLAIM_LABELS = {  # snapshot -> labels with a claim file (the later snapshots have no fake claims)
    "05-01-2020": ("fake", "real"),
    "07-01-2020": ("fake", "real"),
    "09-01-2020": ("real",),
    "11-01-2020": ("real",),
}
NEWS_COLUMNS = (
    "type", "fact_check_url", "news_url", "title", "newstitle", "content", "publish_date",
)  # fmt: skip
CLAIM_COLUMNS = ("fact_check_url", "news_url", "title")
MIN_CONTENT = 200  # keep news rows with more than this many characters of `content`


def load_constraint(root: Path) -> list[Record]:
    out = []
    for split, name in CONSTRAINT_FILES:
        path = root / CONSTRAINT / name
        for number, row in read_csv(path, ("id", "tweet", "label")):
            out.append(
                Record(
                    dataset="constraint2021",
                    id=f"{split}-{row['id'].strip()}",
                    text=row["tweet"].strip(),
                    label=check_label(row["label"], ("real", "fake"), row_at(path, number)),
                    split=split,
                )
            )
    return out


def _file(kind: str, label: str) -> str:
    return f"{kind}{label.capitalize()}COVID-19.csv"


def raw_news(root: Path) -> list[dict[str, str]]:
    """Every CoAID news row of every snapshot, with `_snapshot`, `_label` and `_row` added."""
    rows = []
    for snapshot in SNAPSHOTS:
        for label in ("fake", "real"):
            path = root / COAID / snapshot / _file("News", label)
            for number, row in read_csv(path, NEWS_COLUMNS):
                rows.append({**row, "_snapshot": snapshot, "_label": label, "_row": str(number)})
    return rows


def _url_key(url: str) -> str:
    """A URL without scheme, leading www. and trailing slash, for de-duplication."""
    key = re.sub(r"^[a-z]+://", "", url.strip(), flags=re.IGNORECASE)
    key = re.sub(r"^www\d*\.", "", key, flags=re.IGNORECASE)
    return key.rstrip("/")


def _headline(row: dict[str, str]) -> str:
    # `newstitle` is the article's own headline in quotes. For fake rows `title` is the
    # fact-checked claim, not the headline, so it goes to extra["claim"] instead.
    headline = row["newstitle"].strip()
    if len(headline) >= 2 and headline[0] == headline[-1] == '"':
        headline = headline[1:-1].strip()
    return headline or (row["title"].strip() if row["_label"] == "real" else "")


def load_coaid_news(root: Path) -> list[Record]:
    kept: dict[str, list[dict[str, str]]] = {}
    for row in raw_news(root):
        if len(row["content"]) <= MIN_CONTENT:
            continue
        key = _url_key(row["news_url"]) or f"content:{row['content']}"
        kept.setdefault(key, []).append(row)
    out = []
    for rows in kept.values():
        if len({r["_label"] for r in rows}) > 1:
            continue  # the same URL is labelled fake in one snapshot and real in another
        first = rows[0]
        label = first["_label"]
        out.append(
            Record(
                dataset="coaid_news",
                id=f"{first['_snapshot']}/{label}/{first['_row']}",
                text=first["content"].strip(),
                label=label,
                split="all",
                title=_headline(first),
                source=domain_of(first["news_url"]),
                extra={
                    "url": first["news_url"].strip(),
                    "type": first["type"].strip(),
                    "published": first["publish_date"].strip(),
                    "fact_check_url": first["fact_check_url"].strip(),
                    "claim": first["title"].strip() if label == "fake" else "",
                    "snapshots": tuple(r["_snapshot"] for r in rows),
                    # "<file>:<0-based row>" of every copy, as other sets' shared_overlap
                    # lists name them.
                    "rows": tuple(
                        f"{COAID}/{r['_snapshot']}/{_file('News', r['_label'])}:{int(r['_row']) - 1}"
                        for r in rows
                    ),
                },
            )
        )
    return out


def raw_claims(root: Path) -> list[dict[str, str]]:
    """Every CoAID claim row, with `_snapshot`, `_label` and `_row` added."""
    rows = []
    for snapshot, labels in CLAIM_LABELS.items():
        for label in labels:
            path = root / COAID / snapshot / _file("Claim", label)
            for number, row in read_csv(path, CLAIM_COLUMNS):
                rows.append({**row, "_snapshot": snapshot, "_label": label, "_row": str(number)})
    return rows


def load_coaid_claims(root: Path) -> list[Record]:
    kept: dict[str, list[dict[str, str]]] = {}
    for row in raw_claims(root):
        claim = " ".join(row["title"].split())
        if claim:
            kept.setdefault(claim.casefold(), []).append(row)
    out = []
    for rows in kept.values():
        if len({r["_label"] for r in rows}) > 1:
            continue
        first = rows[0]
        out.append(
            Record(
                dataset="coaid_claims",
                id=f"{first['_snapshot']}/{first['_label']}/{first['_row']}",
                text=" ".join(first["title"].split()),
                label=first["_label"],
                split="all",
                source=domain_of(first["news_url"]),
                extra={
                    "url": first["news_url"].strip(),
                    "fact_check_url": first["fact_check_url"].strip(),
                    "snapshots": tuple(r["_snapshot"] for r in rows),
                },
            )
        )
    return out


CONSTRAINT_INFO = DatasetInfo(
    name="constraint2021",
    folder=CONSTRAINT,
    task="COVID-19 fake vs. real social media posts",
    unit="social post",
    labels=("real", "fake"),
    licence="unstated for the data; research use, cite the paper",
    citation="P. Patwa et al. 2021. Fighting an Infodemic: COVID-19 Fake News Dataset. "
    "CONSTRAINT 2021 (CCIS 1402).",
    files=tuple(f"{CONSTRAINT}/{name}" for _, name in CONSTRAINT_FILES),
    load=load_constraint,
    description="Official train/valid/test (the file 'Val' is split 'valid'); id = split-id. "
    "Posts, not articles; URLs are far more common in real posts (a shortcut).",
)

COAID_CITATION = (
    "Limeng Cui, Dongwon Lee. 2020. CoAID: COVID-19 Healthcare Misinformation Dataset. "
    "arXiv:2006.00885."
)

COAID_NEWS_INFO = DatasetInfo(
    name="coaid_news",
    folder=COAID,
    task="COVID-19 fake vs. real news articles",
    unit="article",
    labels=("fake", "real"),
    licence="unstated",
    citation=COAID_CITATION,
    files=tuple(f"{COAID}/{s}/{_file('News', lab)}" for s in SNAPSHOTS for lab in ("fake", "real")),
    load=load_coaid_news,
    description="All four snapshots; only rows with more than 200 characters of `content`; "
    "de-duplicated by news_url (first occurrence kept, extra['snapshots'] lists them all; a "
    "URL labelled both fake and real is dropped). NOTE: `content` is lower-cased with most "
    "punctuation stripped by the dataset authors, so casing/punctuation features are "
    "meaningless here. title = the article's headline (`newstitle`); for fake rows the CSV "
    "`title` is the fact-checked claim and is kept in extra['claim'] only. source = domain "
    "of news_url; real items come mostly from health agencies and big outlets (shortcut).",
)

COAID_CLAIMS_INFO = DatasetInfo(
    name="coaid_claims",
    folder=COAID,
    task="COVID-19 fake vs. real claims",
    unit="claim",
    labels=("fake", "real"),
    licence="unstated",
    citation=COAID_CITATION,
    files=tuple(
        f"{COAID}/{s}/{_file('Claim', lab)}" for s, labels in CLAIM_LABELS.items() for lab in labels
    ),
    load=load_coaid_claims,
    description="Claims (the `title` column) of all snapshots, de-duplicated by claim text "
    "(case and whitespace folded; extra['snapshots'] lists every occurrence). source = "
    "domain of news_url. Very imbalanced (28 fake).",
)
