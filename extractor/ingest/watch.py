"""``extractor watch``: poll feeds, fetch new items, keep the relevant ones, extract, store, alert.

Crash safety: each article is stored with its record, its feed item and its alerts in one transaction; a
feed's validators (ETag, Last-Modified) are saved only after all its items are recorded; alerts reach the
alerts file from the store's queue, exactly once. A job killed at any point and started again fetches what it
had not recorded and nothing twice.
"""

from __future__ import annotations

import signal
import sqlite3
import threading
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from ..inputs import InputError
from ..store import Store
from .articles import Extractor, deliver_alerts, extraction_failure, log, read_url
from .cli import parse_interval
from .feeds import FeedError, FeedItem, parse_feed
from .fetch import FetchError, Fetcher, Limits, check_url
from .relevance import Relevance, VocabularyError

FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
DEFAULT_INTERVAL = 15 * 60
CONFIG_KEYS = {"feeds", "interval", "db", "alerts", "vocabulary", "max_attempts", "limits"}
LIMIT_KEYS = {"timeout", "max_bytes", "delay", "retries", "backoff", "deadline", "max_redirects"}


class WatchConfigError(Exception):
    """Bad options or config file; the message is one line."""


@dataclass
class WatchOptions:
    feeds: list[str]
    db: Optional[Path] = None
    interval: float = DEFAULT_INTERVAL
    once: bool = False
    alerts: Optional[Path] = None
    vocabulary: Optional[Path] = None
    max_attempts: int = 5
    quiet: bool = False
    limits: Limits = field(default_factory=Limits)


def load_config(path: Path) -> dict:
    """A TOML config (``.toml``), or a text file of feed URLs (one a line, ``#`` comments)."""
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise WatchConfigError(f"--config {path}: cannot read ({getattr(err, 'strerror', None) or err})") from None
    if path.suffix.lower() != ".toml":
        feeds = [line.split("#", 1)[0].strip() for line in raw.splitlines()]
        return {"feeds": [f for f in feeds if f]}
    try:
        config = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as err:
        raise WatchConfigError(f"--config {path}: not valid TOML ({err})") from None
    unknown = set(config) - CONFIG_KEYS
    if unknown:
        raise WatchConfigError(f"--config {path}: unknown key(s) {', '.join(sorted(unknown))} "
                               f"(known: {', '.join(sorted(CONFIG_KEYS))})")
    limits = config.get("limits", {})
    if not isinstance(limits, dict) or set(limits) - LIMIT_KEYS:
        raise WatchConfigError(f"--config {path}: [limits] takes only {', '.join(sorted(LIMIT_KEYS))}")
    if "max_bytes" in limits and isinstance(limits["max_bytes"], str):
        from .cli import _size

        try:
            limits["max_bytes"] = _size(limits["max_bytes"])
        except Exception as err:
            raise WatchConfigError(f"--config {path}: limits.max_bytes: {err}") from None
    for key in LIMIT_KEYS & set(limits):
        if not isinstance(limits[key], (int, float)) or limits[key] < 0:
            raise WatchConfigError(f"--config {path}: limits.{key} must be a non-negative number")
    feeds = config.get("feeds", [])
    if not isinstance(feeds, list) or not all(isinstance(f, str) for f in feeds):
        raise WatchConfigError(f"--config {path}: feeds must be a list of URLs")
    for key in ("db", "alerts", "vocabulary"):  # relative paths are relative to the config file
        if key in config:
            if not isinstance(config[key], str):
                raise WatchConfigError(f"--config {path}: {key} must be a path")
            config[key] = path.parent / config[key]
    return config


def resolve_options(args) -> tuple[WatchOptions, dict]:
    """Options from the command line, falling back to the config file, then to the defaults."""
    config = load_config(args.config) if args.config else {}
    feeds = list(dict.fromkeys(list(args.feeds) + list(config.get("feeds", []))))
    if not feeds:
        raise WatchConfigError("no feed to watch: give FEED_URL... or --config FILE with feeds")
    for feed in feeds:
        try:
            check_url(feed)
        except FetchError as err:
            raise WatchConfigError(f"feed {err}") from None
    interval = args.interval if args.interval is not None else config.get("interval", DEFAULT_INTERVAL)
    try:
        seconds = parse_interval(str(interval))
    except ValueError as err:
        raise WatchConfigError(f"--interval {err}") from None
    options = WatchOptions(
        feeds=feeds, db=args.db or config.get("db"), interval=seconds, once=args.once,
        alerts=args.alerts or config.get("alerts"), vocabulary=args.vocabulary or config.get("vocabulary"),
        max_attempts=args.max_attempts if args.max_attempts is not None else int(config.get("max_attempts", 5)),
        quiet=args.quiet)
    if options.alerts and Path(options.alerts).is_dir():
        raise WatchConfigError(f"--alerts {options.alerts} is a directory")
    if options.alerts and not Path(options.alerts).parent.is_dir():
        raise WatchConfigError(f"--alerts: folder {Path(options.alerts).parent} does not exist")
    return options, config


class Watcher:
    """One watch job: polls, processes items, keeps counts."""

    def __init__(self, store: Store, options: WatchOptions, stop: threading.Event):
        self.store = store
        self.options = options
        self.stop = stop
        try:
            self.relevance = Relevance.load(options.vocabulary)
        except VocabularyError as err:
            raise WatchConfigError(str(err)) from None
        self.fetcher = Fetcher(options.limits, log=lambda m: self.say(f"          {m}"))
        self.extractor = Extractor()
        self.totals: dict[str, int] = {}

    def say(self, message: str, always: bool = False) -> None:
        if always or not self.options.quiet:
            log(message)

    def poll(self, number: int) -> dict[str, int]:
        """Poll every feed once; the counts of this poll."""
        counts = dict.fromkeys(["feeds_ok", "feeds_failed", "items", "stored", "duplicate", "irrelevant", "seen",
                                "gone", "unreadable", "failed", "alerts"], 0)
        started = time.monotonic()
        counts["alerts"] += self.deliver()  # left over by a killed job
        for feed_url in self.options.feeds:
            if self.stop.is_set():
                break
            self.poll_feed(feed_url, counts)
        for key, value in counts.items():
            self.totals[key] = self.totals.get(key, 0) + value
        failed_items = counts["failed"] + counts["gone"] + counts["unreadable"]
        log(f"poll {number} done in {time.monotonic() - started:.1f}s: {counts['feeds_ok']} feed(s) read, "
            f"{counts['feeds_failed']} failed; {counts['items']} item(s): {counts['stored']} new, "
            f"{counts['duplicate']} already stored, {counts['irrelevant']} not relevant, {counts['seen']} seen "
            f"before, {failed_items} failed; {counts['alerts']} alert(s)")
        return counts

    def poll_feed(self, feed_url: str, counts: dict[str, int]) -> None:
        state = self.store.feed_state(feed_url)
        headers = {}
        if state.get("etag"):
            headers["If-None-Match"] = state["etag"]
        if state.get("last_modified"):
            headers["If-Modified-Since"] = state["last_modified"]
        items: list[FeedItem] = []
        resp = None
        try:
            resp = self.fetcher.get(feed_url, headers=headers, accept=FEED_ACCEPT)
            if resp.status == 304:
                self.say(f"unchanged {feed_url} (304 Not Modified)")
            else:
                feed = parse_feed(resp.content, feed_url, resp.headers.get("content-type"))
                if feed.warning:
                    self.say(f"warning   {feed.warning}", always=True)
                for line in feed.skipped:
                    self.say(f"skipped   {line}")
                items = feed.items
        except (FetchError, FeedError) as err:
            counts["feeds_failed"] += 1
            self.store.set_feed_state(feed_url, ok=False, error=str(err))
            self.say(f"feed-fail {err}", always=True)
            resp = None
        listed = set()
        for item in reversed(items):  # feeds list the newest first: store in publication order
            if self.stop.is_set():
                return  # validators not saved: the next run reads the whole feed again
            listed.add(item.key)
            counts["items"] += 1
            self.process(feed_url, item.key, item.link, item.title, item.published, counts)
        for row in self.store.retry_items(feed_url, self.options.max_attempts):
            if self.stop.is_set():
                return
            if row["item_key"] not in listed:
                counts["items"] += 1
                self.process(feed_url, row["item_key"], row["link"], row["title"], row["published"], counts)
        if resp is not None:
            counts["feeds_ok"] += 1
            self.store.set_feed_state(feed_url, ok=True, etag=resp.headers.get("etag"),
                                      last_modified=resp.headers.get("last-modified"),
                                      keep_validators=resp.status == 304)

    def process(self, feed_url: str, key: str, link: str, title: Optional[str], published: Optional[str],
                counts: dict[str, int]) -> None:
        store = self.store
        row = store.feed_item(feed_url, key)
        if row and row["status"] != "failed":
            counts["seen"] += 1
            return
        item = {"feed_url": feed_url, "item_key": key, "link": link, "title": title, "published": published}
        known = store.find(urls=(link,))
        if known:
            store.mark_item(item, "stored", known)
            counts["duplicate"] += 1
            self.say(f"duplicate {known} {link} (already stored)")
            return
        try:
            article = read_url(self.fetcher, link, published=published, feed=feed_url)
        except FetchError as err:
            if err.permanent:
                store.mark_item(item, "gone", error=str(err))
                counts["gone"] += 1
                self.say(f"gone      {err}", always=True)
            else:
                status = store.mark_item(item, "failed", error=str(err), max_attempts=self.options.max_attempts)
                counts["failed"] += 1
                later = "given up" if status == "abandoned" else "will retry"
                self.say(f"failed    {err} ({later})", always=True)
            return
        except InputError as err:
            store.mark_item(item, "unreadable", error=str(err))
            counts["unreadable"] += 1
            self.say(f"failed    {err}", always=True)
            return
        why = self.relevance.why(article.text)
        if why is None:
            store.mark_item(item, "irrelevant")
            counts["irrelevant"] += 1
            self.say(f"skipped   {link} (not about JKN / BPJS Kesehatan)")
            return
        try:
            article_id, outcome = store.save(article, lambda aid: self.extractor.record(aid, article),
                                             alerts=self.options.alerts is not None, feed_item=item)
        except Exception as err:  # noqa: BLE001 - one article the extractor chokes on must not end the job
            if isinstance(err, sqlite3.Error):
                raise
            reason = extraction_failure(err)
            status = store.mark_item(item, "failed", error=reason, max_attempts=self.options.max_attempts)
            counts["failed"] += 1
            self.say(f"failed    {link}: {reason} ({'given up' if status == 'abandoned' else 'will retry'})",
                     always=True)
            return
        if outcome == "duplicate":
            counts["duplicate"] += 1
            self.say(f"duplicate {article_id} {link} (same text already stored)")
            return
        counts["stored"] += 1
        n = store.conn.execute("SELECT observations FROM records WHERE article_id = ?", (article_id,)).fetchone()[0]
        self.say(f"stored    {article_id} {link} ({n} observation{'' if n == 1 else 's'}; {why})")
        counts["alerts"] += self.deliver()

    def deliver(self) -> int:
        """Pending alerts to the alerts file; a file that cannot be written is one line, and they wait."""
        try:
            return deliver_alerts(self.store, self.options.alerts)
        except OSError as err:
            self.say(f"alerts    cannot write {self.options.alerts} ({err.strerror or err}); "
                     f"the alerts wait in the store", always=True)
            return 0


def watch(store: Store, options: WatchOptions) -> int:
    """Poll until stopped (or once); 0 when all went well, 1 when a feed or an item failed (``--once``)."""
    stop = threading.Event()

    def on_signal(signum, frame):
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()
        log("stopping after the current article (send the signal again to stop at once)")

    watcher = Watcher(store, options, stop)
    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGTERM, signal.SIGINT)}
    run = store.start_run("watch", {"feeds": options.feeds, "once": options.once, "interval": options.interval,
                                    "alerts": str(options.alerts) if options.alerts else None})
    status = "interrupted"
    number = 0
    try:
        while not stop.is_set():
            number += 1
            started = time.monotonic()
            watcher.poll(number)
            store.update_run(run, watcher.totals)
            if options.once:
                break
            stop.wait(max(0.0, options.interval - (time.monotonic() - started)))
        failed = watcher.totals.get("feeds_failed", 0) + watcher.totals.get("failed", 0) \
            + watcher.totals.get("gone", 0) + watcher.totals.get("unreadable", 0)
        status = "failed" if failed and options.once else ("stopped" if stop.is_set() else "ok")
        return 1 if failed and options.once else 0
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        watcher.fetcher.close()
        store.update_run(run, watcher.totals, status=status)
