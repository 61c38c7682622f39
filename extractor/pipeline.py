"""The spaCy pipeline and the way an article becomes a record."""

from __future__ import annotations

import hashlib
import importlib
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Optional

import regex
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from . import __version__
from .records import ExtractionWarning, Record
from .spans import layer_mentions, register_extensions
from .tokenizer import TOKENIZER_NAME

# Component factory names, in the order they run, and the modules that register them.
COMPONENTS: list[tuple[str, str]] = [
    ("jkn_dates", "extractor.dates.component"),
    ("jkn_quantities", "extractor.quantities.component"),
    ("jkn_regions", "extractor.regions.component"),
    ("jkn_officials", "extractor.officials.component"),
    ("jkn_observations", "extractor.observations.component"),
    ("jkn_calculations", "extractor.calculators.component"),
]

# Texts longer than this are processed in pieces cut at line breaks, so that memory stays bounded.
CHUNK_CHARS = 100_000

def available_components(wanted: Optional[Iterable[str]] = None) -> list[str]:
    """The factory names whose modules exist in this version (of ``wanted``, or all), registering them."""
    wanted = None if wanted is None else set(wanted)
    names = []
    for name, module in COMPONENTS:
        if wanted is not None and name not in wanted:
            continue
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as err:
            if err.name and module.startswith(err.name):
                continue  # that layer is not built yet
            raise
        names.append(name)
    return names


def load(components: Optional[Iterable[str]] = None) -> Language:
    """A blank Indonesian pipeline with the extractor's components (all available ones by default)."""
    register_extensions()
    names = available_components() if components is None else list(components)
    if components is not None:
        available_components(names)
    nlp = spacy.blank("id", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER_NAME}}})
    nlp.max_length = CHUNK_CHARS * 2
    for name in names:
        nlp.add_pipe(name)
    return nlp


@dataclass
class Article:
    """One input article and what the caller knows about it."""

    text: str
    id: str
    source: Optional[str] = None
    title: Optional[str] = None
    published: Optional[str] = None
    published_source: Optional[str] = None  # "caller" or "metadata" when published is given
    warnings: list[ExtractionWarning] = field(default_factory=list)


_nlp_cache: dict[str, Language] = {}


def default_nlp() -> Language:
    """The full pipeline, loaded once per process."""
    if "default" not in _nlp_cache:
        _nlp_cache["default"] = load()
    return _nlp_cache["default"]


def extract(text: str, published: Optional[str] = None, id: Optional[str] = None,
            source: Optional[str] = None, nlp: Optional[Language] = None) -> Record:
    """Extract the record of one article text."""
    article = Article(text=text, id=id or "article", source=source, published=published,
                      published_source="caller" if published else None)
    return next(extract_articles([article], nlp=nlp))


def extract_articles(articles: Iterable[Article], nlp: Optional[Language] = None, batch_size: int = 16,
                     on_error: Optional[Callable[[Article, Exception], None]] = None) -> Iterator[Record]:
    """Records for many articles, in input order; short articles go through ``nlp.pipe`` in batches.

    An error inside the extraction (a bug) is raised; with ``on_error``, the failing article is handed
    to it instead and left out, and the other articles of its batch still give their records.
    """
    nlp = nlp or default_nlp()
    batch: list[Article] = []
    for article in articles:
        if len(article.text) > CHUNK_CHARS:
            yield from _flush(nlp, batch, batch_size, on_error)
            batch = []
            yield from _guarded(lambda a: _extract_long(nlp, a), [article], on_error)
            continue
        batch.append(article)
        if len(batch) >= batch_size:
            yield from _flush(nlp, batch, batch_size, on_error)
            batch = []
    yield from _flush(nlp, batch, batch_size, on_error)


def _flush(nlp: Language, batch: list[Article], batch_size: int, on_error) -> Iterator[Record]:
    if not batch:
        return
    docs = (_make_doc(nlp, a.text, a.published, a.published_source) for a in batch)
    if on_error is None:
        for article, doc in zip(batch, nlp.pipe(docs, batch_size=batch_size)):
            yield build_record(article, [(0, doc)])
        return
    try:
        records = [build_record(a, [(0, doc)]) for a, doc in zip(batch, nlp.pipe(docs, batch_size=batch_size))]
    except Exception:  # noqa: BLE001 - find the failing article by running them one at a time
        records = None
    if records is not None:
        yield from records
        return

    def one(article: Article) -> Record:
        return build_record(article, [(0, nlp(_make_doc(nlp, article.text, article.published,
                                                         article.published_source)))])

    yield from _guarded(one, batch, on_error)


def _guarded(extract_one: Callable[[Article], Record], articles: list[Article], on_error) -> Iterator[Record]:
    """``extract_one`` of each article; with ``on_error``, an article that raises goes to it instead."""
    for article in articles:
        if on_error is None:
            yield extract_one(article)
            continue
        try:
            record = extract_one(article)
        except Exception as err:  # noqa: BLE001 - reported by on_error, the other articles go on
            on_error(article, err)
            continue
        yield record


def _make_doc(nlp: Language, text: str, published: Optional[str], source: Optional[str]) -> Doc:
    doc = nlp.make_doc(text)
    doc.user_data["jkn_text"] = text
    if published:
        doc._.published = published
        doc._.published_source = source or "caller"
    return doc


def _extract_long(nlp: Language, article: Article) -> Record:
    """A long text in pieces cut at line breaks; the first piece's date anchors the others."""
    pieces = []
    published, source = article.published, article.published_source
    for offset, chunk in split_text(article.text, CHUNK_CHARS):
        doc = nlp(_make_doc(nlp, chunk, published, source))
        if published is None and doc._.published:
            published, source = doc._.published, doc._.published_source
        pieces.append((offset, doc))
    article.warnings.append(ExtractionWarning(
        code="long_text",
        message=f"text of {len(article.text)} characters processed in {len(pieces)} pieces"))
    return build_record(article, pieces)


_LINE_BREAK = regex.compile(r"\n")


def split_text(text: str, size: int) -> Iterator[tuple[int, str]]:
    """Pieces of at most ``size`` characters, cut after a line break (or a space) where possible."""
    start = 0
    while start < len(text):
        end = min(start + size, len(text))
        if end < len(text):
            cut = text.rfind("\n", start + size // 2, end)
            if cut < 0:
                cut = text.rfind(" ", start + size // 2, end)
            if cut >= 0:
                end = cut + 1
        yield start, text[start:end]
        start = end


def _shift(model, offset: int):
    if offset == 0:
        return model
    if hasattr(model, "mentions"):
        return model.model_copy(update={"mentions": [_shift(m, offset) for m in model.mentions]})
    return model.model_copy(update={"start": model.start + offset, "end": model.end + offset})


def build_record(article: Article, pieces: list[tuple[int, Doc]]) -> Record:
    """Collect every layer of the processed doc(s) into the article's record."""
    layers: dict[str, list] = {k: [] for k in ("quantities", "dates", "regions", "officials",
                                                  "observations", "calculations", "warnings")}
    published, published_source = article.published, article.published_source
    for offset, doc in pieces:
        for layer in ("quantities", "dates", "regions"):
            layers[layer] += [_shift(m, offset) for m in layer_mentions(doc, layer)]
        layers["officials"] += [_shift(o, offset) for o in doc._.officials]
        layers["observations"] += [_shift(o, offset) for o in doc._.observations]
        layers["calculations"] += list(doc._.calculations)
        layers["warnings"] += [_shift(w, offset) if w.start is not None else w for w in doc._.warnings]
        if published is None and doc._.published:
            published, published_source = doc._.published, doc._.published_source
    return Record(
        id=article.id,
        source=article.source,
        title=article.title,
        published=published,
        published_source=published_source if published else None,
        text_sha256=hashlib.sha256(article.text.encode("utf-8")).hexdigest(),
        extractor_version=__version__,
        quantities=layers["quantities"],
        dates=layers["dates"],
        regions=layers["regions"],
        officials=_merge_officials(layers["officials"]),
        observations=layers["observations"],
        calculations=layers["calculations"],
        warnings=list(article.warnings) + layers["warnings"],
    )


def _merge_officials(officials: list) -> list:
    """One entry per person when a long text's pieces each named the same official."""
    merged: dict[str, object] = {}
    for official in officials:
        key = official.name.lower()
        if key in merged:
            first = merged[key]
            merged[key] = first.model_copy(update={
                "mentions": first.mentions + official.mentions,
                "position": first.position or official.position})
        else:
            merged[key] = official
    return list(merged.values())
