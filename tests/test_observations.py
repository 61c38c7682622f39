"""The observation layer: the patterns of guidelines section 5 on sentences written for these tests,
and the scores on the project's own articles and the shared dev set."""

from __future__ import annotations

import pytest

import extractor


def observations(nlp, text: str, published: str | None = "2024-05-21") -> list[tuple]:
    record = extractor.extract(text, published=published, nlp=nlp)
    return [(o.metric, o.value, o.region, o.as_of, o.kind) for o in record.observations]


def test_count_and_share_stated_together(nlp):
    got = observations(nlp, "Hingga Maret 2024, sebanyak 1.234.567 (88,2%) dari 1.400.000 penduduk Kalimantan Tengah "
                            "sudah terdaftar sebagai peserta JKN.")
    assert ("participants", 1234567, "62", "2024-03", "actual") in got
    assert ("coverage_rate", 88.2, "62", "2024-03", "actual") in got
    assert ("population", 1400000, "62", "2024-03", "actual") in got


def test_share_then_count_and_uninsured(nlp):
    got = observations(nlp, "Di Kabupaten Sleman, cakupan kepesertaan sudah 97,4 persen atau sebanyak 1.050.210 jiwa. "
                            "Masih ada 28.300 warga Sleman yang belum terdaftar sebagai peserta.")
    assert ("coverage_rate", 97.4, "34.04", None, "actual") in got
    assert ("participants", 1050210, "34.04", None, "actual") in got
    assert ("uninsured", 28300, "34.04", None, "actual") in got


def test_list_of_regions_inherits_the_metric(nlp):
    got = observations(nlp, "Jumlah peserta JKN di Kabupaten Agam tercatat 410.200 jiwa, Pasaman 250.100, "
                            "dan Kota Bukittinggi 118.900 jiwa.")
    assert [g[:3] for g in got] == [("participants", 410200, "13.06"), ("participants", 250100, "13.08"),
                                    ("participants", 118900, "13.75")]


def test_statement_date_does_not_date_the_figure(nlp):
    got = observations(nlp, "\"Cakupan kepesertaan di Kota Kupang mencapai 96,5 persen,\" kata Kepala Dinas Kesehatan "
                            "Kota Kupang, Rabu (15/5).")
    assert got == [("coverage_rate", 96.5, "53.71", None, "actual")]


def test_targets_and_thresholds(nlp):
    got = observations(nlp, "Pemerintah Provinsi Jambi menargetkan cakupan kepesertaan mencapai 98 persen pada 2025. "
                            "Rasio ideal dokter dengan peserta adalah 1:5.000.")
    assert ("coverage_rate", 98, "15", "2025", "target") in got
    assert ("doctor_ratio", 5000, "15", None, "target") in got


def test_changes_counts_of_regions_and_shares_are_not_observations(nlp):
    got = observations(nlp, "Jumlah FKTP di Provinsi Bengkulu naik 12 unit menjadi 240 fasilitas, sementara 6 kabupaten "
                            "sudah mencapai UHC. Sekitar 45 persen di antaranya milik swasta.")
    assert got == [("fktp", 240, "17", None, "actual")]


def test_national_figures_and_premiums(nlp):
    got = observations(nlp, "Secara nasional, peserta JKN per 1 Januari 2024 mencapai 267,3 juta jiwa. Iuran peserta "
                            "mandiri kelas III sebesar Rp 35.000 per orang per bulan.")
    assert ("participants", 267300000, "ID", "2024-01-01", "actual") in got
    assert ("premium", 35000, "ID", None, "actual") in got


def test_branch_area_takes_the_branch_region_and_restatements_merge(nlp):
    text = ("BPJS Kesehatan Cabang Jember mencatat 2.210.400 peserta JKN di wilayah kerjanya hingga Juni 2023.\n"
            "Kepala cabang menyebut capaian 2.210.400 peserta itu naik dibanding tahun lalu.")
    got = observations(nlp, text)
    assert got == [("participants", 2210400, "35.09", "2023-06", "actual")]


def test_money_metrics(nlp):
    got = observations(nlp, "Sepanjang 2023, biaya pelayanan kesehatan di Kota Padang mencapai Rp 512 miliar, "
                            "sedangkan tunggakan iuran peserta mandiri sebesar Rp 48,6 miliar.")
    assert ("spending", 512_000_000_000, "13.71", "2023", "actual") in got
    assert ("arrears", 48_600_000_000, "13.71", "2023", "actual") in got


def test_own_articles_observations(corpus_scores):
    assert corpus_scores.layers["observations"].f1 >= 0.85
    assert corpus_scores.as_of.value >= 0.85


def test_dev_observations(dev_scores):
    assert dev_scores.layers["observations"].f1 >= 0.85
    assert dev_scores.as_of.value >= 0.85


def test_registered_wording_remainders_and_hopes(nlp):
    got = observations(nlp, "Jumlah penduduk Kabupaten Minahasa sebanyak 340 ribu jiwa, sementara yang telah teregistrasi "
                            "sebanyak 331 ribu atau 97,35 persen. Untuk mengejar sisa 2,65 persen penduduk atau sekitar "
                            "9.000 jiwa, BPJS Kesehatan berharap cakupan mencapai 98 persen pada tahun 2025.")
    assert ("population", 340000, "71.02", None, "actual") in got
    assert ("participants", 331000, "71.02", None, "actual") in got
    assert ("coverage_rate", 97.35, "71.02", None, "actual") in got
    assert ("uninsured", 9000, "71.02", None, "actual") in got
    assert ("coverage_rate", 98, "71.02", "2025", "target") in got
    assert all(g[1] != 2.65 for g in got)


def test_segment_of_each_list_item(nlp):
    record = extractor.extract("Di Kota Bitung, segmen Pekerja Penerima Upah (PPU) sebanyak 61.200 jiwa, Pekerja Bukan "
                               "Penerima Upah (PBPU) sebanyak 20.400 jiwa, dan Bukan Pekerja (BP) 3.100 jiwa.", nlp=nlp)
    assert [(o.value, o.segment) for o in record.observations] == [(61200, "ppu"), (20400, "pbpu"), (3100, "bp")]


def test_workers_and_firms_are_not_participants(nlp):
    got = observations(nlp, "Pada tahun 2012 ada sekitar 680 ribu usaha kecil di Jawa Timur dengan jumlah pekerja "
                            "sekitar 10,9 juta orang. Dari jumlah itu, segmen Pekerja Penerima Upah (PPU) yang sudah "
                            "terdaftar sebagai peserta JKN baru 4,2 juta jiwa.")
    assert [g[:3] for g in got] == [("participants", 4200000, "35")]


def test_non_segment_and_uhc_threshold_after_a_count_of_regions(nlp):
    record = extractor.extract("Secara nasional, peserta PBI tercatat 96,8 juta jiwa dan peserta non PBI 170,2 juta jiwa. "
                               "Sebanyak 30 provinsi telah memenuhi Universal Health Coverage (UHC) atau kepesertaan "
                               "lebih dari 95 persen penduduk.", nlp=nlp)
    got = [(o.metric, o.value, o.kind, o.segment) for o in record.observations]
    assert ("participants", 96800000, "actual", "pbi") in got
    assert ("participants", 170200000, "actual", None) in got
    assert ("coverage_rate", 95, "target", None) in got
    assert not [c for c in record.calculations if c.status == "inconsistent"]
