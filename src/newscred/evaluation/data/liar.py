"""LIAR (Wang 2017): six-way truthfulness of short political statements."""

from __future__ import annotations

import csv
from pathlib import Path

from newscred.evaluation.data._common import DatasetInfo, Record, check_label, fail, require

FOLDER = "liar"
LABELS = ("pants-fire", "false", "barely-true", "half-true", "mostly-true", "true")
SPLITS = ("train", "valid", "test")
# Columns 9-13 (the speaker's credit history) are never read: they include the
# statement's own verdict and leak the label.
FIELDS = 14


def load_liar(root: Path) -> list[Record]:
    out = []
    for split in SPLITS:
        path = require(root / FOLDER / f"{split}.tsv")
        with path.open(encoding="utf-8", newline="") as handle:
            rows = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
            for number, row in enumerate(rows, start=1):
                if not row:
                    continue
                where = f"{path}:{number}"
                if len(row) != FIELDS:
                    raise fail(f"{where}: expected {FIELDS} tab-separated fields, found {len(row)}")
                statement_id, label, statement, subject, speaker, job, state, party = row[:8]
                context = row[13]
                if not statement_id.endswith(".json"):
                    raise fail(f"{where}: statement id {statement_id!r} is not NNNN.json")
                out.append(
                    Record(
                        dataset="liar",
                        id=statement_id.removesuffix(".json"),
                        text=statement.strip(),
                        label=check_label(label, LABELS, where),
                        split=split,
                        source=speaker.strip(),
                        extra={
                            "subjects": tuple(s for s in subject.split(",") if s),
                            "speaker": speaker.strip(),
                            "job": job.strip(),
                            "state": state.strip(),
                            "party": party.strip(),
                            "context": context.strip(),
                        },
                    )
                )
    return out


INFO = DatasetInfo(
    name="liar",
    folder=FOLDER,
    task="6-way truthfulness of short political claims",
    unit="statement",
    labels=LABELS,
    licence="research use only (dataset README); statements keep their sources' copyright",
    citation='William Yang Wang. 2017. "Liar, Liar Pants on Fire": A New Benchmark Dataset '
    "for Fake News Detection. ACL 2017.",
    files=tuple(f"{FOLDER}/{s}.tsv" for s in SPLITS),
    load=load_liar,
    description="PolitiFact statements with speaker metadata in extra (subjects, speaker, job, "
    "state, party, context); the five credit-history counts are dropped because they leak "
    "the label. source = speaker. Claims, not articles.",
)
