"""Tiny CheckThat! 2019 and 2020 folders written for the tests (no third-party text)."""

from __future__ import annotations

from pathlib import Path

CLAIMS = [
    "Unemployment fell to {n} percent last year, the lowest in a decade.",
    "We spent {n} billion dollars on roads in {y}.",
    "The city hired {n} new teachers since {y}.",
    "Crime dropped by {n} percent in the last four years.",
]
CHATTER = [
    "Thank you all for coming tonight.",
    "I want to say hello to my friends here.",
    "Let me answer that question.",
    "Good evening, everyone.",
    "That is a great question, thank you.",
    "I think we can do better together.",
]


def _debate(seed: int) -> list[tuple[str, str]]:
    rows = []
    for i in range(24):
        if i % 6 == seed % 6:
            template = CLAIMS[(i + seed) % len(CLAIMS)]
            rows.append((template.format(n=3 + i + seed, y=2000 + i), "1"))
        else:
            rows.append((CHATTER[(i + seed) % len(CHATTER)], "0"))
    return rows


def build(root: Path) -> Path:
    base = root / "checkthat2019_task1_en"
    for split, debates in (("train", range(6)), ("test", range(6, 9))):
        (base / split).mkdir(parents=True)
        for d in debates:
            lines = [f"{n}\tSPEAKER{n % 2}\t{text}\t{label}"
                     for n, (text, label) in enumerate(_debate(d), start=1)]
            (base / split / f"debate{d}.tsv").write_text("\n".join(lines) + "\n")
    tweets = root / "checkthat2020_task1_en"
    tweets.mkdir(parents=True)
    header = "topic_id\ttweet_id\ttweet_url\ttweet_text\tclaim\t{}"
    for name, column, offset in (("training_v2.tsv", "check_worthiness", 0),
                                 ("dev_v2.tsv", "check_worthiness", 100),
                                 ("test-gold.tsv", "claim_worthiness", 200)):
        rows = [header.format(column)]
        for i, (text, label) in enumerate(_debate(offset // 100 + 1)[:12]):
            tid = 1000 + offset + i
            rows.append(f"T1\t{tid}\thttps://twitter.com/user{i}/status/{tid}\t{text}\t{label}\t{label}")
        (tweets / name).write_text("\n".join(rows) + "\n")
    return root
