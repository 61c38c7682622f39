"""The quantity layer: the corpus of cases (corpus/quantities.jsonl), numeral parsing, and the dev-set score."""

from __future__ import annotations

from decimal import Decimal

import pytest
import regex

from extractor.quantities import find_quantities
from extractor.quantities.numbers import parse_digits, parse_spelled

from conftest import CORPUS, read_jsonl

CASES = read_jsonl(CORPUS / "quantities.jsonl")


def test_corpus_is_large_and_covers_negatives():
    assert len(CASES) >= 150
    assert sum(1 for c in CASES if not c["expect"]) >= 30
    units = {e["unit"] for c in CASES for e in c["expect"]}
    assert units == {"count", "percent", "idr", "ratio"}
    qualifiers = {e["qualifier"] for c in CASES for e in c["expect"]}
    assert qualifiers == {"exact", "approx", "more_than", "at_least", "less_than", "at_most"}


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:60] for c in CASES])
def test_corpus_case(case):
    found = find_quantities(case["text"])
    got = [(q.text, q.value, q.unit, q.qualifier) for q in found]
    expected = [(e["text"], e["value"], e["unit"], e["qualifier"]) for e in case["expect"]]
    assert got == expected, case.get("note")
    for q in found:
        assert case["text"][q.start:q.end] == q.text


@pytest.mark.parametrize("numeral, scaled, percent, value", [
    ("1.076.232", False, False, "1076232"),
    ("96,91", False, True, "96.91"),
    ("392,8", True, False, "392.8"),
    ("8,157,582", False, False, "8157582"),
    ("95.87", False, True, "95.87"),
    ("4,048", True, False, "4.048"),
    ("259,217", False, False, "259217"),
    ("592.339.221.949", False, False, "592339221949"),
    ("1.234,5", False, False, "1234.5"),
])
def test_parse_digits(numeral, scaled, percent, value):
    assert parse_digits(numeral, scaled=scaled, percent=percent)[0] == Decimal(value)


@pytest.mark.parametrize("words, value", [
    ("sembilan", 9), ("sepuluh", 10), ("sebelas", 11), ("dua belas", 12), ("dua puluh lima", 25),
    ("seratus", 100), ("dua ratus lima puluh", 250), ("seribu", 1000), ("tiga ratus ribu", 300000),
    ("satu juta dua ratus ribu", 1200000), ("dua koma lima juta", 2500000), ("setengah juta", 500000),
    ("sejuta", 1000000),
])
def test_parse_spelled(words, value):
    assert parse_spelled(words.split()) == value


@pytest.mark.parametrize("words", ["dua tiga", "puluh", "ribu", "koma lima", "dua koma"])
def test_parse_spelled_refuses_non_numbers(words):
    assert parse_spelled(words.split()) is None


def test_exact_values_for_large_money():
    (q,) = find_quantities("Klaim mencapai Rp 1,053 triliun.")
    assert q.value == 1053000000000 and isinstance(q.value, int) and q.unit == "idr"


def test_day_month_without_known_year_is_not_a_quantity():
    assert find_quantities("Data per 1 Oktober mencatat 500 peserta baru.")[0].value == 500


def test_dev_quantities_f1(dev_scores):
    assert dev_scores.layers["quantities"].f1 >= 0.97


def test_own_articles_quantities_f1(corpus_scores):
    assert corpus_scores.layers["quantities"].f1 >= 0.97


def test_every_numeral_the_finder_reads_has_a_value():
    """Any run of digits, dots and commas: each numeral in it parses, and the finder never raises
    ('2,510.30', an English-style figure with one thousands comma, used to raise InvalidOperation)."""
    import random

    from extractor.quantities.finder import NUMERAL
    from extractor.quantities.numbers import parse_digits

    numeral = regex.compile(NUMERAL)
    rng = random.Random(20261126)
    for _ in range(3000):
        run = "".join(rng.choice("0123456789.,") if i else rng.choice("0123456789") for i in range(rng.randint(1, 14)))
        for m in numeral.finditer(run):
            parse_digits(m.group())
        for q in find_quantities(f"Harga naik menjadi Rp {run} dan {run} persen, atau {run} jiwa."):
            assert q.value >= 0
