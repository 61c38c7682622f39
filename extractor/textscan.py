"""Shared helpers that let the finders try their patterns only where a match can start.

A pattern run with ``finditer`` is tried at every character of the text; most of the finders'
patterns can only start at a handful of words (a month name, a region name, ``Pasal``...). These
helpers find those places with plain string searches over a folded copy of the text, so that a
pattern is tried (``pattern.match(text, pos)``) only there. ``pattern.match(text, pos)`` sees the
whole text (look-behinds and ``\\b`` look before ``pos``), so the matches are exactly those of a
scan over every position, as long as the candidate places include every place a match can start.

- ``fold(text)``: a lower-case copy of the same length, such that a character that the ``regex``
  module matches case-insensitively against an ASCII letter is that letter in the copy.
- ``needles(words)``: the short literal strings whose occurrences include every occurrence of the
  words (a word's leading ASCII part; words with another needle as prefix are dropped).
- ``occurrences(folded, needles)``: every position where one of the needles occurs.
- ``letter_runs(text)``: where the runs of letters and digits start (a pattern that opens with
  ``(?<![\\p{L}\\d])`` or ``\\b`` and a letter can only start there).
- ``trie_pattern(literals)``: one ``re`` alternation of many literal strings, shaped as a trie
  (``a(?:gu|khir|pr)``), so that a place of the text is tried once and goes only as far as the text
  agrees with some literal.
- ``per_text``: remembers a function's result for the last few texts (the layers of one article
  ask for the same dates and legal references); ``clear_caches()`` forgets them all.
"""

from __future__ import annotations

import re
import unicodedata
from collections import OrderedDict
from functools import wraps
from typing import Callable, Iterable, Optional

import regex

# Characters whose str.lower() is not what regex's case-insensitive matching makes of them:
# U+0130 (I with dot) lowers to two characters and matches "i"; U+017F (long s) matches "s".
_FOLD_FIX = {0x130: "i", 0x17F: "s"}
_NEEDLE_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789./-'")


def _caseless_sign(char: str) -> bool:
    """A punctuation mark or symbol with no case forms (``±``, ``+``): matched only by itself."""
    return char.lower() == char == char.upper() and unicodedata.category(char)[0] in "PS"


def fold(text: str) -> str:
    """``text`` in lower case, one character for one (positions are the same as in ``text``)."""
    low = text.lower()
    if len(low) != len(text) or "\u017f" in low:
        low = text.translate(_FOLD_FIX).lower()
    return low


def needles(words: Iterable[str], cased: bool = False) -> tuple[str, ...]:
    """Literal strings whose occurrences in the folded text include those of every word.

    A word is cut before its first character that is not a plain ASCII letter, a digit or a sign
    without case (a space may stand for any blank in the pattern; other letters may have case
    variants); a needle that starts with another needle is dropped. With ``cased``, for words matched with their
    case: the needles keep it, and are looked for in the text itself.
    """
    cut = set()
    for word in words:
        word = word if cased else word.lower()
        n = 0
        while n < len(word) and (word[n].lower() in _NEEDLE_CHARS or _caseless_sign(word[n])):
            n += 1
        if n == 0:
            raise ValueError(f"no literal start in {word!r}")
        cut.add(word[:n])
    ordered = sorted(cut, key=len)
    kept: list[str] = []
    for needle in ordered:
        if not any(needle.startswith(k) for k in kept):
            kept.append(needle)
    return tuple(sorted(kept))


def occurrences(text: str, literals: Iterable[str]) -> list[int]:
    """Sorted positions where any of the literals occurs in ``text`` (overlapping occurrences too)."""
    found: set[int] = set()
    find = text.find
    for literal in literals:
        i = find(literal)
        while i >= 0:
            found.add(i)
            i = find(literal, i + 1)
    return sorted(found)


def ascii_lead(word: str) -> str:
    """The leading ASCII letters and digits of a word, in lower case (``Kab.`` -> ``kab``; may be "")."""
    low = word.lower()
    n = 0
    while n < len(low) and low[n] in _LEADING_CHARS:
        n += 1
    return low[:n]


def trie_pattern(literals: Iterable[str]) -> str:
    """A ``re`` pattern for the literals that, at a place, matches the longest of them found there."""
    root: dict = {}
    for literal in literals:
        node = root
        for char in literal:
            node = node.setdefault(char, {})
        node[""] = {}  # a literal ends here

    def branch(node: dict) -> str:
        alternatives = [re.escape(char) + branch(child) for char, child in sorted(node.items()) if char]
        if not alternatives:
            return ""
        body = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
        return "(?:" + body + ")?" if "" in node else body  # a longer literal first, else stop here

    return branch(root)


def at_word_start(text: str, positions: Iterable[int]) -> list[int]:
    """The positions not preceded by a letter or a digit: where a pattern opening with ``\\b`` and a
    letter may match (a letter or decimal digit before it is a word character, so ``\\b`` fails)."""
    out = []
    for i in positions:
        if i:
            before = text[i - 1]
            if before.isalpha() or before.isdecimal():
                continue
        out.append(i)
    return out


def matches_at(pattern, text: str, starts: Iterable[int], endpos: Optional[int] = None):
    """The matches of ``pattern.finditer(text, 0, endpos)`` (not overlapping), tried only at ``starts`` (sorted).

    The same matches as long as every match of the pattern starts at one of ``starts``.
    """
    pos = 0
    for start in starts:
        if start < pos:
            continue
        if endpos is not None and start >= endpos:
            break
        m = pattern.match(text, start, endpos)
        if m is not None:
            yield m
            pos = m.end()


# How many texts a per-text cache keeps by default (the pipeline's batches are no longer than this).
PER_TEXT_SIZE = 16


def per_text(size: int = PER_TEXT_SIZE) -> Callable:
    """Remember a function's result for its last ``size`` distinct argument tuples (the text first).

    The result is returned as it is: functions cached this way return tuples or frozen models.
    Safe to call from several threads (at worst a result is computed twice).
    """

    def decorate(function: Callable) -> Callable:
        cache: OrderedDict = OrderedDict()

        @wraps(function)
        def cached(*args):
            # No lock: each OrderedDict call is atomic under the GIL, and a result another thread
            # evicted in between is only computed again (the KeyErrors below).
            try:
                result = cache[args]
            except KeyError:
                result = function(*args)
                cache[args] = result
                if len(cache) > size:
                    try:
                        cache.popitem(last=False)
                    except KeyError:
                        pass
                return result
            try:
                cache.move_to_end(args)
            except KeyError:
                pass
            return result

        cached.cache_clear = cache.clear
        on_clear_caches(cache.clear)
        return cached

    return decorate


_CLEARERS: list[Callable[[], None]] = []


def on_clear_caches(clear: Callable[[], None]) -> None:
    """Have ``clear_caches()`` call ``clear`` too (for a result kept some other way)."""
    _CLEARERS.append(clear)


def clear_caches() -> None:
    """Forget every result kept by ``per_text`` (a benchmark's next round starts cold)."""
    for clear in _CLEARERS:
        clear()


_LETTER_RUN = regex.compile(r"[\p{L}\p{Nd}]+")


@per_text()
def letter_runs(text: str) -> tuple[int, ...]:
    """Where the runs of letters and decimal digits start.

    A pattern that opens with ``(?<![\\p{L}\\p{N}])``, ``(?<![\\p{L}\\d])`` or ``\\b`` followed by a letter
    can only match at one of these places.
    """
    return tuple(m.start() for m in _LETTER_RUN.finditer(text))


@per_text()
def folded(text: str) -> str:
    """``fold(text)``, kept for the last few texts."""
    return fold(text)


class WordStarts:
    """Finds where, in a text, a letter run begins (case-insensitively) like one of some words.

    For patterns that open with a look-behind excluding letters and digits (or ``\\b``) and one of
    the words: they can only start at such a place. A word that does not open with a letter or digit
    is looked for anywhere.
    """

    def __init__(self, words: Iterable[str]):
        by_two: dict[str, set[str]] = {}
        single: set[str] = set()
        odd: list[str] = []
        for word in words:
            lead = ascii_lead(word)
            if len(lead) >= 2:
                by_two.setdefault(lead[:2], set()).add(lead)
            elif lead:
                single.add(lead)
            else:
                odd.append(word)
        self._by_two = {two: tuple(sorted(leads)) for two, leads in by_two.items()}
        self._single = frozenset(single)
        self._odd = needles(odd) if odd else ()

    def find(self, text: str) -> list[int]:
        """The sorted places."""
        low = folded(text)
        by_two, single = self._by_two, self._single
        found = []
        for i in letter_runs(text):
            leads = by_two.get(low[i:i + 2])
            if (leads and low.startswith(leads, i)) or low[i] in single:
                found.append(i)
        if self._odd:
            found = sorted(set(found).union(occurrences(low, self._odd)))
        return found


_LEADING_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
