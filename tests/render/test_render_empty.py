"""Edge cases every renderer must survive: no items, an article with no title or body."""

from __future__ import annotations

from rich.console import Console

from newscred.article import Article
from newscred.render import render_html, render_markdown, render_terminal
from newscred.report import Assessment, Report


def bare_report() -> Report:
    return Report(
        article=Article(id="e1", title="", body=""),
        assessment=Assessment(score=None, probability=None, band=None, confidence=0.0,
                              abstained=True, reason="no text"),
        signals=(),
    )


def test_no_items():
    console = Console(record=True, width=100, force_terminal=False)
    render_terminal([], console)
    assert console.export_text() == ""
    assert "0 articles." in render_markdown([])
    assert "<main>\n</main>" in render_html([])


def test_article_without_title_or_body():
    report = bare_report()
    console = Console(record=True, width=100, force_terminal=False)
    render_terminal([report], console)
    text = console.export_text()
    assert "(untitled)" in text and "No score: no text" in text and "(no body)" in text
    markdown = render_markdown([report])
    assert "## (untitled)" in markdown and "### Text" not in markdown
    document = render_html([report])
    assert "<p>(no body)</p>" in document and "No spans flagged." in document
