"""The dates layer: corpus/dates.jsonl cases, legal references, the jkn_dates component, the dev set score."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from extractor.dates.finder import find_dates, find_published
from extractor.legalrefs import find_legal_references

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
CASES = [json.loads(line) for line in (ROOT / "corpus" / "dates.jsonl").read_text(encoding="utf-8").splitlines()
         if line.strip()]
DATE_CASES = [c for c in CASES if "expect" in c]
PUBLISHED_CASES = [c for c in CASES if "expect_published" in c]


def _id(case: dict) -> str:
    return case["text"][:60]


def test_corpus_is_large_enough():
    assert len(DATE_CASES) >= 120
    assert sum(1 for c in DATE_CASES if not c["expect"]) >= 30, "negatives"
    assert len(PUBLISHED_CASES) >= 8


@pytest.mark.parametrize("case", DATE_CASES, ids=_id)
def test_date_case(case):
    found = find_dates(case["text"], case["published"])
    assert [(m.text, m.value) for m in found] == [(e["text"], e["value"]) for e in case["expect"]], case["note"]
    for m in found:
        assert case["text"][m.start:m.end] == m.text


@pytest.mark.parametrize("case", PUBLISHED_CASES, ids=_id)
def test_published_case(case):
    assert find_published(case["text"]) == case["expect_published"], case["note"]


def test_values_keep_their_granularity():
    """Missing day or month are never filled in, whatever the article's date."""
    text = "Hingga April 2017 dan sepanjang 2018, serta Semester I 2019 dan Kuartal IV 2020."
    for published in (None, "2021-06-30"):
        assert [m.value for m in find_dates(text, published)] == ["2017-04", "2018", "2019-H1", "2020-Q4"]


def test_relative_dates_need_the_article_date():
    text = "Tahun lalu, bulan lalu dan pekan lalu, juga hari ini dan (30/10)."
    assert find_dates(text, None) == []
    values = [m.value for m in find_dates(text, "2024-01-10")]
    assert values == ["2023", "2023-12", "2024-W01", "2024-01-10", "2023-10-30"]


def test_date_spans_cover_all_digits_of_the_date():
    text = "Data Jumat (12/5/2017) dan per 31 Desember 2018 pukul 10.00 WIB."
    found = find_dates(text, None)
    assert [m.text for m in found] == ["12/5/2017", "31 Desember 2018"]


def test_weekday_slip_is_read_as_the_article_date():
    """A weekday contradicting its date, where the article's date fits the weekday and the day."""
    text = "kata kepala cabang, Jumat (8/11/2023)."
    assert [m.value for m in find_dates(text, "2023-12-08")] == ["2023-12-08"]
    assert [m.value for m in find_dates(text, None)] == ["2023-11-08"]
    # a weekday that agrees with the written date is kept as written
    assert [m.value for m in find_dates("kata dia, Rabu (8/11/2023).", "2023-12-08")] == ["2023-11-08"]


@pytest.mark.parametrize("text, expected", [
    ("sesuai UU Nomor 24 Tahun 2011 tentang BPJS", ["UU Nomor 24 Tahun 2011"]),
    ("dalam UU No. 40/2004 tentang SJSN", ["UU No. 40/2004"]),
    ("Perpres 82/2018 dan Perpres Nomor 64 Tahun 2020", ["Perpres 82/2018", "Perpres Nomor 64 Tahun 2020"]),
    ("mengacu pada Peraturan Presiden Nomor 18 Tahun 2020 tentang RPJMN Tahun 2020-2024",
     ["Peraturan Presiden Nomor 18 Tahun 2020"]),
    ("PP No. 47 Tahun 2021 mengatur", ["PP No. 47 Tahun 2021"]),
    ("Permenkes Nomor 3 Tahun 2023.", ["Permenkes Nomor 3 Tahun 2023"]),
    ("Pasal 5 ayat (2) huruf a", ["Pasal 5 ayat (2) huruf a"]),
    ("lihat ayat (3)", ["ayat (3)"]),
    ("Keputusan Menteri Kesehatan Nomor HK.01.07/MENKES/1186/2022 tentang",
     ["Keputusan Menteri Kesehatan Nomor HK.01.07/MENKES/1186/2022"]),
    ("SK Bupati No. 12 Tahun 2020", ["SK Bupati No. 12 Tahun 2020"]),
    ("Perda Nomor 5 tahun 2019, Pergub 17/2021 dan Perwali Nomor 8 Tahun 2022",
     ["Perda Nomor 5 tahun 2019", "Pergub 17/2021", "Perwali Nomor 8 Tahun 2022"]),
    ("Inpres Nomor 1 Tahun 2022 tentang optimalisasi", ["Inpres Nomor 1 Tahun 2022"]),
    ("UUD 1945 pasal 28H", ["UUD 1945", "pasal 28H"]),
    ("hingga akhir tahun 2021 sebanyak 2 juta peserta", []),
    ("sebanyak 24 orang pada tahun 2011", []),
])
def test_legal_references(text, expected):
    assert [text[s:e] for s, e in find_legal_references(text)] == expected


def test_component_sets_published_from_the_text():
    from extractor.pipeline import load

    nlp = load(["jkn_dates"])
    doc = nlp("BANJARBARU - Forum dibuka di Banjarbaru, Selasa (21/5/2024). Tahun lalu cakupan 95 persen.")
    assert doc._.published == "2024-05-21"
    assert doc._.published_source == "text"
    assert [(s._.mention.text, s._.mention.value) for s in doc.spans["dates"]] == [
        ("21/5/2024", "2024-05-21"), ("Tahun lalu", "2023")]


def test_component_keeps_the_callers_date():
    from extractor.pipeline import extract, load

    record = extract("Tahun lalu, kata dia, Selasa (21/5/2024).", published="2020-02-02",
                     nlp=load(["jkn_dates"]))
    assert record.published == "2020-02-02"
    assert record.published_source == "caller"
    assert [d.value for d in record.dates] == ["2019", "2024-05-21"]


def test_dev_set_f1():
    """Micro-averaged F1 on the dev set (multiset match on value per article), as the guidelines score it."""
    dev = SHARED / "corpus" / "dev"
    if not dev.is_dir():
        pytest.skip("../shared/corpus/dev is not available")
    index = {json.loads(line)["id"]: json.loads(line) for line in (dev / "index.jsonl").read_text().splitlines()
             if line.strip()}
    tp = fp = fn = 0
    for gold_file in sorted((dev / "gold").glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        text = (dev / "articles" / f"{gold['id']}.txt").read_text(encoding="utf-8")
        found = Counter(m.value for m in find_dates(text, index[gold["id"]]["published"]))
        expected = Counter(d["value"] for d in gold["dates"])
        hit = sum((found & expected).values())
        tp += hit
        fp += sum(found.values()) - hit
        fn += sum(expected.values()) - hit
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    assert f1 >= 0.95, f"dates F1 {f1:.3f} (P {precision:.3f}, R {recall:.3f})"
