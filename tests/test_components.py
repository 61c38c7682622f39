"""Components run over a batch of docs at a time (extractor/components.py), with the records of one doc at a time."""

from __future__ import annotations

import spacy

from extractor.components import BATCH_SIZE, BatchComponent
from extractor.pipeline import Article, build_record, extract_articles
from extractor.textscan import PER_TEXT_SIZE

from conftest import CORPUS, read_jsonl


class Logged(BatchComponent):
    def __init__(self, name: str, log: list):
        self.name, self.log = name, log

    def __call__(self, doc):
        self.log.append((self.name, doc.text))
        return doc


def test_a_batch_goes_through_one_component_before_the_next():
    nlp = spacy.blank("xx")
    log: list = []
    texts = [f"teks {i}" for i in range(BATCH_SIZE + 3)]
    first, second = Logged("a", log), Logged("b", log)
    docs = list(second.pipe(first.pipe(nlp.make_doc(t) for t in texts)))
    assert [d.text for d in docs] == texts  # order kept
    batch = texts[:BATCH_SIZE]
    assert log[:2 * BATCH_SIZE] == [("a", t) for t in batch] + [("b", t) for t in batch]
    assert sorted(log) == sorted([("a", t) for t in texts] + [("b", t) for t in texts])


def test_batches_fit_the_per_text_caches():
    """A later layer reuses an earlier layer's results for the same text from caches of PER_TEXT_SIZE texts,
    so a batch is never longer, whatever batch size spaCy asks for."""
    assert 1 <= BATCH_SIZE <= PER_TEXT_SIZE
    log: list = []
    nlp = spacy.blank("xx")
    texts = [str(i) for i in range(BATCH_SIZE * 2)]
    first, second = Logged("a", log), Logged("b", log)
    list(second.pipe(first.pipe((nlp.make_doc(t) for t in texts), batch_size=1000), batch_size=1000))
    assert log[BATCH_SIZE] == ("b", "0")  # the first batch ended after BATCH_SIZE docs


def test_records_in_batches_equal_records_one_at_a_time(nlp):
    texts = [p.read_text(encoding="utf-8") for p in sorted((CORPUS / "articles").glob("*.txt"))]
    texts += [case["text"] for case in read_jsonl(CORPUS / "quantities.jsonl")[:40]]
    articles = [Article(text=t, id=str(i), published="2024-05-20", published_source="caller")
                for i, t in enumerate(texts)]
    batched = list(extract_articles(articles, nlp=nlp, batch_size=16))
    for article, record in zip(articles, batched):
        doc = nlp.make_doc(article.text)
        doc.user_data["jkn_text"] = article.text
        doc._.published, doc._.published_source = article.published, "caller"
        single = build_record(article, [(0, nlp(doc))])
        assert record == single, article.id
