"""spaCy component ``jkn_officials``: the officials of the article and every place they are named."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..components import BatchComponent
from ..spans import set_doc_list, set_layer, doc_text
from .finder import find_officials


class OfficialsComponent(BatchComponent):
    """Runs :func:`find_officials` on the doc text; stores the officials and their name mentions."""

    def __call__(self, doc: Doc) -> Doc:
        officials = find_officials(doc_text(doc))
        set_doc_list(doc, "officials", officials)
        set_layer(doc, "officials", [m for o in officials for m in o.mentions])
        return doc


@Language.factory("jkn_officials")
def make_officials(nlp: Language, name: str) -> OfficialsComponent:
    return OfficialsComponent()
