"""Benchmark: how fast and how cheaply oversize inputs are refused (issue 13).

Run with `.venv/bin/python bench/bench_caps.py`. Every input is generated here (no
third-party text) into a temporary folder, then each case runs in a fresh process, so
each peak RSS is its own:
- in-process: `read_source` + `Pipeline.check` as `newscred check` runs them, after the
  pipeline is built: wall time, peak RSS (ru_maxrss), how far the run raised the peak
  above the built pipeline, and tracemalloc's peak of Python allocations (a second run);
- command: `newscred check FILE --format json` as a subprocess: wall time, peak RSS and
  the error code it exits with (cold start included: compare with the normal page).
Cases: a 6.3-million-character text, a 6.2 MB HTML page of plain paragraphs, a 12 MB
HTML page (over the 10 MB page cap), and for reference a normal 2.5 MB page (1.5 MB of
script, 20,000 characters of article) that is analysed.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PARAGRAPH = (
    "The council met on Monday to discuss the budget for the coming year, the mayor said "
    "in a statement, adding that the library and the roads would come first."
)


def make_inputs(folder: Path) -> dict[str, Path]:
    """The case files, generated: name -> path."""
    text = "Council debates the budget\n\n" + "\n\n".join(
        f"{PARAGRAPH} Point {i}." for i in range(6_300_000 // (len(PARAGRAPH) + 12))
    )
    text = (text + " " * max(0, 6_300_000 - len(text)))[:6_300_000]

    def page(target_bytes: int) -> str:
        head = "<!doctype html><html><head><title>Council debates the budget</title></head><body><article>"
        tail = "</article></body></html>"
        paragraphs: list[str] = []
        size = len(head) + len(tail)
        i = 0
        while size < target_bytes:
            paragraphs.append(f"<p>{PARAGRAPH} Point {i}.</p>\n")
            size += len(paragraphs[-1])
            i += 1
        return head + "".join(paragraphs) + tail

    script = "<script>var state = '" + "x" * 1_500_000 + "';</script>"
    style = "<style>" + ".card{margin:0 auto;padding:4px}" * 30_000 + "</style>"
    nav = "<nav>" + "<a href='/section'>Section</a>" * 3_000 + "</nav>"
    article = "".join(f"<p>{PARAGRAPH} Point {i}.</p>" for i in range(20_000 // len(PARAGRAPH)))
    normal = (
        f"<!doctype html><html><head><title>Council debates the budget</title>{script}{style}</head>"
        f"<body>{nav}<article>{article}</article></body></html>"
    )
    files = {
        "text 6.3M chars": ("huge.txt", text),
        "HTML 6.2 MB of paragraphs": ("paragraphs.html", page(6_200_000)),
        "HTML 12 MB": ("twelve.html", page(12_000_000)),
        "normal page 2.5 MB (reference)": ("normal.html", normal),
    }
    paths = {}
    for name, (file_name, content) in files.items():
        path = folder / file_name
        path.write_text(content, encoding="utf-8")
        paths[name] = path
    return paths


def run_case(path: str) -> dict:
    """In a fresh process: build the pipeline, then time reading and checking `path`."""
    from newscred.errors import NewscredError
    from newscred.ingest import read_source
    from newscred.pipeline import Pipeline

    pipeline = Pipeline()
    pipeline.check({"title": "Warm-up", "text": PARAGRAPH * 5})  # lazy imports and caches

    def once() -> str:
        try:
            for record in read_source(path):
                pipeline.check(record)
            return "ok"
        except NewscredError as error:
            return error.code

    base_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    outcome = once()
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    once()
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "outcome": outcome,
        "seconds": round(seconds, 3),
        "peak_rss_mb": round(peak_kb / 1024, 1),
        "rss_growth_mb": round((peak_kb - base_kb) / 1024, 1),
        "tracemalloc_peak_mb": round(traced_peak / 1e6, 1),
    }


_MEASURE = """
import resource, subprocess, sys, time
started = time.perf_counter()
result = subprocess.run(sys.argv[1:], capture_output=True, text=True, check=False)
seconds = time.perf_counter() - started
code = next((w for w in result.stderr.split() if w.startswith("NC")), "")
print(result.returncode, code.rstrip(":") or "-", seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def command_case(path: Path) -> dict:
    """`newscred check PATH --format json` as a subprocess of a small measuring process,
    whose RUSAGE_CHILDREN peak is then the command's own peak RSS."""
    command = [str(Path(sys.executable).with_name("newscred")), "check", str(path), "--format", "json"]
    measured = subprocess.run(
        [sys.executable, "-c", _MEASURE, *command], capture_output=True, text=True, check=True
    )
    exit_code, code, seconds, peak_kb = measured.stdout.split()
    return {
        "exit": int(exit_code),
        "code": code if code != "-" else "ok",
        "seconds": round(float(seconds), 2),
        "peak_rss_mb": round(int(peak_kb) / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", help=argparse.SUPPRESS)  # internal: one case, in this process
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    if args.case:
        print(json.dumps(run_case(args.case)))
        return

    rows = []
    with tempfile.TemporaryDirectory(prefix="newscred-caps-") as folder:
        paths = make_inputs(Path(folder))
        for name, path in paths.items():
            child = subprocess.run(
                [sys.executable, __file__, "--case", str(path)], capture_output=True, text=True, check=True
            )
            inside = json.loads(child.stdout.strip().splitlines()[-1])
            rows.append({"case": name, "bytes": path.stat().st_size, "in_process": inside,
                         "command": command_case(path)})
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    print(f"{'case':32} {'bytes':>11} {'outcome':>7} {'time s':>7} {'peak RSS':>9} {'growth':>7} "
          f"{'traced':>7} | {'cli exit':>8} {'cli s':>6} {'cli RSS':>9}")
    for row in rows:
        inside, command = row["in_process"], row["command"]
        print(f"{row['case']:32} {row['bytes']:>11,} {inside['outcome']:>7} {inside['seconds']:>7} "
              f"{inside['peak_rss_mb']:>6} MB {inside['rss_growth_mb']:>4} MB {inside['tracemalloc_peak_mb']:>4} MB"
              f" | {command['exit']:>3} {command['code']:>5} {command['seconds']:>6} {command['peak_rss_mb']:>6} MB")


if __name__ == "__main__":
    main()
