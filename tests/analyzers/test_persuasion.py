"""The persuasion signal on articles written for the tests."""

from __future__ import annotations

import pytest

from newscred.analyzers.persuasion import TECHNIQUES, PersuasionAnalyzer
from newscred.article import Article
from tests.conftest import SENSATIONAL_BODY, SENSATIONAL_TITLE, WIRE_BODY, WIRE_TITLE


@pytest.fixture(scope="module")
def analyzer():
    return PersuasionAnalyzer()


def article(title: str, body: str) -> Article:
    return Article(id="t", title=title, body=body, language="en")


def test_spans_are_valid_and_named_as_in_the_task(analyzer):
    a = article(SENSATIONAL_TITLE, SENSATIONAL_BODY)
    signal = analyzer.analyze(a)
    assert signal.name == "persuasion" and signal.spans
    for span in signal.spans:
        text = a.text_of(span.part)
        assert 0 <= span.start < span.end <= len(text)
        assert text[span.start : span.end].strip() == text[span.start : span.end]
        assert span.label in TECHNIQUES
        assert span.note.startswith(TECHNIQUES[span.label])
    assert sum(signal.details["techniques"].values()) == len(signal.spans)
    assert set(signal.details["features"]) >= {"share_of_text", "spans_per_100w", "emotional_per_100w"}


def test_sensational_relay_raises_more_concern_than_the_wire_report(analyzer):
    sensational = analyzer.analyze(article(SENSATIONAL_TITLE, SENSATIONAL_BODY))
    wire = analyzer.analyze(article(WIRE_TITLE, WIRE_BODY))
    assert sensational.score > wire.score
    assert sensational.details["share_of_text"] > wire.details["share_of_text"]


def test_title_spans_point_into_the_title(analyzer):
    a = article("Traitors and thugs: the shameful, disgusting betrayal of our great nation", WIRE_BODY)
    signal = analyzer.analyze(a)
    title_spans = [s for s in signal.spans if s.part == "title"]
    assert title_spans
    for span in title_spans:
        assert span.end <= len(a.title)


def test_too_short_gives_no_spans(analyzer):
    signal = analyzer.analyze(article("Short", "A disgraceful stunt."))
    assert signal.score == 0 and not signal.spans
    assert "too short" in signal.summary


def test_deterministic(analyzer):
    a = article(SENSATIONAL_TITLE, SENSATIONAL_BODY)
    assert analyzer.analyze(a) == analyzer.analyze(a)
