"""A tiny PTC-format corpus written for the tests (no third-party text)."""

from __future__ import annotations

from pathlib import Path

TECHNIQUES = (
    "Appeal_to_Authority", "Appeal_to_fear-prejudice", "Bandwagon,Reductio_ad_hitlerum",
    "Black-and-White_Fallacy", "Causal_Oversimplification", "Doubt",
    "Exaggeration,Minimisation", "Flag-Waving", "Loaded_Language", "Name_Calling,Labeling",
    "Repetition", "Slogans", "Thought-terminating_Cliches", "Whataboutism,Straw_Men,Red_Herring",
)

# (title, sentences, [(technique, phrase)]): phrases are found in the text.
ARTICLES = [
    ("Council approves library budget",
     ["The council approved the library budget on Tuesday.",
      "The vote was seven to two, the clerk said.",
      "Opponents called the plan a disgraceful betrayal of taxpayers.",
      "The library will open longer hours from March."],
     [("Loaded_Language", "disgraceful betrayal"), ("Name_Calling,Labeling", "Opponents")]),
    ("Storm closes schools",
     ["Schools closed on Monday after a storm.",
      "Officials said roads were icy.",
      "Only a fool would believe the reckless mayor cares about children.",
      "Classes resume on Wednesday."],
     [("Name_Calling,Labeling", "reckless mayor"), ("Doubt", "Only a fool would believe")]),
    ("Bridge repair begins",
     ["Repairs on the river bridge began this week.",
      "Our great nation deserves bridges that stand, patriots say.",
      "The work will take six months.",
      "Drivers should expect delays."],
     [("Flag-Waving", "Our great nation deserves bridges that stand")]),
    ("Mayor defends plan",
     ["The mayor defended the housing plan.",
      "Critics warn that criminals will flood every street if it passes.",
      "The plan adds 400 homes.",
      "A hearing is set for May."],
     [("Appeal_to_fear-prejudice", "criminals will flood every street"),
      ("Exaggeration,Minimisation", "flood every street")]),
    ("Farmers market returns",
     ["The farmers market returns on Saturday.",
      "Vendors said sales were steady last year.",
      "It is a shameful, disgusting scandal, one resident wrote.",
      "Parking is free."],
     [("Loaded_Language", "shameful, disgusting scandal")]),
    ("Park renovation finished",
     ["The park renovation finished on time.",
      "The city paid 2 million dollars for the work.",
      "Either you support the park or you hate the city.",
      "Families visited on Sunday."],
     [("Black-and-White_Fallacy", "Either you support the park or you hate the city")]),
]
DEV = [
    ("Council debates water rates",
     ["The council debated water rates on Thursday.",
      "Opponents called it a disgraceful, shameful betrayal.",
      "A vote is expected next week."],
     [("Loaded_Language", "disgraceful, shameful betrayal")]),
    ("New bus line opens",
     ["A new bus line opened on Monday.",
      "Only a fool would believe the reckless council.",
      "Fares are two dollars."],
     [("Doubt", "Only a fool would believe"), ("Name_Calling,Labeling", "reckless council")]),
]


def _write(base: Path, folder: str, first_id: int, articles) -> tuple[list[str], list[str]]:
    (base / folder).mkdir(parents=True)
    tc, si = [], []
    for n, (title, sentences, spans) in enumerate(articles):
        article_id = str(first_id + n)
        text = title + "\n\n" + "\n".join(sentences) + "\n"
        (base / folder / f"article{article_id}.txt").write_text(text, encoding="utf-8")
        for technique, phrase in spans:
            start = text.index(phrase)
            tc.append(f"{article_id}\t{technique}\t{start}\t{start + len(phrase)}")
            si.append(f"{article_id}\t{start}\t{start + len(phrase)}")
    return tc, si


def build(root: Path) -> Path:
    """Write the corpus under root/propaganda_ptc_semeval2020_task11; return root."""
    base = root / "propaganda_ptc_semeval2020_task11"
    base.mkdir(parents=True)
    (base / "propaganda-techniques-names-semeval2020task11.txt").write_text("\n".join(TECHNIQUES) + "\n")
    tc, si = _write(base, "train-articles", 1001, ARTICLES * 2)
    (base / "train-task2-TC.labels").write_text("\n".join(tc) + "\n")
    (base / "train-task1-SI.labels").write_text("\n".join(si) + "\n")
    tc, si = _write(base, "dev-articles", 2001, DEV)
    (base / "dev-task-TC.labels").write_text("\n".join(tc) + "\n")
    (base / "dev-task-SI.labels").write_text("\n".join(si) + "\n")
    return root
