"""Fake News Challenge stage 1: stance of an article body towards a headline."""

from __future__ import annotations

from pathlib import Path

from newscred.evaluation.data._common import (
    DatasetInfo,
    Record,
    check_label,
    fail,
    read_csv,
    row_at,
)

FOLDER = "fnc1"
STANCES = ("unrelated", "discuss", "agree", "disagree")
STANCES_FILE = "competition_test_stances.csv"
BODIES_FILE = "competition_test_bodies.csv"


def load_fnc1(root: Path) -> list[Record]:
    bodies_path = root / FOLDER / BODIES_FILE
    bodies: dict[str, str] = {}
    for number, row in read_csv(bodies_path, ("Body ID", "articleBody")):
        body_id = row["Body ID"].strip()
        if body_id in bodies:
            raise fail(f"{row_at(bodies_path, number)}: Body ID {body_id} repeats")
        bodies[body_id] = row["articleBody"]
    stances_path = root / FOLDER / STANCES_FILE
    out = []
    for number, row in read_csv(stances_path, ("Headline", "Body ID", "Stance")):
        at = row_at(stances_path, number)
        body_id = row["Body ID"].strip()
        if body_id not in bodies:
            raise fail(f"{at}: Body ID {body_id} is not in {BODIES_FILE}")
        out.append(
            Record(
                dataset="fnc1",
                id=str(number),
                text=bodies[body_id],
                label=check_label(row["Stance"], STANCES, at),
                split="all",
                title=row["Headline"].strip(),
                extra={"body_id": int(body_id) if body_id.isdigit() else body_id},
            )
        )
    return out


INFO = DatasetInfo(
    name="fnc1",
    folder=FOLDER,
    task="headline-body stance: unrelated / discuss / agree / disagree",
    unit="headline-body pair",
    labels=STANCES,
    licence="unstated; research use, cite the challenge",
    citation="D. Pomerleau, D. Rao. 2017. Fake News Challenge Stage 1; A. Hanselowski et al. "
    "2018. A Retrospective Analysis of the Fake News Challenge Stance-Detection Task. "
    "COLING 2018.",
    files=(f"{FOLDER}/{STANCES_FILE}", f"{FOLDER}/{BODIES_FILE}"),
    load=load_fnc1,
    description="The competition test stances joined with their bodies (the official training "
    "stances are not available): text = body, title = headline, extra['body_id']; split "
    "'all'. Split by body (source_disjoint_folds(..., key=lambda r: r.extra['body_id'])) "
    "and report macro-F1.",
)
