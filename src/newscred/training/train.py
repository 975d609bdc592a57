"""`newscred train assessment`: choose, fit and calibrate the assessment model on the
transfer datasets, deterministically.

The recipe is chosen by leave-one-dataset-out over the training datasets (the worst
held-out set first, then the mean), never by in-domain accuracy; the calibrator is fitted
on those held-out predictions, so it is calibrated for news from elsewhere. Writes
`assessment.json` (dense part, calibration, out-of-distribution model),
`assessment_text.npz` (n-gram part, when the recipe keeps it), `assessment_ood.npz` and
`assessment.manifest.json`.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from newscred.errors import NewscredError
from newscred.evaluation.datasets import data_checksums
from newscred.evaluation.metrics import roc_auc
from newscred.training import assessment as cr
from newscred.training.corpus import EXCLUDED_SIGNALS, TEXT_HASHING, Corpus, build_corpus
from newscred.training.ood import OOD_HASHING, OodModel, ood_threshold
from newscred.models.artifact import write_manifest
from newscred.models.linear import LinearTextModel

log = logging.getLogger(__name__)

MODEL_VERSION = "0.3.0"
TRAINING_SETS = cr.TRANSFER_SETS
FOLDERS = {
    "buzzfeed": "buzzfeed_webis_2016", "isot": "isot_sample5pct", "coaid_news": "coaid_covid19",
    "recovery": "recovery_covid19_2020", "checkthat2021": "checkthat2021_task3a_en",
    "snopes312": "misinfotext_snopes312", "fakes": "fakes_syria_2019",
}
DATA_TERMS = {
    "buzzfeed": "BuzzFeed-Webis Fake News Corpus 2016 (Potthast et al. 2018); Zenodo record "
    "reported as CC BY 4.0.",
    "isot": "ISOT Fake News dataset, 5% sample (Ahmed et al. 2017); research use, cite the "
    "authors. Reuters datelines masked.",
    "coaid_news": "CoAID (Cui and Lee 2020); licence unstated, research use.",
    "recovery": "ReCOVery (Zhou et al. 2020), CC BY-NC-SA 4.0: non-commercial, share-alike. "
    "Build without it: newscred train assessment --exclude recovery_covid19_2020.",
    "checkthat2021": "CT-FAN-21, CLEF-2021 CheckThat! task 3a (Shahi et al. 2021); licence "
    "unstated, research use.",
    "snopes312": "MisInfoText Snopes312 (Torabi Asr and Taboada 2019); licence unstated, "
    "research use.",
    "fakes": "FA-KES (Abu Salem et al. 2019); Zenodo release reported as CC BY 4.0.",
}
LABEL_SCHEME = (
    "reliable=1: BuzzFeed 'mostly true', ISOT 'true', CoAID 'real', ReCOVery 'reliable' "
    "(outlet rating), CheckThat! 2021 'true', Snopes312 'true'/'mostly true'; reliable=0: "
    "BuzzFeed 'mixture'/'mostly false', ISOT 'fake', CoAID 'fake', ReCOVery 'unreliable', "
    "CheckThat! 2021 'false', Snopes312 'false'/'mostly false'. Left out: BuzzFeed 'no factual "
    "content', CheckThat! 'partially false'/'other' and texts that quote a fact-check verdict, "
    "Snopes312 'mixture'. CheckThat! titles flagged title_suspect are emptied."
)


def dataset_name(value: str) -> str:
    """A registry name from either the registry name or the shared folder's name."""
    for name, folder in FOLDERS.items():
        if value in (name, folder):
            return name
    raise NewscredError("NC114", f"unknown dataset {value!r}",
                        hint="Use one of: " + ", ".join(f"{n} ({f})" for n, f in FOLDERS.items()))


def train_assessment(
    root: Path, out_dir: Path, progress: Callable[[str], None] | None = None, *,
    sets: Sequence[str] = TRAINING_SETS, limit: int | None = None, exclude: Sequence[str] = (),
    grid: Sequence[cr.Recipe] = cr.GRID,
) -> dict[str, Any]:
    """Choose, fit, calibrate and write the model. `limit` keeps the first N articles of
    each dataset and class, and `grid` narrows the recipes (for quick tests; the shipped
    model uses all of both)."""
    say = progress or (lambda msg: log.info("%s", msg))
    dropped = {dataset_name(e) for e in exclude}
    sets = tuple(s for s in sets if s not in dropped)
    if len(sets) < 2:
        raise NewscredError("NC114", "the assessment needs at least two training datasets")
    corpus = build_corpus(Path(root), sets, limit, progress=say)
    say(f"{len(corpus.y)} articles, {len(corpus.names)} candidate features")
    fitter = cr.Fitter(corpus)
    recipe, chosen, grid_scores = cr.select(fitter, sets, grid=grid)
    say(f"chose {recipe.label()}: leave-one-dataset-out {chosen.auc} "
        f"(mean {chosen.mean:.4f}, worst {chosen.worst:.4f})")
    rows = np.arange(len(corpus.y))
    weights = cr.calibration_weights(corpus, chosen.rows)
    calibration, calibration_ece = cr.choose_calibration(
        chosen.logits, corpus.y[chosen.rows], weights)
    fitted = fitter.fit(rows, recipe)
    threshold, _ = ood_threshold(corpus, rows)
    ood = OodModel.fit(corpus.texts)

    out_dir.mkdir(parents=True, exist_ok=True)
    spec, text_part = _spec(corpus, fitted, calibration, out_dir)
    spec["ood"] = _write_ood(ood, threshold, out_dir)
    model_bytes = (json.dumps(spec, indent=1, sort_keys=True) + "\n").encode()
    (out_dir / "assessment.json").write_bytes(model_bytes)

    metrics = {
        "selection": {
            "rule": "leave one dataset out over the training sets; the worst held-out "
            "ROC-AUC (to 0.01) first, then the mean",
            "chosen": recipe.to_dict(),
            "leave_one_dataset_out_roc_auc": chosen.auc,
            "mean": round(chosen.mean, 4), "worst": round(chosen.worst, 4),
            "grid": {label: {"mean": round(r.mean, 4), "worst": round(r.worst, 4)}
                     for label, r in grid_scores.items()},
        },
        "calibration": {"chosen": calibration["type"], "fitted_on": "the chosen recipe's "
                        "leave-one-dataset-out logits", "held_out_half_even_prior_ece": calibration_ece},
        "in_sample_roc_auc": {d: round(roc_auc(corpus.y[corpus.dataset == d],
                                               fitted.logits(corpus, rows)[corpus.dataset == d]), 4)
                              for d in sets},
        "ood_threshold": round(threshold, 4),
    }
    names = list(sets)
    return write_manifest(
        out_dir,
        artifact="assessment.json",
        sha256=hashlib.sha256(model_bytes).hexdigest(),
        version=MODEL_VERSION,
        command="newscred train assessment" + "".join(f" --exclude {FOLDERS[d]}" for d in sorted(dropped)),
        data={n: {"counts": {"reliable": int(((corpus.dataset == n) & (corpus.y == 1)).sum()),
                             "unreliable": int(((corpus.dataset == n) & (corpus.y == 0)).sum())},
                  "terms": DATA_TERMS[n]} for n in names},
        data_sha256={k: v for n in names for k, v in data_checksums(n, Path(root)).items()},
        metrics=metrics,
        label_scheme=LABEL_SCHEME,
        excluded_datasets=sorted(FOLDERS[d] for d in dropped),
        text_artifact=text_part,
        limit=limit,
    )


def _spec(corpus: Corpus, fitted: cr.Fitted, calibration: dict, out_dir: Path) -> tuple[dict, dict | None]:
    """The run-time spec: the standardised ensemble folded into one linear model."""
    dense, recipe = fitted.dense, fitted.recipe
    names = [corpus.names[c] for c in dense.columns]
    coef = dense.coef / dense.spread
    intercept = dense.intercept / dense.spread
    text_part = None
    (out_dir / "assessment_text.npz").unlink(missing_ok=True)  # a stale one from another recipe
    if fitted.text is not None and recipe.text_weight > 0:
        scale = recipe.text_weight / fitted.text.spread
        intercept += fitted.text.intercept * scale
        text_model = LinearTextModel(
            classes=["unreliable", "reliable"], coef=(fitted.text.coef * scale).reshape(1, -1),
            intercept=np.zeros(1), hashing=TEXT_HASHING, version=MODEL_VERSION,
        )
        text_sha = text_model.save(out_dir / "assessment_text.npz")
        text_logits = np.asarray(corpus.text_matrix @ (fitted.text.coef * scale)).ravel()
        weights = cr.sample_weights(corpus.dataset, corpus.y)
        text_part = {"artifact": "assessment_text.npz", "sha256": text_sha,
                     "mean_contribution": round(float(np.average(text_logits, weights=weights)), 8)}
    candidates = cr.family_columns(corpus, recipe)
    rows = np.arange(len(corpus.y))
    signs = cr.directions(corpus, rows, candidates)
    against = cr.concern_directions(corpus, rows, candidates)
    left_out = {
        corpus.names[j]: "the direction rule: it separates the labels in opposite directions "
        "on different training datasets, or on none" if sign == 0 else "the concern rule: "
        "it would move the score the same way as its own signal's concern"
        for j, sign in zip(candidates, signs) if corpus.names[j] not in names
    }
    candidates = [corpus.names[j] for j in candidates]
    left_out.update({n: "not in the chosen feature family" for n in corpus.names
                     if n not in candidates})
    # A signal's component holds only the features that move with its concern (more
    # concern, fewer points); a feature the data keep but that barely moves with its
    # signal's concern (e.g. the number of claims) counts as writing style.
    signal_rule = dict(zip(candidates, against))
    groups = {n: n.split(".", 1)[0] if signal_rule.get(n, 0) != 0 else "style" for n in names}
    spec = {
        "version": MODEL_VERSION,
        "kind": "logistic regression over signal and style features (sign-constrained, "
        f"worst-dataset weight {recipe.worst_group})"
        + (" + masked hashed n-grams" if text_part else "") + f", {calibration['type']}-calibrated",
        "recipe": recipe.to_dict(),
        "features": names,
        "groups": groups,
        "signs": {n: int(s) for n, s in zip(names, dense.signs)},
        "mean": [round(float(v), 8) for v in dense.mean],
        "scale": [round(float(v), 8) for v in dense.scale],
        "coef": [round(float(v), 8) for v in coef],
        "intercept": round(float(intercept), 8),
        "calibration": calibration,
        "clip_z": cr.CLIP_Z,
        "excluded_features": {
            **left_out, **{f"{name}.*": why for name, why in EXCLUDED_SIGNALS.items()},
        },
        "text": text_part,
    }
    return spec, text_part


def _write_ood(ood: OodModel, threshold: float, out_dir: Path) -> dict:
    path = out_dir / "assessment_ood.npz"
    with path.open("wb") as handle:
        np.savez_compressed(handle, centroids=ood.centroids.astype(np.float32),
                            idf=ood.idf.astype(np.float32))
    return {"kind": "1 - best cosine similarity to k-means centroids of the training texts "
            "(hashed unigrams, idf)", "artifact": path.name,
            "hashing": OOD_HASHING.to_dict(), "threshold": round(threshold, 6),
            "threshold_rule": "99.5th percentile of out-of-fold in-domain scores",
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}
