"""`newscred eval lookalikes`: false alarms on real outlets' domains, recall on impostors.

False alarms are measured with the raw detector (without the exemption that rated outlets
get at lookup time), on the curated outlets' real domains, the OpenSources domains not
labelled fake, and the Baly et al. outlets' domains. Recall is measured on
eval/impostors.csv (documented and constructed impostors, each with the outlet it
imitates): a hit must name that outlet.
"""

from __future__ import annotations

import csv
from pathlib import Path

from newscred.errors import NewscredError
from newscred.evaluation.datasets import data_checksums, load
from newscred.evaluation.harness import Row, TaskResult
from newscred.outlets.domains import host_of
from newscred.outlets.table import SourceTable

IMPOSTORS = Path(__file__).resolve().parents[3] / "eval" / "impostors.csv"


def _impostors(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        raise NewscredError("NC201", f"{path} is missing", hint="Run from a newscred checkout.")
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines))


def evaluate(root: Path, fast: bool) -> TaskResult:
    table = SourceTable.load(Path("/nonexistent-newscred-data"))  # shipped lists only
    detector = table.detector
    real_sets: dict[str, set[str]] = {"curated outlets": set(table.lists[0].rows)}
    real_sets["OpenSources domains not labelled fake"] = {
        d for d, row in table.lists[1].rows.items() if "fake" not in row.get("categories", "")
    }
    baly = set()
    for record in load("baly_acl2020", root):
        try:
            baly.add(host_of(record.id))
        except NewscredError:
            continue
    real_sets["Baly et al. 2020 outlets"] = baly
    rows, notes, flagged_all = [], [], []
    for name, domains in real_sets.items():
        flagged = sorted(d for d in domains if detector.lookalike_of(d))
        flagged_all += flagged
        rows.append(Row("real domains (false alarms)", name,
                        {"n": len(domains), "false_alarms": len(flagged),
                         "false_alarm_rate": round(len(flagged) / max(1, len(domains)), 4)}))
        if flagged:
            notes.append(f"{name}: flagged {', '.join(flagged[:12])}"
                         + (" …" if len(flagged) > 12 else ""))
    impostors = _impostors(IMPOSTORS)
    by_evidence: dict[str, list[bool]] = {}
    missed = []
    for row in impostors:
        found = detector.lookalike_of(host_of(row["domain"]))
        hit = found == row["imitates"]
        by_evidence.setdefault(row["evidence"], []).append(hit)
        if not hit:
            missed.append(f"{row['domain']} ({found or 'not flagged'})")
    hits = [h for values in by_evidence.values() for h in values]
    for evidence, values in sorted(by_evidence.items()):
        rows.append(Row("impostor domains (recall)", f"evidence: {evidence}",
                        {"n": len(values), "recall": round(sum(values) / len(values), 4)}))
    recall = sum(hits) / len(hits)
    rows.append(Row("impostor domains (recall)", "all", {"n": len(hits), "recall": round(recall, 4)}))
    notes.append("Missed: " + (", ".join(missed) if missed else "none") + ".")
    notes.append("At lookup time a domain that a list rates as an outlet of its own (any "
                 "category but fake) is not flagged, so the raw false alarms above do not "
                 "reach reports for rated outlets.")
    n_real = sum(len(d) for d in real_sets.values())
    return TaskResult(
        task="lookalikes",
        title="Lookalike domains: false alarms and recall",
        rows=rows,
        notes=notes,
        data_sha256=data_checksums("baly_acl2020", root),
        gate={"recall": round(recall, 4),
              "no_false_alarm_rate": round(1 - len(flagged_all) / max(1, n_real), 4)},
    )
