"""The web page in a real browser: submit, highlights, toggles, notes, download, hostile text,
the layout on a phone and on a desktop, and /docs working with no other host."""

from __future__ import annotations

import json
from pathlib import Path

from tests.browser.conftest import assert_laid_out_whole
from tests.conftest import SENSATIONAL_BODY, SENSATIONAL_TITLE
from tests.server.helpers import HOSTILE_BODY, HOSTILE_TITLE

TRANSPARENT = "rgba(0, 0, 0, 0)"


def submit(page, base: str, title: str, text: str) -> None:
    page.goto(base + "/")
    page.get_by_label("Headline").fill(title)
    page.get_by_label("Article text").fill(text)
    with page.expect_navigation():
        page.get_by_role("button", name="Check the article").click()


def background(page, selector: str) -> str:
    return page.locator(selector).first.evaluate("el => getComputedStyle(el).backgroundColor")


def test_submit_highlight_and_toggle(server, page):
    submit(page, server, SENSATIONAL_TITLE, SENSATIONAL_BODY)
    assert page.get_by_role("heading", name="Credibility report").is_visible()
    assert page.locator("section.assessment").is_visible()
    marks = page.locator("mark[data-signal=sourcing]")
    assert marks.count() > 0
    shown = background(page, "mark[data-signal=sourcing]")
    assert shown != TRANSPARENT

    toggle = page.get_by_role("checkbox", name="sourcing")
    toggle.uncheck()
    assert background(page, "mark[data-signal=sourcing]") == TRANSPARENT
    assert background(page, "mark[data-signal=headline]") != TRANSPARENT  # others stay
    toggle.check()
    assert background(page, "mark[data-signal=sourcing]") == shown


def test_span_note_on_keyboard_focus(server, page):
    submit(page, server, SENSATIONAL_TITLE, SENSATIONAL_BODY)
    for _ in range(60):  # Tab through links and toggles until a highlighted span has focus
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "MARK":
            break
    else:
        raise AssertionError("no highlighted span is reachable with the keyboard")
    note = page.evaluate("document.activeElement.title")
    after = page.evaluate("getComputedStyle(document.activeElement, '::after').content")
    assert note and note in after  # the note is shown beside the span, not only on hover


def test_download_gives_the_report_json(server, page):
    submit(page, server, SENSATIONAL_TITLE, SENSATIONAL_BODY)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download this report as JSON").click()
    download = download_info.value
    report = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    assert report["article"]["title"] == SENSATIONAL_TITLE
    assert download.suggested_filename == f"newscred-report-{report['article']['id']}.json"


def test_hostile_article_runs_nothing(server, page):
    dialogs: list[str] = []
    console: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("console", lambda message: console.append(message.text))
    submit(page, server, HOSTILE_TITLE, HOSTILE_BODY)
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)  # give any injected handler its chance to fire
    assert dialogs == []
    assert page.title() != "owned" and "newscred" in page.title()
    for tag in ("script", "img", "svg", "iframe", "style", "textarea"):
        assert page.locator(tag).count() == 0, tag
    text = page.locator(".article-text").inner_text()
    assert '<script>document.title="owned"</script>' in text
    assert 'onerror="alert(2)"' in text
    assert page.locator("body").is_visible()  # the injected stylesheet did not apply
    assert not [m for m in console if "Content Security Policy" in m]  # nothing even tried


def test_screenshot(server, page, tmp_path):
    submit(page, server, SENSATIONAL_TITLE, SENSATIONAL_BODY)
    path = tmp_path / "report.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_report_fits_a_phone_and_splits_no_word(server, phone, page):
    phone.goto(server + "/")
    assert_laid_out_whole(phone)
    for window in (phone, page):  # 390 px, then 1100 px
        submit(window, server, SENSATIONAL_TITLE, SENSATIONAL_BODY)
        assert window.locator("section.signals table td").count() > 0
        assert_laid_out_whole(window)
    # On the phone the signals table is wider than the screen: it scrolls in its own box.
    box = phone.locator("section.signals").evaluate(
        "el => [el.scrollWidth, el.clientWidth, getComputedStyle(el).overflowX]")
    assert box[2] == "auto" and box[0] >= box[1]


def test_api_docs_work_with_no_other_host(server, page):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.add_init_script(
        "window.__csp = []; document.addEventListener('securitypolicyviolation', "
        "e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));")
    page.goto(server + "/docs")
    assert "newscred" in page.locator(".swagger-ui .info .title").inner_text()
    operation = page.locator(".opblock", has_text="/healthz").first
    operation.locator(".opblock-summary").click()
    operation.get_by_role("button", name="Try it out").click()
    operation.get_by_role("button", name="Execute").click()
    assert '"ok"' in operation.locator(".responses-wrapper .live-responses-table").inner_text()
    assert page.evaluate("window.__csp") == []
    assert requests and all(url.startswith(server + "/") for url in requests), requests
