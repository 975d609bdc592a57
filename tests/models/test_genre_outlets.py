"""Outlet-disjoint genre evaluation (issue 18): outlet names, metrics, and the pooled folds."""

from __future__ import annotations

import numpy as np
import pytest

from newscred.training.genre import genre_metrics, outlet_key


@pytest.mark.parametrize("a, b", [("The Guardian", "theguardian.com"),
                                  ("Fox News", "foxnews.com"),
                                  ("Al Jazeera", "aljazeera.com"),
                                  ("edition.cnn.com", "cnn.com")])
def test_outlet_key_joins_names_and_domains(a, b):
    assert outlet_key(a) == outlet_key(b)


def test_genre_metrics_per_class_and_satire_rates():
    labels = np.array(["satire", "satire", "reporting", "reporting", "opinion"])
    predicted = np.array(["satire", "reporting", "reporting", "satire", "opinion"])
    p_satire = np.array([0.9, 0.4, 0.1, 0.6, 0.2])
    m = genre_metrics(labels, predicted, p_satire)
    assert m["R_satire"] == 0.5 and m["P_satire"] == 0.5 and m["R_opinion"] == 1.0
    assert m["fpr_rep_as_sat"] == 0.5
    assert m["auc_sat_rep"] == 0.75
    assert "auc_sat_rep" not in genre_metrics(labels[:2], predicted[:2], p_satire[:2])


def test_pool_folds_are_outlet_disjoint(shared_root):
    from newscred.evaluation.data import DATASETS
    from newscred.training.genre import Corpus, GenrePool

    for name in ("burfoot", "webis_editorials", "semeval2023_genre", "golbeck"):
        if not (shared_root / DATASETS[name].folder).is_dir():
            pytest.skip(f"{name} not available")
    pool = GenrePool(shared_root, Corpus(shared_root), None)
    folds = pool.folds()
    for group in set(pool.group):
        assert len(set(folds[pool.group == group])) == 1
    assert {"satire", "reporting", "opinion"} == set(pool.labels)
    assert (pool.set == "webis").sum() == 266 and (pool.set == "burfoot").sum() == 630
