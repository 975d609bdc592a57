"""Online story clustering: a new article joins the story of its closest same-story
neighbour, or starts one.

Every stored article's vector, time, entities and story live in memory (numpy, float32:
100k articles take 154 MB) and grow as articles arrive. Placing an article is one exact
matrix-vector product over the articles inside the time window (exact search is fast enough
to 100k articles; see bench/bench_stories.py), then the trained same-story model
(`samestory.py`, FNC-1) on the `CANDIDATES` most similar: the article joins the story of the
most probable neighbour when that probability reaches the model's article threshold
(chosen by clustering FNC-1's training bodies; single link, held in check by the window
and by the entity cue in the model).

An article whose date is unknown has no time (NaN here, NULL in the store): it is inside
every window, and every article is inside its window. Coverage of one event is then found
by the text alone, never kept apart by a date the article did not give.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from newscred.stories.samestory import SameStoryModel

WINDOW_DAYS = 7.0  # coverage of one event: within a week either side
CANDIDATES = 10
PREFILTER = 0.3  # cosine below which two articles are never one story (saves model calls)
_DAY = 86_400.0


@dataclass(frozen=True)
class Neighbour:
    article_id: str
    story_id: int
    cosine: float
    probability: float


@dataclass(frozen=True)
class Placement:
    story_id: int | None  # None: start a new story
    neighbour: Neighbour | None


class StoryIndex:
    def __init__(self, model: SameStoryModel | None = None, *, dim: int = 384) -> None:
        self.model = model or SameStoryModel.load()
        self.dim = dim
        self.vectors = np.zeros((1024, dim), dtype=np.float32)
        self.times = np.zeros(1024, dtype=np.float64)
        self.stories = np.zeros(1024, dtype=np.int64)
        self.ids: list[str] = []
        self.entities: list[frozenset[str]] = []
        self.position: dict[str, int] = {}

    @property
    def threshold(self) -> float:
        """The decision threshold for two articles (the model's article threshold)."""
        return float(getattr(self.model, "article_threshold", self.model.threshold))

    def __len__(self) -> int:
        return len(self.ids)

    def add(self, article_id: str, vector: np.ndarray, at: float | None, story_id: int,
            entities: Iterable[str]) -> None:
        if article_id in self.position:
            return
        n = len(self.ids)
        if n == len(self.times):
            grow = max(1024, n)
            self.vectors = np.concatenate([self.vectors, np.zeros((grow, self.dim), np.float32)])
            self.times = np.concatenate([self.times, np.zeros(grow)])
            self.stories = np.concatenate([self.stories, np.zeros(grow, np.int64)])
        self.vectors[n] = vector
        self.times[n] = np.nan if at is None else at
        self.stories[n] = story_id
        self.ids.append(article_id)
        self.entities.append(frozenset(entities))
        self.position[article_id] = n

    def neighbours(self, vector: np.ndarray, at: float | None, entities: Iterable[str], *,
                   exclude: str | None = None, limit: int = CANDIDATES) -> list[Neighbour]:
        """The most similar stored articles inside the window (`at` None: date unknown,
        every article), most probable first."""
        n = len(self.ids)
        if n == 0:
            return []
        inside = np.arange(n) if at is None else np.flatnonzero(self.in_window(at))
        if exclude is not None and exclude in self.position:
            inside = inside[inside != self.position[exclude]]
        if inside.size == 0:
            return []
        if inside.size > n // 4:  # most rows: one pass over the contiguous matrix beats a gather
            cosines = (self.vectors[:n] @ vector)[inside]
        else:
            cosines = self.vectors[inside] @ vector
        keep = cosines >= PREFILTER
        inside, cosines = inside[keep], cosines[keep]
        if inside.size > limit:
            top = np.argpartition(-cosines, limit - 1)[:limit]
            inside, cosines = inside[top], cosines[top]
        own = frozenset(entities)
        found = [
            Neighbour(self.ids[i], int(self.stories[i]), float(c),
                      self.model.probability(float(c), own, self.entities[i]))
            for i, c in zip(inside.tolist(), cosines.tolist())
        ]
        return sorted(found, key=lambda x: (-x.probability, -x.cosine, x.article_id))

    def in_window(self, at: float) -> np.ndarray:
        """Which stored articles lie within the window of `at`; undated ones always do."""
        times = self.times[:len(self.ids)]
        return (np.abs(times - at) <= WINDOW_DAYS * _DAY) | np.isnan(times)

    def place(self, vector: np.ndarray, at: float | None, entities: Iterable[str], *,
              exclude: str | None = None) -> Placement:
        found = self.neighbours(vector, at, entities, exclude=exclude)
        if found and found[0].probability >= self.threshold:
            return Placement(found[0].story_id, found[0])
        return Placement(None, found[0] if found else None)
