"""The persuasion signal on articles written for the tests."""

from __future__ import annotations

import numpy as np
import pytest

from newscred.analyzers.persuasion import TECHNIQUES, PersuasionAnalyzer
from newscred.article import Article
from newscred.models.persuasion import TechniqueSpan
from newscred.models.persuasion_display import NUMERIC, DisplayModel
from newscred.render import render_markdown
from newscred.render.segments import marks_for
from newscred.report import Assessment, Report
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


# -- shown and not shown (issue 13) ---------------------------------------------------------


class _StubModel:
    """Fixed spans; a display model whose estimate is sigmoid(10 × score − 5), so a span
    is shown when its score reaches 0.5."""

    version = "stub"
    sha256 = "0" * 64

    def __init__(self, text: str, display: DisplayModel | None) -> None:
        self.techniques = list(TECHNIQUES)
        self.display = display
        self._found = [
            TechniqueSpan("Loaded_Language", *_at(text, "disgraceful stunt"), 0.8, 0.9),
            TechniqueSpan("Doubt", *_at(text, "sources say"), 0.3, 0.6),
            TechniqueSpan("Bandwagon,Reductio_ad_hitlerum", *_at(text, "Make no mistake"), 0.2, 0.5),
        ]

    def predict(self, text: str) -> list[TechniqueSpan]:
        return list(self._found)


def _at(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def _display() -> DisplayModel:
    coef = np.zeros(len(NUMERIC) + len(TECHNIQUES))
    coef[NUMERIC.index("score")] = 10.0
    return DisplayModel(techniques=tuple(TECHNIQUES), coef=coef, intercept=-5.0,
                        threshold=0.5, metrics={})


def test_spans_below_the_display_threshold_are_kept_but_not_shown():
    a = article(SENSATIONAL_TITLE, SENSATIONAL_BODY)
    text = f"{a.title}\n\n{a.body}"
    signal = PersuasionAnalyzer(_StubModel(text, _display())).analyze(a)
    assert [(s.label, s.shown) for s in signal.spans] == [
        ("Loaded_Language", True), ("Doubt", False), ("Bandwagon,Reductio_ad_hitlerum", False)]
    assert signal.details["display"] == {
        "threshold": 0.5, "shown": 1, "not_shown": 2, "shown_techniques": {"Loaded_Language": 1}}
    assert signal.summary.startswith("1 span of persuasion techniques highlighted, most often "
                                     "Loaded Language (1); 2 less certain spans below the "
                                     "display threshold are not highlighted.")
    # the concern and the assessment's features count every span, shown or not
    everything = PersuasionAnalyzer(_StubModel(text, None)).analyze(a)
    assert all(s.shown for s in everything.spans)
    assert everything.details["display"]["threshold"] is None
    assert signal.score == everything.score
    assert signal.details["features"] == everything.details["features"]
    assert signal.details["techniques"] == everything.details["techniques"]
    assert "below the display threshold" not in everything.summary
    # and no renderer highlights the hidden ones
    report = Report(article=a, signals=(signal,), assessment=Assessment(
        score=None, probability=None, band=None, confidence=0.0, abstained=True, reason="test"))
    assert {m.span.label for m in marks_for(report, "body")} == {"Loaded_Language"}
    assert "Make no mistake" not in render_markdown([report]).split("### Flagged spans")[1].split("###")[0]


def test_nothing_shown_says_so():
    a = article(SENSATIONAL_TITLE, SENSATIONAL_BODY)
    display = _display()
    display = DisplayModel(techniques=display.techniques, coef=display.coef,
                           intercept=display.intercept, threshold=0.99, metrics={})
    signal = PersuasionAnalyzer(_StubModel(f"{a.title}\n\n{a.body}", display)).analyze(a)
    assert not any(s.shown for s in signal.spans) and len(signal.spans) == 3
    assert signal.summary.startswith("No persuasion technique is certain enough to highlight; "
                                     "3 less certain spans below the display threshold")


def test_the_shipped_display_threshold_decides_what_is_shown(analyzer):
    a = article(SENSATIONAL_TITLE, SENSATIONAL_BODY)
    signal = analyzer.analyze(a)
    display = analyzer.model.display
    text = f"{a.title}\n\n{a.body}"
    found = analyzer.model.predict(text)
    estimates = display.estimates(text, found, title_end=len(a.title))
    offset = len(a.title) + 2
    expected = {}
    for f, e in zip(found, estimates):
        key = ("title", f.start, f.end) if f.end <= len(a.title) else ("body", f.start - offset, f.end - offset)
        expected[key] = e >= display.threshold
    assert {(s.part, s.start, s.end): s.shown for s in signal.spans} == expected
    assert signal.details["display"]["threshold"] == display.threshold
    assert 0 < signal.details["display"]["shown"] < len(signal.spans)
