from __future__ import annotations

import pytest

from newscred.analyzers.base import Analyzer
from newscred.analyzers.genre import hashed_text, score
from newscred.analyzers.hyperpartisan import HyperpartisanAnalyzer
from newscred.article import Article
from newscred.models.hyperpartisan import model_text
from newscred.text import sentences
from tests.conftest import WIRE_BODY, WIRE_TITLE

# Written for these tests.
RANT_TITLE = "The radical left has declared war on your family"
RANT_BODY = (
    "Make no mistake: the radical left and their cheerleaders in the fake news media want to "
    "destroy everything patriots hold dear. They lie, they cheat, and they laugh at hardworking "
    "Americans while they rig the system.\n\n"
    "These corrupt elites will stop at nothing. They are coming for your guns, your church and "
    "your children, and the spineless RINOs in Washington are helping them do it. It is a "
    "disgrace!\n\n"
    "Every freedom-loving American must stand up and fight back before it is too late. Share "
    "this if you agree, because the liberal establishment will never tell you the truth."
)


@pytest.fixture(scope="module")
def analyzer() -> HyperpartisanAnalyzer:
    return HyperpartisanAnalyzer()


def check(analyzer, title, body):
    article = Article(id="t", title=title, body=body)
    return article, analyzer.analyze(article)


def test_follows_the_analyzer_contract(analyzer):
    assert isinstance(analyzer, Analyzer)
    assert analyzer.name == "hyperpartisan" and analyzer.version == "1"
    assert isinstance(analyzer.requires, tuple)


def test_concern_is_the_probability_and_the_summary_says_what_it_is_not(analyzer):
    for title, body in ((WIRE_TITLE, WIRE_BODY), (RANT_TITLE, RANT_BODY)):
        _, signal = check(analyzer, title, body)
        probability = signal.details["probability"]
        assert signal.score == pytest.approx(probability)
        assert signal.details["features"] == {"probability": probability}
        assert "not about whether the claims are true" in signal.summary


def test_a_partisan_rant_scores_above_a_wire_report(analyzer):
    _, wire = check(analyzer, WIRE_TITLE, WIRE_BODY)
    _, rant = check(analyzer, RANT_TITLE, RANT_BODY)
    assert rant.score > 0.5 > wire.score
    assert wire.spans == ()


def test_spans_are_the_most_partisan_whole_sentences(analyzer):
    article, signal = check(analyzer, RANT_TITLE, RANT_BODY)
    assert 1 <= len(signal.spans) <= 3
    whole = {(s.start, s.end) for s in sentences(article.body)}
    for span in signal.spans:
        assert span.part == "body" and span.label == "partisan_sentence"
        assert (span.start, span.end) in whole
        assert span.note.startswith("Wording typical of hyperpartisan articles")
    assert max(s.score for s in signal.spans) == 1.0
    assert [s.start for s in signal.spans] == sorted(s.start for s in signal.spans)


def test_short_text_cannot_be_judged(analyzer):
    _, signal = check(analyzer, "Short", "Far too short to judge.")
    assert signal.score == 0.0
    assert "too short" in signal.summary
    assert signal.details["features"]["probability"] == 0.0


def test_is_deterministic(analyzer):
    _, first = check(analyzer, RANT_TITLE, RANT_BODY)
    hashed_text.cache_clear()
    _, second = check(HyperpartisanAnalyzer(), RANT_TITLE, RANT_BODY)
    assert first == second


def test_run_time_scoring_equals_the_model(analyzer):
    model = analyzer.model
    for title, body in ((WIRE_TITLE, WIRE_BODY), (RANT_TITLE, RANT_BODY)):
        text = model_text(title, body)
        fast = model.probabilities_from_decision(score(model, text).decision)
        assert fast == pytest.approx(model.probabilities(text), abs=1e-9)
