"""The ``review`` and ``report`` subcommands.

Imported every time the parser is built (``--help`` too): nothing heavy here at module level.
"""

from __future__ import annotations

import argparse
from pathlib import Path

STORE_HELP = "the store (SQLite file; default $EXTRACTOR_DB, else ./extractor.db)"


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port number") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port number (0-65535; 0 picks a free one)")
    return port


def register(subparsers) -> dict:
    rev = subparsers.add_parser(
        "review", help="review stored articles in a local web app, or export reviewed ones as gold",
        description="Serve a local web app over the store: articles with filters, each text with its extracted "
                    "spans highlighted, observations to accept, reject or correct (kept in the store with who "
                    "and when; the extractor's records are never changed), coverage by region. With "
                    "--export-gold DIR, write the reviewed articles in the guidelines' gold format and exit, "
                    "so that `extractor eval DIR` scores the extractor on them.")
    rev.add_argument("--db", type=Path, help=STORE_HELP)
    rev.add_argument("--host", default="127.0.0.1",
                     help="address to listen on (default 127.0.0.1; others need --allow-remote)")
    rev.add_argument("--port", type=_port, default=8765, help="port (default 8765; 0 picks a free one)")
    rev.add_argument("--allow-remote", action="store_true",
                     help="listen on a non-loopback address: anyone who can reach it can read and review the store")
    rev.add_argument("--reviewer", help="the name stored with each decision (default: your login name)")
    rev.add_argument("--export-gold", type=Path, metavar="DIR",
                     help="write reviewed articles as DIR/articles/*.txt, DIR/gold/*.json and DIR/index.jsonl, "
                          "then exit")
    rev.add_argument("--partial", action="store_true",
                     help="with --export-gold: also partly reviewed articles (undecided observations as extracted)")
    rev.add_argument("-q", "--quiet", action="store_true", help="do not log each request")

    rep = subparsers.add_parser(
        "report", help="one self-contained HTML file with the highlighted view of extracted records",
        description="Make one HTML file (no server, nothing loaded from elsewhere) showing each record of FILE "
                    "(JSON Lines from `extractor extract`) over its article text, read from the record's source "
                    "file or from --text-dir.")
    rep.add_argument("records", metavar="FILE.jsonl", help="records from extractor extract (JSON Lines), or -")
    rep.add_argument("-o", "--output", type=Path, required=True, help="the HTML file to write (atomically)")
    rep.add_argument("--text-dir", type=Path, help="folder of ID.txt article texts, for records whose source "
                                                   "file cannot be read")
    rep.add_argument("--title", help="the report's title")
    return {"review": cmd_review, "report": cmd_report}


def _reviewer(name) -> str:
    if name and name.strip():
        return name.strip()
    import getpass

    try:
        return getpass.getuser() or "reviewer"
    except Exception:
        return "reviewer"


def cmd_review(args) -> int:
    import sys

    from ..cli import UsageError
    from ..store import Store, StoreError, default_db_path

    db = args.db or default_db_path()
    if args.partial and not args.export_gold:
        raise UsageError("--partial goes with --export-gold")
    if args.export_gold:
        from .gold import GoldExportError, export_gold

        try:
            store = Store(db, create=False)
        except StoreError as err:
            raise UsageError(str(err)) from None
        try:
            result = export_gold(store, args.export_gold, partial=args.partial)
        except GoldExportError as err:
            raise UsageError(str(err)) from None
        finally:
            store.close()
        left = [a for a in result.partly if a not in result.written]
        if left:
            print(f"extractor review: {len(left)} partly reviewed article(s) left out (finish them, or add "
                  f"--partial): {', '.join(left[:10])}{' …' if len(left) > 10 else ''}", file=sys.stderr)
        if not result.written:
            print("extractor review: no reviewed article to export (decide every observation of an article, or "
                  "press 'Accept all undecided' on its page)", file=sys.stderr)
            return 1
        print(f"extractor review: {len(result.written)} reviewed article(s) written to {result.directory}; "
              f"score the extractor on them with: extractor eval {result.directory}", file=sys.stderr)
        return 0

    from .app import BindError, make_server

    try:
        server = make_server(db, host=args.host, port=args.port, reviewer=_reviewer(args.reviewer),
                             allow_remote=args.allow_remote, quiet=args.quiet)
    except StoreError as err:
        raise UsageError(str(err)) from None
    except BindError as err:
        raise UsageError(str(err)) from None
    print(f"extractor review: serving {db} at {server.url} (Ctrl-C to stop)", file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("extractor review: stopped", file=sys.stderr)
    finally:
        server.server_close()
    return 0


def cmd_report(args) -> int:
    from ..cli import UsageError
    from .report import ReportError, report

    if args.output.is_dir():
        raise UsageError(f"--output {args.output} is a directory")
    if str(args.output.parent) and not args.output.parent.is_dir():
        raise UsageError(f"--output: folder {args.output.parent} does not exist")
    if args.text_dir is not None and not args.text_dir.is_dir():
        raise UsageError(f"--text-dir {args.text_dir} is not a folder")
    try:
        return report(args.records, args.output, text_dir=args.text_dir, title=args.title)
    except ReportError as err:
        raise UsageError(str(err)) from None
