"""Benchmark: the persuasion models alone, per ~600-word article, on one core.

Run with `.venv/bin/python bench/bench_persuasion.py`. Reports the shipped linear model and,
when it was built (`newscred train persuasion-minilm`) and the `transformer` extra is
installed, the MiniLM option, beside the claims model and a baseline (sentence splitting
alone) measured in the same run.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_check import synthetic_articles  # noqa: E402

from newscred.models.persuasion import PersuasionModel  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
MINILM = ROOT / "models" / "persuasion-minilm"


def timed(function, texts: list[str]) -> dict[str, float]:
    for text in texts[:3]:
        function(text)  # warm caches and lazy loads
    times = []
    for text in texts[3:]:
        started = time.perf_counter()
        function(text)
        times.append((time.perf_counter() - started) * 1000)
    return {"ms_median": round(statistics.median(times), 2),
            "ms_p95": round(statistics.quantiles(times, n=20)[18], 2),
            "articles_per_s": round(1000 / statistics.mean(times), 1)}


def main() -> None:
    articles = synthetic_articles(63, seed=21)
    texts = [f"{a.title}\n\n{a.text}" for a in articles]
    from newscred.analyzers.claims import ClaimsAnalyzer
    from newscred.article import Article
    from newscred.text import sentences

    claims = ClaimsAnalyzer()
    results = {
        "mean_words": round(statistics.mean(len(t.split()) for t in texts)),
        "baseline_sentence_split": timed(lambda t: sentences(t + " "), texts),
        "persuasion_linear": timed(PersuasionModel.load().predict, texts),
        "claims": timed(lambda t: claims.analyze(Article(id="b", body=t)), texts),
    }
    if (MINILM / "model.onnx").exists():
        try:
            from newscred.models.persuasion_minilm import MiniLMPersuasion

            results["persuasion_minilm_onnx"] = timed(MiniLMPersuasion(MINILM).predict, texts)
        except Exception as exc:  # noqa: BLE001 - report why the option was not measured
            results["persuasion_minilm_onnx"] = f"not measured: {exc}"
    else:
        results["persuasion_minilm_onnx"] = "not built (newscred train persuasion-minilm)"
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
