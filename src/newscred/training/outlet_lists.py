"""Building the lists: the shipped OpenSources table, and local-only lists from ../shared."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from newscred.errors import NewscredError
from newscred.outlets.domains import host_of

SHIPPED_DIR = Path(__file__).parent / "data"
HEADER = "# Built by `newscred sources build` from {what}. {licence}\n"


def _write(path: Path, header: str, rows: list[dict[str, str]], columns: tuple[str, ...]) -> int:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in sorted(rows, key=lambda r: r["domain"]):
        writer.writerow({k: row.get(k, "") for k in columns})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(header + buffer.getvalue(), encoding="utf-8")
    return len(rows)


def build_opensources(root: Path, out_dir: Path = SHIPPED_DIR) -> int:
    """opensources.csv (domain, categories, notes) from ../shared/datasets/opensources."""
    from newscred.evaluation.datasets import load

    rows = {}
    for record in load("opensources", root):
        try:
            domain = host_of(record.id)
        except NewscredError:
            continue  # a few entries are paths or blanks, not domains
        categories = [record.label, *record.extra.get("other_types", ())]
        rows[domain] = {"domain": domain, "categories": ";".join(dict.fromkeys(categories)),
                        "notes": record.extra.get("notes", "")}
    header = HEADER.format(what="OpenSources 2.1.0 (Zimdars et al., 2017)",
                           licence="Licence: LGPL-3.0, see NOTICE.")
    return _write(out_dir / "opensources.csv", header, list(rows.values()),
                  ("domain", "categories", "notes"))


def build_baly(folder: Path, out_dir: Path) -> int:
    """A local list `baly.csv` from the Baly et al. (ACL 2020) corpus; never shipped: its
    labels come from Media Bias/Fact Check, whose terms are unclear."""
    from newscred.evaluation.data.outlets import load_acl2020

    root = folder.parent if folder.name == "media_reliability_baly" else folder
    rows = {}
    for record in load_acl2020(root):
        try:
            domain = host_of(record.id)
        except NewscredError:
            continue
        rows[domain] = {"domain": domain, "factuality": record.label, "bias": record.extra["bias"],
                        "source": "Baly et al. 2020 (ACL), labels from Media Bias/Fact Check",
                        "date": "2020", "notes": record.extra.get("mbfc", "")}
    header = HEADER.format(what="media_reliability_baly (Baly et al. 2020)",
                           licence="Local use only: not for redistribution.")
    return _write(out_dir / "baly.csv", header, list(rows.values()),
                  ("domain", "factuality", "bias", "categories", "notes", "source", "date"))
