"""The browser extension's speed: from the click (the service worker's check) to the
highlights in the page, against the server's own `/v1/check` time, on the example pages.

    .venv/bin/python bench/bench_extension.py [--rounds 5] [--screenshot docs/extension.png]

Needs Chromium and Playwright (as tests/browser). Prints one line per page and the medians.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newscred.server.live import serving  # noqa: E402
from tests.browser.conftest import CHROMIUM  # noqa: E402
from tests.browser.test_extension import EXAMPLES, EXTENSION, Extension, example_page  # noqa: E402


def direct_check(base: str, html: str, url: str) -> float:
    """Milliseconds for one POST /v1/check straight to the server."""
    body = json.dumps({"html": html, "url": url}).encode()
    request = urllib.request.Request(base + "/v1/check", body, {"Content-Type": "application/json"})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=60) as response:
        response.read()
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--screenshot", type=Path, help="save a screenshot of a checked page here")
    args = parser.parse_args()

    import tempfile
    import threading
    from http.server import ThreadingHTTPServer

    from playwright.sync_api import sync_playwright

    from tests.browser.test_extension import _Pages

    _Pages.pages = {f"/news/{p.stem}.html": example_page(p) for p in EXAMPLES}
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    pages = f"http://127.0.0.1:{httpd.server_address[1]}"
    flags = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--disable-extensions-except={EXTENSION}", f"--load-extension={EXTENSION}"]
    with serving(["--rate-limit", "0"]) as base, tempfile.TemporaryDirectory() as profile, \
            sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, headless=False, args=flags,
            viewport={"width": 1200, "height": 800})
        worker = context.service_workers[0] if context.service_workers else context.wait_for_event("serviceworker")
        extension = Extension(context, worker)
        extension.configure(server=base, apiKey="", store=False)
        tab = context.new_page()
        clicks, servers, directs = [], [], []
        for example in EXAMPLES:
            url = f"{pages}/news/{example.stem}.html"
            mine, theirs, direct = [], [], []
            for _ in range(args.rounds):
                result = extension.check(tab, url)
                assert result["ok"], result
                mine.append(result["total_ms"])
                theirs.append(result["server_ms"])
                direct.append(direct_check(base, _Pages.pages[f"/news/{example.stem}.html"], url))
            clicks += mine
            servers += theirs
            directs += direct
            print(f"{example.stem:20} click→highlights {statistics.median(mine):6.0f} ms   "
                  f"/v1/check (from the extension) {statistics.median(theirs):6.0f} ms   "
                  f"/v1/check (direct) {statistics.median(direct):6.0f} ms   "
                  f"placed {result['placed']}/{result['total']}")
        print(f"{'median':20} click→highlights {statistics.median(clicks):6.0f} ms   "
              f"/v1/check (from the extension) {statistics.median(servers):6.0f} ms   "
              f"/v1/check (direct) {statistics.median(directs):6.0f} ms")
        if args.screenshot:
            extension.check(tab, f"{pages}/news/sensational_relay.html")
            tab.set_viewport_size({"width": 1100, "height": 700})
            tab.screenshot(path=str(args.screenshot))
            print(f"wrote {args.screenshot}")
        context.close()
    httpd.shutdown()


if __name__ == "__main__":
    main()
