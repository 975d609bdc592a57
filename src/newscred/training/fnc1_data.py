"""FNC-1 for the same-story and stance models: the story-disjoint split, grouped folds and
the embeddings (computed once per process, never stored).

There are no training stances in ../shared (only the competition set), so the competition
set is split: stories (the connected components of related headline-body pairs: one
Emergent claim, its headlines and its bodies) are shuffled with a fixed seed and taken
into the held-out part until it holds `HELD_OUT` of the bodies. A body, and a related
headline, is never on both sides; an unrelated pair's headline may come from a story on
the other side (its only link to the body is that it is not about it).
"""

from __future__ import annotations

import hashlib
import random
import zlib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from newscred.evaluation.data import Record, data_checksums, load
from newscred.stories.entities import article_entities, entities_of
from newscred.text import sentences

SEED = 7
HELD_OUT = 0.3
FOLDS = 5
SENTENCE_CAP = 40  # sentences embedded per body (the first ones)
FAST_SHARE = 0.4  # held-out bodies kept in fast mode (the CI gate), by a hash of the body id
RELATED = ("agree", "disagree", "discuss")
SPLIT_TEXT = (
    f"FNC-1 competition set split by story: stories (connected components of related "
    f"headline-body pairs) shuffled with seed {SEED}, held-out part = whole stories holding "
    f"≥{HELD_OUT:.0%} of the bodies; no body (and no related headline) is on both sides. "
    "Models are trained on the rest; thresholds and C are chosen by story-grouped "
    f"{FOLDS}-fold cross-validation inside the training part."
)


@dataclass(frozen=True)
class Pairs:
    headlines: list[str]
    body_ids: np.ndarray  # int per pair
    labels: np.ndarray  # str per pair
    story: np.ndarray  # story group per pair
    bodies: dict[int, str]

    def subset(self, mask: np.ndarray) -> Pairs:
        index = np.flatnonzero(mask)
        return Pairs([self.headlines[i] for i in index], self.body_ids[index],
                     self.labels[index], self.story[index], self.bodies)

    def __len__(self) -> int:
        return len(self.headlines)


def load_pairs(root: Path) -> Pairs:
    records: list[Record] = load("fnc1", root)
    bodies = {int(r.extra["body_id"]): r.text for r in records}
    body_ids = np.array([int(r.extra["body_id"]) for r in records], dtype=np.int64)
    headlines = [r.title for r in records]
    labels = np.array([r.label for r in records])
    return Pairs(headlines, body_ids, labels, _stories(headlines, body_ids, labels), bodies)


def _stories(headlines: Sequence[str], body_ids: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Per pair, its body's story: the smallest body id of its connected component."""
    parent: dict[str, str] = {}

    def find(node: str) -> str:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for headline, body, label in zip(headlines, body_ids.tolist(), labels.tolist()):
        b = find(f"b{body:09d}")
        if label in RELATED:
            h = find(f"h{headline}")
            parent[max(h, b)] = min(h, b)  # "b..." < "h...": a body names the story
    roots: dict[str, int] = {}
    for body in sorted(set(body_ids.tolist())):
        root = find(f"b{body:09d}")
        roots.setdefault(root, body)
    return np.array([roots[find(f"b{b:09d}")] for b in body_ids.tolist()], dtype=np.int64)


def held_out_bodies(pairs: Pairs) -> set[int]:
    by_story: dict[int, set[int]] = {}
    for story, body in zip(pairs.story.tolist(), pairs.body_ids.tolist()):
        by_story.setdefault(story, set()).add(body)
    stories = sorted(by_story)
    random.Random(SEED).shuffle(stories)
    goal = HELD_OUT * len(pairs.bodies)
    out: set[int] = set()
    for story in stories:
        if len(out) >= goal:
            break
        out |= by_story[story]
    return out


def split(pairs: Pairs) -> tuple[Pairs, Pairs, str]:
    """(training part, held-out part, sha256 of the held-out body ids)."""
    held = held_out_bodies(pairs)
    mask = np.isin(pairs.body_ids, sorted(held))
    digest = hashlib.sha256(",".join(map(str, sorted(held))).encode()).hexdigest()
    return pairs.subset(~mask), pairs.subset(mask), digest


def fast_subset(pairs: Pairs) -> Pairs:
    """A deterministic share of the bodies (for the CI gate's time budget)."""
    keep = np.array([zlib.crc32(str(b).encode()) % 1000 < FAST_SHARE * 1000
                     for b in pairs.body_ids.tolist()])
    return pairs.subset(keep)


def group_folds(story: np.ndarray, k: int = FOLDS) -> np.ndarray:
    """A fold number per pair; whole stories per fold, largest first into the lightest fold."""
    sizes = Counter(story.tolist())
    load_of = [0] * k
    fold_of: dict[int, int] = {}
    for group, size in sorted(sizes.items(), key=lambda kv: (-kv[1], kv[0])):
        fold = min(range(k), key=lambda f: (load_of[f], f))
        fold_of[group] = fold
        load_of[fold] += size
    return np.array([fold_of[g] for g in story.tolist()], dtype=np.int64)


def counts(pairs: Pairs) -> dict[str, int]:
    return dict(sorted(Counter(pairs.labels.tolist()).items()))


def checksums(root: Path) -> dict[str, str]:
    return data_checksums("fnc1", root)


# -- embeddings, once per process ---------------------------------------------------------


class Embeddings:
    """Vectors by text, filled in batches of what is missing (kept in memory only)."""

    def __init__(self) -> None:
        from newscred.stories.embed import shared_embedder

        self.embedder = shared_embedder()
        self.articles: dict[str, np.ndarray] = {}
        self.sentences: dict[str, np.ndarray] = {}

    def _fill(self, store: dict[str, np.ndarray], texts: Sequence[str],
              embed: Callable[[list[str]], np.ndarray]) -> np.ndarray:
        missing = sorted({t for t in texts if t not in store})
        if missing:
            for text, vector in zip(missing, embed(missing)):
                store[text] = vector
        return np.stack([store[t] for t in texts]) if texts else np.zeros((0, self.embedder.dim),
                                                                         dtype=np.float32)

    def headline_articles(self, headlines: Sequence[str]) -> np.ndarray:
        """The headline as an article with no body: `embed_articles([(headline, "")])`."""
        return self._fill(self.articles, [f"{h}. " for h in headlines], self._article_texts)

    def body_articles(self, bodies: Sequence[str]) -> np.ndarray:
        """The body as an article with no title: `embed_articles([("", body)])`."""
        return self._fill(self.articles, [b[:3000] for b in bodies], self._article_texts)

    def _article_texts(self, texts: list[str]) -> np.ndarray:
        from newscred.stories.embed import ARTICLE_TOKENS

        # The same strings embed_articles builds, embedded the same way.
        return self.embedder.embed(texts, max_tokens=ARTICLE_TOKENS)

    def sentence_vectors(self, texts: Sequence[str]) -> np.ndarray:
        return self._fill(self.sentences, list(texts), self.embedder.embed)


@lru_cache(maxsize=1)
def embeddings() -> Embeddings:
    return Embeddings()


def body_sentences(body: str) -> list[str]:
    return [s.text for s in sentences(body)][:SENTENCE_CAP]


@lru_cache(maxsize=4096)
def headline_entities(headline: str) -> frozenset[str]:
    return frozenset(entities_of(headline))


@lru_cache(maxsize=4096)
def body_entities(body: str) -> frozenset[str]:
    return frozenset(article_entities("", body))
