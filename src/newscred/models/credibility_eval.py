"""`newscred eval credibility`: the credibility model measured the way it will be used,
on datasets and outlets it never saw, beside baselines and shortcut probes."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from newscred.evaluation.datasets import data_checksums, load
from newscred.evaluation.harness import Row, TaskResult
from newscred.evaluation.metrics import binary_metrics, roc_auc
from newscred.models import credibility as cr
from newscred.models.masking import mention_counts
from newscred.models.train import GRID, TRAINING_SETS

EVAL_SETS = (*TRAINING_SETS, "coaid_news")
MIX_LABEL = {"style": "signal features only", "text": "masked n-grams only",
             "both": "signals + masked n-grams"}


def _recipes() -> dict[str, tuple[float, float]]:
    """The strongest grid entry per mix: the ablation compares like with like."""
    best: dict[str, tuple[float, float]] = {}
    for mix, c, alpha in GRID:
        best.setdefault(mix, (c, alpha))
    return best


def _length(corpus: cr.Corpus, idx: np.ndarray) -> np.ndarray:
    return np.log1p(np.array([len(corpus.texts[i].split()) for i in idx], dtype=float))


def _length_probe(corpus: cr.Corpus, train: np.ndarray, test: np.ndarray) -> float:
    """ROC-AUC of a one-feature model on log length, its direction fitted on `train`."""
    direction = np.sign(roc_auc(corpus.y[train], _length(corpus, train)) - 0.5) or 1.0
    return round(roc_auc(corpus.y[test], direction * _length(corpus, test)), 4)


def _ablation_rows(corpus: cr.Corpus, recipes: dict[str, tuple[float, float]]) -> list[Row]:
    from newscred.models.train import CANDIDATE_SIGNALS

    present = sorted({n.split(".", 1)[0] for n in corpus.names} & set(CANDIDATE_SIGNALS))
    if not present:
        return []
    c, alpha = recipes["both"]
    rows = []
    idx = np.arange(len(corpus.y))
    for label, part in (("with", corpus), ("without", cr.without_signals(corpus, present))):
        aucs = []
        for name in sorted(set(corpus.dataset.tolist())):
            test = part.dataset == name
            fitted = cr.fit(part, idx[~test], mix="both", c=c, alpha=alpha)
            aucs.append(roc_auc(part.y[test], fitted.logits(idx[test])))
        rows.append(Row("ablation: leave one dataset out, mean over held-out sets",
                        f"model (both) {label} {' + '.join(present)} features",
                        {"roc_auc": round(float(np.mean(aucs)), 4)}))
    return rows


def evaluate(root: Path, fast: bool) -> TaskResult:
    limit = 120 if fast else None
    sets = TRAINING_SETS if fast else EVAL_SETS
    corpus = cr.build_corpus(Path(root), sets, limit)
    idx = np.arange(len(corpus.y))
    recipes = _recipes()
    mixes = ["both"] if fast else list(recipes)
    rows: list[Row] = []
    notes: list[str] = []
    lodo_auc: dict[str, list[float]] = {m: [] for m in mixes}

    # 1. Leave one dataset out: train on all the others.
    for name in sorted(set(corpus.dataset.tolist())):
        test = corpus.dataset == name
        train_idx, test_idx = idx[~test], idx[test]
        for mix in mixes:
            c, alpha = recipes[mix]
            fitted = cr.fit(corpus, train_idx, mix=mix, c=c, alpha=alpha)
            metrics = binary_metrics(corpus.y[test_idx], cr.sigmoid(fitted.logits(test_idx)))
            lodo_auc[mix].append(metrics["roc_auc"])
            rows.append(Row(f"held out: {name}", f"model ({MIX_LABEL[mix]})", metrics))
        rows.append(Row(f"held out: {name}", "length-only probe",
                        {"roc_auc": _length_probe(corpus, train_idx, test_idx)}))
        majority = float(corpus.y[test_idx].mean() >= 0.5)
        rows.append(Row(f"held out: {name}", "majority baseline",
                        binary_metrics(corpus.y[test_idx], np.full(len(test_idx), majority))))

    # 1b. Ablation: the same, without the persuasion and claims features (issue 5).
    if not fast:
        rows += _ablation_rows(corpus, recipes)

    # 2. Cross-dataset matrix: train on one dataset, test on each other one.
    matrix: dict[str, list[float]] = {m: [] for m in mixes}
    names = sorted(set(corpus.dataset.tolist()))
    for train_name in names:
        train_idx = idx[corpus.dataset == train_name]
        for mix in mixes:
            c, alpha = recipes[mix]
            fitted = cr.fit(corpus, train_idx, mix=mix, c=c, alpha=alpha)
            cells = []
            for test_name in names:
                if test_name != train_name:
                    test_idx = idx[corpus.dataset == test_name]
                    auc = round(roc_auc(corpus.y[test_idx], fitted.logits(test_idx)), 4)
                    cells.append(f"{test_name} {auc:.3f}")
                    matrix[mix].append(auc)
            rows.append(Row(f"trained on {train_name} only", f"model ({MIX_LABEL[mix]})",
                            {"roc_auc": round(float(np.mean([float(x.split()[1]) for x in cells])), 4)},
                            note="; ".join(cells)))

    # 3. BuzzFeed-Webis, one portal held out at a time, pooled out-of-fold ROC-AUC.
    lopo = {}
    if "buzzfeed" in names:
        b_idx = idx[corpus.dataset == "buzzfeed"]
        portals = corpus.source[b_idx]
        for mix in mixes:
            c, alpha = recipes[mix]
            scores = np.zeros(len(b_idx))
            for portal in sorted(set(portals.tolist())):
                held = portals == portal
                train_idx = np.setdiff1d(idx, b_idx[held])
                scores[held] = cr.fit(corpus, train_idx, mix=mix, c=c, alpha=alpha).logits(b_idx[held])
            lopo[mix] = round(roc_auc(corpus.y[b_idx], scores), 4)
            rows.append(Row("BuzzFeed-Webis, leave one portal out", f"model ({MIX_LABEL[mix]})",
                            {"n": len(b_idx), "roc_auc": lopo[mix]}))
        # Outlet-only probe: each portal's label rate, out of fold over random folds. It shows
        # how much the publisher alone gives away; under leave-one-portal-out it is 0.5.
        fold = cr.folds(corpus, b_idx)
        prior = np.zeros(len(b_idx))
        for f in range(5):
            train = fold != f
            rate = {p: corpus.y[b_idx[train & (portals == p)]].mean() for p in set(portals.tolist())}
            prior[~train] = [rate[p] for p in portals[~train]]
        rows.append(Row("BuzzFeed-Webis, random 5-fold", "outlet-only probe (portal's label rate)",
                        {"n": len(b_idx), "roc_auc": round(roc_auc(corpus.y[b_idx], prior), 4)},
                        note="the publisher shortcut a source-disjoint split removes"))

    # 4. In-domain: trained, calibrated and tested on one dataset (5-fold), and the pooled
    # model's calibration at its even prior. Calibration ECE is measured on the half of
    # the out-of-fold predictions that the calibrator was not fitted on.
    c, alpha = recipes["both"]
    for name in names:
        d_idx = idx[corpus.dataset == name]
        oof = cr.out_of_fold_logits(corpus, d_idx, mix="both", c=c, alpha=alpha)
        w = cr.sample_weights(corpus.dataset[d_idx], corpus.y[d_idx])
        calibration, eces = cr.choose_calibration(oof, corpus.y[d_idx], w)
        metrics = binary_metrics(corpus.y[d_idx], cr.apply_calibration(calibration, oof))
        metrics["ece"] = eces[calibration["type"]]
        rows.append(Row(f"in-domain 5-fold: {name}", "model (signals + masked n-grams)", metrics,
                        note=f"{calibration['type']} calibration; ECE at an even prior"))
    oof = cr.out_of_fold_logits(corpus, idx, mix="both", c=c, alpha=alpha)
    weights = cr.sample_weights(corpus.dataset, corpus.y)
    calibration, eces = cr.choose_calibration(oof, corpus.y, weights)
    pooled_ece = eces[calibration["type"]]
    rows.append(Row("in-domain 5-fold: all sets pooled", "shipped recipe",
                    {"n": len(idx), "roc_auc": round(roc_auc(corpus.y, oof), 4), "ece": pooled_ece},
                    note=f"{calibration['type']} calibration, ECE weighted to the even prior"))

    # 5. Shortcut probe: outlet names, URLs, handles and wire tags before and after masking.
    for name in names:
        m = idx[corpus.dataset == name]
        before = np.array([sum(mention_counts(corpus.articles[i].title + " " + corpus.articles[i].text).values()) for i in m], dtype=float)
        after = np.array([sum(mention_counts(corpus.texts[i]).values()) for i in m], dtype=float)
        rows.append(Row(f"shortcut probe: {name}", "mention counts before masking",
                        {"roc_auc": round(roc_auc(corpus.y[m], before), 4)}))
        rows.append(Row(f"shortcut probe: {name}", "mention counts after masking",
                        {"roc_auc": round(roc_auc(corpus.y[m], after), 4)},
                        note=f"{int(after.sum())} mentions left"))

    # 6. Out-of-distribution abstention: threshold on held-out in-domain scores.
    threshold, scores = cr.ood_threshold(corpus, idx)
    rows.append(Row("out-of-distribution", "in-domain held out",
                    {"n": len(idx), "abstain_rate": round(float((scores > threshold).mean()), 4)},
                    note=f"threshold {threshold:.2f} = 99.5th percentile of held-out scores"))
    if not fast:
        rows += _ood_elsewhere(corpus, idx, threshold)

    notes += [
        "Label scheme: reliable = BuzzFeed 'mostly true', FA-KES 'credible', ISOT 'true', "
        "CoAID 'real'; the rest unreliable (BuzzFeed 'no factual content' dropped).",
        "ECE in the held-out and matrix rows is of the uncalibrated logistic output at the "
        "held-out set's own class balance; the in-domain rows calibrate on held-out halves, "
        "and the shipped model is calibrated at an even prior (datasets and classes weighted "
        "equally).",
        "FA-KES labels whether casualty figures match a monitoring group's records; both "
        "classes come from the same outlets, and no text model here beats chance on it.",
        "CoAID texts are lower-cased with punctuation stripped by its authors, so the style "
        "signals (capitals, quotes, exclamations) read it poorly.",
        "Published cross-dataset results in this field sit near 0.5-0.7 ROC-AUC.",
    ]
    gate = {"lodo_mean_roc_auc": round(float(np.mean(lodo_auc["both"])), 4),
            "pooled_calibration_quality": round(1.0 - pooled_ece, 4)}
    if lopo:
        gate["buzzfeed_lopo_roc_auc"] = lopo["both"]
    for mix in mixes:
        notes.append(f"{MIX_LABEL[mix]}: mean leave-one-dataset-out ROC-AUC "
                     f"{np.mean(lodo_auc[mix]):.3f}, mean cross-dataset matrix ROC-AUC "
                     f"{np.mean(matrix[mix]):.3f}" + (f", BuzzFeed leave-one-portal-out {lopo[mix]:.3f}" if mix in lopo else ""))
    checksums = {k: v for n in names for k, v in data_checksums(n, Path(root)).items()}
    return TaskResult("credibility", "Article credibility", rows, notes, checksums, gate)


def _ood_elsewhere(corpus: cr.Corpus, idx: np.ndarray, threshold: float) -> list[Row]:
    """Abstention rates on texts that are not credibility training data: other news sets
    (should stay low) and political debate transcripts (speech, not news)."""
    ood = cr.OodModel.fit(corpus.texts)
    rows = []
    for name in ("hyperpartisan", "golbeck", "ptc2020"):
        records = [r for r in load(name) if len(r.text.split()) >= 80][:400]
        scores = ood.score([cr.model_text(r.title, r.text) for r in records])
        rows.append(Row("out-of-distribution", f"other news: {name}",
                        {"n": len(records), "abstain_rate": round(float((scores > threshold).mean()), 4)}))
    debates: dict[str, list[str]] = {}
    for r in load("checkthat2019"):
        debates.setdefault(r.source, []).append(r.text)
    chunks = [" ".join(lines[i : i + 40]) for lines in debates.values() for i in range(0, len(lines), 40)]
    scores = ood.score([cr.model_text("", c) for c in chunks[:400]])
    rows.append(Row("out-of-distribution", "not news: debate transcripts (40-line chunks)",
                    {"n": min(400, len(chunks)), "abstain_rate": round(float((scores > threshold).mean()), 4)}))
    return rows

