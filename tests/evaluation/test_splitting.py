"""Near-duplicate grouping and source-disjoint folds."""

from __future__ import annotations

import random
from collections import Counter
from itertools import combinations

import pytest

from newscred.evaluation.data import Record, near_duplicate_groups, source_disjoint_folds
from newscred.evaluation.data.splitting import shingles

ORIGINAL = (
    "The county council of Westbury voted on Thursday to close two of its five public "
    "libraries next spring, citing a shortfall of 1.8 million dollars in the coming budget. "
    "Council member Priya Olsen, who voted against the plan, said the branches in Eastfield "
    "and Mill Road served more than forty thousand visitors last year. The council's finance "
    "director, Tom Aldridge, told the meeting that the county had already cut opening hours "
    "twice since 2021 and that further savings could not be found elsewhere. A petition "
    "against the closures has gathered about 6,200 signatures, according to its organisers. "
    "The decision will be reviewed in March, when the state announces its grants for local "
    "services, and the libraries will stay open until at least the end of June."
)
EDITED = (
    ORIGINAL.replace("Thursday", "Wednesday")
    .replace("about 6,200", "nearly 6,300")
    .replace("The decision", "THE DECISION")
    + " Reporting by staff."
)
DIFFERENT = (
    "A small bakery in the harbour district has won a national award for its sourdough, "
    "the owners said on Monday. The family business opened in 1998 and employs twelve "
    "people, most of them from the neighbourhood. Judges praised the crust and the long "
    "fermentation, which takes two days. The owners plan to use the prize money to train "
    "two apprentices and to repair the old brick oven that has been in use since opening."
)


def test_lightly_edited_copy_joins_its_original():
    groups = near_duplicate_groups([ORIGINAL, DIFFERENT, EDITED, ORIGINAL.upper()])
    assert groups == [0, 1, 0, 0]


def test_threshold_separates_partial_overlap():
    half = ORIGINAL[: len(ORIGINAL) // 2] + " " + DIFFERENT
    assert near_duplicate_groups([ORIGINAL, half]) == [0, 1]
    assert near_duplicate_groups([ORIGINAL, half], threshold=0.3) == [0, 0]


def test_empty_and_short_texts():
    texts = ["", "", "Short headline here", "short headline, here!"]
    assert near_duplicate_groups(texts) == [0, 1, 2, 2]
    assert near_duplicate_groups([]) == []
    with pytest.raises(ValueError):
        near_duplicate_groups(["x"], threshold=0)


def test_grouping_is_transitive_and_numbered_by_first_appearance():
    words = ORIGINAL.split()
    chain = [" ".join(words[i:] + words[:i]) for i in range(0, 8, 4)]
    assert near_duplicate_groups([DIFFERENT, *chain, ORIGINAL]) == [0, 1, 1, 1]


def test_matches_brute_force_on_random_texts():
    rng = random.Random(7)
    vocabulary = [f"w{i}" for i in range(40)]
    base = [[rng.choice(vocabulary) for _ in range(rng.randint(3, 60))] for _ in range(40)]
    texts = []
    for words in base:
        texts.append(" ".join(words))
        edited = list(words)
        for _ in range(rng.randint(0, 4)):
            edited[rng.randrange(len(edited))] = rng.choice(vocabulary)
        texts.append(" ".join(edited))
    for threshold in (0.5, 0.8, 1.0):
        groups = near_duplicate_groups(texts, threshold=threshold)
        assert groups == near_duplicate_groups(texts, threshold=threshold)  # deterministic
        sets = [shingles(t) for t in texts]
        parent = list(range(len(texts)))

        def find(i):
            while parent[i] != i:
                i = parent[i]
            return i

        for i, j in combinations(range(len(texts)), 2):
            shared = len(sets[i] & sets[j])
            if sets[i] and shared >= threshold * len(sets[i] | sets[j]) - 1e-9:
                parent[max(find(i), find(j))] = min(find(i), find(j))
        expected = [find(i) for i in range(len(texts))]
        assert all((groups[i] == groups[j]) == (expected[i] == expected[j])
                   for i, j in combinations(range(len(texts)), 2))  # fmt: skip


def _records(sizes: dict[str, int], unsourced: int = 0) -> list[Record]:
    out = [
        Record("t", f"{s}{n}", "x", "a", "all", source=s)
        for s, k in sizes.items()
        for n in range(k)
    ]
    out += [Record("t", f"u{n}", "x", "a", "all") for n in range(unsourced)]
    random.Random(1).shuffle(out)
    return out


def test_folds_never_split_a_source():
    sizes = {f"outlet{i}": (i * 7) % 23 + 1 for i in range(30)}
    records = _records(sizes, unsourced=25)
    folds = source_disjoint_folds(records, 5, seed=3)
    assert len(folds) == len(records) and set(folds) == set(range(5))
    by_source: dict[str, set[int]] = {}
    for record, fold in zip(records, folds):
        if record.source:
            by_source.setdefault(record.source, set()).add(fold)
    assert all(len(f) == 1 for f in by_source.values())
    counts = Counter(folds)
    assert max(counts.values()) - min(counts.values()) <= max(sizes.values())
    assert folds == source_disjoint_folds(records, 5, seed=3)


def test_folds_with_a_key_and_errors():
    records = _records({"a": 3, "b": 3, "c": 2})
    folds = source_disjoint_folds(records, 2, seed=0, key=lambda r: r.id[0])
    for letter in "abc":
        assert len({f for r, f in zip(records, folds) if r.id[0] == letter}) == 1
    with pytest.raises(ValueError):
        source_disjoint_folds(records, 1)
    with pytest.raises(ValueError):
        source_disjoint_folds(_records({"a": 5}), 2)


def test_folds_on_real_publishers(dataset):
    records = dataset("golbeck")
    folds = source_disjoint_folds(records, 5, seed=0)
    seen: dict[str, int] = {}
    for record, fold in zip(records, folds):
        assert seen.setdefault(record.source, fold) == fold
    counts = Counter(folds).values()
    assert max(counts) - min(counts) <= 11
