"""Clickbait headlines (Chakraborty et al. 2016): clickbait vs. not."""

from __future__ import annotations

from pathlib import Path

from newscred.evaluation.data._common import DatasetInfo, Record, read_text

FOLDER = "clickbait_chakraborty2016"
FILES = (("clickbait_data.txt", "clickbait", "c"), ("non_clickbait_data.txt", "not_clickbait", "n"))


def load_clickbait(root: Path) -> list[Record]:
    out = []
    for name, label, prefix in FILES:
        path = root / FOLDER / name
        number = 0
        for line in read_text(path).splitlines():
            headline = line.strip()
            if not headline:  # headlines are separated by blank lines
                continue
            number += 1
            out.append(Record("clickbait", f"{prefix}{number}", headline, label, "all"))
    return out


INFO = DatasetInfo(
    name="clickbait",
    folder=FOLDER,
    task="clickbait vs. not",
    unit="headline",
    labels=("clickbait", "not_clickbait"),
    licence="MIT",
    citation="A. Chakraborty, B. Paranjape, S. Kakarla, N. Ganguly. 2016. Stop Clickbait: "
    "Detecting and Preventing Clickbaits in Online News Media. ASONAM 2016.",
    files=tuple(f"{FOLDER}/{name}" for name, _, _ in FILES),
    load=load_clickbait,
    description="Headlines only; no official split (split 'all'); publisher unknown. The two "
    "classes come from disjoint publishers and differ in casing (71% vs 6% Title Case): "
    "test casing-normalised inputs.",
)
