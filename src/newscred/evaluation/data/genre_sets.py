"""Genre sets added for issue 18: Burfoot & Baldwin 2009 satire vs. newswire, and the
Webis-Editorials-16 subset of COLING 2020 (opinion only).

Both read the cleaned `data.jsonl` described in DATASETS.md and check its documented
counts, so an altered copy fails loudly (NC201) instead of shifting an evaluation. Labels are
already in the genre scheme (`reporting` / `opinion` / `satire`).

`source` is the grouping for outlet-disjoint splits:

- Webis: the outlet (Al Jazeera, Fox News, The Guardian).
- Burfoot: no outlet or date is recorded, so each class is one pseudo-outlet
  (`burfoot:satire-sites`, `burfoot:newswire`). A split by source then holds all of
  Burfoot's satire out together, the conservative choice: its sites are unknown and may
  recur across the corpus.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from newscred.evaluation.data._common import (
    DatasetInfo,
    Record,
    check_label,
    fail,
    read_jsonl,
)

BURFOOT = "satire_burfoot_baldwin2009"
WEBIS = "webis_editorials16_coling20"

# DATASETS.md, "Counts" (the cleaned data.jsonl).
BURFOOT_COUNTS = {("train", "reporting"): 2383, ("train", "satire"): 130,
                  ("test", "reporting"): 1415, ("test", "satire"): 100}
WEBIS_COUNTS = {"Al Jazeera": 96, "Fox News": 85, "The Guardian": 85}
BURFOOT_SOURCES = {"reporting": "burfoot:newswire", "satire": "burfoot:satire-sites"}
_BURFOOT_ORIGINAL = {"true": "reporting", "satire": "satire"}

# Webis pitfalls: author lines at the end of some texts, "The Observer view on ..." titles.
_AUTHOR_LINE = re.compile(
    r"click here|can be reached|twitter|(?<![\w@])@\w{3,}|^o\s|\bfollow (?:him|her|me)\b|"
    r"\bis the author\b|\bhis (?:latest|new) book\b|"
    r"^(?:dr\.?\s|mr\.?\s|ms\.?\s)?(?:[A-Z][\w.'-]+\s){2,4}(?:is|was|serves as) (?:a|an|the|"
    r"executive|senior|chief|president|director|professor|editor|author|co-?founder|founder)\b|"
    r"\brepresents [A-Z][a-z]+ in the\b",
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z@o\"(])")
_OBSERVER_VIEW = re.compile(r"^\s*the observer view on\s+", re.IGNORECASE)
_STRONG_CUE = re.compile(r"click here for more|\bfollow (?:him|her|me)\b|can be reached|"
                         r"\bis the author of\b|twitter ?[:@]|(?<![\w@])@\w{3,}", re.IGNORECASE)
AUTHOR_LINE_WORDS = 120


def strip_author_line(text: str) -> tuple[str, bool]:
    """The text without a closing author/contact note (a Webis pitfall: "Click here for
    more information on ...", Twitter handles, "X is a ... of ..."), and whether one was
    removed: the whole last paragraph when it is short and carries a strong cue or opens
    with "<Name> is a ...", otherwise author-like sentences at the very end."""
    body = text.rstrip()
    head, sep, last = body.rpartition("\n")
    if not head.strip():
        return text, False
    words = len(last.split())
    if words <= AUTHOR_LINE_WORDS and (_STRONG_CUE.search(last)
                                       or _AUTHOR_LINE.search(last.strip())
                                       and _AUTHOR_LINE.search(last.strip()).start() == 0):
        return head.rstrip(), True
    sentences = _SENTENCE_END.split(last)
    keep = len(sentences)
    while keep > 0 and _AUTHOR_LINE.search(sentences[keep - 1].strip()):
        keep -= 1
    dropped = " ".join(sentences[keep:])
    if keep == len(sentences) or len(dropped.split()) > AUTHOR_LINE_WORDS // 2:
        return text, False
    rest = " ".join(sentences[:keep]).rstrip()
    return ((head + sep + rest) if rest else head).rstrip(), True


def _check_counts(path: Path, found: Counter, expected: dict) -> None:
    if dict(found) != expected:
        raise fail(f"{path}: counts {dict(sorted(found.items()))} differ from the documented "
                   f"{dict(sorted(expected.items()))} (DATASETS.md)")


def _no_overlap(row: dict, where: str) -> None:
    value = row.get("shared_overlap")
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise fail(f"{where}: shared_overlap must be a list of strings")


def load_burfoot(root: Path) -> list[Record]:
    path = root / BURFOOT / "data.jsonl"
    out, counts = [], Counter()
    for number, row in read_jsonl(path, ("id", "title", "text", "label", "original_label",
                                         "split")):
        where = f"{path}:{number}"
        label = check_label(row["label"], ("reporting", "satire"), where)
        original = check_label(row["original_label"], tuple(_BURFOOT_ORIGINAL), where)
        if _BURFOOT_ORIGINAL[original] != label:
            raise fail(f"{where}: label {label!r} does not match original {original!r}")
        split = check_label(row["split"], ("train", "test"), where)
        _no_overlap(row, where)
        counts[split, label] += 1
        out.append(Record(
            dataset="burfoot", id=str(row["id"]), text=row["text"] or "", label=label,
            split=split, title=row["title"] or "", source=BURFOOT_SOURCES[label],
            extra={"original_label": original},
        ))
    _check_counts(path, counts, BURFOOT_COUNTS)
    return out


def load_webis_editorials(root: Path) -> list[Record]:
    path = root / WEBIS / "data.jsonl"
    out, counts = [], Counter()
    for number, row in read_jsonl(path, ("id", "title", "text", "label", "original_label",
                                         "outlet")):
        where = f"{path}:{number}"
        label = check_label(row["label"], ("opinion",), where)
        check_label(row["original_label"], ("editorial",), where)
        outlet = " ".join(str(row["outlet"] or "").split())
        if outlet not in WEBIS_COUNTS:
            raise fail(f"{where}: unexpected outlet {outlet!r} "
                       f"(expected one of: {', '.join(WEBIS_COUNTS)})")
        _no_overlap(row, where)
        counts[outlet] += 1
        text, stripped = strip_author_line(row["text"] or "")
        out.append(Record(
            dataset="webis_editorials", id=str(row["id"]), text=text, label=label, split="all",
            title=_OBSERVER_VIEW.sub("", row["title"] or ""), source=outlet,
            extra={"outlet": outlet, "author_line_removed": stripped},
        ))
    _check_counts(path, counts, WEBIS_COUNTS)
    return out


BURFOOT_INFO = DatasetInfo(
    name="burfoot", folder=BURFOOT,
    task="genre: satire vs. real newswire (reporting), official train/test split",
    unit="article", labels=("reporting", "satire"),
    licence="unstated (mirror's MIT covers code only); newswire resembles LDC Gigaword "
    "copy: research only, never redistribute",
    citation="C. Burfoot, T. Baldwin. 2009. Automatic Satire Detection: Are You Having a "
    "Laugh? ACL-IJCNLP 2009 (short papers), 161-164.",
    files=(f"{BURFOOT}/data.jsonl",), load=load_burfoot,
    description="The cleaned data.jsonl (4,028: train 2,383 reporting / 130 satire, test "
    "1,415 / 100; counts checked on load). 'true' is mapped to reporting. Shortcuts: the "
    "reports are 1990s wire copy, the satire 2000s humour sites (era, topic and '!' separate "
    "the classes). No outlet is recorded: source is one pseudo-outlet per class.",
)

WEBIS_INFO = DatasetInfo(
    name="webis_editorials", folder=WEBIS,
    task="genre: newspaper editorials (opinion only)",
    unit="article", labels=("opinion",),
    licence="unstated (Webis corpora are usually CC BY 4.0, not verifiable); texts are the "
    "outlets' copyright: research use",
    citation="K. Al-Khatib, H. Wachsmuth, J. Kiesel, M. Hagen, B. Stein. 2016. A News "
    "Editorial Corpus for Mining Argumentation Strategies. COLING 2016; S. Syed et al. 2020. "
    "News Editorials: Towards Summarizing Long Argumentative Texts. COLING 2020.",
    files=(f"{WEBIS}/data.jsonl",), load=load_webis_editorials,
    description="The 266 editorials of data.jsonl (Al Jazeera 96, Fox News 85, The Guardian "
    "85; counts checked on load), source = outlet. Closing author lines are removed "
    "(extra['author_line_removed']) and 'The Observer view on' is cut from titles. One label "
    "only: pair with reporting from comparable outlets and years.",
)
