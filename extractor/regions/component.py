"""The spaCy component ``jkn_regions``: region mentions as the span group ``doc.spans["regions"]``."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..spans import doc_text, set_layer
from .finder import find_regions


@Language.factory("jkn_regions")
def make_regions_component(nlp: Language, name: str):
    """Build the component (the gazetteer is loaded once, on first use)."""
    return regions_component


def regions_component(doc: Doc) -> Doc:
    """Find the regions of ``doc.text`` and store them on the doc."""
    set_layer(doc, "regions", find_regions(doc_text(doc)))
    return doc
