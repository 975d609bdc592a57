"""One flat row per article: the columns of `--format parquet|csv`, `to_frame` and Dask.

A row holds the assessment (`score` ... `reason`), each signal's concern
(`<signal>_concern`) and number of spans (`<signal>_spans`), each component's points
(`<component>_points`), the error of a failed record (`error_code`, `error_message`),
the input columns newscred does not use (from `article.extra`; one whose name clashes
with an output column becomes `input_<name>`), and with `with_report` the whole report
as JSON (`report`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from newscred.report import BatchError, Report

Result = Report | BatchError

# Column types, one name per kind; `arrow_type` and `pandas_dtype` translate them.
STRING, INT, FLOAT, BOOL = "string", "int", "float", "bool"

ASSESSMENT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", STRING), ("record", INT), ("score", INT), ("probability", FLOAT), ("band", STRING),
    ("confidence", FLOAT), ("abstained", BOOL), ("reason", STRING), ("genre", STRING),
)
ERROR_COLUMNS: tuple[tuple[str, str], ...] = (("error_code", STRING), ("error_message", STRING))
REPORT_COLUMN = "report"
INPUT_PREFIX = "input_"


@dataclass(frozen=True)
class Layout:
    """The fixed output columns for one pipeline: its signals and the model's components."""

    signals: tuple[str, ...]
    components: tuple[str, ...]
    with_report: bool = False

    @classmethod
    def for_pipeline(cls, pipeline: Any, *, with_report: bool = False) -> Layout:
        signals = tuple(analyzer.name for analyzer in pipeline.analyzers)
        return cls(signals, pipeline.model.group_names, with_report)

    @cached_property  # rows are built per article: the columns once per layout
    def columns(self) -> tuple[tuple[str, str], ...]:
        """(name, kind) of every fixed column, in order."""
        return (
            ASSESSMENT_COLUMNS
            + tuple((f"{s}_concern", FLOAT) for s in self.signals)
            + tuple((f"{s}_spans", INT) for s in self.signals)
            + tuple((f"{c}_points", FLOAT) for c in self.components)
            + ERROR_COLUMNS
            + (((REPORT_COLUMN, STRING),) if self.with_report else ())
        )

    @cached_property
    def names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.columns)

    @cached_property
    def _taken(self) -> frozenset[str]:
        return frozenset(self.names)

    def input_name(self, column: str) -> str:
        """The output name of a carried input column: `input_<name>` when it clashes."""
        name = column
        while name in self._taken:
            name = INPUT_PREFIX + name
        return name

    def row(self, result: Result, extra: Mapping[str, Any] | None = None,
            *, record: int | None = None) -> dict[str, Any]:
        """The row for one result. `extra` holds the input columns to carry; by default a
        report's `article.extra` (a failed record has none unless given)."""
        row: dict[str, Any] = dict.fromkeys(self.names)
        row["record"] = record
        if isinstance(result, BatchError):
            row["id"] = result.id
            row["record"] = result.record if result.record is not None else record
            row["error_code"] = result.error.code
            row["error_message"] = result.error.message
        else:
            self._fill_report(row, result)
            if extra is None:
                extra = result.article.extra
        for column, value in (extra or {}).items():
            row[self.input_name(str(column))] = value
        return row

    def _fill_report(self, row: dict[str, Any], report: Report) -> None:
        assessment = report.assessment
        row.update(
            id=report.article.id, score=assessment.score, probability=assessment.probability,
            band=assessment.band,
            confidence=assessment.confidence, abstained=assessment.abstained,
            reason=assessment.reason, genre=assessment.genre,
        )
        for signal in report.signals:
            if f"{signal.name}_concern" in row:
                row[f"{signal.name}_concern"] = signal.score
                row[f"{signal.name}_spans"] = len(signal.spans)
        for component in assessment.components:
            if f"{component.name}_points" in row:
                row[f"{component.name}_points"] = component.points
        if self.with_report:
            report_dict = json.loads(report.model_dump_json())
            report_dict.pop("timings", None)
            row[REPORT_COLUMN] = json.dumps(report_dict, ensure_ascii=False, sort_keys=True)


def rows(results: Iterable[Result], layout: Layout) -> list[dict[str, Any]]:
    return [layout.row(result) for result in results]


def layout_of(results: list[Result], *, with_report: bool = False) -> Layout:
    """A layout read off the reports themselves (for `to_frame` without a pipeline)."""
    signals: dict[str, None] = {}
    components: dict[str, None] = {}
    for result in results:
        if isinstance(result, Report):
            signals.update(dict.fromkeys(s.name for s in result.signals))
            components.update(dict.fromkeys(c.name for c in result.assessment.components))
    return Layout(tuple(signals), tuple(sorted(components)), with_report)


def arrow_type(kind: str) -> Any:
    import pyarrow as pa

    return {STRING: pa.string(), INT: pa.int64(), FLOAT: pa.float64(), BOOL: pa.bool_()}[kind]


def pandas_dtype(kind: str) -> str:
    return {STRING: "string", INT: "Int64", FLOAT: "Float64", BOOL: "boolean"}[kind]
