"""The bundled examples' genre, as a reader sees it (issue 18): the satire example is
called satire and never scored "reliable"; the opinion column is called opinion and
keeps its score; the news reports are called reporting."""

from __future__ import annotations

import pytest

from newscred.ingest import read_source

from .conftest import EXAMPLES


def _check(pipeline, name: str):
    (record,) = list(read_source(str(EXAMPLES / name)))
    return pipeline.check(record)


def test_the_satire_example_is_called_satire_and_gets_no_score(pipeline):
    report = _check(pipeline, "satire.txt")
    assessment = report.assessment
    assert assessment.genre == "satire"
    assert assessment.abstained and assessment.band != "reliable" and assessment.score is None
    assert assessment.reason.startswith("Satire: written to amuse, not to inform")
    assert report.signal("genre").summary.startswith("Satire:")


def test_the_opinion_column_is_called_opinion_and_keeps_its_score(pipeline):
    report = _check(pipeline, "opinion_column.txt")
    assert report.assessment.genre == "opinion"
    assert not report.assessment.abstained and report.assessment.score is not None


@pytest.mark.parametrize("name", ["wire_report.txt", "local_council.txt"])
def test_the_news_reports_are_called_reporting(pipeline, name):
    report = _check(pipeline, name)
    assert report.assessment.genre == "reporting"
    assert not report.assessment.abstained
