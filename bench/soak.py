"""Soak test: `newscred serve` driven at saturation for N minutes; no 5xx, flat memory.

Run with `.venv/bin/python bench/soak.py` (10 minutes; `--minutes 1` for a quick check).
Not part of the test suite. It starts `newscred serve --db TMP/store.sqlite` on a free
loopback port, stores a few dozen synthetic articles (so stories exist), then several
client threads, each with a keep-alive connection, send requests back to back over a
mix of routes:
- POST /v1/check with a new article every time (stitched at random from the bundled
  examples' sentences, so no cache ever sees the same text twice);
- POST /v1/compare with two articles sent as text, or one text and one stored id;
- GET /v1/stories, /v1/stories/{id} and /v1/articles/{id}/related.
Every few seconds it samples the server's resident memory: VmRSS of the server process
and all its descendants (the analysis workers), from /proc. At the end it prints the
requests, the rate, the status codes per route, the RSS after warm-up (the median of the
samples just after the first `--warmup` share of the run) and at the end (the median of
the last samples), and the largest sample after warm-up. It exits 1 if any request got a
5xx or failed to get an answer, or if RSS after warm-up ever went more than `--tolerance`
(10%) above the warm-up figure.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_check import ROOT  # noqa: E402

from newscred.server import live  # noqa: E402


def sentence_pool() -> list[str]:
    """Sentences of the bundled examples (written for this project)."""
    sentences: list[str] = []
    for path in sorted((ROOT / "examples").glob("*.txt")):
        body = path.read_text(encoding="utf-8").split("\n", 1)[1]
        sentences += [s.strip() + "." for s in body.replace("\n", " ").split(". ") if len(s.split()) > 3]
    return sentences


class Articles:
    """A new synthetic article on every call: 250-600 words in paragraphs of 3 sentences."""

    def __init__(self, seed: int) -> None:
        self.sentences = sentence_pool()
        self.rng = random.Random(seed)
        self.lock = threading.Lock()
        self.count = 0

    def make(self) -> dict[str, str]:
        with self.lock:
            self.count += 1
            number = self.count
            words = self.rng.randint(250, 600)
            picked: list[str] = []
            while sum(len(s.split()) for s in picked) < words:
                picked.append(self.rng.choice(self.sentences))
            title = self.rng.choice(self.sentences)[:90]
        body = "\n\n".join(" ".join(picked[i : i + 3]) for i in range(0, len(picked), 3))
        return {"id": f"soak-{number}", "title": title, "text": f"{body}\n\n(Soak article {number}.)"}


# -- the server ------------------------------------------------------------------------------


def start_server(db: Path, workers: int) -> tuple[subprocess.Popen[str], str, Path]:
    log = db.with_name("server.log")
    try:
        process, base = live.start(["--db", str(db), "--workers", str(workers)], timeout=120, log=log)
    except RuntimeError as exc:
        raise SystemExit(str(exc)) from None
    return process, base, log


def descendants(pid: int) -> list[int]:
    """`pid` and every process below it, from /proc/PID/task/*/children."""
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        try:
            tasks = os.listdir(f"/proc/{current}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                with open(f"/proc/{current}/task/{task}/children") as file:
                    queue += [int(child) for child in file.read().split()]
            except OSError:
                continue
    return found


def rss_kib(pid: int) -> int:
    """VmRSS of `pid` and its descendants, in KiB (a process that just ended counts 0)."""
    total = 0
    for process in descendants(pid):
        try:
            with open(f"/proc/{process}/status") as file:
                for line in file:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            continue
    return total


# -- the load ------------------------------------------------------------------------------


class Load:
    """Counters shared by the client threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.statuses: Counter[tuple[str, int]] = Counter()
        self.latencies: dict[str, list[float]] = {}
        self.failures: Counter[str] = Counter()
        self.samples: list[str] = []  # a few 5xx bodies, for the report
        self.stored: list[str] = []
        self.stories: list[int] = []

    def count(self, route: str, status: int, body: bytes, seconds: float | None = None) -> None:
        with self.lock:
            self.statuses[(route, status)] += 1
            if seconds is not None:
                self.latencies.setdefault(route, []).append(seconds)
            if status >= 500 and len(self.samples) < 5:
                self.samples.append(f"{route} {status}: {body[:300]!r}")


def request(connection: http.client.HTTPConnection, method: str, path: str, payload: object = None) -> tuple[int, bytes]:
    body = None if payload is None else json.dumps(payload).encode()
    headers = {"Content-Type": "application/json"} if body is not None else {}
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    return response.status, response.read()


def seed_store(base: str, articles: Articles, count: int, load: Load) -> None:
    """Store `count` articles in pairs that share most sentences, so stories form."""
    host, port = base.rsplit("/", 1)[1].split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=300)
    for _ in range(count // 2):
        first = articles.make()
        sibling = dict(first, id=first["id"] + "-b", title=first["title"] + " (update)")
        for article in (first, sibling):
            status, body = request(connection, "POST", "/v1/check?store=true", article)
            load.count("check?store=true (seeding)", status, body)
            if status == 200:
                load.stored.append(json.loads(body)["article"]["id"])
    status, body = request(connection, "GET", "/v1/stories?limit=1000")
    load.count("stories (seeding)", status, body)
    if status == 200:
        load.stories = [story["id"] for story in json.loads(body)["stories"]]
    connection.close()


def client(base: str, articles: Articles, load: Load, stop_at: float, seed: int) -> None:
    rng = random.Random(seed)
    host, port = base.rsplit("/", 1)[1].split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=300)
    while time.monotonic() < stop_at:
        pick = rng.random()
        sent = time.perf_counter()
        try:
            if pick < 0.55:
                route = "check"
                status, body = request(connection, "POST", "/v1/check", articles.make())
            elif pick < 0.75:
                route = "compare"
                second: dict[str, str] = (
                    {"id": rng.choice(load.stored)} if load.stored and rng.random() < 0.5 else articles.make()
                )
                status, body = request(connection, "POST", "/v1/compare", {"articles": [articles.make(), second]})
            elif pick < 0.85 or not load.stories:
                route = "stories"
                status, body = request(connection, "GET", f"/v1/stories?limit={rng.randint(1, 100)}")
            elif pick < 0.93:
                route = "story"
                status, body = request(connection, "GET", f"/v1/stories/{rng.choice(load.stories)}")
            else:
                route = "related"
                status, body = request(connection, "GET", f"/v1/articles/{rng.choice(load.stored)}/related")
        except (OSError, http.client.HTTPException) as error:
            with load.lock:
                load.failures[f"{route}: {type(error).__name__}"] += 1
            connection.close()
            connection = http.client.HTTPConnection(host, int(port), timeout=300)
            continue
        load.count(route, status, body, time.perf_counter() - sent)
    connection.close()


def median_between(samples: list[tuple[float, int]], start: float, end: float) -> int:
    window = [rss for at, rss in samples if start <= at <= end]
    return int(statistics.median(window)) if window else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0, help="how long to drive the server (default 10)")
    parser.add_argument("--clients", type=int, default=6, help="concurrent clients (default 6)")
    parser.add_argument("--workers", type=int, default=1, help="the server's analysis workers (default 1)")
    parser.add_argument("--seed-articles", type=int, default=40, help="articles stored before the run")
    parser.add_argument("--sample-seconds", type=float, default=3.0, help="seconds between RSS samples")
    parser.add_argument("--warmup", type=float, default=0.2, help="share of the run counted as warm-up")
    parser.add_argument("--tolerance", type=float, default=0.10, help="allowed RSS growth after warm-up")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()

    articles = Articles(args.seed)
    load = Load()
    with tempfile.TemporaryDirectory(prefix="newscred-soak-") as folder:
        db = Path(folder) / "store.sqlite"
        process, base, log = start_server(db, args.workers)
        try:
            print(f"server pid {process.pid} at {base}, store {db}; seeding {args.seed_articles} articles",
                  file=sys.stderr)
            seed_store(base, articles, args.seed_articles, load)
            seeded = sum(load.statuses.values())
            duration = args.minutes * 60
            started = time.monotonic()
            stop_at = started + duration
            threads = [
                threading.Thread(target=client, args=(base, articles, load, stop_at, args.seed + i), daemon=True)
                for i in range(args.clients)
            ]
            for thread in threads:
                thread.start()
            samples: list[tuple[float, int]] = []
            while time.monotonic() < stop_at:
                samples.append((time.monotonic() - started, rss_kib(process.pid)))
                done = sum(load.statuses.values()) - seeded
                print(f"  {samples[-1][0]:6.0f} s  {done:7d} requests  RSS {samples[-1][1] / 1024:7.1f} MiB",
                      file=sys.stderr)
                time.sleep(min(args.sample_seconds, max(0.0, stop_at - time.monotonic())))
            for thread in threads:
                thread.join(timeout=330)
            elapsed = time.monotonic() - started
            samples.append((elapsed, rss_kib(process.pid)))
            alive = process.poll() is None
        finally:
            live.stop(process)
        server_log = log.read_text(errors="replace")

    warm_at = args.warmup * elapsed
    window = max(2 * args.sample_seconds, 0.05 * elapsed)
    warm = median_between(samples, warm_at, warm_at + window)
    end = median_between(samples, elapsed - window, elapsed)
    after = [rss for at, rss in samples if at >= warm_at]
    highest = max(after) if after else 0
    total = sum(count for (route, _), count in load.statuses.items() if "seeding" not in route)
    server_errors = sum(count for (_, status), count in load.statuses.items() if status >= 500)
    failures = sum(load.failures.values())
    within = bool(warm) and highest <= warm * (1 + args.tolerance)

    print(f"duration      {elapsed:.0f} s, {args.clients} clients, {args.workers} analysis worker(s)")
    print(f"requests      {total} ({total / elapsed:.1f}/s), plus {seeded} while seeding")
    for (route, status), count in sorted(load.statuses.items()):
        times = sorted(load.latencies.get(route, []))
        shown = ""
        if times and status == 200:
            shown = (f"   latency p50 {times[len(times) // 2] * 1000:.0f} ms, "
                     f"p95 {times[int(len(times) * 0.95)] * 1000:.0f} ms (all statuses)")
        print(f"  {route:28} {status}  {count:6d}{shown}")
    print(f"5xx           {server_errors}")
    print(f"no answer     {failures}" + (f" ({dict(load.failures)})" if failures else ""))
    print(f"RSS warm-up   {warm / 1024:.1f} MiB (median of samples at {warm_at:.0f}-{warm_at + window:.0f} s)")
    print(f"RSS end       {end / 1024:.1f} MiB (median of the last {window:.0f} s)")
    print(f"RSS highest   {highest / 1024:.1f} MiB after warm-up, "
          f"{(highest / warm - 1) * 100 if warm else float('nan'):+.1f}% of warm-up")
    print(f"within {args.tolerance:.0%}    {'yes' if within else 'NO'}")
    for sample in load.samples:
        print(f"  5xx sample: {sample}")
    if not alive:
        print("the server died during the run; its log ends:\n" + server_log[-2000:])
    return 0 if server_errors == 0 and failures == 0 and within and alive else 1


if __name__ == "__main__":
    sys.exit(main())
