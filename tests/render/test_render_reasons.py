"""top_reasons: the signals of highest concern, shared by every renderer."""

from __future__ import annotations

from newscred.render import Reason, top_reasons
from newscred.render.common import score_moves
from newscred.report import Component, Signal


def test_ordered_by_concern_with_points(report):
    reasons = top_reasons(report)
    assert reasons == [
        Reason(name="language", summary=report.signal("language").summary, score=0.72,
               points=-5.0),
        Reason(name="sourcing", summary=report.signal("sourcing").summary, score=0.55,
               points=-3.5),
        Reason(name="headline", summary="Headline mostly matches the body.", score=0.3,
               points=None),
    ]


def test_low_concern_and_outlet_are_not_reasons(report):
    names = [reason.name for reason in top_reasons(report, top=10)]
    assert "claims" not in names  # 0.1 is below the threshold
    assert "outlet" not in names  # shown beside the score, never as a reason for it


def test_top_limits_and_ties_break_by_name(make_report):
    signals = tuple(
        Signal(name=name, version="1", score=0.5, summary=name) for name in ("zeta", "alpha", "mid")
    )
    report = make_report(signals=signals)
    assert [r.name for r in top_reasons(report, top=2)] == ["alpha", "mid"]
    assert top_reasons(report, top=0) == []


def test_threshold_is_inclusive(make_report):
    report = make_report(signals=(Signal(name="genre", version="1", score=0.2, summary="s"),))
    assert [r.name for r in top_reasons(report)] == ["genre"]


def test_score_moves_split_lowered_from_raised_and_name_the_model_groups(report):
    moves = score_moves(report)
    assert [(r.name, r.points) for r in moves.lowered] == [("language", -5.0), ("sourcing", -3.5)]
    assert moves.lowered[0].summary == report.signal("language").summary
    assert moves.lowered[0].score == 0.72
    (wording,) = moves.raised  # style moved it by 0.2 points: not listed
    assert (wording.name, wording.points, wording.score) == ("wording", 4.0, None)
    assert wording.summary.endswith("resemble reliable reporting.")
    assert [r.name for r in score_moves(report, top=1).lowered] == ["language"]


def test_a_group_that_lowered_the_score_says_unreliable_and_abstaining_moves_nothing(
        make_report, abstained):
    report = make_report()
    report = report.model_copy(update={"assessment": report.assessment.model_copy(
        update={"components": (Component(name="style", points=-2.0),)})})
    (style,) = score_moves(report).lowered
    assert style.summary.endswith("resemble unreliable reporting.") and style.score is None
    assert score_moves(abstained).raised == score_moves(abstained).lowered == []
