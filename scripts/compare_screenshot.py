"""Screenshot of the compare page for docs/: `make screenshot` (needs Chromium).

Starts `newscred serve` on a free loopback port, compares the two test articles on one
event (WIRE and LOCAL_TV in tests/stories/articles.py, written for the project) through
the /compare form in headless Chromium and saves the result page to docs/compare-page.png.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from newscred.server.live import serving

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # for tests.stories.articles

from tests.stories.articles import LOCAL_TV, WIRE

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
WIDTH, MAX_HEIGHT = 1280, 2000


def main() -> int:
    chromium = os.environ.get("NEWSCRED_CHROMIUM") or shutil.which("chromium")
    if not chromium:
        print("Chromium not found: apt-get install chromium (or set NEWSCRED_CHROMIUM)", file=sys.stderr)
        return 2
    out = ROOT / "docs" / "compare-page.png"
    with serving(["--rate-limit", "0"]) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": WIDTH, "height": 900})
        page.goto(base + "/compare")
        for slot, article in enumerate((WIRE, LOCAL_TV), start=1):
            page.locator(f"#title_{slot}").fill(article["title"])
            page.locator(f"#text_{slot}").fill(article["text"])
            # the address names the outlet; with the text given, it is not fetched
            page.locator(f"#url_{slot}").fill(article["url"])
        with page.expect_navigation():
            page.get_by_role("button", name="Compare the articles").click()
        height = min(MAX_HEIGHT, page.evaluate("document.documentElement.scrollHeight"))
        page.screenshot(path=str(out), clip={"x": 0, "y": 0, "width": WIDTH, "height": height},
                        full_page=True)
        browser.close()
    print(f"wrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
