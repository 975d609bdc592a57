"""The SemEval-2020 Task 11 span metrics and prediction files, on hand-made spans."""

from __future__ import annotations

import pytest

from newscred.evaluation.spans import (
    labelled_scores,
    merge,
    read_predictions,
    si_scores,
    strip_span,
    write_predictions,
)


def test_exact_match_scores_one():
    gold = {"1": [(0, 10), (20, 30)]}
    assert si_scores(gold, gold)["f1"] == 1.0


def test_partial_overlap_is_credited_by_length():
    # predicted 0-10 against gold 5-25: overlap 5; P = 5/10, R = 5/20
    scores = si_scores({"1": [(0, 10)]}, {"1": [(5, 25)]})
    assert scores["precision"] == 0.5 and scores["recall"] == 0.25
    assert scores["f1"] == pytest.approx(2 * 0.5 * 0.25 / 0.75, abs=1e-4)


def test_one_long_prediction_covering_two_gold_spans():
    # one span covering both gold spans entirely: R = 1, P = (5 + 5) / 20
    scores = si_scores({"1": [(0, 20)]}, {"1": [(0, 5), (15, 20)]})
    assert scores["recall"] == 1.0 and scores["precision"] == 0.5


def test_overlapping_spans_are_merged_and_missing_articles_count():
    assert merge([(5, 10), (0, 6), (10, 12)]) == [(0, 10), (10, 12)]
    scores = si_scores({"1": [(0, 6), (5, 10)]}, {"1": [(0, 10)], "2": [(0, 4)]})
    assert scores["n_predicted"] == 1 and scores["n_gold"] == 2
    assert scores["precision"] == 1.0 and scores["recall"] == 0.5


def test_labelled_spans_need_the_same_technique():
    gold = {"1": [("Doubt", 0, 10), ("Loaded_Language", 20, 25)]}
    predicted = {"1": [("Doubt", 0, 10), ("Repetition", 20, 25)]}
    scores = labelled_scores(predicted, gold, ["Doubt", "Loaded_Language", "Repetition"])
    assert scores["micro"]["precision"] == 0.5 and scores["micro"]["recall"] == 0.5
    assert scores["Doubt"]["f1"] == 1.0
    assert scores["Loaded_Language"]["recall"] == 0.0
    assert scores["Repetition"]["precision"] == 0.0


def test_strip_span_drops_edge_whitespace():
    text = 'He said " nonsense " today'
    assert text[slice(*strip_span(text, 8, 20))] == '" nonsense "'
    assert strip_span("a   b", 1, 4) == (4, 4)


def test_prediction_file_round_trip(tmp_path):
    spans = {"222": [("Doubt", 5, 9)], "111": [("Loaded_Language", 30, 35), ("Doubt", 0, 12)]}
    path = tmp_path / "pred.txt"
    assert write_predictions(path, spans) == 3
    lines = path.read_text().splitlines()
    assert lines == ["111\tDoubt\t0\t12", "111\tLoaded_Language\t30\t35", "222\tDoubt\t5\t9"]
    assert read_predictions(path) == {
        "111": [("Doubt", 0, 12), ("Loaded_Language", 30, 35)], "222": [("Doubt", 5, 9)]
    }
    bad = tmp_path / "bad.txt"
    bad.write_text("111\t0\t12\n")
    with pytest.raises(ValueError, match="4 tab-separated"):
        read_predictions(bad)
