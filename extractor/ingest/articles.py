"""From a file or URL to a stored article with its record: reading, checking, extracting, saving, alerting."""

from __future__ import annotations

import datetime
import json
import os
import sys
from pathlib import Path
from typing import Iterator, Optional

from ..inputs import MAX_BYTES, InputError, decode
from ..store import NewArticle, Store
from .fetch import FetchError, Fetcher, canonical_url, check_url
from .html import looks_like_html, page_text

HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
TEXT_SUFFIXES = {".txt"}
HTML_TYPES = {"text/html", "application/xhtml+xml"}
PAGE_ACCEPT = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.5"


def log(message: str) -> None:
    """One line on stderr, stamped with the UTC time (what a job's journal keeps)."""
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    print(f"{stamp} {message}", file=sys.stderr, flush=True)


def is_url(item: str) -> bool:
    return "://" in item[:16]


def expand_paths(items: list[str]) -> Iterator[str | Path | InputError]:
    """URLs as given; files; folders as every .txt and .html below them (sorted); InputError for bad ones."""
    for item in items:
        if is_url(item):
            yield item
            continue
        path = Path(item)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file()
                           and p.suffix.lower() in HTML_SUFFIXES | TEXT_SUFFIXES)
            if not files:
                yield InputError(f"{item}: no .txt or .html files in this directory")
            yield from files
        elif path.is_file():
            yield path
        elif path.exists():
            yield InputError(f"{item}: not a regular file")
        else:
            yield InputError(f"{item}: no such file or directory")


def read_file(path: Path) -> NewArticle:
    """A saved page (.html, or any file that looks like HTML) or a plain text file, checked."""
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"{name}: {size} bytes is larger than the {MAX_BYTES} byte limit")
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"{name}: cannot read ({err.strerror or err})") from None
    source = str(path.resolve())
    if path.suffix.lower() in HTML_SUFFIXES or (path.suffix.lower() not in TEXT_SUFFIXES and looks_like_html(data)):
        page = page_text(data, name)
        url = canonical_url(page.canonical_url) if page.canonical_url else None
        return NewArticle(text=page.text, source=source, url=url, title=page.title, published=page.published,
                          published_source="metadata" if page.published else None, id_hint=path.stem,
                          warnings=page.warnings)
    text, warnings = decode(data, name)
    return NewArticle(text=text, source=source, id_hint=path.stem, warnings=[w.model_dump() for w in warnings])


def read_url(fetcher: Fetcher, url: str, published: Optional[str] = None, feed: Optional[str] = None) -> NewArticle:
    """Download a page and take its article. FetchError for download failures, InputError for content."""
    check_url(url)
    resp = fetcher.get(url, accept=PAGE_ACCEPT)
    if resp.status == 304:
        raise FetchError(f"{url}: HTTP 304 to an unconditional request", permanent=True)
    kind = resp.content_type
    # The article's URL is where the redirects ended; the URL as given and each hop are remembered too.
    urls = tuple(dict.fromkeys(canonical_url(u) for u in [resp.final_url, url, *resp.redirects]))
    if kind in HTML_TYPES or (not kind and looks_like_html(resp.content)):
        page = page_text(resp.content, url, url=resp.final_url, charset=resp.charset)
        if page.canonical_url:
            try:
                urls += (canonical_url(check_url(page.canonical_url)),)
            except FetchError:
                pass
        date, date_source = page.published or published, "metadata" if (page.published or published) else None
        return NewArticle(text=page.text, source=url, url=urls[0], urls=urls[1:], title=page.title,
                          published=date, published_source=date_source, feed=feed, warnings=page.warnings)
    if kind == "text/plain":
        text, warnings = decode(resp.content, url)
        return NewArticle(text=text, source=url, url=urls[0], urls=urls[1:], published=published,
                          published_source="metadata" if published else None, feed=feed,
                          warnings=[w.model_dump() for w in warnings])
    raise FetchError(f"{url}: not an HTML page ({kind or 'no content type'})", permanent=True)


class Extractor:
    """Turns stored or new articles into records with the full pipeline (loaded on first use)."""

    def __init__(self):
        self._nlp = None

    def record(self, article_id: str, article: NewArticle):
        from ..pipeline import Article, default_nlp, extract_articles
        from ..records import ExtractionWarning

        if self._nlp is None:
            self._nlp = default_nlp()
        item = Article(text=article.text, id=article_id, source=article.url or article.source,
                       title=article.title, published=article.published,
                       published_source=article.published_source,
                       warnings=[ExtractionWarning(**w) for w in article.warnings])
        return next(extract_articles([item], nlp=self._nlp))


def deliver_alerts(store: Store, path: Optional[Path]) -> int:
    """Append the store's pending alert lines to the alerts file, exactly once each; the number written.

    Alerts are queued in the same transaction as their article, so none is lost when a job dies. Before
    writing, a torn last line is cut off and lines already in the file (written just before a crash, not yet
    marked) are not written again.
    """
    if path is None:
        return 0
    pending = store.pending_alerts()
    if not pending:
        return 0
    present = _repair_and_read_tail(path)
    lines = [line for _, key, line in pending if key not in present]
    if lines:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write("".join(line + "\n" for line in lines))
            fh.flush()
            os.fsync(fh.fileno())
    store.mark_delivered([row_id for row_id, _, _ in pending])
    return len(lines)


def _repair_and_read_tail(path: Path, tail_bytes: int = 4 * 1024 * 1024) -> set[str]:
    """The alert ids in the last few MB of the file, after cutting off an unfinished last line."""
    if not path.exists():
        return set()
    with open(path, "rb+") as fh:
        size = fh.seek(0, os.SEEK_END)
        start = max(0, size - tail_bytes)
        fh.seek(start)
        tail = fh.read()
        if tail and not tail.endswith(b"\n"):
            cut = tail.rfind(b"\n")
            keep = start + cut + 1 if cut >= 0 else start
            fh.truncate(keep)
            tail = tail[: keep - start]
    keys = set()
    lines = tail.split(b"\n")
    if start > 0:
        lines = lines[1:]  # the first one may be a piece of a line
    for raw in lines:
        try:
            keys.add(json.loads(raw)["alert_id"])
        except (ValueError, KeyError, TypeError):
            continue
    return keys


def extraction_failure(err: Exception) -> str:
    """One line for an article the extraction pipeline failed on."""
    detail = str(err).splitlines()[0][:160] if str(err) else ""
    return f"extraction failed ({err.__class__.__name__}{': ' + detail if detail else ''})"
