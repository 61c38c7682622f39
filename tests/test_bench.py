"""``extractor bench``: the figures it reports are there and make sense (speed itself is not tested)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

ARTICLES = [
    "JAKARTA - Hingga akhir Maret 2024, sebanyak 2.519.440 jiwa atau 91,9 persen dari 2.741.075 penduduk "
    "Kalimantan Tengah sudah terdaftar sebagai peserta JKN, kata Kepala Dinas Kesehatan, Budi Santoso.\n",
    "Pemerintah Kabupaten Bogor menargetkan cakupan kepesertaan mencapai 98 persen pada 2025.\n",
]


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "extractor", "bench", *args], capture_output=True, text=True,
                          env=env, cwd=cwd, timeout=600)


@pytest.fixture(scope="module")
def articles(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("bench")
    (folder / "articles").mkdir()
    for i, text in enumerate(ARTICLES):
        (folder / "articles" / f"a{i}.txt").write_text(text, encoding="utf-8")
    (folder / "index.jsonl").write_text(json.dumps({"id": "a0", "published": "2024-04-08"}) + "\n")
    return folder


@pytest.fixture(scope="module")
def report(articles) -> dict:
    proc = run(str(articles), "--repeat", "1", "--json")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_json_counts_the_articles_and_their_tokens(report, articles):
    assert report["articles"] == 2
    assert report["characters"] == sum(len(t) for t in ARTICLES)
    assert report["tokens"] > len(" ".join(ARTICLES).split()) // 2
    assert report["repeat"] == 1
    assert report["cpus"] >= 1
    assert report["directory"] == str(articles)


def test_json_has_both_phases_with_sane_figures(report):
    for phase in ("tokenizer", "extraction"):
        figures = report[phase]
        assert figures["seconds"] > 0
        assert figures["articles_per_s"] == pytest.approx(2 / figures["seconds"], rel=0.01)
        assert figures["tokens_per_s"] == pytest.approx(report["tokens"] / figures["seconds"], rel=0.01)
        assert 20 < figures["peak_mb"] < 4000  # a Python process with spaCy loaded
    assert report["ratio"] == pytest.approx(report["tokenizer"]["seconds"] / report["extraction"]["seconds"],
                                            abs=1e-4)
    assert report["ratio"] > 0
    assert "pipe" not in report


def test_cold_start_times_a_new_process(report, articles):
    cold = report["cold_start"]
    assert cold["article"] == str(articles / "articles" / "a0.txt")
    # A new Python process that imports spaCy: more than a few milliseconds, and well under a minute.
    assert 0.05 < cold["extract_one_s"] < 60
    assert 0.01 < cold["help_s"] < cold["extract_one_s"]


def test_table_names_both_phases_and_the_ratio(articles):
    proc = run(str(articles), "--repeat", "1")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "2 articles" in out
    assert "spacy.blank('id')" in out and "full extraction" in out
    ratio_line = next(line for line in out.splitlines() if line.startswith("ratio"))
    assert 0 < float(ratio_line.split()[-1]) < 100
    assert "cold start, new process: extractor extract a0.txt" in out


def test_processes_reports_the_pipe_over_several_processes(articles):
    proc = run(str(articles), "--repeat", "2", "--processes", "2", "--json")
    assert proc.returncode == 0, proc.stderr
    pipe = json.loads(proc.stdout)["pipe"]
    assert pipe["processes"] == 2
    assert pipe["articles"] == 4  # the two articles, streamed twice
    assert pipe["articles_per_s_1"] > 0 and pipe["articles_per_s_n"] > 0
    assert pipe["speedup"] == pytest.approx(pipe["articles_per_s_n"] / pipe["articles_per_s_1"], rel=0.02, abs=0.01)
    assert pipe["peak_mb_worker"] > 20


def test_articles_directly_in_the_folder(tmp_path):
    (tmp_path / "x.txt").write_text(ARTICLES[1], encoding="utf-8")
    proc = run(str(tmp_path), "--repeat", "1", "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["articles"] == 1


@pytest.mark.parametrize("args, words", [
    (["--repeat", "0"], "--repeat"),
    (["--processes", "1"], "--processes"),
    (["no/such/folder"], "no such folder"),
])
def test_bad_options_are_one_line_errors(args, words, tmp_path):
    proc = run(*args, cwd=tmp_path)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert words in proc.stderr


def test_a_folder_without_articles_is_refused(tmp_path):
    proc = run(str(tmp_path))
    assert proc.returncode == 2
    assert "no .txt articles" in proc.stderr
