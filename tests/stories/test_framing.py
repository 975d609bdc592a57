"""Framing across coverage of one event: distinctive terms and the sourcing contrast.

The two articles are written for these tests: a neutral local report quoting three named
officials, and a sensational piece relaying Fox News and repeating loaded words.
"""

from __future__ import annotations

import itertools
import json
import math

import numpy as np
import pytest

import newscred
from newscred.report import Report
from newscred.stories.framing import framing
from newscred.stories.sourcing_contrast import same_person, sourcing_contrast
from newscred.stories.terms import SIGNIFICANT_Z, distinctive_terms, log_odds_z, term_counts

NEUTRAL_TITLE = "Chicago sues federal government over conditions on police grants"
NEUTRAL = (
    "Chicago filed a lawsuit on Monday against the federal government, arguing that new "
    "conditions attached to police grants exceed what Congress authorised. The complaint, "
    "filed in federal court, asks a judge to block the conditions while the case proceeds.\n\n"
    '"We will not let Washington rewrite the terms of grants our residents already paid '
    'for," Mayor Brandon Johnson said at a news conference at City Hall. Johnson said the '
    "city stands to lose about $30 million in grant money this year.\n\n"
    "Police Superintendent Larry Snelling said the grants pay for training, equipment and "
    'violence prevention programmes. "Losing this money would mean fewer officers on the '
    'street and slower response times," Snelling said.\n\n'
    "Illinois Attorney General Kwame Raoul said his office would support the city's lawsuit. "
    '"The conditions are unlawful, and the courts have rejected similar conditions before," '
    "Raoul said in a statement.\n\n"
    "The Justice Department did not respond to a request for comment. A hearing in the "
    "lawsuit is scheduled for next month, and the city expects the court to rule on the "
    "grants before the budget deadline."
)
LOUD_TITLE = "Radical Chicago mayor plots chaos in lawsuit against federal government"
LOUD = (
    "Chicago's radical mayor has launched a lawsuit against the federal government in what "
    "critics call a plot to keep police grants flowing to a sanctuary city in chaos, "
    "according to Fox News.\n\n"
    "The radical lawsuit is the latest plot by Mayor Brandon Johnson to defy federal law, "
    "according to Fox News, which reported that the mayor wants grant money without "
    'conditions. "This is a disgrace," one insider said.\n\n'
    "Streets are descending into chaos while the radical mayor fights the federal government "
    "in court. Critics say the plot will leave police without the grants they need and the "
    "city in chaos. Sources say the radical plot could cost the city far more than the grant "
    "money.\n\n"
    '"We will not let Washington rewrite the terms of grants our residents already paid '
    'for," Johnson told reporters.\n\n'
    "The lawsuit will be heard in federal court next month, and the radical mayor is "
    "expected to lose."
)
LOADED = ("radical", "chaos", "plot")


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    return {"neutral": f"{NEUTRAL_TITLE}\n\n{NEUTRAL}", "loud": f"{LOUD_TITLE}\n\n{LOUD}"}


@pytest.fixture(scope="module")
def reports() -> list[Report]:
    return [
        newscred.check(id="neutral", title=NEUTRAL_TITLE, text=NEUTRAL),
        newscred.check(id="loud", title=LOUD_TITLE, text=LOUD),
    ]


def _all_z(texts: dict[str, str], **options) -> dict[str, dict[str, float]]:
    """Every term's z for every article that uses it (no threshold, no cap)."""
    found = distinctive_terms(texts, top=10**6, min_count=1, min_z=-math.inf, **options)
    return {k: {t.term: t.z for t in v} for k, v in found.items()}


def _norm(text: str) -> str:
    return " ".join(text.replace("-", " ").split()).lower().replace("’", "'")


# ---------------------------------------------------------------------------- terms


def test_loaded_words_distinguish_the_sensational_article(texts):
    found = distinctive_terms(texts)
    loud = {t.term for t in found["loud"]}
    neutral = {t.term for t in found["neutral"]}
    for word in LOADED:
        assert word in loud
        assert word not in neutral
    assert "fox news" in loud  # a phrase, listed instead of its words
    assert "fox" not in loud and "news" not in loud
    top = found["loud"][0]
    assert top.term == "radical" and top.other_count == 0 and top.count >= 6


def test_neutral_article_has_its_own_terms(texts):
    neutral = distinctive_terms(texts)["neutral"]
    assert neutral, "the neutral report should over-use something"
    assert all(t.term not in LOADED for t in neutral)
    assert "conditions" in {t.term for t in neutral}


def test_word_used_equally_is_not_distinctive(texts):
    counts = {k: term_counts(v) for k, v in texts.items()}
    equal = [w for w in counts["neutral"] if " " not in w
             and counts["neutral"][w] == counts["loud"][w] >= 2]
    assert "chicago" in equal
    assert abs(_all_z(texts)["loud"]["chicago"]) < 0.5
    found = distinctive_terms(texts)
    z = _all_z(texts)
    for word in equal:
        assert all(word != t.term for side in found.values() for t in side)
        for side in ("neutral", "loud"):
            # (absent when folded into a phrase of the same count, e.g. "grant money")
            assert abs(z[side].get(word, 0.0)) < 0.5


def test_scores_are_finite_sorted_and_consistent(texts):
    for terms in distinctive_terms(texts, min_z=-math.inf, min_count=1, top=50).values():
        assert terms
        zs = [t.z for t in terms]
        assert all(math.isfinite(z) for z in zs)
        assert zs == sorted(zs, reverse=True)
        for a, b in itertools.pairwise(terms):
            assert a.z > b.z or a.term < b.term  # ties broken by term
        for t in terms:
            assert t.significant == (t.z >= SIGNIFICANT_Z)
    for terms in distinctive_terms(texts).values():
        assert all(t.z >= 1.0 and t.count >= 2 for t in terms)
        assert len(terms) <= 10


def test_one_vs_rest_is_antisymmetric_for_two_articles(texts):
    z = _all_z(texts)
    shared = set(z["neutral"]) & set(z["loud"])
    assert shared
    # With two texts the "rest" of one is the other: over-use by one is under-use by the other.
    for term in shared:
        assert z["neutral"][term] == pytest.approx(-z["loud"][term], abs=1e-9)


def test_spans_slice_the_text_to_the_term(texts):
    for article_id, terms in distinctive_terms(texts, min_count=1, min_z=0.0, top=40).items():
        text = texts[article_id]
        for t in terms:
            assert 0 < len(t.spans) <= min(t.count, 5)
            assert list(t.spans) == sorted(t.spans)
            for start, end in t.spans:
                assert _norm(text[start:end]) == t.term
    radical = next(t for t in distinctive_terms(texts)["loud"] if t.term == "radical")
    assert texts["loud"][radical.spans[0][0] : radical.spans[0][1]] == "Radical"


def test_tokens_drop_stopwords_numbers_and_cross_sentence_phrases():
    counts = term_counts(
        "The Mayor's plan costs $30 million. Chaos follows. Chaos, again; far-right anger."
    )
    assert counts["mayor"] == 1 and "mayor's" not in counts  # possessive folded
    assert "the" not in counts and "30" not in counts
    assert counts["plan costs"] == 1 and counts["far right"] == 1
    assert "million chaos" not in counts  # across a sentence
    assert "chaos again" not in counts  # across a comma
    assert "mayor plan" not in counts  # across the possessive
    assert counts["chaos"] == 2


def test_background_that_makes_a_word_common_lowers_its_z(texts):
    plain = _all_z(texts)["loud"]
    background = {"radical": 400, "court": 200, "city": 300}
    shrunk = _all_z(texts, background=background)["loud"]
    assert shrunk["radical"] < plain["radical"]
    assert shrunk["radical"] > 0  # still over-used, with less evidence for it
    # A background about other words leaves the results unchanged.
    unrelated = _all_z(texts, background={"zebra": 10, "quasar": 5})
    assert unrelated["loud"] == pytest.approx(plain)
    # No longer the top term: the background ranks it below the other loaded words.
    ranked = [t.term for t in distinctive_terms(texts, background=background)["loud"]]
    assert ranked[0] != "radical"
    assert "radical" not in ranked or ranked.index("chaos") < ranked.index("radical")


def test_prior_strength_shrinks_scores(texts):
    weak = _all_z(texts, prior_tokens=50.0)["loud"]["radical"]
    strong = _all_z(texts, prior_tokens=5000.0)["loud"]["radical"]
    assert 0 < strong < weak
    with pytest.raises(ValueError):
        distinctive_terms(texts, prior_tokens=0.0)


def test_three_articles_compare_each_with_the_rest(texts):
    third = (
        "Chicago officials filed suit over federal grant conditions. A judge will hear the "
        "case next month. City lawyers said the grant conditions were unlawful and the grants "
        "should be restored. The conditions affect police training grants."
    )
    found = distinctive_terms({**texts, "brief": third})
    assert set(found) == {"neutral", "loud", "brief"}
    assert {"radical", "chaos", "plot"} <= {t.term for t in found["loud"]}


@pytest.mark.parametrize(
    "sample",
    [
        {},
        {"a": ""},
        {"a": "chaos"},
        {"a": "", "b": ""},
        {"a": "chaos", "b": ""},
        {"a": "chaos", "b": "chaos"},
        {"a": "chaos", "b": "plot"},
        {"a": "the of and", "b": "42 17"},
        {"a": "Radical radical radical chaos.", "b": "   "},
    ],
)
def test_empty_and_tiny_texts_do_not_crash(sample):
    found = distinctive_terms(sample)
    assert set(found) == set(sample)
    for terms in found.values():
        assert all(math.isfinite(t.z) for t in terms)
    assert all(not terms for terms in found.values()) or len(sample) >= 2


def test_log_odds_z_edge_cases():
    assert not log_odds_z(np.zeros((2, 3))).any()
    assert not log_odds_z(np.array([[3.0, 1.0]])).any()  # one article: nothing to compare
    z = log_odds_z(np.array([[5.0, 5.0, 0.0], [5.0, 5.0, 5.0]]))
    assert np.isfinite(z).all()
    assert z[1, 2] > 0 > z[0, 2]
    with pytest.raises(ValueError):
        log_odds_z(np.ones((2, 2)), prior=np.array([1.0]))


# ---------------------------------------------------------------------------- sourcing


def test_same_person():
    assert same_person("Mayor Brandon Johnson", "Johnson")
    assert same_person("Brandon Johnson", "Mayor Brandon Johnson")
    assert same_person("johnson", "JOHNSON")
    assert same_person("Illinois Attorney General Kwame Raoul", "Kwame Raoul")
    assert not same_person("Boris Johnson", "Brandon Johnson")
    assert not same_person("Mayor Brandon Johnson", "Larry Snelling")
    assert not same_person("", "")


def test_sourcing_contrast(reports):
    sides = sourcing_contrast(reports)
    assert set(sides) == {"neutral", "loud"}
    neutral, loud = sides["neutral"], sides["loud"]
    assert any(same_person(q, "Brandon Johnson") for q in neutral.quoted)
    assert any(same_person(q, "Larry Snelling") for q in neutral.quoted)
    assert any(same_person(q, "Kwame Raoul") for q in neutral.quoted)
    assert neutral.relayed == () and neutral.anonymous == 0
    assert "Fox News" in loud.relayed
    assert "Fox News" not in neutral.relayed
    assert loud.anonymous >= 2
    # Only the neutral report quotes the superintendent and the attorney general.
    assert any(same_person(q, "Snelling") for q in neutral.quoted_only_here)
    assert any(same_person(q, "Raoul") for q in neutral.quoted_only_here)
    # Both quote the mayor (the loud piece by surname alone), so he is shared on both sides.
    assert any(same_person(q, "Johnson") for q in neutral.quoted_elsewhere_too)
    assert any(same_person(q, "Johnson") for q in loud.quoted_elsewhere_too)
    assert set(neutral.quoted) == set(neutral.quoted_only_here) | set(neutral.quoted_elsewhere_too)
    for report, side in zip(reports, (neutral, loud)):
        for span in side.spans:
            assert 0 <= span["start"] < span["end"] <= len(report.article.body)
    fox = [s for s in loud.spans if s["label"] == "relayed_outlet"]
    assert fox and all(s["who"] == "Fox News" for s in fox)
    assert "Fox News" in reports[1].article.body[fox[0]["start"] : fox[0]["end"]]


def test_sourcing_contrast_without_a_signal_and_repeated_ids(reports):
    short = newscred.check(id="short", text="Chaos.")
    sides = sourcing_contrast([reports[0], short, reports[0]])
    assert list(sides) == ["neutral", "short", "neutral-2"]
    assert sides["short"].quoted == () and sides["short"].relayed == ()
    # The same article twice: each copy's speakers are quoted "elsewhere" (by the other).
    assert sides["neutral"].quoted_only_here == ()


# ---------------------------------------------------------------------------- together


def test_framing_is_json_ready_and_deterministic(reports):
    block = framing(reports)
    assert block == framing(reports)
    assert json.loads(json.dumps(block)) == block
    assert isinstance(block["method"], str) and "Monroe" in block["method"]
    assert list(block["articles"]) == ["neutral", "loud"]
    loud = block["articles"]["loud"]
    keys = {"title", "outlet", "terms", "quoted", "attributed_only", "relayed", "anonymous",
            "quoted_only_here", "quoted_elsewhere_too", "sourcing_spans"}
    assert set(loud) == keys
    assert {t["term"] for t in loud["terms"]} >= set(LOADED)
    assert "Fox News" in loud["relayed"]
    assert any(same_person(q, "Johnson") for q in block["articles"]["neutral"]["quoted"])
    assert set(loud["terms"][0]) == {"term", "z", "count", "other_count", "significant", "spans"}


def test_framing_spans_map_to_title_and_body(reports):
    block = framing(reports, top=20)
    by_id = {r.article.id: r.article for r in reports}
    seen_title = False
    for article_id, entry in block["articles"].items():
        article = by_id[article_id]
        for term in entry["terms"]:
            for span in term["spans"]:
                text = article.title if span["part"] == "title" else article.body
                assert _norm(text[span["start"] : span["end"]]) == term["term"]
                seen_title |= span["part"] == "title"
        for span in entry["sourcing_spans"]:
            assert span["part"] == "body" and span["end"] <= len(article.body)
    assert seen_title


def test_framing_of_one_or_no_report(reports):
    assert framing([]) == {"method": framing([])["method"], "articles": {}}
    single = framing(reports[:1])["articles"]["neutral"]
    assert single["terms"] == []
    assert single["quoted_elsewhere_too"] == []
