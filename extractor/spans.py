"""How the components keep their results on a spaCy Doc.

Every layer writes a span group ``doc.spans[<layer>]`` (``quantities``, ``dates``, ``regions``,
``officials``). Each span carries ``span._.mention``: the layer's record model (see
``extractor.records``), whose ``start``/``end`` are the exact character offsets. The spaCy span
itself is aligned outward to token boundaries, so it may be a little wider than the mention.
The mentions are also kept in text order in ``doc.user_data["jkn_layer_<layer>"]``; a span's
``span.id`` is its mention's place in that list.

Doc-level attributes:
- ``doc._.published``: the article's date (``YYYY-MM-DD``) or None; set before the pipeline runs
  when the caller knows it, else filled by the dates component from the text.
- ``doc._.published_source``: ``caller``, ``metadata`` or ``text``.
- ``doc._.officials``, ``doc._.observations``, ``doc._.calculations``, ``doc._.warnings``: lists of
  record models for the layers that are not plain spans.

The record models travel through ``Doc.to_bytes`` (and so ``nlp.pipe(..., n_process=N)``): they are
packed as their fields and rebuilt on unpacking (``register_extensions`` registers the encoder).
"""

from __future__ import annotations

from typing import Iterable, Sequence

import srsly
from pydantic import BaseModel
from spacy.tokens import Doc, Span

LAYER_LABELS = {
    "quantities": "QUANTITY",
    "dates": "DATE",
    "regions": "REGION",
    "officials": "OFFICIAL",
}
_LAYER_OF_LABEL = {label: layer for layer, label in LAYER_LABELS.items()}


def register_extensions() -> None:
    """Register the Doc and Span extension attributes (idempotent)."""
    for name in ("published", "published_source"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    for name in ("officials", "observations", "calculations", "warnings"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, getter=_list_getter(name))
    if not Span.has_extension("mention"):
        Span.set_extension("mention", getter=_span_mention)
    if "extractor_records" not in srsly.msgpack_encoders.get_all():
        srsly.msgpack_encoders.register("extractor_records", func=_pack_record)
        srsly.msgpack_decoders.register("extractor_records", func=_unpack_record)


_RECORD_TAG = "__extractor_record__"


def _pack_record(obj, chain=None):
    """msgpack encoder: a record model (``extractor.records``) as its class name and fields."""
    if isinstance(obj, BaseModel) and type(obj).__module__ == "extractor.records":
        return {_RECORD_TAG: type(obj).__name__, "fields": obj.model_dump()}
    return obj if chain is None else chain(obj)


def _unpack_record(obj, chain=None):
    """msgpack decoder: the record model packed by ``_pack_record``."""
    if isinstance(obj, dict) and _RECORD_TAG in obj:
        from . import records

        return getattr(records, obj[_RECORD_TAG]).model_validate(obj["fields"])
    return obj if chain is None else chain(obj)


def _list_getter(name: str):
    key = f"jkn_{name}"

    def get(doc: Doc) -> list:
        return doc.user_data.setdefault(key, [])

    return get


def doc_text(doc: Doc) -> str:
    """The doc's text, computed once: spaCy joins every token for each ``doc.text``."""
    text = doc.user_data.get("jkn_text")
    if text is None:
        text = doc.user_data["jkn_text"] = doc.text
    return text


def _layer_key(layer: str) -> str:
    return f"jkn_layer_{layer}"


def _span_mention(span: Span):
    """``span._.mention``: the mention the span was made for (its ``span.id`` is its place in the layer)."""
    layer = _LAYER_OF_LABEL.get(span.label_)
    mentions = span.doc.user_data.get(_layer_key(layer)) if layer else None
    if mentions and 0 <= span.id < len(mentions):
        mention = mentions[span.id]
        if span.start_char <= mention.start and mention.end <= span.end_char:
            return mention
    return None


def to_span(doc: Doc, mention: BaseModel, label: str, index: int) -> Span:
    """A span over the mention's characters (widened to whole tokens); ``index`` is its place in its layer."""
    span = doc.char_span(mention.start, mention.end, label=label, alignment_mode="expand", span_id=index)
    if span is None:  # only for an empty or out-of-range mention
        raise ValueError(f"cannot place {mention!r} on the doc")
    return span


def set_layer(doc: Doc, layer: str, mentions: Iterable[BaseModel]) -> None:
    """Store a layer's mentions, in text order, as the span group ``doc.spans[layer]``.

    The mentions themselves are kept as a list beside the group: two mentions inside one token
    (``40–59`` is one token to some tokenizers) widen to the same span, and must stay two.
    """
    label = LAYER_LABELS[layer]
    ordered = sorted(mentions, key=lambda m: (m.start, m.end))
    doc.user_data[_layer_key(layer)] = ordered
    doc.spans[layer] = [to_span(doc, m, label, i) for i, m in enumerate(ordered)]


def layer_mentions(doc: Doc, layer: str) -> list:
    """The mentions of a layer, in text order (empty if the layer's component did not run)."""
    if layer not in doc.spans:
        return []
    return list(doc.user_data.get(_layer_key(layer), ()))


def occupied(mentions: Sequence[BaseModel], start: int, end: int) -> bool:
    """Whether [start, end) overlaps any of the mentions."""
    return any(m.start < end and start < m.end for m in mentions)


def set_doc_list(doc: Doc, name: str, items: Iterable[BaseModel]) -> None:
    """Replace one of the doc-level record lists (``officials``, ``observations``, ...)."""
    target = getattr(doc._, name)
    target[:] = list(items)
