"""`newscred train assessment`: fit the assessment model on ../shared data, deterministically.

The model is a logistic regression over the analyzers' features (no hand-set weights),
calibrated with Platt scaling on out-of-fold predictions. It writes two files:
`assessment.json` (the model, byte-identical for the same data and code) and
`assessment.manifest.json` (training data and terms, commit, metrics, sha256).
"""

from __future__ import annotations

import hashlib
import json
import logging
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from newscred.evaluation.datasets import LabelledArticle, counts, load_credibility, shared_data_dir
from newscred.evaluation.metrics import expected_calibration_error, roc_auc

log = logging.getLogger(__name__)

MODEL_VERSION = "0.1.0"
TRAINING_SETS = ("buzzfeed", "isot", "fakes")
DATA_TERMS = {
    "buzzfeed": "BuzzFeed-Webis Fake News Corpus 2016 (Potthast et al. 2018); Zenodo record "
    "reported as CC BY 4.0.",
    "isot": "ISOT Fake News dataset, 5% sample (Ahmed et al. 2017); research use, cite the "
    "authors. Reuters datelines masked.",
    "fakes": "FA-KES (Abu Salem et al. 2019); Zenodo release reported as CC BY 4.0.",
}
C_GRID = (0.01, 0.1, 1.0)
CLIP_Z = 4.0  # standardised features are clipped, so one extreme rate cannot decide alone
# Features left out of the model, with the reason (they stay in the signal for readers).
EXCLUDED = {
    "headline.title_case": "house style, not credibility: ISOT's fake sites use Title Case "
    "and Reuters does not, so the model would learn the publisher",
}
SEED = 13


def featurise(
    articles: Sequence[LabelledArticle], progress: Callable[[int], None] | None = None
) -> list[dict[str, float]]:
    """Run the default analyzers over the training articles, exactly as `check` does."""
    from newscred.ingest import ArticleInput, build_article
    from newscred.pipeline import DEFAULT_ANALYZERS, features_of
    from newscred.analyzers import registered

    factories = registered()
    analyzers = [factories[name]() for name in DEFAULT_ANALYZERS]
    rows = []
    for i, item in enumerate(articles):
        article, _ = build_article(
            ArticleInput(id=item.id, title=item.title, text=item.text, outlet=item.outlet)
        )
        rows.append(features_of(a.analyze(article) for a in analyzers))
        if progress and i % 200 == 0:
            progress(i)
    return rows


def sample_weights(articles: Sequence[LabelledArticle]) -> np.ndarray:
    """Each dataset weighs the same in total, and within it each class weighs the same."""
    keys = [(a.dataset, a.reliable) for a in articles]
    sizes: dict[tuple[str, int], int] = {}
    for key in keys:
        sizes[key] = sizes.get(key, 0) + 1
    return np.array([len(articles) / (2 * len({d for d, _ in sizes}) * sizes[k]) for k in keys])


def _fit(x: np.ndarray, y: np.ndarray, w: np.ndarray, c: float) -> tuple[np.ndarray, float]:
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=c, max_iter=5000, tol=1e-8)
    model.fit(x, y, sample_weight=w)
    return model.coef_[0].copy(), float(model.intercept_[0])


def _folds(articles: Sequence[LabelledArticle], k: int = 5) -> np.ndarray:
    """Fold ids: deterministic, stratified by dataset and label."""
    fold = np.zeros(len(articles), dtype=int)
    rng = np.random.default_rng(SEED)
    groups: dict[tuple[str, int], list[int]] = {}
    for i, a in enumerate(articles):
        groups.setdefault((a.dataset, a.reliable), []).append(i)
    for _, idx in sorted(groups.items()):
        order = rng.permutation(len(idx))
        for rank, j in enumerate(order):
            fold[idx[j]] = rank % k
    return fold


def _oof_logits(x, y, w, fold, c) -> np.ndarray:
    out = np.zeros(len(y))
    for f in np.unique(fold):
        test = fold == f
        coef, intercept = _fit(x[~test], y[~test], w[~test], c)
        out[test] = x[test] @ coef + intercept
    return out


def _platt(logits: np.ndarray, y: np.ndarray, w: np.ndarray) -> tuple[float, float]:
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=1e6, max_iter=1000)
    model.fit(logits.reshape(-1, 1), y, sample_weight=w)
    return float(model.coef_[0][0]), float(model.intercept_[0])


def _sigmoid(v: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(v, -50, 50)))


def cross_dataset(articles, x, y, w, c) -> dict[str, float]:
    """Train on all other datasets, test on each held-out one: ROC-AUC."""
    names = sorted({a.dataset for a in articles})
    data = np.array([a.dataset for a in articles])
    out = {}
    for name in names:
        test = data == name
        coef, intercept = _fit(x[~test], y[~test], w[~test], c)
        out[name] = round(roc_auc(y[test], x[test] @ coef + intercept), 4)
    return out


def leave_one_portal_out(articles, x, y, w, c) -> float:
    """BuzzFeed-Webis: pooled out-of-fold ROC-AUC with each portal held out in turn."""
    idx = np.array([i for i, a in enumerate(articles) if a.dataset == "buzzfeed"])
    if len(idx) == 0:
        return float("nan")
    portals = np.array([articles[i].source for i in idx])
    scores = np.zeros(len(idx))
    for portal in sorted(set(portals)):
        held = portals == portal
        train = np.ones(len(articles), dtype=bool)
        train[idx[held]] = False
        coef, intercept = _fit(x[train], y[train], w[train], c)
        scores[held] = x[idx[held]] @ coef + intercept
    return round(roc_auc(y[idx], scores), 4)


def train_assessment(
    *, data: str | None = None, out_dir: Path, sets: Sequence[str] = TRAINING_SETS,
    progress: Callable[[str], None] | None = None, limit: int | None = None,
) -> dict[str, Any]:
    """Fit, calibrate, evaluate and write the model. `limit` keeps the first N articles of
    each dataset and class (for quick tests; the shipped model uses all)."""
    say = progress or (lambda msg: log.info("%s", msg))
    root = shared_data_dir(data)
    articles = load_credibility(tuple(sets), root)
    if limit is not None:
        kept: dict[tuple[str, int], int] = {}
        subset = []
        for a_ in articles:
            key = (a_.dataset, a_.reliable)
            if kept.get(key, 0) < limit:
                kept[key] = kept.get(key, 0) + 1
                subset.append(a_)
        articles = subset
    say(f"loaded {len(articles)} articles: {counts(articles)}")
    rows = featurise(articles, lambda i: say(f"featurised {i}/{len(articles)}"))
    names = sorted({k for row in rows for k in row} - set(EXCLUDED))
    raw = np.array([[row.get(n, 0.0) for n in names] for row in rows], dtype=float)
    mean = raw.mean(axis=0)
    scale = raw.std(axis=0)
    scale[scale < 1e-9] = 1.0
    x = np.clip((raw - mean) / scale, -CLIP_Z, CLIP_Z)
    y = np.array([a.reliable for a in articles])
    w = sample_weights(articles)
    fold = _folds(articles)

    # C chosen by the cross-dataset result, not in-domain accuracy.
    by_c = {c: cross_dataset(articles, x, y, w, c) for c in C_GRID}
    best_c = max(C_GRID, key=lambda c: (np.mean(list(by_c[c].values())), -c))
    say(f"cross-dataset ROC-AUC by C: {by_c}; chose C={best_c}")
    oof = _oof_logits(x, y, w, fold, best_c)
    a, b = _platt(oof, y, w)
    calibrated = _sigmoid(a * oof + b)
    coef, intercept = _fit(x, y, w, best_c)

    data_arr = np.array([a_.dataset for a_ in articles])
    metrics = {
        "in_domain_oof_roc_auc": {
            str(d): round(roc_auc(y[data_arr == d], oof[data_arr == d]), 4)
            for d in sorted(set(data_arr))
        },
        "in_domain_oof_ece": round(expected_calibration_error(y, calibrated), 4),
        "cross_dataset_roc_auc": by_c[best_c],
        "buzzfeed_leave_one_portal_out_roc_auc": leave_one_portal_out(articles, x, y, w, best_c),
        "C": best_c,
    }
    say(f"metrics: {metrics}")
    groups = {n: n.split(".", 1)[0] for n in names}
    spec = {
        "version": MODEL_VERSION,
        "kind": "logistic regression over signal features, Platt-calibrated",
        "features": names,
        "groups": groups,
        "mean": [round(float(v), 8) for v in mean],
        "scale": [round(float(v), 8) for v in scale],
        "coef": [round(float(v), 8) for v in coef],
        "intercept": round(intercept, 8),
        "calibration": {"type": "platt", "a": round(a, 8), "b": round(b, 8)},
        "clip_z": CLIP_Z,
        "excluded_features": EXCLUDED,
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    model_bytes = (json.dumps(spec, indent=1, sort_keys=True) + "\n").encode()
    (out_dir / "assessment.json").write_bytes(model_bytes)
    manifest = {
        "artifact": "assessment.json",
        "sha256": hashlib.sha256(model_bytes).hexdigest(),
        "version": MODEL_VERSION,
        "command": "newscred train assessment",
        "commit": _git_commit(),
        "data": {
            name: {"counts": counts([a_ for a_ in articles if a_.dataset == name])[name],
                   "terms": DATA_TERMS[name]}
            for name in sets
        },
        "data_sha256": _data_checksum(root, sets),
        "label_scheme": "reliable=1: BuzzFeed 'mostly true', FA-KES 'credible', ISOT 'true'; "
        "reliable=0: BuzzFeed 'mixture'/'mostly false', FA-KES 'fake', ISOT 'fake'; "
        "BuzzFeed 'no factual content' dropped",
        "metrics": metrics,
    }
    (out_dir / "assessment.manifest.json").write_text(
        json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    return manifest


def _git_commit() -> str:
    """HEAD of the checkout this code runs from, with "+dirty" if src/ has changes."""
    here = Path(__file__).parent

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], capture_output=True, text=True, check=True, cwd=here
        ).stdout.strip()

    try:
        top = git("rev-parse", "--show-toplevel")
        dirty = git("-C", top, "status", "--porcelain", "--", "src")
        return git("rev-parse", "HEAD") + ("+dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


DATA_FILES = {
    "buzzfeed": ["buzzfeed_webis_2016/data.jsonl"],
    "fakes": ["fakes_syria_2019/data.jsonl"],
    "isot": ["isot_sample5pct/true_sample.csv", "isot_sample5pct/fake_sample.csv"],
}


def _data_checksum(root: Path, sets: Sequence[str]) -> dict[str, str]:
    return {
        rel: hashlib.sha256((root / rel).read_bytes()).hexdigest()
        for name in sets
        for rel in DATA_FILES[name]
    }
