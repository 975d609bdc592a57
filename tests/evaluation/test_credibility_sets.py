"""The label mapping of the transfer sets, and the near-duplicate links between them."""

from __future__ import annotations

from collections import Counter

from newscred.evaluation.datasets import LOADERS, load_credibility, twins_of


def test_checkthat_keeps_true_and_false_without_verdict_quotes(shared_root, dataset):
    records = {r.id: r for r in dataset("checkthat2021")}
    articles = LOADERS["checkthat2021"](shared_root)
    kept = {a.id for a in articles}
    assert all(records[i].label in ("true", "false") for i in kept)
    assert not any(records[i].extra["mentions_factcheck"] for i in kept)
    for a in articles:
        assert a.reliable == int(records[a.id].label == "true")
        assert a.title == ("" if records[a.id].extra["title_suspect"] else records[a.id].title)
    left_out = [r for r in records.values() if r.label in ("true", "false") and r.id not in kept]
    assert left_out and all(r.extra["mentions_factcheck"] for r in left_out)


def test_snopes_maps_five_levels_to_two_and_drops_mixture(shared_root, dataset):
    labels = {r.id: r.label for r in dataset("snopes312")}
    articles = LOADERS["snopes312"](shared_root)
    assert Counter(a.reliable for a in articles) == {1: 66, 0: 48}
    assert all(labels[a.id] != "mixture" for a in articles)
    assert all(a.reliable == int(labels[a.id] in ("true", "mostly true")) for a in articles)


def test_recovery_label_is_the_outlet_rating(shared_root):
    articles = LOADERS["recovery"](shared_root)
    assert Counter(a.reliable for a in articles) == {1: 1295, 0: 602}
    assert all(a.source for a in articles)  # the publisher, for publisher-disjoint splits


def test_held_out_sets_lose_their_twins_from_training(shared_root):
    articles = load_credibility(("isot", "snopes312", "coaid_news", "checkthat2021"), shared_root)
    snopes = {i for i, a in enumerate(articles) if a.dataset == "snopes312"}
    twins = twins_of(articles, snopes)
    assert [articles[i].id for i in twins] == ["f429"]  # ISOT fake row 428 (0-based)
    checkthat = {i for i, a in enumerate(articles) if a.dataset == "checkthat2021"}
    assert {articles[i].dataset for i in twins_of(articles, checkthat)} == {"coaid_news"}
