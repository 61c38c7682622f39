"""Reading articles from files, folders and stdin, refusing what is not an Indonesian news text."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional

import regex

from .pipeline import Article
from .records import ExtractionWarning

MAX_BYTES = 50 * 1024 * 1024  # a 10 MB article dump is fine; beyond this is almost surely not an article

_HTML = regex.compile(r"(?i)<!doctype\s+html|<html[\s>]|<body[\s>]|<head[\s>]|<(?:div|p|script|meta)[\s>]")
_WORDS = regex.compile(r"\p{L}+")
# Frequent Indonesian function words: any Indonesian news text of some length has many of them.
_INDONESIAN = frozenset(
    "yang dan di ke dari untuk dengan pada ini itu dalam tidak akan juga sudah telah atau oleh "
    "ada sebagai karena bagi para kami kita mereka saat tersebut bisa dapat masih lebih jadi".split()
)


class InputError(Exception):
    """An input that cannot be processed; the message is one line for the user."""


@dataclass
class Meta:
    """Per-article metadata, as a feed or an archive gives it."""

    id: str
    url: Optional[str] = None
    title: Optional[str] = None
    published: Optional[str] = None


def decode(data: bytes, name: str) -> tuple[str, list[ExtractionWarning]]:
    """Text from bytes: UTF-8, else cp1252 with a warning; refuses empty, binary, HTML and non-Indonesian input."""
    warnings: list[ExtractionWarning] = []
    if len(data) > MAX_BYTES:
        raise InputError(f"{name}: {len(data)} bytes is larger than the {MAX_BYTES} byte limit")
    if not data.strip():
        raise InputError(f"{name}: empty input")
    if b"\x00" in data[:65536]:
        raise InputError(f"{name}: binary data, not a text file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise InputError(f"{name}: not UTF-8 text (invalid byte at position {err.start})") from None
        warnings.append(ExtractionWarning(
            code="decoded_cp1252",
            message=f"not valid UTF-8 (byte {err.start}); decoded as Windows-1252"))
    controls = sum(1 for c in text[:65536] if ord(c) < 32 and c not in "\t\n\r\f")
    if controls > 0.01 * min(len(text), 65536):
        raise InputError(f"{name}: binary data, not a text file")
    if _HTML.search(text[:65536]):
        raise InputError(f"{name}: looks like HTML; give the article's plain text")
    words = [w.lower() for w in _WORDS.findall(text[:65536])]
    if len(words) >= 25 and sum(w in _INDONESIAN for w in words) < 0.03 * len(words):
        raise InputError(f"{name}: does not look like Indonesian text")
    return text, warnings


def read_meta(path: Path) -> dict[str, Meta]:
    """Metadata by id from a JSON Lines file (``id`` and any of ``url``, ``title``, ``published``)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"{path}: cannot read metadata ({err.__class__.__name__})") from None
    metas: dict[str, Meta] = {}
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            if not isinstance(row, dict) or not isinstance(row.get("id"), str):
                raise ValueError("each line needs a string 'id'")
            published = row.get("published")
            if published is not None and not regex.fullmatch(r"\d{4}-\d{2}-\d{2}", str(published)):
                raise ValueError(f"published {published!r} is not YYYY-MM-DD")
        except ValueError as err:
            raise InputError(f"{path}:{number}: bad metadata line: {err}") from None
        metas[row["id"]] = Meta(id=row["id"], url=row.get("url"), title=row.get("title"),
                                published=published)
    return metas


@dataclass
class Source:
    """Where one input comes from: a file path, or stdin."""

    name: str
    id: str
    path: Optional[Path] = None

    def read(self) -> bytes:
        if self.path is None:
            return sys.stdin.buffer.read()
        try:
            size = self.path.stat().st_size
            if size > MAX_BYTES:
                raise InputError(f"{self.name}: {size} bytes is larger than the {MAX_BYTES} byte limit")
            return self.path.read_bytes()
        except OSError as err:
            raise InputError(f"{self.name}: cannot read ({err.strerror or err})") from None


def expand_inputs(inputs: list[str], stdin_id: str = "stdin") -> Iterator[Source | InputError]:
    """Sources for files, folders (every ``*.txt`` below) and ``-``; an InputError for each bad one."""
    for item in inputs:
        if item == "-":
            yield Source(name="<stdin>", id=stdin_id)
            continue
        path = Path(item)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*.txt") if p.is_file())
            if not files:
                yield InputError(f"{item}: no .txt files in this directory")
            for f in files:
                yield Source(name=str(f), id=f.stem, path=f)
        elif path.exists():
            yield Source(name=str(path), id=path.stem, path=path)
        else:
            yield InputError(f"{item}: no such file or directory")


def load_article(source: Source, meta: Optional[Meta], published: Optional[str]) -> Article:
    """Read and check one source; caller-given and metadata dates anchor the article."""
    text, warnings = decode(source.read(), source.name)
    art_published, art_source = None, None
    if published:
        art_published, art_source = published, "caller"
    elif meta and meta.published:
        art_published, art_source = meta.published, "metadata"
    return Article(text=text, id=source.id,
                   source=(meta.url if meta and meta.url else str(source.path) if source.path else None),
                   title=meta.title if meta else None,
                   published=art_published, published_source=art_source, warnings=warnings)
