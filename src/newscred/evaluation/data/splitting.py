"""Grouping helpers for honest splits: near-duplicate groups and source-disjoint folds."""

from __future__ import annotations

import random
import re
import zlib
from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from itertools import chain
from math import ceil

import numpy as np

from newscred.evaluation.data._common import Record

WORD = re.compile(r"\w+")
SHINGLE = 5


def shingles(text: str, size: int = SHINGLE) -> frozenset[int]:
    """crc32 hashes of the word `size`-grams of a text (case and punctuation ignored).

    A text shorter than `size` words gives one shingle of all its words; an empty text none.
    """
    words = WORD.findall(text.casefold())
    if not words:
        return frozenset()
    if len(words) < size:
        return frozenset((zlib.crc32(" ".join(words).encode("utf-8")),))
    crc32 = zlib.crc32
    return frozenset(
        crc32(" ".join(words[i : i + size]).encode("utf-8")) for i in range(len(words) - size + 1)
    )


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def near_duplicate_groups(texts: Sequence[str], *, threshold: float = 0.8) -> list[int]:
    """A group id per text: texts whose word 5-gram shingle sets have Jaccard similarity
    >= `threshold` share a group (transitively). Ids are numbered by first appearance.

    Exact for the threshold, via prefix filtering (as in AllPairs): shingles are ranked
    rarest first across the corpus, sets are visited smallest first, each set probes the
    index with its first |s| - ceil(t|s|) + 1 shingles and is indexed under its first
    |s| - ceil(2t/(1+t)|s|) + 1; any pair reaching the threshold must meet there, and
    candidates are then checked exactly. Empty texts are never grouped. Deterministic.
    """
    if not 0 < threshold <= 1:
        raise ValueError("threshold must be in (0, 1]")
    cache: dict[str, frozenset[int]] = {}
    sets = [cache[t] if t in cache else cache.setdefault(t, shingles(t)) for t in texts]
    parent = list(range(len(sets)))
    # Identical shingle sets (exact copies, case/punctuation edits) join at once; only the
    # first of each is compared with the others.
    first: dict[frozenset[int], int] = {}
    for i, current in enumerate(sets):
        if current:
            parent[i] = first.setdefault(current, i)
    unique = sorted(first.values(), key=lambda k: (len(sets[k]), k))
    if not unique:
        return _numbered(parent)
    # Global order: rarest shingle first, ties by hash; key = corpus frequency << 32 | hash.
    sizes = np.fromiter((len(sets[i]) for i in unique), dtype=np.int64, count=len(unique))
    flat = np.fromiter(
        chain.from_iterable(sets[i] for i in unique), dtype=np.int64, count=int(sizes.sum())
    )
    _, inverse, counts = np.unique(flat, return_inverse=True, return_counts=True)
    keys = (counts[inverse].astype(np.int64) << 32) | flat
    bounds = np.concatenate(([0], np.cumsum(sizes)))
    mid = 2 * threshold / (1 + threshold)
    index: dict[int, list[int]] = defaultdict(list)
    for n, i in enumerate(unique):
        current = sets[i]
        size = len(current)
        probe = size - ceil(threshold * size - 1e-9) + 1
        ranked = np.sort(keys[bounds[n] : bounds[n + 1]])[:probe].tolist()
        candidates: set[int] = set()
        for h in ranked:
            found = index.get(h)
            if found:
                candidates.update(found)
        for j in sorted(candidates):
            other = sets[j]
            shared = len(current & other)
            if shared >= threshold * (size + len(other) - shared) - 1e-9:
                a, b = _find(parent, i), _find(parent, j)
                if a != b:
                    parent[max(a, b)] = min(a, b)
        for h in ranked[: size - ceil(mid * size - 1e-9) + 1]:
            index[h].append(i)
    return _numbered(parent)


def _numbered(parent: list[int]) -> list[int]:
    """Group ids numbered by first appearance."""
    ids: dict[int, int] = {}
    return [ids.setdefault(_find(parent, i), len(ids)) for i in range(len(parent))]


def source_disjoint_folds(
    records: Sequence[Record],
    k: int,
    seed: int = 0,
    *,
    key: Callable[[Record], Hashable] | None = None,
) -> list[int]:
    """A fold id (0..k-1) per record such that no group spans two folds.

    The group is the record's `source` (or `key(record)` when given); records without one
    (empty source / None key) are their own group. Groups go, largest first (ties in a
    seeded random order), to the currently smallest fold, which balances fold sizes.
    Deterministic for a given seed.
    """
    if k < 2:
        raise ValueError("k must be at least 2")
    members: dict[Hashable, list[int]] = {}
    for i, record in enumerate(records):
        group = key(record) if key is not None else record.source
        if group is None or group == "":
            group = ("__record__", i)
        members.setdefault(group, []).append(i)
    if len(members) < k:
        raise ValueError(f"only {len(members)} groups for {k} folds")
    groups = list(members.values())
    random.Random(seed).shuffle(groups)
    groups.sort(key=len, reverse=True)  # stable: ties keep the seeded order
    sizes = [0] * k
    folds = [0] * len(records)
    for group in groups:
        fold = min(range(k), key=lambda f: (sizes[f], f))
        sizes[fold] += len(group)
        for i in group:
            folds[i] = fold
    return folds
