"""Does the hyperpartisan model transfer to publishers it never saw? Rows for its evaluation.

BuzzFeed-Webis 2016 (Potthast et al. 2018) holds posts of nine Facebook portals whose
orientation is known (left, right, mainstream). Leave one portal out: train the shipped
recipe on the SemEval training split (less any article from the portal's sites) plus the
other eight portals' articles, and score the held-out portal. The shipped model is also
scored on every portal (flagged when it saw that portal in training), and on the failure
the issue names: mainstream reporting against fabricated stories (ISOT, BuzzFeed).

Articles are scored as the analyzer sees them: title and body, not stripped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from newscred.evaluation.harness import Row
from newscred.evaluation.metrics import binary_metrics
from newscred.training.hyperpartisan import (
    Corpus, base_domain, decisions, model_text, platt_calibration, raw_matrix,
)
from newscred.models.calibration import platt
from newscred.models.linear import LinearTextModel

LOPO = "BuzzFeed-Webis, leave one portal out (publisher unseen)"
SHIPPED = "BuzzFeed-Webis, shipped model"
CHECK = "mainstream vs fabricated, shipped model"
MIN_WORDS = 50

Progress = Callable[[str], None] | None


def calibrated(model: LinearTextModel, raw) -> np.ndarray:
    """P(hyperpartisan) for hashed rows, with the model's Platt calibration."""
    cal = model.calibration
    return platt(decisions(model, raw), cal["a"], cal["b"])


def summary(probability: Sequence[float]) -> dict[str, float]:
    """n, mean P(hyperpartisan) and the share at or above 0.5."""
    p = np.asarray(probability, dtype=float)
    if not len(p):
        return {"n": 0}
    return {"n": int(len(p)), "mean_probability": round(float(p.mean()), 4),
            "share_over_half": round(float((p >= 0.5).mean()), 4)}


def portal_rows(split: str, system: str, portal: np.ndarray, y: np.ndarray, p: np.ndarray,
                orientation: dict[str, str], seen: set[str] | None = None) -> list[Row]:
    """A pooled row (left/right portal = 1, mainstream = 0), then one row per portal."""
    out = [Row(split, system, binary_metrics(y, p),
               note="pooled over portals; positive = left or right portal")]
    for name in sorted(orientation):
        note = orientation[name]
        if seen is not None:
            note += ", seen in training" if name in seen else ", unseen"
        out.append(Row(split, f"portal {name}", summary(p[portal == name]), note=note))
    return out


# -- the shipped model ----------------------------------------------------------------------
def shipped_rows(model: LinearTextModel, buzzfeed: Sequence, isot: Sequence,
                 seen: set[str]) -> list[Row]:
    """The shipped model per BuzzFeed portal (pooled, unseen portals only, each portal),
    then mean P(hyperpartisan) on mainstream reporting vs fabricated stories."""
    buzzfeed = [r for r in buzzfeed if len(r.text.split()) >= MIN_WORDS]
    portal = np.array([r.source for r in buzzfeed])
    orientation = {r.source: r.extra["orientation"] for r in buzzfeed}
    y = np.array([orientation[s] != "mainstream" for s in portal], dtype=int)
    p = calibrated(model, raw_matrix([model_text(r.title, r.text) for r in buzzfeed]))
    out = portal_rows(SHIPPED, "shipped model, all portals", portal, y, p, orientation, seen)
    unseen = np.array([s not in seen for s in portal])
    if unseen.any() and len(set(y[unseen])) == 2:
        out.insert(1, Row(SHIPPED, "shipped model, portals unseen in training",
                          binary_metrics(y[unseen], p[unseen]),
                          note=", ".join(sorted(set(portal[unseen])))))
    groups = {
        "ISOT true (Reuters)": [r for r in isot if r.label == "true"],
        "ISOT fake": [r for r in isot if r.label == "fake"],
        "BuzzFeed mainstream, mostly true": [
            r for r in buzzfeed
            if r.extra["orientation"] == "mainstream" and r.label == "mostly true"],
        "BuzzFeed left/right, mostly false": [
            r for r in buzzfeed
            if r.extra["orientation"] != "mainstream" and r.label == "mostly false"],
    }
    for name, records in groups.items():
        records = [r for r in records if len(r.text.split()) >= MIN_WORDS]
        if records:
            raw = raw_matrix([model_text(r.title, r.text) for r in records])
            out.append(Row(CHECK, name, summary(calibrated(model, raw))))
    return out


# -- leave one portal out -------------------------------------------------------------------
def portal_training_rows(corpus: Corpus, portal: str) -> tuple[np.ndarray, np.ndarray]:
    """(SemEval train rows, BuzzFeed rows) to fit on when `portal` is held out: no SemEval
    article from one of the portal's sites, no article of the portal itself."""
    sites = corpus.portal_domains[portal]
    train = corpus.index("train")
    train = train[[base_domain(s) not in sites for s in corpus.source[train]]]
    extra = corpus.index("extra")
    return train, extra[corpus.source[extra] != portal]


def fit_calibrated(corpus: Corpus, train: np.ndarray, extra: np.ndarray,
                   folds: int) -> LinearTextModel:
    """The shipped recipe on the given rows: Platt on publisher-disjoint out-of-fold decisions."""
    oof = corpus.cross_validate(folds, extras=len(extra) > 0, train=train, extra=extra)
    model = corpus.fit(np.concatenate([train, extra]))
    model.calibration = platt_calibration(oof, corpus.y[train])
    return model


def leave_one_portal_out(corpus: Corpus, raw, folds: int, progress: Progress = None) -> np.ndarray:
    """P(hyperpartisan) for every BuzzFeed article (corpus.index("extra") of an all-portals
    corpus; `raw`: their hashed run-time texts), each by a model that never saw its portal."""
    rows = corpus.index("extra")
    out = np.zeros(len(rows))
    for portal in sorted(corpus.portal_domains):
        if progress:
            progress(f"hyperpartisan: leave out portal {portal}")
        held = np.flatnonzero(corpus.source[rows] == portal)
        model = fit_calibrated(corpus, *portal_training_rows(corpus, portal), folds)
        out[held] = calibrated(model, raw[held])
    return out


def leave_one_portal_out_rows(root: Path, folds: int, weight: float,
                              progress: Progress = None) -> list[Row]:
    corpus = Corpus(Path(root), all_portals=True)
    rows = corpus.index("extra")
    raw = raw_matrix([model_text(corpus.titles[i], corpus.bodies[i]) for i in rows])
    p = leave_one_portal_out(corpus, raw, folds, progress)
    out = portal_rows(LOPO, f"recipe: SemEval train + the other 8 portals (weight {weight:g})",
                      corpus.source[rows], corpus.y[rows], p, corpus.orientation)
    # For comparison: SemEval alone, without any article from a portal's sites.
    sites = set().union(*corpus.portal_domains.values())
    train = corpus.index("train")
    train = train[[base_domain(s) not in sites for s in corpus.source[train]]]
    model = fit_calibrated(corpus, train, np.zeros(0, dtype=int), folds)
    out.insert(1, Row(LOPO, "SemEval train only (no BuzzFeed; portal sites left out)",
                      binary_metrics(corpus.y[rows], calibrated(model, raw)),
                      note="one model for every portal"))
    return out
