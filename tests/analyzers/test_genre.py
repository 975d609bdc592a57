from __future__ import annotations

import numpy as np
import pytest

from newscred.analyzers.base import Analyzer
from newscred.analyzers.genre import (
    GenreAnalyzer, hashed_text, opinion_label, score,
)
from newscred.article import Article
from newscred.models.genre import DENSE_NAMES, dense_features, style_text
from newscred.models.hashing import HashedNgrams, HashingConfig
from newscred.models.hyperpartisan import model_text
from newscred.text import sentences
from tests.conftest import WIRE_BODY, WIRE_TITLE

# Written for these tests.
OPINION_TITLE = "Our buses deserve better than this"
OPINION_BODY = (
    "I think the council got this badly wrong, and I say that as someone who has defended "
    "it for years. We should not pretend that a bigger budget fixes a broken process. In my "
    "view the mayor owes residents an apology.\n\n"
    "Frankly, the plan is a mistake. We deserve better than this, and I believe most of my "
    "neighbours agree. The council should scrap the scheme and start again, and it should "
    "listen to the people who actually use the buses.\n\n"
    "I have watched this city waste money on vanity projects before; this is simply the "
    "latest, and it will not be the last unless we demand change. Let's be clear: nobody "
    "asked for a gold-plated bus shelter."
)
SATIRE_TITLE = "Man reads terms and conditions, nation stunned"
SATIRE_BODY = (
    "Area man Gerald Finch, 47, announced Tuesday that he had finally read the terms and "
    "conditions of a phone app, making him the first person in recorded history to do so. "
    "'It was mostly about my soul,' said Finch, who reportedly signed away his firstborn, two "
    "kidneys and the rights to his dreams in exchange for a free flashlight.\n\n"
    "At press time, the nation's lawyers had declared a day of mourning, while tech "
    "executives assured the public that nobody would ever be expected to read anything "
    "again. Sources confirmed Finch's dog has also agreed to the updated privacy policy."
)


@pytest.fixture(scope="module")
def analyzer() -> GenreAnalyzer:
    return GenreAnalyzer()


def check(analyzer, title, body):
    article = Article(id="t", title=title, body=body)
    return article, analyzer.analyze(article)


def test_follows_the_analyzer_contract(analyzer):
    assert isinstance(analyzer, Analyzer)
    assert analyzer.name == "genre" and analyzer.version == "2"
    assert isinstance(analyzer.requires, tuple)


def test_details_and_features(analyzer):
    _, signal = check(analyzer, WIRE_TITLE, WIRE_BODY)
    features = signal.details["features"]
    assert set(features) == {"p_opinion", "p_reporting", "p_satire", "labelled_as_opinion"}
    assert sum(signal.details["probabilities"].values()) == pytest.approx(1.0, abs=1e-3)
    assert signal.details["predicted"] in signal.details["probabilities"]
    assert signal.details["labelled_as_opinion"] is False


def test_an_opinion_column_reads_more_like_opinion_than_a_wire_report(analyzer):
    _, wire = check(analyzer, WIRE_TITLE, WIRE_BODY)
    _, column = check(analyzer, OPINION_TITLE, OPINION_BODY)
    assert column.details["features"]["p_opinion"] > wire.details["features"]["p_opinion"]
    assert wire.details["predicted"] == "reporting"
    assert wire.score < 0.1


def test_a_satire_piece_reads_more_like_satire_than_a_wire_report(analyzer):
    # The model ranks it above the wire report but does not call it satire outright:
    # satire written in a straight-news voice is the hard case (see the Golbeck row).
    _, wire = check(analyzer, WIRE_TITLE, WIRE_BODY)
    _, satire = check(analyzer, SATIRE_TITLE, SATIRE_BODY)
    assert satire.details["features"]["p_satire"] > wire.details["features"]["p_satire"]


def test_unlabelled_opinion_raises_more_concern_than_labelled_opinion(analyzer):
    _, unlabelled = check(analyzer, OPINION_TITLE, OPINION_BODY)
    article, labelled = check(analyzer, "Opinion: " + OPINION_TITLE, OPINION_BODY)
    assert unlabelled.score > labelled.score
    assert "not labelled as opinion" in unlabelled.summary
    assert "labelled as opinion" in labelled.summary
    assert labelled.details["labelled_as_opinion"] is True
    assert labelled.details["features"]["labelled_as_opinion"] == 1.0
    label = [s for s in labelled.spans if s.label == "opinion_label"]
    assert len(label) == 1 and label[0].part == "title"
    assert article.title[label[0].start : label[0].end] == "Opinion"


@pytest.mark.parametrize(
    ("title", "body", "found"),
    [
        ("Opinion | The buses", "Text.", "Opinion"),
        ("The buses deserve better | Op-Ed", "Text.", "Op-Ed"),
        ("EDITORIAL: Fix the buses", "Text.", "EDITORIAL"),
        ("The buses", "ANALYSIS/OPINION:\nText follows.", "ANALYSIS/OPINION"),
        ("Opinion poll shows voters split on buses", "Text.", None),
        ("Columnist wins award", "Commentary on the awards followed.", None),
    ],
)
def test_opinion_labels(title, body, found):
    article = Article(id="t", title=title, body=body)
    span = opinion_label(article)
    if found is None:
        assert span is None
    else:
        assert article.text_of(span.part)[span.start : span.end] == found


def test_sentence_spans_slice_whole_body_sentences(analyzer):
    article, signal = check(analyzer, OPINION_TITLE, OPINION_BODY)
    body_spans = [s for s in signal.spans if s.part == "body"]
    assert body_spans and len(body_spans) <= 5
    whole = {(s.start, s.end) for s in sentences(article.body)}
    for span in body_spans:
        assert span.label == "opinion_sentence"
        assert (span.start, span.end) in whole
        assert span.note
    assert max(s.score for s in body_spans) == 1.0


def test_reporting_gets_no_sentence_spans(analyzer):
    _, signal = check(analyzer, WIRE_TITLE, WIRE_BODY)
    assert signal.details["predicted"] == "reporting"
    assert signal.spans == ()
    assert "reporting" in signal.summary


def test_short_text_cannot_be_judged(analyzer):
    _, signal = check(analyzer, "Short", "Just a few words here.")
    assert signal.score == 0.0
    assert "too short" in signal.summary
    assert signal.details["features"]["p_opinion"] == 0.0


def test_is_deterministic(analyzer):
    _, first = check(analyzer, OPINION_TITLE, OPINION_BODY)
    hashed_text.cache_clear()
    _, second = check(GenreAnalyzer(), OPINION_TITLE, OPINION_BODY)
    assert first == second


def test_run_time_scoring_equals_the_model_on_the_style_text(analyzer):
    model = analyzer.model
    for title, body in ((WIRE_TITLE, WIRE_BODY), (OPINION_TITLE, OPINION_BODY),
                        (SATIRE_TITLE, SATIRE_BODY)):
        text = model_text(title, body)
        fast = model.probabilities_from_decision(score(model, text, analyzer.keep).decision)
        # The n-gram part as LinearTextModel computes it, plus the dense cues' part.
        decision = model.decision(style_text(text, analyzer.keep))
        dense = model.extra.get("dense")
        if dense:
            assert tuple(dense["names"]) == DENSE_NAMES
            decision = decision + np.asarray(dense["weights"]) @ dense_features(text)
        slow = model.probabilities_from_decision(decision)
        assert fast == pytest.approx(slow, abs=1e-9)


def test_positional_hashing_matches_hashed_ngrams():
    config = HashingConfig(n_features=2**12)
    # (Characters that lower-case to two, like "İ", may split differently: rare, not tested.)
    text = "The Mayor said 4,200 people—not 12—came. Ça va? Zürich’s mayor didn’t! 3rd go"
    hashed = hashed_text(config, text)
    raw = HashedNgrams(config).raw(text)
    mine = {}
    for index, value in zip(hashed.index.tolist(), hashed.value.tolist()):
        mine[index] = mine.get(index, 0.0) + value
    assert mine.keys() == raw.keys()
    assert np.allclose([mine[k] for k in raw], list(raw.values()))
    # Every occurrence points at real text.
    assert all(0 <= s < e <= len(text) for s, e in zip(hashed.starts, hashed.ends))


def test_the_call_uses_the_thresholds_and_the_opinion_label(analyzer):
    probs = {"opinion": 0.2, "reporting": 0.3, "satire": 0.5}
    low = GenreAnalyzer(analyzer.model)
    low.satire_threshold, low.opinion_threshold = 0.45, 0.5
    assert low.call(probs, labelled=False) == "satire"
    assert low.call(probs, labelled=True) == "satire"  # satire outranks a label
    low.satire_threshold = 0.6
    assert low.call(probs, labelled=False) == "reporting"
    assert low.call(probs, labelled=True) == "opinion"
    assert low.call({"opinion": 0.55, "reporting": 0.4, "satire": 0.05}, False) == "opinion"
    # Opinion must be the likeliest class and reach its threshold.
    assert low.call({"opinion": 0.45, "reporting": 0.5, "satire": 0.05}, False) == "reporting"
    low.opinion_threshold = 0.6
    assert low.call({"opinion": 0.55, "reporting": 0.4, "satire": 0.05}, False) == "reporting"


def test_details_state_the_call_and_the_thresholds_it_used(analyzer):
    _, signal = check(analyzer, SATIRE_TITLE, SATIRE_BODY)
    details = signal.details
    assert details["genre"] == analyzer.call(details["probabilities"], False)
    assert details["satire_threshold"] == analyzer.satire_threshold
    assert 0 < analyzer.satire_threshold < 1 and 0 < analyzer.opinion_threshold < 1
    if details["genre"] == "satire":
        assert signal.summary.startswith("Satire: written to amuse, not to inform")
