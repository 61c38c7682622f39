"""The spaCy component ``jkn_regions``: region mentions as the span group ``doc.spans["regions"]``."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..components import BatchComponent
from ..spans import doc_text, set_layer
from .finder import find_regions


@Language.factory("jkn_regions")
def make_regions_component(nlp: Language, name: str):
    """Build the component (the gazetteer is loaded once, on first use)."""
    return RegionsComponent()


class RegionsComponent(BatchComponent):
    """Finds the regions of the doc's text and stores them on the doc."""

    def __call__(self, doc: Doc) -> Doc:
        set_layer(doc, "regions", find_regions(doc_text(doc)))
        return doc
