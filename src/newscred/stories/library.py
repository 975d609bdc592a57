"""The store with lateral reading on top: embed, place into stories, find related coverage.

`Library.add(report)` stores an article, its report, its vector, entities and its story in
one transaction (so a run killed half-way leaves whole articles only, and
rerunning places what was stored without a story). The in-memory story index is loaded on
first use and caught up with articles other processes added before each placement.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

import numpy as np

from newscred.errors import NewscredError
from newscred.report import Report
from newscred.store.db import Store, domain_of
from newscred.stories.cluster import Neighbour, StoryIndex
from newscred.stories.embed import Embedder, from_blob, shared_embedder, to_blob
from newscred.stories.entities import article_entities
from newscred.text import Segment, sentences

MAX_SENTENCES = 120  # sentences embedded per article for claim alignment


def time_of(published: str | None, fallback: float | None = None) -> float | None:
    """Epoch seconds of an ISO date or date-time (naive = UTC); else the fallback, by
    default None: an unknown date stays unknown (see `cluster` for how stories use it)."""
    if published:
        try:
            moment = datetime.fromisoformat(published.strip().replace("Z", "+00:00"))
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=timezone.utc)
            return moment.timestamp()
        except ValueError:
            pass
    return fallback


@dataclass(frozen=True)
class Added:
    article_id: str
    story_id: int
    new_article: bool
    new_story: bool
    neighbour: Neighbour | None = None


class Library:
    def __init__(self, store: Store, *, embedder: Embedder | None = None,
                 index: StoryIndex | None = None) -> None:
        self.store = store
        self._embedder = embedder
        self._index = index
        self._loaded_rowid = 0

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = shared_embedder()
        return self._embedder

    @property
    def index(self) -> StoryIndex:
        if self._index is None:
            self._index = StoryIndex()
        self._catch_up()
        return self._index

    def _catch_up(self) -> None:
        """Load placed articles this index has not seen (all of them the first time)."""
        assert self._index is not None
        rows = self.store.db.execute(
            "SELECT a.rowid, a.id, a.at, a.entities, e.vector, sa.story_id FROM articles a"
            " JOIN embeddings e ON e.article_id = a.id AND e.model = ?"
            " JOIN story_articles sa ON sa.article_id = a.id WHERE a.rowid > ? ORDER BY a.rowid",
            (self.embedder.model_id, self._loaded_rowid),
        )
        for rowid, article_id, at, entities, blob, story_id in rows:
            self._index.add(article_id, from_blob(blob), at, story_id,
                            json.loads(entities or "[]"))
            self._loaded_rowid = max(self._loaded_rowid, rowid)

    # -- writing -----------------------------------------------------------------------
    def add(self, report: Report, *, vector: np.ndarray | None = None) -> Added:
        """Store a report, embed its article (or take `vector`, computed elsewhere with
        the same model, as the Dask ingest does) and place it into a story."""
        article = report.article
        placed = self.story_of(article.id)
        if placed is not None:  # already stored and placed: only the report is refreshed
            self.store.add(report, domain=domain_of(report))
            return Added(article.id, placed, False, False)
        if vector is None:
            vector = self.embedder.embed_articles([(article.title, article.body)])[0]
        entities = sorted(article_entities(article.title, article.body))
        at = time_of(article.published)
        index = self.index  # caught up once for this article
        placement = index.place(vector, at, entities, exclude=article.id)

        story_id: list[int] = []

        def place(db: Any) -> None:
            db.execute("INSERT OR REPLACE INTO embeddings (article_id, model, vector) VALUES (?, ?, ?)",
                       (article.id, self.embedder.model_id, to_blob(vector)))
            db.execute("UPDATE articles SET at = ?, entities = ? WHERE id = ?",
                       (at, json.dumps(entities), article.id))
            if placement.story_id is None:
                cursor = db.execute(
                    "INSERT INTO stories (created_at, title, first_at, last_at) VALUES (?, ?, ?, ?)",
                    (datetime.now(timezone.utc).isoformat(timespec="seconds"), article.title, at, at))
                story_id.append(int(cursor.lastrowid))
            else:
                story_id.append(placement.story_id)
                if at is not None:  # an undated article leaves the story's time span as it is
                    db.execute("UPDATE stories SET first_at = COALESCE(MIN(first_at, ?), ?),"
                               " last_at = COALESCE(MAX(last_at, ?), ?) WHERE id = ?",
                               (at, at, at, at, placement.story_id))
            probability = placement.neighbour.probability if placement.story_id is not None else None
            db.execute("INSERT OR REPLACE INTO story_articles (story_id, article_id, probability)"
                       " VALUES (?, ?, ?)", (story_id[0], article.id, probability))

        new = self.store.add(report, domain=domain_of(report), then=place)
        index.add(article.id, vector, at, story_id[0], entities)
        return Added(article.id, story_id[0], new, placement.story_id is None, placement.neighbour)

    def forget(self, **which: Any) -> int:
        removed = self.store.forget(**which)
        self._index, self._loaded_rowid = None, 0  # rebuilt on next use
        return removed

    # -- reading -----------------------------------------------------------------------
    def has_stories(self) -> bool:
        """True when at least one stored article is placed in a story."""
        return self.store.db.execute("SELECT 1 FROM story_articles LIMIT 1").fetchone() is not None

    def story_of(self, article_id: str) -> int | None:
        row = self.store.db.execute(
            "SELECT story_id FROM story_articles WHERE article_id = ?", (article_id,)).fetchone()
        return int(row[0]) if row else None

    def vector_of(self, article_id: str) -> np.ndarray | None:
        row = self.store.db.execute(
            "SELECT vector FROM embeddings WHERE article_id = ? AND model = ?",
            (article_id, self.embedder.model_id)).fetchone()
        return from_blob(row[0]) if row else None

    def related(self, article_id: str, *, limit: int = 20) -> list[dict[str, Any]]:
        """Coverage of a stored article's story, most similar first (see `coverage`)."""
        story = self.story_of(article_id)
        if story is None:
            raise NewscredError(
                "NC301", f"article {article_id} is not in the store",
                hint="Store it first (newscred ingest, or newscred check --db), or give a file.")
        row = self.store.db.execute("SELECT at, entities FROM articles WHERE id = ?",
                                    (article_id,)).fetchone()
        vector = self.vector_of(article_id)
        if vector is None:  # stored by an older newscred without lateral reading
            return []
        return self.coverage(vector, row[0], json.loads(row[1] or "[]"),
                             story=story, exclude=article_id, limit=limit)

    def related_to(self, report: Report, *, limit: int = 20) -> list[dict[str, Any]]:
        """Stored coverage of the story of an article that need not be stored."""
        article = report.article
        if self.story_of(article.id) is not None:
            return self.related(article.id, limit=limit)
        vector = self.embedder.embed_articles([(article.title, article.body)])[0]
        entities = article_entities(article.title, article.body)
        at = time_of(article.published)
        placement = self.index.place(vector, at, entities, exclude=article.id)
        return self.coverage(vector, at, entities, story=placement.story_id,
                             exclude=article.id, limit=limit)

    def coverage(self, vector: np.ndarray, at: float | None, entities: Any, *, story: int | None,
                 exclude: str, limit: int) -> list[dict[str, Any]]:
        """The members of `story`, plus the stored articles inside the time window that the
        same-story model pairs with this one directly (at its pairwise, FNC-1 threshold,
        the question `compare` asks): the story index links articles more strictly,
        because single-link errors compound, but a direct pair does not chain. Each row
        says how it is linked: `"link": "story"` or `"pair"`."""
        members = set(self.story_members(story)) - {exclude} if story is not None else set()
        index = self.index
        direct = {n.article_id: n for n in index.neighbours(vector, at, entities, exclude=exclude)
                  if n.probability >= index.model.threshold}
        ids = sorted(members | set(direct))
        if not ids:
            return []
        blobs = dict(self.store.db.execute(
            f"SELECT article_id, vector FROM embeddings WHERE model = ? AND article_id IN"
            f" ({','.join('?' * len(ids))})", [self.embedder.model_id, *ids]).fetchall())
        stories = dict(self.store.db.execute(
            f"SELECT article_id, story_id FROM story_articles WHERE article_id IN"
            f" ({','.join('?' * len(ids))})", ids).fetchall())
        out = []
        for row in self.articles(ids):
            blob = blobs.get(row["id"])
            row["similarity"] = round(float(from_blob(blob) @ vector), 4) if blob else None
            row["story"] = stories.get(row["id"])
            row["link"] = "story" if row["id"] in members else "pair"
            pair = direct.get(row["id"])
            row["probability"] = round(pair.probability, 4) if pair else None
            out.append(row)
        out.sort(key=lambda r: (-(r["similarity"] or 0.0), r["id"]))
        return out[:limit]

    def story_members(self, story_id: int) -> list[str]:
        return [r[0] for r in self.store.db.execute(
            "SELECT article_id FROM story_articles WHERE story_id = ? ORDER BY article_id",
            (story_id,))]

    def articles(self, ids: list[str]) -> list[dict[str, Any]]:
        marks = ",".join("?" * len(ids))
        rows = self.store.db.execute(
            f"SELECT a.id, a.title, a.outlet, a.domain, a.published, a.url, r.score FROM articles a"
            f" LEFT JOIN reports r ON r.article_id = a.id WHERE a.id IN ({marks})", ids)
        return [{"id": i, "title": t, "outlet": o, "domain": d, "published": p, "url": u,
                 "score": s} for i, t, o, d, p, u, s in rows]

    def stories(self, *, since: str | None = None, min_size: int = 1,
                limit: int = 100) -> list[dict[str, Any]]:
        """Stories, latest first, with their size, outlets and member article ids."""
        since_at = time_of(since) if since else None
        rows = self.store.db.execute(
            "SELECT s.id, s.title, s.first_at, s.last_at, COUNT(sa.article_id),"
            " GROUP_CONCAT(DISTINCT COALESCE(a.domain, a.outlet)), GROUP_CONCAT(sa.article_id)"
            " FROM stories s JOIN story_articles sa ON sa.story_id = s.id"
            " JOIN articles a ON a.id = sa.article_id"
            " WHERE (? IS NULL OR s.last_at >= ?)"
            " GROUP BY s.id HAVING COUNT(sa.article_id) >= ?"
            " ORDER BY s.last_at DESC, s.id DESC LIMIT ?",
            (since_at, since_at, min_size, limit))
        return [{"id": sid, "title": title, "first": _iso(first), "last": _iso(last),
                 "articles": size, "outlets": sorted(set((outlets or "").split(",")) - {""}),
                 "members": sorted((members or "").split(","))}
                for sid, title, first, last, size, outlets, members in rows]

    def story(self, story_id: int) -> dict[str, Any]:
        row = self.store.db.execute("SELECT id, title, first_at, last_at FROM stories WHERE id = ?",
                                    (story_id,)).fetchone()
        if row is None:
            raise NewscredError("NC302", f"there is no story {story_id} in the store",
                                hint="List stories with newscred stories.")
        members = self.articles(self.story_members(story_id))
        members.sort(key=lambda r: (r["published"] or "", r["id"]))
        return {"id": row[0], "title": row[1], "first": _iso(row[2]), "last": _iso(row[3]),
                "articles": members}

    def claim_vectors(self, report: Report, claims: list[dict[str, Any]]) -> np.ndarray:
        """Vectors of the report's listed claims, computed when first asked for (not at
        ingest, where five sentences would cost as much as the article's own vector; a
        claim is a body sentence, so its vector is that sentence's) and kept in the store's
        claims table for stored articles."""
        article_id = report.article.id
        stored = dict(self.store.db.execute(
            "SELECT start, vector FROM claims WHERE article_id = ? AND vector IS NOT NULL",
            (article_id,)).fetchall())
        missing = [c for c in claims if c["start"] not in stored]
        if missing:
            # a listed claim is a body sentence: its vector is usually that sentence's
            segments, vectors = self.sentence_vectors(report)
            texts = {c["start"]: c["text"] for c in missing}
            row = {s.start: i for i, s in enumerate(segments) if texts.get(s.start) == s.text}
            unseen = [c["text"] for c in missing if c["start"] not in row]
            extra = iter(self.embedder.embed(unseen)) if unseen else iter(())
            fresh = [vectors[row[c["start"]]] if c["start"] in row else next(extra) for c in missing]
            if self.story_of(article_id) is not None:
                with self.store.transaction() as db:
                    db.executemany("UPDATE claims SET vector = ? WHERE article_id = ? AND start = ?",
                                   [(to_blob(v), article_id, c["start"]) for c, v in zip(missing, fresh)])
            stored.update({c["start"]: to_blob(v) for c, v in zip(missing, fresh)})
        if not claims:
            return np.zeros((0, self.embedder.dim), dtype=np.float32)
        return np.stack([from_blob(stored[c["start"]]) for c in claims])

    def sentence_vectors(self, report: Report) -> tuple[tuple[Segment, ...], np.ndarray]:
        """The body's sentences and their vectors, cached in the store for stored articles."""
        article = report.article
        segments = sentences(article.body)[:MAX_SENTENCES]
        row = self.store.db.execute(
            "SELECT vectors FROM sentence_vectors WHERE article_id = ? AND model = ?",
            (article.id, self.embedder.model_id)).fetchone()
        if row is not None:
            vectors = from_blob(row[0]).reshape(-1, self.embedder.dim)
            if len(vectors) == len(segments):
                return segments, vectors
        vectors = self.embedder.embed([s.text for s in segments])
        if self.story_of(article.id) is not None:
            with self.store.transaction() as db:
                db.execute("INSERT OR REPLACE INTO sentence_vectors (article_id, model, vectors)"
                           " VALUES (?, ?, ?)", (article.id, self.embedder.model_id, to_blob(vectors)))
        return segments, vectors


def _iso(at: float | None) -> str | None:
    if at is None:
        return None
    return datetime.fromtimestamp(at, tz=timezone.utc).isoformat(timespec="seconds")
