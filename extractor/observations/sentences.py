"""Sentences and clauses of a news text, as character ranges (no token loop: string searches at the marks that end them)."""

from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache
from typing import NamedTuple, Optional

import regex

from ..textscan import occurrences

# Abbreviations that end in a period without ending the sentence (dr. Harisson, Rp. 5.000, Kab. Solok).
_ABBREVIATIONS = frozenset(
    "dr drg prof ir h hj drs dra kh ns apt st no nmr jl kab kec kel prov rp yth bpk sdr ybs tsb dkk dll"
    " dsb mr mrs ms s m sp a.md amd skm mkes m.kes kes ph d".split()
)
# The boundaries, as patterns: what ``Segments`` finds (it reads them character by character, see below).
_SENTENCE_END = regex.compile(
    r"\n+|(?<=[.!?])[\"”’']?[ \t]+(?=[\"“‘']?[\p{Lu}\d])|(?<=[.!?][\"”’'])[ \t]*(?=\S)"
)
_WORD_BEFORE = regex.compile(r"(\S+)[.!?][\"”’']?$")
_INITIAL = regex.compile(r"\p{Lu}")
_CLAUSE_BREAK = regex.compile(r",(?=\s)|;|:(?=\s)|\s[-–—]\s")
# Where _SENTENCE_END and _CLAUSE_BREAK can start: at a line break, or one or two characters after an end
# mark followed by a quote or a blank (a space, a tab or a line break; the line break is a start of its own);
# at a comma, semicolon or colon, or just before a dash. Found with ``str.find``; there ``Segments`` tries the
# patterns (and ``_WORD_BEFORE``) character by character (``_sentence_end_at``, ``_word_before``,
# ``_clause_break_end``): the same matches as a scan of every position, without a pattern call at each place,
# with the characters the patterns name and regex's own classes (``_is_blank``...) for the others.
_END_MARKS = ".!?"
_CLOSING_QUOTES = "\"”’'"
_OPENING_QUOTES = "\"“‘'"
_DASHES = "-–—"
_CLAUSE_MARKS = ",;:-–—"
_AFTER_END_MARK = frozenset("\"”’' \t")  # (no empty string: an end mark at the end of the text is none)
_BLANK = regex.compile(r"\s")
_CAPITAL_OR_DIGIT = regex.compile(r"[\p{Lu}\d]")


_ASCII_BLANKS = " \t\n\r\x0b\x0c"  # regex's blanks among the ASCII characters


def _is_blank(char: str) -> bool:
    """Whether ``regex`` takes the character for a blank (``\\s``; not quite ``str.isspace``)."""
    return char in _ASCII_BLANKS or (char > "\x7f" and _is_other_blank(char))


@lru_cache(maxsize=4096)
def _is_other_blank(char: str) -> bool:
    return _BLANK.match(char) is not None


def _is_capital_or_digit(char: str) -> bool:
    """Whether the character is one of ``[\\p{Lu}\\d]`` (as ``regex`` reads them)."""
    return "A" <= char <= "Z" or "0" <= char <= "9" or (char > "\x7f" and _is_other_capital_or_digit(char))


@lru_cache(maxsize=4096)
def _is_other_capital_or_digit(char: str) -> bool:
    return _CAPITAL_OR_DIGIT.match(char) is not None


class Span(NamedTuple):
    start: int
    end: int


def _sentence_end_starts(text: str) -> list[int]:
    starts = set(occurrences(text, "\n"))
    for i in occurrences(text, _END_MARKS):  # an end mark before a quote or a blank
        if text[i + 1:i + 2] in _AFTER_END_MARK:
            starts.add(i + 1)
            starts.add(i + 2)
    return sorted(starts)


def _sentence_end_at(text: str, pos: int) -> Optional[tuple[int, bool]]:
    """``_SENTENCE_END.match(text, pos)``: its end, and whether it is blanks on one line (None: no match)."""
    n = len(text)
    if pos >= n:
        return None
    char = text[pos]
    if char == "\n":  # \n+
        end = pos + 1
        while end < n and text[end] == "\n":
            end += 1
        return end, False
    if pos and text[pos - 1] in _END_MARKS:  # (?<=[.!?])["”’']?[ \t]+(?=["“‘']?[\p{Lu}\d])
        blanks = pos + 1 if char in _CLOSING_QUOTES else pos  # (without the quote, [ \t]+ would fail on it)
        end = blanks
        while end < n and text[end] in " \t":
            end += 1
        if blanks < end < n:
            after = text[end]
            if (after in _OPENING_QUOTES and end + 1 < n and _is_capital_or_digit(text[end + 1])) or \
                    _is_capital_or_digit(after):
                return end, blanks == pos
    if pos >= 2 and text[pos - 1] in _CLOSING_QUOTES and text[pos - 2] in _END_MARKS:  # (?<=[.!?]["”’'])[ \t]*(?=\S)
        end = pos
        while end < n and text[end] in " \t":
            end += 1
        if end < n and not _is_blank(text[end]):
            return end, True
    return None


def _word_before(text: str, end: int) -> Optional[str]:
    """``_WORD_BEFORE.search(text, max(0, end - 20), end).group(1)`` where ``text[end - 1]`` is an end mark, or
    a quote after one: the run of non-blanks before the end mark (and the quote), if it is not empty."""
    start = max(0, end - 20)
    first = end
    while first > start:
        char = text[first - 1]
        if char in _ASCII_BLANKS or (char > "\x7f" and _is_other_blank(char)):
            break
        first -= 1
    if text[end - 1] in _END_MARKS:
        return text[first:end - 1] if end - 1 > first else None
    if end >= 2 and text[end - 1] in _CLOSING_QUOTES and text[end - 2] in _END_MARKS and end - 2 > first:
        return text[first:end - 2]
    return None


def _clause_break_end(text: str, pos: int) -> Optional[int]:
    """The end of ``_CLAUSE_BREAK.match(text, pos)`` (None: no match)."""
    char = text[pos]
    if char == ";":
        return pos + 1
    if char == "," or char == ":":  # ,(?=\s)  :(?=\s)
        return pos + 1 if pos + 1 < len(text) and _is_blank(text[pos + 1]) else None
    if pos + 2 < len(text) and text[pos + 1] in _DASHES and _is_blank(char) and _is_blank(text[pos + 2]):
        return pos + 3  # \s[-–—]\s
    return None


def _clause_break_ends(text: str) -> set[int]:
    """The ends of the matches of ``_CLAUSE_BREAK`` (not overlapping, as ``finditer`` gives them), tried at
    each comma, semicolon and colon, and before each dash."""
    ends = set()
    after = 0
    for pos in occurrences(text, _CLAUSE_MARKS):
        if text[pos] not in ",;:":  # a dash: the blank before it
            if not pos:
                continue
            pos -= 1
        if pos >= after:
            end = _clause_break_end(text, pos)
            if end is not None:
                ends.add(end)
                after = end
    return ends


class Segments:
    """Sentence and clause boundaries of one text, with fast lookup of the ones around a position."""

    def __init__(self, text: str):
        self.text = text
        self.sentences = self._sentences(text)
        self._sentence_starts = [s.start for s in self.sentences]
        self._clause_starts = sorted(_clause_break_ends(text).union(self._sentence_starts))
        self._clauses: dict[int, Span] = {}

    @staticmethod
    def _sentences(text: str) -> list[Span]:
        spans, start = [], 0
        after = 0  # the matches of _SENTENCE_END, not overlapping, tried where they may start
        for pos in _sentence_end_starts(text):
            if pos < after:
                continue
            found = _sentence_end_at(text, pos)
            if found is None:
                continue
            end, blanks = found
            after = end
            if blanks:
                word = _word_before(text, pos)
                if word and word.lower().strip("(\"“") in _ABBREVIATIONS:
                    continue
                if word and len(word) == 1 and _INITIAL.fullmatch(word):
                    continue  # an initial: "H. S Rumondang"
            if pos > start:
                spans.append(Span(start, pos))
            start = end
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

    def place(self, pos: int) -> tuple[int, Span, Span]:
        """The index of the sentence around ``pos``, that sentence and the clause around ``pos``."""
        index = max(0, bisect_right(self._sentence_starts, pos) - 1)
        sentence = self.sentences[index]
        span = self._clauses.get(pos)
        if span is None:
            span = self._clauses[pos] = self._clause(pos, sentence)
        return index, sentence, span

    def _clause(self, pos: int, sentence: Optional[Span] = None) -> Span:
        if sentence is None:
            sentence = self.sentence(pos)
        starts = self._clause_starts
        j = bisect_right(starts, pos)  # the first break after pos
        start = max(starts[j - 1] if j else 0, sentence.start)
        # the break's own character (comma etc.) is before the recorded end
        end = starts[j] if j < len(starts) and starts[j] <= sentence.end else sentence.end
        return Span(start, end)

    def same_clause(self, a: int, b: int) -> bool:
        return self.clause(a) == self.clause(b)
