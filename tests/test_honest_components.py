"""A signal's points move the way its concern does (more concern, fewer points), or the
component says why not. Checked on the bundled examples and on an edited article."""

from __future__ import annotations

import pytest

from newscred.ingest import read_source
from newscred.pipeline import HIGH_CONCERN, LOW_CONCERN, POINTS_NOTE_MIN

from .conftest import EXAMPLES, WIRE_BODY, WIRE_TITLE

SIGNALS_WITH_POINTS = ("headline", "language", "sourcing", "persuasion", "claims")


@pytest.fixture(scope="module")
def examples(pipeline):
    reports = []
    for path in sorted(EXAMPLES.glob("*.txt")):
        (record,) = list(read_source(str(path)))
        reports.append(pipeline.check(record))
    # Every example is scored, except satire, which is never scored as reporting.
    assert all(r.assessment.abstained == (r.assessment.genre == "satire") for r in reports)
    return [r for r in reports if not r.assessment.abstained]


def _pairs(reports, name):
    """(concern, points, note) of signal `name` in each report that scores it."""
    out = []
    for report in reports:
        signal = report.signal(name)
        component = next((c for c in report.assessment.components if c.name == name), None)
        if signal is not None and component is not None:
            out.append((signal.score, component.points, component.note))
    return out


@pytest.mark.parametrize("name", SIGNALS_WITH_POINTS)
def test_points_follow_concern_or_say_why(examples, name):
    for concern, points, note in _pairs(examples, name):
        against = (concern < LOW_CONCERN and points <= -POINTS_NOTE_MIN) or (
            concern >= HIGH_CONCERN and points >= POINTS_NOTE_MIN)
        if against:
            assert note and name in note, (name, concern, points)
        else:
            assert note is None, (name, concern, points, note)


@pytest.mark.parametrize("name", SIGNALS_WITH_POINTS)
def test_the_most_worrying_example_loses_the_most(examples, name):
    pairs = _pairs(examples, name)
    if not pairs:
        pytest.skip(f"the shipped model gives {name} no points of its own")
    assert len({round(c, 2) for c, _, _ in pairs}) >= 2, "the examples should differ in concern"
    most = max(pairs, key=lambda p: p[0])
    least = min(pairs, key=lambda p: p[0])
    assert most[1] < least[1], (name, most, least)


def test_adding_loaded_language_raises_concern_and_costs_points(pipeline):
    loaded = (
        "\n\nThe disgraceful, outrageous scheme is an absolute disaster, a shameful betrayal "
        "by corrupt radicals who are destroying everything decent people hold dear. This "
        "horrifying, catastrophic stunt is a total outrage and a disgusting attack."
    )
    plain = pipeline.check(title=WIRE_TITLE, text=WIRE_BODY)
    edited = pipeline.check(title=WIRE_TITLE, text=WIRE_BODY + loaded)

    def language(report):
        component = next(c for c in report.assessment.components if c.name == "language")
        return report.signal("language").score, component.points

    (c0, p0), (c1, p1) = language(plain), language(edited)
    assert c1 > c0 and p1 < p0
    assert edited.assessment.score < plain.assessment.score
