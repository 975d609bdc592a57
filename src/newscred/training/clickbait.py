"""Clickbait headline model (Chakraborty et al. 2016 data): fit, evaluate, train.

A logistic regression over lower-cased hashed word 1-2grams and character 2-5grams, with
idf, Platt-calibrated on out-of-fold logits. Lower-casing is deliberate: in this data
nearly every clickbait headline capitalises every word and few of the others do, so a
cased model would learn the publishers' house style instead of the wording.

`newscred train clickbait` writes `clickbait.npz` + `clickbait.manifest.json`; the eval
task "clickbait" reports a grouped, stratified 80/20 hold-out with baselines, shortcut
probes and a cross-source check. scikit-learn and scipy are used here only (training).
The model's definition (version, classes, hashing) is `newscred.models.clickbait`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from newscred.evaluation.datasets import (
    DATASETS,
    Record,
    data_checksums,
    load,
    near_duplicate_groups,
    summarise,
)
from newscred.evaluation.harness import Row, TaskResult
from newscred.evaluation.metrics import binary_metrics
from newscred.models.artifact import write_manifest
from newscred.models.calibration import platt
from newscred.models.clickbait import CLASSES, HASHING, MODEL_VERSION  # noqa: F401
from newscred.models.hashing import HashedNgrams, HashingConfig
from newscred.models.linear import LinearTextModel
from newscred.training.calibration import fit_platt

log = logging.getLogger(__name__)

SEED = 13
C_GRID = (10.0, 30.0, 100.0, 300.0)
FAST_C = 100.0  # inside the full search's range (10-300 differ by < 0.3 points)
FOLDS = 5
# Every alphabetic word starts with a capital ("Title Case" in the strict sense).
WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
ANCHOR = Row(
    split="the paper's 15k+15k headlines, 10-fold cross-validation",
    system="published anchor (Chakraborty et al. 2016)",
    metrics={"accuracy": 0.93},
    note="SVM over hand-built features; a smaller, earlier version of this data",
)


def title_case(text: str) -> bool:
    found = WORD_RE.findall(text)
    return len(found) >= 2 and all(w[0].isupper() for w in found)


def _labels(records: Sequence[Record]) -> np.ndarray:
    return np.array([r.label == CLASSES[1] for r in records], dtype=int)


def stratified_folds(y: np.ndarray, groups: Sequence[int], k: int, seed: int) -> np.ndarray:
    """A fold id per item: whole near-duplicate groups go to one fold, stratified by the
    group's majority label, in a seeded order."""
    members: dict[int, list[int]] = {}
    for i, g in enumerate(groups):
        members.setdefault(g, []).append(i)
    fold = np.zeros(len(y), dtype=int)
    rng = np.random.default_rng(seed)
    for label in (0, 1):
        ids = sorted(g for g, idx in members.items() if round(y[idx].mean() + 1e-9) == label)
        for rank, j in enumerate(rng.permutation(len(ids))):
            fold[members[ids[j]]] = rank % k
    return fold


def _weighted(x, idf: np.ndarray):
    """idf-weight an L2-normalised tf matrix and renormalise: the same vectors
    `HashedNgrams(config, idf).matrix` gives (normalising is scale-free), from one pass."""
    from scipy.sparse import diags
    from sklearn.preprocessing import normalize

    return normalize((x @ diags(idf)).tocsr())


def _idf(x, n_features: int) -> np.ndarray:
    # Matches HashedNgrams.fit_idf; tests/models/test_clickbait.py checks they agree.
    df = np.bincount(x.indices, minlength=n_features)
    return np.log((1 + x.shape[0]) / (1 + df)) + 1.0


def _fit_lr(x, y: np.ndarray, c: float):
    from sklearn.linear_model import LogisticRegression

    # newton-cg: lbfgs spends most of its time in scipy's bookkeeping at 2**18 features.
    return LogisticRegression(C=c, solver="newton-cg", max_iter=1000).fit(x, y)


def fit(
    records: Sequence[Record], *, seed: int, hashing: HashingConfig = HASHING,
    c_grid: Sequence[float] = C_GRID, folds: int = FOLDS,
) -> LinearTextModel:
    """Fit on `records`: C chosen on a grouped validation fifth of them, Platt scaling on
    out-of-fold logits, then the final fit on all of them. The idf comes from all of
    `records` (unsupervised, so the inner validation only sees its document counts)."""
    y = _labels(records)
    if len(set(y.tolist())) < 2:
        raise ValueError("fit needs headlines of both classes")
    texts = [r.text for r in records]
    x = HashedNgrams(hashing).matrix(texts)
    idf = _idf(x, hashing.n_features)
    x = _weighted(x, idf)
    k = max(2, min(folds, int(np.bincount(y).min())))
    fold = stratified_folds(y, near_duplicate_groups(texts), k, seed)
    scores: dict[str, float] = {}
    if len(c_grid) > 1:
        train, valid = fold != 0, fold == 0
        for c in c_grid:
            model = _fit_lr(x[train], y[train], c)
            scores[str(c)] = round(float((model.predict(x[valid]) == y[valid]).mean()), 4)
    best_c = max(c_grid, key=lambda c: (scores.get(str(c), 0.0), -c))
    oof = np.zeros(len(y))
    for f in range(k):
        held = fold == f
        model = _fit_lr(x[~held], y[~held], best_c)
        oof[held] = model.decision_function(x[held])
    a, b = fit_platt(oof, y)
    final = _fit_lr(x, y, best_c)
    return LinearTextModel(
        classes=list(CLASSES), coef=final.coef_, intercept=final.intercept_, hashing=hashing,
        idf=idf, calibration={"a": round(a, 8), "b": round(b, 8)}, version=MODEL_VERSION,
        spec_extra={"C": best_c, "validation_accuracy": scores, "calibration_folds": k},
    )


def probabilities_many(model: LinearTextModel, texts: Sequence[str]) -> np.ndarray:
    """P(clickbait) for many texts at once; equals `model.probabilities(t)["clickbait"]`."""
    if not texts:
        return np.zeros(0)
    x = model.vectorizer.matrix(texts)
    logits = x @ model.coef[0].astype(np.float64) + model.intercept[0]
    return platt(logits, model.calibration["a"], model.calibration["b"])


def holdout(records: Sequence[Record], seed: int = SEED) -> tuple[np.ndarray, np.ndarray]:
    """Deterministic grouped, stratified 80/20 split: (train indices, test indices)."""
    y = _labels(records)
    fold = stratified_folds(y, near_duplicate_groups([r.text for r in records]), 5, seed)
    return np.flatnonzero(fold != 0), np.flatnonzero(fold == 0)


def _probe_rows(train: list[Record], test: list[Record]) -> list[Row]:
    from sklearn.linear_model import LogisticRegression

    split = "held-out 20% (grouped, stratified)"
    y_train, y_test = _labels(train), _labels(test)
    prior = float(y_train.mean())
    majority = binary_metrics(y_test, np.full(len(test), prior))
    length = np.array([[len(WORD_RE.findall(r.text))] for r in train], dtype=float)
    probe = LogisticRegression().fit(length, y_train)
    test_length = np.array([[len(WORD_RE.findall(r.text))] for r in test], dtype=float)
    length_scores = probe.predict_proba(test_length)[:, 1]
    casing = np.array([title_case(r.text) for r in test], dtype=float)
    return [
        Row(split, "majority baseline", majority,
            f"always the training majority; probability = training share {prior:.3f}"),
        Row(split, "length-only probe", binary_metrics(y_test, length_scores),
            "logistic regression on the word count"),
        Row(split, "title-case probe", binary_metrics(y_test, casing),
            "clickbait iff every word starts with a capital: the shortcut the model is "
            "denied by lower-casing"),
    ]


def _cross_source(model: LinearTextModel, root: Path) -> tuple[list[Row], dict[str, str]]:
    """Mean P(clickbait) on other datasets' headlines (no clickbait labels there)."""
    groups: dict[str, list[str]] = {}
    for r in load("isot", root):
        name = "ISOT true (Reuters)" if r.label == "true" else "ISOT fake"
        groups.setdefault(name, []).append(r.title)
    for r in load("buzzfeed", root):
        groups.setdefault(f"BuzzFeed-Webis {r.extra['orientation']}", []).append(r.title)
    rows = []
    for name in sorted(groups):
        titles = [t for t in groups[name] if t.strip()]
        p = probabilities_many(model, titles)
        rows.append(Row(
            "cross-source headlines (no labels)", f"model on {name}",
            {"n": len(titles), "mean_probability": round(float(p.mean()), 4),
             "share_flagged": round(float((p >= 0.5).mean()), 4)},
            "share_flagged = share with P(clickbait) >= 0.5",
        ))
    checksums = {**data_checksums("isot", root), **data_checksums("buzzfeed", root)}
    return rows, checksums


def evaluate(root: Path, fast: bool) -> TaskResult:
    records = load("clickbait", root)
    train_idx, test_idx = holdout(records)
    train = [records[i] for i in train_idx]
    test = [records[i] for i in test_idx]
    options: dict[str, Any] = {"c_grid": (FAST_C,), "folds": 3} if fast else {}
    model = fit(train, seed=SEED, **options)
    y = _labels(test)
    texts = [r.text for r in test]
    split = "held-out 20% (grouped, stratified)"
    model_metrics = binary_metrics(y, probabilities_many(model, texts))
    rows = [Row(split, "model", model_metrics, "lower-cased word 1-2grams + char 2-5grams, "
                f"C={model.extra['C']}, Platt-calibrated")]
    rows += _probe_rows(train, test)
    casings = {"all lower-case": str.lower, "all Title Case": str.title}
    for name, change in ({} if fast else casings).items():
        scores = probabilities_many(model, [change(t) for t in texts])
        rows.append(Row(f"{split}, {name}", "model", binary_metrics(y, scores),
                        "same headlines with the casing removed as a cue"))
    cross_rows, cross_sums = _cross_source(model, root)
    rows += cross_rows
    rows.append(ANCHOR)
    shares = np.array([title_case(r.text) for r in records])
    labels = _labels(records).astype(bool)
    notes = [
        f"{len(records)} headlines; {len(train)} train / {len(test)} test. Near-duplicate "
        "headlines (word 5-gram Jaccard >= 0.8, case and punctuation ignored) stay on one side.",
        f"C chosen on a grouped validation fifth of the training part: "
        f"{model.extra['validation_accuracy'] or 'fixed'}; Platt scaling on "
        f"{model.extra['calibration_folds']}-fold out-of-fold logits of the training part.",
        f"Every word capitalised: {shares[labels].mean():.1%} of clickbait vs "
        f"{shares[~labels].mean():.1%} of the rest (str.istitle gives the 71% vs 6% in "
        "DATASETS.md). The model lower-cases, so the casing rows equal the model row by "
        "construction.",
        "Cross-source rows have no clickbait labels: they show what the model calls "
        "clickbait elsewhere, e.g. wire headlines should score low.",
    ]
    if fast:
        notes.append(f"fast: C fixed at {FAST_C} (no search), 3 calibration folds, no casing "
                     "rows; same data, split and representation as the full run.")
    return TaskResult(
        task="clickbait",
        title="Clickbait headlines (Chakraborty et al. 2016)",
        rows=rows,
        notes=notes,
        data_sha256={**data_checksums("clickbait", root), **cross_sums},
        gate={"accuracy": model_metrics["accuracy"], "roc_auc": model_metrics["roc_auc"]},
    )


def train(
    root: Path, out_dir: Path, progress: Callable[[str], None] | None = None
) -> dict[str, Any]:
    """Evaluate on the hold-out, then fit on all the data and write the artifact."""
    say = progress or (lambda msg: log.info("%s", msg))
    say("evaluating on the grouped 80/20 hold-out")
    result = evaluate(root, fast=False)
    by_system = {(r.split, r.system): r.metrics for r in result.rows}
    split = "held-out 20% (grouped, stratified)"
    records = load("clickbait", root)
    say(f"fitting on all {len(records)} headlines")
    model = fit(records, seed=SEED)
    out_dir.mkdir(parents=True, exist_ok=True)
    sha256 = model.save(out_dir / "clickbait.npz")
    info = DATASETS["clickbait"]
    metrics = {
        "held_out": by_system[(split, "model")],
        "majority_baseline": by_system[(split, "majority baseline")],
        "length_only_probe": by_system[(split, "length-only probe")],
        "title_case_probe": by_system[(split, "title-case probe")],
        "cross_source_mean_probability": {
            r.system.removeprefix("model on "): r.metrics["mean_probability"]
            for r in result.rows if r.split.startswith("cross-source")
        },
        "C": model.extra["C"],
        "validation_accuracy": model.extra["validation_accuracy"],
    }
    return write_manifest(
        out_dir, artifact="clickbait.npz", sha256=sha256, version=MODEL_VERSION,
        command="newscred train clickbait",
        data={"clickbait": {"counts": summarise(records), "terms": f"{info.licence} licence",
                            "citation": info.citation}},
        data_sha256=data_checksums("clickbait", root), metrics=metrics,
        kind="logistic regression over lower-cased hashed word 1-2grams and char 2-5grams, "
        "idf, Platt-calibrated",
        hashing=HASHING.to_dict(), seed=SEED,
    )
