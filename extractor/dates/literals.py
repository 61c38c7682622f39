"""Every place where one of many literal strings occurs, found in one pass over the text.

``str.find`` once per literal reads the text as many times as there are literals; a plain regex
alternation of them tries every literal at every place. ``LiteralScan`` compiles the literals into
one trie-shaped alternation (``a(?:gu|khir|pr)...``), so each place of the text is tried once, and
a place only goes as far into the trie as the text agrees with some literal. ``SHARED_SCAN`` makes
that one pass for the start words of several finders (the dates finder's and the legal references'),
over the folded text; ``CASED_SCAN`` for their words matched with their case, over the text itself.
"""

from __future__ import annotations

import re
from typing import Iterable, Optional

from ..textscan import folded, per_text, trie_pattern


class LiteralScan:
    """Finds where any of some literal strings (compared as they are) occur, overlapping ones too.

    The pattern's search stops at every character that opens a literal; the literals opening with one of
    ``apart`` (letters frequent in the texts that open only a few literals) are looked for with
    ``str.find`` instead, which is cheaper than stopping at each of those letters.
    """

    def __init__(self, literals: Iterable[str], apart: str = ""):
        literals = [w for w in set(literals) if w]
        in_trie = [w for w in literals if w[0] not in apart]
        found_apart = [w for w in literals if w[0] in apart]
        self._search = re.compile(trie_pattern(in_trie)).search if in_trie else None
        # each shortest literal apart -> the longer ones it opens, longest first
        self._apart: dict[str, tuple[str, ...]] = {
            short: tuple(sorted((w for w in found_apart if w.startswith(short) and w != short), key=len, reverse=True))
            for short in found_apart if not any(short.startswith(w) and short != w for w in found_apart)
        }

    def find(self, text: str) -> list[tuple[int, str]]:
        """``(position, longest literal there)`` for each position where a literal occurs, in text order.

        Every other literal at that position is a prefix of the one given.
        """
        found: list[tuple[int, str]] = []
        search = self._search
        if search is not None:
            pos = 0
            while (m := search(text, pos)) is not None:
                pos = m.start()
                found.append((pos, m.group()))
                pos += 1
        unsorted = False
        find, startswith = text.find, text.startswith
        for short, longer in self._apart.items():
            i = find(short)
            while i >= 0:
                unsorted = True
                for literal in longer:
                    if startswith(literal, i):
                        found.append((i, literal))
                        break
                else:
                    found.append((i, short))
                i = find(short, i + 1)
        if unsorted:
            found.sort()
        return found


# Letters frequent in Indonesian text that open only a few of the registered literals ("esok", "rabu",
# "ujung", "nomor", "inpres"...): their literals are found with str.find, not at every such letter.
_FOUND_APART = "erunbi"


class SharedScan:
    """One pass over ``folded(text)`` (or, with ``cased``, the text itself) for the literals of several finders.

    Each finder registers its literals at import (``register``). ``hits(text)`` lists every place where
    a registered literal occurs, with the longest one there; it is kept per text, so the finders that read
    the same text (the dates finder and the legal references it and the quantities layer use) share
    one pass. A finder tells which of its own literals a hit stands for with ``Registered.prefixes``.
    """

    def __init__(self, cased: bool = False) -> None:
        self._literals: set[str] = set()
        self._scan: Optional[LiteralScan] = None
        self._cased = cased

    def register(self, literals: Iterable[str]) -> "Registered":
        registered = Registered(literals)
        self._literals.update(registered.literals)
        self._scan = None  # compiled again, with these, on the next use
        return registered

    def hits(self, text: str, length: Optional[int] = None) -> tuple[tuple[int, str], ...]:
        """``(position, longest registered literal there)`` for every place one occurs in ``folded(text)``.

        With ``length``, those of ``text[:length]``, taken from the whole text's: a literal there is the
        whole text's one, or the longest registered literal it starts with that ends within the head.
        """
        scan = self._scan
        if scan is None:
            scan = self._scan = LiteralScan(self._literals, "" if self._cased else _FOUND_APART)
        found = _cased_hits(text, scan) if self._cased else _shared_hits(text, scan)
        if length is None or length >= len(text):
            return found
        head: list[tuple[int, str]] = []
        for place, literal in found:
            if place >= length:
                break
            room = length - place
            while room and literal[:room] not in self._literals:
                room -= 1
            if room:
                head.append((place, literal[:room]))
        return tuple(head)


class Registered:
    """The literals one finder registered with a ``SharedScan``."""

    def __init__(self, literals: Iterable[str]):
        self.literals = frozenset(literals)
        self._prefixes: dict[str, tuple[str, ...]] = {}

    def prefixes(self, hit: str) -> tuple[str, ...]:
        """This finder's literals that ``hit`` starts with: those that occur where ``hit`` was found."""
        found = self._prefixes.get(hit)
        if found is None:
            found = self._prefixes[hit] = tuple(sorted(w for w in self.literals if hit.startswith(w)))
        return found


@per_text()
def _shared_hits(text: str, scan: LiteralScan) -> tuple[tuple[int, str], ...]:
    return tuple(scan.find(folded(text)))


@per_text()
def _cased_hits(text: str, scan: LiteralScan) -> tuple[tuple[int, str], ...]:
    return tuple(scan.find(text))


SHARED_SCAN = SharedScan()
# The words matched with their case (``TA``, ``Q``, ``PP``, ``UU``...), in one pass over the text itself.
CASED_SCAN = SharedScan(cased=True)
