"""The assessment's out-of-distribution check: how far an article's vocabulary is from
the training articles', and the threshold beyond which the assessment abstains."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from newscred.models.hashing import HashedNgrams, HashingConfig
from newscred.training.corpus import Corpus

SEED = 13  # k-means and the folds
OOD_HASHING = HashingConfig(n_features=2**14, word_ngrams=(1, 1), max_tokens=1500)
OOD_CENTROIDS = 24
OOD_QUANTILE = 0.995


@dataclass
class OodModel:
    """Vocabulary distance from the training articles: 1 - the best cosine similarity of
    an article's unigram vector to k centroids of the training texts. News of any slant
    stays close; a recipe, a program listing or a poem does not. Style extremes (all caps,
    loaded words) do not count as out of distribution: they are what the model reads."""

    centroids: np.ndarray  # k x n_features, unit rows
    idf: np.ndarray
    threshold: float = float("inf")

    @classmethod
    def fit(cls, texts: Sequence[str]) -> OodModel:
        from sklearn.cluster import KMeans
        from sklearn.preprocessing import normalize

        vectorizer = HashedNgrams(OOD_HASHING)
        idf = vectorizer.fit_idf(texts)
        x = vectorizer.matrix(texts)
        k = min(OOD_CENTROIDS, x.shape[0])
        kmeans = KMeans(n_clusters=k, n_init=1, random_state=SEED, max_iter=100).fit(x)
        return cls(centroids=normalize(kmeans.cluster_centers_), idf=idf)

    def score(self, texts: Sequence[str]) -> np.ndarray:
        vectorizer = HashedNgrams(OOD_HASHING, self.idf)
        out = np.ones(len(texts))
        for i, text in enumerate(texts):
            index, value = vectorizer.transform_one(text)
            if len(index):
                out[i] = 1.0 - float(np.max(self.centroids[:, index] @ value))
        return out


def folds(corpus: Corpus, rows: np.ndarray, k: int = 5) -> np.ndarray:
    """Deterministic fold ids for `rows`, stratified by dataset and label."""
    fold = np.zeros(len(rows), dtype=int)
    rng = np.random.default_rng(SEED)
    for key in sorted(set(zip(corpus.dataset[rows].tolist(), corpus.y[rows].tolist()))):
        members = np.flatnonzero((corpus.dataset[rows] == key[0]) & (corpus.y[rows] == key[1]))
        fold[members[rng.permutation(len(members))]] = np.arange(len(members)) % k
    return fold


def ood_threshold(corpus: Corpus, rows: np.ndarray, k: int = 5) -> tuple[float, np.ndarray]:
    """Threshold = the OOD_QUANTILE of out-of-fold scores of the training articles."""
    fold = folds(corpus, rows, k)
    scores = np.zeros(len(rows))
    for f in range(k):
        test = fold == f
        ood = OodModel.fit([corpus.texts[i] for i in rows[~test]])
        scores[test] = ood.score([corpus.texts[i] for i in rows[test]])
    return float(np.quantile(scores, OOD_QUANTILE)), scores
