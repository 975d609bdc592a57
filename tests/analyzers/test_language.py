from __future__ import annotations

import json
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newscred.analyzers.base import Analyzer
from newscred.analyzers.language import LanguageAnalyzer
from newscred.article import Article
from newscred.text import sentences

NEUTRAL = (
    "The county board voted 5-2 on Thursday to extend library hours at three branches. "
    "The change adds about 12 hours a week and costs $180,000 a year, according to the "
    "budget office. Branches in Oakfield and Riverside will open on Sundays starting in "
    "May. The board also approved a contract for new roof repairs at the main library, "
    "which was built in 1968. Staff will post the new schedules online next week."
)
LOADED = (
    "Make no mistake: the county board's disgraceful vote is an outrageous betrayal of "
    "every taxpayer. The board clearly wants to bury the real reason behind this reckless "
    "scheme. What they don't want you to know is that your family will pay for it! "
    "Frankly, these board members should be ashamed of themselves. It is absolutely "
    "shameful, and it will only get worse before it's too late. In my view, the board has "
    "lost its way."
)
QUOTED = (
    "The county board voted 5-2 on Thursday to extend library hours at three branches. "
    '"This is a disgraceful, shameful betrayal of every taxpayer," said board member '
    'Ana Ruiz, who voted against it. "They should be ashamed of this outrageous vote." '
    "The change adds about 12 hours a week and costs $180,000 a year, according to the "
    "budget office. Branches in Oakfield and Riverside will open on Sundays in May."
)
WRITER = QUOTED.replace('"This is a disgraceful', "This is a disgraceful").replace(
    'taxpayer," said', "taxpayer, said").replace('"They should', "They should").replace(
    'vote." ', "vote. ")


@pytest.fixture(scope="module")
def analyzer() -> LanguageAnalyzer:
    return LanguageAnalyzer()


def check(analyzer: LanguageAnalyzer, body: str):
    article = Article(id="t", title="Board extends library hours", body=body)
    return article, analyzer.analyze(article)


def test_follows_the_analyzer_contract(analyzer):
    assert isinstance(analyzer, Analyzer)
    assert analyzer.name == "language" and analyzer.version == "1"
    assert isinstance(analyzer.requires, tuple)


def test_loaded_writing_raises_more_concern_than_neutral_writing(analyzer):
    _, neutral = check(analyzer, NEUTRAL)
    _, loaded = check(analyzer, LOADED)
    assert loaded.score > neutral.score
    assert not neutral.spans
    intensity = "mean_intensity"
    assert loaded.details["features"][intensity] > neutral.details["features"][intensity]
    assert "Neutral wording" in neutral.summary


def test_spans_are_whole_sentences_with_cue_notes(analyzer):
    article, signal = check(analyzer, LOADED)
    whole = {(s.start, s.end) for s in sentences(article.body)}
    labels = {s.label for s in signal.spans}
    assert {"speculation", "moralising", "opinion"} <= labels
    for span in signal.spans:
        assert span.part == "body" and (span.start, span.end) in whole
        assert span.note
    speculation = next(s for s in signal.spans if s.label == "speculation")
    assert "clearly wants to" in speculation.note
    assert "clearly wants to" in article.body[speculation.start : speculation.end]
    assert any("Make no mistake" in s.note for s in signal.spans)


def test_quoted_loaded_words_are_discounted(analyzer):
    _, quoted = check(analyzer, QUOTED)
    _, writer = check(analyzer, WRITER)
    assert quoted.score < writer.score
    assert quoted.details["quoted_counts"].get("moralising", 0) >= 2
    assert quoted.details["writer_counts"].get("moralising", 0) == 0
    assert writer.details["writer_counts"].get("moralising", 0) >= 2
    assert not any(s.label == "moralising" for s in quoted.spans)
    assert quoted.details["features"]["quoted_word_share"] > 0


def test_fear_opinion_hedges_and_address(analyzer):
    body = (
        "I think the plan might possibly work, but it is unclear how. In my view the "
        "council should wait. Criminals could be walking free in your neighborhood tonight. "
        "The plan reportedly costs $2 million, and officials said it would likely pass. "
        "Officials in the US will review it next year, and a vote is set for June."
    )
    article, signal = check(analyzer, body)
    labels = [s.label for s in signal.spans]
    assert "opinion" in labels and "fear_appeal" in labels
    features = signal.details["features"]
    assert features["hedge_per_100w"] > 0
    assert features["second_person_per_100w"] > 0
    # "US" (the country) is not the first-person "us": only "I" and "my" count.
    assert signal.details["writer_counts"]["first_person"] == 2


def test_spans_are_capped_at_the_strongest_sentences(analyzer):
    _, signal = check(analyzer, " ".join([LOADED] * 6))
    assert len(signal.spans) <= 12
    assert signal.details["flagged_sentences"] > 12


@pytest.mark.parametrize("body", ["", "Too short.", "   \n\n  "])
def test_short_or_empty_body_does_not_crash(analyzer, body):
    _, signal = check(analyzer, body)
    assert signal.score == 0.0 and "too short" in signal.summary
    _, full = check(analyzer, LOADED)
    assert set(signal.details["features"]) == set(full.details["features"])


@pytest.mark.parametrize("body", [NEUTRAL, LOADED, QUOTED, "“" + NEUTRAL, NEUTRAL + ' "open'])
def test_features_are_finite_floats_and_details_serialise(analyzer, body):
    article, signal = check(analyzer, body)
    features = signal.details["features"]
    assert 8 <= len(features) <= 20
    assert all(isinstance(v, float) and math.isfinite(v) for v in features.values())
    json.dumps(signal.details)
    for span in signal.spans:
        assert 0 <= span.start < span.end <= len(article.body)


def test_is_deterministic():
    article = Article(id="t", title="", body=LOADED + "\n\n" + QUOTED)
    first = LanguageAnalyzer().analyze(article)
    second = LanguageAnalyzer().analyze(article)
    assert first.model_dump() == second.model_dump()


FRAGMENTS = st.sampled_from(
    ['"', "“", "”", ",", ".", "!", "\n\n", " I think", " you", " SHOCKING", " disgraceful",
     " clearly wants to", " should be ashamed", " your family", " very", " İ", "\u0301",
     "\U0001F600", " ARDENPORT —", " US"]
)
TEXT = st.lists(st.one_of(FRAGMENTS, st.text(max_size=12)), max_size=80).map("".join)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=TEXT)
def test_any_text_gives_a_valid_signal(analyzer, body):
    article, signal = check(analyzer, body)
    assert all(math.isfinite(v) for v in signal.details["features"].values())
    whole = {(s.start, s.end) for s in sentences(article.body)}
    for span in signal.spans:
        assert (span.start, span.end) in whole


def test_a_loaded_word_heading_an_official_term_is_no_judgement(analyzer):
    filler = ("The board met on Tuesday and voted on the plan. Officials said the vote was "
              "held in public and the minutes were posted the same day. ")
    term = filler + "The declaration lets the county apply for state disaster aid this month."
    judged = filler + "The new parking rules are a disaster for every shop on the street."
    _, plain = check(analyzer, term)
    _, loaded = check(analyzer, judged)
    assert not plain.spans and plain.details["writer_counts"].get("loaded", 0) == 0
    assert loaded.details["writer_counts"].get("loaded", 0) == 1


def test_vader_compound_equals_polarity_scores():
    from newscred.analyzers.language import _Vader

    vader = _Vader()
    for text in ("", "   ", "It was not a good day at all, but the team was GREAT!!!",
                 "Kind of awful 😁", " The horrible, terrible crash killed many? ",
                 "Never so happy :) lol", "No emotion here whatsoever."):
        assert vader.compound(text) == vader.polarity_scores(text)["compound"]
