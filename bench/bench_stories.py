"""Benchmark: lateral reading at scale (`make bench-stories`).

0. Embedding speed: MiniLM int8 article vectors at 128 and 256 word pieces.
1. Ingest throughput: synthetic 600-word articles through `Library.add` (analysis, article
   and claim embeddings, story placement, one SQLite transaction each), beside the
   analysis alone (`pipeline.check`) in the same run.
2. Story placement and `related` against stores of 10k and 100k synthesised articles:
   vectors drawn around story centroids (5 articles a story on average, unit length,
   384-d), entities per story, publication times over a year. The corpus is written to
   SQLite directly (its analysis is not what is measured). Reported: the cold load of the
   story index, the time to place a new article (embedding excluded: that is the ingest
   figure), `related` for stored articles, the memory the index adds and the process's
   peak memory (ru_maxrss; the corpus is synthesised in a child process).
   A worst case puts every article inside one time window (a full exact scan).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_check import synthetic_articles  # noqa: E402

from newscred.pipeline import Pipeline  # noqa: E402
from newscred.store.db import Store  # noqa: E402
from newscred.stories.embed import DIM, shared_embedder, to_blob  # noqa: E402
from newscred.stories.library import Library  # noqa: E402

YEAR = 365 * 86_400.0
T0 = 1_767_225_600.0  # 2026-01-01


def _ms(values: list[float]) -> dict:
    q = statistics.quantiles(values, n=100)
    return {"p50_ms": round(q[49], 2), "p95_ms": round(q[94], 2), "max_ms": round(max(values), 2)}


def peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    return float("nan")


def embedding_rate(count: int = 64) -> dict:
    """Article vectors per second at the lede length used (128 word pieces) and at 256."""
    articles = synthetic_articles(count, seed=13)
    embedder = shared_embedder()
    embedder.embed_articles([(articles[0].title, articles[0].text)])
    out = {}
    for tokens in (128, 256):
        texts = [f"{a.title}. {a.text[:3000]}" for a in articles]
        started = time.perf_counter()
        for at in range(0, len(texts), 8):  # ingest embeds one at a time; batches of 8 here
            embedder.embed(texts[at : at + 8], max_tokens=tokens)
        out[f"articles_per_s_{tokens}_pieces"] = round(count / (time.perf_counter() - started), 1)
    return out


def ingest_rate(count: int) -> dict:
    articles = [a.model_copy(update={"text": f"{a.text}\n\nReference {i}."})  # all distinct
                for i, a in enumerate(synthetic_articles(count, seed=11))]
    pipeline = Pipeline()
    pipeline.check(articles[0])
    shared_embedder()
    start = time.perf_counter()
    for article in articles:
        pipeline.check(article)
    analysis = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "s.sqlite") as store:
        library = Library(store)
        start = time.perf_counter()
        for article in articles:
            library.add(pipeline.check(article))
        full = time.perf_counter() - start
    return {"articles": count, "analysis_only_per_s": round(count / analysis, 1),
            "ingest_per_s": round(count / full, 1), "ratio": round(analysis / full, 3)}


def synthesise(path: Path, n: int, *, one_window: bool, seed: int = 5) -> list[str]:
    rng = np.random.default_rng(seed)
    stories = max(1, n // 5)
    centroids = rng.standard_normal((stories, DIM)).astype(np.float32)
    centroids /= np.linalg.norm(centroids, axis=1, keepdims=True)
    story_of = rng.integers(0, stories, n)
    vectors = centroids[story_of] + 0.06 * rng.standard_normal((n, DIM)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    story_time = T0 + rng.uniform(0, YEAR, stories)
    times = story_time[story_of] + rng.uniform(0, 2 * 86_400, n) if not one_window else np.full(n, T0)
    ids = [f"{i:016x}" for i in range(n)]
    with Store(path) as store, store.transaction() as db:
        db.executemany("INSERT INTO stories (id, created_at, title, first_at, last_at) VALUES (?, '', ?, ?, ?)",
                       [(s + 1, f"story {s}", float(story_time[s]), float(story_time[s]))
                        for s in range(stories)])
        db.executemany(
            "INSERT INTO articles (id, title, body, domain, added_at, at, entities) VALUES (?, ?, '', ?, '', ?, ?)",
            [(ids[i], f"article {i}", f"outlet{i % 50}.example", float(times[i]),
              json.dumps([f"place{story_of[i]}", f"person{story_of[i]}", f"word{i % 97}"])) for i in range(n)])
        db.executemany("INSERT INTO embeddings (article_id, model, vector) VALUES (?, ?, ?)",
                       [(ids[i], "all-MiniLM-L6-v2-int8", to_blob(vectors[i])) for i in range(n)])
        db.executemany("INSERT INTO story_articles (story_id, article_id) VALUES (?, ?)",
                       [(int(story_of[i]) + 1, ids[i]) for i in range(n)])
    return ids


def scale(n: int, *, one_window: bool, trials: int = 200) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "s.sqlite"
        started = time.perf_counter()
        # in a child process, so this process's memory figures are the index's and queries'
        with multiprocessing.get_context("spawn").Pool(1) as pool:
            ids = pool.apply(synthesise, (path, n), {"one_window": one_window})
        built = time.perf_counter() - started
        with Store(path) as store:
            library = Library(store)
            before = rss_mb()
            started = time.perf_counter()
            index = library.index
            load = time.perf_counter() - started
            index_mb = rss_mb() - before
            rng = random.Random(3)
            place, related = [], []
            for _ in range(trials):
                probe = index.vectors[rng.randrange(n)] + 0.05 * np.random.default_rng(
                    rng.randrange(10**6)).standard_normal(DIM).astype(np.float32)
                probe /= np.linalg.norm(probe)
                at = float(index.times[rng.randrange(n)])
                started = time.perf_counter()
                index.place(probe, at, ["place1", "person1"])
                place.append(1000 * (time.perf_counter() - started))
                target = ids[rng.randrange(n)]
                started = time.perf_counter()
                library.related(target)
                related.append(1000 * (time.perf_counter() - started))
    return {"articles": n, "one_window": one_window, "synthesis_s": round(built, 1),
            "index_load_s": round(load, 2), "index_rss_mb": round(index_mb, 1),
            "place": _ms(place), "related": _ms(related), "peak_rss_mb": peak_mb()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ingest", type=int, default=120, help="articles for the ingest figure")
    parser.add_argument("--sizes", default="10000,100000")
    args = parser.parse_args()
    results = {"embedding": embedding_rate(), "ingest": ingest_rate(args.ingest), "scale": []}
    print(json.dumps(results["embedding"]), flush=True)
    print(json.dumps(results["ingest"]), flush=True)
    for n in (int(s) for s in args.sizes.split(",")):
        for one_window in (False, True):
            row = scale(n, one_window=one_window)
            results["scale"].append(row)
            print(json.dumps(row), flush=True)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
