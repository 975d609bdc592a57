"""Fit the persuasion display model and choose its display threshold (issue 13).

    python -m newscred.training.persuasion_threshold [--data DIR] [--artifacts DIR]

Rewrites the shipped `persuasion.npz` with a `display` entry (the display model of
persuasion_display.py and its threshold) and updates `persuasion.manifest.json` (sha256,
`metrics.display`). The span model's weights and thresholds are kept as they are, so the
spans found, the concern score and the assessment's features do not change; only which
spans are highlighted does. `newscred train persuasion` builds the same entry when it
retrains the whole model.

Recipe, on the 371 PTC training articles only (dev is never used to choose anything):
1. the span model is refitted on 3 of the 4 article folds of `newscred train persuasion`
   (same seed, same fitting code, the artifact's token and sentence thresholds) and
   predicts the fourth: out-of-fold spans for every training article;
2. each out-of-fold span gets its credit, |span ∩ gold| / |span|, its own term of the
   SemEval-2020 span-identification precision;
3. the display model (a logistic regression on the span's features, fitted to that
   credit) is itself scored out of fold over the same article folds;
4. the threshold is the lowest on a 0.01 grid at which the shown spans' span-
   identification precision (any technique, the task's partial-overlap measure, merged
   spans) reaches TARGET_PRECISION;
5. the display model is refitted on every out-of-fold span; PTC dev is then scored once,
   all spans and shown spans, for the record.
"""

from __future__ import annotations

import argparse
import json
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from newscred.evaluation.spans import merge, si_scores
from newscred.models.artifact import git_commit
from newscred.models.calibration import sigmoid
from newscred.models.persuasion import ARTIFACT, PersuasionModel, TechniqueSpan
from newscred.models.persuasion_display import DisplayModel, span_rows

log = logging.getLogger(__name__)

TARGET_PRECISION = 0.5
GRID = tuple(round(0.01 * i, 2) for i in range(1, 100))
DISPLAY_C = 0.01  # strong shrinkage: rare techniques (Bandwagon: 21 out-of-fold spans) must not
# earn a large weight; 0.003-1 give the same recall at the target out of fold (0.050-0.056)
COMMAND = "python -m newscred.training.persuasion_threshold"
RULE = (
    "lowest threshold on the display model's estimate at which span-identification "
    f"precision (SemEval-2020, any technique) reaches {TARGET_PRECISION} on out-of-fold "
    "predictions for the PTC training articles (4 folds by article)"
)


def pick_threshold(curve: Sequence[tuple[float, float]], target: float = TARGET_PRECISION) -> float | None:
    """The lowest threshold of (threshold, precision) pairs whose precision reaches
    `target`; None when none does."""
    reaching = [t for t, precision in curve if precision >= target]
    return min(reaching) if reaching else None


def span_credit(spans: Sequence[tuple[int, int]], gold: Sequence[tuple[int, int]]) -> list[float]:
    """|s ∩ gold| / |s| per span s (gold merged first): its SemEval precision term."""
    merged = merge(gold)
    out = []
    for start, end in spans:
        inter = sum(max(0, min(end, b) - max(start, a)) for a, b in merged)
        out.append(inter / (end - start))
    return out


def fit_display_regression(rows: np.ndarray, credit: np.ndarray, *, c: float = DISPLAY_C):
    """(coef, intercept) on the raw features of a logistic regression of the credit.

    Each span is one positive with weight `credit` and one negative with weight
    1 - `credit`, so the fitted probability estimates the expected credit.
    """
    from sklearn.linear_model import LogisticRegression

    mean = rows.mean(axis=0)
    scale = rows.std(axis=0)
    scale[scale == 0] = 1.0
    z = (rows - mean) / scale
    x = np.vstack([z, z])
    y = np.r_[np.ones(len(credit)), np.zeros(len(credit))]
    weights = np.r_[credit, 1.0 - credit] + 1e-9
    fitted = LogisticRegression(C=c, max_iter=2000).fit(x, y, sample_weight=weights)
    coef = fitted.coef_[0] / scale
    return coef, float(fitted.intercept_[0] - (fitted.coef_[0] * mean / scale).sum())


def _estimate(rows: np.ndarray, coef: np.ndarray, intercept: float) -> np.ndarray:
    return np.round(sigmoid(rows @ coef + intercept), 4)


def fold_models(articles, techniques: list[str], fold: np.ndarray,
                say: Callable[[str], None] = log.info) -> list[PersuasionModel]:
    """The span model fitted without each fold's articles, as `choose_thresholds` fits it."""
    from newscred.training import persuasion_train as pt

    models = []
    for f in range(int(fold.max()) + 1):
        train = [a for a, g in zip(articles, fold) if g != f]
        say(f"display fold {f + 1}/{int(fold.max()) + 1}: fitting on {len(train)} articles")
        models.append(pt.fit(train, techniques, token_threshold=0.5, sentence_threshold=1.01))
    return models


def oof_spans(articles, fold: np.ndarray, models: Sequence[PersuasionModel], *,
              token_threshold: float, sentence_threshold: float) -> dict[str, list[TechniqueSpan]]:
    """Each article's spans from the fold model that did not see it."""
    out: dict[str, list[TechniqueSpan]] = {}
    for f, model in enumerate(models):
        model.token_threshold, model.sentence_threshold = token_threshold, sentence_threshold
        for a, g in zip(articles, fold):
            if g == f:
                out[a.id] = model.predict(a.text)
    return out


def choose_display(articles, techniques: list[str], fold: np.ndarray,
                   spans: dict[str, list[TechniqueSpan]], *,
                   target: float = TARGET_PRECISION) -> DisplayModel:
    """Fit the display model on out-of-fold spans and choose its threshold (module doc)."""
    from newscred.errors import NewscredError

    blocks, credits, span_fold, owners = [], [], [], []
    for a, g in zip(articles, fold):
        found = spans.get(a.id, [])
        if not found:
            continue
        blocks.append(span_rows(a.text, found, techniques))
        credits.extend(span_credit([(s.start, s.end) for s in found], a.si))
        span_fold.extend([g] * len(found))
        owners.extend((a.id, s.start, s.end) for s in found)
    if not blocks:
        raise NewscredError("NC114", "no out-of-fold persuasion spans to fit the display model on")
    rows, credit, span_fold = np.vstack(blocks), np.array(credits), np.array(span_fold)
    estimate = np.zeros(len(credit))
    for f in np.unique(span_fold):
        held = span_fold == f
        if held.all():  # a single fold: nothing to fit on but itself
            estimate[held] = _estimate(rows[held], *fit_display_regression(rows, credit))
        else:
            estimate[held] = _estimate(rows[held], *fit_display_regression(rows[~held], credit[~held]))
    gold = {a.id: a.si for a in articles}
    curve, scores = [], {}
    for t in GRID:
        shown: dict[str, list[tuple[int, int]]] = {}
        for (article, start, end), e in zip(owners, estimate):
            if e >= t:
                shown.setdefault(article, []).append((start, end))
        scores[t] = si_scores(shown, gold)
        curve.append((t, scores[t]["precision"]))
    threshold = pick_threshold(curve, target)
    if threshold is None:
        best = max(curve, key=lambda tp: tp[1])
        raise NewscredError(
            "NC114", f"no display threshold reaches span precision {target} out of fold "
            f"(best {best[1]} at {best[0]})")
    everything = {a.id: [(s.start, s.end) for s in spans.get(a.id, [])] for a in articles}
    coef, intercept = fit_display_regression(rows, credit)
    metrics = {
        "rule": RULE,
        "target_precision": target,
        "oof_train_shown": {**scores[threshold], "spans": int((estimate >= threshold).sum())},
        "oof_train_all_spans": {**si_scores(everything, gold), "spans": len(credit)},
        "oof_train_curve": {f"{t:.2f}": [scores[t]["precision"], scores[t]["recall"]]
                            for t in GRID if round(t * 100) % 5 == 0},
        "folds": int(fold.max()) + 1,
    }
    return DisplayModel(techniques=tuple(techniques), coef=coef, intercept=intercept,
                        threshold=threshold, metrics=metrics)


def dev_figures(model: PersuasionModel, dev) -> dict[str, Any]:
    """Span identification on PTC dev for all spans and for the shown spans only."""
    everything, shown = {}, {}
    n_all = n_shown = 0
    for a in dev:
        found = model.predict(a.text)
        flags = model.display.shown(a.text, found) if model.display else [True] * len(found)
        everything[a.id] = [(s.start, s.end) for s in found]
        shown[a.id] = [(s.start, s.end) for s, keep in zip(found, flags) if keep]
        n_all, n_shown = n_all + len(found), n_shown + sum(flags)
    gold = {a.id: a.si for a in dev}
    return {"dev_shown": {**si_scores(shown, gold), "spans": n_shown},
            "dev_all_spans": {**si_scores(everything, gold), "spans": n_all}}


def attach_display(model: PersuasionModel, train_articles, dev, techniques: list[str], *,
                   models: Sequence[PersuasionModel] | None = None,
                   say: Callable[[str], None] = log.info) -> dict[str, Any]:
    """Choose the display model for `model` (its thresholds), set `model.display`, score
    dev, and return the metrics. `models`: fold models already fitted on the same folds."""
    from newscred.training import persuasion_train as pt

    fold = pt._folds(train_articles, pt.FOLDS, pt.SEED)
    models = list(models) if models is not None else fold_models(train_articles, techniques, fold, say)
    say("out-of-fold spans for the display model")
    spans = oof_spans(train_articles, fold, models, token_threshold=model.token_threshold,
                      sentence_threshold=model.sentence_threshold)
    display = choose_display(train_articles, techniques, fold, spans)
    model.display = display
    display.metrics.update(dev_figures(model, dev))
    return {"threshold": display.threshold, **display.metrics}


def train(root: Path, out_dir: Path, progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Add the display model to the persuasion artifact in `out_dir`; update its manifest."""
    from newscred.evaluation.datasets import load
    from newscred.training import persuasion_train as pt

    say = progress or (lambda msg: log.info("%s", msg))
    path = out_dir / ARTIFACT
    model = PersuasionModel.load(path)
    records = load("ptc2020", root)
    techniques = pt.techniques_of(root)
    train_articles = pt.prepare([r for r in records if r.split == "train"])
    dev = pt.prepare([r for r in records if r.split == "dev"])
    metrics = attach_display(model, train_articles, dev, techniques, say=say)
    sha256 = model.save(path)
    manifest_path = out_dir / f"{ARTIFACT.rsplit('.', 1)[0]}.manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
    manifest["sha256"] = sha256
    manifest.setdefault("metrics", {})["display"] = metrics
    manifest["display_command"] = COMMAND
    manifest["display_commit"] = git_commit()
    manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    say(f"display threshold {metrics['threshold']}: out-of-fold precision "
        f"{metrics['oof_train_shown']['precision']}, recall {metrics['oof_train_shown']['recall']}; "
        f"dev precision {metrics['dev_shown']['precision']}, recall {metrics['dev_shown']['recall']}")
    return manifest


def main(argv: Sequence[str] | None = None) -> int:
    from newscred.evaluation.datasets import shared_data_dir
    from newscred.models.linear import artifacts_dir

    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", type=Path, default=None, help="the shared datasets folder")
    parser.add_argument("--artifacts", type=Path, default=None,
                        help="the folder holding persuasion.npz (default: the package's)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    manifest = train(shared_data_dir(args.data), args.artifacts or artifacts_dir())
    print(json.dumps(manifest["metrics"]["display"], indent=1, sort_keys=True))  # noqa: T201 - a command
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
