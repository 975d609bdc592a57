"""`newscred train assessment`: fit the credibility model on ../shared data, deterministically.

The recipe (which features, which mix of signal features and masked n-grams, how strong
the regularisation) is chosen here by leave-one-dataset-out ROC-AUC, never by in-domain
accuracy. Writes `assessment.json` (signal part, calibration, out-of-distribution model),
`assessment_text.npz` (n-gram part) and `assessment.manifest.json`.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from newscred.evaluation.datasets import data_checksums
from newscred.evaluation.metrics import roc_auc
from newscred.models import credibility as cr
from newscred.models.artifact import write_manifest
from newscred.models.linear import LinearTextModel

log = logging.getLogger(__name__)

MODEL_VERSION = "0.2.0"
TRAINING_SETS = ("buzzfeed", "isot", "fakes")
# (mix, C, alpha): alpha scales the signal features against the n-gram block.
GRID = (("style", 0.01, 1.0), ("text", 0.1, 1.0), ("both", 0.1, 0.3))
DATA_TERMS = {
    "buzzfeed": "BuzzFeed-Webis Fake News Corpus 2016 (Potthast et al. 2018); Zenodo record "
    "reported as CC BY 4.0.",
    "isot": "ISOT Fake News dataset, 5% sample (Ahmed et al. 2017); research use, cite the "
    "authors. Reuters datelines masked.",
    "fakes": "FA-KES (Abu Salem et al. 2019); Zenodo release reported as CC BY 4.0.",
    "coaid_news": "CoAID (Cui and Lee 2020); licence unstated, research use.",
}


def leave_one_dataset_out(corpus: cr.Corpus, mix: str, c: float, alpha: float) -> dict[str, float]:
    idx = np.arange(len(corpus.y))
    out = {}
    for name in sorted(set(corpus.dataset.tolist())):
        test = corpus.dataset == name
        fitted = cr.fit(corpus, idx[~test], mix=mix, c=c, alpha=alpha)
        out[name] = round(roc_auc(corpus.y[test], fitted.logits(idx[test])), 4)
    return out


def choose(corpus: cr.Corpus, say: Callable[[str], None]) -> tuple[tuple[str, float, float], dict]:
    scores = {}
    for mix, c, alpha in GRID:
        lodo = leave_one_dataset_out(corpus, mix, c, alpha)
        scores[f"{mix} C={c} alpha={alpha}"] = lodo
        say(f"leave-one-dataset-out ROC-AUC, {mix} C={c} alpha={alpha}: {lodo}")
    best = max(GRID, key=lambda g: (np.mean(list(scores[f"{g[0]} C={g[1]} alpha={g[2]}"].values())), g))
    return best, scores


# Signals added in issue 5; they feed the model only if they help across datasets.
CANDIDATE_SIGNALS = ("persuasion", "claims")


def ablation(corpus: cr.Corpus, mix: str, c: float, alpha: float,
             say: Callable[[str], None]) -> tuple[bool, dict[str, Any]]:
    """Leave-one-dataset-out ROC-AUC with and without the candidate signals' features;
    (keep them?, the figures). Kept only when the mean over held-out datasets improves."""
    present = sorted({n.split(".", 1)[0] for n in corpus.names} & set(CANDIDATE_SIGNALS))
    if not present:
        return False, {}
    with_them = leave_one_dataset_out(corpus, mix, c, alpha)
    without = leave_one_dataset_out(cr.without_signals(corpus, present), mix, c, alpha)
    mean_with, mean_without = float(np.mean(list(with_them.values()))), float(np.mean(list(without.values())))
    keep = mean_with > mean_without
    say(f"ablation ({', '.join(present)}): with {mean_with:.4f}, without {mean_without:.4f} "
        f"-> {'kept' if keep else 'left out'}")
    return keep, {"signals": present, "with": with_them, "without": without,
                  "mean_with": round(mean_with, 4), "mean_without": round(mean_without, 4),
                  "kept": keep}


def train_assessment(
    root: Path, out_dir: Path, progress: Callable[[str], None] | None = None, *,
    sets: Sequence[str] = TRAINING_SETS, limit: int | None = None,
) -> dict[str, Any]:
    """Choose, fit, calibrate and write the model. `limit` keeps the first N articles of
    each dataset and class (for quick tests; the shipped model uses all)."""
    say = progress or (lambda msg: log.info("%s", msg))
    corpus = cr.build_corpus(Path(root), tuple(sets), limit)
    say(f"{len(corpus.y)} articles, {len(corpus.names)} signal features")
    (mix, c, alpha), grid_scores = choose(corpus, say)
    say(f"chose mix={mix} C={c} alpha={alpha}")
    keep, ablation_scores = ablation(corpus, mix, c, alpha, say)
    if ablation_scores and not keep:
        corpus = cr.without_signals(corpus, ablation_scores["signals"])
    idx = np.arange(len(corpus.y))
    weights = cr.sample_weights(corpus.dataset, corpus.y)
    oof = cr.out_of_fold_logits(corpus, idx, mix=mix, c=c, alpha=alpha)
    calibration, calibration_ece = cr.choose_calibration(oof, corpus.y, weights)
    fitted = cr.fit(corpus, idx, mix=mix, c=c, alpha=alpha)
    threshold, _ = cr.ood_threshold(corpus, idx)
    ood = cr.OodModel.fit(corpus.texts)

    metrics = {
        "selection": {"grid_leave_one_dataset_out_roc_auc": grid_scores,
                      "chosen": {"mix": mix, "C": c, "alpha": alpha}},
        "ablation_leave_one_dataset_out_roc_auc": ablation_scores,
        "in_domain_oof_roc_auc": {
            d: round(roc_auc(corpus.y[corpus.dataset == d], oof[corpus.dataset == d]), 4)
            for d in sorted(set(corpus.dataset.tolist()))
        },
        "calibration": {"chosen": calibration["type"],
                        "held_out_half_weighted_ece": calibration_ece},
        "ood_threshold": round(threshold, 4),
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    text_part = None
    if mix in ("text", "both"):
        text_model = LinearTextModel(
            classes=["unreliable", "reliable"], coef=fitted.text_coef.reshape(1, -1),
            intercept=np.zeros(1), hashing=cr.TEXT_HASHING, version=MODEL_VERSION,
        )
        text_sha = text_model.save(out_dir / "assessment_text.npz")
        text_logits = corpus.text_matrix @ fitted.text_coef
        text_part = {"artifact": "assessment_text.npz", "sha256": text_sha,
                     "mean_contribution": round(float(np.average(text_logits, weights=weights)), 8)}
    dense_scale = alpha if mix in ("style", "both") else 0.0
    # The intercept absorbs the text part's average so "absent" groups sit at the average.
    spec = {
        "version": MODEL_VERSION,
        "kind": f"logistic regression ({mix}: signal features"
        + (" + masked hashed n-grams" if text_part else "") + f"), {calibration['type']}-calibrated",
        "features": corpus.names,
        "groups": {n: n.split(".", 1)[0] for n in corpus.names},
        "mean": [round(float(v), 8) for v in fitted.mean],
        "scale": [round(float(v), 8) for v in fitted.scale],
        "coef": [round(float(v) * dense_scale, 8) for v in fitted.dense_coef],
        "intercept": round(fitted.intercept, 8),
        "calibration": calibration,
        "clip_z": cr.CLIP_Z,
        "excluded_features": {
            **cr.EXCLUDED, **{f"{name}.*": why for name, why in cr.EXCLUDED_SIGNALS.items()},
            **({f"{name}.*": "left out: no gain in leave-one-dataset-out ROC-AUC (ablation)"
                for name in ablation_scores["signals"]} if ablation_scores and not keep else {}),
        },
        "text": text_part,
        "ood": {"kind": "1 - best cosine similarity to k-means centroids of the training "
                "texts (hashed unigrams, idf)", "artifact": "assessment_ood.npz",
                "hashing": cr.OOD_HASHING.to_dict(), "threshold": round(threshold, 6),
                "threshold_rule": "99.5th percentile of out-of-fold in-domain scores"},
    }
    with (out_dir / "assessment_ood.npz").open("wb") as handle:
        np.savez_compressed(handle, centroids=ood.centroids.astype(np.float32),
                            idf=ood.idf.astype(np.float32))
    spec["ood"]["sha256"] = hashlib.sha256((out_dir / "assessment_ood.npz").read_bytes()).hexdigest()
    model_bytes = (json.dumps(spec, indent=1, sort_keys=True) + "\n").encode()
    (out_dir / "assessment.json").write_bytes(model_bytes)

    names = sorted(set(corpus.dataset.tolist()))
    return write_manifest(
        out_dir,
        artifact="assessment.json",
        sha256=hashlib.sha256(model_bytes).hexdigest(),
        version=MODEL_VERSION,
        command="newscred train assessment",
        data={n: {"counts": {"reliable": int(((corpus.dataset == n) & (corpus.y == 1)).sum()),
                             "unreliable": int(((corpus.dataset == n) & (corpus.y == 0)).sum())},
                  "terms": DATA_TERMS[n]} for n in names},
        data_sha256={k: v for n in names for k, v in data_checksums(n, Path(root)).items()},
        metrics=metrics,
        label_scheme="reliable=1: BuzzFeed 'mostly true', FA-KES 'credible', ISOT 'true'; "
        "reliable=0: BuzzFeed 'mixture'/'mostly false', FA-KES 'fake', ISOT 'fake'; "
        "BuzzFeed 'no factual content' dropped",
        text_artifact=text_part,
        limit=limit,
    )


def train_assessment_cli(root: Path, out_dir: Path, progress=None) -> dict[str, Any]:
    return train_assessment(root, out_dir, progress)

