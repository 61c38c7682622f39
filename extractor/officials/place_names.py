"""Place names (``Jayapura``, ``Kabupaten Toli-Toli``) in a stretch of text, found by a lookup of its words.

The same matches as the alternation of all the names, longest first, standing as words of their own
(``(?<![\\p{L}\\p{N}])(?:name|...)(?![\\p{L}\\p{N}])``, case-sensitive, any run of blanks between the words
of a name), run with ``finditer(text, start, end)``; a thousand-name alternation costs microseconds at every
place it is tried. A name is found by walking a tree of its words over the blank-separated chunks of the text:
every word but the last is a whole chunk; the last one is a chunk or a part of one followed by a character that
is neither a letter nor a digit.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Optional

import regex

_LETTERS = regex.compile(r"\p{L}+")
_WORD_CHAR = regex.compile(r"[\p{L}\p{N}]")


@lru_cache(maxsize=4096)
def is_word_char(char: str) -> bool:
    """Whether a character (or "" past a text's end: no) is a letter or digit, as _WORD_CHAR reads it."""
    return _WORD_CHAR.match(char) is not None
_NOT_WORD_CHAR = regex.compile(r"[^\p{L}\p{N}]")
_CHUNK = regex.compile(r"[^ \t\u00a0]+")
_BLANKS = regex.compile(r"[ \t\u00a0]*")


class _Node:
    """The names that go on with one more word (``after``) and those that end with one (``last``: word -> rank)."""

    __slots__ = ("after", "last")

    def __init__(self):
        self.after: dict[str, _Node] = {}
        self.last: dict[str, int] = {}


class PlaceNames:
    """A list of place names, looked up word by word."""

    def __init__(self, names: Iterable[str]):
        self._root = _Node()
        self._openings: set[str] = set()  # the letters that open a name
        # The rank is the place in the alternation: longest first.
        for rank, name in enumerate(sorted(set(names), key=len, reverse=True)):
            words = name.split()
            opening = _LETTERS.match(words[0])
            if opening is None:
                raise ValueError(f"place name {name!r} does not open with a letter")
            self._openings.add(opening.group())
            node = self._root
            for word in words[:-1]:
                node = node.after.setdefault(word, _Node())
            node.last.setdefault(words[-1], rank)

    def spans(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """The (start, end) of the place names in ``text[start:end]``, in order, not overlapping."""
        found = []
        after = start
        openings = self._openings
        for run in _LETTERS.finditer(text, start, end):
            i = run.start()
            if i < after or run.group() not in openings or (i and is_word_char(text[i - 1])):
                continue
            stop = self._match(text, i, end)
            if stop is not None:
                found.append((i, stop))
                after = stop
        return found

    def _match(self, text: str, pos: int, end: int) -> Optional[int]:
        """Where the first name in the alternation's order that stands at ``pos`` ends, if one does."""
        best_rank, best_end = -1, None
        node = self._root
        while node is not None and pos < end:
            chunk = _CHUNK.match(text, pos, end).group()
            if node.last:
                # The last word: the chunk, or a part of it followed by a character that is no letter or digit.
                cuts = [m.start() for m in _NOT_WORD_CHAR.finditer(chunk, 1)]
                cuts.append(len(chunk))
                for cut in cuts:
                    rank = node.last.get(chunk[:cut])
                    if rank is not None and (best_end is None or rank < best_rank):
                        best_rank, best_end = rank, pos + cut
            node = node.after.get(chunk)
            if node is not None:
                blank_start = pos + len(chunk)
                pos = _BLANKS.match(text, blank_start, end).end()
                if pos == blank_start:
                    break  # no blank after the chunk: it ends at ``end``
        return best_end
