"""Place names (``Jayapura``, ``Kabupaten Toli-Toli``) in a stretch of text, found by a dict lookup on its words.

The same matches as the alternation of all the names, longest first, standing as words of their own
(``(?<![\\p{L}\\p{N}])(?:name|...)(?![\\p{L}\\p{N}])``, case-sensitive, any run of blanks between the words
of a name), run with ``finditer(text, start, end)``; a thousand-name alternation costs microseconds at every
place it is tried.
"""

from __future__ import annotations

from typing import Iterable

import regex

_LETTERS = regex.compile(r"\p{L}+")
_WORD_CHAR = regex.compile(r"[\p{L}\p{N}]")
_BLANKS = " \t\u00a0"


class PlaceNames:
    """A list of place names, looked up by the letters that open them."""

    def __init__(self, names: Iterable[str]):
        self._by_letters: dict[str, list[tuple[str, ...]]] = {}
        # Longest first, as the alternation tries them; a name's words are matched as they are written.
        for name in sorted(set(names), key=len, reverse=True):
            words = tuple(name.split())
            opening = _LETTERS.match(words[0])
            if opening is None:
                raise ValueError(f"place name {name!r} does not open with a letter")
            self._by_letters.setdefault(opening.group(), []).append(words)

    def spans(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """The (start, end) of the place names in ``text[start:end]``, in order, not overlapping."""
        found = []
        after = start
        by_letters = self._by_letters
        for run in _LETTERS.finditer(text, start, end):
            i = run.start()
            if i < after:
                continue
            names = by_letters.get(run.group())
            if names is None or (i and _WORD_CHAR.match(text, i - 1)):
                continue
            for words in names:
                stop = self._match(text, i, end, words)
                if stop >= 0:
                    found.append((i, stop))
                    after = stop
                    break
        return found

    @staticmethod
    def _match(text: str, pos: int, end: int, words: tuple[str, ...]) -> int:
        """Where the name with these words ends if it stands at ``pos`` as a word of its own; -1 if it does not."""
        for k, word in enumerate(words):
            if k:
                blank = pos
                while pos < end and text[pos] in _BLANKS:
                    pos += 1
                if pos == blank:
                    return -1
            if not text.startswith(word, pos, end):
                return -1
            pos += len(word)
        if pos < end and _WORD_CHAR.match(text, pos):
            return -1
        return pos
