"""spaCy component ``jkn_dates``: the article's date and the ``dates`` span group."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..components import BatchComponent
from ..spans import register_extensions, set_layer, doc_text
from .finder import find_dates, find_published


class DatesComponent(BatchComponent):
    """Fills ``doc._.published`` from the text when the caller did not give it, then the ``dates`` layer."""

    def __init__(self) -> None:
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        extensions = doc._
        published = extensions.published
        if published is None:
            published = find_published(text)
            if published is not None:
                extensions.published = published
                extensions.published_source = "text"
        set_layer(doc, "dates", find_dates(text, published))
        return doc


@Language.factory("jkn_dates")
def make_dates_component(nlp: Language, name: str) -> DatesComponent:
    return DatesComponent()
