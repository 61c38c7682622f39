"""The command line as a user meets it: outputs, formats, metadata, and bad input (one-line errors, exit codes)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CORPUS, ROOT

ARTICLE = CORPUS / "articles" / "c001.txt"


def run(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """``python -m extractor ARGS`` in a subprocess, as a user would run it."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "extractor", *args], input=stdin, capture_output=True,
                          env=env, cwd=cwd, timeout=600)


def records(stdout: bytes) -> list[dict]:
    return [json.loads(line) for line in stdout.decode("utf-8").splitlines() if line.strip()]


def assert_clean_error(proc: subprocess.CompletedProcess, words: str, code: int = 1) -> None:
    err = proc.stderr.decode("utf-8")
    assert proc.returncode == code, err
    assert "Traceback" not in err
    assert words in err


def test_extract_file_gives_one_json_line(tmp_path):
    proc = run("extract", str(ARTICLE))
    assert proc.returncode == 0, proc.stderr
    (rec,) = records(proc.stdout)
    assert rec["id"] == "c001"
    assert rec["quantities"] and rec["text_sha256"]
    text = ARTICLE.read_text(encoding="utf-8")
    assert all(text[q["start"]:q["end"]] == q["text"] for q in rec["quantities"])


def test_extract_directory_and_stdin(tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("Sebanyak 1.200 warga belum terdaftar sebagai peserta JKN di kota itu.", encoding="utf-8")
    (folder / "sub" / "b.txt").write_text("Cakupan kepesertaan mencapai 97,5 persen dari jumlah penduduk.", encoding="utf-8")
    (folder / "skip.md").write_text("not an article", encoding="utf-8")
    proc = run("extract", str(folder))
    assert proc.returncode == 0, proc.stderr
    assert [r["id"] for r in records(proc.stdout)] == ["a", "b"]
    proc = run("extract", "-", "--id", "piped", stdin="Ada 45 puskesmas di kabupaten itu.".encode())
    (rec,) = records(proc.stdout)
    assert rec["id"] == "piped" and rec["quantities"][0]["value"] == 45


def test_output_file_formats_and_meta(tmp_path):
    meta = tmp_path / "meta.jsonl"
    meta.write_text(json.dumps({"id": "c001", "url": "https://example.org/a", "title": "Judul",
                                "published": "2024-01-09"}) + "\n", encoding="utf-8")
    out = tmp_path / "out.json"
    proc = run("extract", str(ARTICLE), "--meta", str(meta), "--format", "json", "--output", str(out))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == b""
    (rec,) = json.loads(out.read_text(encoding="utf-8"))
    assert rec["source"] == "https://example.org/a" and rec["title"] == "Judul"
    assert rec["published"] == "2024-01-09" and rec["published_source"] == "metadata"
    proc = run("extract", str(ARTICLE), "--published", "2024-02-01", "--format", "table")
    table = proc.stdout.decode()
    assert "== c001  published 2024-02-01 (caller)" in table and "quantities:" in table


def test_schema_is_valid_json_schema():
    jsonschema = pytest.importorskip("jsonschema")
    proc = run("schema")
    schema = json.loads(proc.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert {"quantities", "dates", "regions", "officials", "observations"} <= set(schema["properties"])


@pytest.mark.parametrize("content, words", [
    (b"", "empty input"),
    (b"   \n\t\n", "empty input"),
    (bytes(range(256)) * 8, "binary data"),
    (b"<!DOCTYPE html><html><body><p>Peserta 5.000 jiwa</p></body></html>", "looks like HTML"),
    (b"The quick brown fox jumps over the lazy dog while the farmer watches from the old wooden "
     b"porch near the river and thinks about the weather of the coming week and the harvest.", "Indonesian"),
])
def test_bad_input_is_one_clear_line(tmp_path, content, words):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    proc = run("extract", str(bad))
    assert_clean_error(proc, words)
    assert proc.stdout == b""


def test_missing_path_and_empty_directory(tmp_path):
    assert_clean_error(run("extract", str(tmp_path / "nope.txt")), "no such file")
    assert_clean_error(run("extract", str(tmp_path)), "no .txt files")


def test_cp1252_is_decoded_with_a_warning(tmp_path):
    f = tmp_path / "lama.txt"
    f.write_bytes("Peserta JKN di kota itu mencapai 2.300 jiwa – kata kepala dinas.".encode("cp1252"))
    proc = run("extract", str(f))
    assert proc.returncode == 0, proc.stderr
    (rec,) = records(proc.stdout)
    assert rec["warnings"][0]["code"] == "decoded_cp1252"
    assert rec["quantities"][0]["value"] == 2300


def test_good_inputs_survive_bad_ones_and_output_is_atomic(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    out = tmp_path / "out.jsonl"
    proc = run("extract", str(ARTICLE), str(empty), "-o", str(out))
    assert_clean_error(proc, "1 input(s) failed, 1 record(s) written")
    assert [r["id"] for r in records(out.read_bytes())] == ["c001"]
    # Nothing good at all: an existing output is left as it was, and no temporary file stays behind.
    out.write_text("previous\n", encoding="utf-8")
    proc = run("extract", str(empty), "-o", str(out))
    assert proc.returncode == 1
    assert out.read_text(encoding="utf-8") == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.txt", "out.jsonl"]


def test_bad_options_are_usage_errors(tmp_path):
    assert_clean_error(run("extract", str(ARTICLE), "--published", "12/5/2017"), "not a date", code=2)
    meta = tmp_path / "m.jsonl"
    meta.write_text("{not json\n", encoding="utf-8")
    assert_clean_error(run("extract", str(ARTICLE), "--meta", str(meta)), "bad metadata line", code=2)
    assert_clean_error(run("eval", str(tmp_path)), "articles/", code=2)


def test_ten_megabyte_text_is_processed_in_pieces(tmp_path):
    piece = ARTICLE.read_text(encoding="utf-8") + "\n"
    big = tmp_path / "big.txt"
    big.write_text(piece * (10_000_000 // len(piece) + 1), encoding="utf-8")
    out = tmp_path / "big.jsonl"
    proc = run("extract", str(big), "-o", str(out))
    assert proc.returncode == 0, proc.stderr[-2000:]
    (rec,) = records(out.read_bytes())
    text = big.read_text(encoding="utf-8")
    assert rec["warnings"][0]["code"] == "long_text"
    assert len(rec["quantities"]) > 10_000
    assert all(text[q["start"]:q["end"]] == q["text"] for q in rec["quantities"][-50:])
    assert len({o["name"] for o in rec["officials"]}) == len(rec["officials"])


def test_an_internal_error_loses_only_its_article(tmp_path, monkeypatch, capsys):
    """A bug that raises on one article: one line on stderr, exit 1, and the other articles' records
    (of the same batch too) are still written."""
    import extractor.regions.component as regions_component
    from extractor import cli

    real = regions_component.find_regions

    def find_regions(text):
        if "MELEDAK" in text:
            raise RuntimeError("simulated bug")
        return real(text)

    monkeypatch.setattr(regions_component, "find_regions", find_regions)
    for name, text in [("a", "Di Kota Bogor tercatat 1.234 peserta JKN."), ("b", "Teks MELEDAK di Kota Bogor 5 persen."),
                       ("c", "Cakupan di Jawa Barat 97 persen.")]:
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code = cli.main(["extract", str(tmp_path), "--output", str(out), "--no-progress"])
    err = capsys.readouterr().err
    assert code == 1
    assert "b: internal error, no record (RuntimeError: simulated bug)" in err
    assert "Traceback" not in err
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == ["a", "c"]
