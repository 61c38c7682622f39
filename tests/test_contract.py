"""The record contract: offsets slice to the text, records validate against the published JSON Schema."""

from __future__ import annotations

import json

import pytest

import extractor
from extractor.records import Quantity, Record, record_json_schema

from conftest import CORPUS


def _mentions(rec: dict):
    for layer in ("quantities", "dates", "regions"):
        yield from rec[layer]
    for official in rec["officials"]:
        yield from official["mentions"]


@pytest.mark.parametrize("path", sorted((CORPUS / "articles").glob("*.txt")), ids=lambda p: p.stem)
def test_offsets_slice_to_the_text_and_schema_validates(path, nlp):
    jsonschema = pytest.importorskip("jsonschema")
    text = path.read_text(encoding="utf-8")
    record = extractor.extract(text, id=path.stem, nlp=nlp)
    data = json.loads(record.model_dump_json())
    jsonschema.validate(data, record_json_schema())
    assert Record.model_validate(data) == record
    for m in _mentions(data):
        assert text[m["start"]:m["end"]] == m["text"]
    for o in data["observations"]:
        assert 0 <= o["start"] < o["end"] <= len(text)


def test_spans_live_on_the_doc(nlp):
    doc = nlp("Hingga April 2017, tercatat 91 faskes pratama di Jakarta Pusat.")
    (span,) = doc.spans["quantities"]
    assert span.text == "91" and span._.mention.value == 91
    assert [s._.mention.value for s in doc.spans["dates"]] == ["2017-04"]


def test_values_are_plain_numbers():
    q = Quantity(text="1,1 juta", start=0, end=8, value=1100000.0, unit="count")
    assert json.loads(q.model_dump_json())["value"] == 1100000
    assert isinstance(q.value, int)


def test_mention_offsets_must_be_ordered():
    with pytest.raises(ValueError):
        Quantity(text="x", start=5, end=2, value=1, unit="count")


@pytest.mark.parametrize("text", [
    "Data ſemeſter lalu: 5 persen peserta JKN di KOTA BANDUNG.",
    "İSTANBUL bukan Kota Bandung; cakupan 97,5 persen per 1 Maret 2024.",
    "Peserta 1.2.3.4 jiwa, Rp ,- dan 12//2024 serta 1::5000 dan 0,0% atau -5 persen.",
    "\u200bJumlah\u200b peserta\u00a0JKN 4.248.807 jiwa 🙂 di Kalbar (77,5%) ‏عربي‎.",
    "Tahun 2025-2029, semester I, kuartal IV, 31/02/2023, 29/2/2023, 99/99/9999, Jumat (31/11).",
    "a" * 5000 + " 5 persen " + "1" * 400,
])
def test_odd_text_never_crashes_and_offsets_hold(text, nlp):
    record = extractor.extract(text, published="2024-05-21", nlp=nlp)
    data = json.loads(record.model_dump_json())
    for m in _mentions(data):
        assert text[m["start"]:m["end"]] == m["text"]
