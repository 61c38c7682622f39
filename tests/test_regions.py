"""The regions layer: gazetteer, finder (corpus/regions.jsonl), lookup, component and the dev-set score."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from extractor.regions import gazetteer as gz
from extractor.regions.finder import find_regions, forms, key_of
from extractor.regions.lookup import lookup

from conftest import CORPUS, read_jsonl

CASES = read_jsonl(CORPUS / "regions.jsonl")
PROVINCES = [r for r in gz.all_regions() if r.level == "province"]
REGENCIES = [r for r in gz.all_regions() if r.level == "regency"]


# --- gazetteer -----------------------------------------------------------------------------------

def test_gazetteer_counts():
    assert len(PROVINCES) == 38
    assert len(REGENCIES) == 514
    assert Counter(r.kind for r in REGENCIES) == {"kabupaten": 416, "kota": 98}
    assert gz.region("ID").level == "nation"


def test_gazetteer_accessors():
    assert gz.province_name("63.71") == "Kalimantan Selatan"
    assert gz.province_name("63") == "Kalimantan Selatan"
    assert gz.regency("63.71").name == "Kota Banjarmasin"
    assert gz.regency("63") is None
    assert gz.regency("6302").name == "Kabupaten Kotabaru"
    assert gz.province_code_of("31.71") == "31"
    assert gz.region("99") is None


def test_legacy_papua_codes_map_to_today():
    assert gz.regency("91.01").code == "93.01"  # Merauke, Papua Selatan since 2022
    assert gz.regency("92.05").code == "96.03"  # Raja Ampat, Papua Barat Daya
    assert gz.regency("91.03").name == "Kabupaten Jayapura"  # still in Papua: current code wins


def test_data_loaded_once():
    assert gz.load() is gz.load()
    assert forms() is forms()


# --- every official name resolves to its own code ---------------------------------------------------

@pytest.mark.parametrize("template", [
    "Data dari {} menunjukkan kenaikan.",
    "{} mencatat kenaikan peserta.",
    "Peserta di {}, kata dia.",
    "CAKUPAN JKN DI {} NAIK TAJAM",
])
def test_every_official_name_resolves_to_its_code(template):
    wrong = []
    for region in PROVINCES + REGENCIES:
        name = region.name.upper() if template.isupper() else region.name
        text = template.format(name)
        found = find_regions(text)
        if [(m.text, m.code) for m in found] != [(name, region.code)]:
            wrong.append((region.code, text, [(m.text, m.code) for m in found]))
    assert not wrong, wrong[:10]


def test_provinces_with_prefix_resolve():
    for region in PROVINCES:
        found = find_regions(f"Pemerintah Provinsi {region.name} menambah anggaran.")
        assert [(m.code, m.level, m.name) for m in found] == [(region.code, "province", region.name)]


def test_unique_short_names_resolve():
    """Every kabupaten/kota whose short name is no other region's name, written bare after 'di'."""
    by_key = forms().by_key
    wrong = []
    for region in REGENCIES:
        codes = {a.code for a in by_key.get(key_of(region.short_name), [])}
        if codes != {region.code}:
            continue
        found = find_regions(f"Antrean di {region.short_name}, kata dia.")
        if [m.code for m in found] != [region.code]:
            wrong.append((region.code, region.short_name, [(m.text, m.code) for m in found]))
    assert not wrong, wrong[:10]


def test_shared_names_default_to_the_kota():
    for name, kota, kabupaten in [("Bandung", "32.73", "32.04"), ("Bogor", "32.71", "32.01"),
                                  ("Malang", "35.73", "35.07"), ("Kupang", "53.71", "53.01")]:
        assert [m.code for m in find_regions(f"Warga di {name} mendaftar.")] == [kota]
        assert [m.code for m in find_regions(f"Pemkab {name} mendaftarkan warga.")] == [kabupaten]
        assert [m.code for m in find_regions(f"Bupati {name} meresmikan klinik.")] == [kabupaten]


# --- corpus -------------------------------------------------------------------------------------

def test_corpus_is_large_and_covers_negatives():
    assert len(CASES) >= 150
    assert sum(1 for c in CASES if not c["expect"]) >= 30
    codes = {e["code"] for c in CASES for e in c["expect"]}
    assert "ID" in codes and "31.71" in codes and "61.02" in codes


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:60] for c in CASES])
def test_corpus_case(case):
    found = find_regions(case["text"])
    got = [(m.text, m.code) for m in found]
    expected = [(e["text"], e["code"]) for e in case["expect"]]
    assert got == expected, case.get("note")
    for m in found:
        assert case["text"][m.start:m.end] == m.text
        region = gz.region(m.code)
        assert (m.name, m.level) == (region.name, region.level)


def test_mentions_in_text_order_and_offsets_exact():
    text = "Kab. HSS, Jakpus, Kota Banjarmasin dan seluruh Indonesia; secara nasional juga."
    found = find_regions(text)
    assert [m.start for m in found] == sorted(m.start for m in found)
    assert [(m.text, m.code, m.level) for m in found] == [
        ("Kab. HSS", "63.06", "regency"), ("Jakpus", "31.71", "regency"),
        ("Kota Banjarmasin", "63.71", "regency"), ("seluruh Indonesia", "ID", "nation"),
        ("secara nasional", "ID", "nation")]
    for m in found:
        assert text[m.start:m.end] == m.text


def _prefixes() -> list[str]:
    return sorted({w for level, words in gz.rules()["prefixes"].items() if not level.startswith("_") for w in words})


@pytest.mark.parametrize("blank", ["  ", "\n", " \t "])
def test_prefixes_with_odd_blanks_inside_are_read(blank):
    """A prefix typed with a double space or a line break inside it ('Kota  Adm.') is still a prefix."""
    for prefix in _prefixes():
        if " " not in prefix:
            continue
        text = f"Data {prefix.replace(' ', blank)} Jakarta Pusat dan {prefix.replace(' ', blank)} Bogor."
        found = find_regions(text)  # used to raise KeyError
        for m in found:
            assert text[m.start:m.end] == m.text


def test_empty_and_plain_text():
    assert find_regions("") == []
    assert find_regions("tidak ada apa-apa di sini") == []


# --- lookup -------------------------------------------------------------------------------------

@pytest.mark.parametrize("query, code", [
    ("Kalsel", "63"), ("Prov Kalbar", "61"), ("Jakpus", "31.71"), ("Kota Banjarmasin", "63.71"),
    ("Kabupaten Kotabaru", "63.02"), ("Kab. HSS", "63.06"), ("Pemkab Bandung", "32.04"),
    ("Bandung", "32.73"), ("PONTIANAK", "61.71"), ("Nanggroe Aceh Darussalam", "11"),
    ("Kabupaten Pontianak", "61.02"), ("Indonesia", "ID"), ("91.01", "93.01"), ("6371", "63.71"),
    ("Metro", "18.72"), ("Banjr", "32.79"),
])
def test_lookup_best_candidate(query, code):
    candidates = lookup(query)
    assert candidates and candidates[0].code == code


def test_lookup_lists_all_readings_of_a_shared_name():
    candidates = lookup("Banjar")
    assert {c.code for c in candidates} >= {"32.79", "63.03"}
    by_code = {c.code: c for c in candidates}
    assert by_code["63.03"].province == "Kalimantan Selatan"
    assert by_code["63.03"].name == "Kabupaten Banjar"
    assert all(c.matched for c in candidates)


def test_lookup_unknown():
    assert lookup("") == []
    assert lookup("Xyzzyqq") == []


# --- component and dev set ----------------------------------------------------------------------

def test_component_stores_mentions():
    import spacy

    import extractor.regions.component  # noqa: F401  (registers the factory)
    from extractor.spans import layer_mentions, register_extensions

    register_extensions()
    nlp = spacy.blank("id")
    nlp.add_pipe("jkn_regions")
    doc = nlp("BPJS Kesehatan Cabang Utama Jakarta Pusat mencatat peserta di Jakpus.")
    assert [(m.text, m.code) for m in layer_mentions(doc, "regions")] == [
        ("Jakarta Pusat", "31.71"), ("Jakpus", "31.71")]


def test_dev_regions_f1(dev_dir):
    """Set of codes per article, micro-averaged (guidelines' Scores), using the finder alone."""
    tp = predicted = gold_total = 0
    for gold_path in sorted((dev_dir / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text = (dev_dir / "articles" / f"{gold_path.stem}.txt").read_text(encoding="utf-8")
        pred = {m.code for m in find_regions(text)}
        want = {r["code"] for r in gold["regions"]}
        tp, predicted, gold_total = tp + len(pred & want), predicted + len(pred), gold_total + len(want)
    precision, recall = tp / predicted, tp / gold_total
    assert 2 * precision * recall / (precision + recall) >= 0.97
