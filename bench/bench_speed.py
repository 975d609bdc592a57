"""Benchmark: the default `check` path, old commit against new, in one run (issue 16).

    .venv/bin/python bench/bench_speed.py [--base REV] [--articles 300] [--rounds 5] [--batch 50]

On the same articles, in one run, on this machine:
- **throughput**: the commit REV (default: the commit before issue 16, BASE below) and the
  working tree, each in its own long-lived process with its own package and artifacts.
  Each process builds a Pipeline and checks 5 warm-up articles; then the two take turns
  on batches of `--batch` articles (who goes first alternates), so both meet the same
  moments of a noisy machine, and each checks every article once (no pool). Each turn
  starts with cold CPU caches, which a real run does not have, and that costs the faster
  tree a larger share: batches of 10 gave ratios about 3% lower than batches of 50. One round is
  one pair of fresh processes; `--rounds` rounds. A round's ratio is the old process's
  total time over the new one's; the speed-up is the median round's ratio, and the
  articles/s figures are each tree's best round. The per-analyzer time table comes from
  `report.timings` (median ms per article, all rounds);
- **MiniLM pass**: one all-MiniLM-L6-v2 pass over the same articles: the int8 ONNX model
  the store uses (`stories/embed.py`), the first 256 word pieces of title and body, batch
  32, 2 intra-op threads, mean pooling. `check` aims at a fifth of its time;
- **cold start**: `newscred check FILE --format json` on a bundled example, and
  `python -c "import newscred"`, for both trees (best and median of `--repeats`).
Articles: the first N BuzzFeed-Webis articles from ../shared/datasets (never committed),
or, without the shared data, synthetic 600-word articles from the bundled examples.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASE = "8d449df"  # main before issue 16

WORKER = r"""
import json, sys, time
import newscred
from newscred.pipeline import Pipeline
assert newscred.__file__.startswith(sys.argv[2]), newscred.__file__
records = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
pipeline = Pipeline()
for record in records[:5]:
    pipeline.check(record)
print("ready", flush=True)
for line in sys.stdin:  # "LO HI": check records[LO:HI], say how long it took
    lo, hi = map(int, line.split())
    timings = {}
    start = time.perf_counter()
    for record in records[lo:hi]:
        for key, value in pipeline.check(record).timings.items():
            timings.setdefault(key, []).append(value)
    print(json.dumps({"seconds": time.perf_counter() - start, "timings": timings}), flush=True)
"""

MINILM = r"""
import json, sys, time
from newscred.stories.embed import Embedder
records = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
embedder = Embedder()
texts = [f"{r['title']}. {r['text']}" for r in records]
embedder.embed(texts[:32], max_tokens=256)
start = time.perf_counter()
embedder.embed(texts, max_tokens=256)
print(json.dumps({"seconds": time.perf_counter() - start}))
"""


def articles(count: int) -> list[dict[str, str]]:
    data = ROOT.parent / "shared" / "datasets"
    try:
        sys.path.insert(0, str(ROOT / "src"))
        from newscred.evaluation.datasets import load_buzzfeed

        found = [a for a in load_buzzfeed(data) if len(a.text.split()) >= 80][:count]
        return [{"id": f"bf-{i}", "title": a.title, "text": a.text} for i, a in enumerate(found)]
    except Exception as exc:  # noqa: BLE001 - no shared data: synthetic articles
        print(f"no BuzzFeed-Webis ({exc}); synthetic articles", file=sys.stderr)
        sys.path.insert(0, str(ROOT / "bench"))
        from bench_check import synthetic_articles

        return [{"id": a.id, "title": a.title, "text": a.text} for a in synthetic_articles(count)]


def run(tree: Path, script: str, *args: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(tree / "src"), "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run([sys.executable, "-c", script, *args], env=env, capture_output=True,
                          text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def start_worker(tree: Path, batch: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(tree / "src"), "PYTHONDONTWRITEBYTECODE": "1"}
    worker = subprocess.Popen([sys.executable, "-c", WORKER, str(batch), str(tree / "src")],
                              env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    if worker.stdout.readline().strip() != "ready":
        raise SystemExit(f"the worker for {tree} did not start")
    return worker


def interleaved(trees: dict[str, Path], batch: Path, n: int, size: int) -> dict[str, dict]:
    """One round: the trees' workers take turns on batches of `size` articles."""
    workers = {name: start_worker(tree, batch) for name, tree in trees.items()}
    out = {name: {"seconds": 0.0, "timings": {}} for name in trees}
    try:
        for k, lo in enumerate(range(0, n, size)):
            names = list(workers) if k % 2 == 0 else list(workers)[::-1]
            for name in names:
                workers[name].stdin.write(f"{lo} {min(n, lo + size)}\n")
                workers[name].stdin.flush()
                reply = json.loads(workers[name].stdout.readline())
                out[name]["seconds"] += reply["seconds"]
                for key, values in reply["timings"].items():
                    out[name]["timings"].setdefault(key, []).extend(values)
    finally:
        for worker in workers.values():
            worker.stdin.close()
            worker.wait()
    for result in out.values():
        result["per_second"] = n / result["seconds"]
    return out


def cold(tree: Path, repeats: int, example: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(tree / "src")}
    cmds = {"newscred check --format json": [sys.executable, "-m", "newscred.cli", "check",
                                             str(example), "--format", "json"],
            "import newscred": [sys.executable, "-c", "import newscred"]}
    out = {}
    for name, cmd in cmds.items():
        subprocess.run(cmd, env=env, capture_output=True, check=True)  # warm the disk cache
        times = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            subprocess.run(cmd, env=env, capture_output=True, check=True)
            times.append(time.perf_counter() - t0)
        out[name] = {"best_s": round(min(times), 3), "median_s": round(statistics.median(times), 3)}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", default=BASE)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--batch", type=int, default=50, help="articles per turn")
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    records = articles(args.articles)
    words = statistics.mean(len(r["text"].split()) for r in records)
    results: dict = {"base": args.base, "articles": len(records), "mean_words": round(words)}
    with tempfile.TemporaryDirectory() as tmp:
        batch = Path(tmp) / "articles.jsonl"
        batch.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        base = Path(tmp) / "base"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet",
                        str(base), args.base], check=True)
        try:
            trees = {"old": base, "new": ROOT}
            rounds: list[dict[str, dict]] = []
            for _ in range(args.rounds):
                rounds.append(interleaved(trees, batch, len(records), args.batch))
                print(" ".join(f"{name} {r['per_second']:.1f}/s" for name, r in rounds[-1].items()),
                      f"ratio {rounds[-1]['old']['seconds'] / rounds[-1]['new']['seconds']:.3f}",
                      file=sys.stderr, flush=True)
            minilm = min(run(ROOT, MINILM, str(batch))["seconds"] for _ in range(args.rounds))
            example = ROOT / "examples" / "wire_report.txt"
            results["cold_start"] = {name: cold(tree, args.repeats, example)
                                     for name, tree in trees.items()}
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base)],
                           check=True)
    ratios = sorted(r["old"]["seconds"] / r["new"]["seconds"] for r in rounds)
    best = {name: max((r[name] for r in rounds), key=lambda x: x["per_second"])
            for name in ("old", "new")}
    results["throughput"] = {name: round(b["per_second"], 1) for name, b in best.items()}
    results["speedup"] = round(statistics.median(ratios), 2)
    results["round_ratios"] = [round(r, 3) for r in ratios]
    results["minilm_pass_s"] = round(minilm, 2)
    results["check_s"] = {name: round(b["seconds"], 2) for name, b in best.items()}
    results["check_share_of_minilm"] = {name: round(b["seconds"] / minilm, 2)
                                        for name, b in best.items()}
    results["median_ms"] = {
        name: {k: round(statistics.median([v for r in rounds for v in r[name]["timings"][k]]), 2)
               for k in rounds[0][name]["timings"]}
        for name in ("old", "new")}
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n")


def table(results: dict) -> str:
    old, new = results["median_ms"]["old"], results["median_ms"]["new"]
    steps = [k for k in old if k != "total_ms"] + ["total_ms"]
    lines = [f"{results['articles']} articles, mean {results['mean_words']} words; old = "
             f"{results['base']}, new = the working tree", "",
             "| step | old ms | new ms | new / old |", "|---|---|---|---|"]
    for step in steps:
        o, n = old.get(step, 0.0), new.get(step, 0.0)
        lines.append(f"| {step.removesuffix('_ms')} | {o:.2f} | {n:.2f} | "
                     f"{(n / o if o else 0):.2f} |")
    t, s = results["throughput"], results["check_share_of_minilm"]
    lines += ["", f"speed-up: {results['speedup']}x (median of the rounds' ratios "
              f"{', '.join(map(str, results['round_ratios']))})",
              f"articles/s, best round: old {t['old']}, new {t['new']}",
              f"MiniLM pass: {results['minilm_pass_s']} s; check takes {s['old']}x (old) and "
              f"{s['new']}x (new) of it (aim: 0.2)"]
    for name, figures in results["cold_start"].items():
        lines.append(f"cold start ({name}): " + "; ".join(
            f"{cmd} best {f['best_s']} s, median {f['median_s']} s" for cmd, f in figures.items()))
    return "\n".join(lines)


if __name__ == "__main__":
    main()
