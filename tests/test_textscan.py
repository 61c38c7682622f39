"""The scanning helpers the finders share (extractor/textscan.py)."""

from __future__ import annotations

import random
import re
import threading

import regex

from extractor.textscan import (clear_caches, fold, matches_at, needles, occurrences, per_text, trie_pattern)


def test_fold_keeps_every_position():
    for text in ["İSTANBUL ſemeſter KOTA", "Ünïcode \u212a", "plain"]:
        low = fold(text)
        assert len(low) == len(text)
    assert fold("İSTANBUL ſemeſter")[:2] == "is" and "semester" in fold("İSTANBUL ſemeſter")


def test_needles_cover_every_word():
    words = ["Januari", "Juni", "Juli", "jan", "Rp.", "±5"]
    found = needles(words)
    for word in words:
        assert any(word.lower().startswith(n) for n in found)
    assert "jan" in found and "januari" not in found  # a longer word under a shorter needle is dropped


def test_occurrences_overlapping_and_sorted():
    assert occurrences("aaaa", ["aa"]) == [0, 1, 2]
    assert occurrences("juni juli", ["ju", "li"]) == [0, 5, 7]


def test_matches_at_gives_the_scan_matches():
    pattern = regex.compile(r"\b(?:Juni|Juli)\s+\d{4}")
    rng = random.Random(3)
    for _ in range(300):
        text = " ".join(rng.choice(["Juni", "Juli", "2023", "x", "Juli2023", "\n"]) for _ in range(12))
        starts = sorted(m.start() for m in re.finditer(r"Ju", text))
        assert [m.span() for m in matches_at(pattern, text, starts)] == [m.span() for m in pattern.finditer(text)]


def test_trie_pattern_matches_the_longest_literal():
    literals = ["ag", "agu", "agustus", "akhir", "apr"]
    pattern = re.compile(trie_pattern(literals))
    assert pattern.match("agustus").group() == "agustus"
    assert pattern.match("agus").group() == "agu"
    assert pattern.match("akhirnya").group() == "akhir"
    assert pattern.match("ab") is None
    rng = random.Random(5)
    for _ in range(500):
        text = "".join(rng.choice("agustkhirp") for _ in range(rng.randint(1, 9)))
        m = pattern.match(text)
        longest = max((w for w in literals if text.startswith(w)), key=len, default=None)
        assert (m.group() if m else None) == longest


def test_per_text_remembers_and_forgets():
    calls = []

    @per_text(2)
    def length(text):
        calls.append(text)
        return len(text)

    assert length("ab") == 2 and length("ab") == 2 and calls == ["ab"]
    length("c"), length("d")  # "ab" is pushed out of a cache of two
    assert length("ab") == 2 and calls == ["ab", "c", "d", "ab"]
    clear_caches()
    assert length("d") == 1 and calls[-1] == "d"


def test_per_text_from_many_threads():
    @per_text(3)
    def length(text):
        return len(text)

    errors: list[BaseException] = []

    def work(seed: int) -> None:
        rng = random.Random(seed)
        for _ in range(5000):
            text = "x" * rng.randint(0, 8)
            try:
                assert length(text) == len(text)
            except BaseException as err:  # noqa: BLE001 - collected for the main thread
                errors.append(err)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
