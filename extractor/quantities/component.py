"""The ``jkn_quantities`` spaCy component: fills ``doc.spans["quantities"]``."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..components import BatchComponent
from ..spans import layer_mentions, set_layer, doc_text
from .finder import find_quantities


@Language.factory("jkn_quantities")
def make_quantities(nlp: Language, name: str) -> "QuantityComponent":
    return QuantityComponent()


class QuantityComponent(BatchComponent):
    """Finds counts, percentages, Rupiah amounts and ratios; numbers inside date spans are left to the dates layer."""

    def __call__(self, doc: Doc) -> Doc:
        dates = layer_mentions(doc, "dates") if "dates" in doc.spans else None
        set_layer(doc, "quantities", find_quantities(doc_text(doc), dates=dates, published=doc._.published))
        return doc
