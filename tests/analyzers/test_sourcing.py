from __future__ import annotations

import json
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newscred.analyzers.base import Analyzer
from newscred.analyzers.sourcing import SourcingAnalyzer
from newscred.article import Article, Link

SOURCED = (
    "The city of Millbrook will appeal a court ruling that struck down its new parking "
    "rules, officials said on Friday.\n\n"
    '"We will appeal this ruling because the rules protect people who live downtown," '
    "said Mayor Ana Ruiz at a news conference.\n\n"
    'Council member Tom Baker, who voted against the rules, said he was pleased. "The court '
    'agreed with the small businesses that told us the rules went too far," Baker said.\n\n'
    "Ruiz said the appeal would be filed within 30 days. “The council has already set "
    "aside money for the legal costs,” she said.\n\n"
    "According to the court filing, the judge found that the city had not held the hearings "
    "that state law requires."
)
RELAYED = (
    "According to Fox News, the mayor's parking plan is collapsing. As reported by Reuters, "
    "the city is preparing to appeal, and sources say the council is split.\n\n"
    "CNN reported that other towns may follow. Officials familiar with the talks said the "
    "mayor was furious. A staff member who asked not to be named described the mood as "
    "tense. The parking plan has been debated for months and nobody knows what happens "
    "next. Many people think the rules were never going to survive in court."
)


@pytest.fixture(scope="module")
def analyzer() -> SourcingAnalyzer:
    return SourcingAnalyzer()


def check(analyzer: SourcingAnalyzer, body: str, **extra):
    article = Article(id="t", title="Millbrook to appeal parking ruling", body=body, **extra)
    return article, analyzer.analyze(article)


def spans_of(article, signal, label: str) -> list[str]:
    return [article.body[s.start : s.end] for s in signal.spans if s.label == label]


def test_follows_the_analyzer_contract(analyzer):
    assert isinstance(analyzer, Analyzer)
    assert analyzer.name == "sourcing" and analyzer.version == "1"
    assert isinstance(analyzer.requires, tuple)


def test_quote_speakers_are_found(analyzer):
    article, signal = check(analyzer, SOURCED)
    details = signal.details
    assert details["quotes"] == 3
    assert details["quoted_speakers"] == ["Mayor Ana Ruiz", "Tom Baker"]
    # "Mayor Ana Ruiz", "Ruiz" and "she" are one source; Baker is the second.
    assert details["named_sources"] == 2
    notes = [s.note for s in signal.spans if s.label == "direct_quote"]
    assert notes[0] == "Quote attributed to Mayor Ana Ruiz"
    assert all("Ruiz" in n or "Baker" in n for n in notes)
    quotes = spans_of(article, signal, "direct_quote")
    assert quotes[0].startswith('"We will appeal') and quotes[-1].startswith("“The council")
    assert details["relayed_outlets"] == [] and details["anonymous_sources"] == 0


def test_speaker_before_the_quote(analyzer):
    body = (
        'Mayor Ana Ruiz said on Friday: "We will appeal this ruling as soon as we can." '
        "The appeal will be filed in the state court of appeals within the next month, and "
        "the council has set aside money for the legal costs of the case this year."
    )
    _, signal = check(analyzer, body)
    assert signal.details["quoted_speakers"] == ["Mayor Ana Ruiz"]


def test_relayed_outlets_and_anonymous_sources(analyzer):
    article, signal = check(analyzer, RELAYED)
    details = signal.details
    assert details["relayed_outlets"] == ["Fox News", "Reuters", "CNN"]
    relayed = spans_of(article, signal, "relayed_outlet")
    assert relayed == ["According to Fox News", "As reported by Reuters", "CNN reported"]
    notes = [s.note for s in signal.spans if s.label == "relayed_outlet"]
    assert notes[0] == "Reporting relayed secondhand from Fox News"
    anonymous = spans_of(article, signal, "anonymous_source")
    assert details["anonymous_sources"] == len(anonymous) >= 4
    assert any("sources say" in a for a in anonymous)
    assert any("Officials familiar with" in a for a in anonymous)
    assert any("asked not to be named" in a for a in anonymous)
    assert details["share_relayed_secondhand"] > 0


def test_relayed_and_anonymous_sourcing_raises_concern(analyzer):
    _, sourced = check(analyzer, SOURCED)
    _, relayed = check(analyzer, RELAYED)
    assert relayed.score > sourced.score
    assert "relayed secondhand from Fox News" in relayed.summary
    assert "nothing relayed secondhand" in sourced.summary


def test_outlet_patterns_and_own_outlet(analyzer):
    body = (
        "The Millbrook Gazette reported on Monday that the council will vote again. The ruling "
        "was first covered in a report by the Daily Beast. A spokesperson told Reuters the "
        "city would comply. The sun was shining when the hill walkers met at noon, and the "
        "independent review panel will publish its findings in June."
    )
    _, signal = check(analyzer, body)
    assert signal.details["relayed_outlets"] == ["Millbrook Gazette", "Daily Beast", "Reuters"]
    _, own = check(analyzer, body, outlet="Reuters")
    assert "Reuters" not in own.details["relayed_outlets"]


def test_short_quotes_are_not_direct_quotes(analyzer):
    body = (
        'The mayor called the ruling "unfair" and promised a "swift" response. The city will '
        "appeal within thirty days, and the council has set aside money for the legal costs, "
        "according to the city budget office."
    )
    _, signal = check(analyzer, body)
    assert signal.details["quotes"] == 0
    assert signal.details["features"]["scare_quotes_per_100w"] > 0


def test_primary_document_links(analyzer):
    links = (
        Link(url="https://www.justice.gov/opa/file/ruling.pdf"),
        Link(url="https://doi.org/10.1000/xyz123"),
        Link(url="https://www.example.com/story"),
    )
    _, signal = check(analyzer, SOURCED, links=links)
    assert signal.details["primary_links"] == [links[0].url, links[1].url]
    assert signal.details["features"]["has_primary_link"] == 1.0
    assert "primary documents" in signal.summary
    _, without = check(analyzer, SOURCED)
    assert signal.score <= without.score


@pytest.mark.parametrize("body", ["", "Officials said no.", "\n\n"])
def test_short_or_empty_body_does_not_crash(analyzer, body):
    _, signal = check(analyzer, body)
    assert signal.score == 0.0 and "too short" in signal.summary
    _, full = check(analyzer, SOURCED)
    assert set(signal.details["features"]) == set(full.details["features"])


@pytest.mark.parametrize("body", [SOURCED, RELAYED, '"' + RELAYED, SOURCED.replace('"', "“")])
def test_features_are_finite_floats_and_spans_inside(analyzer, body):
    article, signal = check(analyzer, body)
    features = signal.details["features"]
    assert 8 <= len(features) <= 20
    assert all(isinstance(v, float) and math.isfinite(v) for v in features.values())
    assert 0.0 <= signal.details["share_claims_attributed"] <= 1.0
    json.dumps(signal.details)
    for span in signal.spans:
        assert span.part == "body" and 0 <= span.start < span.end <= len(article.body)


def test_is_deterministic():
    article = Article(id="t", title="", body=SOURCED + "\n\n" + RELAYED)
    first = SourcingAnalyzer().analyze(article)
    second = SourcingAnalyzer().analyze(article)
    assert first.model_dump() == second.model_dump()


FRAGMENTS = st.sampled_from(
    ['"', "“", "”", "‘", "’", ",", ".", "!", "\n\n", " said", " according to", " Fox News",
     " the Millbrook Gazette reported", " sources say", " who asked not to be named",
     " Mayor Ana Ruiz", " she said", " told CNN", " İ", "\u0301", "\U0001F600", " ARDENPORT —"]
)
TEXT = st.lists(st.one_of(FRAGMENTS, st.text(max_size=12)), max_size=80).map("".join)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=TEXT)
def test_any_text_gives_a_valid_signal(analyzer, body):
    article, signal = check(analyzer, body)
    assert all(math.isfinite(v) for v in signal.details["features"].values())
    for span in signal.spans:
        assert 0 <= span.start < span.end <= len(article.body)
