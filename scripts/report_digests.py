"""Are the reports the same before and after a change? Digests of two trees, compared.

    python scripts/report_digests.py [--base REV] [--per-set N] [--data DIR]

Checks the bundled examples and N articles from each of three shared datasets (BuzzFeed-
Webis, ReCOVery, CheckThat! 2021; read from ../shared/datasets, never committed) with the
commit REV (default HEAD, in a temporary git worktree) and with the working tree, each in
its own process with its own package and artifacts, and compares the sha256 of every
report with `timings` removed. Prints the articles whose reports differ, with the top-level
fields that differ, and exits 1 when any does. Missing shared data leaves the examples.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETS = ("buzzfeed", "recovery", "checkthat2021")

# Run inside each tree: read the JSONL of inputs, print one line per report:
# id, sha256 of the report without timings, and that report.
RUNNER = r"""
import hashlib, json, sys
import newscred
from newscred.pipeline import Pipeline
assert newscred.__file__.startswith(sys.argv[2]), newscred.__file__
pipeline = Pipeline()
for line in open(sys.argv[1], encoding="utf-8"):
    record = json.loads(line)
    report = json.loads(pipeline.check(record).model_dump_json())
    report.pop("timings", None)
    text = json.dumps(report, sort_keys=True, ensure_ascii=False)
    print(json.dumps([record["id"], hashlib.sha256(text.encode()).hexdigest(), report]))
"""


def inputs(data: Path, per_set: int) -> list[dict[str, str]]:
    """The examples, then `per_set` articles of each shared set (first ones, by file order)."""
    records = []
    for path in sorted((ROOT / "examples").glob("*.txt")):
        title, _, body = path.read_text(encoding="utf-8").partition("\n")
        records.append({"id": f"example:{path.stem}", "title": title.strip(), "text": body.strip()})
    if not data.is_dir():
        print(f"no shared data at {data}: the examples only", file=sys.stderr)
        return records
    sys.path.insert(0, str(ROOT / "src"))
    from newscred.evaluation.datasets import load_credibility

    for name in SETS:
        try:
            found = load_credibility((name,), data)
        except Exception as exc:  # noqa: BLE001 - a set that will not load is reported, not fatal
            print(f"skipping {name}: {exc}", file=sys.stderr)
            continue
        records += [{"id": f"{name}:{a.id}", "title": a.title, "text": a.text} for a in found[:per_set]]
    return records


def digests(tree: Path, batch: Path) -> dict[str, tuple[str, dict]]:
    env = {**os.environ, "PYTHONPATH": str(tree / "src")}
    done = subprocess.run([sys.executable, "-c", RUNNER, str(batch), str(tree / "src")], env=env,
                          capture_output=True, text=True, check=True)
    rows = (json.loads(line) for line in done.stdout.splitlines())
    return {key: (digest, report) for key, digest, report in rows}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default="HEAD", help="The commit to compare with (default HEAD).")
    parser.add_argument("--per-set", type=int, default=100, help="Articles per shared dataset.")
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "datasets")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        batch = Path(tmp) / "inputs.jsonl"
        records = inputs(args.data, args.per_set)
        batch.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        base = Path(tmp) / "base"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet", str(base),
                        args.base], check=True)
        try:
            before = digests(base, batch)
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base)], check=True)
        after = digests(ROOT, batch)
    differ = [key for key in before if before[key][0] != after.get(key, ("",))[0]]
    for key in differ:
        old, new = before[key][1], after[key][1]
        fields = sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))
        print(f"differs: {key} ({', '.join(fields)})")
    combined = hashlib.sha256("".join(d for d, _ in after.values()).encode()).hexdigest()[:16]
    print(f"{len(before)} reports, {len(differ)} differ from {args.base}; digest of all {combined}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
