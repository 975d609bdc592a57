"""The optional MiniLM persuasion model: span decoding (always) and the built model (when
it was built with `newscred train persuasion-minilm` and the `transformer` extra is here)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from newscred.analyzers.persuasion import TECHNIQUES, PersuasionAnalyzer
from newscred.article import Article
from newscred.errors import NewscredError
from newscred.models.persuasion_minilm import spans_from_probabilities
from tests.conftest import SENSATIONAL_BODY, SENSATIONAL_TITLE, WIRE_BODY, WIRE_TITLE

LABELS = ["O", "Doubt", "Loaded_Language"]
BUILT = Path(__file__).resolve().parents[2] / "models" / "persuasion-minilm"


def test_runs_of_pieces_become_spans_with_the_heaviest_technique():
    offsets = [(0, 0), (0, 4), (5, 9), (10, 14), (15, 19), (0, 0)]
    probs = np.array([
        [0.9, 0.05, 0.05],  # [CLS]: never inside
        [0.2, 0.1, 0.7],
        [0.3, 0.5, 0.2],
        [0.9, 0.05, 0.05],
        [0.1, 0.8, 0.1],
        [0.1, 0.1, 0.8],  # [SEP]: empty offsets, never inside
    ])
    spans = spans_from_probabilities(offsets, probs, LABELS, 0.5, base=100)
    assert [(s.start, s.end, s.technique) for s in spans] == [
        (100, 109, "Loaded_Language"), (115, 119, "Doubt")
    ]
    first = spans[0]  # mass over the run: Loaded_Language 0.9, Doubt 0.6
    assert first.runner_up == "Doubt"
    assert first.probability == pytest.approx(0.75)
    assert first.score == pytest.approx(0.9 / 1.5 * 0.75, abs=1e-4)
    assert spans_from_probabilities(offsets, probs, LABELS, 0.95) == []


def test_missing_model_folder_is_a_coded_error(tmp_path):
    pytest.importorskip("onnxruntime", reason="needs the transformer extra")
    from newscred.models.persuasion_minilm import MiniLMPersuasion

    with pytest.raises(NewscredError) as error:
        MiniLMPersuasion(tmp_path)
    assert error.value.code == "NC200" and "persuasion-minilm" in error.value.hint


@pytest.mark.skipif(not (BUILT / "model.onnx").exists(),
                    reason="the MiniLM model is not built (newscred train persuasion-minilm)")
def test_built_model_through_the_analyzer():
    pytest.importorskip("onnxruntime", reason="needs the transformer extra")
    from newscred.models.persuasion_minilm import MiniLMPersuasion

    analyzer = PersuasionAnalyzer(MiniLMPersuasion(BUILT))
    sensational = analyzer.analyze(Article(id="s", title=SENSATIONAL_TITLE, body=SENSATIONAL_BODY))
    wire = analyzer.analyze(Article(id="w", title=WIRE_TITLE, body=WIRE_BODY))
    assert sensational.score > wire.score
    for span in sensational.spans:
        assert span.label in TECHNIQUES
