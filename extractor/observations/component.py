"""The ``jkn_observations`` spaCy component: fills ``doc._.observations`` from the other layers."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..components import BatchComponent
from ..spans import layer_mentions, set_doc_list, doc_text
from .finder import find_observations


@Language.factory("jkn_observations")
def make_observations(nlp: Language, name: str) -> "ObservationComponent":
    return ObservationComponent()


class ObservationComponent(BatchComponent):
    """Reads the quantities, dates and regions already on the doc and decides which figures are observations."""

    def __call__(self, doc: Doc) -> Doc:
        observations = find_observations(doc_text(doc), layer_mentions(doc, "quantities"),
                                         layer_mentions(doc, "dates"), layer_mentions(doc, "regions"))
        set_doc_list(doc, "observations", observations)
        return doc
