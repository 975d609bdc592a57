"""The claims analyzer on short articles written for these tests."""

from __future__ import annotations

import pytest

from newscred.analyzers.boilerplate import claim_candidates, is_boilerplate
from newscred.nlp.patterns import dateline_end
from newscred.analyzers.claims import (
    ANONYMOUS_CREDIT, MAX_CLAIMS, THRESHOLD, UNATTRIBUTED_CONCERN, ClaimsAnalyzer,
)
from newscred.article import Article
from newscred.text import sentences
from tests.conftest import SENSATIONAL_BODY, WIRE_BODY, WIRE_TITLE

PLEASANTRIES = (
    "Thank you all very much for coming tonight. It is wonderful to see so many friendly "
    "faces here. Have a lovely evening, everyone, and safe travels home!"
)
ATTRIBUTED = (
    "Crime in the city fell 12 percent last year, the mayor said. "
    "Mayor Ana Ruiz said the city spent $3 million on road repairs in 2022."
)
MIXED = (
    "Unemployment in Bellmoor fell to 3.9 percent in April, the lowest rate since 2000. "
    "The county hired 450 new teachers in 2023, the school board said. "
    "Officials familiar with the talks said the state would cut the budget by 8 percent."
)
FEATURES = {
    "share_checkworthy", "checkworthy_per_100w", "top_probability", "mean_top3_probability",
    "n_claims", "n_claims_unattributed", "n_claims_anonymous", "share_claims_unattributed",
    "share_claims_with_numbers",
}


@pytest.fixture(scope="module")
def analyzer() -> ClaimsAnalyzer:
    return ClaimsAnalyzer()


def article(body: str, title: str = "") -> Article:
    return Article(id="test", title=title, body=body)


def by_text(signal, start: str) -> dict:
    return next(c for c in signal.details["claims"] if c["text"].startswith(start))


def test_contract(analyzer):
    assert analyzer.name == "claims" and analyzer.version == "2"
    assert analyzer.requires == ("model:claims",)


def test_spans_are_valid_claims_inside_the_body(analyzer):
    item = article(WIRE_BODY, WIRE_TITLE)
    signal = analyzer.analyze(item)
    assert 0 < len(signal.spans) <= MAX_CLAIMS
    # the concern is the share of the listed claims without attribution (anonymous: half)
    features = signal.details["features"]
    assert features["n_claims"] == len(signal.spans)
    unattributed = features["n_claims_unattributed"] + ANONYMOUS_CREDIT * features["n_claims_anonymous"]
    assert signal.score == pytest.approx(UNATTRIBUTED_CONCERN * unattributed / len(signal.spans), abs=1e-4)
    for span in signal.spans:
        assert span.part == "body" and span.label == "check-worthy claim"
        assert 0 <= span.start < span.end <= len(item.body)
        assert span.score >= THRESHOLD
        assert "source:" in span.note or "no source named in the article" in span.note
    starts = [span.start for span in signal.spans]
    assert starts == sorted(starts)
    for claim in signal.details["claims"]:
        assert item.body[claim["start"] : claim["end"]] == claim["text"]
        assert set(claim) == {"text", "start", "end", "probability", "numbers", "entities",
                              "attributed_to"}
    figures = [n for c in signal.details["claims"] for n in c["numbers"]]
    assert "$4.2 million" in figures or "6 percent" in figures


def test_attribution_is_found(analyzer):
    signal = analyzer.analyze(article(ATTRIBUTED))
    assert by_text(signal, "Crime in the city")["attributed_to"] == "the mayor"
    named = by_text(signal, "Mayor Ana Ruiz")
    assert "Ana Ruiz" in named["attributed_to"]
    assert named["numbers"] == ["$3 million", "2022"]
    assert signal.score == 0.0  # every listed claim is attributed


def test_quotes_and_pronouns_take_their_speaker(analyzer):
    body = (
        '"Crime fell 12 percent last year. Arrests rose by 400 compared with 2021," the police '
        "chief said at a briefing. Mayor Ana Ruiz said on Monday that the audit was finished. "
        "The city spent $3 million on road repairs in 2022, she said."
    )
    signal = analyzer.analyze(article(body))
    assert by_text(signal, '"Crime fell')["attributed_to"] == "the police chief"
    assert "Ruiz" in by_text(signal, "The city spent")["attributed_to"]


def test_unattributed_and_anonymous_claims_raise_the_concern(analyzer):
    signal = analyzer.analyze(article(MIXED))
    assert by_text(signal, "Unemployment")["attributed_to"] is None
    assert "Bellmoor" in by_text(signal, "Unemployment")["entities"]
    assert by_text(signal, "The county")["attributed_to"] == "the school board"
    assert by_text(signal, "Officials")["attributed_to"].startswith("an unnamed source")
    features = signal.details["features"]
    assert features["n_claims"] == 3.0 and features["n_claims_unattributed"] == 1.0
    assert features["n_claims_anonymous"] == 1.0
    assert signal.score == pytest.approx(0.5 * (1 + 0.5) / 3, abs=1e-4)
    assert "1 names no source" in signal.summary and "unnamed source" in signal.summary
    assert "no source named in the article" in signal.spans[0].note


def test_pleasantries_have_no_claims(analyzer):
    for body in (PLEASANTRIES, "", "Hello."):
        signal = analyzer.analyze(article(body))
        assert signal.spans == () and signal.details["claims"] == []
        assert signal.score == 0.0
        assert signal.summary.startswith("No check-worthy claims")


def test_details_hold_flat_float_features(analyzer):
    for body in (WIRE_BODY, SENSATIONAL_BODY, ""):
        details = analyzer.analyze(article(body)).details
        assert {"claims", "features", "threshold"} <= set(details)
        assert set(details["features"]) == FEATURES
        assert all(isinstance(v, float) for v in details["features"].values())
        assert 0.0 <= details["features"]["share_checkworthy"] <= 1.0


def test_output_is_deterministic(analyzer):
    item = article(WIRE_BODY, WIRE_TITLE)
    first = analyzer.analyze(item).model_dump()
    assert analyzer.analyze(item).model_dump() == first
    assert ClaimsAnalyzer().analyze(item).model_dump() == first


def test_at_most_five_claims(analyzer):
    body = " ".join(
        f"The city of Town{i} spent ${i + 2} million on {i + 10} new buses in 20{10 + i}."
        for i in range(9)
    )
    signal = analyzer.analyze(article(body))
    assert len(signal.spans) == MAX_CLAIMS == len(signal.details["claims"])
    probabilities = [c["probability"] for c in signal.details["claims"]]
    assert probabilities == sorted(probabilities, reverse=True)


# -- issue 13: contact lines, datelines and press-release boilerplate are never claims ------
PRESS_RELEASE = (
    "FOR IMMEDIATE RELEASE\n"
    "April 12, 2025 — The Ardenport Water Authority will spend $4.2 million to upgrade 18 "
    "pumping stations, its board decided on Thursday.\n\n"
    "WASHINGTON (AP) — The city sued the state on Tuesday over $2 million in unpaid water fees.\n\n"
    "The upgrade will cut water outages by 30 percent, director Ruth Okafor said.\n\n"
    "Media Contact: Jane Doe, Ardenport Water Authority, (555) 014-2290, "
    "jane.doe@ardenportwater.example\n"
    "###\n"
    "About Ardenport Water: The authority serves 120,000 residents in three counties and "
    "has cut its debt by $9 million since 2019.\n"
    "Copyright 2025 Ardenport Water Authority. All rights reserved."
)


@pytest.mark.parametrize("text", [
    "Media Contact: Jane Doe, (555) 014-2290", "Press inquiries: press@ardenportwater.example",
    "Jane Doe, Communications Director, 555-014-2290, jane.doe@ardenportwater.example",
    "(555) 014-2290", "https://ardenportwater.example/news", "Visit www.ardenportwater.example for more.",
    "WASHINGTON (AP) —", "ARDENPORT, Ore., April 12, 2025 /PRNewswire/ --", "April 12, 2025 —",
    "April 12, 2025", "FOR IMMEDIATE RELEASE", "###", "-30-",
    "About Ardenport Water: The authority serves 120,000 residents in three counties.",
    "About the Ardenport Water Authority", "Copyright 2025 Ardenport Water Authority.",
    "© 2025 Ardenport Water. All rights reserved.", "Follow us on Facebook and Instagram.",
    "Sign up for our weekly newsletter.",
])
def test_boilerplate_lines(text):
    assert is_boilerplate(text)


@pytest.mark.parametrize("text", [
    "The city sued the state on Tuesday over $2 million in unpaid water fees.",
    "About $7.5 million will come from a state infrastructure fund.",
    "About 40 people attended the meeting on April 12.",
    "Copyright law was at the centre of the case, which cost the firm $3 million.",
    "Residents who sign up for the program will save 10 percent, the authority said.",
    "The report was published on the agency's website, cdc.gov, in March.",
    "Contact tracing found 40 new cases in the county.",
])
def test_reporting_is_not_boilerplate(text):
    assert not is_boilerplate(text)


def test_datelines_are_measured():
    assert dateline_end("WASHINGTON (AP) — The city sued.") == len("WASHINGTON (AP) — ")
    reuters = "NEW YORK, April 12 (Reuters) - "
    assert dateline_end(reuters + "Stocks fell.") == len(reuters)
    assert dateline_end("April 12, 2025 — The board voted.") == len("April 12, 2025 — ")
    assert dateline_end("The board voted on April 12, 2025 — a Saturday.") == 0
    assert dateline_end("Officials — and residents — agreed.") == 0


def test_a_press_release_lists_no_boilerplate_and_strips_datelines(analyzer):
    item = article(PRESS_RELEASE)
    signal = analyzer.analyze(item)
    texts = [c["text"] for c in signal.details["claims"]]
    assert texts and all(item.body[c["start"]:c["end"]] == c["text"] for c in signal.details["claims"])
    for span in signal.spans:
        assert 0 <= span.start < span.end <= len(item.body)
    assert not any(word in text for text in texts for word in (
        "555", "Media Contact", "IMMEDIATE", "About Ardenport", "Copyright", "April 12", "(AP)"))
    sued = by_text(signal, "The city sued the state")
    assert sued["start"] == item.body.index("The city sued the state")
    lede = by_text(signal, "The Ardenport Water Authority will spend")
    assert lede["start"] == item.body.index("The Ardenport Water Authority will spend")
    assert signal.details["candidates"] == 3 < signal.details["sentences"]


def test_candidates_of_plain_and_hard_wrapped_prose_are_the_sentences():
    body = ("The council voted 7-2 on Monday to spend $12 million\nrepairing the bridge, the "
            "county said.\nIt will close for\neight months. Residents can sign up for\nupdates.")
    sents = sentences(body)
    assert claim_candidates(body, sents) == list(sents)


def test_nothing_after_an_end_of_release_mark_is_a_claim():
    body = ("The board approved $4.2 million for 18 pumping stations on Thursday.\n\n###\n\n"
            "The authority serves 120,000 residents and was founded in 1950.")
    assert [c.text for c in claim_candidates(body, sentences(body))] == [
        "The board approved $4.2 million for 18 pumping stations on Thursday."]


def test_an_about_section_is_not_a_claim_even_under_its_own_heading():
    body = ("The board approved $4.2 million for 18 pumping stations on Thursday.\n\n"
            "About Ardenport Water\n\n"
            "The authority serves 120,000 residents. It was founded in 1950.\n\n"
            "Media contacts\nJane Doe\n(555) 014-2290")
    assert [c.text for c in claim_candidates(body, sentences(body))] == [
        "The board approved $4.2 million for 18 pumping stations on Thursday."]
