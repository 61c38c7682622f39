"""The ``extractor`` command line: extract, eval, schema, regions.

Errors the user can act on are one line on stderr and a non-zero exit, never a traceback.
Exit codes: 0 all well, 1 some input failed, 2 usage or setup error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Iterable, Optional

from . import __version__

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A bad option or setup; the message is one line for the user."""


def _date_arg(value: str) -> str:
    import datetime

    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date YYYY-MM-DD") from None
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="extractor",
        description="Structured records (figures, dates, regions, officials) from Indonesian news about JKN.")
    parser.add_argument("--version", action="version", version=f"extractor {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    ex = sub.add_parser("extract", help="extract records from article texts",
                        description="Extract one record per article from .txt files, folders of them, or - (stdin).")
    ex.add_argument("inputs", nargs="+", metavar="PATH", help="a .txt file, a folder (all *.txt below it), or -")
    ex.add_argument("-o", "--output", type=Path, help="write here (atomically) instead of stdout")
    ex.add_argument("-f", "--format", choices=["jsonl", "json", "table"], default="jsonl")
    ex.add_argument("--meta", type=Path, help="JSON Lines of per-article metadata: id, url, title, published")
    ex.add_argument("--published", type=_date_arg, help="the articles' date (YYYY-MM-DD); anchors relative dates")
    ex.add_argument("--id", dest="stdin_id", default="stdin", help="the id of the article read from stdin")
    ex.add_argument("--no-progress", action="store_true", help="no progress bar even on a terminal")

    ev = sub.add_parser("eval", help="score extraction against a gold directory",
                        description="DIR holds articles/*.txt and gold/*.json (and optionally index.jsonl).")
    ev.add_argument("directory", type=Path, metavar="DIR")
    ev.add_argument("--json", action="store_true", help="print the scores as JSON")
    ev.add_argument("-v", "--verbose", action="store_true", help="also list each article's misses and extras")

    sub.add_parser("schema", help="print the JSON Schema of a record")

    rg = sub.add_parser("regions", help="look up a region name or alias and print its Kemendagri code(s)")
    rg.add_argument("query", nargs="+")

    for module in _command_modules():
        COMMANDS.update(module.register(sub))
    return parser


# Modules that bring their own subcommands: each has ``register(subparsers) -> {name: handler}``,
# where a handler takes the parsed args and returns an exit code (raising UsageError for bad options).
COMMAND_MODULES = ["extractor.calculators.cli", "extractor.ingest.cli", "extractor.review.cli",
                   "extractor.bench"]


def _command_modules():
    import importlib

    for name in COMMAND_MODULES:
        try:
            yield importlib.import_module(name)
        except ModuleNotFoundError as err:
            if err.name and name.startswith(err.name):
                continue  # not part of this version
            raise


def main(argv: Optional[list[str]] = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        return COMMANDS[args.command](args)
    except UsageError as err:
        print(f"extractor {args.command}: {err}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("extractor: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader (e.g. `head`) went away: not an error of ours.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK


def cmd_extract(args) -> int:
    from .inputs import InputError, expand_inputs, load_article, read_meta
    from .pipeline import extract_articles

    metas = {}
    if args.meta:
        try:
            metas = read_meta(args.meta)
        except InputError as err:
            raise UsageError(str(err)) from None
    if args.output and args.output.is_dir():
        raise UsageError(f"--output {args.output} is a directory")

    failures = 0
    sources = list(expand_inputs(args.inputs, args.stdin_id))

    def articles():
        nonlocal failures
        for source in _progress(sources, enabled=not args.no_progress):
            if isinstance(source, InputError):
                failures += 1
                print(f"extractor extract: {source}", file=sys.stderr)
                continue
            try:
                yield load_article(source, metas.get(source.id), args.published)
            except InputError as err:
                failures += 1
                print(f"extractor extract: {err}", file=sys.stderr)

    def internal_error(article, err: Exception) -> None:
        nonlocal failures
        failures += 1
        print(f"extractor extract: {article.id}: internal error, no record ({type(err).__name__}: {err}); "
              f"please report it with the input", file=sys.stderr)

    records = extract_articles(articles(), on_error=internal_error)
    written = write_records(records, args.output, args.format)
    if failures:
        print(f"extractor extract: {failures} input(s) failed, {written} record(s) written", file=sys.stderr)
        return EXIT_SOME_FAILED
    return EXIT_OK


def _progress(items: list, enabled: bool) -> Iterable:
    if not enabled or len(items) < 2 or not sys.stderr.isatty():
        return items
    from tqdm import tqdm

    return tqdm(items, unit="article", file=sys.stderr)


def write_records(records: Iterable, output: Optional[Path], fmt: str) -> int:
    """Write records to stdout, or to ``output`` atomically (nothing is written if no record came)."""
    if output is None:
        return _write(records, sys.stdout, fmt)
    directory = output.parent if str(output.parent) else Path(".")
    if not directory.is_dir():
        raise UsageError(f"--output: folder {directory} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            count = _write(records, handle, fmt)
            handle.flush()
            os.fsync(handle.fileno())
        if count:
            os.replace(tmp, output)
        return count
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _write(records: Iterable, handle, fmt: str) -> int:
    count = 0
    if fmt == "json":
        items = [r.model_dump(mode="json") for r in records]
        if items:
            json.dump(items, handle, ensure_ascii=False, indent=1)
            handle.write("\n")
        return len(items)
    for record in records:
        if fmt == "jsonl":
            handle.write(record.model_dump_json() + "\n")
        else:
            handle.write(format_table(record) + "\n")
        handle.flush()
        count += 1
    return count


def format_table(record) -> str:
    """A readable summary of one record for a person."""
    lines = [f"== {record.id}  published {record.published or '?'}"
             + (f" ({record.published_source})" if record.published_source else "")]
    if record.source:
        lines.append(f"   source: {record.source}")
    for w in record.warnings:
        lines.append(f"   warning: {w.message}")
    if record.observations:
        lines.append("   observations:")
        for o in record.observations:
            lines.append(f"     {o.metric:<22} {o.value!s:>16} region {o.region or '-':<6} as of {o.as_of or '-':<10}"
                         f" {o.kind:<6} {o.qualifier:<9}{' ' + o.segment if o.segment else ''}")
    if record.calculations:
        lines.append("   calculations:")
        for c in record.calculations:
            lines.append(f"     {c.name:<22} {c.value!s:>16} {c.unit:<8} {c.status:<12} {c.explanation}")
    if record.quantities:
        lines.append("   quantities: " + "; ".join(
            f"{q.text} = {q.value} {q.unit}" + ("" if q.qualifier == "exact" else f" ({q.qualifier})")
            for q in record.quantities))
    if record.dates:
        lines.append("   dates: " + "; ".join(f"{d.text} = {d.value}" for d in record.dates))
    if record.regions:
        seen = {}
        for r in record.regions:
            seen.setdefault(r.code, r.name)
        lines.append("   regions: " + "; ".join(f"{code} {name}" for code, name in seen.items()))
    for o in record.officials:
        lines.append(f"   official: {o.name} — {o.position or '?'}")
    return "\n".join(lines)


def cmd_eval(args) -> int:
    from .evaluate import evaluate_dir, format_scores

    try:
        scores = evaluate_dir(args.directory)
    except FileNotFoundError as err:
        raise UsageError(str(err)) from None
    if args.json:
        out = scores.as_dict()
        if args.verbose:
            out["details"] = scores.details
        print(json.dumps(out, ensure_ascii=False, indent=1))
    else:
        print(format_scores(scores, verbose=args.verbose))
    return EXIT_OK


def cmd_schema(args) -> int:
    from .records import record_json_schema

    print(json.dumps(record_json_schema(), indent=1))
    return EXIT_OK


def cmd_regions(args) -> int:
    try:
        from .regions.lookup import lookup
    except ModuleNotFoundError:
        raise UsageError("the region gazetteer is not part of this version") from None
    query = " ".join(args.query)
    candidates = lookup(query)
    if not candidates:
        print(f"extractor regions: no region matches {query!r}", file=sys.stderr)
        return EXIT_SOME_FAILED
    for c in candidates:
        province = f"  ({c.province})" if getattr(c, "province", None) and c.level != "province" else ""
        note = f"  [{c.note}]" if getattr(c, "note", None) else ""
        print(f"{c.code:<6} {c.level:<9} {c.name}{province}  <- {c.matched}{note}")
    return EXIT_OK


COMMANDS = {"extract": cmd_extract, "eval": cmd_eval, "schema": cmd_schema, "regions": cmd_regions}
