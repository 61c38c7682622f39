"""The store's subcommands: ingest, reprocess, watch, export.

Imported every time the parser is built (``--help`` too), so nothing heavy is imported here at module level:
httpx, trafilatura, feedparser and spaCy are imported inside the handlers.
"""

from __future__ import annotations

import argparse
from pathlib import Path

STORE_HELP = "the store (SQLite file; default $EXTRACTOR_DB, else ./extractor.db)"


def _size(value: str) -> int:
    units = {"k": 1024, "kb": 1024, "m": 1024 ** 2, "mb": 1024 ** 2, "g": 1024 ** 3, "gb": 1024 ** 3}
    text = value.strip().lower()
    for suffix in sorted(units, key=len, reverse=True):
        if text.endswith(suffix):
            number, factor = text[: -len(suffix)].strip(), units[suffix]
            break
    else:
        number, factor = text, 1
    try:
        size = int(float(number) * factor)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a size (e.g. 10MB, 500k, 1048576)") from None
    if size <= 0:
        raise argparse.ArgumentTypeError(f"{value!r}: the size must be positive")
    return size


def parse_interval(value: str, allow_zero: bool = False) -> float:
    """Seconds in ``90``, ``90s``, ``15m``, ``1h30m``, ``0.5``; ValueError with a one-line message otherwise."""
    import re

    text = str(value).strip().lower()
    if re.fullmatch(r"\d+(\.\d+)?", text):
        seconds = float(text)
    else:
        parts = re.findall(r"(\d+(?:\.\d+)?)\s*(ms|h|m|s)", text)
        if not parts or re.sub(r"\s+", "", text) != "".join(n + u for n, u in parts):
            raise ValueError(f"{value!r} is not a duration (e.g. 30s, 15m, 1h, 2.5)")
        scale = {"h": 3600, "m": 60, "s": 1, "ms": 0.001}
        seconds = sum(float(n) * scale[u] for n, u in parts)
    if seconds < 0 or (seconds == 0 and not allow_zero):
        raise ValueError(f"{value!r}: the duration must be positive")
    return seconds


def _seconds(value: str) -> float:
    try:
        return parse_interval(value, allow_zero=True)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def _count(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if n < 0:
        raise argparse.ArgumentTypeError(f"{value!r} must not be negative")
    return n


def _date(value: str) -> str:
    from ..cli import _date_arg

    return _date_arg(value)


def _add_limits(parser: argparse.ArgumentParser) -> None:
    g = parser.add_argument_group("download limits")
    g.add_argument("--timeout", type=_seconds, help="seconds for each network step (default 20)")
    g.add_argument("--max-bytes", type=_size, help="largest body accepted (default 10MB)")
    g.add_argument("--delay", type=_seconds, help="seconds between two requests to one host (default 1)")
    g.add_argument("--retries", type=_count, help="further tries after a passing failure (default 2)")
    g.add_argument("--backoff", type=_seconds, help="seconds before the first retry, doubled each time (default 2)")


def _store_errors(handler):
    """A store that fails mid-run (disk full, locked for too long) is one line, not a traceback."""
    import functools

    @functools.wraps(handler)
    def run(args) -> int:
        import sqlite3

        from ..cli import UsageError

        try:
            return handler(args)
        except sqlite3.Error as err:
            raise UsageError(f"store error: {str(err).splitlines()[0] if str(err) else err.__class__.__name__}") \
                from None

    return run


def register(subparsers) -> dict:
    ing = subparsers.add_parser(
        "ingest", help="store and extract articles from text files, HTML files and URLs",
        description="Read .txt files, saved HTML pages, folders of them, and http(s) URLs; store each article "
                    "once (by URL, file or identical text) with its record. HTML goes through trafilatura, so "
                    "menus, ads, 'Baca juga' lists and comments stay out of the text.")
    ing.add_argument("inputs", nargs="+", metavar="PATH|URL")
    ing.add_argument("--db", type=Path, help=STORE_HELP)
    ing.add_argument("--force", action="store_true",
                     help="read and extract again articles already stored (still stored once)")
    _add_limits(ing)

    rep = subparsers.add_parser(
        "reprocess", help="extract stored articles again (after an upgrade)",
        description="Run extraction again on stored articles: by default those whose record was made by "
                    "another extractor version (or has none).")
    rep.add_argument("ids", nargs="*", metavar="ID", help="only these articles")
    rep.add_argument("--db", type=Path, help=STORE_HELP)
    rep.add_argument("--all", action="store_true", help="every stored article, whatever made its record")

    wat = subparsers.add_parser(
        "watch", help="poll RSS/Atom feeds and store new relevant articles",
        description="Poll feeds (conditional requests), fetch new items, keep articles about JKN / BPJS "
                    "Kesehatan, extract and store them, and append each new observation to --alerts. "
                    "Runs until stopped (SIGINT/SIGTERM), or one poll with --once.")
    wat.add_argument("feeds", nargs="*", metavar="FEED_URL")
    wat.add_argument("--config", type=Path,
                     help="a TOML file (feeds, interval, db, alerts, vocabulary, limits) or a text file of "
                          "feed URLs, one a line; options given here win")
    wat.add_argument("--db", type=Path, help=STORE_HELP)
    wat.add_argument("--interval", help="time between polls: 90s, 15m, 1h (default 15m)")
    wat.add_argument("--once", action="store_true", help="poll every feed once and exit (cron, systemd timers)")
    wat.add_argument("--alerts", type=Path, help="JSON Lines file to append each new observation to")
    wat.add_argument("--vocabulary", type=Path,
                     help="JSON of the terms that make an article relevant (default: JKN / BPJS Kesehatan)")
    wat.add_argument("--max-attempts", type=_count,
                     help="tries for an item whose page fails for a passing reason (default 5)")
    wat.add_argument("-q", "--quiet", action="store_true", help="only failures and the summary of each poll")
    _add_limits(wat)

    exp = subparsers.add_parser(
        "export", help="write stored observations or records as JSON Lines or CSV",
        description="Observations (default): one row per observation with article id, URL, metric, value, "
                    "region code and name, as_of, kind, qualifier, segment. --records: the full records "
                    "(JSON Lines only).")
    exp.add_argument("--db", type=Path, help=STORE_HELP)
    exp.add_argument("-f", "--format", choices=["jsonl", "csv"], default="jsonl")
    exp.add_argument("--since", type=_date, help="only articles stored on or after this date (YYYY-MM-DD, UTC)")
    exp.add_argument("--records", action="store_true", help="whole records instead of observation rows")
    exp.add_argument("-o", "--output", type=Path, help="write here (atomically) instead of stdout")

    return {name: _store_errors(handler) for name, handler in
            {"ingest": cmd_ingest, "reprocess": cmd_reprocess, "watch": cmd_watch, "export": cmd_export}.items()}


def _open_store(path, create: bool = True):
    from ..cli import UsageError
    from ..store import Store, StoreError, default_db_path

    try:
        return Store(path or default_db_path(), create=create)
    except StoreError as err:
        raise UsageError(str(err)) from None


def limits_from(args, config: dict | None = None):
    """Download limits from the command line, else the config's [limits], else the defaults."""
    from .fetch import Limits

    limits = Limits()
    conf = (config or {}).get("limits", {})
    for name in ("timeout", "max_bytes", "delay", "retries", "backoff", "deadline", "max_redirects"):
        value = getattr(args, name, None)
        if value is None:
            value = conf.get(name)
        if value is not None:
            setattr(limits, name, type(getattr(limits, name))(value))
    limits.deadline = max(limits.deadline, limits.timeout)
    return limits


def cmd_ingest(args) -> int:
    from .ingest import ingest

    store = _open_store(args.db)
    try:
        return ingest(store, args.inputs, limits_from(args), force=args.force)
    finally:
        store.close()


def cmd_reprocess(args) -> int:
    from .ingest import reprocess

    store = _open_store(args.db, create=False)
    try:
        return reprocess(store, ids=args.ids or None, everything=args.all)
    finally:
        store.close()


def cmd_watch(args) -> int:
    from ..cli import UsageError
    from .watch import WatchConfigError, resolve_options, watch

    try:
        options, config = resolve_options(args)
        options.limits = limits_from(args, config)
        store = _open_store(options.db)
        try:
            return watch(store, options)
        finally:
            store.close()
    except WatchConfigError as err:
        raise UsageError(str(err)) from None


def cmd_export(args) -> int:
    from ..cli import UsageError
    from .export import export

    if args.records and args.format == "csv":
        raise UsageError("records are nested: export them with --format jsonl (CSV is for observation rows)")
    if args.output and args.output.is_dir():
        raise UsageError(f"--output {args.output} is a directory")
    store = _open_store(args.db, create=False)
    try:
        return export(store, args.format, since=args.since, records=args.records, output=args.output)
    finally:
        store.close()
