"""The main text, title and date of a news page, with trafilatura.

trafilatura keeps the article body and leaves navigation, ads, comment boxes and most related-link boxes out.
What survives on Indonesian sites (inline ``Baca juga: ...`` lines, ``SCROLL TO CONTINUE WITH CONTENT``,
share prompts) is removed by the rules of ``boilerplate.json``. Nothing in the page is executed: lxml parses
the markup, scripts and styles are dropped, and no external resource (entity, stylesheet, frame) is loaded.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import regex

from ..inputs import InputError, decode

RULES = json.loads((Path(__file__).with_name("boilerplate.json")).read_text(encoding="utf-8"))
_CLUTTER_LINE = regex.compile(r"(?i)^\s*(?:" + "|".join(f"(?:{p})" for p in RULES["line_patterns"]) + r")\s*$")
_MAX_CLUTTER_LINE = int(RULES["max_line_chars"])
_PRUNE_XPATH = (
    [f"//*[contains(concat(' ', normalize-space(@class), ' '), ' {c} ')]" for c in RULES["prune_classes"]]
    + [f"//*[@id='{i}']" for i in RULES["prune_ids"]])
_WORD = regex.compile(r"\w+")
MIN_WORDS = 15  # fewer words than this in the main text: a menu, a gallery or an error page, not an article
_DATE = regex.compile(r"^\d{4}-\d{2}-\d{2}$")
_HTML_SNIFF = regex.compile(rb"(?i)<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]")


@dataclass
class Page:
    """What a page gives: its main text (title on the first line), title, date and declared canonical URL."""

    text: str
    title: Optional[str] = None
    published: Optional[str] = None
    canonical_url: Optional[str] = None
    warnings: list = field(default_factory=list)


def looks_like_html(data: bytes) -> bool:
    return bool(_HTML_SNIFF.search(data[:4096]))


def page_text(data: bytes, name: str, url: Optional[str] = None, charset: Optional[str] = None) -> Page:
    """The article in an HTML page; InputError when no Indonesian article text is found in it."""
    import trafilatura

    for logger in ("trafilatura", "htmldate", "courlan", "justext"):
        logging.getLogger(logger).setLevel(logging.CRITICAL)
    html: bytes | str = data
    if charset:
        try:
            html = data.decode(charset, errors="replace")
        except LookupError:
            html = data  # unknown charset name: let trafilatura sniff the page's own declaration
    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=True,
            include_images=False, include_links=False, favor_precision=True, prune_xpath=_PRUNE_XPATH,
            date_extraction_params={"extensive_search": False, "original_date": True})
    except Exception as err:  # a parser failure on hostile markup is one bad input, not a crash
        raise InputError(f"{name}: cannot read the page ({err.__class__.__name__})") from None
    if doc is None or not (doc.text or "").strip():
        raise InputError(f"{name}: no article text found in the page")
    title = _clean(doc.title)
    text = strip_clutter(doc.text)
    words = len(_WORD.findall(text))
    if words < MIN_WORDS:
        raise InputError(f"{name}: no article text found in the page (only {words} words besides menus)")
    if title and not text.lstrip().startswith(title):
        text = f"{title}\n{text}"
    if not text.strip():
        raise InputError(f"{name}: no article text found in the page")
    checked, warnings = decode(text.encode("utf-8"), name)
    published = doc.date if doc.date and _DATE.match(doc.date) else None
    canonical = doc.url if doc.url and doc.url.lower().startswith(("http://", "https://")) else None
    return Page(text=checked, title=title, published=published, canonical_url=canonical,
                warnings=[w.model_dump() for w in warnings])


def strip_clutter(text: str) -> str:
    """The text without the short lines that are page furniture (``Baca juga: ...``), blank runs collapsed."""
    kept = [line.rstrip() for line in text.splitlines()
            if not (len(line) <= _MAX_CLUTTER_LINE and _CLUTTER_LINE.match(line))]
    out: list[str] = []
    for line in kept:
        if line.strip() or (out and out[-1].strip()):
            out.append(line)
    return "\n".join(out).strip()


def _clean(title: Optional[str]) -> Optional[str]:
    if not title:
        return None
    title = regex.sub(r"\s+", " ", title).strip()
    return title or None
