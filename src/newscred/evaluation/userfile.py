"""`newscred eval FILE`: score the shipped pipeline on any labelled JSONL/CSV a user brings."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import numpy as np

from newscred.errors import NewscredError
from newscred.evaluation.harness import Row, TaskResult
from newscred.evaluation.metrics import binary_metrics, roc_auc

csv.field_size_limit(2**31 - 1)


def read_labelled(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        raise NewscredError("NC100", f"no such file: {path}")
    suffix = path.suffix.lower()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise NewscredError("NC104", f"{path} is not UTF-8: {exc}") from exc
    if suffix in (".jsonl", ".ndjson"):
        rows = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise NewscredError("NC106", f"{path}:{number} is not valid JSON: {exc.msg}") from exc
            if not isinstance(row, dict):
                raise NewscredError("NC106", f"{path}:{number} is not a JSON object")
            rows.append({k: "" if v is None else str(v) for k, v in row.items()})
        return rows
    if suffix == ".csv":
        reader = csv.DictReader(text.splitlines())
        if not reader.fieldnames:
            raise NewscredError("NC107", f"{path} has no header row")
        return [dict(row) for row in reader]
    raise NewscredError("NC103", f"{path.name}: labelled files must be .jsonl or .csv")


def evaluate_file(
    path: Path, *, text_field: str, title_field: str | None, label_field: str, positive: str,
    pipeline=None,
) -> TaskResult:
    """Probability of reliable reporting against `label == positive` (the reliable class)."""
    from newscred.pipeline import Pipeline

    rows = read_labelled(path)
    if not rows:
        raise NewscredError("NC101", f"{path} holds no records")
    for field in (text_field, label_field):
        if field not in rows[0]:
            raise NewscredError("NC109", f"{path} has no field {field!r}",
                                hint=f"Fields present: {', '.join(sorted(rows[0]))}.")
    pipeline = pipeline or Pipeline()
    y, probability, lengths, abstained, failed = [], [], [], 0, 0
    for row in rows:
        try:
            report = pipeline.check(title=row.get(title_field or "", "") or "",
                                    text=row.get(text_field, ""))
        except NewscredError:
            failed += 1
            continue
        if report.assessment.abstained:
            abstained += 1
            continue
        y.append(int(str(row.get(label_field, "")).strip() == positive))
        probability.append(report.assessment.probability)
        lengths.append(len(report.article.body.split()))
    y_arr, p_arr = np.array(y), np.array(probability)
    if len(set(y)) < 2:
        raise NewscredError("NC109", f"after scoring, the labels hold only one class "
                            f"(positive={positive!r}); both classes are needed")
    majority = np.full(len(y_arr), float(y_arr.mean() >= 0.5))
    rows_out = [
        Row("all records", "newscred assessment", binary_metrics(y_arr, p_arr)),
        Row("all records", "majority baseline", binary_metrics(y_arr, majority)),
        Row("all records", "length-only probe (longer = reliable)",
            {"roc_auc": round(roc_auc(y_arr, np.array(lengths, dtype=float)), 4)}),
    ]
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return TaskResult(
        task=f"file:{path.name}",
        title=f"Your file: {path.name}",
        rows=rows_out,
        notes=[
            f"{len(rows)} records: {len(y)} scored, {abstained} abstained (too short or not "
            f"English), {failed} unusable.",
            f"Positive class (reliable): {label_field} == {positive!r}. ECE is against this "
            "file's own class balance; the model is calibrated at an even prior.",
        ],
        data_sha256={path.name: digest},
    )
