"""Screenshot of the report page for docs/: `make screenshot` (needs Chromium).

Starts `newscred serve` on a free loopback port, submits examples/sensational_relay.txt
through the form in headless Chromium and saves the page to docs/report-page.png.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from newscred.ingest import split_headline
from newscred.server.live import serving

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def main() -> int:
    chromium = os.environ.get("NEWSCRED_CHROMIUM") or shutil.which("chromium")
    if not chromium:
        print("Chromium not found: apt-get install chromium (or set NEWSCRED_CHROMIUM)", file=sys.stderr)
        return 2
    title, body = split_headline((ROOT / "examples" / "sensational_relay.txt").read_text("utf-8"))
    out = ROOT / "docs" / "report-page.png"
    with serving(["--rate-limit", "0"]) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1000, "height": 900})
        page.goto(base + "/")
        page.get_by_label("Headline").fill(title or "")
        page.get_by_label("Article text").fill(body)
        with page.expect_navigation():
            page.get_by_role("button", name="Check the article").click()
        page.screenshot(path=str(out), full_page=True)
        browser.close()
    print(f"wrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
