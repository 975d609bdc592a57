"""The embedded store: one SQLite file, WAL mode, a versioned schema with migrations.

Articles are keyed by their content-hash id (DESIGN.md), so storing the same article twice
changes nothing; each write runs in its own transaction, so a run killed half-way keeps
everything committed before it and resumes without duplicates. One writer at a time
(SQLite's own lock, with a busy timeout).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from newscred.errors import NewscredError
from newscred.report import Report

# Migration n brings the schema from version n-1 to n: a script split at semicolons, or a
# tuple of statements. Never edit a shipped migration: add the next one.
MIGRATIONS: tuple[str | tuple[str, ...], ...] = (
    """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        url TEXT,
        outlet TEXT,
        domain TEXT,
        published TEXT,
        author TEXT,
        language TEXT,
        added_at TEXT NOT NULL
    );
    CREATE INDEX articles_domain ON articles(domain);
    CREATE INDEX articles_published ON articles(published);
    CREATE TABLE reports (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        schema_version TEXT NOT NULL,
        model_versions TEXT NOT NULL,
        score INTEGER,
        report TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE TABLE embeddings (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        model TEXT NOT NULL,
        vector BLOB NOT NULL,
        PRIMARY KEY (article_id, model)
    );
    CREATE TABLE stories (
        id INTEGER PRIMARY KEY,
        created_at TEXT NOT NULL
    );
    CREATE TABLE story_articles (
        story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        PRIMARY KEY (story_id, article_id)
    );
    CREATE TABLE claims (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        text TEXT NOT NULL,
        probability REAL NOT NULL,
        PRIMARY KEY (article_id, start)
    );
    """,
    # 2: lateral reading. `at` is the article's time for story windows (published, else
    # added), `entities` its named entities (JSON list); a story remembers its first title
    # and time span; sentence vectors are cached per article for claim alignment.
    """
    ALTER TABLE articles ADD COLUMN at REAL;
    ALTER TABLE articles ADD COLUMN entities TEXT;
    ALTER TABLE stories ADD COLUMN title TEXT;
    ALTER TABLE stories ADD COLUMN first_at REAL;
    ALTER TABLE stories ADD COLUMN last_at REAL;
    ALTER TABLE story_articles ADD COLUMN probability REAL;
    CREATE INDEX story_articles_article ON story_articles(article_id);
    CREATE INDEX articles_url ON articles(url);
    CREATE INDEX stories_last_at ON stories(last_at);
    ALTER TABLE claims ADD COLUMN vector BLOB;
    CREATE TABLE sentence_vectors (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        model TEXT NOT NULL,
        vectors BLOB NOT NULL,
        PRIMARY KEY (article_id, model)
    );
    """,
    # 3: an unknown date stays unknown (`at` was the time of adding: NULL now, see
    # stories/cluster.py), and a full-text index over titles and bodies (`newscred articles
    # --search`), kept in step by triggers. Statements are listed one by one: the triggers
    # hold semicolons.
    (
        "UPDATE articles SET at = NULL WHERE published IS NULL OR julianday(published) IS NULL",
        "UPDATE stories SET"
        " first_at = (SELECT MIN(a.at) FROM story_articles sa JOIN articles a ON a.id = sa.article_id"
        " WHERE sa.story_id = stories.id),"
        " last_at = (SELECT MAX(a.at) FROM story_articles sa JOIN articles a ON a.id = sa.article_id"
        " WHERE sa.story_id = stories.id)",
        "CREATE VIRTUAL TABLE articles_fts USING fts5("
        "title, body, content='articles', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')",
        "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')",
        "CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN"
        " INSERT INTO articles_fts(rowid, title, body) VALUES (new.rowid, new.title, new.body); END",
        "CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN"
        " INSERT INTO articles_fts(articles_fts, rowid, title, body)"
        " VALUES ('delete', old.rowid, old.title, old.body); END",
        "CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, body ON articles BEGIN"
        " INSERT INTO articles_fts(articles_fts, rowid, title, body)"
        " VALUES ('delete', old.rowid, old.title, old.body);"
        " INSERT INTO articles_fts(rowid, title, body) VALUES (new.rowid, new.title, new.body); END",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Store:
    """A store file. Use as a context manager, or call `close()`."""

    def __init__(self, path: Path, *, check_same_thread: bool = True) -> None:
        """`check_same_thread=False` lets other threads use the connection; the caller
        must then serialise every use (the server holds one lock around its store)."""
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, timeout=30, isolation_level=None,
                                      check_same_thread=check_same_thread)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self._migrate()
        except OSError as exc:  # e.g. the data directory cannot be created or read
            raise NewscredError(
                "NC306", f"cannot open the store {self.path}: {exc.strerror or exc}") from None
        except sqlite3.DatabaseError as exc:
            raise store_error(exc, self.path) from None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All or nothing: any failure rolls back; a full disk, a read-only file or a
        damaged one surfaces as a coded error (NC305, NC306, NC300)."""
        try:
            self.db.execute("BEGIN IMMEDIATE")  # one writer: take the write lock up front
            try:
                yield self.db
                self.db.execute("COMMIT")
            except BaseException:
                if self.db.in_transaction:
                    self.db.execute("ROLLBACK")
                raise
        except sqlite3.DatabaseError as exc:
            raise store_error(exc, self.path) from None

    @property
    def version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        current = self.version
        if current > SCHEMA_VERSION:
            raise NewscredError(
                "NC300", f"{self.path} has schema version {current}, newer than this "
                f"newscred ({SCHEMA_VERSION})", hint="Upgrade newscred to open this store.",
            )
        for number in range(current, SCHEMA_VERSION):
            migration = MIGRATIONS[number]
            statements = migration.split(";") if isinstance(migration, str) else migration
            with self.transaction() as db:
                for statement in statements:
                    if statement.strip():
                        db.execute(statement)
                db.execute(f"PRAGMA user_version = {number + 1}")

    # -- writing -----------------------------------------------------------------------
    def add(self, report: Report, *, domain: str | None = None,
            then: Callable[[sqlite3.Connection], None] | None = None) -> bool:
        """Store an article and its report; False when the article was already stored
        (its report is then replaced by this one). `then` runs more writes in the same
        transaction (lateral reading stores the vector and story with the article)."""
        article = report.article
        with self.transaction() as db:
            cursor = db.execute(
                "INSERT OR IGNORE INTO articles (id, title, body, url, outlet, domain, published,"
                " author, language, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (article.id, article.title, article.body, article.url, article.outlet, domain,
                 article.published, article.author, article.language, _now()),
            )
            new = cursor.rowcount == 1
            db.execute(
                "INSERT OR REPLACE INTO reports (article_id, schema_version, model_versions,"
                " score, report, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                (article.id, report.schema_version, json.dumps(report.model_versions),
                 report.assessment.score, report.model_dump_json(), _now()),
            )
            claims = report.signal("claims")
            for claim in (claims.details.get("claims", []) if claims else []):
                db.execute(
                    "INSERT OR REPLACE INTO claims (article_id, start, end, text, probability)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (article.id, claim["start"], claim["end"], claim["text"], claim["probability"]),
                )
            if then is not None:
                then(db)
        return new

    def forget_candidates(self, *, article_id: str | None = None, domain: str | None = None,
                          before: str | None = None) -> list[tuple[str, str, str]]:
        """(id, date, title) of every article `forget` would delete with these criteria."""
        where, values = _forget_where(article_id, domain, before)
        return [tuple(row) for row in self.db.execute(
            f"SELECT id, COALESCE(published, added_at), title FROM articles WHERE {where} "
            "ORDER BY COALESCE(published, added_at), id", values)]

    def forget(self, *, article_id: str | None = None, domain: str | None = None,
               before: str | None = None) -> int:
        """Delete articles (and everything hanging off them); returns how many."""
        where, values = _forget_where(article_id, domain, before)
        with self.transaction() as db:
            cursor = db.execute(f"DELETE FROM articles WHERE {where}", values)
            db.execute("DELETE FROM stories WHERE id NOT IN (SELECT story_id FROM story_articles)")
            if cursor.rowcount:  # the stories that lost articles keep their true time span
                db.execute(
                    "UPDATE stories SET first_at = (SELECT MIN(a.at) FROM story_articles sa"
                    " JOIN articles a ON a.id = sa.article_id WHERE sa.story_id = stories.id),"
                    " last_at = (SELECT MAX(a.at) FROM story_articles sa"
                    " JOIN articles a ON a.id = sa.article_id WHERE sa.story_id = stories.id)")
        return cursor.rowcount

    # -- reading -----------------------------------------------------------------------
    def report(self, article_id: str) -> Report | None:
        row = self.db.execute("SELECT report FROM reports WHERE article_id = ?", (article_id,)).fetchone()
        return Report.model_validate_json(row[0]) if row else None

    def count(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def ids(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT id FROM articles ORDER BY added_at, id")]

    def articles(self, *, search: str | None = None, outlet: str | None = None,
                 since: str | None = None, limit: int = 50) -> list[dict[str, object]]:
        """Stored articles, newest first (by the published date, else the date added): id,
        published, added, outlet, domain, score and title. `search` matches every word of it in the title or body (full-text,
        ranked by relevance); `outlet` an outlet name or domain (subdomains too); `since`
        an ISO date, compared with the article's date."""
        clauses, values = [], []
        join, order = "", "COALESCE(a.published, a.added_at) DESC, a.id"
        if search is not None:
            query = fts_query(search)
            join = " JOIN articles_fts f ON f.rowid = a.rowid"
            clauses.append("articles_fts MATCH ?")
            values.append(query)
            order = "f.rank, a.id"
        if outlet:
            clauses.append("(a.domain = ? OR a.domain LIKE ? OR a.outlet = ? COLLATE NOCASE)")
            values += [outlet, f"%.{outlet}", outlet]
        if since:
            clauses.append("COALESCE(a.published, a.added_at) >= ?")
            values.append(since)
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        rows = self.db.execute(
            "SELECT a.id, a.published, a.added_at, a.outlet,"
            f" a.domain, r.score, a.title FROM articles a{join}"
            f" LEFT JOIN reports r ON r.article_id = a.id{where} ORDER BY {order} LIMIT ?",
            [*values, limit])
        return [{"id": i, "published": p, "added": added, "outlet": o, "domain": dom,
                 "score": s, "title": t} for i, p, added, o, dom, s, t in rows]

    def has_url(self, url: str) -> bool:
        """True when an article with exactly this URL is stored (feeds skip refetching it)."""
        row = self.db.execute("SELECT 1 FROM articles WHERE url = ? LIMIT 1", (url,)).fetchone()
        return row is not None


def store_error(exc: sqlite3.DatabaseError, path: Path) -> NewscredError:
    """A coded error for a failure of the store's file: full, not writable, or damaged."""
    text = str(exc).lower()
    if "full" in text:
        return NewscredError("NC305", f"the store {path} is full: {exc}")
    if "readonly" in text or "read-only" in text or "unable to open" in text or "permission" in text:
        return NewscredError("NC306", f"the store {path} cannot be written: {exc}")
    return NewscredError("NC300", f"{path} is not a usable newscred store: {exc}",
                         hint="Give another --db path, or move the damaged file away.")


def fts_query(text: str) -> str:
    """A full-text query that matches every word of `text` (quoted, so that FTS5's own
    syntax in the user's text is read as words)."""
    words = re.findall(r"\w+", text)
    if not words:
        raise NewscredError("NC114", f"the search {text!r} holds no words",
                            hint="Search for words, e.g. --search 'city grant lawsuit'.")
    return " ".join(f'"{word}"' for word in words)


def _forget_where(article_id: str | None, domain: str | None,
                  before: str | None) -> tuple[str, list[str]]:
    clauses, values = [], []
    if article_id:
        clauses.append("id = ?")
        values.append(article_id)
    if domain:
        clauses.append("(domain = ? OR domain LIKE ?)")
        values += [domain, f"%.{domain}"]
    if before:
        clauses.append("COALESCE(published, added_at) < ?")
        values.append(before)
    if not clauses:
        raise NewscredError("NC114", "forget needs an id, --outlet or --before",
                            hint="Say what to delete; nothing was deleted.")
    return " AND ".join(clauses), values


def domain_of(report: Report) -> str | None:
    """The outlet domain the report's `outlet` signal resolved, if any."""
    outlet = report.signal("outlet")
    return outlet.details["record"]["domain"] if outlet is not None else None


def default_path() -> Path:
    from newscred.outlets.table import data_dir

    return data_dir() / "store.sqlite"
