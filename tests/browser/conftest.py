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
