"""The article store: one SQLite file holding articles, their records, feed state, pending alerts and the run log.

Every write is one transaction (``BEGIN IMMEDIATE`` ... ``COMMIT``): an article, its URLs, its record, the
feed item that brought it and its alerts land together or not at all, so a job killed at any moment leaves
nothing half-written. WAL mode lets readers (``export``, review) work while a job writes. The schema is
versioned with ``PRAGMA user_version`` and upgraded by the ordered ``MIGRATIONS`` when a store is opened.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import sqlite3
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Optional

import regex

DEFAULT_DB = "extractor.db"
DB_ENV = "EXTRACTOR_DB"

# Migration N (1-based) brings a store from schema version N-1 to N. Append, never edit a released one.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE articles (
        id               TEXT PRIMARY KEY,
        url              TEXT UNIQUE,          -- canonical http(s) URL; NULL for a file without one
        source           TEXT NOT NULL,        -- where it was read: the URL as given, or the file path
        feed             TEXT,                 -- the feed that listed it (watch)
        title            TEXT,
        published        TEXT,                 -- YYYY-MM-DD
        published_source TEXT,                 -- caller | metadata
        fetched_at       TEXT NOT NULL,        -- UTC, ISO 8601
        text             TEXT NOT NULL,
        content_hash     TEXT NOT NULL UNIQUE, -- sha256 of the whitespace-normalised text
        warnings         TEXT NOT NULL DEFAULT '[]'
    );
    CREATE INDEX articles_fetched_at ON articles(fetched_at);
    CREATE INDEX articles_source ON articles(source);
    -- every URL an article was met under (as given, after redirects, the page's canonical link)
    CREATE TABLE article_urls (
        url        TEXT PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE
    );
    CREATE TABLE records (
        article_id        TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        extractor_version TEXT NOT NULL,
        extracted_at      TEXT NOT NULL,
        observations      INTEGER NOT NULL,
        record            TEXT NOT NULL        -- the record as JSON
    );
    CREATE TABLE feeds (
        url            TEXT PRIMARY KEY,
        etag           TEXT,
        last_modified  TEXT,
        last_polled_at TEXT,
        last_ok_at     TEXT,
        last_error     TEXT
    );
    -- what became of each item a feed listed: stored | irrelevant | gone | failed (retried) | abandoned
    CREATE TABLE feed_items (
        feed_url   TEXT NOT NULL,
        item_key   TEXT NOT NULL,
        link       TEXT NOT NULL,
        title      TEXT,
        published  TEXT,
        status     TEXT NOT NULL,
        article_id TEXT REFERENCES articles(id) ON DELETE SET NULL,
        attempts   INTEGER NOT NULL DEFAULT 0,
        error      TEXT,
        first_seen TEXT NOT NULL,
        last_tried TEXT,
        PRIMARY KEY (feed_url, item_key)
    );
    CREATE INDEX feed_items_status ON feed_items(status);
    -- alert lines written in the same transaction as their article, delivered to the alerts file after
    CREATE TABLE alerts (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        alert_key    TEXT NOT NULL UNIQUE,
        article_id   TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        line         TEXT NOT NULL,
        created_at   TEXT NOT NULL,
        delivered_at TEXT
    );
    CREATE INDEX alerts_pending ON alerts(delivered_at) WHERE delivered_at IS NULL;
    CREATE TABLE runs (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        command     TEXT NOT NULL,
        args        TEXT NOT NULL,
        pid         INTEGER NOT NULL,
        started_at  TEXT NOT NULL,
        finished_at TEXT,
        status      TEXT NOT NULL,             -- running | ok | failed | stopped (signal) | interrupted (died)
        summary     TEXT
    );
    """,
    # 2: reviewers' decisions on observations (extractor review), appended, never updated: the latest row
    # for an observation decides, and the extractor's record is never changed by a review.
    """
    CREATE TABLE reviews (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        observation INTEGER,                   -- index in the record's observations, NULL for the article
        original    TEXT,                      -- the observation as extracted (JSON), matched on re-extraction
        decision    TEXT NOT NULL,             -- accept | reject | correct | clear | add | withdraw | done
        correction  TEXT,                      -- JSON fields of a correct or add decision
        reviewer    TEXT NOT NULL,
        reviewed_at TEXT NOT NULL              -- UTC, ISO 8601
    );
    CREATE INDEX reviews_article ON reviews(article_id, id);
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)


class StoreError(Exception):
    """A store that cannot be opened or used; the message is one line for the user."""


def now() -> str:
    """The current UTC time, ISO 8601 to the second."""
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


_SPACE = regex.compile(r"\s+")


def content_hash(text: str) -> str:
    """The identity of an article text: sha256 of its NFC form with whitespace runs collapsed."""
    normal = _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def default_db_path() -> Path:
    """``$EXTRACTOR_DB``, else ``extractor.db`` in the working directory."""
    return Path(os.environ.get(DB_ENV) or DEFAULT_DB)


@dataclass
class StoredArticle:
    """An article as the store holds it."""

    id: str
    url: Optional[str]
    source: str
    title: Optional[str]
    published: Optional[str]
    published_source: Optional[str]
    fetched_at: str
    text: str
    content_hash: str
    feed: Optional[str] = None
    warnings: list = field(default_factory=list)
    extractor_version: Optional[str] = None


@dataclass
class NewArticle:
    """An article about to be stored (its id is chosen by the store)."""

    text: str
    source: str
    url: Optional[str] = None  # canonical URL
    urls: tuple[str, ...] = ()  # further URLs it is known under
    title: Optional[str] = None
    published: Optional[str] = None
    published_source: Optional[str] = None
    feed: Optional[str] = None
    id_hint: Optional[str] = None  # a file's stem
    warnings: list = field(default_factory=list)  # ExtractionWarning dicts

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)


class Store:
    """An open store. Use as a context manager, or call ``close()``."""

    def __init__(self, path: Path | str, create: bool = True, migrations: Optional[list[str]] = None):
        self.path = Path(path)
        self.migrations = MIGRATIONS if migrations is None else migrations
        if not create and not self.path.exists():
            raise StoreError(f"no store at {self.path} (run `extractor ingest` or `extractor watch` first, "
                             f"or give --db)")
        if self.path.exists() and self.path.is_dir():
            raise StoreError(f"{self.path} is a directory, not a store file")
        if not self.path.parent.is_dir() and str(self.path.parent):
            raise StoreError(f"folder {self.path.parent} does not exist")
        try:
            self.conn = sqlite3.connect(str(self.path), timeout=30, isolation_level=None,
                                        check_same_thread=False)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA foreign_keys = ON")
            self.conn.execute("PRAGMA busy_timeout = 30000")
            mode = self.conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode.lower() != "wal":
                raise StoreError(f"{self.path}: cannot switch the store to WAL mode (got {mode})")
            # FULL: a committed article survives even a power cut, not only a killed process.
            self.conn.execute("PRAGMA synchronous = FULL")
            self._migrate()
        except sqlite3.DatabaseError as err:
            raise StoreError(f"{self.path}: not a usable store ({err})") from None

    # ----- schema -----

    @property
    def version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self) -> None:
        target = len(self.migrations)
        if self.version > target:
            raise StoreError(f"{self.path}: schema version {self.version} was written by a newer extractor "
                             f"(this one knows up to {target}); upgrade extractor")
        while self.version < target:
            step = self.version
            with self.transaction() as conn:
                if conn.execute("PRAGMA user_version").fetchone()[0] != step:
                    continue  # another process migrated meanwhile
                for statement in _statements(self.migrations[step]):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {step + 1}")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken at once (``BEGIN IMMEDIATE``); rolled back on any error."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ----- articles -----

    def find(self, url: Optional[str] = None, source: Optional[str] = None,
             content_hash: Optional[str] = None, urls: tuple[str, ...] = ()) -> Optional[str]:
        """The id of the stored article known under any of these URLs, this file source or this text hash."""
        conn = self.conn
        for u in ([url] if url else []) + list(urls):
            row = conn.execute("SELECT article_id FROM article_urls WHERE url = ?", (u,)).fetchone()
            if row:
                return row[0]
        if source:
            row = conn.execute("SELECT id FROM articles WHERE source = ? AND url IS NULL", (source,)).fetchone()
            if row:
                return row[0]
        if content_hash:
            row = conn.execute("SELECT id FROM articles WHERE content_hash = ?", (content_hash,)).fetchone()
            if row:
                return row[0]
        return None

    def get(self, article_id: str) -> Optional[StoredArticle]:
        row = self.conn.execute(
            "SELECT a.*, r.extractor_version FROM articles a LEFT JOIN records r ON r.article_id = a.id "
            "WHERE a.id = ?", (article_id,)).fetchone()
        return _stored(row) if row else None

    def count(self, table: str = "articles") -> int:
        if table not in {"articles", "records", "article_urls", "feed_items", "alerts", "runs", "feeds"}:
            raise ValueError(table)
        return self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    def articles(self, ids: Optional[list[str]] = None, outdated: Optional[str] = None) -> Iterator[StoredArticle]:
        """Stored articles in storage order: all, these ids, or those whose record is missing or not of
        extractor version ``outdated``."""
        where, params = [], []
        if ids is not None:
            where.append(f"a.id IN ({','.join('?' * len(ids))})")
            params += list(ids)
        elif outdated is not None:
            where.append("(r.extractor_version IS NULL OR r.extractor_version != ?)")
            params.append(outdated)
        # Read in pages, so that writes between pages (reprocess) never wait on an open cursor.
        last = 0
        while True:
            rows = self.conn.execute(
                "SELECT a.rowid AS row_number, a.*, r.extractor_version FROM articles a"
                " LEFT JOIN records r ON r.article_id = a.id WHERE " + " AND ".join(where + ["a.rowid > ?"])
                + " ORDER BY a.rowid LIMIT 200", params + [last]).fetchall()
            if not rows:
                return
            for row in rows:
                yield _stored(row)
            last = rows[-1]["row_number"]

    def new_id(self, article: NewArticle) -> str:
        """A stable, readable id: ``host-hash`` of the canonical URL, else the file's stem (with the text's
        hash when that stem is taken)."""
        conn = self.conn
        if article.url:
            base = url_id(article.url)
        else:
            base = regex.sub(r"[^\w.-]+", "_", article.id_hint or "article").strip("_") or "article"
        if not conn.execute("SELECT 1 FROM articles WHERE id = ?", (base,)).fetchone():
            return base
        candidate = f"{base}-{article.content_hash[:8]}"
        n = 2
        while conn.execute("SELECT 1 FROM articles WHERE id = ?", (candidate,)).fetchone():
            candidate = f"{base}-{article.content_hash[:8]}-{n}"
            n += 1
        return candidate

    def save(self, article: NewArticle, record_for, force: bool = False, alerts: bool = False,
             feed_item: Optional[dict] = None) -> tuple[str, str]:
        """Store an article with its record in one transaction; ``(id, status)`` with status ``new``,
        ``duplicate`` (already stored under a URL, path or the same text: only new URLs are remembered) or
        ``updated`` (``force``: text, metadata and record replaced).

        ``record_for(article_id)`` returns the Record; it is called before the transaction opens when the
        article looks new, so a long extraction never holds the write lock. ``alerts``: queue one alert per
        observation of a new article. ``feed_item``: the feed item to mark ``stored`` in the same transaction.
        """
        urls = tuple(dict.fromkeys(([article.url] if article.url else []) + list(article.urls)))
        digest = article.content_hash
        existing = self.find(urls=urls, source=None if article.url else article.source, content_hash=digest)
        record = None
        if existing is None or force:
            record = record_for(existing or self.new_id(article))
        with self.transaction() as conn:
            found = self.find(urls=urls, source=None if article.url else article.source, content_hash=digest)
            if found is not None and not force:
                self._add_urls(found, urls)
                self._mark_item(feed_item, "stored", found)
                return found, "duplicate"
            if found is None:
                article_id = self.new_id(article)
                conn.execute(
                    "INSERT INTO articles (id, url, source, feed, title, published, published_source, fetched_at,"
                    " text, content_hash, warnings) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    (article_id, article.url, article.source, article.feed, article.title, article.published,
                     article.published_source, now(), article.text, digest, json.dumps(article.warnings)))
                status = "new"
            else:
                article_id, status = found, "updated"
                # A forced re-read replaces text and metadata, unless the new text is another stored article's.
                if not conn.execute("SELECT 1 FROM articles WHERE content_hash = ? AND id != ?",
                                    (digest, article_id)).fetchone():
                    conn.execute(
                        "UPDATE articles SET url = coalesce(url, ?), title = ?, published = ?,"
                        " published_source = ?, fetched_at = ?, text = ?, content_hash = ?, warnings = ?"
                        " WHERE id = ?",
                        (article.url, article.title, article.published, article.published_source, now(),
                         article.text, digest, json.dumps(article.warnings), article_id))
            if record is None:
                record = record_for(article_id)
            elif record.id != article_id:
                record = record.model_copy(update={"id": article_id})
            self._add_urls(article_id, urls)
            self._write_record(article_id, record)
            if alerts and status == "new":
                self._queue_alerts(article_id, article, record)
            self._mark_item(feed_item, "stored", article_id)
        return article_id, status

    def save_record(self, record) -> None:
        """Replace the record of a stored article (reprocess)."""
        with self.transaction():
            self._write_record(record.id, record)

    def _write_record(self, article_id: str, record) -> None:
        self.conn.execute(
            "INSERT INTO records (article_id, extractor_version, extracted_at, observations, record)"
            " VALUES (?,?,?,?,?) ON CONFLICT(article_id) DO UPDATE SET extractor_version = excluded.extractor_version,"
            " extracted_at = excluded.extracted_at, observations = excluded.observations, record = excluded.record",
            (article_id, record.extractor_version, now(), len(record.observations), record.model_dump_json()))

    def _add_urls(self, article_id: str, urls: tuple[str, ...]) -> None:
        for u in urls:
            self.conn.execute("INSERT OR IGNORE INTO article_urls (url, article_id) VALUES (?, ?)", (u, article_id))

    # ----- alerts -----

    def _queue_alerts(self, article_id: str, article: NewArticle, record) -> None:
        for index, obs in enumerate(record.observations):
            line = alert_line(article_id, article.url or article.source, article.title, record.published, index, obs)
            self.conn.execute(
                "INSERT OR IGNORE INTO alerts (alert_key, article_id, line, created_at) VALUES (?,?,?,?)",
                (line["alert_id"], article_id, json.dumps(line, ensure_ascii=False), now()))

    def pending_alerts(self) -> list[tuple[int, str, str]]:
        """(row id, alert key, JSON line) of alerts not yet written to the alerts file, oldest first."""
        return [(r[0], r[1], r[2]) for r in self.conn.execute(
            "SELECT id, alert_key, line FROM alerts WHERE delivered_at IS NULL ORDER BY id")]

    def mark_delivered(self, ids: list[int]) -> None:
        with self.transaction() as conn:
            stamp = now()
            conn.executemany("UPDATE alerts SET delivered_at = ? WHERE id = ?", [(stamp, i) for i in ids])

    # ----- feeds -----

    def feed_state(self, url: str) -> dict:
        row = self.conn.execute("SELECT * FROM feeds WHERE url = ?", (url,)).fetchone()
        return dict(row) if row else {"url": url, "etag": None, "last_modified": None}

    def set_feed_state(self, url: str, ok: bool, etag: Optional[str] = None, last_modified: Optional[str] = None,
                       error: Optional[str] = None, keep_validators: bool = False) -> None:
        """Record a poll. The validators (ETag, Last-Modified) are saved only once every item of the poll is
        recorded, so a job killed mid-poll fetches the whole feed again rather than skipping items."""
        stamp = now()
        with self.transaction() as conn:
            conn.execute("INSERT OR IGNORE INTO feeds (url) VALUES (?)", (url,))
            if ok:
                if keep_validators:
                    conn.execute("UPDATE feeds SET last_polled_at = ?, last_ok_at = ?, last_error = NULL"
                                 " WHERE url = ?", (stamp, stamp, url))
                else:
                    conn.execute("UPDATE feeds SET etag = ?, last_modified = ?, last_polled_at = ?, last_ok_at = ?,"
                                 " last_error = NULL WHERE url = ?", (etag, last_modified, stamp, stamp, url))
            else:
                conn.execute("UPDATE feeds SET last_polled_at = ?, last_error = ? WHERE url = ?", (stamp, error, url))

    def feed_item(self, feed_url: str, item_key: str) -> Optional[dict]:
        row = self.conn.execute("SELECT * FROM feed_items WHERE feed_url = ? AND item_key = ?",
                                (feed_url, item_key)).fetchone()
        return dict(row) if row else None

    def retry_items(self, feed_url: str, max_attempts: int) -> list[dict]:
        """Items of this feed whose fetch failed for a passing reason and may be tried again."""
        return [dict(r) for r in self.conn.execute(
            "SELECT * FROM feed_items WHERE feed_url = ? AND status = 'failed' AND attempts < ?"
            " ORDER BY first_seen, rowid", (feed_url, max_attempts))]

    def mark_item(self, item: dict, status: str, article_id: Optional[str] = None, error: Optional[str] = None,
                  max_attempts: int = 0) -> str:
        """Record what became of a feed item (its own transaction); a failure counts an attempt and becomes
        ``abandoned`` after ``max_attempts``. Returns the status written."""
        with self.transaction():
            return self._mark_item(item, status, article_id, error, max_attempts)

    def _mark_item(self, item: Optional[dict], status: str, article_id: Optional[str] = None,
                   error: Optional[str] = None, max_attempts: int = 0) -> str:
        if item is None:
            return status
        conn = self.conn
        stamp = now()
        conn.execute(
            "INSERT OR IGNORE INTO feed_items (feed_url, item_key, link, title, published, status, first_seen)"
            " VALUES (?,?,?,?,?,?,?)",
            (item["feed_url"], item["item_key"], item["link"], item.get("title"), item.get("published"),
             "failed", stamp))
        if status == "failed":
            attempts = conn.execute("SELECT attempts FROM feed_items WHERE feed_url = ? AND item_key = ?",
                                    (item["feed_url"], item["item_key"])).fetchone()[0] + 1
            if max_attempts and attempts >= max_attempts:
                status = "abandoned"
            conn.execute("UPDATE feed_items SET status = ?, attempts = ?, error = ?, last_tried = ?"
                         " WHERE feed_url = ? AND item_key = ?",
                         (status, attempts, error, stamp, item["feed_url"], item["item_key"]))
        else:
            conn.execute("UPDATE feed_items SET status = ?, article_id = ?, error = ?, last_tried = ?,"
                         " attempts = attempts + 1 WHERE feed_url = ? AND item_key = ?",
                         (status, article_id, error, stamp, item["feed_url"], item["item_key"]))
        return status

    # ----- run log -----

    def start_run(self, command: str, args: dict) -> int:
        """Log the start of a run; runs of dead processes still marked running become ``interrupted``."""
        with self.transaction() as conn:
            for row in conn.execute("SELECT id, pid FROM runs WHERE status = 'running'").fetchall():
                if row["pid"] != os.getpid() and not _alive(row["pid"]):
                    conn.execute("UPDATE runs SET status = 'interrupted' WHERE id = ?", (row["id"],))
            cur = conn.execute("INSERT INTO runs (command, args, pid, started_at, status) VALUES (?,?,?,?,?)",
                               (command, json.dumps(args, default=str), os.getpid(), now(), "running"))
            return cur.lastrowid

    def update_run(self, run_id: int, summary: dict, status: Optional[str] = None) -> None:
        with self.transaction() as conn:
            if status is None:
                conn.execute("UPDATE runs SET summary = ? WHERE id = ?", (json.dumps(summary), run_id))
            else:
                conn.execute("UPDATE runs SET summary = ?, status = ?, finished_at = ? WHERE id = ?",
                             (json.dumps(summary), status, now(), run_id))

    def runs(self) -> list[dict]:
        return [dict(r) for r in self.conn.execute("SELECT * FROM runs ORDER BY id")]

    # ----- export -----

    def records(self, since: Optional[str] = None) -> Iterator[tuple[sqlite3.Row, dict]]:
        """(article row, record dict) of every article stored on or after ``since`` (YYYY-MM-DD, UTC)."""
        sql = ("SELECT a.id, a.url, a.source, a.title, a.published, a.fetched_at, r.record FROM articles a"
               " JOIN records r ON r.article_id = a.id")
        params: list = []
        if since:
            sql += " WHERE a.fetched_at >= ?"
            params.append(since)
        sql += " ORDER BY a.fetched_at, a.rowid"
        for row in self.conn.execute(sql, params):
            yield row, json.loads(row["record"])


def url_id(url: str) -> str:
    """``host-hash``: the host without ``www.`` and 10 hex digits of the canonical URL's sha256."""
    from urllib.parse import urlsplit

    host = (urlsplit(url).hostname or "url").removeprefix("www.")
    return f"{host}-{hashlib.sha256(url.encode('utf-8')).hexdigest()[:10]}"


def alert_line(article_id: str, url: Optional[str], title: Optional[str], published: Optional[str],
               index: int, obs) -> dict:
    """One alerts-file line: an observation with the article it came from and its region's name."""
    data = obs.model_dump(mode="json") if hasattr(obs, "model_dump") else dict(obs)
    return {"alert_id": f"{article_id}#{index}", "article_id": article_id, "url": url, "title": title,
            "published": published, "metric": data.get("metric"), "value": data.get("value"),
            "region": data.get("region"), "region_name": region_name(data.get("region")),
            "as_of": data.get("as_of"), "kind": data.get("kind"), "qualifier": data.get("qualifier"),
            "segment": data.get("segment"), "found_at": now()}


def region_name(code: Optional[str]) -> Optional[str]:
    """The official name of a region code (``ID`` is Indonesia), or None when unknown."""
    if not code:
        return None
    try:
        from .regions import gazetteer
    except ImportError:
        return None
    found = gazetteer.region(code)
    return found.name if found else None


def _stored(row: sqlite3.Row) -> StoredArticle:
    keys = row.keys()
    return StoredArticle(
        id=row["id"], url=row["url"], source=row["source"], title=row["title"], published=row["published"],
        published_source=row["published_source"], fetched_at=row["fetched_at"], text=row["text"],
        content_hash=row["content_hash"], feed=row["feed"], warnings=json.loads(row["warnings"] or "[]"),
        extractor_version=row["extractor_version"] if "extractor_version" in keys else None)


def _statements(script: str) -> list[str]:
    """The statements of a migration script (no semicolons inside literals in our scripts)."""
    lines = [line.split("--", 1)[0] for line in script.splitlines()]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
