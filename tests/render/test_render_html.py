"""The HTML page: self-contained, well-formed, hostile text stays text."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from newscred.article import CleaningEntry
from newscred.render import render_html
from newscred.render.segments import marks_for, paragraphs, segments
from newscred.report import WHAT_IT_MEASURES

VOID = {"meta", "br", "hr", "img", "input", "link", "wbr"}
# Every element the renderer writes; anything else came from article text.
OURS = {
    "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "p",
    "main", "article", "section", "aside", "strong", "span", "code", "a", "ol", "ul", "li",
    "br", "meter", "table", "caption", "thead", "tbody", "tr", "th", "td", "div", "mark",
    "fieldset", "legend", "label", "input",
}


class Page(HTMLParser):
    """Collects tags, attributes, marks and text; checks that every element closes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.marks: list[dict[str, str | None]] = []
        self.mark_text: list[str] = []
        self.mark_parents: list[str] = []
        self.text: list[str] = []
        self.doctype = ""

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "mark":
            self.marks.append(dict(attrs))
            self.mark_text.append("")
            self.mark_parents.append(self.stack[-1])
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, (tag, self.stack)
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)
        if "mark" in self.stack:
            self.mark_text[-1] += data


def parse(document: str) -> Page:
    page = Page()
    page.feed(document)
    page.close()
    assert page.stack == [], page.stack
    return page


def plain(page: Page) -> str:
    """The page's text, one space between elements and runs of whitespace collapsed."""
    return " ".join(" ".join(page.text).split())


def marked_segments(report):
    article = report.article
    found = []
    for part in ("title", "body"):
        text = article.text_of(part)
        windows = [(0, len(text))] if part == "title" else paragraphs(text)
        for start, end in windows:
            found += [s for s in segments(text, marks_for(report, part), start=start, end=end)
                      if s.mark is not None]
    return found


def test_self_contained_document(report):
    document = render_html([report])
    page = parse(document)
    assert document.startswith("<!doctype html>\n")
    assert page.doctype.lower() == "doctype html"
    tags = dict(page.tags)
    assert tags["html"] == {"lang": "en"}
    assert ("meta", {"charset": "utf-8"}) in page.tags
    assert any(t == "meta" and a.get("name") == "viewport" for t, a in page.tags)
    assert "title" in tags and "style" in tags
    assert not any(t in {"script", "link", "img", "iframe"} for t, _ in page.tags)
    assert "url(" not in document and "@import" not in document


def test_score_reasons_and_tables(report):
    document = render_html([report])
    text = plain(parse(document))
    assert "62/100 · mixed" in text and "confidence 50%" in text
    assert WHAT_IT_MEASURES in text
    for name in ("language", "sourcing", "headline"):
        assert report.signal(name).summary in text
    assert "Few check-worthy claims." in text  # in the signals table only
    assert "−5.0 points" in text
    assert text.index("Lowered the score") < text.index("−5.0 points") < text.index("Raised the score")
    assert text.index("Raised the score") < text.index("+4.0 points")
    assert "Outlet not in the reference list." in text
    assert "Anonymous sources 1" in text and "Share of claims attributed 25%" in text
    assert "features" not in text
    assert 'class="assessment band-mixed"' in document


def test_one_mark_per_segment_with_its_signal(report):
    page = parse(render_html([report]))
    expected = marked_segments(report)
    assert [(m["data-signal"], t) for m, t in zip(page.marks, page.mark_text)] == [
        ("headline", "sues"),
        ("language", "disgrace | "),
        ("sourcing", "sources say"),
        ("language", "shameful"),
    ]
    assert len(page.marks) == len(expected)
    for mark, segment in zip(page.marks, expected):
        assert mark["data-signal"] == segment.mark.signal
        assert mark["class"] == f"sig-{segment.mark.signal}"
        assert mark["tabindex"] == "0"
    assert page.marks[1]["title"] == "loaded_word: emotive (language)"
    assert set(page.mark_parents) == {"p"}


def test_paragraphs_and_legend(report):
    document = render_html([report])
    assert '<fieldset class="legend">' in document
    for name in ("headline", "language", "sourcing"):
        assert f'<span class="swatch sig-{name}"></span>{name}</label>' in document
        # each signal has a ticked toggle and a CSS rule that hides its marks when unticked
        assert f'class="toggle toggle-sig-{name}" id="report-1-show-sig-{name}"' in document
        assert f".text:has(.toggle-sig-{name}:not(:checked)) mark.sig-{name}" in document
    assert "<p>The mayor said [bold]nothing[/] today, her office confirmed.</p>" in document
    assert "stunt.<br>\nA second line" in document


def test_hostile_text_stays_text(hostile):
    document = render_html([hostile])
    page = parse(document)
    for tag, attrs in page.tags:
        assert tag in OURS, tag
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            assert "javascript:" not in (value or "").lower()
    assert "<script" not in document and "<img" not in document
    text = "".join(page.text)
    assert "<script>alert(1)</script>" in text
    assert "<img src=x onerror=alert(1)>" in text
    assert "</p></mark><b onclick=\"x()\">bold</b>" in text
    assert "<svg onload=alert(1)>" in text and "<iframe src=//evil>" in text
    assert "javascript:alert(1)" in text  # shown as text, not as a link
    assert not any(t == "a" for t, _ in page.tags)


def test_span_across_a_paragraph_break_is_split(hostile):
    page = parse(render_html([hostile]))
    name = hostile.signals[0].name
    assert [m["data-signal"] for m in page.marks] == [name, name]
    assert page.mark_text == ["<img src=x onerror=alert(1)> here.", "Second"]
    assert set(page.mark_parents) == {"p"}
    assert page.marks[0]["class"] == "sig-evil-onmouseover-x"
    assert page.marks[0]["title"] == '<b>label</b>: " onfocus="alert(1) (' + name + ")"


def test_abstained(abstained):
    text = plain(parse(render_html([abstained])))
    assert "No score: too short to assess (12 words)" in text
    assert "/100" not in text
    assert abstained.signal("language").summary in text


def test_batch_error_and_many_reports_in_one_document(report, abstained, batch_error):
    document = render_html([report, batch_error, abstained])
    page = parse(document)
    assert document.count("<!doctype html>") == 1
    assert sum(1 for t, _ in page.tags if t == "article") == 2
    ids = [a["id"] for _, a in page.tags if a.get("id")]
    assert len(ids) == len(set(ids))
    assert (
        '<p class="batch-error" role="alert">record 7 (r7): NC108 Record has no article '
        "text — Give a &#x27;text&#x27; field.</p>"
    ) in document
    assert "2 articles, 1 failed" in document


def test_cleaning_log_and_notices(make_report, article):
    cleaned = article.model_copy(update={"cleaning": (
        CleaningEntry(part="body", start=0, end=9, text_removed="<b>Share</b>",
                      rule="share_buttons"),
    )})
    document = render_html([make_report(article=cleaned)])
    text = plain(parse(document))
    assert "body 0 9 share_buttons <b>Share</b>" in text
    assert "Warning NC900: Short article [red]x[/]" in text
    assert "Error NC202: persuasion failed — Report it." in text


@pytest.mark.parametrize("url, linked", [("https://news.example/a1", True),
                                         ("data:text/html,x", False)])
def test_only_http_urls_become_links(make_report, article, url, linked):
    page = parse(render_html([make_report(article=article.model_copy(update={"url": url}))]))
    links = [a["href"] for t, a in page.tags if t == "a"]
    assert links == ([url] if linked else [])
