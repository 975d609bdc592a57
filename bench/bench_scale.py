"""Benchmark: batch runs at scale, local engine vs Dask, memory, resume (issue 15).

    .venv/bin/python bench/bench_scale.py [--n 100000] [--small 10000] [--workers 2]
                                           [--partition-size 1000] [--source synth|shared]

Writes gzipped JSONL inputs of `--small` and `--n` articles into a temporary folder:
synthesised here (`synth`, the default: 36 article shapes from tests/scale/articles.py,
each with its own id and numbers), or the shared BuzzFeed-Webis, ReCOVery and CheckThat!
articles repeated with new ids (`shared`; read from ../shared/datasets, never committed).
Then, one after the other in this run, on the same machine:
- `newscred check IN -o OUT --format parquet --engine local --workers W` and the same
  with `--engine dask` (a LocalCluster of W worker processes, one thread each), on both
  inputs: wall time, articles/s, and the peak RSS of each worker process (sampled every
  0.2 s with psutil; a Dask worker process, not its nanny);
- resume: the small run's folder with its last 10% of parts removed (from the folder and
  the manifest), resumed: the time, as a share of the full run, and the part of it that
  is skipping (the resume time less 10% of the full run);
- a worked estimate for 10 million articles on N workers.
Prints Markdown tables (docs/scale.md quotes them) and writes the figures as JSON with
`--json FILE`.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
NEWSCRED = [sys.executable, "-m", "newscred.cli"]


def synth_records(n: int):
    from tests.scale.articles import article

    for i in range(n):
        record = article(i)
        record["id"] = f"bench-{i:08d}"
        record["text"] = record["text"].replace("million", f"million ({i} residents)", 1)
        yield record


def shared_records(n: int):
    from newscred.evaluation.datasets import (load_buzzfeed, load_checkthat2021, load_recovery,
                                              shared_data_dir)

    root = shared_data_dir()
    pool = [{"title": a.title, "text": a.text}
            for load in (load_buzzfeed, load_recovery, load_checkthat2021) for a in load(root)]
    for i in range(n):
        yield {"id": f"bench-{i:08d}", **pool[i % len(pool)]}


def write_input(path: Path, records) -> Path:
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=1) as handle:
        for record in records:
            handle.write(json.dumps(record) + "\n")
    return path


class PeakRss:
    """Peak RSS of each descendant process, sampled in a thread."""

    def __init__(self, pid: int) -> None:
        self.root = psutil.Process(pid)
        self.peaks: dict[int, tuple[str, int]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                for proc in self.root.children(recursive=True):
                    try:
                        rss = proc.memory_info().rss
                        cmd = " ".join(proc.cmdline())
                    except psutil.Error:
                        continue
                    name, peak = self.peaks.get(proc.pid, (cmd, 0))
                    self.peaks[proc.pid] = (name, max(peak, rss))
            except psutil.Error:
                pass
            time.sleep(0.2)

    def stop(self) -> list[int]:
        """Peak RSS of the descendant processes, largest first: pool workers (forked) or
        Dask worker processes (spawned; their nannies run in the parent), never the
        multiprocessing resource tracker."""
        self._stop.set()
        self._thread.join()
        workers = [peak for cmd, peak in self.peaks.values()
                   if "resource_tracker" not in cmd and "forkserver" not in cmd]
        return sorted(workers, reverse=True)


def run_check(source: Path, out: Path, engine: str, workers: int, size: int,
              resume: bool = False) -> dict:
    args = NEWSCRED + ["check", str(source), "-o", str(out), "--format", "parquet",
                       "--engine", engine, "--workers", str(workers),
                       "--partition-size", str(size)] + (["--resume"] if resume else [])
    started = time.perf_counter()
    process = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env={**os.environ, "PYTHONWARNINGS": "ignore"})
    sampler = PeakRss(process.pid)
    _, err = process.communicate()
    seconds = time.perf_counter() - started
    peaks = sampler.stop()
    if process.returncode not in (0, 3):
        raise SystemExit(f"{' '.join(args)} failed ({process.returncode}):\n{err.decode()[-2000:]}")
    manifest = json.loads((out / "newscred-run.json").read_text())
    records = sum(p["rows"] for p in manifest["partitions"].values())
    return {"engine": engine, "seconds": round(seconds, 1), "records": records,
            "per_second": round(records / seconds, 1),
            "worker_peak_rss_mb": [round(p / 2**20) for p in peaks[:workers]]}


def drop_last_tenth(out: Path) -> int:
    manifest_path = out / "newscred-run.json"
    manifest = json.loads(manifest_path.read_text())
    keys = sorted(manifest["partitions"])
    dropped = keys[len(keys) - max(1, len(keys) // 10):]
    for key in dropped:
        (out / manifest["partitions"].pop(key)["file"]).unlink()
    manifest["complete"] = False
    manifest_path.write_text(json.dumps(manifest))
    return len(dropped)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--partition-size", type=int, default=1000)
    parser.add_argument("--source", choices=("synth", "shared"), default="synth")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    make = synth_records if args.source == "synth" else shared_records
    results: dict = {"n": args.n, "small": args.small, "workers": args.workers,
                     "partition_size": args.partition_size, "source": args.source,
                     "cores": os.cpu_count(), "runs": []}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for n in dict.fromkeys((args.small, args.n)):
            source = write_input(folder / f"in-{n}.jsonl.gz", make(n))
            for engine in ("local", "dask"):
                out = folder / f"out-{engine}-{n}"
                run = run_check(source, out, engine, args.workers, args.partition_size)
                results["runs"].append({"n": n, **run})
                print(json.dumps(results["runs"][-1]), flush=True)
                if n == args.small and engine == "local":
                    dropped = drop_last_tenth(out)
                    again = run_check(source, out, engine, args.workers, args.partition_size,
                                      resume=True)
                    full = run["seconds"]
                    results["resume"] = {
                        "parts_redone": dropped, "seconds": again["seconds"],
                        "share_of_full_run": round(again["seconds"] / full, 3),
                        "skip_share_of_full_run": round(max(0.0, again["seconds"] - 0.1 * full) / full, 3)}
                    print(json.dumps(results["resume"]), flush=True)
                shutil.rmtree(out)
    results["estimate"] = estimate(results)
    print(tables(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n")


def estimate(results: dict) -> dict:
    """10 million articles: core-seconds per article from the largest local run, and the
    Dask overhead per partition from the same-size Dask run."""
    n = max(r["n"] for r in results["runs"])
    local = next(r for r in results["runs"] if r["n"] == n and r["engine"] == "local")
    dask = next(r for r in results["runs"] if r["n"] == n and r["engine"] == "dask")
    core_seconds = local["seconds"] * results["workers"] / n
    partitions = n / results["partition_size"]
    overhead = max(0.0, (dask["seconds"] - local["seconds"]) * results["workers"] / partitions)
    per_10m = 10_000_000 * core_seconds + overhead * 10_000_000 / results["partition_size"]
    return {"core_seconds_per_article": round(core_seconds, 4),
            "dask_overhead_core_seconds_per_partition": round(overhead, 2),
            "core_hours_for_10m": round(per_10m / 3600, 1),
            "hours_on": {str(w): round(per_10m / 3600 / w, 2) for w in (16, 64, 256)}}


def tables(results: dict) -> str:
    lines = ["| articles | engine | seconds | articles/s | peak RSS per worker (MB) |",
             "|---|---|---|---|---|"]
    for r in results["runs"]:
        lines.append(f"| {r['n']:,} | {r['engine']} | {r['seconds']} | {r['per_second']} | "
                     f"{', '.join(map(str, r['worker_peak_rss_mb']))} |")
    for n in dict.fromkeys(r["n"] for r in results["runs"]):
        by = {r["engine"]: r for r in results["runs"] if r["n"] == n}
        lines.append(f"\nDask / local throughput at {n:,}: "
                     f"{by['dask']['per_second'] / by['local']['per_second']:.2f}")
    if "resume" in results:
        r = results["resume"]
        lines.append(f"\nResume with 90% of parts done: {r['seconds']} s, "
                     f"{r['share_of_full_run']:.1%} of the full run; skipping is "
                     f"{r['skip_share_of_full_run']:.1%} of it")
    e = results["estimate"]
    lines.append(f"\n10 million articles: {e['core_hours_for_10m']} core-hours "
                 f"({e['core_seconds_per_article']} core-s per article, "
                 f"{e['dask_overhead_core_seconds_per_partition']} core-s Dask overhead per "
                 f"partition); wall hours on 16/64/256 workers: "
                 + ", ".join(f"{v}" for v in e["hours_on"].values()))
    return "\n".join(lines)


if __name__ == "__main__":
    main()
