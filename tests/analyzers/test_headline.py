from __future__ import annotations

import json
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newscred.analyzers.base import Analyzer
from newscred.analyzers.headline import HeadlineAnalyzer
from newscred.article import Article

NEUTRAL_TITLE = "City sues federal government over grant conditions"
SENSATIONAL_TITLE = "WATCH: Angry Cop Blasts the Mayor – His Plot Exposed"
BODY = (
    "The city of Millbrook filed a lawsuit against the federal government on Monday, "
    "saying new grant conditions would cut money for youth programs.\n\n"
    "The city sues over conditions that officials said were added after the budget was "
    "approved. The grant pays for two after-school centres and a summer jobs scheme.\n\n"
    "A police officer spoke at the council meeting about the mayor's decision and said "
    "the department supported the lawsuit. A hearing is set for next month.\n\n"
    "The federal agency that manages the grant did not respond to a request for comment."
)


@pytest.fixture(scope="module")
def analyzer() -> HeadlineAnalyzer:
    return HeadlineAnalyzer()


def check(analyzer: HeadlineAnalyzer, title: str, body: str = BODY):
    article = Article(id="t", title=title, body=body)
    return article, analyzer.analyze(article)


def spans_of(article, signal, label: str) -> list[str]:
    return [article.title[s.start : s.end] for s in signal.spans if s.label == label]


def test_follows_the_analyzer_contract(analyzer):
    assert isinstance(analyzer, Analyzer)
    assert analyzer.name == "headline" and analyzer.version == "2"
    assert isinstance(analyzer.requires, tuple)


def test_sensational_headline_raises_more_concern_than_a_wire_headline(analyzer):
    _, neutral = check(analyzer, NEUTRAL_TITLE)
    _, sensational = check(analyzer, SENSATIONAL_TITLE)
    assert sensational.score > neutral.score
    assert neutral.score < 0.2
    assert "sue" not in " ".join(neutral.details["unsupported_terms"]).lower()


def test_spans_point_at_the_marker_words(analyzer):
    article, signal = check(analyzer, SENSATIONAL_TITLE)
    assert spans_of(article, signal, "bait_prefix") == ["WATCH:"]
    assert {"Angry", "Blasts", "Exposed"} <= set(spans_of(article, signal, "emotive_word"))
    for span in signal.spans:
        assert span.part == "title"
        assert 0 <= span.start < span.end <= len(article.title)
        assert span.note


def test_all_caps_skips_short_acronyms(analyzer):
    article, signal = check(analyzer, "FBI and NASA officials call the U.S. report SHOCKING")
    assert spans_of(article, signal, "all_caps") == ["SHOCKING"]


def test_bracket_tags_exclamations_and_reader_address(analyzer):
    article, signal = check(analyzer, "[Video] You Won't Believe What This Senator Did!")
    assert spans_of(article, signal, "bait_prefix") == ["[Video]"]
    assert spans_of(article, signal, "exclamation") == ["!"]
    assert "You" in spans_of(article, signal, "second_person")
    assert any("Believe" in t for t in spans_of(article, signal, "bait_phrase"))


def test_listicles_questions_superlatives_and_teasers(analyzer):
    article, signal = check(analyzer, "10 things about the most shocking budget ever")
    assert spans_of(article, signal, "listicle") == ["10 things"]
    assert spans_of(article, signal, "superlative") == ["most shocking"]
    article, signal = check(analyzer, "Is this the worst mayor in the state?")
    assert spans_of(article, signal, "question_bait") == [article.title]
    assert spans_of(article, signal, "superlative") == ["worst"]
    article, signal = check(analyzer, "This is what the mayor did next")
    assert spans_of(article, signal, "bait_phrase") == ["This is what"]
    article, signal = check(analyzer, "Mayor unveils a plan to shock you: These changes will")
    assert "These" in spans_of(article, signal, "forward_reference")
    article, signal = check(analyzer, "This week in Millbrook: council approves budget")
    assert spans_of(article, signal, "forward_reference") == []


def test_unsupported_headline_terms_are_flagged(analyzer):
    article, signal = check(analyzer, "Mayor hides secret scandal from voters")
    flagged = spans_of(article, signal, "unsupported_term")
    assert {"hides", "secret", "scandal", "voters"} <= set(flagged)
    assert "Mayor" not in flagged  # "mayor's" appears in the body
    assert signal.details["features"]["lead_support_share"] < 0.5
    _, consistent = check(analyzer, "Millbrook sues federal government over grant conditions")
    assert consistent.details["features"]["lead_support_share"] == 1.0
    assert consistent.details["unsupported_terms"] == []


def test_title_case_does_not_inflate_proper_nouns(analyzer):
    _, title_case = check(analyzer, "City Council Backs Lawsuit Over Grant Conditions")
    _, names = check(analyzer, "Ruiz and Patel back the lawsuit in Millbrook")
    assert title_case.details["features"]["title_case"] == 1.0
    assert title_case.details["features"]["proper_noun_share"] < 0.2
    assert names.details["features"]["title_case"] == 0.0
    assert names.details["features"]["proper_noun_share"] > 0.2


def test_empty_title_and_body_do_not_crash(analyzer):
    _, empty = check(analyzer, "")
    assert empty.score == 0.0 and "No headline" in empty.summary
    _, no_body = check(analyzer, SENSATIONAL_TITLE, body="")
    assert no_body.score > 0 and "too short" in no_body.summary
    assert no_body.details["features"]["body_checked"] == 0.0
    _, full = check(analyzer, SENSATIONAL_TITLE)
    assert set(empty.details["features"]) == set(full.details["features"])
    assert set(no_body.details["features"]) == set(full.details["features"])


@pytest.mark.parametrize("title", [NEUTRAL_TITLE, SENSATIONAL_TITLE, "", "!!!", "Why?"])
def test_features_are_finite_floats_and_details_serialise(analyzer, title):
    _, signal = check(analyzer, title)
    features = signal.details["features"]
    assert 8 <= len(features) <= 20
    assert all(isinstance(v, float) and math.isfinite(v) for v in features.values())
    json.dumps(signal.details)
    assert signal.summary.endswith(".")


def test_is_deterministic():
    article = Article(id="t", title=SENSATIONAL_TITLE, body=BODY)
    first = HeadlineAnalyzer().analyze(article)
    second = HeadlineAnalyzer().analyze(article)
    assert first.model_dump() == second.model_dump()
    assert first.details["clickbait_probability"] > 0


def test_clickbait_model_probability_raises_concern(analyzer):
    article, bait = check(analyzer, "You Won't Believe What This Dog Did Next")
    _, wire = check(analyzer, NEUTRAL_TITLE)
    probability = bait.details["clickbait_probability"]
    assert probability == bait.details["features"]["clickbait_probability"]
    assert probability == round(analyzer.clickbait.probabilities(article.title)["clickbait"], 4)
    assert probability > 0.5 > wire.details["clickbait_probability"]
    assert f"reads like clickbait (model: {min(99, round(100 * probability))}%)" in bait.summary
    assert "clickbait (model" not in wire.summary
    assert bait.score > wire.score
    assert any(s.label == "bait_phrase" for s in bait.spans)  # the rule spans stay


def test_model_alone_raises_concern_and_ignores_casing(analyzer):
    # No rule marker fires here; only the model's reading of the wording does.
    _, lower = check(analyzer, "which disney princess matches the morning coffee order")
    _, title = check(analyzer, "Which Disney Princess Matches The Morning Coffee Order")
    assert lower.details["clickbait_probability"] == title.details["clickbait_probability"]
    assert lower.details["markers"] == {} and lower.details["clickbait_probability"] > 0.5
    assert lower.score > 0.2 and lower.score == title.score
    assert "reads like clickbait (model: 9" in lower.summary


def test_empty_title_skips_the_model(analyzer):
    _, empty = check(analyzer, "")
    assert empty.details["clickbait_probability"] == 0.0
    assert empty.details["features"]["clickbait_probability"] == 0.0


FRAGMENTS = st.sampled_from(
    ["WATCH:", "[Video]", "BREAKING NEWS", "!", "?", " You", " SHOCKING", " this", " These",
     " most", " 10 things", " –", ":", " İ", "\u0301", "\U0001F600", " U.S.", " best"]
)
TEXT = st.lists(st.one_of(FRAGMENTS, st.text(max_size=10)), max_size=20).map("".join)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=TEXT)
def test_any_title_gives_a_valid_signal(analyzer, title):
    article, signal = check(analyzer, title)
    assert all(math.isfinite(v) for v in signal.details["features"].values())
    for span in signal.spans:
        assert span.part == "title" and 0 <= span.start < span.end <= len(article.title)
