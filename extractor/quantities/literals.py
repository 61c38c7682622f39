"""Where the quantity patterns can start, for several lists of literal strings at once, in one pass.

``textscan.occurrences`` reads the text once per literal (``str.find``); the quantity layer has some
seventy of them (number words, currency, time, phone, excluded-phrase, estimate words, URL marks).
``LiteralSets`` compiles them all into one trie-shaped ``re`` alternation (``s(?:atu|e(?:ribu|...)))``):
each place of the text is tried once, and goes only as far into the trie as the text agrees with a
literal. At a place the longest literal found there is reported; the lists of every literal that is a
prefix of it are the lists that occur there.
"""

from __future__ import annotations

import re
from typing import Iterable

from ..textscan import trie_pattern


class LiteralSets:
    """Named lists of literal strings; ``find(text)`` gives, per list, every position where one of its
    literals occurs (overlapping occurrences too), as ``textscan.occurrences`` would."""

    def __init__(self, lists: dict[str, Iterable[str]], word_start: bool = False):
        """With ``word_start``, only places of the folded text not preceded by an ASCII letter or digit or
        "ª" (so also every place not preceded by a letter or digit of the original text)."""
        self.names = tuple(lists)
        owners: dict[str, set[str]] = {}
        for name, literals in lists.items():
            for literal in literals:
                if literal:
                    owners.setdefault(literal, set()).add(name)
        # A literal found at a place: the lists of it and of every literal that is a prefix of it.
        self._lists_of = {
            literal: tuple(sorted(set().union(*(owners.get(literal[:n], ()) for n in range(1, len(literal) + 1)))))
            for literal in owners}
        trie = trie_pattern(owners)
        if word_start:
            # A literal after a character that is not an ASCII letter or digit (a pattern that opens with a
            # character class, which ``re`` scans for quickly), or at the very start of the text. The next
            # search starts at the literal: its first character may be the one before the next literal.
            # The class also leaves out "ª", a letter (no word opens after it): with three runs of characters
            # ``re`` tests the class on a bitmap, twice as fast as on two ranges.
            self._at_start = re.compile(trie).match
            self._search = re.compile("[^a-z0-9\u00aa](" + trie + ")").search
            self._group, self._step = 1, 0
        else:
            self._at_start = None
            self._search = re.compile(trie).search
            self._group, self._step = 0, 1

    def find(self, text: str) -> dict[str, list[int]]:
        found: dict[str, list[int]] = {name: [] for name in self.names}
        lists_of, search, group, step = self._lists_of, self._search, self._group, self._step
        if self._at_start is not None and (m := self._at_start(text)) is not None:
            for name in lists_of[m.group()]:
                found[name].append(0)
        pos = 0
        while (m := search(text, pos)) is not None:
            pos = m.start(group)
            for name in lists_of[m.group(group)]:
                found[name].append(pos)
            pos += step
        return found
