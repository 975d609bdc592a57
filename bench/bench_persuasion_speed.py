"""Benchmark: the persuasion analyzer's time per article, cold text caches.

    .venv/bin/python bench/bench_persuasion_speed.py [--articles N] [--profile]

Times `PersuasionAnalyzer().analyze` and `default_model().predict` on N BuzzFeed-Webis
articles (from ../shared/datasets; the bundled examples when that is missing), clearing
the shared text caches (words, sentences, quotes) before each article, so each article
pays for its own tokenisation as in `newscred check`. To compare two trees, run it in
each (PYTHONPATH=OTHER/src) in turn: the numbers are only comparable within one run
of both on the same machine.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from newscred.analyzers.persuasion import PersuasionAnalyzer
from newscred.article import Article
from newscred.models.persuasion import default_model
from newscred.nlp import quotes as quotes_module
from newscred import text as text_module

ROOT = Path(__file__).resolve().parents[1]


def articles(n: int) -> list[Article]:
    try:
        from newscred.evaluation.datasets import load_buzzfeed, shared_data_dir

        found = load_buzzfeed(shared_data_dir())[:n]
        return [Article(id=str(a.id), title=a.title or "", body=a.text) for a in found]
    except Exception:  # noqa: BLE001 - no shared data: the bundled examples
        bodies = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.txt"))]
        return [Article(id=str(i), body=bodies[i % len(bodies)]) for i in range(n)]


COLD_WORDS = False


def clear_caches() -> None:
    if COLD_WORDS:  # the run-time word-hash cache too: every word is new to the worker
        from newscred.models import persuasion_features

        for name in ("_word_cached", "_hashed"):
            getattr(getattr(persuasion_features, name, None), "cache_clear", lambda: None)()
    for function in (getattr(text_module, "words", None), getattr(text_module, "sentences", None),
                     getattr(quotes_module, "quotes", None)):
        getattr(function, "cache_clear", lambda: None)()


def timed(function, items) -> float:
    for item in items[:3]:
        function(item)  # lazy loads
    total = 0.0
    for item in items:
        clear_caches()
        started = time.perf_counter()
        function(item)
        total += time.perf_counter() - started
    return round(total * 1000 / len(items), 3)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--cold-words", action="store_true",
                        help="also clear the word-hash caches before each article")
    args = parser.parse_args()
    global COLD_WORDS
    COLD_WORDS = args.cold_words
    items = articles(args.articles)
    analyzer = PersuasionAnalyzer()
    model = default_model()
    texts = [f"{a.title}\n\n{a.body}" if a.title else a.body for a in items]
    if args.profile:
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.enable()
        timed(analyzer.analyze, items)
        profile.disable()
        pstats.Stats(profile).sort_stats("tottime").print_stats(25)
        return
    results = {
        "articles": len(items),
        "cold_words": args.cold_words,
        "mean_words": round(statistics.mean(len(t.split()) for t in texts)),
        "analyzer_ms": min(timed(analyzer.analyze, items) for _ in range(args.repeat)),
        "predict_ms": min(timed(model.predict, texts) for _ in range(args.repeat)),
    }
    print(json.dumps(results))


if __name__ == "__main__":
    main()
