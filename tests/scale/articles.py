"""Short synthetic articles for the batch-at-scale tests (no third-party text)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

PLACES = ("Riverton", "Lakeside", "Hillcrest", "Maple Falls", "Easton", "Westbrook")
TOPICS = ("the school budget", "a new bus line", "flood defences", "the library hours",
          "a housing plan", "water rates")


def article(i: int) -> dict:
    place, topic = PLACES[i % len(PLACES)], TOPICS[(i // 2) % len(TOPICS)]
    if i % 3 == 2:
        title = f"SHOCKING: {place} Officials EXPOSED Over {topic.title()} – You Won't Believe It"
        body = (f"According to reports, {place} officials are hiding the truth about {topic}. "
                "Critics say the plot is a disaster and a betrayal, and everyone should be "
                "outraged. Sources claim the scheme will destroy the town. ") * 5
    else:
        title = f"{place} council votes on {topic}"
        body = (f"The {place} council voted 5-2 on Tuesday to approve {topic}, the mayor said "
                f"in a statement. \"We listened to residents,\" council member Ana Ruiz said. "
                f"The plan costs ${i + 2} million and takes effect in March, according to the "
                "published minutes. ") * 4
    return {"id": f"art-{i:04d}", "title": title, "text": body}


def write_jsonl_gz(path: Path, records: list[dict]) -> Path:
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record) + "\n")
    return path


def read_parts(folder: Path):
    """Every part file's rows, in part order, as one pandas DataFrame."""
    import pandas as pd

    parts = sorted(folder.glob("part-*.parquet"))
    return pd.concat([pd.read_parquet(p) for p in parts], ignore_index=True)
