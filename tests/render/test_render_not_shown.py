"""Spans marked `shown: false` (below a signal's display threshold) stay in the report and
its JSON but no renderer highlights them."""

from __future__ import annotations

import json

import pytest
from rich.console import Console

from newscred.render import render_html, render_markdown, render_terminal
from newscred.render.segments import highlighted_signals, marks_for, shown_spans, span_count
from newscred.report import Signal

from .conftest import span_of


@pytest.fixture
def persuasion_report(article, signals, make_report):
    spans = (
        span_of(article, "paragraph", label="Loaded_Language", score=0.4, note="emotional"),
        span_of(article, "shameful stunt", label="Doubt", score=0.9,
                note="hidden one").model_copy(update={"shown": False}),
    )
    persuasion = Signal(name="persuasion", version="1", score=0.2, summary="One shown.",
                        spans=spans)
    return make_report(signals=(*signals, persuasion))


@pytest.fixture
def only_hidden(article, make_report):
    span = span_of(article, "second line", label="Doubt", score=0.9).model_copy(
        update={"shown": False})
    return make_report(signals=(Signal(name="persuasion", version="1", score=0.2,
                                       summary="None shown.", spans=(span,)),))


def test_the_json_keeps_every_span_with_its_flag(persuasion_report):
    data = json.loads(persuasion_report.model_dump_json())
    spans = next(s for s in data["signals"] if s["name"] == "persuasion")["spans"]
    assert [s["shown"] for s in spans] == [True, False]
    # shown is always written, also for the default
    language = next(s for s in data["signals"] if s["name"] == "language")["spans"]
    assert all(s["shown"] is True for s in language)


def test_segments_leave_out_the_hidden_span(persuasion_report, only_hidden):
    signal = persuasion_report.signal("persuasion")
    assert [s.label for s in shown_spans(signal)] == ["Loaded_Language"]
    assert span_count(signal) == "1 of 2"
    assert span_count(persuasion_report.signal("language")) == "2"
    marks = marks_for(persuasion_report, "body")
    assert not any(m.span.label == "Doubt" for m in marks)
    assert "persuasion" in highlighted_signals(persuasion_report)
    assert highlighted_signals(only_hidden) == []
    assert marks_for(only_hidden, "body") == []


def test_markdown_does_not_flag_the_hidden_span(persuasion_report, only_hidden):
    out = render_markdown([persuasion_report])
    assert "hidden one" not in out and "Doubt" not in out
    assert "| persuasion |" in out and "| 1 of 2 |" in out
    assert "Loaded\\_Language: emotional" in out
    hidden = render_markdown([only_hidden])
    assert "### Flagged spans" not in hidden and "second line" in hidden


def test_html_does_not_mark_the_hidden_span(persuasion_report, only_hidden):
    page = render_html([persuasion_report])
    assert "hidden one" not in page and "Doubt" not in page
    assert "Loaded_Language: emotional (persuasion)" in page
    hidden = render_html([only_hidden])
    assert "<mark" not in hidden and "No spans flagged." in hidden


def test_terminal_does_not_highlight_the_hidden_span(only_hidden):
    console = Console(record=True, width=100, force_terminal=True, color_system="truecolor")
    render_terminal([only_hidden], console)
    text = console.export_text()
    assert "Highlights: none" in text
    plain = Console(record=True, width=100, force_terminal=False)
    render_terminal([only_hidden], plain)
    assert "0 of 1" in plain.export_text()
