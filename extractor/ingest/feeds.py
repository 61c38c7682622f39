"""Reading RSS and Atom feeds with feedparser.

The feed body is downloaded by our own fetcher (limits, conditional requests) and handed to feedparser as a
byte stream, never as a string or URL, so feedparser itself opens no file and no connection. Its XML parsing
is safe against hostile feeds: feedparser strips the DOCTYPE and every entity declaration except plain
literal ones before parsing (so no external entity and no nested-entity "billion laughs" expansion) and
turns off external general entities in the SAX parser; a malformed feed falls back to its lenient parser,
which resolves no entity either.
"""

from __future__ import annotations

import datetime
import email.utils
import io
from dataclasses import dataclass
from typing import Optional
from urllib.parse import urljoin

from .fetch import FetchError, canonical_url, check_url


class FeedError(Exception):
    """A feed that cannot be read; the message is one line."""


@dataclass
class FeedItem:
    """One entry of a feed."""

    key: str  # the entry's id (guid), else its link
    link: str  # canonical absolute http(s) URL
    title: Optional[str] = None
    published: Optional[str] = None  # YYYY-MM-DD in the outlet's own time zone


@dataclass
class Feed:
    title: Optional[str]
    items: list[FeedItem]
    skipped: list[str]  # one line per entry left out (no link, refused scheme)
    warning: Optional[str] = None  # set when the feed was malformed but still gave entries


def parse_feed(data: bytes, url: str, content_type: Optional[str] = None) -> Feed:
    """The items of an RSS/Atom document; FeedError when it is not a feed or gives no entry at all."""
    import feedparser

    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(io.BytesIO(data), response_headers=headers, sanitize_html=True,
                              resolve_relative_uris=True)
    problem = None
    if parsed.get("bozo"):
        exc = parsed.get("bozo_exception")
        problem = f"{exc.__class__.__name__}: {str(exc).splitlines()[0][:160]}" if exc else "malformed"
    if not parsed.get("version") and not parsed.entries:
        raise FeedError(f"{url}: not an RSS or Atom feed" + (f" ({problem})" if problem else ""))
    items: list[FeedItem] = []
    skipped: list[str] = []
    seen: set[str] = set()
    for entry in parsed.entries:
        raw = (entry.get("link") or "").strip()
        if not raw:
            links = [x.get("href") for x in entry.get("links", []) if x.get("href")]
            raw = links[0] if links else ""
        if not raw:
            skipped.append(f"{url}: entry {entry.get('title', '?')!r} has no link")
            continue
        link = urljoin(url, raw)
        try:
            check_url(link)
        except FetchError as err:
            skipped.append(f"{url}: entry link refused: {err}")
            continue
        link = canonical_url(link)
        key = (entry.get("id") or "").strip() or link
        if key in seen:
            continue
        seen.add(key)
        items.append(FeedItem(key=key, link=link, title=(entry.get("title") or "").strip() or None,
                              published=_entry_date(entry)))
    if problem and not items:
        raise FeedError(f"{url}: malformed feed ({problem})")
    return Feed(title=parsed.feed.get("title"), items=items, skipped=skipped,
                warning=f"{url}: malformed feed, read leniently ({problem})" if problem else None)


def _entry_date(entry) -> Optional[str]:
    """The entry's publication date as the outlet wrote it (its own time zone), else feedparser's UTC date."""
    for raw_key, parsed_key in (("published", "published_parsed"), ("updated", "updated_parsed")):
        raw = entry.get(raw_key)
        if raw:
            try:
                return email.utils.parsedate_to_datetime(raw).date().isoformat()  # RSS: RFC 822
            except (TypeError, ValueError, IndexError):
                pass
            try:
                return datetime.datetime.fromisoformat(raw.strip().replace("Z", "+00:00")).date().isoformat()
            except ValueError:
                pass
        parsed = entry.get(parsed_key)
        if parsed:
            return datetime.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday).isoformat()
    return None
