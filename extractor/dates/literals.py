"""Every place where one of many literal strings occurs, found in one pass over the text.

``str.find`` once per literal reads the text as many times as there are literals; a plain regex
alternation of them tries every literal at every place. ``LiteralScan`` compiles the literals into
one trie-shaped alternation (``a(?:gu|khir|pr)...``), so each place of the text is tried once, and
a place only goes as far into the trie as the text agrees with some literal.
"""

from __future__ import annotations

import re
from typing import Iterable


def _trie_pattern(literals: Iterable[str]) -> str:
    """A regex for the literals that, at a place, matches the longest of them found there."""
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


class LiteralScan:
    """Finds where any of some literal strings (compared as they are) occur, overlapping ones too.

    With ``word_start``, only where no ASCII lower-case letter or digit stands before: in a folded text
    (``textscan.fold``), every place not preceded by a letter or a digit of the original text, and
    others; each place is tried faster.
    """

    def __init__(self, literals: Iterable[str], word_start: bool = False):
        literals = [w for w in set(literals) if w]
        prefix = r"(?<![a-z0-9])" if word_start else ""
        self._search = re.compile(prefix + _trie_pattern(literals)).search if literals else None

    def find(self, text: str) -> list[tuple[int, str]]:
        """``(position, longest literal there)`` for each position where a literal occurs, in text order.

        Every other literal at that position is a prefix of the one given.
        """
        found: list[tuple[int, str]] = []
        search = self._search
        if search is None:
            return found
        pos = 0
        while (m := search(text, pos)) is not None:
            pos = m.start()
            found.append((pos, m.group()))
            pos += 1
        return found
