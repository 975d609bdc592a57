"""The browser extension (extension/, docs/extension.md) loaded unpacked in Debian's
Chromium, against news-like pages on a loopback test server and a real `newscred serve`.

The check is started the way the toolbar button starts it: the service worker's
`newscred.checkActiveTab()` (headless Chromium has no toolbar to click).
Where Chromium cannot load extensions the tests skip with the reason; with
NEWSCRED_REQUIRE_BROWSER=1 (set by .ci/run) such a skip is a failure.
"""

from __future__ import annotations

import html
import os
import re
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.browser.conftest import CHROMIUM, REASON

ROOT = Path(__file__).resolve().parents[2]
EXTENSION = ROOT / "extension"
EXAMPLES = sorted((ROOT / "examples").glob("*.txt"))
API_KEY = "extension-test-key-0123456789abcdef"
PLACED_FLOOR = 0.9  # measured: see the printed share (docs/extension.md)

pytestmark = pytest.mark.slow


def skip_or_fail(reason: str) -> None:
    if os.environ.get("NEWSCRED_REQUIRE_BROWSER") == "1":
        pytest.fail(f"NEWSCRED_REQUIRE_BROWSER=1 but: {reason}")
    pytest.skip(reason)


# ---- the test pages ------------------------------------------------------------------

def news_page(title: str, paragraphs: list[str], extra_head: str = "", extra_body: str = "") -> str:
    body = "\n".join(f"      <p>{html.escape(p)}</p>" for p in paragraphs)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)} | The Test Gazette</title>
<meta property="og:site_name" content="The Test Gazette">{extra_head}</head>
<body>
  <header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/local">Local</a></nav></header>
  <main>
    <article>
      <h1>{html.escape(title)}</h1>
      <p class="byline">By Staff Reporter</p>
{body}
    </article>
    <aside><h2>Most read</h2><ul><li><a href="/a">Weather turns cold</a></li></ul></aside>
  </main>
  <footer><p>Copyright The Test Gazette</p></footer>{extra_body}
</body></html>"""


def example_page(path: Path) -> str:
    lines = path.read_text(encoding="utf-8").strip().split("\n\n")
    title, paragraphs = lines[0].strip(), [" ".join(p.split()) for p in lines[1:] if p.strip()]
    return news_page(title, paragraphs)


HOSTILE_HEAD = """
<script>
window.__seen = [];
window.__tries = {};
try { window.__tries.chrome_storage = typeof chrome !== "undefined" && chrome.storage ? "visible" : "absent"; }
catch (e) { window.__tries.chrome_storage = "error: " + e.message; }
try { window.__tries.runtime = typeof chrome !== "undefined" && chrome.runtime && chrome.runtime.id ? "visible" : "absent"; }
catch (e) { window.__tries.runtime = "error: " + e.message; }
window.addEventListener("message", (e) => window.__seen.push(JSON.stringify(e.data)));
new MutationObserver((records) => {
  for (const r of records) for (const n of r.addedNodes) {
    window.__seen.push(n.textContent || "");
    if (n.shadowRoot) window.__seen.push(n.shadowRoot.innerHTML);
  }
}).observe(document.documentElement, {childList: true, subtree: true, characterData: true});
</script>"""

HOSTILE_BODY = """
<script>
document.addEventListener("click", () => { window.__seen.push(document.documentElement.outerHTML); });
setInterval(() => {
  const host = document.getElementById("newscred-extension-panel");
  if (host && host.shadowRoot) window.__seen.push(host.shadowRoot.innerHTML);
  try { if (window.chrome && chrome.storage) chrome.storage.local.get(null, (v) => window.__seen.push(JSON.stringify(v))); }
  catch (e) {}
}, 50);
</script>"""


def hostile_page() -> str:
    paragraphs = [
        "OAKVILLE — The county board voted 5-2 on Monday to close the Eastside library branch, "
        "a decision the board chair called “shocking but necessary” after months of debate.",
        'Residents who attended wrote <img src=x onerror="window.__pwned=1"> on their signs, '
        "and one of them, Maria Lopez, said the vote was “a disgrace that nobody will forget”.",
        "According to the county budget office, the branch costs $1.2 million a year to run. "
        "Critics say the savings are SHOCKING and the numbers were never shown in public.",
        "The board will meet again on March 3 to decide what to do with the building, "
        "officials said in a statement released after the vote.",
    ]
    return news_page("County board votes to close Eastside library branch", paragraphs,
                     HOSTILE_HEAD, HOSTILE_BODY)


class _Pages(BaseHTTPRequestHandler):
    pages: dict[str, str] = {}

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        page = self.pages.get(self.path)
        data = (page or "not found").encode()
        self.send_response(200 if page else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def pages() -> Iterator[str]:
    _Pages.pages = {f"/news/{p.stem}.html": example_page(p) for p in EXAMPLES}
    _Pages.pages["/news/hostile.html"] = hostile_page()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


# ---- the server, the browser, the extension ---------------------------------------------

@pytest.fixture(scope="module")
def keyed_server() -> Iterator[str]:
    """A real `newscred serve` that needs an API key (so the extension must send it)."""
    if REASON:
        skip_or_fail(REASON)
    from newscred.server.live import serving

    with serving(["--rate-limit", "0"], env={**os.environ, "NEWSCRED_API_KEYS": API_KEY}) as base:
        yield base


class Extension:
    def __init__(self, context, worker) -> None:
        self.context = context
        self.worker = worker
        self.id = worker.url.split("/")[2]

    def configure(self, **values: object) -> None:
        self.worker.evaluate("(v) => chrome.storage.local.set(v)", values)

    def check(self, page, url: str) -> dict:
        page.goto(url)
        page.bring_to_front()
        result = self.worker.evaluate("() => self.newscred.checkActiveTab()")
        assert result.get("tabId") is not None, result
        return result

    def badge(self, tab_id: int) -> str:
        return self.worker.evaluate("(tabId) => chrome.action.getBadgeText({tabId})", tab_id)


@pytest.fixture(scope="module")
def extension(tmp_path_factory) -> Iterator[Extension]:
    if REASON:
        skip_or_fail(REASON)
    from playwright.sync_api import Error, sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    args = [
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--disable-extensions-except={EXTENSION}", f"--load-extension={EXTENSION}",
    ]
    with sync_playwright() as playwright:
        try:
            context = playwright.chromium.launch_persistent_context(
                str(profile), executable_path=CHROMIUM, headless=False, args=args,
                viewport={"width": 1200, "height": 900},
            )
        except Error as error:
            skip_or_fail(f"Chromium could not start with the extension: {error}")
        try:
            workers = context.service_workers
            worker = workers[0] if workers else context.wait_for_event("serviceworker", timeout=20_000)
        except Error as error:
            context.close()
            skip_or_fail(f"Chromium did not load the unpacked extension: {error}")
        yield Extension(context, worker)
        context.close()


@pytest.fixture
def tab(extension):
    page = extension.context.new_page()
    page.set_default_timeout(30_000)
    yield page
    page.close()


# ---- helpers ------------------------------------------------------------------------------

def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def report_span_texts(report: dict) -> list[tuple[str, str]]:
    """(signal, text) of every span the extension should place, in its order."""
    article = report["article"]
    out = []
    for signal in report["signals"]:
        for span in signal.get("spans") or []:
            if span.get("shown") is False:
                continue
            source = article.get(span["part"]) or ""
            out.append((signal["name"], source[span["start"]:span["end"]]))
    return out


MARKS = """() => {
  const spans = {};
  for (const m of document.querySelectorAll("mark.newscred-mark")) {
    const id = m.dataset.newscredSpan;
    spans[id] = spans[id] || {signal: m.dataset.newscredSignal, text: ""};
    spans[id].text += m.textContent;
  }
  return spans;
}"""


def panel(page):
    return page.locator("#newscred-extension-panel")


# ---- the tests ------------------------------------------------------------------------------

def test_options_page_saves_the_server_and_key(extension, keyed_server):
    page = extension.context.new_page()
    try:
        page.goto(f"chrome-extension://{extension.id}/options.html")
        page.wait_for_selector("form[data-loaded]")  # the stored settings are in the form
        page.fill("#server", keyed_server + "/ignored/path")
        page.fill("#apiKey", API_KEY)
        page.click("#save")
        page.wait_for_function("document.getElementById('status').textContent.startsWith('Saved')")
        assert "may call" in page.text_content("#status")
        stored = extension.worker.evaluate("() => chrome.storage.local.get(null)")
        assert stored == {"server": keyed_server, "apiKey": API_KEY, "store": False}
    finally:
        page.close()


def test_example_pages_badge_highlights_panel(extension, keyed_server, pages, tab):
    extension.configure(server=keyed_server, apiKey=API_KEY, store=False)
    placed = total = 0
    click_ms, server_ms, genres = [], [], set()
    for example in EXAMPLES:
        result = extension.check(tab, f"{pages}/news/{example.stem}.html")
        assert result["ok"], result
        report = result["report"]
        assessment = report["assessment"]
        satire = assessment["genre"] == "satire"
        genres.add(assessment["genre"])
        # The badge is the score; satire has none and says so.
        assert extension.badge(result["tabId"]) == ("SAT" if satire else str(assessment["score"]))
        # Every span the extension reports placed is marked with exactly the report's text.
        expected = report_span_texts(report)
        assert result["total"] == len(expected)
        marks = tab.evaluate(MARKS)
        spans = result["spans"]
        assert len(spans) == len(expected)
        for span, (signal, text) in zip(spans, expected, strict=True):
            assert span["signal"] == signal and span["text"] == text
            if span["placed"]:
                mark = marks[str(span["id"])]
                assert mark["signal"] == signal
                assert squeeze(mark["text"]) == squeeze(text), (example.name, signal)
        assert len(marks) == result["placed"]
        # Unplaced spans are listed in the panel, not highlighted.
        unplaced = panel(tab).locator("[data-role=unplaced] li")
        assert unplaced.count() == result["total"] - result["placed"]
        # The panel: the score (or "Satire" first), the reasons, the outlet card, the signals.
        assert panel(tab).locator("[data-role=score]").text_content() == (
            "Satire" if satire else str(assessment["score"]))
        if satire:
            assert panel(tab).locator("[data-role=genre-note]").text_content() == assessment["reason"]
        genre_shown = panel(tab).locator("[data-role=genre]")
        assert genre_shown.count() == (assessment["genre"] in ("satire", "opinion"))
        assert panel(tab).locator("[data-role=component]").count() == min(
            6, len(report["assessment"]["components"]))
        assert panel(tab).locator("[data-role=outlet]").count() == 1
        for signal in report["signals"]:
            if signal["name"] != "outlet" and signal.get("summary"):
                row = panel(tab).locator(f".signal[data-signal='{signal['name']}']")
                assert row.locator("[data-role=summary]").text_content() == signal["summary"]
        placed += result["placed"]
        total += result["total"]
        click_ms.append(result["total_ms"])
        server_ms.append(result["server_ms"])
        print(f"{example.stem}: placed {result['placed']}/{result['total']}, "
              f"click→highlights {result['total_ms']:.0f} ms, /v1/check {result['server_ms']:.0f} ms")
    share = placed / total
    print(f"spans placed: {placed}/{total} = {share:.1%}; median click→highlights "
          f"{sorted(click_ms)[len(click_ms) // 2]:.0f} ms vs /v1/check {sorted(server_ms)[len(server_ms) // 2]:.0f} ms")
    assert total > 20
    assert share >= PLACED_FLOOR
    assert genres == {"satire", "opinion", "reporting"}  # every branch of the panel ran


def test_toggles_hide_and_show_a_signals_marks(extension, keyed_server, pages, tab):
    extension.configure(server=keyed_server, apiKey=API_KEY, store=False)
    result = extension.check(tab, f"{pages}/news/sensational_relay.html")
    assert result["ok"], result
    signals = sorted({s["signal"] for s in result["spans"] if s["placed"]})
    assert signals
    backgrounds = """(signal) => [...document.querySelectorAll("mark.newscred-mark")]
        .filter((m) => m.dataset.newscredSignal === signal)
        .map((m) => getComputedStyle(m).backgroundColor)"""
    for signal in signals:
        toggle = panel(tab).locator(f"input[data-role=toggle][data-signal='{signal}']")
        assert toggle.is_checked()
        shown = tab.evaluate(backgrounds, signal)
        assert shown and "rgba(0, 0, 0, 0)" not in shown
        toggle.click()
        assert set(tab.evaluate(backgrounds, signal)) == {"rgba(0, 0, 0, 0)"}
        others = [s for s in signals if s != signal]
        if others:  # the other signals' marks stay highlighted
            assert "rgba(0, 0, 0, 0)" not in tab.evaluate(backgrounds, others[0])
        toggle.click()
        assert tab.evaluate(backgrounds, signal) == shown


def test_hostile_page_cannot_read_the_key_or_inject(extension, keyed_server, pages, tab):
    extension.configure(server=keyed_server, apiKey=API_KEY, store=False)
    result = extension.check(tab, f"{pages}/news/hostile.html")
    assert result["ok"], result
    assert extension.badge(result["tabId"]) == str(result["report"]["assessment"]["score"])
    tab.click("h1")  # the page's click handler copies the whole DOM
    time.sleep(0.3)
    seen = tab.evaluate("() => window.__seen.join('\\n')")
    assert API_KEY not in seen
    assert API_KEY not in tab.content()
    shadow = tab.evaluate("() => document.getElementById('newscred-extension-panel').shadowRoot.innerHTML")
    assert API_KEY not in shadow
    assert tab.evaluate("() => window.__tries") == {"chrome_storage": "absent", "runtime": "absent"}
    # The article's `<img onerror>` is text: the extension created no element from it.
    assert tab.evaluate("() => window.__pwned") is None
    assert tab.evaluate("() => document.querySelectorAll('mark.newscred-mark img').length") == 0
    assert "<img" not in shadow.replace("&lt;img", "")
    # The extension inserted only its marks and its panel host.
    inserted = tab.evaluate("""() => [...document.body.querySelectorAll('*')]
        .filter((e) => e.closest('mark.newscred-mark') === e || e.id === 'newscred-extension-panel')
        .map((e) => e.tagName)""")
    assert set(inserted) <= {"MARK", "DIV"}
    assert result["placed"] >= 1


def test_server_down_gives_a_clear_message(extension, pages, tab):
    from newscred.server.live import free_port

    down = f"http://127.0.0.1:{free_port()}"
    extension.configure(server=down, apiKey="", store=False)
    result = extension.check(tab, f"{pages}/news/wire_report.html")
    assert not result["ok"]
    message = f"Cannot reach newscred at {down}; start it with `newscred serve`."
    assert result["error"] == message
    assert extension.badge(result["tabId"]) == "!"
    assert panel(tab).locator("[data-role=error]").text_content() == message
    assert tab.locator("mark.newscred-mark").count() == 0


def test_wrong_key_is_reported(extension, keyed_server, pages, tab):
    extension.configure(server=keyed_server, apiKey="not-the-right-key-at-all", store=False)
    result = extension.check(tab, f"{pages}/news/wire_report.html")
    assert not result["ok"]
    assert "answered 401" in result["error"] and "API key" in result["error"]
    assert extension.badge(result["tabId"]) == "!"
    assert "answered 401" in panel(tab).locator("[data-role=error]").text_content()


def test_store_option_sends_store_true(extension, keyed_server, pages, tab):
    """Off by default; on, the check asks the server to store (this server has no store: 409)."""
    assert extension.worker.evaluate("() => self.newscred.DEFAULTS.store") is False
    extension.configure(server=keyed_server, apiKey=API_KEY, store=True)
    try:
        result = extension.check(tab, f"{pages}/news/wire_report.html")
    finally:
        extension.configure(store=False)
    assert not result["ok"]
    assert "answered 409" in result["error"] and "NC304" in result["error"]
