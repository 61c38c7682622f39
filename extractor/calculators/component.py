"""The ``jkn_calculations`` spaCy component: fills ``doc._.calculations`` from the observations."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..components import BatchComponent
from ..spans import layer_mentions, set_doc_list, doc_text
from . import DEFAULT_DOCTOR_RATIO, DEFAULT_UHC_THRESHOLDS, calculate


@Language.factory("jkn_calculations", default_config={"uhc_thresholds": list(DEFAULT_UHC_THRESHOLDS),
                                                      "doctor_ratio": DEFAULT_DOCTOR_RATIO})
def make_calculations(nlp: Language, name: str, uhc_thresholds: list, doctor_ratio: float) -> "CalculationComponent":
    return CalculationComponent(tuple(uhc_thresholds), doctor_ratio)


class CalculationComponent(BatchComponent):
    """Runs every calculator over the doc's observations."""

    def __init__(self, uhc_thresholds: tuple, doctor_ratio: float):
        self.uhc_thresholds = uhc_thresholds
        self.doctor_ratio = doctor_ratio

    def __call__(self, doc: Doc) -> Doc:
        calculations = calculate(doc._.observations, layer_mentions(doc, "quantities"), doc._.published,
                                 self.uhc_thresholds, self.doctor_ratio, text=doc_text(doc),
                                 regions=layer_mentions(doc, "regions"))
        set_doc_list(doc, "calculations", calculations)
        return doc
