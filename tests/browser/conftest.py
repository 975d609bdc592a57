"""Browser tests: a real server and Debian's Chromium driven by Playwright for Python.

They run wherever Chromium is installed (`.ci/run` installs it with apt) and skip with
the reason otherwise.
"""

from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM = os.environ.get("NEWSCRED_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps trying to reach Google's hosts.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def _skip_reason() -> str | None:
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install -e '.[dev]')"
    if not os.path.exists(CHROMIUM):
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium, or set NEWSCRED_CHROMIUM)"
    return None


REASON = _skip_reason()


@pytest.fixture(scope="module")
def server():
    if REASON:
        pytest.skip(REASON)
    from newscred.server.live import serving

    with serving(["--rate-limit", "0"]) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    if REASON:
        pytest.skip(REASON)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(accept_downloads=True, viewport={"width": 1100, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser):
    """A page 390 px wide, a common phone's width."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=1)
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


# Every word of the page's main content that the browser laid out on more than one line:
# a word is a run of letters, digits, '.', '_' and apostrophes, measured with a Range (one
# client rect per line box it spans). Hidden text has no rects and is not counted.
BROKEN_WORDS = r"""
() => {
  const broken = [];
  const walker = document.createTreeWalker(document.querySelector("main"), NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const match of node.data.matchAll(/[\p{L}\p{N}_.'’]+/gu)) {
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      if (range.getClientRects().length > 1) broken.push(match[0]);
    }
  }
  return broken;
}
"""


def assert_laid_out_whole(page) -> None:
    """No horizontal scroll of the page itself, and no word split across lines."""
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"the page is {width[0]} px wide in a {width[1]} px window"
    assert page.evaluate(BROKEN_WORDS) == []
