"""`newscred train samestory|stance` and `newscred eval fnc1`: fit and score the two
lateral-reading models on FNC-1 (split by story, see `fnc1_data`).

scikit-learn is used here only (training); the shipped models are JSON read by numpy.
Training is deterministic: fixed folds, seeds and data order, weights rounded in the file.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from newscred.evaluation.data import DATASETS
from newscred.evaluation.harness import Row, TaskResult
from newscred.evaluation.metrics import accuracy, fnc_score, macro_f1, per_class_f1, roc_auc
from newscred.models.artifact import write_manifest
from newscred.training import fnc1_data as fd
from newscred.stories import samestory as ss
from newscred.stories import stance as st
from newscred.training.story_clustering import choose_article_threshold, clustering_rows

log = logging.getLogger(__name__)

SAMESTORY_VERSION = "1"
STANCE_VERSION = "1"
C_GRID = (0.01, 0.1, 1.0, 10.0)
THRESHOLDS = np.round(np.arange(0.05, 0.96, 0.01), 2)
# Macro-F1 as reported by Hanselowski et al. 2018 (COLING), FNC score (share of the best
# possible) from the FNC-1 leaderboard; all trained on the official 49,972 training pairs
# and scored on the whole competition set: anchors, not comparable numbers.
ANCHORS = (
    ("featMLP (Hanselowski et al. 2018)", 0.60, None),
    ("Athene (FNC-1 2nd)", 0.60, 0.820),
    ("UCLMR (FNC-1 3rd)", 0.58, 0.817),
    ("TalosComb (FNC-1 1st)", 0.58, 0.820),
    ("FNC-1 baseline (gradient boosting)", None, 0.752),
)
Say = Callable[[str], None]


# -- metrics --------------------------------------------------------------------------------


def related_metrics(y: np.ndarray, score: np.ndarray, threshold: float) -> dict[str, float]:
    predicted = (score >= threshold).astype(int)
    tp = float(((predicted == 1) & (y == 1)).sum())
    precision = tp / max(1.0, float(predicted.sum()))
    recall = tp / max(1.0, float(y.sum()))
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"n": len(y), "accuracy": round(accuracy(y, predicted), 4),
            "f1_related": round(f1, 4), "precision_related": round(precision, 4),
            "recall_related": round(recall, 4), "roc_auc": round(roc_auc(y, score), 4)}


def stance_metrics(gold: np.ndarray, predicted: np.ndarray) -> dict[str, float]:
    per_class = per_class_f1(gold, predicted)
    return {"n": len(gold), "accuracy": round(accuracy(gold, predicted), 4),
            "macro_f1": round(macro_f1(gold, predicted), 4),
            **{f"f1_{label}": round(per_class.get(label, 0.0), 4) for label in st.LABELS},
            "fnc_score": round(fnc_score(gold, predicted), 4)}


def best_threshold(y: np.ndarray, score: np.ndarray) -> float:
    """The grid threshold with the highest F1 of "related" (ties: the lowest)."""
    f1s = [related_metrics(y, score, float(t))["f1_related"] for t in THRESHOLDS]
    return float(THRESHOLDS[int(np.argmax(f1s))])


# -- a standardised logistic regression -----------------------------------------------------


def _fit(x: np.ndarray, y: np.ndarray, c: float, *, balanced: bool) -> dict[str, Any]:
    from sklearn.linear_model import LogisticRegression

    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    model = LogisticRegression(C=c, max_iter=5000, class_weight="balanced" if balanced else None)
    model.fit((x - mean) / scale, y)
    return {"mean": mean, "scale": scale, "model": model}


def _proba(fitted: dict[str, Any], x: np.ndarray) -> np.ndarray:
    return fitted["model"].predict_proba((x - fitted["mean"]) / fitted["scale"])


def _oof(x: np.ndarray, y: np.ndarray, folds: np.ndarray, c: float, *, balanced: bool) -> np.ndarray:
    classes = np.unique(y)
    out = np.zeros((len(y), len(classes)))
    for fold in np.unique(folds):
        test = folds == fold
        fitted = _fit(x[~test], y[~test], c, balanced=balanced)
        out[test] = _proba(fitted, x[test])
    return out


def _r(values) -> list:
    return np.round(np.asarray(values, dtype=np.float64), 8).tolist()


def _write(out_dir: Path, name: str, spec: dict[str, Any]) -> str:
    out_dir.mkdir(parents=True, exist_ok=True)
    data = (json.dumps(spec, indent=1, sort_keys=True) + "\n").encode()
    (out_dir / name).write_bytes(data)
    return hashlib.sha256(data).hexdigest()


def _data_entry(train: fd.Pairs, held: fd.Pairs) -> dict[str, Any]:
    info = DATASETS["fnc1"]
    return {"fnc1": {"citation": info.citation, "terms": info.licence, "split": fd.SPLIT_TEXT,
                     "counts": {"train": fd.counts(train), "held_out": fd.counts(held)},
                     "bodies": {"train": len(set(train.body_ids.tolist())),
                                "held_out": len(set(held.body_ids.tolist()))},
                     "stories": {"train": len(set(train.story.tolist())),
                                 "held_out": len(set(held.story.tolist()))}}}


# -- same story -----------------------------------------------------------------------------


def samestory_features(pairs: fd.Pairs) -> np.ndarray:
    emb = fd.embeddings()
    heads = emb.headline_articles(pairs.headlines)
    bodies = emb.body_articles([pairs.bodies[b] for b in pairs.body_ids.tolist()])
    cosines = np.einsum("ij,ij->i", heads.astype(np.float64), bodies.astype(np.float64))
    return np.stack([
        ss.pair_features(c, fd.headline_entities(h), fd.body_entities(pairs.bodies[b]))
        for c, h, b in zip(cosines.tolist(), pairs.headlines, pairs.body_ids.tolist())
    ]) if len(pairs) else np.zeros((0, len(ss.FEATURES)))


def _related(pairs: fd.Pairs) -> np.ndarray:
    return np.isin(pairs.labels, fd.RELATED).astype(int)


def fit_samestory(train: fd.Pairs, say: Say) -> dict[str, Any]:
    x, y = samestory_features(train), _related(train)
    folds = fd.group_folds(train.story)
    scores = {}
    for c in C_GRID:
        p = _oof(x, y, folds, c, balanced=False)[:, 1]
        scores[c] = float(np.mean(-np.log(np.where(y == 1, p, 1 - p).clip(1e-12))))
        say(f"same story: C={c} out-of-fold log loss {scores[c]:.4f}")
    c = min(C_GRID, key=lambda k: (round(scores[k], 6), k))
    oof = _oof(x, y, folds, c, balanced=False)[:, 1]
    threshold = best_threshold(y, oof)
    fitted = _fit(x, y, c, balanced=False)
    model = fitted["model"]
    cosine_idx, overlap_idx = ss.FEATURES.index("cosine"), ss.FEATURES.index("entity_overlap")
    return {
        "version": SAMESTORY_VERSION,
        "kind": "logistic regression over the cosine of two article vectors (MiniLM) and the "
        "overlap of their entity sets",
        "features": list(ss.FEATURES),
        "mean": _r(fitted["mean"]), "scale": _r(fitted["scale"]),
        "coef": _r(model.coef_[0]), "intercept": round(float(model.intercept_[0]), 8),
        "threshold": threshold,
        "threshold_rule": f"highest F1 of 'related' on story-grouped {fd.FOLDS}-fold "
        "out-of-fold probabilities of the training part",
        "selection": {"C": c, "out_of_fold_log_loss": {str(k): round(v, 5) for k, v in scores.items()},
                      "out_of_fold": related_metrics(y, oof, threshold)},
        "baselines": {"cosine_threshold": best_threshold(y, x[:, cosine_idx]),
                      "entity_overlap_threshold": best_threshold(y, x[:, overlap_idx])},
    }


def samestory_rows(model: ss.SameStoryModel, held: fd.Pairs, split_name: str) -> list[Row]:
    x, y = samestory_features(held), _related(held)
    base = model.spec["baselines"]
    cos_t, ovl_t = base["cosine_threshold"], base["entity_overlap_threshold"]
    return [
        Row(split_name, "same-story model", related_metrics(y, model.probabilities(x), model.threshold),
            f"threshold {model.threshold:.2f} (chosen by CV on the training part)"),
        Row(split_name, "cosine alone", related_metrics(y, x[:, ss.FEATURES.index("cosine")], cos_t),
            f"threshold {cos_t:.2f} (chosen on the training part)"),
        Row(split_name, "entity overlap alone",
            related_metrics(y, x[:, ss.FEATURES.index("entity_overlap")], ovl_t),
            f"threshold {ovl_t:.2f} (chosen on the training part)"),
        Row(split_name, "majority (unrelated)", related_metrics(y, np.zeros(len(y)), 0.5)),
    ]


# -- stance ---------------------------------------------------------------------------------


def stance_features(pairs: fd.Pairs) -> np.ndarray:
    emb = fd.embeddings()
    claim_vectors = emb.sentence_vectors(pairs.headlines)
    rows = np.zeros((len(pairs), len(st.FEATURES)))
    # Body by body, so each body's sentences are split, embedded and cached once.
    order = np.argsort(pairs.body_ids, kind="stable")
    current, texts, vectors = None, [], np.zeros((0, 384), dtype=np.float32)
    for i in order.tolist():
        body_id = int(pairs.body_ids[i])
        if body_id != current:
            current = body_id
            texts = fd.body_sentences(pairs.bodies[body_id])
            vectors = emb.sentence_vectors(texts)
        rows[i] = st.features(pairs.headlines[i], claim_vectors[i], texts, vectors)
    return rows


def embed_bodies(pairs: fd.Pairs, say: Say) -> None:
    """Embed every body's sentences in one pass (large batches are faster)."""
    texts = [s for b in sorted(set(pairs.body_ids.tolist()))
             for s in fd.body_sentences(pairs.bodies[b])]
    say(f"embedding {len(texts)} body sentences and {len(set(pairs.headlines))} headlines")
    fd.embeddings().sentence_vectors(texts + list(pairs.headlines))


def fit_stance(train: fd.Pairs, say: Say) -> dict[str, Any]:
    x, y = stance_features(train), train.labels
    folds = fd.group_folds(train.story)
    labels = np.array(st.LABELS)
    scores = {}
    for c in C_GRID:
        predicted = labels[_oof(x, y, folds, c, balanced=True).argmax(axis=1)]
        scores[c] = stance_metrics(y, predicted)
        say(f"stance: C={c} out-of-fold macro-F1 {scores[c]['macro_f1']:.4f}")
    c = max(C_GRID, key=lambda k: (scores[k]["macro_f1"], -k))
    fitted = _fit(x, y, c, balanced=True)
    model = fitted["model"]
    if tuple(model.classes_) != st.LABELS:
        raise ValueError(f"training labels {model.classes_} differ from {st.LABELS}")
    return {
        "version": STANCE_VERSION,
        "kind": "multinomial logistic regression, balanced class weights, over claim-vs-"
        "sentences features (MiniLM cosines, word/number/name overlap, refuting, negation, "
        "hedging and attribution cues)",
        "labels": list(st.LABELS), "features": list(st.FEATURES),
        "mean": _r(fitted["mean"]), "scale": _r(fitted["scale"]),
        "coef": [_r(row) for row in model.coef_], "intercept": _r(model.intercept_),
        "probabilities": "for equal class priors (balanced class weights)",
        "selection": {"C": c, "rule": f"highest story-grouped {fd.FOLDS}-fold out-of-fold macro-F1",
                      "out_of_fold": {str(k): v for k, v in scores.items()}},
        "sentence_cap": fd.SENTENCE_CAP,
    }


def alignment_rows(x: np.ndarray, held: fd.Pairs, split_name: str) -> list[Row]:
    """The claim-alignment cosines of stories/align.py on FNC-1: does the body's best
    sentence reach RELATED when the body addresses the headline's claim, and MATCH when it
    agrees with it?"""
    from newscred.stories.align import MATCH, RELATED

    best = x[:, st.FEATURES.index("max_cosine")]
    related = _related(held)
    agree = held.labels == "agree"
    reaching = float((best[agree] >= MATCH).mean()) if agree.any() else 0.0
    return [
        Row(split_name, f"claim addressed: best sentence cosine >= RELATED ({RELATED})",
            related_metrics(related, best, RELATED), "stories/align.py, set by hand"),
        Row(split_name, f"agreeing bodies whose best sentence reaches MATCH ({MATCH})",
            {"n": float(agree.sum()), "share": reaching},
            "the share an agreeing article would corroborate"),
    ]


def stance_rows(model: st.StanceModel, held: fd.Pairs, split_name: str,
                x: np.ndarray | None = None) -> tuple[list[Row], dict]:
    x = stance_features(held) if x is None else x
    probabilities = model.predict_matrix(x)
    predicted = np.array(st.LABELS)[probabilities.argmax(axis=1)]
    majority = np.full(len(held), "unrelated")
    disagree = probabilities[:, st.LABELS.index("disagree")] >= 0.5
    gold_disagree = held.labels == "disagree"
    at_half = {"flagged": int(disagree.sum()),
               "precision": round(float((disagree & gold_disagree).sum() / max(1, disagree.sum())), 4),
               "recall": round(float((disagree & gold_disagree).sum() / max(1, gold_disagree.sum())), 4)}
    rows = [Row(split_name, "stance model", stance_metrics(held.labels, predicted)),
            Row(split_name, "majority (unrelated)", stance_metrics(held.labels, majority))]
    rows += [Row("official competition set", f"published anchor: {name}",
                 {**({"macro_f1": f1} if f1 is not None else {}),
                  **({"fnc_score": score} if score else {})},
                 "trained on the official 49,972 pairs; not comparable")
             for name, f1, score in ANCHORS]
    return rows, at_half


# -- commands -------------------------------------------------------------------------------


def _prepare(root: Path) -> tuple[fd.Pairs, fd.Pairs, fd.Pairs, str]:
    pairs = fd.load_pairs(Path(root))
    return (pairs, *fd.split(pairs))


def train_samestory(root: Path, out_dir: Path, progress: Say | None = None) -> dict[str, Any]:
    say = progress or (lambda msg: log.info("%s", msg))
    _, train, held, digest = _prepare(root)
    say(f"same story: {len(train)} training pairs, {len(held)} held-out pairs; embedding")
    spec = fit_samestory(train, say)
    spec["article_threshold"], by_threshold = choose_article_threshold(ss.SameStoryModel(spec), train)
    spec["article_threshold_rule"] = (
        "highest pairwise F1 of the training bodies placed online by the story index "
        f"(thresholds tried: pair F1 {by_threshold})")
    say(f"same story: article threshold {spec['article_threshold']} (training-body pair F1 {by_threshold})")
    spec["split"] = {"seed": fd.SEED, "held_out": fd.HELD_OUT, "held_out_bodies_sha256": digest}
    sha = _write(out_dir, ss.ARTIFACT, spec)
    model = ss.SameStoryModel(spec)
    rows = samestory_rows(model, held, "held-out stories") + clustering_rows(model, held, "held-out stories")
    metrics = {"held_out": {f"{r.split} | {r.system}": r.metrics for r in rows},
               "selection": spec["selection"], "threshold": spec["threshold"],
               "article_threshold": spec["article_threshold"]}
    return write_manifest(
        out_dir, artifact=ss.ARTIFACT, sha256=sha, version=SAMESTORY_VERSION,
        command="newscred train samestory", data=_data_entry(train, held),
        data_sha256=fd.checksums(Path(root)), metrics=metrics, kind=spec["kind"],
        label_scheme="same story = agree/disagree/discuss; not = unrelated",
        inputs="headline: embed_articles([(headline, '')]) + entities_of(headline); body: "
        "embed_articles([('', body)]) + article_entities('', body)",
        seed=fd.SEED,
    )


def train_stance(root: Path, out_dir: Path, progress: Say | None = None) -> dict[str, Any]:
    say = progress or (lambda msg: log.info("%s", msg))
    pairs, train, held, digest = _prepare(root)
    say(f"stance: {len(train)} training pairs, {len(held)} held-out pairs")
    embed_bodies(pairs, say)
    spec = fit_stance(train, say)
    spec["split"] = {"seed": fd.SEED, "held_out": fd.HELD_OUT, "held_out_bodies_sha256": digest}
    sha = _write(out_dir, st.ARTIFACT, spec)
    rows, at_half = stance_rows(st.StanceModel(spec), held, "held-out stories")
    metrics = {"held_out": {r.system: r.metrics for r in rows if r.split == "held-out stories"},
               "held_out_disagree_at_0.5": at_half, "selection": spec["selection"]}
    return write_manifest(
        out_dir, artifact=st.ARTIFACT, sha256=sha, version=STANCE_VERSION,
        command="newscred train stance", data=_data_entry(train, held),
        data_sha256=fd.checksums(Path(root)), metrics=metrics, kind=spec["kind"],
        inputs="claim: the headline, embed([headline]); text: the body's first "
        f"{fd.SENTENCE_CAP} sentences, embed(sentences)",
        seed=fd.SEED,
    )


def evaluate(root: Path, fast: bool) -> TaskResult:
    """Both shipped models on the held-out stories (fast: a fixed share of their bodies)."""
    _, _, held, digest = _prepare(root)  # data first: its absence is the usual reason to skip
    same, stance = ss.SameStoryModel.load(), st.StanceModel.load()
    for name, model in (("samestory", same), ("stance", stance)):
        if model.spec["split"]["held_out_bodies_sha256"] != digest:
            log.warning("the %s artifact was trained on another split; retrain it", name)
    split_name = "held-out stories" + (f" ({fd.FAST_SHARE:.0%} of bodies)" if fast else "")
    if fast:
        held = fd.fast_subset(held)
    rows = samestory_rows(same, held, split_name) + clustering_rows(same, held, split_name)
    embed_bodies(held, lambda msg: log.info("%s", msg))
    x = stance_features(held)
    stance_part, at_half = stance_rows(stance, held, split_name, x)
    stance_part += alignment_rows(x, held, split_name)
    rows += stance_part
    by = {r.system: r.metrics for r in rows}
    notes = [
        fd.SPLIT_TEXT,
        (f"Held out: {len(held):,} pairs, {len(set(held.body_ids.tolist()))} bodies, "
         f"{len(set(held.story.tolist()))} stories ({fd.counts(held)})."),
        ("Same story: related (agree/disagree/discuss) vs unrelated, headline vector "
         "(embed_articles of the headline alone) against body vector (title-less "
         "embed_articles) plus entity overlap; f1_related is the F1 of 'same story'. FNC-1's "
         "unrelated pairs are random pairings, mostly of different topics, so this is easier "
         "than telling two events of one topic apart, as story clustering must."),
        ("Stance: 4 classes, headline as the claim against the body's first "
         f"{fd.SENTENCE_CAP} sentences; fnc_score is the official FNC-1 weighted score as a "
         "share of the best possible. The published anchors (macro-F1 from Hanselowski et al. "
         "2018, COLING; FNC score from the FNC-1 leaderboard; rounded, as cited, not re-checked "
         "offline) were trained on the official "
         "49,972 training pairs and scored on the whole competition set, while these models "
         "train on about 70% of the competition set (fewer pairs, other stories): anchors only."),
        (f"Stance model, P(disagree) >= 0.5: {at_half['flagged']} pairs flagged, precision "
         f"{at_half['precision']:.3f}, recall {at_half['recall']:.3f} (probabilities are for "
         "equal class priors; higher thresholds are no more precise). Too weak to call a claim "
         "contradicted on its own, so compare reports it on the evidence and contradicts only "
         "on figures, dates, negation or actors (stories/align.py, STANCE_CONTRADICTS)."),
        ("Story index: the held-out bodies placed one by one into the story index (as ingest "
         "places articles; no dates, so no window), clusters scored against the gold stories "
         "by pairwise precision/recall/F1 over body pairs and B-cubed F1. The index links two "
         "articles at the model's article threshold, chosen on the training bodies by pairwise "
         "F1; the headline-body threshold over-merges articles (single-link errors compound)."),
        ("Rebuild: `newscred train samestory`, `newscred train stance`; rerun: "
         "`newscred eval fnc1`."),
    ]
    return TaskResult(
        task="fnc1", title="Same story and stance (FNC-1)", rows=rows, notes=notes,
        data_sha256=fd.checksums(Path(root)),
        gate={"samestory_f1_related": by["same-story model"]["f1_related"],
              "samestory_accuracy": by["same-story model"]["accuracy"],
              "stance_macro_f1": by["stance model"]["macro_f1"],
              "stance_fnc_score": by["stance model"]["fnc_score"],
              "story_index_pair_f1": by["story index (same-story model)"]["pair_f1"],
              "story_index_bcubed_f1": by["story index (same-story model)"]["bcubed_f1"]},
    )
