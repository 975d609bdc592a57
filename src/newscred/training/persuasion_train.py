"""Train and evaluate the persuasion-technique model on the PTC (SemEval-2020 Task 11).

Training data: the 371 PTC training articles only. The dev articles (75) are never used
to fit or tune anything: thresholds are chosen on 4-fold out-of-fold predictions over
the training articles (folds by article). The SemEval-2023 corpus re-annotates the same
articles and is never used here.

`newscred eval persuasion` fits on train and scores dev with the task's own metrics
(span identification F1, technique-labelled span F1, per technique), writes the dev
predictions in the task's `article_id<TAB>technique<TAB>start<TAB>end` format, and adds
baselines and the published anchors. `newscred train persuasion` does the same and then
writes `persuasion.npz` + its manifest, with the display model that decides which spans
are highlighted (persuasion_threshold.py; also rebuilt alone, on the shipped weights, by
`python -m newscred.training.persuasion_threshold`).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from newscred.evaluation.datasets import DATASETS, Record, data_checksums, load, summarise
from newscred.evaluation.harness import Row, TaskResult
from newscred.evaluation.spans import labelled_scores, si_scores, strip_span, write_predictions
from newscred.models.artifact import write_manifest
from newscred.models.persuasion import PersuasionModel, decode
from newscred.models.persuasion_features import (
    SPAN_FEATURES,
    TOKEN_FEATURES,
    hashed,
    lexicons,
    sentence_features,
    span_features,
    token_features,
)
from newscred.text import sentences

log = logging.getLogger(__name__)

MODEL_VERSION = "1"
SEED = 11
FOLDS = 4
TOKEN_C = 0.1
SENTENCE_C = 1.0
TECHNIQUE_C = 1.0
TOKEN_GRID = (0.2, 0.25, 0.3, 0.35, 0.4, 0.5)
SENTENCE_GRID = (0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 1.01)  # 1.01: never a whole sentence
PREDICTIONS = Path("eval") / "predictions"
ANCHORS = [
    Row("PTC dev (published)", "published anchor: SemEval-2020 SI, best of 35 teams (test)",
        {"si_f1": 0.516}, "Hitachi; RoBERTa-based. Test set, not dev: indicative only"),
    Row("PTC dev (published)", "published anchor: SemEval-2020 SI, 20th place (test)",
        {"si_f1": 0.398}, ""),
    Row("PTC dev (published)", "published anchor: NLP4IF-2019 fragment-level (FLC), best",
        {"labelled_f1": 0.25}, "technique-labelled span F1 on that task's test set (about)"),
    Row("PTC dev (published)", "published anchor: sentence-level TF-IDF baseline",
        {"si_f1": 0.30}, "as cited in the issue (about)"),
]


@dataclass
class Article:
    """One PTC article with its features and gold spans (whitespace-stripped)."""

    id: str
    text: str
    si: list[tuple[int, int]]
    tc: list[tuple[str, int, int]]
    feats: Any
    token_labels: np.ndarray
    sentence_labels: np.ndarray


def prepare(records: Sequence[Record]) -> list[Article]:
    out = []
    for r in records:
        si = [strip_span(r.text, s, e) for s, e in r.extra["si_spans"]]
        tc = [(t, *strip_span(r.text, s, e)) for t, s, e in r.extra["spans"]]
        feats = token_features(r.text)
        mask = np.zeros(len(r.text) + 1, dtype=bool)
        for s, e in si:
            mask[s:e] = True
        tokens = np.array([mask[t.start : t.end].any() for t in feats.tokens], dtype=int)
        sents = sentences(r.text)
        sent_labels = np.array(
            [any(a < s.end and b > s.start for a, b in si) for s in sents], dtype=int
        )
        out.append(Article(r.id, r.text, si, tc, feats, tokens, sent_labels))
    return out


def _csr(rows: list[list[int]], n_features: int):
    from scipy.sparse import csr_matrix

    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(r) for r in rows])
    indices = np.fromiter((i for r in rows for i in r), dtype=np.int64, count=int(indptr[-1]))
    return csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(rows), n_features))


def token_matrix(articles: Sequence[Article]):
    rows = []
    for a in articles:
        shared = [hashed(f, TOKEN_FEATURES) for f in a.feats.sentence]
        for local, k in zip(a.feats.local, a.feats.sentence_of):
            rows.append(hashed(local, TOKEN_FEATURES) + shared[k])
    y = np.concatenate([a.token_labels for a in articles]) if articles else np.zeros(0)
    return _csr(rows, TOKEN_FEATURES), y


def sentence_matrix(articles: Sequence[Article]):
    rows = [
        hashed(sentence_features(a.text, s), SPAN_FEATURES)
        for a in articles
        for s in sentences(a.text)
    ]
    y = np.concatenate([a.sentence_labels for a in articles]) if articles else np.zeros(0)
    return _csr(rows, SPAN_FEATURES), y


def technique_matrix(articles: Sequence[Article], techniques: list[str]):
    rows, y = [], []
    for a in articles:
        toks = a.feats.tokens
        starts = np.array([t.start for t in toks])
        ends = np.array([t.end for t in toks])
        for technique, s, e in a.tc:
            inside = np.flatnonzero((ends > s) & (starts < e))
            if not len(inside):
                continue
            rows.append(hashed(span_features(a.text, toks, int(inside[0]), int(inside[-1])), SPAN_FEATURES))
            y.append(techniques.index(technique))
    return _csr(rows, SPAN_FEATURES), np.array(y)


def _lr(x, y, c: float, *, multinomial: bool = False):
    from sklearn.linear_model import LogisticRegression

    if multinomial:
        return LogisticRegression(C=c, max_iter=2000, solver="lbfgs").fit(x, y)
    return LogisticRegression(C=c, solver="liblinear", max_iter=500).fit(x, y)


def fit(articles: Sequence[Article], techniques: list[str], *,
        token_threshold: float, sentence_threshold: float, extra: dict | None = None) -> PersuasionModel:
    xt, yt = token_matrix(articles)
    token = _lr(xt, yt, TOKEN_C)
    xs, ys = sentence_matrix(articles)
    sentence = _lr(xs, ys, SENTENCE_C)
    xc, yc = technique_matrix(articles, techniques)
    technique = _lr(xc, yc, TECHNIQUE_C, multinomial=True)
    coef = np.zeros((len(techniques), SPAN_FEATURES), dtype=np.float32)
    intercept = np.zeros(len(techniques))
    coef[technique.classes_] = technique.coef_
    intercept[technique.classes_] = technique.intercept_
    intercept[np.setdiff1d(np.arange(len(techniques)), technique.classes_)] = -50.0
    return PersuasionModel(
        token_coef=token.coef_[0], token_intercept=float(token.intercept_[0]),
        sentence_coef=sentence.coef_[0], sentence_intercept=float(sentence.intercept_[0]),
        technique_coef=coef, technique_intercept=intercept, techniques=techniques,
        token_threshold=token_threshold, sentence_threshold=sentence_threshold,
        version=MODEL_VERSION, extra=extra or {},
    )


def _folds(articles: Sequence[Article], k: int, seed: int) -> np.ndarray:
    order = np.random.default_rng(seed).permutation(len(articles))
    fold = np.zeros(len(articles), dtype=int)
    fold[order] = np.arange(len(articles)) % k
    return fold


def choose_thresholds(articles: list[Article], techniques: list[str], *, folds: int = FOLDS,
                      say: Callable[[str], None] = log.info,
                      models_out: list[PersuasionModel] | None = None) -> tuple[float, float, dict]:
    """Thresholds maximising span F1 on out-of-fold predictions for `articles`.
    `models_out`, when given, receives the fold models (fold order)."""
    fold = _folds(articles, folds, SEED)
    predicted: dict[str, tuple] = {}
    for f in range(folds):
        train = [a for a, g in zip(articles, fold) if g != f]
        held = [a for a, g in zip(articles, fold) if g == f]
        say(f"threshold fold {f + 1}/{folds}: fitting on {len(train)} articles")
        model = fit(train, techniques, token_threshold=0.5, sentence_threshold=1.01)
        if models_out is not None:
            models_out.append(model)
        for a in held:
            _, p_tok, p_sent = model.token_probabilities(a.text)
            predicted[a.id] = (p_tok, p_sent)
    gold = {a.id: a.si for a in articles}
    grid: dict[str, float] = {}
    best = (-1.0, TOKEN_GRID[0], SENTENCE_GRID[-1])
    for tt in TOKEN_GRID:
        for ts in SENTENCE_GRID:
            spans = {a.id: [(s, e) for s, e, _ in _decode(a, *predicted[a.id], tt, ts)]
                     for a in articles}
            f1 = si_scores(spans, gold)["f1"]
            grid[f"token {tt} / sentence {ts}"] = f1
            if f1 > best[0]:
                best = (f1, tt, ts)
    return best[1], best[2], {"oof_si_f1": best[0], "grid": grid, "folds": folds}


def _decode(a: Article, p_tok: np.ndarray, p_sent: np.ndarray, tt: float, ts: float):
    toks = a.feats.tokens
    return [(toks[first].start, toks[last].end, p)
            for first, last, p in decode(a.feats.sentence_of, p_tok, p_sent, tt, ts)]


def score_dev(model, dev: list[Article], techniques: list[str]):
    """(predicted labelled spans per article, span identification scores, labelled scores)."""
    spans = {a.id: [(p.technique, p.start, p.end) for p in model.predict(a.text)] for a in dev}
    si = si_scores({k: [(s, e) for _, s, e in v] for k, v in spans.items()},
                   {a.id: a.si for a in dev})
    return spans, si, labelled_scores(spans, {a.id: a.tc for a in dev}, techniques)


def techniques_of(root: Path) -> list[str]:
    from newscred.evaluation.data.propaganda import FOLDER, TECHNIQUES_FILE

    text = (root / FOLDER / TECHNIQUES_FILE).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip()]


def _baseline_rows(dev: list[Article], gold_si, gold_tc, techniques) -> list[Row]:
    """Sentence baselines: every sentence; every sentence with a bundled loaded/fear word."""
    lex = lexicons()
    every, lexical, lexical_tc = {}, {}, {}
    for a in dev:
        every[a.id] = [(s.start, s.end) for s in sentences(a.text)]
        chosen = []
        for s in sentences(a.text):
            if any({"loaded", "fear"} & set(lex.single.get(w.lower(), ()))
                   for w in s.text.replace("’", "'").split()):
                chosen.append((s.start, s.end))
        lexical[a.id] = chosen
        lexical_tc[a.id] = [("Loaded_Language", s, e) for s, e in chosen]
    split = "PTC dev (75 articles)"
    rows = [Row(split, "baseline: every sentence is one span", _si_metrics(si_scores(every, gold_si)))]
    lex_labelled = labelled_scores(lexical_tc, gold_tc, techniques)["micro"]
    rows.append(Row(split, "baseline: sentences with a bundled loaded/fear word",
                    {**_si_metrics(si_scores(lexical, gold_si)), "labelled_f1": lex_labelled["f1"]},
                    "labelled as Loaded_Language, the commonest technique"))
    return rows


MINILM_DIR = Path("models") / "persuasion-minilm"


def _minilm_rows(dev: list[Article], gold_si, gold_tc, techniques, notes: list[str]) -> list[Row]:
    """The optional MiniLM model, scored live on dev when it was built here."""
    from newscred.models.persuasion import MODEL_ENV

    folder = Path(os.environ.get(MODEL_ENV) or MINILM_DIR)
    if not (folder / "model.onnx").exists():
        notes.append(f"The optional MiniLM model is not built in {folder} "
                     "(`newscred train persuasion-minilm`), so it has no row here.")
        return []
    try:
        from newscred.models.persuasion_minilm import MiniLMPersuasion

        model = MiniLMPersuasion(folder)
    except Exception as exc:  # noqa: BLE001 - a missing extra only drops the row
        notes.append(f"The MiniLM model in {folder} could not be loaded: {exc}")
        return []
    spans = {a.id: [(p.technique, p.start, p.end) for p in model.predict(a.text)] for a in dev}
    si = si_scores({k: [(s, e) for _, s, e in v] for k, v in spans.items()}, gold_si)
    tc = labelled_scores(spans, gold_tc, techniques)["micro"]
    notes.append(f"MiniLM option: {folder} (threshold {model.threshold}, chosen on 10% of the "
                 "training articles held out from fine-tuning).")
    return [Row("PTC dev (75 articles)", "MiniLM option (built locally, ONNX)",
                {**_si_metrics(si), "labelled_precision": tc["precision"],
                 "labelled_recall": tc["recall"], "labelled_f1": tc["f1"],
                 "n": si["n_predicted"]},
                "fine-tuned all-MiniLM-L6-v2 token tagger; `NEWSCRED_PERSUASION_MODEL`")]


def _display_rows(model: PersuasionModel, train: list[Article], dev: list[Article],
                  techniques: list[str], fold_models: list[PersuasionModel],
                  notes: list[str]) -> list[Row]:
    """The spans a reader sees highlighted: those above the display threshold."""
    from newscred.errors import NewscredError
    from newscred.training.persuasion_threshold import attach_display

    try:
        display = attach_display(model, train, dev, techniques, models=fold_models)
    except NewscredError as exc:  # e.g. a corpus too small to reach the target precision
        notes.append(f"No display threshold: {exc.message}")
        return []
    shown, oof = display["dev_shown"], display["oof_train_shown"]
    notes.append(
        f"Highlighted spans: the display threshold {display['threshold']} is the lowest at "
        f"which out-of-fold span precision on train reaches {display['target_precision']} "
        f"(there: precision {oof['precision']}, recall {oof['recall']}); all spans stay in "
        "the report, those below it marked not shown.")
    return [Row("PTC dev (75 articles)", "model, highlighted spans only (display threshold)",
                {**_si_metrics(shown), "n": shown["n_predicted"]},
                f"{shown['spans']} of {display['dev_all_spans']['spans']} spans shown")]


def _si_metrics(scores: dict[str, float]) -> dict[str, float]:
    return {"si_precision": scores["precision"], "si_recall": scores["recall"], "si_f1": scores["f1"]}


def evaluate(root: Path, fast: bool, *, predictions_dir: Path | None = None) -> TaskResult:
    records = load("ptc2020", root)
    techniques = techniques_of(root)
    train = prepare([r for r in records if r.split == "train"])
    dev = prepare([r for r in records if r.split == "dev"])
    fold_models: list[PersuasionModel] = []
    if fast:
        tt, ts, search = 0.3, 0.45, {"oof_si_f1": None, "grid": {}, "folds": 0}
    else:
        tt, ts, search = choose_thresholds(train, techniques, models_out=fold_models)
    model = fit(train, techniques, token_threshold=tt, sentence_threshold=ts)
    spans, si, tc = score_dev(model, dev, techniques)
    gold_si = {a.id: a.si for a in dev}
    gold_tc = {a.id: a.tc for a in dev}
    out_dir = predictions_dir or Path(os.environ.get("NEWSCRED_PREDICTIONS", PREDICTIONS))
    name = "ptc-dev-persuasion-fast.txt" if fast else "ptc-dev-persuasion.txt"
    lines = write_predictions(out_dir / name, spans)
    split = "PTC dev (75 articles)"
    rows = [Row(split, "model", {**_si_metrics(si), "labelled_precision": tc["micro"]["precision"],
                                 "labelled_recall": tc["micro"]["recall"],
                                 "labelled_f1": tc["micro"]["f1"], "n": si["n_predicted"]},
                f"token threshold {tt}, sentence threshold {ts} (chosen out-of-fold on train)")]
    notes: list[str] = []
    if not fast:
        rows += _display_rows(model, train, dev, techniques, fold_models, notes)
    rows += _baseline_rows(dev, gold_si, gold_tc, techniques)
    if not fast:
        rows += _minilm_rows(dev, gold_si, gold_tc, techniques, notes)
    rows += ANCHORS
    for technique in techniques:
        scores = tc.get(technique, {"precision": 0.0, "recall": 0.0, "f1": 0.0, "n_gold": 0,
                                    "n_predicted": 0})
        rows.append(Row("PTC dev, per technique (labelled spans)", technique,
                        {"precision": scores["precision"], "recall": scores["recall"],
                         "f1": scores["f1"], "n_gold": scores["n_gold"],
                         "n_predicted": scores["n_predicted"]}))
    notes = notes + [
        f"Trained on the {len(train)} PTC training articles; scored on the {len(dev)} dev "
        "articles, whose gold spans were stripped of edge whitespace (DATASETS.md). Nothing "
        "was tuned on dev. SemEval-2023 data (the same articles re-annotated) is not used.",
        "si_* = span identification (labels ignored, overlapping spans merged, partial "
        "overlaps credited by |s∩t|/|s| for precision and |s∩t|/|t| for recall, as in the "
        "task paper); labelled_* = the same with a technique match required (NLP4IF-2019 FLC).",
        f"Dev predictions ({lines} spans) are in {out_dir / name} in the "
        "task's article_id<TAB>technique<TAB>start<TAB>end format, for the official scorer.",
        "Published anchors are on the official test sets, whose gold labels are not public; "
        "dev figures are indicative of, not equal to, test figures.",
    ]
    if search.get("oof_si_f1") is not None:
        notes.append(f"Out-of-fold span F1 on train at the chosen thresholds: {search['oof_si_f1']}.")
    if fast:
        notes.append("fast: thresholds fixed at 0.3 / 0.45 instead of the out-of-fold search.")
    return TaskResult(
        task="persuasion",
        title="Persuasion techniques (PTC, SemEval-2020 Task 11)",
        rows=rows,
        notes=notes,
        data_sha256=data_checksums("ptc2020", root),
        gate={"si_f1": si["f1"], "labelled_f1": tc["micro"]["f1"]},
    )


def train(root: Path, out_dir: Path, progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    say = progress or (lambda msg: log.info("%s", msg))
    records = load("ptc2020", root)
    techniques = techniques_of(root)
    train_articles = prepare([r for r in records if r.split == "train"])
    say("choosing thresholds on out-of-fold predictions for the training articles")
    fold_models: list[PersuasionModel] = []
    tt, ts, search = choose_thresholds(train_articles, techniques, say=say, models_out=fold_models)
    say(f"thresholds: token {tt}, sentence {ts} (out-of-fold span F1 {search['oof_si_f1']})")
    model = fit(train_articles, techniques, token_threshold=tt, sentence_threshold=ts,
                extra={"oof_si_f1": search["oof_si_f1"]})
    from newscred.training.persuasion_threshold import attach_display

    dev = prepare([r for r in records if r.split == "dev"])
    say("choosing the display threshold on the same out-of-fold predictions")
    display = attach_display(model, train_articles, dev, techniques, models=fold_models, say=say)
    say("scoring PTC dev")
    _, si, tc = score_dev(model, dev, techniques)
    sha256 = model.save(out_dir / "persuasion.npz")
    info = DATASETS["ptc2020"]
    return write_manifest(
        out_dir, artifact="persuasion.npz", sha256=sha256, version=MODEL_VERSION,
        command="newscred train persuasion",
        data={"ptc2020": {"counts": summarise(records), "used": "train split only (371 articles)",
                          "terms": f"{info.licence}; distributed to SemEval-2020 participants; "
                          "redistribution terms unstated: weights only, no text",
                          "citation": info.citation}},
        data_sha256=data_checksums("ptc2020", root),
        metrics={"dev_si": si, "dev_labelled_micro": tc["micro"],
                 "oof_train_si_f1": search["oof_si_f1"],
                 "thresholds": {"token": tt, "sentence": ts}, "display": display},
        kind="three logistic regressions over hashed features: token (span identification), "
        "sentence, and technique (multinomial, 14 classes)",
        seed=SEED,
    )
