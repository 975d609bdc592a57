"""Benchmark: batch throughput of the default `check` pipeline and its cold start.

Run with `make bench` (or `.venv/bin/python bench/bench_check.py`). Every figure is printed
beside a baseline measured in the same run, because these machines are noisy:
- throughput on synthetic 600-word articles: the full pipeline with 1 and 2 worker
  processes, against a no-op pipeline (ingest + report, no analyzers) in one process;
- cold start of `newscred check FILE --format json` as a subprocess, against
  `python -c pass` (the interpreter alone).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import time
import resource
from pathlib import Path

from newscred.batch import run_batch
from newscred.ingest import ArticleInput
from newscred.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[1]


def synthetic_articles(count: int, words: int = 600, seed: int = 7) -> list[ArticleInput]:
    """Articles stitched from the bundled examples' sentences, about `words` long each."""
    sentences: list[str] = []
    for path in sorted((ROOT / "examples").glob("*.txt")):
        body = path.read_text(encoding="utf-8").split("\n", 1)[1]
        sentences += [s.strip() + "." for s in body.replace("\n", " ").split(". ") if s.strip()]
    rng = random.Random(seed)
    out = []
    for i in range(count):
        picked: list[str] = []
        while sum(len(s.split()) for s in picked) < words:
            picked.append(rng.choice(sentences))
        paragraphs = ["\n\n".join(" ".join(picked[j : j + 3]) for j in range(0, len(picked), 3))]
        out.append(ArticleInput(id=f"b{i}", title=rng.choice(sentences)[:90], text=paragraphs[0]))
    return out


def throughput(pipeline: Pipeline, articles: list[ArticleInput], workers: int) -> dict:
    latencies: list[float] = []
    start = time.perf_counter()
    for report in run_batch(articles, pipeline=pipeline, workers=workers):
        if workers == 1:
            latencies.append(report.timings["total_ms"])
    elapsed = time.perf_counter() - start
    result = {"workers": workers, "articles": len(articles), "articles_per_s": round(len(articles) / elapsed, 1)}
    if latencies:
        q = statistics.quantiles(latencies, n=100)
        result.update(p50_ms=round(q[49], 2), p95_ms=round(q[94], 2), p99_ms=round(q[98], 2))
    return result


def cold_start(repeats: int) -> dict:
    exe = Path(sys.executable).parent / "newscred"
    example = ROOT / "examples" / "wire_report.txt"

    def best(cmd: list[str]) -> float:
        times = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            subprocess.run(cmd, check=True, capture_output=True)
            times.append(time.perf_counter() - t0)
        return round(min(times), 3), round(statistics.median(times), 3)

    base_min, base_med = best([sys.executable, "-c", "pass"])
    run_min, run_med = best([str(exe), "check", str(example), "--format", "json"])
    return {"python_pass_s": {"min": base_min, "median": base_med},
            "newscred_check_s": {"min": run_min, "median": run_med},
            "overhead_over_python_s": round(run_med - base_med, 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    articles = synthetic_articles(args.articles)
    mean_words = statistics.mean(len((a.text or "").split()) for a in articles)
    full = Pipeline()
    noop = Pipeline(analyzers=[])
    throughput(full, articles[:20], 1)  # warm caches and lazy imports
    one = throughput(full, articles, 1)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    results = {
        "mean_words": round(mean_words),
        "noop_baseline": throughput(noop, articles, 1),
        "full_1_worker": one,
        "full_2_workers": throughput(full, articles, 2),
        "peak_rss_mb_main_process": round(peak_mb, 1),
        "cold_start": cold_start(args.repeats),
    }
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
