"""`newscred train`: rebuild model artifacts from ../shared data."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated, Optional

import typer

from newscred.console import escape as _escape
from newscred.console import fail
from newscred.console import stderr as _stderr
from newscred.errors import NewscredError
from newscred.training.registry import OPTIONAL_TARGETS, TARGETS


def train(
    target: Annotated[str, typer.Argument(
        help="What to train: " + ", ".join(TARGETS) + ", all (those), or "
        + ", ".join(OPTIONAL_TARGETS) + " (on request only).")],
    data: Annotated[Optional[Path], typer.Option(help="The shared datasets folder.")] = None,
    out: Annotated[
        Optional[Path], typer.Option(help="Output folder (default: the package's artifacts).")
    ] = None,
    exclude: Annotated[
        Optional[list[str]],
        typer.Option(help="assessment: leave this dataset out of training (repeatable), "
                     "e.g. recovery_covid19_2020 for a build without non-commercial data."),
    ] = None,
) -> None:
    """Rebuild model artifacts from ../shared data, deterministically."""
    from newscred.evaluation.datasets import shared_data_dir
    from newscred.models.linear import artifacts_dir

    targets = {**TARGETS, **OPTIONAL_TARGETS}
    if target != "all" and target not in targets:
        raise fail(NewscredError("NC114", f"unknown training target {target!r}",
                                 hint="Use one of: " + ", ".join(targets) + ", all."))
    err = _stderr()
    names = list(TARGETS) if target == "all" else [target]
    if exclude and target not in ("assessment", "all"):
        raise fail(NewscredError("NC114", "--exclude applies to the assessment model only",
                                 hint="Use: newscred train assessment --exclude DATASET."))
    summary = {}
    try:
        root = shared_data_dir(data)
        for name in names:
            started = time.perf_counter()
            err.print(f"training {name}")
            manifest = targets[name].train(
                root, out or targets[name].out or artifacts_dir(),
                progress=lambda msg: err.print(_escape(str(msg))),
                **({"exclude": exclude} if exclude and name == "assessment" else {}),
            )
            summary[name] = {"seconds": round(time.perf_counter() - started, 1),
                             "sha256": manifest["sha256"], "metrics": manifest["metrics"]}
    except NewscredError as exc:
        raise fail(exc) from None
    typer.echo(json.dumps(summary, indent=2, sort_keys=True))
