"""Sentences and clauses of a news text, as character ranges (no token loop: one regex pass each)."""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import NamedTuple

import regex

from ..textscan import matches_at

# Abbreviations that end in a period without ending the sentence (dr. Harisson, Rp. 5.000, Kab. Solok).
_ABBREVIATIONS = (
    "dr drg prof ir h hj drs dra kh ns apt st no nmr jl kab kec kel prov rp yth bpk sdr ybs tsb dkk dll"
    " dsb mr mrs ms s m sp a.md amd skm mkes m.kes kes ph d".split()
)
_SENTENCE_END = regex.compile(
    r"\n+|(?<=[.!?])[\"”’']?[ \t]+(?=[\"“‘']?[\p{Lu}\d])|(?<=[.!?][\"”’'])[ \t]*(?=\S)"
)
_WORD_BEFORE = regex.compile(r"(\S+)[.!?][\"”’']?$")
_INITIAL = regex.compile(r"\p{Lu}")
_CLAUSE_BREAK = regex.compile(r",(?=\s)|;|:(?=\s)|\s[-–—]\s")
# Where those two patterns can start: at a line break, or one or two characters after an end mark followed
# by a quote or a blank (a space, a tab or a line break; the line break is a start of its own); at a comma,
# semicolon or colon, or just before a dash. Found with a plain character scan, then the pattern
# is tried only there (the same matches as a scan of every position, much faster).
_END_MARK = re.compile(r"[.!?][\"”’' \t]")  # an end mark before a quote or a blank (opens with a class: a fast scan)
_CLAUSE_MARK = re.compile(r"[,;:\-–—]")


class Span(NamedTuple):
    start: int
    end: int


def _sentence_end_starts(text: str) -> list[int]:
    starts = set()
    i = text.find("\n")
    while i >= 0:
        starts.add(i)
        i = text.find("\n", i + 1)
    for m in _END_MARK.finditer(text):
        i = m.start()
        starts.add(i + 1)
        starts.add(i + 2)
    return sorted(starts)


def _clause_break_starts(text: str) -> list[int]:
    return [m.start() if m.group() in ",;:" else m.start() - 1 for m in _CLAUSE_MARK.finditer(text) if m.start() or m.group() in ",;:"]


class Segments:
    """Sentence and clause boundaries of one text, with fast lookup of the ones around a position."""

    def __init__(self, text: str):
        self.text = text
        self.sentences = self._sentences(text)
        self._sentence_starts = [s.start for s in self.sentences]
        breaks = {m.end() for m in matches_at(_CLAUSE_BREAK, text, _clause_break_starts(text))}
        self._clause_starts = sorted(breaks.union(self._sentence_starts))
        self._clauses: dict[int, Span] = {}

    @staticmethod
    def _sentences(text: str) -> list[Span]:
        spans, start = [], 0
        for m in matches_at(_SENTENCE_END, text, _sentence_end_starts(text)):
            if m.group().strip() == "" and "\n" not in m.group():
                word = _WORD_BEFORE.search(text, max(0, m.start() - 20), m.start())
                if word and word.group(1).lower().strip("(\"“") in _ABBREVIATIONS:
                    continue
                if word and _INITIAL.fullmatch(word.group(1)):
                    continue  # an initial: "H. S Rumondang"
            if m.start() > start:
                spans.append(Span(start, m.start()))
            start = m.end()
        if start < len(text):
            spans.append(Span(start, len(text)))
        return spans

    def sentence_index(self, pos: int) -> int:
        return max(0, bisect_right(self._sentence_starts, pos) - 1)

    def sentence(self, pos: int) -> Span:
        return self.sentences[max(0, bisect_right(self._sentence_starts, pos) - 1)]

    def clause(self, pos: int) -> Span:
        """The clause around ``pos``: between commas, semicolons, colons, dashes and brackets, within the sentence."""
        span = self._clauses.get(pos)
        if span is None:
            span = self._clauses[pos] = self._clause(pos)
        return span

    def _clause(self, pos: int) -> Span:
        sentence = self.sentence(pos)
        starts = self._clause_starts
        j = bisect_right(starts, pos)  # the first break after pos
        start = max(starts[j - 1] if j else 0, sentence.start)
        # the break's own character (comma etc.) is before the recorded end
        end = starts[j] if j < len(starts) and starts[j] <= sentence.end else sentence.end
        return Span(start, end)

    def same_clause(self, a: int, b: int) -> bool:
        return self.clause(a) == self.clause(b)
