"""`extractor ingest`, `reprocess` and `export`, and the pieces under them (fetching within limits, main text of
cluttered pages, feeds, relevance), against a local server on 127.0.0.1 that the tests start."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import time
from pathlib import Path

import pytest

from extractor.cli import main

from conftest import FAST_NET_OPTIONS, INGEST_FIXTURES, FixtureServer

FIXTURES = INGEST_FIXTURES
PAGES = FIXTURES / "pages"
FAST = FAST_NET_OPTIONS


@pytest.fixture(scope="module")
def srv():
    with FixtureServer(slow_seconds=3) as s:
        yield s


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def rows(db: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(str(db))
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


# ----- ingest: files -----

def test_ingest_folder_of_text_and_html_files_is_idempotent(tmp_path, capsys):
    db = tmp_path / "s.db"
    code, _, err = run(capsys, "ingest", str(PAGES), "--db", str(db))
    assert code == 0, err
    stored = dict(rows(db, "SELECT id, text FROM articles"))
    # Five pages and one text file; the mirror page is the same article as cakupan.html (same text).
    assert len(stored) == 5 and "catatan" in stored and "cakupan" in stored
    assert "salinan-cakupan" not in stored and "duplicate" in err
    text = stored["cakupan"]
    assert text.startswith("Cakupan JKN di Banyumas Tembus 98 Persen")
    assert "1.772.300 jiwa" in text and "jemput bola" in text
    for clutter in ("Baca juga", "Baca Juga", "ADVERTISEMENT", "SCROLL TO CONTINUE", "Komentar", "antre tiga jam",
                    "Beranda", "Terpopuler", "Copyright", "Iuran BPJS Kesehatan Naik Lagi", "googletag",
                    "dataLayer", "alert(", "Langganan", "Tag:"):
        assert clutter not in text, clutter
    # The page's own date is the article's date, from metadata.
    assert rows(db, "SELECT published, published_source FROM articles WHERE id = 'cakupan'") == [
        ("2024-03-04", "metadata")]
    code, _, err = run(capsys, "ingest", str(PAGES), "--db", str(db))
    assert code == 0 and "0 new" in err and "already stored" in err
    assert rows(db, "SELECT count(*) FROM articles") == [(5,)]
    assert rows(db, "SELECT count(*) FROM records") == [(5,)]


def test_ingested_records_carry_observations_with_exact_offsets(tmp_path, capsys):
    db = tmp_path / "s.db"
    run(capsys, "ingest", str(PAGES / "cakupan.html"), "--db", str(db))
    (text, record), = rows(db, "SELECT a.text, r.record FROM articles a JOIN records r ON r.article_id = a.id")
    record = json.loads(record)
    assert record["id"] == "cakupan" and record["published"] == "2024-03-04"
    assert record["title"].startswith("Cakupan JKN di Banyumas")
    assert all(text[q["start"]:q["end"]] == q["text"] for q in record["quantities"])
    assert any(q["value"] == 1772300 for q in record["quantities"])


def test_bad_files_are_one_line_each_and_the_good_ones_still_stored(tmp_path, capsys):
    db = tmp_path / "s.db"
    empty = tmp_path / "kosong.txt"
    empty.write_text("  \n", encoding="utf-8")
    english = tmp_path / "english.html"
    english.write_text("<html><body><article><p>" + "The weather was pleasant and the market was busy all day. "
                       * 8 + "</p></article></body></html>", encoding="utf-8")
    nav_only = tmp_path / "menu.html"
    nav_only.write_text("<html><body><nav><a href='/'>Beranda</a></nav></body></html>", encoding="utf-8")
    code, _, err = run(capsys, "ingest", str(empty), str(english), str(nav_only), str(tmp_path / "tidak-ada.txt"),
                       str(PAGES / "catatan.txt"), "--db", str(db))
    assert code == 1
    assert "kosong.txt: empty input" in err
    assert "english.html: does not look like Indonesian text" in err
    assert "menu.html: no article text found" in err
    assert "tidak-ada.txt: no such file or directory" in err
    assert rows(db, "SELECT id FROM articles") == [("catatan",)]


def test_force_reads_again_and_still_stores_once(tmp_path, capsys):
    db = tmp_path / "s.db"
    page = tmp_path / "berita.txt"
    page.write_text("Cakupan kepesertaan JKN di Kota Malang mencapai 95 persen pada Januari 2024.", encoding="utf-8")
    run(capsys, "ingest", str(page), "--db", str(db))
    page.write_text("Cakupan kepesertaan JKN di Kota Malang mencapai 96 persen pada Februari 2024.", encoding="utf-8")
    code, _, err = run(capsys, "ingest", str(page), "--db", str(db))
    assert "already stored" in err
    assert "95 persen" in rows(db, "SELECT text FROM articles")[0][0]
    code, _, err = run(capsys, "ingest", str(page), "--db", str(db), "--force")
    assert code == 0 and "updated" in err
    assert rows(db, "SELECT id, text FROM articles") == [
        ("berita", "Cakupan kepesertaan JKN di Kota Malang mencapai 96 persen pada Februari 2024.")]
    assert '"value":96' in rows(db, "SELECT record FROM records")[0][0]


def test_an_article_the_pipeline_fails_on_is_one_failed_input(tmp_path, capsys, monkeypatch):
    from extractor.ingest.articles import Extractor

    real = Extractor.record

    def choking(self, article_id, article):
        if "Banjir" in article.text:
            raise ValueError("offsets out of range\nsecond line")
        return real(self, article_id, article)

    monkeypatch.setattr(Extractor, "record", choking)
    db = tmp_path / "s.db"
    code, _, err = run(capsys, "ingest", str(PAGES / "banjir.html"), str(PAGES / "catatan.txt"), "--db", str(db))
    assert code == 1
    assert "banjir.html: extraction failed (ValueError: offsets out of range)" in err
    assert rows(db, "SELECT id FROM articles") == [("catatan",)]


# ----- ingest: URLs -----

def test_ingest_urls_with_every_kind_of_failure(srv, tmp_path, capsys):
    db = tmp_path / "s.db"
    b = srv.base
    started = time.monotonic()
    code, _, err = run(capsys, "ingest", f"{b}/pages/cakupan.html", f"{b}/pages/salinan-cakupan.html",
                       f"{b}/pindah/rujukan", f"{b}/error", f"{b}/berita/hilang", f"{b}/loop/a", f"{b}/lambat",
                       f"{b}/besar", f"{b}/besar-terdeklarasi", f"{b}/dokumen.pdf", f"{b}/ke-file",
                       "file:///etc/passwd", "ftp://127.0.0.1/x", "http://127.0.0.1:9/tertutup",
                       "--db", str(db), "--max-bytes", "2MB", *FAST)
    elapsed = time.monotonic() - started
    assert code == 1
    lines = [line for line in err.splitlines() if " failed " in line]
    expected = {f"{b}/error": "HTTP 500", f"{b}/berita/hilang": "HTTP 404", f"{b}/loop/a": "redirect loop",
                f"{b}/lambat": "timed out", f"{b}/besar": "larger than the 2097152 byte limit",
                f"{b}/besar-terdeklarasi": "52428800 bytes is larger", f"{b}/dokumen.pdf": "not an HTML page",
                f"{b}/ke-file": "refused URL file:///etc/passwd", "file:///etc/passwd": "only http and https",
                "ftp://127.0.0.1/x": "only http and https", "http://127.0.0.1:9/tertutup": "cannot connect"}
    for url, words in expected.items():
        assert any(f"{url}: " in line and words in line for line in lines), (url, err)
    assert len(lines) == len(expected)
    assert elapsed < 10, f"limits did not bound the run: {elapsed:.1f}s"
    # The 50 MB body was cut off near the cap, not read to the end.
    assert srv.big_sent < 50 * 1024 * 1024
    got = rows(db, "SELECT id, url FROM articles ORDER BY url")
    assert [u for _, u in got] == [f"{b}/pages/cakupan.html", f"{b}/pages/rujukan.html"]
    aliases = {u for u, in rows(db, "SELECT url FROM article_urls")}
    assert {f"{b}/pages/salinan-cakupan.html", f"{b}/pindah/rujukan"} <= aliases
    # Known URLs are not fetched again.
    before = srv.hits("/pages/salinan-cakupan.html")
    code, _, err = run(capsys, "ingest", f"{b}/pages/salinan-cakupan.html", f"{b}/pindah/rujukan", "--db", str(db))
    assert code == 0 and srv.hits("/pages/salinan-cakupan.html") == before
    assert rows(db, "SELECT count(*) FROM articles") == [(2,)]


def test_retries_with_backoff_then_one_line(srv, tmp_path, capsys):
    before = srv.hits("/error")
    started = time.monotonic()
    code, _, err = run(capsys, "ingest", f"{srv.base}/error", "--db", str(tmp_path / "s.db"),
                       "--retries", "2", "--backoff", "0.2", "--delay", "0")
    assert code == 1 and srv.hits("/error") - before == 3
    assert time.monotonic() - started >= 0.2 + 0.4  # backoff doubled
    assert err.count("retry ") == 2 and "HTTP 500" in err.splitlines()[-2]


def test_politeness_delay_per_host(srv):
    from extractor.ingest.fetch import Fetcher, Limits

    waits = []
    started = time.monotonic()
    with Fetcher(Limits(delay=0.5, retries=0), sleep=lambda s: (waits.append(s), time.sleep(s))) as f:
        for _ in range(3):
            f.get(f"{srv.base}/pages/banjir.html")
    assert len(waits) == 2 and all(0 < w <= 0.5 for w in waits)
    assert time.monotonic() - started >= 1.0


def test_canonical_urls_and_schemes():
    from extractor.ingest.fetch import FetchError, canonical_url, check_url

    assert canonical_url("HTTPS://Warta.Example:443/a/b?utm_source=x&id=5&fbclid=z#komentar") == \
        "https://warta.example/a/b?id=5"
    assert canonical_url("http://warta.example") == "http://warta.example/"
    assert canonical_url("http://warta.example:8080/x") == "http://warta.example:8080/x"
    for bad in ("file:///etc/passwd", "javascript:alert(1)", "ftp://x/y", "data:text/html,hi", "/relatif", "http://"):
        with pytest.raises(FetchError):
            check_url(bad)


# ----- reprocess and export -----

def test_reprocess_outdated_and_all(tmp_path, capsys):
    db = tmp_path / "s.db"
    run(capsys, "ingest", str(PAGES / "cakupan.html"), str(PAGES / "rujukan.html"), "--db", str(db))
    conn = sqlite3.connect(str(db))
    conn.execute("UPDATE records SET extractor_version = '0.0.1', record = '{}' WHERE article_id = 'cakupan'")
    conn.commit()
    conn.close()
    code, _, err = run(capsys, "reprocess", "--db", str(db))
    assert code == 0 and "1 article(s) extracted again" in err
    record = json.loads(rows(db, "SELECT record FROM records WHERE article_id = 'cakupan'")[0][0])
    assert record["id"] == "cakupan" and record["published"] == "2024-03-04" and record["quantities"]
    code, _, err = run(capsys, "reprocess", "--db", str(db), "--all")
    assert "2 article(s)" in err
    code, _, err = run(capsys, "reprocess", "--db", str(db), "nope")
    assert code == 2 and "no stored article with id nope" in err
    code, _, err = run(capsys, "reprocess", "--db", str(tmp_path / "none.db"))
    assert code == 2 and "no store at" in err


def test_export_observation_rows_as_csv_and_jsonl(tmp_path, capsys):
    db = tmp_path / "s.db"
    run(capsys, "ingest", str(PAGES / "cakupan.html"), str(PAGES / "banjir.html"), "--db", str(db))
    code, out, err = run(capsys, "export", "--db", str(db), "--format", "csv")
    assert code == 0
    table = list(csv.DictReader(io.StringIO(out)))
    n_obs = sum(json.loads(r)["observations"].__len__() for r, in rows(db, "SELECT record FROM records"))
    assert len(table) == n_obs > 0 and f"{n_obs} observation(s)" in err
    coverage = [r for r in table if r["metric"] == "coverage_rate"]
    assert coverage and coverage[0]["value"] == "98.1" and coverage[0]["region_code"] == "33.02"
    assert coverage[0]["region_name"] == "Kabupaten Banyumas" and coverage[0]["article_id"] == "cakupan"
    assert coverage[0]["as_of"] == "2024-03-01" and coverage[0]["qualifier"] == "exact"
    code, out, _ = run(capsys, "export", "--db", str(db))
    lines = [json.loads(x) for x in out.splitlines()]
    assert len(lines) == n_obs and {x["article_id"] for x in lines} == {"cakupan"}
    out_file = tmp_path / "records.jsonl"
    code, out, _ = run(capsys, "export", "--db", str(db), "--records", "-o", str(out_file))
    assert code == 0 and out == ""
    assert {json.loads(x)["id"] for x in out_file.read_text(encoding="utf-8").splitlines()} == {"cakupan", "banjir"}
    code, out, err = run(capsys, "export", "--db", str(db), "--since", "2999-01-01")
    assert code == 0 and out == "" and "0 observation(s)" in err
    code, _, err = run(capsys, "export", "--db", str(db), "--records", "--format", "csv")
    assert code == 2 and "--format jsonl" in err
    code, _, err = run(capsys, "export", "--db", str(tmp_path / "none.db"))
    assert code == 2 and "no store at" in err
    assert not (tmp_path / "none.db").exists()


def test_csv_cells_that_a_spreadsheet_would_run_are_quoted(tmp_path):
    from extractor.ingest.export import _cell

    assert _cell("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert _cell("@SUM(A1)") == "'@SUM(A1)" and _cell("Judul biasa") == "Judul biasa"
    assert _cell(-5) == -5 and _cell(None) == ""


# ----- pieces -----

def test_feed_parsing_resolves_links_and_refuses_other_schemes(srv):
    from extractor.ingest.feeds import parse_feed

    data = (FIXTURES / "atom.atom").read_bytes().replace(b"{{BASE}}", srv.base.encode())
    feed = parse_feed(data, f"{srv.base}/atom.atom")
    assert [i.link for i in feed.items] == [f"{srv.base}/pages/tunggakan.html"]
    assert feed.items[0].published == "2024-01-15"  # the outlet's own date, not UTC
    assert any("javascript" in line for line in feed.skipped)
    rss = (FIXTURES / "berita.xml").read_bytes().replace(b"{{BASE}}", srv.base.encode())
    feed = parse_feed(rss, f"{srv.base}/berita.xml")
    assert all(i.link.startswith(srv.base) for i in feed.items) and len(feed.items) == 11
    assert any("file://" in line and "only http and https" in line for line in feed.skipped)
    tracked = [i for i in feed.items if "tunggakan" in i.link][0]
    assert tracked.link == f"{srv.base}/pages/tunggakan.html"  # utm_* dropped


def test_malformed_and_non_feeds_are_one_line_errors():
    from extractor.ingest.feeds import FeedError, parse_feed

    with pytest.raises(FeedError, match="malformed feed"):
        parse_feed((FIXTURES / "rusak.xml").read_bytes(), "http://127.0.0.1/rusak.xml")
    with pytest.raises(FeedError, match="not an RSS or Atom feed"):
        parse_feed((FIXTURES / "bukan-feed.html").read_bytes(), "http://127.0.0.1/")
    with pytest.raises(FeedError):
        parse_feed(b"\x00\x01\x02binary", "http://127.0.0.1/bin")


def test_feed_xml_loads_no_external_entity_and_expands_no_entity_bomb(tmp_path):
    from extractor.ingest.feeds import parse_feed

    secret = tmp_path / "rahasia.txt"
    secret.write_text("KUNCI-RAHASIA-12345", encoding="utf-8")
    data = (FIXTURES / "entitas.xml").read_bytes().replace(b"{{SECRET}}", str(secret).encode()) \
        .replace(b"{{BASE}}", b"http://127.0.0.1:1")
    started = time.monotonic()
    feed = parse_feed(data, "http://127.0.0.1:1/entitas.xml")
    dump = json.dumps([vars(i) for i in feed.items]) + str(feed.title)
    assert "KUNCI-RAHASIA" not in dump
    assert "a" * 10000 not in dump
    assert time.monotonic() - started < 2


def test_relevance_vocabulary_and_custom_file(tmp_path):
    from extractor.ingest.relevance import Relevance, VocabularyError

    rel = Relevance.load()
    assert rel("Cakupan kepesertaan JKN di kota itu naik.")
    assert rel("Layanan BPJS Kesehatan di rumah sakit daerah dibenahi.")
    assert rel("Peserta mandiri menunggak iuran, faskes pertama kewalahan, puskesmas penuh.")  # three weak terms
    assert not rel("Banjir merendam ratusan rumah warga di pesisir utara.")
    assert not rel("Klaim BPJS Ketenagakerjaan untuk pekerja yang terkena PHK meningkat.")  # one weak term only
    custom = tmp_path / "kosakata.json"
    custom.write_text(json.dumps({"strong": ["banjir"], "weak": []}), encoding="utf-8")
    assert Relevance.load(custom)("Banjir merendam ratusan rumah.")
    custom.write_text("{bukan json", encoding="utf-8")
    with pytest.raises(VocabularyError, match="bad vocabulary"):
        Relevance.load(custom)


def test_help_imports_nothing_heavy():
    import subprocess
    import sys

    code = ("import sys; from extractor.cli import main\n"
            "try:\n    main(['ingest', '--help'])\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('httpx', 'trafilatura', 'feedparser', 'spacy') if m in sys.modules]\n"
            "print(heavy, file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.stderr.strip().splitlines()[-1] == "[]", proc.stderr
