"""The pipeline's own tokenizer: one regex pass, every character kept, tokens that line up with the mentions."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from extractor.tokenizer import TOKENIZER_NAME, JKNTokenizer

from conftest import CORPUS


@pytest.fixture(scope="module")
def tokenize():
    nlp = spacy.blank("id", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER_NAME}}})
    return lambda text: [t.text for t in nlp(text)]


@pytest.mark.parametrize("text, tokens", [
    ("Rp30.000/bulan", ["Rp", "30.000", "/", "bulan"]),
    ("sebanyak414.705 jiwa", ["sebanyak", "414.705", "jiwa"]),
    ("usia 40–59 tahun", ["usia", "40", "–", "59", "tahun"]),
    ("Jumat (8/11/2023).", ["Jumat", "(", "8/11/2023", ")", "."]),
    ("naik 96,85% dari 2022-2023", ["naik", "96,85", "%", "dari", "2022", "-", "2023"]),
    ("masing-masing kabupaten", ["masing-masing", "kabupaten"]),
    ("pandemi COVID-19 dan dosis ke-3", ["pandemi", "COVID-19", "dan", "dosis", "ke-3"]),
    ("Dr. H. Sutrisno, S.K.M., M.Kes. hadir.", ["Dr.", "H.", "Sutrisno", ",", "S.K.M.", ",", "M.Kes.", "hadir", "."]),
    ("dr. Wati, drg. Ani dan Prof. Budi", ["dr.", "Wati", ",", "drg.", "Ani", "dan", "Prof.", "Budi"]),
    ("Itu drama.", ["Itu", "drama", "."]),
    ("lihat www.bpjs-kesehatan.go.id.", ["lihat", "www.bpjs-kesehatan.go.id", "."]),
    ("di https://contoh.id/a?b=1, lalu", ["di", "https://contoh.id/a?b=1", ",", "lalu"]),
    ("surel humas.x@contoh.go.id saja", ["surel", "humas.x@contoh.go.id", "saja"]),
    ("tunggu... dan -- lalu", ["tunggu", "...", "dan", "--", "lalu"]),
])
def test_tokens(tokenize, text, tokens):
    assert tokenize(text) == tokens


@pytest.mark.parametrize("text", [
    "", " ", "a  b\n\nc \n d ", "\ttab\t", " awal dan akhir ",
    "Caf\u0065\u0301 \u200bJKN\u00a0BPJS 🙂 عربي İSTANBUL ſemeſter ½ ²",
    "x" * 3000 + "." + "9" * 50,
])
def test_every_character_is_kept(tokenize, text):
    nlp = spacy.blank("id", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER_NAME}}})
    doc = nlp(text)
    assert doc.text == text
    assert all(t.text for t in doc)


def test_whitespace_follows_spacy_conventions():
    nlp = spacy.blank("id", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER_NAME}}})
    doc = nlp("a  b\nc")
    assert [(t.text, t.whitespace_) for t in doc] == [("a", " "), (" ", ""), ("b", ""), ("\n", ""), ("c", "")]


@pytest.mark.parametrize("path", sorted((CORPUS / "articles").glob("*.txt")), ids=lambda p: p.stem)
def test_corpus_articles_round_trip(path, nlp):
    text = path.read_text(encoding="utf-8")
    doc = nlp.make_doc(text)
    assert doc.text == text
    assert isinstance(nlp.tokenizer, JKNTokenizer)


def test_two_mentions_in_one_span_stay_two(nlp):
    """A range written with an en dash: two quantities, each with its own span and mention."""
    doc = nlp("Warga berusia 40–59 tahun menjadi sasaran.")
    assert [s._.mention.value for s in doc.spans["quantities"]] == [40, 59]
    restored = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert [s._.mention.value for s in restored.spans["quantities"]] == [40, 59]


def test_saved_pipeline_loads_with_its_tokenizer(nlp, tmp_path):
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    assert isinstance(loaded.tokenizer, JKNTokenizer)
    doc = loaded("Pada 2024 tercatat 1.234 jiwa di Kota Bogor.")
    assert [s._.mention.value for s in doc.spans["quantities"]] == [1234]
