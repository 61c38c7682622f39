"""spaCy component ``jkn_dates``: the article's date and the ``dates`` span group."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..spans import register_extensions, set_layer, doc_text
from .finder import find_dates, find_published


class DatesComponent:
    """Fills ``doc._.published`` from the text when the caller did not give it, then the ``dates`` layer."""

    def __init__(self) -> None:
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        if doc._.published is None:
            published = find_published(doc_text(doc))
            if published is not None:
                doc._.published = published
                doc._.published_source = "text"
        set_layer(doc, "dates", find_dates(doc_text(doc), doc._.published))
        return doc


@Language.factory("jkn_dates")
def make_dates_component(nlp: Language, name: str) -> DatesComponent:
    return DatesComponent()
