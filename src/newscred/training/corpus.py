"""The training corpus of the assessment model: the labelled articles of the transfer
datasets, each turned into features exactly as `check` does, with an on-disk cache.

Featurising runs ingest and the default analyzers over every article (minutes); the
result is cached per dataset under $NEWSCRED_CACHE/corpus (default ~/.cache/newscred),
keyed by the dataset's content and by `code_digest`, a digest of the package code and
models that turn an article into features, so a cache never outlives that code.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from newscred.evaluation.datasets import LabelledArticle, load_credibility, twins_of
from newscred.models.hashing import HashedNgrams, HashingConfig
from newscred.models.masking import mask

log = logging.getLogger(__name__)

TEXT_HASHING = HashingConfig(n_features=2**18, word_ngrams=(1, 2))
# Whole signals left out, with the reason (they stay in the report for readers).
EXCLUDED_SIGNALS = {
    "genre": "its model trained on ISOT true and BuzzFeed mainstream texts (leaks labels)",
    "hyperpartisan": "its model trained on BuzzFeed-Webis articles by publisher (leaks labels), "
    "and it rates mainstream election coverage above fabricated stories (issue 12)",
    "outlet": "shown beside the text assessment, never inside it (DESIGN.md)",
}
# The prefix of a signal's concern among a featurised row's keys (not a feature).
CONCERN = "concern:"


@dataclass
class Corpus:
    articles: list[LabelledArticle]
    names: list[str]  # dense feature names
    raw: np.ndarray  # dense features, unscaled, NaN = missing
    texts: list[str]  # masked title + body
    y: np.ndarray
    dataset: np.ndarray
    source: np.ndarray
    concerns: dict[str, np.ndarray] = field(default_factory=dict)  # signal -> its concern
    _text_matrix: object = None
    _twins: dict = field(default_factory=dict)

    @property
    def text_matrix(self):
        if self._text_matrix is None:
            self._text_matrix = HashedNgrams(TEXT_HASHING).matrix(self.texts)
        return self._text_matrix

    def rows_of(self, names: Sequence[str]) -> np.ndarray:
        return np.flatnonzero(np.isin(self.dataset, list(names)))

    def training_rows(self, pool: Sequence[str], held_out: Sequence[str]) -> np.ndarray:
        """Rows of the `pool` datasets not held out, less the near-duplicates (DATASETS.md's
        shared_overlap) of any held-out article."""
        key = tuple(sorted(held_out))
        if key not in self._twins:
            held = set(self.rows_of(key).tolist())
            self._twins[key] = np.array(sorted(twins_of(self.articles, held)), dtype=int)
        rows = self.rows_of([p for p in pool if p not in held_out])
        return np.setdiff1d(rows, self._twins[key])


def masked_text(title: str, body: str) -> str:
    """Title and body joined by a blank line (even when the title is empty), masked: what
    the assessment's n-gram part and OOD check read (`AssessmentModel.predict` masks the
    same join). Not `models.hyperpartisan.model_text`, which drops an empty title."""
    return mask(f"{title}\n\n{body}")


def featurise_chunk(articles: Sequence[LabelledArticle]) -> tuple[list[dict], list[str]]:
    """Run ingest and the default analyzers exactly as `check` does: the assessment
    features and the masked model text of each article."""
    from newscred.analyzers import registered
    from newscred.ingest import ArticleInput, build_article
    from newscred.models.features import assessment_features
    from newscred.pipeline import DEFAULT_ANALYZERS

    factories = registered()
    analyzers = [factories[name]() for name in DEFAULT_ANALYZERS]
    rows, texts = [], []
    for item in articles:
        article, _ = build_article(
            ArticleInput(id=item.id, title=item.title, text=item.text, outlet=item.outlet)
        )
        signals = [a.analyze(article) for a in analyzers]
        row = assessment_features(signals, article.title, article.body)
        # Each signal's concern, to hold its points to the way its concern moves.
        row.update({f"{CONCERN}{s.name}": s.score for s in signals if s is not None})
        rows.append(row)
        texts.append(masked_text(article.title, article.body))
    return rows, texts


def featurise(articles: Sequence[LabelledArticle], progress=None, workers: int = 2):
    """`featurise_chunk` over all articles, in `workers` processes."""
    chunks = [list(articles[i : i + 250]) for i in range(0, len(articles), 250)]
    rows: list[dict] = []
    texts: list[str] = []
    if workers > 1 and len(chunks) > 1:
        import multiprocessing

        with multiprocessing.get_context("spawn").Pool(workers) as pool:
            parts = pool.imap(featurise_chunk, chunks)
            for part_rows, part_texts in parts:
                rows += part_rows
                texts += part_texts
                if progress:
                    progress(f"featurised {len(rows)}/{len(articles)}")
    else:
        for chunk in chunks:
            part_rows, part_texts = featurise_chunk(chunk)
            rows += part_rows
            texts += part_texts
    return rows, texts


# Code that does not turn an article into features: editing it keeps a cached corpus.
_NOT_FEATURE_CODE = ("evaluation/", "training/", "server/", "store/", "stories/", "render/",
                     "outlets/", "cli/", "console.py", "comparison.py", "batch.py", "outputs.py",
                     "models/artifacts/assessment")


def code_digest() -> str:
    """Digest of the package code and models that turn an article into features: a
    cached corpus is valid only for the code that made it."""
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        rel = path.relative_to(package).as_posix()
        if not path.is_file() or "__pycache__" in path.parts or rel.startswith(_NOT_FEATURE_CODE):
            continue
        digest.update(rel.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _cache_dir() -> Path:
    base = os.environ.get("NEWSCRED_CACHE") or (Path.home() / ".cache" / "newscred")
    return Path(base) / "corpus"


def _load_features(articles, root: Path, sets, say) -> tuple[list[dict], list[str]]:
    """Features and masked texts in `articles` order, cached on disk per dataset."""
    from newscred.evaluation.datasets import data_checksums

    digest = code_digest()
    rows: list[dict] = []
    texts: list[str] = []
    for name in sets:
        members = [a for a in articles if a.dataset == name]
        content = hashlib.sha256(json.dumps(data_checksums(name, root), sort_keys=True).encode())
        for a in members:
            content.update(json.dumps([a.id, a.title, a.text]).encode())
        path = _cache_dir() / f"{name}-{digest}-{content.hexdigest()[:16]}.json"
        part = _read_cache(path)
        if part is None:
            say(f"featurising {name} ({len(members)} articles)")
            part = featurise(members, say)
            _write_cache(path, part, say)
        else:
            say(f"{name}: features from the cache {path}")
        rows += part[0]
        texts += part[1]
    return rows, texts


def _read_cache(path: Path):
    try:
        cached = json.loads(path.read_text(encoding="utf-8"))
        return cached["rows"], cached["texts"]
    except (OSError, ValueError, KeyError):
        return None


def _write_cache(path: Path, part, say) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"rows": part[0], "texts": part[1]}), encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:  # a cache that cannot be written only costs time
        say(f"feature cache not written: {exc}")


_CORPORA: dict = {}


def build_corpus(root: Path, sets: tuple[str, ...], limit: int | None = None,
                 progress: Callable[[str], None] | None = None) -> Corpus:
    """Load, featurise and mask the datasets (cached in memory and on disk)."""
    key = (str(root), tuple(sets), limit)
    if key in _CORPORA:
        return _CORPORA[key]
    say = progress or (lambda msg: log.info("%s", msg))
    articles = load_credibility(tuple(sets), Path(root))
    if limit is not None:
        articles = _first_per_class(articles, limit)
    rows, texts = _load_features(articles, Path(root), sets, say)
    keys = {k for row in rows for k in row}
    names = sorted(k for k in keys if k.split(".", 1)[0] not in EXCLUDED_SIGNALS
                   and not k.startswith(CONCERN))
    concern_names = sorted(k for k in keys if k.startswith(CONCERN))

    def matrix(columns: list[str]) -> np.ndarray:
        return np.array([[np.nan if row.get(n) is None else row[n] for n in columns]
                         for row in rows], dtype=float).reshape(len(rows), len(columns))

    corpus = Corpus(
        articles=articles, names=names, raw=matrix(names), texts=texts,
        concerns={n[len(CONCERN):]: col for n, col in zip(concern_names, matrix(concern_names).T)},
        y=np.array([a.reliable for a in articles]),
        dataset=np.array([a.dataset for a in articles]),
        source=np.array([a.source for a in articles]),
    )
    _CORPORA[key] = corpus
    return corpus


def _first_per_class(articles: list[LabelledArticle], limit: int) -> list[LabelledArticle]:
    kept: dict[tuple[str, int], int] = {}
    subset = []
    for a in articles:
        k = (a.dataset, a.reliable)
        if kept.get(k, 0) < limit:
            kept[k] = kept.get(k, 0) + 1
            subset.append(a)
    return subset
