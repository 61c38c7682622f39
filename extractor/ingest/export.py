"""``extractor export``: stored observations (one row each) or whole records, as JSON Lines or CSV."""

from __future__ import annotations

import csv
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Iterator, Optional

from ..store import Store, region_name

COLUMNS = ["article_id", "url", "source", "title", "published", "metric", "value", "region_code", "region_name", "as_of",
           "kind", "qualifier", "segment", "extractor_version", "stored_at"]
# A spreadsheet runs a cell that opens with one of these as a formula: text cells get a leading quote.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def observation_rows(store: Store, since: Optional[str] = None) -> Iterator[dict]:
    """One dict per observation of every stored record (articles stored on or after ``since``)."""
    for article, record in store.records(since):
        for obs in record.get("observations", []):
            code = obs.get("region")
            yield {"article_id": article["id"], "url": article["url"], "source": article["source"],
                   "title": article["title"] or record.get("title"), "published": record.get("published"),
                   "metric": obs.get("metric"), "value": obs.get("value"), "region_code": code,
                   "region_name": region_name(code), "as_of": obs.get("as_of"), "kind": obs.get("kind"),
                   "qualifier": obs.get("qualifier"), "segment": obs.get("segment"),
                   "extractor_version": record.get("extractor_version"), "stored_at": article["fetched_at"]}


def export(store: Store, fmt: str, since: Optional[str] = None, records: bool = False,
           output: Optional[Path] = None) -> int:
    """Write the export to stdout or, atomically, to ``output``; 0."""
    if output is None:
        count = _write(store, fmt, since, records, sys.stdout)
    else:
        directory = output.parent if str(output.parent) else Path(".")
        if not directory.is_dir():
            from ..cli import UsageError

            raise UsageError(f"--output: folder {directory} does not exist")
        fd, tmp = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".tmp", dir=directory)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                count = _write(store, fmt, since, records, handle)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, output)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    what = "record" if records else "observation"
    print(f"extractor export: {count} {what}(s)", file=sys.stderr)
    return 0


def _write(store: Store, fmt: str, since: Optional[str], records: bool, handle) -> int:
    count = 0
    if records:
        for _, record in store.records(since):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
        return count
    if fmt == "csv":
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in observation_rows(store, since):
            writer.writerow({k: _cell(v) for k, v in row.items()})
            count += 1
        return count
    for row in observation_rows(store, since):
        handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += 1
    return count


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
