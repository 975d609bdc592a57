"""Story clustering measured on article pairs: the held-out FNC-1 bodies placed online.

The same-story model is trained on headline–body pairs, but the story index compares
articles with articles. FNC-1's bodies come in stories (bodies linked by related
headlines), so the held-out bodies can be placed one by one, as `newscred ingest` would
(same time, so the window never excludes anything; order by body id), and the clusters
compared with the gold stories: pairwise precision/recall/F1 over body pairs and B-cubed
F1, beside the cosine-alone rule and the two trivial clusterings.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from newscred.evaluation.harness import Row
from newscred.evaluation.metrics import bcubed, pairwise
from newscred.training import fnc1_data as fd
from newscred.stories.cluster import StoryIndex
from newscred.stories.samestory import SameStoryModel


class CosineRule:
    """The baseline: same story when the cosine alone reaches a threshold."""

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold

    def probability(self, cosine: float, entities_a: Any, entities_b: Any) -> float:
        return cosine


def place_all(model: Any, vectors: np.ndarray, entities: Sequence[frozenset[str]]) -> list[int]:
    """Story labels of the vectors placed in order. `model.threshold` decides (StoryIndex
    uses a SameStoryModel's `article_threshold`; the stand-ins here have only one)."""
    index = StoryIndex(model if not isinstance(model, SameStoryModel) else _At(model, model.article_threshold))
    labels: list[int] = []
    next_story = 1
    for i, (vector, ents) in enumerate(zip(vectors, entities)):
        placement = index.place(vector, 0.0, ents)
        story = placement.story_id if placement.story_id is not None else next_story
        next_story += placement.story_id is None
        index.add(str(i), vector, 0.0, story, ents)
        labels.append(story)
    return labels


def metrics(gold: Sequence[int], found: Sequence[int]) -> dict[str, float]:
    return {**pairwise(gold, found), "bcubed_f1": bcubed(gold, found),
            "clusters": float(len(set(found))), "n": float(len(gold))}


ARTICLE_THRESHOLDS = (0.5, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999, 0.9995, 0.9999)


def bodies_of(part: fd.Pairs) -> tuple[list[int], np.ndarray, list[frozenset[str]]]:
    """(gold story per body, body vectors, body entities), bodies in id order."""
    story_of = dict(zip(part.body_ids.tolist(), part.story.tolist()))
    body_ids = sorted(story_of)
    texts = [part.bodies[b] for b in body_ids]
    return ([story_of[b] for b in body_ids], fd.embeddings().body_articles(texts),
            [fd.body_entities(t) for t in texts])


class _At:
    """A model's probabilities with another decision threshold."""

    def __init__(self, model: SameStoryModel, threshold: float) -> None:
        self.model, self.threshold = model, threshold

    def probability(self, cosine: float, entities_a: Any, entities_b: Any) -> float:
        return self.model.probability(cosine, entities_a, entities_b)


def choose_article_threshold(model: SameStoryModel, train: fd.Pairs) -> tuple[float, dict[str, float]]:
    """The threshold for article-vs-article decisions: the highest pairwise F1 of the
    training bodies placed online (ties: the lower threshold). Headline-vs-body pairs
    score lower than two articles of one story, so the FNC-1 threshold over-merges."""
    gold, vectors, entities = bodies_of(train)
    scores = {t: metrics(gold, place_all(_At(model, t), vectors, entities))["pair_f1"]
              for t in ARTICLE_THRESHOLDS}
    best = max(ARTICLE_THRESHOLDS, key=lambda t: (round(scores[t], 6), -t))
    return best, {str(t): round(v, 4) for t, v in scores.items()}


def clustering_rows(model: SameStoryModel, held: fd.Pairs, split_name: str) -> list[Row]:
    gold, vectors, entities = bodies_of(held)
    cosine_threshold = float(model.spec["baselines"]["cosine_threshold"])
    split = f"{split_name}: bodies placed online ({len(set(gold))} gold stories)"
    return [
        Row(split, "story index (same-story model)", metrics(gold, place_all(model, vectors, entities)),
            f"article threshold {model.article_threshold} (chosen on the training bodies)"),
        Row(split, "same-story model, headline-body threshold",
            metrics(gold, place_all(_At(model, model.threshold), vectors, entities)),
            f"threshold {model.threshold}"),
        Row(split, "story index (cosine alone)",
            metrics(gold, place_all(CosineRule(cosine_threshold), vectors, entities)),
            f"threshold {cosine_threshold:.2f}"),
        Row(split, "every body its own story", metrics(gold, list(range(len(gold))))),
        Row(split, "one story for all", metrics(gold, [0] * len(gold))),
    ]
