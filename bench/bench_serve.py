"""Load benchmark: `newscred serve` on loopback against the library in-process.

Run with `make bench-serve` (or `.venv/bin/python bench/bench_serve.py`). Both sides get
the same distinct synthetic 600-word articles (cycled, so no cache hides work):
- in-process: `Pipeline.check` one article after another (and with the report's JSON);
- server: POST /v1/check from 1, 8 and 32 concurrent clients (threads with keep-alive
  connections), a bounded number of requests per level; throughput and p50/p95/p99.
Library and server alternate over `--rounds` rounds; each figure is the median round.
Aims (issue 4): p95 <= 100 ms with 1 client; with 8 clients, throughput >= 90% of the
in-process throughput and p95 <= 1.25 x (8 / throughput).
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_check import synthetic_articles  # noqa: E402

from newscred.pipeline import Pipeline  # noqa: E402
from newscred.server.live import serving  # noqa: E402


def percentiles(latencies_ms: list[float]) -> dict[str, float]:
    q = statistics.quantiles(latencies_ms, n=100)
    return {"p50_ms": round(q[49], 1), "p95_ms": round(q[94], 1), "p99_ms": round(q[98], 1)}


def median_of(results: list[dict]) -> dict:
    """Each numeric figure's median over rounds (other fields from the first round)."""
    out = dict(results[0])
    for key, value in out.items():
        if isinstance(value, float):
            out[key] = round(statistics.median(r[key] for r in results), 1)
    out["rounds"] = len(results)
    return out


def in_process(pipeline: Pipeline, payloads: list[dict], count: int, *, with_json: bool) -> dict:
    latencies = []
    start = time.perf_counter()
    for i in range(count):
        t0 = time.perf_counter()
        report = pipeline.check(payloads[i % len(payloads)])
        if with_json:
            report.model_dump_json()
        latencies.append((time.perf_counter() - t0) * 1000)
    elapsed = time.perf_counter() - start
    return {"articles": count, "articles_per_s": round(count / elapsed, 1), **percentiles(latencies)}


def load(base: str, bodies: list[bytes], clients: int, count: int) -> dict:
    parts = urlsplit(base)
    next_index = iter(range(count))
    lock = threading.Lock()
    latencies: list[float] = []
    failures: list[str] = []

    def client() -> None:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
        try:
            while True:
                with lock:
                    i = next(next_index, None)
                if i is None:
                    return
                t0 = time.perf_counter()
                connection.request(
                    "POST", "/v1/check", body=bodies[i % len(bodies)],
                    headers={"Content-Type": "application/json"},
                )
                response = connection.getresponse()
                response.read()
                elapsed = (time.perf_counter() - t0) * 1000
                with lock:
                    latencies.append(elapsed)
                    if response.status != 200:
                        failures.append(str(response.status))
        finally:
            connection.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    return {
        "clients": clients, "requests": count, "failed": len(failures),
        "articles_per_s": round(count / elapsed, 1), **percentiles(latencies),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=240, help="requests per level")
    parser.add_argument("--distinct", type=int, default=120, help="distinct articles")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--server-workers", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3, help="report the median round")
    args = parser.parse_args()

    articles = synthetic_articles(args.distinct)
    payloads = [{"id": a.id, "title": a.title, "text": a.text} for a in articles]
    bodies = [json.dumps(p).encode() for p in payloads]
    mean_words = statistics.mean(len(p["text"].split()) for p in payloads)

    pipeline = Pipeline()
    in_process(pipeline, payloads, 20, with_json=False)  # warm lazy imports
    rounds: list[dict] = []
    options = ["--rate-limit", "0", "--workers", str(args.server_workers)]
    with serving(options) as base:
        load(base, bodies, 2, 20)  # warm the server
        # Alternate the library and the server round by round, so that both see the same
        # machine (these VMs are noisy), and report the median round of each figure.
        for _ in range(args.rounds):
            one = {
                "in_process": in_process(pipeline, payloads, args.requests, with_json=False),
                "in_process_with_json": in_process(pipeline, payloads, args.requests, with_json=True),
            }
            for clients in args.clients:
                one[clients] = load(base, bodies, clients, args.requests)
            rounds.append(one)
    library = median_of([r["in_process"] for r in rounds])
    library_json = median_of([r["in_process_with_json"] for r in rounds])
    levels = [median_of([r[clients] for r in rounds]) for clients in args.clients]

    by_clients = {level["clients"]: level for level in levels}
    aims = {}
    if 1 in by_clients:
        aims["p95_1_client_ms"] = {"measured": by_clients[1]["p95_ms"], "aim_at_most": 100}
    if 8 in by_clients:
        eight = by_clients[8]
        aims["throughput_8_clients_vs_in_process"] = {
            "measured": round(eight["articles_per_s"] / library["articles_per_s"], 3),
            "aim_at_least": 0.9,
        }
        aims["p95_8_clients_ms"] = {
            "measured": eight["p95_ms"],
            "aim_at_most": round(1.25 * 8 / eight["articles_per_s"] * 1000, 1),
        }
    print(json.dumps({
        "mean_words": round(mean_words),
        "server_workers": args.server_workers,
        "rounds": args.rounds,
        "in_process": library,
        "in_process_with_json": library_json,
        "server": levels,
        "aims": aims,
    }, indent=2))


if __name__ == "__main__":
    main()
