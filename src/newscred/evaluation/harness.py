"""The evaluation harness: named tasks over ../shared, one result shape, one scoring module.

A task is a function `(root, fast) -> TaskResult`, named in `newscred.training.registry`.
Every table row names its split and its system (the model, a majority baseline, a shortcut
probe, a published anchor), so a model's number is never shown without the numbers that put
it in context.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Row:
    split: str  # e.g. "official test", "leave one portal out"
    system: str  # "model", "majority", "length-only probe", "published anchor (Wang 2017)"
    metrics: dict[str, float]
    note: str = ""


@dataclass
class TaskResult:
    task: str
    title: str
    rows: list[Row]
    notes: list[str] = field(default_factory=list)
    data_sha256: dict[str, str] = field(default_factory=dict)
    # Gate values: metric name -> value, compared with eval/baseline.json in CI.
    gate: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


TaskRunner = Callable[[Path, bool], TaskResult]


@dataclass(frozen=True)
class Task:
    """A named evaluation task. `runner` imports its module only when called, so naming a
    task loads nothing heavy; the named tasks are in `newscred.training.registry`."""

    name: str
    runner: TaskRunner

    def run(self, root: Path, *, fast: bool = False) -> TaskResult:
        result = self.runner(root, fast)
        result.task = self.name  # a result goes by the name it ran under (the gate's key)
        return result


METRIC_ORDER = ("n", "accuracy", "macro_f1", "balanced_accuracy", "roc_auc", "ece")


def markdown_table(result: TaskResult) -> str:
    """One table; a task whose rows carry many different metrics gets one table per run
    of rows with the same metric names (a row with none joins the run before it)."""
    if len({k for r in result.rows for k in r.metrics}) <= 12:
        return _table(result.rows)
    groups: list[list[Row]] = []
    for row in result.rows:
        if groups and (not row.metrics or _shape(groups[-1][-1]) == _shape(row)):
            groups[-1].append(row)
        else:
            groups.append([row])
    return "\n\n".join(_table(rows) for rows in groups)


def _shape(row: Row) -> tuple[str, ...]:
    return tuple(sorted(row.metrics))


def _table(rows: list[Row]) -> str:
    keys = [k for k in METRIC_ORDER if any(k in r.metrics for r in rows)]
    keys += sorted({k for r in rows for k in r.metrics} - set(keys))
    lines = [
        "| split | system | " + " | ".join(keys) + " | note |",
        "|---|---|" + "---|" * len(keys) + "---|",
    ]
    for row in rows:
        cells = []
        for key in keys:
            value = row.metrics.get(key)
            if value is None:
                cells.append("")
            elif value != value:  # NaN: no figure for this cell (e.g. a matrix diagonal)
                cells.append("–")
            elif key == "n":
                cells.append(f"{int(value):,}")
            else:
                cells.append(f"{value:.3f}")
        lines.append(f"| {row.split} | {row.system} | " + " | ".join(cells) + f" | {row.note} |")
    return "\n".join(lines)
