"""Style features, and the features the assessment treats as missing."""

from __future__ import annotations

import math

from newscred.models.features import assessment_features
from newscred.models.style import style_features, syllables

BODY = (
    'The council voted 7-2 on Tuesday to approve the budget. "We listened to residents," '
    "said Mayor Lena Ortiz. The plan adds two bus routes and repairs the library roof. "
    "Critics said the tax rise was too steep. The vote followed three public hearings. "
) * 4


def test_counts_follow_the_text():
    plain = style_features("Council approves budget", BODY)
    shouted = style_features("WATCH: Council Approves SHOCKING Budget!", BODY + " Really?! Wow!")
    assert plain["style.title_words"] == 3
    assert shouted["style.title_allcaps_share"] > plain["style.title_allcaps_share"] == 0
    assert shouted["style.title_capitalised_share"] == 1.0
    assert shouted["style.exclaim_question_per_100w"] > plain["style.exclaim_question_per_100w"] == 0
    assert plain["style.quotes_per_100w"] > 0 and plain["style.reporting_words_per_100w"] > 0
    assert math.isclose(plain["style.log_body_words"], math.log1p(len(BODY.split())), rel_tol=0.05)
    assert 0 < plain["style.type_token_ratio"] <= 1


def test_syllables():
    assert [syllables(w) for w in ("cat", "table", "library", "the")] == [1, 2, 3, 1]


def test_stripped_casing_and_punctuation_are_missing_not_zero():
    stripped = "".join(c for c in BODY.lower() if c.isalnum() or c.isspace())
    features = style_features("council approves budget", stripped)
    for name in ("title_capitalised_share", "body_capitalised_share", "quotes_per_100w",
                 "exclaim_question_per_100w", "words_per_sentence", "flesch_kincaid_grade"):
        assert features[f"style.{name}"] is None, name
    assert features["style.log_body_words"] is not None  # length survives stripping
    assert style_features("Council approves budget", BODY)["style.quotes_per_100w"] is not None


def test_assessment_features_blank_what_the_text_cannot_carry(pipeline):
    stripped = "".join(c for c in BODY.lower() if c.isalnum() or c.isspace())
    report = pipeline.check(title="", text=stripped)
    features = assessment_features(report.signals, report.article.title, report.article.body)
    assert all(v is None for k, v in features.items() if k.startswith(("headline.", "style.title")))
    assert all(v is None for k, v in features.items() if k.startswith(("sourcing.", "claims.")))
    full = pipeline.check(title="Council approves budget", text=BODY)
    features = assessment_features(full.signals, full.article.title, full.article.body)
    assert features["sourcing.quotes_per_100w"] is not None
    assert features["headline.title_words"] is not None
