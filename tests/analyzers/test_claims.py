"""The claims analyzer on short articles written for these tests."""

from __future__ import annotations

import pytest

from newscred.analyzers.claims import MAX_CLAIMS, THRESHOLD, ClaimsAnalyzer
from newscred.article import Article
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
    assert analyzer.name == "claims" and analyzer.version == "1"
    assert analyzer.requires == ("model:claims",)


def test_spans_are_valid_claims_inside_the_body(analyzer):
    item = article(WIRE_BODY, WIRE_TITLE)
    signal = analyzer.analyze(item)
    assert 0 < len(signal.spans) <= MAX_CLAIMS
    assert 0.0 <= signal.score <= 1.0
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
