"""SemEval-2023 Task 3, English: news genre (subtask 1, with frames) and persuasion
techniques per paragraph with character spans (subtask 3)."""

from __future__ import annotations

from pathlib import Path

from newscred.evaluation.data._common import (
    DatasetInfo,
    Record,
    check_label,
    fail,
    to_int,
)
from newscred.evaluation.data.propaganda import (
    read_articles,
    read_label_lines,
    read_spans,
    span_order,
)

FOLDER = "persuasion_semeval2023_task3_en"
GENRES = ("opinion", "reporting", "satire")
FRAMES = frozenset(
    (
        "Economic", "Capacity_and_resources", "Morality", "Fairness_and_equality",
        "Legality_Constitutionality_and_jurisprudence", "Policy_prescription_and_evaluation",
        "Crime_and_punishment", "Security_and_defense", "Health_and_safety", "Quality_of_life",
        "Cultural_identity", "Public_opinion", "Political", "External_regulation_and_reputation",
    )
)  # fmt: skip
# The 23 techniques of the task; the English data uses 19 of them.
TECHNIQUES = frozenset(
    (
        "Appeal_to_Authority", "Appeal_to_Popularity", "Appeal_to_Values",
        "Appeal_to_Fear-Prejudice",
        "Flag_Waving", "Causal_Oversimplification", "False_Dilemma-No_Choice",
        "Consequential_Oversimplification", "Straw_Man", "Red_Herring", "Whataboutism",
        "Slogans", "Appeal_to_Time", "Conversation_Killer", "Loaded_Language", "Repetition",
        "Exaggeration-Minimisation", "Obfuscation-Vagueness-Confusion", "Name_Calling-Labeling",
        "Doubt", "Guilt_by_Association", "Appeal_to_Hypocrisy", "Questioning_the_Reputation",
    )
)  # fmt: skip
TECHNIQUE_LABELS = ("persuasion", "no_persuasion")
# split -> (articles folder, paragraph labels, span-label folder or None)
TECHNIQUE_SPLITS = {
    "train": (
        "train-articles-subtask-3", "train-labels-subtask-3.txt", "train-labels-subtask-3-spans",
    ),
    "dev": ("dev-articles-subtask-3", "dev-labels-subtask-3.txt", None),
}


def _title(text: str) -> str:
    return text.split("\n", 1)[0].strip()


def load_genre(root: Path) -> list[Record]:
    base = root / FOLDER
    articles = read_articles(base / "train-articles-subtask-1")
    frames_path = base / "train-labels-subtask-2.txt"
    frames: dict[str, tuple[str, ...]] = {}
    for number, (article_id, names) in read_label_lines(frames_path, 2):
        listed = tuple(n.strip() for n in names.split(",") if n.strip())
        unknown = [n for n in listed if n not in FRAMES]
        if unknown:
            raise fail(f"{frames_path}:{number}: unexpected frame(s) {', '.join(unknown)}")
        frames[article_id.strip()] = listed
    labels_path = base / "train-labels-subtask-1.txt"
    out = []
    for number, (article_id, genre) in read_label_lines(labels_path, 2):
        where = f"{labels_path}:{number}"
        article_id = article_id.strip()
        if article_id not in articles:
            raise fail(f"{where}: no article {article_id!r} for this label")
        text = articles[article_id]
        out.append(
            Record(
                dataset="semeval2023_genre",
                id=article_id,
                text=text,
                label=check_label(genre, GENRES, where),
                split="train",
                title=_title(text),
                extra={"frames": frames.get(article_id, ())},
            )
        )
    return out


def _line_offsets(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line (1-based index = position + 1), newline excluded."""
    offsets, start = [], 0
    for line in text.split("\n"):
        offsets.append((start, start + len(line)))
        start += len(line) + 1
    return offsets


def _paragraphs(path: Path, articles: dict[str, str]) -> dict[str, list[tuple]]:
    """article id -> [(line number, start, end, techniques), ...] from a paragraph-label file."""
    out: dict[str, list[tuple]] = {}
    offsets = {}
    for number, (article_id, line_number, names) in read_label_lines(path, 3):
        where = f"{path}:{number}"
        article_id = article_id.strip()
        if article_id not in articles:
            raise fail(f"{where}: no article {article_id!r} for this label")
        if article_id not in offsets:
            offsets[article_id] = _line_offsets(articles[article_id])
        line = to_int(line_number, where)
        if not 1 <= line <= len(offsets[article_id]):
            raise fail(f"{where}: line {line} is outside the article")
        techniques = tuple(n.strip() for n in names.split(",") if n.strip())
        unknown = [n for n in techniques if n not in TECHNIQUES]
        if unknown:
            raise fail(f"{where}: unexpected technique(s) {', '.join(unknown)}")
        start, end = offsets[article_id][line - 1]
        out.setdefault(article_id, []).append((line, start, end, techniques))
    return out


def load_techniques(root: Path) -> list[Record]:
    base = root / FOLDER
    out = []
    for split, (folder, paragraph_file, span_folder) in TECHNIQUE_SPLITS.items():
        articles = read_articles(base / folder)
        paragraphs = _paragraphs(base / paragraph_file, articles)
        spans: dict[str, list[tuple]] = {}
        if span_folder is not None:
            for path in sorted((base / span_folder).glob("article*-labels-subtask-3.txt")):
                for article_id, found in read_spans(path, articles, TECHNIQUES).items():
                    spans.setdefault(article_id, []).extend(found)
            if not spans:
                raise fail(f"no span labels in {base / span_folder}")
        for article_id, text in sorted(articles.items()):
            if article_id not in paragraphs:
                raise fail(f"{base / paragraph_file}: no paragraph labels for article {article_id}")
            rows = tuple(sorted(paragraphs[article_id]))
            extra: dict[str, object] = {"paragraphs": rows}
            if span_folder is not None:
                extra["spans"] = tuple(sorted(spans.get(article_id, ()), key=span_order))
            out.append(
                Record(
                    dataset="semeval2023_techniques",
                    id=article_id,
                    text=text,
                    label="persuasion" if any(p[3] for p in rows) else "no_persuasion",
                    split=split,
                    title=_title(text),
                    extra=extra,
                )
            )
    return out


CITATION = (
    "J. Piskorski, N. Stefanovitch, G. Da San Martino, P. Nakov. 2023. SemEval-2023 Task 3: "
    "Detecting the Category, the Framing, and the Persuasion Techniques in Online News in a "
    "Multi-lingual Setup. SemEval 2023."
)
LICENCE = "unstated (distributed to registered participants); confirm before any release"

GENRE_INFO = DatasetInfo(
    name="semeval2023_genre",
    folder=FOLDER,
    task="news genre: opinion / reporting / satire (+ frames)",
    unit="article",
    labels=GENRES,
    licence=LICENCE,
    citation=CITATION,
    files=(
        f"{FOLDER}/train-articles-subtask-1/article*.txt",
        f"{FOLDER}/train-labels-subtask-1.txt",
        f"{FOLDER}/train-labels-subtask-2.txt",
    ),
    load=load_genre,
    description="Subtask 1 (train only; no test labels): one record per article, label = genre, "
    "extra['frames'] = subtask-2 frames. 88% opinion, 10 satire. The articles are the PTC "
    "2020 train+dev texts.",
)

TECHNIQUES_INFO = DatasetInfo(
    name="semeval2023_techniques",
    folder=FOLDER,
    task="19 persuasion techniques per paragraph, with character spans",
    unit="article (paragraphs and spans in extra)",
    labels=TECHNIQUE_LABELS,
    licence=LICENCE,
    citation=CITATION,
    files=tuple(
        path
        for folder, labels, spans in TECHNIQUE_SPLITS.values()
        for path in (
            f"{FOLDER}/{folder}/article*.txt",
            f"{FOLDER}/{labels}",
            *((f"{FOLDER}/{spans}/article*-labels-subtask-3.txt",) if spans else ()),
        )
    ),
    load=load_techniques,
    description="Subtask 3: one record per article; extra['paragraphs'] = ((line number, start, "
    "end, techniques), ...) for each labelled paragraph, extra['spans'] = ((technique, start, "
    "end), ...) for train only (dev has no span gold, so the key is absent). label = "
    "'persuasion' when any paragraph has a technique. train = PTC 2020 train+dev articles, "
    "dev = PTC 2020 test articles: never mix with ptc2020 across train/eval.",
)
