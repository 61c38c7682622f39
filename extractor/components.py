"""What the pipeline's components share: working through a batch of docs one component at a time.

spaCy's default for a component without a ``pipe`` method passes each doc through every component
in turn. Our components are large rule sets with their own patterns and tables; running one over a
whole batch before the next one starts keeps its code and data in the CPU's caches, which measured
about 12% faster on the dev articles (same records).
"""

from __future__ import annotations

from typing import Iterable, Iterator

from spacy.tokens import Doc
from spacy.util import minibatch

from .textscan import PER_TEXT_SIZE

# Docs per batch. A layer reuses results an earlier layer computed for the same text (the dates of
# an article, its legal references) from caches that keep the last PER_TEXT_SIZE texts, so a batch
# must not be longer than that.
BATCH_SIZE = PER_TEXT_SIZE


class BatchComponent:
    """A component that handles one doc in ``__call__``; ``pipe`` runs it over a batch before passing the batch on."""

    def __call__(self, doc: Doc) -> Doc:  # pragma: no cover - each component defines it
        raise NotImplementedError

    def pipe(self, docs: Iterable[Doc], batch_size: int = BATCH_SIZE) -> Iterator[Doc]:
        for batch in minibatch(docs, size=max(1, min(batch_size, BATCH_SIZE))):
            yield from [self(doc) for doc in batch]
