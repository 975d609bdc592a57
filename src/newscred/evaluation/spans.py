"""The SemEval-2020 Task 11 span metrics, and the task's prediction file format.

Span identification (SI), from the task paper (Da San Martino et al. 2020): with S the
predicted and T the gold spans (sets of character offsets), after merging overlapping
spans of one article,

    P = 1/|S| * sum_{s, t} |s ∩ t| / |s|      R = 1/|T| * sum_{s, t} |s ∩ t| / |t|

summed over all articles (|S|, |T| count spans over the whole set), F1 = 2PR / (P + R).
A prediction gets partial credit for a partial overlap. The technique-labelled variant
(the NLP4IF-2019 fragment-level metric) counts an overlap only when the two spans carry
the same technique, and merges overlapping spans of the same technique only.

Prediction files are `article_id<TAB>technique<TAB>start<TAB>end` (labelled) or
`article_id<TAB>start<TAB>end` (SI), one span per line, as the official scorer reads them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

Span = tuple[int, int]
LabelledSpan = tuple[str, int, int]


def strip_span(text: str, start: int, end: int) -> Span:
    """The span without whitespace at its edges (the dev gold often includes a space)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def merge(spans: Iterable[Span]) -> list[Span]:
    """Overlapping (not merely adjacent) spans joined; sorted."""
    out: list[list[int]] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if out and start < out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return [(s, e) for s, e in out]


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _credit(predicted: list[Span], gold: list[Span]) -> tuple[float, float]:
    """(sum of |s∩t|/|s|, sum of |s∩t|/|t|) over all pairs of one article (and label)."""
    p_sum = r_sum = 0.0
    j0 = 0
    gold = sorted(gold)
    for s in sorted(predicted):
        while j0 < len(gold) and gold[j0][1] <= s[0]:
            j0 += 1
        j = j0
        while j < len(gold) and gold[j][0] < s[1]:
            inter = _overlap(s, gold[j])
            p_sum += inter / (s[1] - s[0])
            r_sum += inter / (gold[j][1] - gold[j][0])
            j += 1
    return p_sum, r_sum


def _prf(p_sum: float, r_sum: float, n_pred: int, n_gold: int) -> dict[str, float]:
    precision = p_sum / n_pred if n_pred else 0.0
    recall = r_sum / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "n_predicted": n_pred, "n_gold": n_gold}


def si_scores(
    predicted: Mapping[str, Iterable[Span]], gold: Mapping[str, Iterable[Span]]
) -> dict[str, float]:
    """Span identification P/R/F1 (labels ignored) over every article in `gold`."""
    p_sum = r_sum = 0.0
    n_pred = n_gold = 0
    for article in set(gold) | set(predicted):
        s = merge(predicted.get(article, ()))
        t = merge(gold.get(article, ()))
        a, b = _credit(s, t)
        p_sum, r_sum = p_sum + a, r_sum + b
        n_pred, n_gold = n_pred + len(s), n_gold + len(t)
    return _prf(p_sum, r_sum, n_pred, n_gold)


def labelled_scores(
    predicted: Mapping[str, Iterable[LabelledSpan]],
    gold: Mapping[str, Iterable[LabelledSpan]],
    labels: Sequence[str],
) -> dict[str, dict[str, float]]:
    """Technique-labelled P/R/F1: {"micro": ..., <technique>: ...}."""
    totals = [0.0, 0.0, 0, 0]
    per_label: dict[str, list[float]] = {label: [0.0, 0.0, 0, 0] for label in labels}
    for article in set(gold) | set(predicted):
        by_pred: dict[str, list[Span]] = defaultdict(list)
        by_gold: dict[str, list[Span]] = defaultdict(list)
        for label, start, end in predicted.get(article, ()):
            by_pred[label].append((start, end))
        for label, start, end in gold.get(article, ()):
            by_gold[label].append((start, end))
        for label in set(by_pred) | set(by_gold):
            s, t = merge(by_pred[label]), merge(by_gold[label])
            a, b = _credit(s, t)
            row = per_label.setdefault(label, [0.0, 0.0, 0, 0])
            for i, value in enumerate((a, b, len(s), len(t))):
                row[i] += value
                totals[i] += value
    out = {"micro": _prf(*totals)}
    for label, row in per_label.items():
        out[label] = _prf(*row)
    return out


def write_predictions(path: Path, spans: Mapping[str, Iterable[LabelledSpan]]) -> int:
    """Write `article_id<TAB>technique<TAB>start<TAB>end` lines; returns the line count."""
    lines = [
        f"{article}\t{label}\t{start}\t{end}"
        for article in sorted(spans)
        for label, start, end in sorted(spans[article], key=lambda s: (s[1], s[2], s[0]))
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return len(lines)


def read_predictions(path: Path) -> dict[str, list[LabelledSpan]]:
    """Read a labelled prediction file back (the format `write_predictions` writes)."""
    out: dict[str, list[LabelledSpan]] = defaultdict(list)
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) != 4:
            raise ValueError(f"{path}:{number}: expected 4 tab-separated fields")
        article, label, start, end = parts
        out[article].append((label, int(start), int(end)))
    return dict(out)
