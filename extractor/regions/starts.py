"""Where the finder's patterns may start: one scan of the folded text for the first words of all of them.

Each pattern of the finder (region names, ``Indonesia``, ``... nasional``, ``RI``) opens with a look-behind
that excludes letters and digits, then one of a known set of words. ``StartScanner`` finds, in one pass of
a single precompiled pattern over ``folded(text)``, the word starts where the folded text begins with one
of those words' leading letters and digits (their *lead*), and tells for which patterns each place is a
candidate. An opening word may come with what must follow it for its pattern to match (``nasional`` after
a head word): then only the places where it does are candidates. The places include every place a
pattern can match (as ``textscan.WordStarts`` does, but one pass for all patterns instead of a Python loop
over every word for each pattern); a pattern is then tried only there with ``pattern.match(text, pos)``.
"""

from __future__ import annotations

import re
from typing import Iterable, Union

from ..textscan import ascii_lead, folded

_LOOKAROUND = re.compile(r"\(\?[=!][^()]*\)")  # a look-ahead with no group inside

# An opening word, or an opening word and a regex (stdlib ``re``, on the folded text) for what must follow it.
OpeningWord = Union[str, tuple[str, str]]


def lead_of(word: str) -> str:
    """The leading ASCII letters and digits of a word, lower case (``Kab.`` -> ``kab``)."""
    lead = ascii_lead(word)
    if not lead:
        raise ValueError(f"{word!r} does not open with an ASCII letter or digit")
    return lead


def _longest_first_trie(ends: dict[str, set[str]]) -> str:
    """A regex (stdlib ``re``) matching the longest of the leads that the text starts with (and that is
    followed as one of its words needs: ``ends`` maps each lead to those conditions, "" for none)."""
    trie: dict = {}
    for lead, follows in ends.items():
        node = trie
        for char in lead:
            node = node.setdefault(char, {})
        node[None] = follows

    def build(node: dict) -> str:
        alternatives = [re.escape(char) + build(node[char]) for char in sorted(c for c in node if c is not None)]
        if None in node:  # the lead ending here, after every longer one
            follows = node[None]
            if "" in follows:
                alternatives.append("")
            elif len(follows) == 1 and _LOOKAROUND.fullmatch(next(iter(follows))):
                alternatives.append(next(iter(follows)))  # a look-ahead already
            else:
                alternatives.append("(?=" + "|".join(sorted(follows)) + ")")
        if len(alternatives) == 1:
            return alternatives[0]
        return "(?:" + "|".join(alternatives) + ")"

    return build(trie)


class StartScanner:
    """Candidate start places of several patterns, each given by the words it can open with."""

    def __init__(self, words_by_pattern: dict[str, Iterable[OpeningWord]]):
        self.names = tuple(words_by_pattern)
        leads_of: dict[str, set[str]] = {}
        ends: dict[str, set[str]] = {}
        for name, words in words_by_pattern.items():
            leads_of[name] = set()
            for word in words:
                word, follow = (word, None) if isinstance(word, str) else word
                lead = lead_of(word)
                leads_of[name].add(lead)
                # what must follow the lead: the rest of the word, then the condition (none for a plain word)
                if follow is not None and "|" in follow:
                    follow = f"(?:{follow})"
                ends.setdefault(lead, set()).add(
                    "" if follow is None else re.escape(word.lower()[len(lead):]) + follow)
        # A place is a candidate for a pattern if any of its leads starts there: the scan matches the longest
        # lead there, so each lead stands for itself and every shorter lead it starts with.
        self._patterns_of: dict[str, tuple[int, ...]] = {}
        for lead in ends:
            self._patterns_of[lead] = tuple(
                i for i, name in enumerate(self.names)
                if any(lead[:n] in leads_of[name] for n in range(1, len(lead) + 1)))
        # A lead after a character that is not an ASCII letter or digit, so that the engine skips quickly from
        # one such character to the next (a letter outside ASCII before a lead only adds a place to try).
        self._scan = re.compile(rf"[\W_]({_longest_first_trie(ends)})", re.ASCII)

    def find(self, text: str) -> dict[str, list[int]]:
        """For each pattern, by its name, the sorted places where it may start."""
        found: tuple[list[int], ...] = tuple([] for _ in self.names)
        patterns_of = self._patterns_of
        for m in self._scan.finditer(" " + folded(text)):  # a separator before the first word too
            start = m.start(1) - 1
            for i in patterns_of[m.group(1)]:
                found[i].append(start)
        return dict(zip(self.names, found))
