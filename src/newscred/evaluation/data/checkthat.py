"""CLEF CheckThat! Task 1 (English): check-worthiness of debate sentences (2019) and of
COVID-19 tweets (2020)."""

from __future__ import annotations

import csv
from pathlib import Path
from urllib.parse import urlsplit

from newscred.evaluation.data._common import (
    DatasetInfo,
    Record,
    fail,
    read_csv,
    read_text,
    require_dir,
    row_at,
    to_int,
)

CT2019 = "checkthat2019_task1_en"
CT2020 = "checkthat2020_task1_en"
LABELS = ("check_worthy", "not_check_worthy")
CODES = {"1": "check_worthy", "0": "not_check_worthy"}
CT2020_FILES = (
    ("train", "training_v2.tsv", "check_worthiness"),
    ("dev", "dev_v2.tsv", "check_worthiness"),
    ("test", "test-gold.tsv", "claim_worthiness"),  # the test file names the column differently
)


def _label(value: str, at: str, column: str = "label") -> str:
    label = CODES.get(value.strip())
    if label is None:
        raise fail(f"{at}: unexpected {column} {value!r} (expected 0 or 1)")
    return label


def load_checkthat2019(root: Path) -> list[Record]:
    out = []
    for split in ("train", "test"):
        folder = require_dir(root / CT2019 / split)
        paths = sorted(folder.glob("*.tsv"))
        if not paths:
            raise fail(f"no .tsv transcripts in {folder}")
        for path in paths:
            debate = path.stem
            for number, line in enumerate(read_text(path).splitlines(), start=1):
                if not line.strip():
                    continue
                at = f"{path}:{number}"
                parts = line.split("\t")
                if len(parts) != 4:
                    raise fail(f"{at}: expected 4 tab-separated fields, found {len(parts)}")
                line_number, speaker, text, label = parts
                sentence = to_int(line_number, at)
                out.append(
                    Record(
                        dataset="checkthat2019",
                        id=f"{debate}:{sentence}",
                        text=text.strip(),
                        label=_label(label, at),
                        split=split,
                        source=debate,
                        extra={"speaker": speaker.strip(), "debate": debate, "line": sentence},
                    )
                )
    return out


def _handle(url: str) -> str:
    """The account in a tweet URL (twitter.com/<handle>/status/<id>); '' for the placeholder."""
    parts = [p for p in urlsplit(url.strip()).path.split("/") if p]
    if len(parts) >= 3 and parts[1] == "status" and parts[0].lower() not in {"user", "i"}:
        return parts[0].lower()
    return ""


def load_checkthat2020(root: Path) -> list[Record]:
    out = []
    for split, name, column in CT2020_FILES:
        path = root / CT2020 / name
        required = ("topic_id", "tweet_id", "tweet_url", "tweet_text", "claim", column)
        for number, row in read_csv(path, required, delimiter="\t", quoting=csv.QUOTE_NONE):
            at = row_at(path, number)
            claim = row["claim"].strip()
            if claim not in CODES:
                raise fail(f"{at}: unexpected claim {claim!r} (expected 0 or 1)")
            out.append(
                Record(
                    dataset="checkthat2020",
                    id=row["tweet_id"].strip(),
                    text=row["tweet_text"].strip(),
                    label=_label(row[column], at, column),
                    split=split,
                    source=_handle(row["tweet_url"]),
                    extra={
                        "topic_id": row["topic_id"].strip(),
                        "url": row["tweet_url"].strip(),
                        "claim": int(claim),
                    },
                )
            )
    return out


CT2019_INFO = DatasetInfo(
    name="checkthat2019",
    folder=CT2019,
    task="check-worthiness of political debate sentences",
    unit="debate sentence",
    labels=LABELS,
    licence="free for general research use (task README)",
    citation="P. Atanasova, P. Nakov, G. Karadzhov, M. Mohtarami, G. Da San Martino. 2019. "
    "Overview of the CLEF-2019 CheckThat! Lab, Task 1: Check-Worthiness. CLEF 2019.",
    files=(f"{CT2019}/train/*.tsv", f"{CT2019}/test/*.tsv"),
    load=load_checkthat2019,
    description="Official train/test transcripts; label 1 -> check_worthy. id = debate:line; "
    "source = the debate (transcript file), the natural group for splits; extra speaker, "
    "debate, line (neighbouring sentences matter). About 3% positives: use ranking metrics.",
)

CT2020_INFO = DatasetInfo(
    name="checkthat2020",
    folder=CT2020,
    task="check-worthiness of COVID-19 tweets",
    unit="tweet",
    labels=LABELS,
    licence="free for general research use (task README)",
    citation="A. Barrón-Cedeño et al. 2020. Overview of CheckThat! 2020: Automatic "
    "Identification and Verification of Claims in Social Media. CLEF 2020.",
    files=tuple(f"{CT2020}/{name}" for _, name, _ in CT2020_FILES),
    load=load_checkthat2020,
    description="train/dev/test; label from check_worthiness (claim_worthiness in the test "
    "file) 1 -> check_worthy; extra claim (0/1), topic_id, url. source = the account in "
    "the tweet URL ('' where the URL uses the 'user' placeholder).",
)
