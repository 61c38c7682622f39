"""The officials layer: the corpus of cases (corpus/officials.jsonl), mentions, the component and the dev score."""

from __future__ import annotations

import pytest

from extractor.officials.finder import find_officials
from extractor.spans import layer_mentions

from conftest import CORPUS, read_jsonl

CASES = read_jsonl(CORPUS / "officials.jsonl")


def test_corpus_is_large_and_covers_negatives():
    assert len(CASES) >= 80
    assert sum(1 for c in CASES if not c["expect"]) >= 12
    assert sum(1 for c in CASES if len(c["expect"]) >= 2) >= 2


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:60] for c in CASES])
def test_corpus_case(case):
    found = find_officials(case["text"])
    got = [(o.name, o.position) for o in found]
    expected = [(e["name"], e["position"]) for e in case["expect"]]
    assert got == expected, case["note"]
    for official in found:
        assert official.mentions, "every official is named somewhere"
        for mention in official.mentions:
            assert case["text"][mention.start:mention.end] == mention.text


def test_short_forms_are_mentions_of_the_same_official():
    text = ("Kepala BPJS Kesehatan Cabang Purwokerto Galih Permana mengatakan peserta bertambah. "
            "\"Kami terus mendata,\" kata Galih. Menurut Galih Permana, klinik baru bergabung.")
    [official] = find_officials(text)
    assert [m.text for m in official.mentions] == ["Galih Permana", "Galih", "Galih Permana"]
    assert official.organization == "BPJS Kesehatan Cabang Purwokerto"


def test_fullest_name_and_position_win():
    text = ("Gubernur Rahmat Tinjau Puskesmas Baru\n"
            "Gubernur Sumatera Barat, Rahmat Wijaya Kusuma mengatakan semua warga dijamin. "
            "\"Tidak ada warga yang ditolak,\" ujar Gubernur Rahmat.")
    [official] = find_officials(text)
    assert official.name == "Rahmat Wijaya Kusuma"
    assert official.position == "Gubernur Sumatera Barat"
    assert [m.text for m in official.mentions] == ["Rahmat", "Rahmat Wijaya Kusuma", "Rahmat"]


def test_officials_are_ordered_by_first_mention():
    text = ("Bupati Sragen Tatik Suryani hadir. Sebelumnya, Direktur Utama BPJS Kesehatan Fajar Nugroho "
            "membuka acara. Tatik berterima kasih.")
    assert [o.name for o in find_officials(text)] == ["Tatik Suryani", "Fajar Nugroho"]


def test_honorific_initial_is_not_dropped_when_it_is_an_initial():
    [official] = find_officials("Kepala Dinas Kesehatan Kota Palu H S Wulan Tompo mengatakan hal itu.")
    assert official.name == "H S Wulan Tompo"
    [official] = find_officials("Wakil Bupati Sumbawa H Hasan Basri mengatakan hal itu.")
    assert official.name == "Hasan Basri"


def test_component_stores_officials_and_name_spans(nlp):
    doc = nlp("Kepala BPJS Kesehatan Cabang Jambi dr. Shanti Lestari mengatakan iuran tetap. "
              "\"Kami siap,\" kata Shanti.")
    assert [o.name for o in doc._.officials] == ["Shanti Lestari"]
    assert [m.text for m in layer_mentions(doc, "officials")] == ["Shanti Lestari", "Shanti"]
    assert [s.label_ for s in doc.spans["officials"]] == ["OFFICIAL", "OFFICIAL"]


def test_dev_officials_scores(dev_scores):
    assert dev_scores.layers["officials"].f1 >= 0.93
    assert dev_scores.position.value >= 0.90


def test_headline_words_never_lengthen_a_name():
    text = ("Gubernur Lestari Wulandari Minta Warga Daftar JKN\n"
            "Gubernur Bengkulu, Lestari Wulandari mengatakan semua warga harus terdaftar.")
    [official] = find_officials(text)
    assert official.name == "Lestari Wulandari"
    assert official.position == "Gubernur Bengkulu"
    assert [m.start for m in official.mentions][0] == text.index("Lestari")
