"""Full-text article sets: BuzzFeed-Webis 2016, FA-KES, ISOT (5% sample), Golbeck 2018
(fake vs. satire) and the SemEval-2019 hyperpartisan by-article set."""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime
from pathlib import Path

from newscred.evaluation.data._common import (
    DatasetInfo,
    Record,
    check_label,
    domain_of,
    fail,
    read_csv,
    read_jsonl,
    row_at,
)

BUZZFEED = "buzzfeed_webis_2016"
FAKES = "fakes_syria_2019"
ISOT = "isot_sample5pct"
GOLBECK = "golbeck2018_fake_vs_satire"
HYPERPARTISAN = "hyperpartisan_semeval2019_byarticle"

BUZZFEED_LABELS = ("mostly true", "mixture of true and false", "mostly false", "no factual content")
ORIENTATIONS = ("mainstream", "left", "right")
FAKES_FACTS = (
    "date", "location", "actor", "cause_of_death",
    "nb_children", "nb_civilians", "nb_noncivilians", "nb_women",
)  # fmt: skip

# ISOT's true class is Reuters copy: every text opens with "CITY (Reuters) -" and none of the
# fake ones do, so the dateline is masked (and any other "(Reuters)" tag) before use.
ISOT_DATELINE = re.compile(r"^\s*[^\n]{0,120}?\(Reuters\)\s*[-–—]\s*")
ISOT_TAG = re.compile(r"\(Reuters\)")
ISOT_FILES = (("true_sample.csv", "true", "0"), ("fake_sample.csv", "fake", "1"))
ISOT_DATE_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%d-%b-%y")


def mask_isot(text: str) -> str:
    return ISOT_TAG.sub("", ISOT_DATELINE.sub("", text, count=1))


def _iso_date(value: str) -> str:
    """ISOT dates in ISO form: the raw strings differ in format between the classes."""
    value = value.strip()
    for fmt in ISOT_DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            continue
    return ""


def _unique_id(seen: Counter, raw: str) -> str:
    seen[raw] += 1
    return raw if seen[raw] == 1 else f"{raw}-{seen[raw]}"


def load_buzzfeed(root: Path) -> list[Record]:
    path = root / BUZZFEED / "data.jsonl"
    out = []
    for number, row in read_jsonl(path, ("id", "title", "text", "label", "portal", "orientation")):
        where = f"{path}:{number}"
        out.append(
            Record(
                dataset="buzzfeed",
                id=str(row["id"]),
                text=row["text"] or "",
                label=check_label(row["label"], BUZZFEED_LABELS, where),
                split="all",
                title=row["title"] or "",
                source=row["portal"],
                extra={
                    "portal": row["portal"],
                    "orientation": check_label(row["orientation"], ORIENTATIONS, where),
                    "author": row.get("author") or "",
                    "url": row.get("source_url") or "",
                },
            )
        )
    return out


def load_fakes(root: Path) -> list[Record]:
    path = root / FAKES / "data.jsonl"
    out, seen = [], Counter()
    for number, row in read_jsonl(path, ("id", "title", "text", "label", "source", *FAKES_FACTS)):
        out.append(
            Record(
                dataset="fakes",
                id=_unique_id(seen, str(row["id"])),
                text=row["text"],
                label=check_label(row["label"], ("credible", "fake"), f"{path}:{number}"),
                split="all",
                title=row["title"],
                source=row["source"],
                extra={key: row[key] for key in FAKES_FACTS},
            )
        )
    return out


def load_isot(root: Path) -> list[Record]:
    out = []
    for name, label, code in ISOT_FILES:
        path = root / ISOT / name
        for number, row in read_csv(path, ("title", "text", "subject", "date", "label")):
            if row["label"].strip() != code:
                raise fail(f"{row_at(path, number)}: label {row['label']!r} in the {label} file")
            # `subject` is left out: its values are disjoint between the classes.
            out.append(
                Record(
                    dataset="isot",
                    id=f"{name[0]}{number}",
                    text=mask_isot(row["text"]).strip(),
                    label=label,
                    split="all",
                    title=row["title"],
                    extra={"published": _iso_date(row["date"])},
                )
            )
    return out


def load_golbeck(root: Path) -> list[Record]:
    path = root / GOLBECK / "data.jsonl"
    out = []
    for number, row in read_jsonl(path, ("id", "title", "text", "label", "source_url")):
        out.append(
            Record(
                dataset="golbeck",
                id=str(row["id"]),
                text=row["text"],
                label=check_label(row["label"], ("fake", "satire"), f"{path}:{number}"),
                split="all",
                title=row["title"],
                source=domain_of(row["source_url"]),
                extra={
                    "url": row["source_url"].strip(),
                    "rebuttal_url": (row.get("rebuttal_url") or "").strip(),
                    "meta_label": " ".join((row.get("meta_label") or "").split()).lower(),
                },
            )
        )
    return out


def load_hyperpartisan(root: Path) -> list[Record]:
    path = root / HYPERPARTISAN / "data.jsonl"
    out = []
    fields = ("id", "title", "text", "label", "split", "source_url", "published_at")
    for number, row in read_jsonl(path, fields):
        where = f"{path}:{number}"
        out.append(
            Record(
                dataset="hyperpartisan",
                id=str(row["id"]),
                text=row["text"],
                label=check_label(row["label"], ("hyperpartisan", "not_hyperpartisan"), where),
                split=check_label(row["split"], ("train", "test"), where),
                title=row["title"] or "",
                source=domain_of(row["source_url"]),
                extra={"url": row["source_url"], "published": row["published_at"] or ""},
            )
        )
    return out


BUZZFEED_INFO = DatasetInfo(
    name="buzzfeed",
    folder=BUZZFEED,
    task="veracity (4 levels) of hyperpartisan and mainstream Facebook news posts",
    unit="article",
    labels=BUZZFEED_LABELS,
    licence="CC BY 4.0 reported for the Zenodo release (not verified); mirror states none",
    citation="M. Potthast, J. Kiesel, K. Reinartz, J. Bevendorff, B. Stein. 2018. A Stylometric "
    "Inquiry into Hyperpartisan and Fake News. ACL 2018.",
    files=(f"{BUZZFEED}/data.jsonl",),
    load=load_buzzfeed,
    description="All 1,627 articles (23 have empty text, 31 empty titles). source = portal; "
    "extra orientation, author, url. The publisher almost determines the label: hold "
    "publishers out. 'no factual content' is not a truth value.",
)

FAKES_INFO = DatasetInfo(
    name="fakes",
    folder=FAKES,
    task="fake vs. credible (casualty facts checked against the VDC record)",
    unit="article",
    labels=("credible", "fake"),
    licence="CC BY 4.0 reported for the Zenodo release (not verified); repository states none",
    citation="F. K. Abu Salem, R. Al Feel, S. Elbassuoni, M. Jaber, M. Farah. 2019. FA-KES: A "
    "Fake News Dataset around the Syrian War. ICWSM 2019.",
    files=(f"{FAKES}/data.jsonl",),
    load=load_fakes,
    description="Decoded data.jsonl; source = outlet; extra = the crowd-extracted facts. "
    "12 unit ids repeat (792 distinct in 804 rows), mostly the same text with both labels; "
    "repeats get an id suffix '-2', '-3'. Commas were stripped by the dataset authors.",
)

ISOT_INFO = DatasetInfo(
    name="isot",
    folder=ISOT,
    task="fake vs. true full-text articles (5% sample)",
    unit="article",
    labels=("fake", "true"),
    licence="unstated; research use, cite the ISOT papers",
    citation="H. Ahmed, I. Traore, S. Saad. 2017. Detection of Online Fake News Using N-Gram "
    "Analysis and Machine Learning Techniques. ISDDC 2017.",
    files=tuple(f"{ISOT}/{name}" for name, _, _ in ISOT_FILES),
    load=load_isot,
    description="Texts masked: the 'CITY (Reuters) -' dateline and '(Reuters)' tags removed. "
    "`subject` dropped (disjoint between classes); dates normalised to ISO in "
    "extra['published'] (their raw formats differ by class). source is empty: every true "
    "article is Reuters. 26 fake rows have empty text. Prefer as auxiliary data only.",
)

GOLBECK_INFO = DatasetInfo(
    name="golbeck",
    folder=GOLBECK,
    task="fake news vs. satire",
    unit="article",
    labels=("fake", "satire"),
    licence="unstated; the README asks for citation",
    citation="J. Golbeck et al. 2018. Fake News vs Satire: A Dataset and Analysis. WebSci 2018.",
    files=(f"{GOLBECK}/data.jsonl",),
    load=load_golbeck,
    description="Label from the folder (article 104: spreadsheet says fake, folder satire). "
    "source = domain of the story URL (outlets contribute up to 11 stories: split by "
    "source). No real class.",
)

HYPERPARTISAN_INFO = DatasetInfo(
    name="hyperpartisan",
    folder=HYPERPARTISAN,
    task="hyperpartisan vs. not",
    unit="article",
    labels=("hyperpartisan", "not_hyperpartisan"),
    licence="CC BY 4.0 reported for the Zenodo record (not verified); mirror states none",
    citation="J. Kiesel et al. 2019. SemEval-2019 Task 4: Hyperpartisan News Detection. "
    "SemEval 2019.",
    files=(f"{HYPERPARTISAN}/data.jsonl",),
    load=load_hyperpartisan,
    description="By-article part; official train/test split kept (publisher-disjoint). "
    "source = publisher domain from the URL. About partisanship, not truth. Article "
    "0000411 nearly duplicates buzzfeed 0885.",
)
