from __future__ import annotations

import json

import pytest

import newscred
from newscred.analyzers import registered
from newscred.article import Article
from newscred.errors import NewscredError
from newscred.ingest import ArticleInput, RecordError
from newscred.pipeline import Pipeline, PipelineConfig
from newscred.report import BatchError, Report, Signal

from .conftest import SENSATIONAL_BODY, SENSATIONAL_TITLE, WIRE_BODY, WIRE_TITLE

BUILT_INS = ["headline", "language", "sourcing", "persuasion", "claims", "genre", "hyperpartisan", "outlet"]


def test_registry_matches_the_committed_list():
    assert sorted(registered()) == sorted(BUILT_INS)


def test_check_returns_a_full_report(pipeline):
    report = pipeline.check(title=WIRE_TITLE, text=WIRE_BODY)
    assert isinstance(report, Report)
    # no URL and no outlet name: every built-in but `outlet` speaks
    assert [s.name for s in report.signals] == [n for n in BUILT_INS if n != "outlet"]
    assert not report.assessment.abstained
    assert report.assessment.score == round(100 * report.assessment.probability)
    assert {c.name for c in report.assessment.components} <= {*BUILT_INS, "wording", "style"}
    assert report.article.title == WIRE_TITLE
    assert len(report.article.id) == 16
    assert "total_ms" in report.timings
    assert "assessment" in report.model_versions


def test_sensational_scores_below_wire(pipeline):
    wire = pipeline.check(title=WIRE_TITLE, text=WIRE_BODY)
    sensational = pipeline.check(title=SENSATIONAL_TITLE, text=SENSATIONAL_BODY)
    assert sensational.assessment.score < wire.assessment.score
    flagged = [s for s in sensational.signals if s.spans]
    assert len(flagged) >= 3


def test_library_check_function_matches_pipeline(pipeline):
    a = newscred.check(title=WIRE_TITLE, text=WIRE_BODY)
    b = pipeline.check(title=WIRE_TITLE, text=WIRE_BODY)
    assert a.model_dump(exclude={"timings"}) == b.model_dump(exclude={"timings"})


def test_body_alias_and_explicit_id(pipeline):
    report = pipeline.check({"id": "my-1", "title": WIRE_TITLE, "body": WIRE_BODY})
    assert report.article.id == "my-1"


def test_reports_are_deterministic(pipeline):
    first = pipeline.check(title=SENSATIONAL_TITLE, text=SENSATIONAL_BODY)
    second = Pipeline().check(title=SENSATIONAL_TITLE, text=SENSATIONAL_BODY)
    dump = lambda r: json.dumps(r.model_dump(mode="json", exclude={"timings"}), sort_keys=True)  # noqa: E731
    assert dump(first) == dump(second)


def test_short_text_abstains_but_keeps_signals(pipeline):
    report = pipeline.check(title="WATCH: You won't BELIEVE this!", text="The mayor said no.")
    assert report.assessment.abstained
    assert "too short" in report.assessment.reason
    assert report.assessment.score is None and report.assessment.band is None
    assert len(report.signals) == len(BUILT_INS) - 1  # no outlet given
    assert report.signal("headline").score > 0


def test_non_english_abstains(pipeline):
    text = (
        "El ayuntamiento de la ciudad presentó una demanda contra el gobierno federal por las "
        "condiciones de una subvención. La alcaldesa dijo que los fondos pagan a los agentes que "
        "trabajan con las familias todos los días, y que la ley no dice nada sobre la "
        "inmigración. " * 3
    )
    report = pipeline.check(title="Demanda de la ciudad", text=text)
    assert report.article.language == "es"
    assert report.assessment.abstained and "not English" in report.assessment.reason


class Boom:
    name = "boom"
    version = "1"
    requires = ()

    def analyze(self, article: Article) -> Signal:
        raise RuntimeError("kaput")


def test_one_failing_analyzer_is_recorded_and_the_rest_go_on():
    factories = registered()
    pipeline = Pipeline(analyzers=[factories["headline"](), Boom(), factories["sourcing"]()])
    report = pipeline.check(title=WIRE_TITLE, text=WIRE_BODY)
    assert [s.name for s in report.signals] == ["headline", "sourcing"]
    assert report.errors[0].code == "NC202" and "boom" in report.errors[0].message
    assert not report.assessment.abstained


def test_run_keeps_order_and_turns_bad_records_into_errors(pipeline):
    bad = RecordError(record=2, id="x", error=NewscredError("NC106", "line 2 is not JSON"))
    items = [
        ArticleInput(id="a", title=WIRE_TITLE, text=WIRE_BODY),
        bad,
        ArticleInput(id="c", title="No body"),
        ArticleInput(id="d", title=SENSATIONAL_TITLE, text=SENSATIONAL_BODY),
    ]
    results = list(pipeline.run(items))
    assert [type(r).__name__ for r in results] == ["Report", "BatchError", "BatchError", "Report"]
    assert results[1].error.code == "NC106" and results[1].record == 2
    assert results[2].error.code == "NC108" and results[2].record == 3 and results[2].id == "c"


def test_process_pool_gives_the_same_results_in_order(pipeline):
    from newscred.batch import run_batch

    items = [
        ArticleInput(id=str(i), title=WIRE_TITLE if i % 2 else SENSATIONAL_TITLE,
                     text=WIRE_BODY if i % 2 else SENSATIONAL_BODY)
        for i in range(40)
    ]
    items[17] = ArticleInput(id="17")
    serial = list(run_batch(items, pipeline=pipeline, workers=1))
    parallel = list(run_batch(items, pipeline=pipeline, workers=2))
    strip = lambda r: r.model_dump(exclude={"timings"})  # noqa: E731
    assert [strip(r) for r in serial] == [strip(r) for r in parallel]
    assert isinstance(parallel[17], BatchError) and parallel[17].record == 18


def test_config_from_toml(tmp_path):
    path = tmp_path / "newscred.toml"
    path.write_text('analyzers = ["headline", "sourcing"]\nmin_words = 10\n')
    pipeline = Pipeline.from_toml(path)
    assert [a.name for a in pipeline.analyzers] == ["headline", "sourcing"]
    path.write_text('analyzers = ["nope"]\n')
    with pytest.raises(NewscredError) as info:
        Pipeline.from_toml(path)
    assert info.value.code == "NC203" and "nope" in info.value.message
    path.write_text("min_wordz = 3\n")
    with pytest.raises(NewscredError) as info:
        Pipeline.from_toml(path)
    assert "min_wordz" in info.value.message


def test_components_are_signed_points(pipeline):
    report = pipeline.check(title=SENSATIONAL_TITLE, text=SENSATIONAL_BODY)
    points = {c.name: c.points for c in report.assessment.components}
    assert min(points.values()) < 0  # something pulled the score down


def test_pipeline_config_rejects_bad_values():
    with pytest.raises(ValueError):
        PipelineConfig(min_words=0)


def test_run_takes_mappings_and_reports_bad_ones_without_stopping(pipeline):
    results = list(pipeline.run([
        {"id": "bad", "title": "x"},
        {"id": "good", "title": WIRE_TITLE, "text": WIRE_BODY},
        42,
    ]))
    assert [type(r).__name__ for r in results] == ["BatchError", "Report", "BatchError"]
    assert results[0].id == "bad" and results[0].record == 1
    assert results[1].article.id == "good"
    assert results[2].error.code == "NC114" and results[2].record == 3


def _render_all(report) -> dict[str, str]:
    from rich.console import Console

    from newscred.render import render_html, render_markdown, render_terminal

    console = Console(record=True, width=200, force_terminal=False)
    render_terminal([report], console)
    return {"text": console.export_text(), "markdown": render_markdown([report]),
            "html": render_html([report])}


def test_satire_is_never_scored_as_reporting(pipeline):
    """A piece the genre signal calls satire: the assessment abstains, says why, and
    every output leads with it (a threshold of 0 calls every piece satire)."""
    genre = next(a for a in pipeline.analyzers if a.name == "genre")
    old = genre.satire_threshold
    genre.satire_threshold = 0.0
    try:
        report = pipeline.check(title=WIRE_TITLE, text=WIRE_BODY)
    finally:
        genre.satire_threshold = old
    assessment = report.assessment
    assert assessment.genre == "satire" and assessment.abstained
    assert assessment.score is None and assessment.band is None
    assert assessment.reason.startswith("Satire: written to amuse, not to inform.")
    assert "threshold 0.00" in assessment.reason
    for fmt, out in _render_all(report).items():
        assert "Satire: written to amuse, not to inform" in out, fmt
        assert "/100" not in out, fmt


def test_opinion_is_labelled_beside_the_score_and_not_marked_down(pipeline):
    plain = pipeline.check(title=WIRE_TITLE, text=WIRE_BODY)
    genre = next(a for a in pipeline.analyzers if a.name == "genre")
    old = genre.opinion_threshold, genre.satire_threshold
    genre.opinion_threshold, genre.satire_threshold = 0.0, 1.01
    try:
        probs = next(s for s in plain.signals if s.name == "genre").details["probabilities"]
        if max(probs, key=probs.get) != "opinion":  # the call needs opinion to lead
            label = pipeline.check(title="Opinion: " + WIRE_TITLE, text=WIRE_BODY)
        else:
            label = pipeline.check(title=WIRE_TITLE, text=WIRE_BODY)
    finally:
        genre.opinion_threshold, genre.satire_threshold = old
    assert label.assessment.genre == "opinion" and not label.assessment.abstained
    assert label.assessment.score is not None
    for fmt, out in _render_all(label).items():
        assert f"{label.assessment.score}/100" in out, fmt
        assert "Being opinion does not lower the score" in " ".join(out.split()), fmt


def test_a_satire_assessment_must_abstain():
    from pydantic import ValidationError

    from newscred.report import Assessment

    with pytest.raises(ValidationError, match="satire is not scored"):
        Assessment(score=80, probability=0.8, band="reliable", confidence=0.6,
                   abstained=False, genre="satire")
    assert Assessment(score=None, probability=None, band=None, confidence=0.0, abstained=True,
                      reason="Satire: …", genre="satire").genre == "satire"
