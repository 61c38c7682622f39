"""Observations (guidelines section 5): which figures state a metric, for which region, as of when.

Each quantity is read in its sentence: the metric from the noun it counts and the cue words of its
clause (``rules.json``), the region from the region mention that governs it, the as-of date from
the date that dates it, the kind from target cues. Figures of a list inherit from its head;
restated figures are merged.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from bisect import bisect_left, bisect_right
from itertools import accumulate
from functools import lru_cache
from typing import Iterable, NamedTuple, Optional, Sequence

import regex

from ..records import DateMention, Observation, Quantity, RegionMention
from ..textscan import folded, matches_at, needles, occurrences, on_clear_caches, per_text
from .sentences import Segments, Span

RULES: dict = json.loads(Path(__file__).with_name("rules.json").read_text(encoding="utf-8"))


def _alternation(words: Iterable[str]) -> str:
    escaped = sorted({regex.escape(w.lower()).replace(r"\ ", r"\s+") for w in words}, key=len, reverse=True)
    return r"(?<![\p{L}\d])(?:" + "|".join(escaped) + r")(?:nya)?(?![\p{L}\d])"  # "penduduknya", "idealnya"


class Cues:
    """Cue words matched at word boundaries, case-insensitively (``_alternation``), tried only where one of
    the words begins: a search in a window with no such place is answered without running the pattern.

    ``search``, ``match`` and ``finditer`` give exactly what the compiled pattern gives.
    """

    def __init__(self, words: Iterable[str]):
        words = list(words)
        self.pattern = regex.compile(_alternation(words), regex.IGNORECASE)
        self.id = len(_ALL_CUES)
        _ALL_CUES.append(self)
        self.forget_text()
        for word in words:
            lead = regex.match(r"[a-z0-9]*", word.lower()).group()
            if len(lead) >= 2:
                _CUE_LEADS.setdefault(lead, set()).add(self.id)
                if lead == word.lower():
                    _CUE_WORDS.setdefault(lead, set()).add(self.id)
            else:  # "/bulan": does not open with a letter
                for needle in needles([word]):
                    _CUE_ODD_STARTS.setdefault(needle, set()).add(self.id)

    def _starts(self, string: str) -> tuple[int, ...]:
        """The places in ``string`` where one of the words may start (sorted); kept for the last text."""
        if string is not self._text:
            last_string, last_starts = _LAST_CUE_STARTS
            if string is not last_string:
                last_starts = _cue_starts(string)
                _set_last_cue_starts(string, last_starts)
            self._text, self._text_starts = string, last_starts[self.id]
        return self._text_starts

    def search(self, string: str, pos: Optional[int] = None, endpos: Optional[int] = None):
        if string is self._text:
            starts = self._text_starts
        elif len(string) < _INDEXED_LENGTH:
            return self.pattern.search(string, pos, endpos)
        else:
            starts = self._starts(string)
        i = bisect_left(starts, pos or 0)
        n = len(starts)
        if i == n:
            return None
        end = len(string) if endpos is None else endpos
        match = self.pattern.match
        while i < n:
            start = starts[i]
            if start >= end:
                return None
            m = match(string, start, endpos)
            if m is not None:
                return m
            i += 1
        return None

    def finditer(self, string: str, pos: Optional[int] = None, endpos: Optional[int] = None):
        if string is self._text:
            starts = self._text_starts
        elif len(string) < _INDEXED_LENGTH:
            return self.pattern.finditer(string, pos, endpos)
        else:
            starts = self._starts(string)
        pos = pos or 0
        end = len(string) if endpos is None else endpos
        first = bisect_left(starts, pos)
        if first == len(starts) or starts[first] >= end:
            return ()
        return self._matches(string, starts, first, pos, end)

    def _matches(self, string: str, starts: Sequence[int], first: int, pos: int, end: int):
        """``finditer`` tried only at the places where a word may start (a match is never empty)."""
        match = self.pattern.match
        after = pos
        for i in range(first, len(starts)):
            start = starts[i]
            if start >= end:
                break
            if start >= after:
                m = match(string, start, end)
                if m is not None:
                    yield m
                    after = m.end()

    def last(self, string: str, start: int, end: int):
        """The last match of ``finditer(string, start, end)``, or None."""
        if end <= start:
            return None
        if string is self._text:
            starts = self._text_starts
        elif len(string) < _INDEXED_LENGTH:
            last = None
            for last in self.pattern.finditer(string, start, end):
                pass
            return last
        else:
            starts = self._starts(string)
        i = bisect_left(starts, start)
        n = len(starts)
        last = None
        after = start
        match = self.pattern.match
        while i < n:
            place = starts[i]
            if place >= end:
                break
            if place >= after:
                m = match(string, place, end)
                if m is not None:
                    last, after = m, m.end()
            i += 1
        return last

    def match(self, string: str, pos: Optional[int] = None, endpos: Optional[int] = None):
        return self.pattern.match(string, pos, endpos)

    def forget_text(self) -> None:
        self._text, self._text_starts = None, ()


def _set_last_cue_starts(string: str, starts: tuple) -> None:
    global _LAST_CUE_STARTS
    _LAST_CUE_STARTS = (string, starts)


# The text whose cue starts were asked for last, and those starts (one tuple, replaced at once).
_LAST_CUE_STARTS: tuple = (None, ())
on_clear_caches(lambda: _set_last_cue_starts(None, ()))
on_clear_caches(lambda: [cue.forget_text() for cue in _ALL_CUES])
# Shorter strings (a noun, a lead) are searched directly.
_INDEXED_LENGTH = 256
_ALL_CUES: list[Cues] = []
_CUE_LEADS: dict[str, set[int]] = {}  # the leading letters and digits of a cue word (two or more) -> cue ids
_CUE_WORDS: dict[str, set[int]] = {}  # cue words of letters and digits only -> cue ids (they may take -nya)
_CUE_ODD_STARTS: dict[str, set[int]] = {}  # literal starts of words that do not open with a letter
_ASCII_WORD = re.compile(r"[a-z0-9]+")


def _cues_by_run() -> dict[str, tuple[int, ...]]:
    """For a run of letters and digits of the folded text, the cues that may match where it is: a cue
    word's leading letters and digits are the whole run (a space, '-' or '/' follows them), or the whole
    cue word is, with or without -nya. Built when first needed (every cue exists), again if cues were added."""
    global _CUES_BY_RUN, _CUES_BY_RUN_SIZE, _RUN
    if _CUES_BY_RUN is None or _CUES_BY_RUN_SIZE != len(_ALL_CUES):
        table: dict[str, set[int]] = {}
        for lead, ids in _CUE_LEADS.items():
            table.setdefault(lead, set()).update(ids)
        for word, ids in _CUE_WORDS.items():
            table.setdefault(word + "nya", set()).update(ids)
        _CUES_BY_RUN = {run: tuple(sorted(ids)) for run, ids in table.items()}
        _CUES_BY_RUN_SIZE = len(_ALL_CUES)
        # Runs that open with a digit need not be read when no cue's run does (a quicker scan).
        _RUN = _ASCII_WORD if any(not run[0].isalpha() for run in _CUES_BY_RUN) else _LETTER_LED_RUN
    return _CUES_BY_RUN


_CUES_BY_RUN: Optional[dict[str, tuple[int, ...]]] = None
_CUES_BY_RUN_SIZE = 0
# The runs ``_cue_starts`` reads: every run, or (see ``_cues_by_run``) those that open with a letter; a run
# that opens with digits is then read from its first letter on: a place where no cue matches (its
# look-behind sees the digit before), as no run of a cue opens with a digit.
_LETTER_LED_RUN = re.compile(r"[a-z][a-z0-9]*")
_RUN = _ASCII_WORD


@per_text(4)
def _cue_starts(text: str) -> tuple[tuple[int, ...], ...]:
    """For every cue pattern, the sorted places where one of its words may start.

    A cue opens with ``(?<![\\p{L}\\d])`` and one of its (ASCII) words, so it starts where a run of ASCII
    letters and digits of the folded text (see ``extractor.textscan``) begins: the character before is no
    letter or digit, and a letter or digit folds to ``[a-z0-9]`` only if it is one. The run is the word's
    leading letters and digits, as what follows them in the word (a blank, '-', '/', '.'), or the end of
    the word and its optional -nya before ``(?![\\p{L}\\d])``, is not a letter or digit.
    A place found that is no true start is harmless: the pattern is only tried there.
    """
    low = folded(text)
    found: list[list[int]] = [[] for _ in _ALL_CUES]
    cues_at = _cues_by_run().get
    for m in _RUN.finditer(low):
        ids = cues_at(m[0])
        if ids:
            i = m.start()
            for cue in ids:
                found[cue].append(i)
    odd = set()
    for needle, ids in _CUE_ODD_STARTS.items():
        for i in occurrences(low, (needle,)):
            for cue in ids:
                found[cue].append(i)
                odd.add(cue)
    for cue in odd:
        found[cue].sort()
    return tuple(map(tuple, found))


def _cues(words: Iterable[str]) -> Cues:
    return Cues(words)


def _cue_table(table: dict) -> dict[str, Cues]:
    return {name: _cues(words) for name, words in table.items() if not name.startswith("_")}


COUNT_CUES = _cue_table(RULES["count_metric_cues"])
PERCENT_CUES = _cue_table(RULES["percent_metric_cues"])
ACTIVE_RATE_CUES, COVERAGE_RATE_CUES = PERCENT_CUES["active_rate"], PERCENT_CUES["coverage_rate"]
MONEY_CUES = _cue_table(RULES["money_metric_cues"])
RATIO_CUES = _cue_table(RULES["ratio_metric_cues"])
SEGMENT_CUES = _cue_table(RULES["segment_cues"])
PERSON_NOUN = _cues(RULES["person_nouns"])
DAILY = _cues(RULES["daily_cues"])
PERCENT_NOT_BEFORE = _cues(RULES["percent_not_coverage_before"])
PERCENT_NOT_AFTER = _cues(RULES["percent_not_coverage_after"])
PREMIUM = _cues(RULES["premium_cues"])
CHANGE = _cues(RULES["change_cues"])
CHANGE_TO_LEVEL = _cues(RULES["change_to_level"] + ["tercatat", "kini", "saat ini", "sekarang"])
REGION_COUNT_NOUN = _cues(RULES["region_count_nouns"])
NON_METRIC_NOUN = _cues(RULES["non_metric_nouns"])
GENERIC_FACILITY = _cues(RULES["generic_facility_nouns"])
AGREEMENT = _cues(RULES["agreement_cues"])
BREAKDOWN = _cues(RULES["breakdown_cues"])
PER_DOCTOR = _cues(RULES["per_doctor_cues"])
OTHER_SCHEME = _cues(RULES["other_scheme_cues"])
ARREARS_PERSONS = _cues(RULES["arrears_person_cues"])
TARGET = _cues(RULES["target_cues"])
ACTUAL = _cues(RULES["actual_cues"])
THRESHOLD = _cues(RULES["threshold_cues"])
WINDOW_STOP = _cues(RULES["window_stops"] + ["dari", "atau"])
TIGHT_FILLER = set(RULES["tight_fillers"])
TEMPORAL_LEAD = regex.compile(r"(?:" + _alternation(RULES["temporal_leads"]) + r")\s*$", regex.IGNORECASE)
ATTRIBUTION = regex.compile(r"(?:[\"”’']\s*,?|,)\s*" + _alternation(RULES["attribution_verbs"]), regex.IGNORECASE)
DATE_NOT_AS_OF = regex.compile(_alternation(RULES["date_not_as_of_cues"]) + r"[^,.;]{0,12}$", regex.IGNORECASE)
WEEKDAY_PAREN = regex.compile(r"(?i)(?:senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu|ahad)\s*,?\s*\(?\s*$")
DATELINE_AFTER = regex.compile(r"[^\n]{0,25}?(?:\s[-–—]|[-–—]\s|\(antara)|\s*:", regex.IGNORECASE)
PERSON_STATUS = ["uninsured", "inactive_participants", "active_participants"]
PEOPLE_METRICS = PERSON_STATUS + ["participants", "population"]
COUNTED_METRICS = PEOPLE_METRICS + ["fktp", "fkrtl", "utilization", "screenings"]
FACILITY_METRICS = ("fktp", "fkrtl")
USE_METRICS = ("screenings", "utilization")
MONEY_PRIORITY = ["arrears", "deficit", "spending", "contributions"]
PREMIUM_MAX = RULES["premium_max_idr"]
EXCLUDED = "-"  # a figure that is deliberately not an observation (as opposed to one whose metric is unknown)

# Small patterns used inside the functions below, compiled once.
_WORD_RE = regex.compile(r"[\p{L}\d-]+")
_ASCII_LOWER_WORD = re.compile(r"[a-z0-9-]+")  # _WORD_RE in lower-case ASCII text
_SHARE_RESTATED_GAP = regex.compile(r"(?i)\s*(?:[\p{L}()-]+\s+){0,4}(?:atau\s+(?:sekitar\s+|sebesar\s+)?|\()\s*")
_NOUN = regex.compile(r"[\s(]*([\p{L}\d/-]+(?:\s+[\p{L}\d/-]+){0,2})")
_ASCII_NOUN = re.compile(r"[ \t\n\r\f\v(]*([A-Za-z0-9/-]+(?:[ \t\n\r\f\v]+[A-Za-z0-9/-]+){0,2})")  # _NOUN in ASCII text
_ONE_DOCTOR = regex.compile(r"(?i)\b(?:satu|seorang|1)\s+dokter\b")
_PEOPLE_NOUN = regex.compile(r"(?:penduduk|peserta|warga|jiwa|orang)")
_YANG = regex.compile(r"(?i)\byang\b")
_DENOMINATOR_BEFORE = regex.compile(r"(?i)(?:\bdari|\bper)\s+(?:(?:total|jumlah|seluruh|sekitar)\s+){0,3}$")
_RESIDENTS_NOUN = regex.compile(r"(?:jiwa\s+|orang\s+)?penduduk")
_REGISTERED_RESIDENTS = regex.compile(r"(?i)\s*penduduk\s+yang\s+(?:sudah\s+|telah\s+)?terdaftar\s*,")
_OF_POPULATION = regex.compile(r"(?i)\bdari\s+(?:\S+\s+){0,3}?(?:penduduk|jumlah penduduk)")
_SERTA_AT_END = regex.compile(r"(?i)[,;]\s*serta\s*$")
_CLAUSE_STOP = regex.compile(r"(?i)\b(?:dengan|dan|atau|sedangkan|serta)\b|[,;]")
_NOT_THRESHOLD_GAP = regex.compile(r"(?i)capaian|yaitu|yakni|sebesar|dengan|,")
_PAID_TO = regex.compile(r"(?i)dibayarkan\s+(?:kepada|ke)\b")
_TIGHT_REGION_GAP = regex.compile(r"(?i)[\s\p{L}]*?(?:penduduk|warga|jiwa|orang|masyarakat|peserta|di|se)\s+(?:provinsi\s+|kabupaten\s+|kota\s+|prov\.?\s+|kab\.?\s+)?")
_COORDINATION_GAP = regex.compile(r"(?i)\s*(?:,|dan|serta|,\s*dan)\s*")
_COMPARISON_BEFORE = regex.compile(r"(?i)\b(?:dibanding(?:kan)?|daripada)\s*(?:tahun\s*)?$")
_CONTINUATION = regex.compile(r"(?i)\s*(?:dengan|sedangkan)\b")
_DATA_WORD = regex.compile(r"(?i)\bdata\b")
_DARI_AT_END = regex.compile(r"(?i)\bdari\s*$")
_NUMBER_WORD = regex.compile(r"[\d.,%]+")
_BRANCH_BEFORE = regex.compile(r"(?i)\b(?:cabang|kc)\s+(?:utama\s+)?$")


@dataclass
class Figure:
    """A quantity being read as an observation."""

    q: Quantity
    metric: Optional[str] = None
    region: Optional[str] = None
    regions: tuple = ()
    region_explicit: bool = False
    as_of: Optional[str] = None
    kind: str = "actual"
    segment: Optional[str] = None
    headline: bool = False
    list_item: bool = False
    sentence_index: int = 0  # where the figure is: its sentence (and its index) and its clause
    sentence: Optional[Span] = None
    clause: Optional[Span] = None


class CueGroup:
    """Cues of one table, in the order that breaks ties between them."""

    def __init__(self, table: dict[str, Cues], order: Sequence[str]):
        self.named = tuple((name, table[name]) for name in order)


def _starting_in(mentions: list, starts: Optional[list[int]], sentence: Span) -> list:
    """The mentions (in their list's order) that start inside the sentence; ``starts``: their starts when the
    list is in text order (then the sentence's mentions are a slice), else None."""
    if starts is not None:
        return mentions[bisect_left(starts, sentence.start):bisect_left(starts, sentence.end)]
    return [m for m in mentions if sentence.start <= m.start < sentence.end]


def _first_metric(group: CueGroup, text: str, start: int, end: int) -> Optional[str]:
    """The metric whose cue comes first in [start, end)."""
    if end <= start:
        return None
    indexed = len(text) >= _INDEXED_LENGTH
    best = None
    for name, cue in group.named:
        if indexed:  # no word of the cue may start in the window: skip the lookup (inline: a hot loop)
            starts = cue._text_starts if text is cue._text else cue._starts(text)
            i = bisect_left(starts, start)
            if i == len(starts) or starts[i] >= end:
                continue
        m = cue.search(text, start, end)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), name)
    return best[1] if best else None


def _last_metric(group: CueGroup, text: str, start: int, end: int):
    """(end, metric, start) of the cue nearest before ``end`` in [start, end); the longer cue wins a tie."""
    if end <= start:
        return None
    indexed = len(text) >= _INDEXED_LENGTH
    best = None
    for name, cue in group.named:
        if indexed:  # no word of the cue may start in the window: skip the lookup (inline: a hot loop)
            starts = cue._text_starts if text is cue._text else cue._starts(text)
            i = bisect_left(starts, start)
            if i == len(starts) or starts[i] >= end:
                continue
        m = cue.last(text, start, end)
        if m and (best is None or m.end() > best[0] or (m.end() == best[0] and m.start() < best[2])):
            best = (m.end(), name, m.start())
    return best


PERSON_STATUS_CUES = CueGroup(COUNT_CUES, PERSON_STATUS)
INACTIVE_CUES = CueGroup(COUNT_CUES, ["inactive_participants"])
PEOPLE_CUES = CueGroup(COUNT_CUES, PEOPLE_METRICS)
COUNTED_CUES = CueGroup(COUNT_CUES, COUNTED_METRICS)
FACILITY_CUES = CueGroup(COUNT_CUES, FACILITY_METRICS)
FACILITY_USE_CUES = CueGroup(COUNT_CUES, FACILITY_METRICS + USE_METRICS)
MONEY_PRIORITY_CUES = CueGroup(MONEY_CUES, MONEY_PRIORITY)


class ArticleReader:
    """What the figure-by-figure reading needs to know about one article."""

    def __init__(self, text: str, quantities: Sequence[Quantity], dates: Sequence[DateMention],
                 regions: Sequence[RegionMention]):
        self.text = text
        self.low = folded(text)
        self.segments = Segments(text)
        self.quantities = list(quantities)
        self.dates = list(dates)
        self._fourth_line = _fourth_nonblank_line(text)
        last_start = self._fourth_line + 45  # a dateline starts no further down (``_is_dateline``)
        datelines = [r for r in regions if r.start <= last_start and self._is_dateline(r)]
        apposed = _appositions(text, regions)
        left_out = datelines + apposed
        if left_out:  # (an equal mention starts where it does)
            left_starts = {r.start for r in left_out}
            self.regions = [r for r in regions if r.start not in left_starts or not _among(r, left_out)]
        else:
            self.regions = list(regions)
        zone_starts = [m.start() for m in matches_at(ATTRIBUTION, text, _attribution_starts(self.low))]
        # Each zone runs from its start to the end of its sentence: the ends grow with the starts.
        self._zone_starts = zone_starts
        self._zone_ends = [self.segments.sentence(start).end for start in zone_starts]
        self.headline_end = self._headline_end()
        self._masks = sorted((m.start, m.end) for m in list(regions) + list(dates))
        self._mask_starts = [start for start, _ in self._masks]
        self._mask_reach = list(accumulate((end for _, end in self._masks), max))  # the furthest end so far
        # The quantities by start (the first in the list among equal starts), for next_quantity.
        starts = [q.start for q in self.quantities]
        if starts == sorted(starts):  # (as they usually come)
            self._by_start, self._starts = self.quantities, starts
        else:
            order = sorted(range(len(self.quantities)), key=lambda i: (self.quantities[i].start, i))
            self._by_start = [self.quantities[i] for i in order]
            self._starts = [q.start for q in self._by_start]
        self._ends = sorted(q.end for q in self.quantities)
        self._regions_in: dict[Span, list[RegionMention]] = {}
        region_starts = [r.start for r in self.regions]
        self._region_starts = region_starts if all(a <= b for a, b in zip(region_starts, region_starts[1:])) else None
        self._dates_in: dict[Span, list[DateMention]] = {}
        date_starts = [d.start for d in self.dates]
        self._date_starts = date_starts if date_starts == sorted(date_starts) else None
        self._date_leads: dict[int, tuple[bool, bool]] = {}

    def _is_dateline(self, r: RegionMention) -> bool:
        """'PONTIANAK -', 'Kupang (ANTARA) -', 'TRIBUN.CO.ID, PONTIANAK -' near the top: where it was written."""
        line_start = self.text.rfind("\n", 0, r.start) + 1
        if r.start - line_start > 45 or self._fourth_line < line_start:  # more than three lines above
            return False
        return bool(DATELINE_AFTER.match(self.text, r.end))

    def in_attribution(self, pos: int) -> bool:
        """Whether ``pos`` is in an attribution zone (the last zone starting at or before it reaches furthest)."""
        i = bisect_right(self._zone_starts, pos) - 1
        return i >= 0 and pos < self._zone_ends[i]

    def _headline_end(self) -> int:
        first = self.text.split("\n", 1)[0]
        if "\n" in self.text and len(first) < 160 and not first.rstrip().endswith((".", "”", '"')):
            return len(first)
        return 0

    def figures_from(self, start: int, end: int) -> int:
        """How many quantities start in [start, end)."""
        if end <= start:
            return 0
        return bisect_left(self._starts, end) - bisect_left(self._starts, start)

    def figure_ends_in(self, start: int, end: int) -> bool:
        """Whether a quantity ends in [start, end]."""
        i = bisect_left(self._ends, start)
        return i < len(self._ends) and self._ends[i] <= end

    def regions_in(self, sentence: Span) -> list[RegionMention]:
        """The regions of the sentence outside attributions, in the order of the list."""
        found = self._regions_in.get(sentence)
        if found is None:
            inside = _starting_in(self.regions, self._region_starts, sentence)
            found = self._regions_in[sentence] = [r for r in inside if not self.in_attribution(r.start)]
        return found

    def dates_in(self, sentence: Span) -> list[DateMention]:
        """The dates of the sentence that can date a figure (``_dates_figures``), in the order of the list."""
        found = self._dates_in.get(sentence)
        if found is None:
            inside = _starting_in(self.dates, self._date_starts, sentence)
            found = self._dates_in[sentence] = [d for d in inside if _dates_figures(self, d)]
        return found

    def next_quantity(self, q: Quantity) -> Optional[Quantity]:
        """The quantity starting nearest at or after the end of ``q``."""
        i = bisect_left(self._starts, q.end)
        return self._by_start[i] if i < len(self._by_start) else None

    def unmasked_words(self, start: int, end: int) -> list[str]:
        """The words of [start, end) outside region and date mentions."""
        piece = self.text[start:end]
        i = bisect_left(self._mask_starts, end) - 1  # the masks that start before the end
        reach = self._mask_reach
        if i >= 0 and reach[i] > start:  # one of them reaches into [start, end): blank them out
            masks = self._masks
            inside = []
            while i >= 0 and reach[i] > start:
                mask_start, mask_end = masks[i]
                if mask_end > start:
                    inside.append((max(mask_start, start) - start, min(mask_end, end) - start))
                i -= 1
            piece = _blanked(piece, inside)
        if piece.isascii():  # (lower-cased at once: the same words, of ASCII letters, digits and hyphens)
            return _ASCII_LOWER_WORD.findall(piece.lower())
        return [w.lower() for w in _WORD_RE.findall(piece)]


def _fourth_nonblank_line(text: str) -> int:
    """Where the fourth line that is not blank starts (past the end if there is none)."""
    count, start = 0, 0
    while True:
        newline = text.find("\n", start)
        stop = len(text) if newline < 0 else newline
        if text[start:stop].strip():
            count += 1
            if count > 3:
                return start
        if newline < 0:
            return len(text) + 1
        start = newline + 1


def _blanked(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with the characters of the spans replaced by spaces."""
    pieces, done = [], 0
    for start, end in sorted(spans):
        start = max(start, done)
        if end > start:
            pieces.append(text[done:start])
            pieces.append(" " * (end - start))
            done = end
    pieces.append(text[done:])
    return "".join(pieces)


def _among(item, items: list) -> bool:
    """``item in items`` (equal, not only the same), comparing the starts first."""
    return any(other is item or (other.start == item.start and other == item) for other in items)


def _appositions(text: str, regions: Sequence[RegionMention]) -> list[RegionMention]:
    """A province right after one of its own regencies ('Kota Batam, Kepulauan Riau') only locates it;
    an abbreviation in brackets ('Maluku Utara (Malut)') repeats the mention before it.

    The mention before must end where only blanks, one comma or bracket, and blanks lead to it.
    """
    if len(regions) < 2:
        return []
    by_end: list[RegionMention] = []
    ends: list[int] = []
    found = []
    for region in regions:
        mark = _blanks_before(text, region.start) - 1
        if mark < 0 or text[mark] not in ",(":
            continue
        if not by_end:
            by_end = sorted(regions, key=lambda r: r.end)
            ends = [r.end for r in by_end]
        first_end = _blanks_before(text, mark)
        province = "." not in region.code and region.code != "ID"
        for other in by_end[bisect_left(ends, first_end):bisect_right(ends, mark)]:
            if (province and other.code.startswith(region.code + ".")) or \
                    (text[mark] == "(" and other.code == region.code):
                found.append(region)
                break
    return found


_BLANKS_BEFORE = regex.compile(r"\s*", regex.REVERSE)


def _blanks_before(text: str, pos: int) -> int:
    """Where the run of blanks (``regex``'s ``\\s``) that ends at ``pos`` starts."""
    while pos > 0 and text[pos - 1] in " \t\n":
        pos -= 1
    if pos > 0 and text[pos - 1].isspace():  # another blank (Python's blanks include those of regex)
        pos = _BLANKS_BEFORE.match(text, 0, pos).start()
    return pos
# Where an attribution can start, in the folded text: a quote or a comma before blanks and commas and the
# first letters of a speech verb (stdlib ``re``; its blanks include those of ``regex``).
_ATTRIBUTION_MARK = re.compile(r"[\"”’',](?=[\s,]*(?:%s))" % "|".join(
    sorted({re.match(r"[a-z]+", verb.lower()).group() for verb in RULES["attribution_verbs"]})))


def _attribution_starts(low: str) -> list[int]:
    """Where an attribution may start in the text whose folded copy is ``low``."""
    return [m.start() for m in _ATTRIBUTION_MARK.finditer(low)]


# -- what a figure measures ---------------------------------------------------------------------------

def _after_window(reader: ArticleReader, q: Quantity, sentence: Span, limit: int = 120) -> tuple[int, int, bool]:
    """The words after a figure that describe it, and whether they were cut by the next figure.

    A share restated right after ('805 ribu jiwa atau sekitar 14,24 persen masyarakat ... yang belum ...',
    '4.248.807 (77,5%) dari ...') does not cut the description of the count before it.
    """
    text = reader.text
    end = min(sentence.end, q.end + limit)
    cut_by_figure = False
    nxt = reader.next_quantity(q)
    if nxt and nxt.start < end:
        if q.unit != "percent" and nxt.unit == "percent" and _SHARE_RESTATED_GAP.fullmatch(text[q.end:nxt.start]):
            after_share = reader.next_quantity(nxt)
            end = min(end, after_share.start if after_share else end)
            stop = WINDOW_STOP.search(text, nxt.end, end)
            if stop and stop.group().lower() not in ("atau",):
                end = stop.start()
            return q.end, end, False
        end, cut_by_figure = nxt.start, True
    stop = WINDOW_STOP.search(text, q.end, end) or (text.find(",", q.end, end) >= 0 and _LIST_JOIN.search(text, q.end, end))
    if stop:
        end, cut_by_figure = stop.start(), False
    return q.end, end, cut_by_figure


_LIST_JOIN = regex.compile(r"(?i),\s*(?:serta|dan)\b")


class NounKind(NamedTuple):
    """What the noun after a count says about it (the cue tables that match at its start)."""

    not_a_metric: bool  # "14 kabupaten", "4 tahun"
    generic_facility: bool  # "206 fasilitas kesehatan"
    person: bool  # "jiwa", "peserta", ...
    people: bool  # "penduduk", "peserta", "warga", "jiwa", "orang"
    residents: bool  # "penduduk", "jiwa penduduk"


@lru_cache(maxsize=4096)
def _noun_kind(noun: str) -> NounKind:
    return NounKind(bool(REGION_COUNT_NOUN.match(noun) or NON_METRIC_NOUN.match(noun)),
                    bool(GENERIC_FACILITY.match(noun)), bool(PERSON_NOUN.match(noun)),
                    bool(_PEOPLE_NOUN.match(noun)), bool(_RESIDENTS_NOUN.match(noun)))


def _noun(text: str, start: int, end: int) -> str:
    piece = text[start:end]
    m = (_ASCII_NOUN if piece.isascii() else _NOUN).match(piece)
    return m.group(1).lower() if m else ""


def _tight_before(reader: ArticleReader, found: Optional[tuple], q: Quantity) -> Optional[str]:
    """The metric of the cue nearest before the figure in its clause (``found``, from ``_last_metric``) if it
    governs the figure directly: between them only filler words, region and date mentions."""
    if not found:
        return None
    cue_start = found[2]
    if reader.figure_ends_in(cue_start - 3, cue_start):
        return None  # "673.129 penduduk baru 498.549": that noun is the earlier figure's
    words = reader.unmasked_words(found[0], q.start)
    if all(w in TIGHT_FILLER for w in words):
        return found[1]
    return None


def _count_metric(reader: ArticleReader, q: Quantity, clause: Span, sentence: Span) -> Optional[str]:
    text = reader.text
    a_start, a_end, cut_by_figure = _after_window(reader, q, sentence)
    noun = _noun(text, a_start, a_end)
    kind = _noun_kind(noun)
    if kind.not_a_metric:
        return EXCLUDED  # "14 kabupaten", "4 tahun", "1.132 badan usaha"
    if kind.generic_facility:
        if BREAKDOWN.search(text, sentence.start, q.start):
            return EXCLUDED
        noun_start = a_start + len(text[a_start:a_end]) - len(text[a_start:a_end].lstrip(" \t("))
        typed = next((m for m in FACILITY_METRICS if COUNT_CUES[m].match(text, noun_start)), None)
        if typed:
            return typed  # "faskes pratama", "fasilitas kesehatan rujukan tingkat lanjutan"
        before = _last_metric(FACILITY_CUES, text, clause.start, q.start)
        return before[1] if before else EXCLUDED  # "206 fasilitas kesehatan": FKTP and FKRTL together
    head = _first_metric(FACILITY_USE_CUES, text, a_start, a_start + len(noun) + 1)
    if head and not kind.person:
        if head in FACILITY_METRICS + ("utilization",) and _in_breakdown(reader, q, sentence):
            return EXCLUDED  # "199 FKTP, yang terdiri atas 129 Puskesmas, ...": only the total
        if head == "utilization" and (DAILY.search(text, a_start, a_end) or DAILY.search(text, clause.start, q.start)):
            return "utilization_daily"
        return head
    if PER_DOCTOR.search(text, max(clause.start, q.start - 25), q.start):
        if any(o.unit == "ratio" and sentence.start <= o.start < sentence.end for o in reader.quantities):
            return EXCLUDED  # "1:5000, atau 1 dokter menangani 5000 peserta" restates the ratio
        if _ONE_DOCTOR.search(text[max(sentence.start, q.start - 60):q.start]) and \
                kind.people:
            return "doctor_ratio"  # "satu dokter melayani maksimal 5.000 penduduk": the N of 1:N
        return EXCLUDED
    if OTHER_SCHEME.search(text, clause.start, a_end):
        return EXCLUDED
    arrears = ARREARS_PERSONS.last(text, sentence.start, q.start)
    if ARREARS_PERSONS.search(text, q.end, clause.end) or (arrears and not WINDOW_STOP.search(text, arrears.end(), q.start)):
        return EXCLUDED  # persons in arrears: arrears is measured in Rupiah
    # People.
    window_end = a_end
    relative = _YANG.search(text[a_start:a_end]) if cut_by_figure else None
    if relative and "," not in text[a_start + relative.start():a_end]:
        window_end = a_start + relative.start()  # "3,7 juta penduduk yang sudah terdaftar sebanyak 3,4 juta": about the next figure
    if COUNT_CUES["screenings"].search(text, a_start, window_end):
        return "screenings"  # "18,6 juta peserta menjalani skrining"
    status = _first_metric(PERSON_STATUS_CUES, text, a_start, window_end)
    if status == "active_participants" and _first_metric(INACTIVE_CUES, text, a_start, window_end):
        status = "inactive_participants"
    if kind.residents and _DENOMINATOR_BEFORE.search(text[max(clause.start, q.start - 30):q.start]) \
            and not _REGISTERED_RESIDENTS.match(text[a_start:a_end]):
        return "population"  # "dari 5.482.046 penduduk": the whole population
    people_before = _last_metric(PEOPLE_CUES, text, clause.start, q.start)
    if not status and not people_before:
        found = _last_metric(PERSON_STATUS_CUES, text, sentence.start, clause.start)
        status = found[1] if found else None  # "peserta nonaktif ... berasal dari segmen PBPU, yakni 401.220 jiwa"
    tight = _tight_before(reader, people_before, q)
    if tight:
        if tight in ("participants", "population") and status:
            return status
        return tight
    if status:
        return status
    if text[a_end:a_end + 5].lower().startswith("dari") and _OF_POPULATION.search(text[a_end:a_end + 60]):
        before = _last_metric(PERSON_STATUS_CUES, text, clause.start, q.start)
        return before[1] if before else "participants"  # "4.292.369 dari penduduk ...": a part of the population
    if COUNT_CUES["participants"].search(text, a_start, window_end):
        return "participants"
    if noun.startswith("penduduk"):
        before = people_before
        return before[1] if before and before[1] != "population" else "population"
    before = _own_cue_before(reader, COUNTED_CUES, clause.start, q)
    if before:
        metric = before[1]
        if metric == "utilization" and (DAILY.search(text, a_start, a_end) or DAILY.search(text, clause.start, q.start)):
            return "utilization_daily"
        if metric in FACILITY_METRICS + USE_METRICS and kind.person:
            return None
        return metric
    if DAILY.search(text, a_start, a_end) and COUNT_CUES["utilization"].search(text, sentence.start, q.start):
        return "utilization_daily"
    return None


def _own_cue_before(reader: ArticleReader, order: CueGroup, start: int, q: Quantity):
    """The nearest cue before the figure that is not the noun of an earlier percent
    ('sisa 2,76 persen penduduk atau sekitar 56.867 jiwa': 'penduduk' is the share's)."""
    end = q.start
    while True:
        found = _last_metric(order, reader.text, start, end)
        if not found:
            return None
        owner = next((o for o in reader.quantities if o.unit == "percent" and 0 <= found[2] - o.end <= 3), None)
        if owner is None:
            return found
        end = owner.start


def _in_breakdown(reader: ArticleReader, q: Quantity, sentence: Span) -> bool:
    """A figure after 'terdiri atas' that follows the total it breaks down."""
    cue = BREAKDOWN.last(reader.text, sentence.start, q.start)
    if not cue or _LIST_JOIN.search(reader.text, cue.end(), q.start) and _SERTA_AT_END.search(reader.text[max(0, q.start - 12):q.start]):
        return False  # "..., serta 13 rumah sakit": past the end of the list
    return any(sentence.start <= o.start and o.end <= cue.start() for o in reader.quantities)


def _percent_metric(reader: ArticleReader, q: Quantity, clause: Span, sentence: Span) -> Optional[str]:
    text = reader.text
    active_end = near_end = min(sentence.end, q.end + 20)
    stop = _CLAUSE_STOP.search(text, q.end, active_end)
    if stop:
        active_end = stop.start()
    # Active cues before and just after the percent, then coverage cues; generic words ('peserta', 'JKN')
    # only count within the percent's own clause. Each window is read once.
    if _active_cue_in(text, clause.start, q.start) or _active_cue_in(text, q.end, active_end):
        return "active_rate"  # a share of participants or of the population, as the article says
    if _threshold_before(text, q, sentence):
        return "coverage_rate"  # "belum mencapai cakupan 95 persen", "UHC atau 95%"
    if PERCENT_NOT_BEFORE.search(text, max(sentence.start, q.start - 60), q.start) or \
            PERCENT_NOT_AFTER.search(text, q.end, min(sentence.end, q.end + 40)):
        return EXCLUDED
    after_end = min(sentence.end, q.end + 40)
    if not (stop and stop.end() < near_end):  # (a stop that ends before the end of the near window is the first here too)
        stop = _CLAUSE_STOP.search(text, q.end, after_end)
    if stop:
        after_end = stop.start()
    nxt = reader.next_quantity(q)
    if nxt:
        after_end = min(after_end, nxt.start)
    active_after = after_end != active_end and _active_cue_in(text, q.end, after_end)  # (else: read above)
    coverage_after = None
    for start, generic in ((clause.start, True), (sentence.start, False)):
        if active_after or (start != clause.start and _active_cue_in(text, start, q.start)):
            metric = "active_rate"
        elif _coverage_cue_in(text, start, q.start, generic):
            metric = "coverage_rate"
        else:
            if coverage_after is None:  # (a generic cue is a cue: none for the clause, none for the sentence)
                coverage_after = _coverage_cue_in(text, q.end, after_end, generic)
            metric = "coverage_rate" if coverage_after else None
        if metric:
            if metric == "coverage_rate" and (_segment_cue(text, max(start, q.start - 60), q.start, PARTICIPANT_SEGMENT_CUES)
                                              or _segment_cue(text, q.end, after_end, PARTICIPANT_SEGMENT_CUES)):
                return EXCLUDED  # the share of one segment among the participants
            return metric
    return None


def _threshold_before(text: str, q: Quantity, sentence: Span):
    threshold = THRESHOLD.last(text, max(sentence.start, q.start - 45), q.start)
    if threshold and not _NOT_THRESHOLD_GAP.search(text[threshold.end():q.start]):
        return threshold
    return None


GENERIC_COVERAGE = {"jkn", "jkn-kis", "peserta", "capaian", "mengikuti", "bergabung"}


def _active_cue_in(text: str, start: int, end: int) -> bool:
    """An active-rate cue in [start, end) not after 'tidak' or 'non'."""
    for m in ACTIVE_RATE_CUES.finditer(text, start, end):
        pre = text[max(0, m.start() - 8):m.start()].lower()
        if "tidak" not in pre and "non" not in pre:
            return True
    return False


def _coverage_cue_in(text: str, start: int, end: int, generic: bool) -> bool:
    """A coverage cue in [start, end); with ``generic``, the generic words too."""
    for m in COVERAGE_RATE_CUES.finditer(text, start, end):
        if generic or m.group().lower() not in GENERIC_COVERAGE:
            return True
    return False


def _money_metric(reader: ArticleReader, q: Quantity, clause: Span, sentence: Span) -> Optional[str]:
    text = reader.text
    window_start = max(sentence.start, clause.start - 80)
    a_start, a_end = q.end, min(sentence.end, q.end + 60)
    for strong in ("arrears", "deficit"):
        if MONEY_CUES[strong].search(text, max(clause.start, q.start - 90), q.start):
            return strong  # "tunggakan iuran sebesar Rp 412,6 miliar": arrears, not contributions
    found = _last_metric(MONEY_PRIORITY_CUES, text, window_start, q.start)
    metric = found[1] if found else _first_metric(MONEY_PRIORITY_CUES, text, a_start, a_end)
    if metric is None:
        return None
    if metric == "contributions" and _PAID_TO.search(text[window_start:q.start]):
        metric = "spending"
    if metric == "contributions" and (q.value < PREMIUM_MAX or PREMIUM.search(text, a_start, a_end)) and q.value < PREMIUM_MAX:
        return "premium"
    return metric


PARTICIPANT_SEGMENTS = ["pbi", "ppu", "pbpu", "bp"]
PARTICIPANT_SEGMENT_CUES = CueGroup(SEGMENT_CUES, PARTICIPANT_SEGMENTS)
SEGMENT_BEFORE_CUES = CueGroup(SEGMENT_CUES, ["pbi", "pemda", "ppu", "pbpu", "bp"])
SEGMENT_AFTER_CUES = CueGroup(SEGMENT_CUES, ["pemda", "pbi", "ppu", "pbpu", "bp"])
PREMIUM_SEGMENT_CUES = CueGroup(SEGMENT_CUES, ["kelas_1", "kelas_2", "kelas_3", "pbi"])


def _segment_cue(text: str, start: int, end: int, segments: Optional[CueGroup] = None) -> Optional[str]:
    found = _last_metric(segments or SEGMENT_BEFORE_CUES, text, start, end)
    return found[1] if found else None


def read_figure(reader: ArticleReader, q: Quantity) -> Figure:
    """Metric (EXCLUDED, None if unknown), kind and segment of one figure."""
    index, sentence, clause = reader.segments.place(q.start)
    fig = Figure(q=q, headline=q.start < reader.headline_end, sentence_index=index, sentence=sentence, clause=clause)
    text = reader.text
    if q.unit == "count":
        fig.metric = _count_metric(reader, q, clause, sentence)
    elif q.unit == "percent":
        fig.metric = _percent_metric(reader, q, clause, sentence)
    elif q.unit == "idr":
        fig.metric = _money_metric(reader, q, clause, sentence)
    elif q.unit == "ratio":
        fig.metric = "doctor_ratio" if RATIO_CUES["doctor_ratio"].search(text, max(sentence.start, q.start - 120), q.start) else EXCLUDED
    if fig.metric in (None, EXCLUDED):
        return fig
    # A change, not a level: "naik 100 persen", "mengurangi ... sebanyak 200.000" (but "meningkat menjadi 146,7 juta").
    change = CHANGE.last(text, clause.start, q.start)
    if change and not CHANGE_TO_LEVEL.search(text, change.end(), q.start) and \
            not reader.figures_from(change.end(), q.start):
        fig.metric = EXCLUDED
        return fig
    if AGREEMENT.search(text, max(sentence.start, q.start - 120), q.start):
        fig.metric = EXCLUDED
        return fig
    fig.kind = _kind(reader, q, fig.metric, sentence)
    fig.segment = _segment(reader, q, fig.metric, clause, sentence)
    return fig


def _segment(reader: ArticleReader, q: Quantity, metric: str, clause: Span, sentence: Span) -> Optional[str]:
    text = reader.text
    if metric == "premium":
        found = _last_metric(PREMIUM_SEGMENT_CUES, text, sentence.start, min(len(text), q.end + 40))
        return found[1] if found else None
    if metric not in ("participants", "contributions"):
        return None
    a_start, a_end, _ = _after_window(reader, q, sentence, limit=60)
    comma = text.find(", ", a_start, a_end)
    a_end = comma if comma >= 0 else a_end  # "..., Pekerja Bukan Penerima Upah (PBPU) ..." is the next item's
    after = _first_metric(SEGMENT_AFTER_CUES, text, a_start, a_end)
    segment = after or _segment_cue(text, max(clause.start, q.start - 80), q.start)
    if segment and _NON_SEGMENT.search(text, max(clause.start, q.start - 25), q.start):
        return None  # "peserta non PBI": every segment but one
    return segment


_NON_SEGMENT = regex.compile(r"(?i)\bnon[\s-]?(?:pbi|ppu|pbpu)\b")


def _kind(reader: ArticleReader, q: Quantity, metric: str, sentence: Span) -> str:
    text = reader.text
    window = max(sentence.start, q.start - 160)
    target = TARGET.last(text, window, q.start)
    if target:
        actual = ACTUAL.last(text, window, q.start)
        if not actual or actual.end() <= target.start():
            return "target"
    if metric == "coverage_rate" and _threshold_before(text, q, sentence):
        return "target"
    return "actual"


# -- where and when --------------------------------------------------------------------------------------

def assign_region(reader: ArticleReader, fig: Figure) -> None:
    """The region the figure describes: one attached right after it ('warga Provinsi Sulawesi Tengah'),
    else the nearest before it in its clause, after it in its clause, before it in its sentence."""
    q = fig.q
    sentence = fig.sentence
    candidates = reader.regions_in(sentence)
    if not candidates:
        return
    text = reader.text
    clause = fig.clause
    q_start, q_end = q.start, q.end
    denominator = _denominator_length(reader, q_end)
    # No figure between q_end and a region after it but the figure itself (``figures_from``, by bisection):
    starts = reader._starts

    chosen, coordinated = None, False
    for r in candidates:  # attached right after it
        if q_end <= r.start < q_end + 30 + denominator and \
                (denominator or bisect_left(starts, r.start) - bisect_left(starts, q_end) - (q_end <= q_start < r.start) <= 0) \
                and _TIGHT_REGION_GAP.fullmatch(text[q_end + denominator:r.start] + " "):
            chosen = r
            break
    if chosen is None:  # before it in its clause
        for r in reversed(candidates):
            if clause.start <= r.start and r.end <= q_start:
                chosen, coordinated = r, True
                break
    if chosen is None:  # after it in its clause
        limit = min(clause.end, q_end + 40)
        for r in candidates:
            if q_end <= r.start < limit and \
                    bisect_left(starts, r.start) - bisect_left(starts, q_end) - (q_end <= q_start < r.start) <= 0:
                chosen = r
                break
    if chosen is None:  # before it in its sentence
        for r in reversed(candidates):
            if r.end <= q_start:
                chosen, coordinated = r, True
                break
    if chosen is None:  # after it in its sentence
        for r in candidates:
            if r.start >= q_end and \
                    bisect_left(starts, r.start) - bisect_left(starts, q_end) - (q_end <= q_start < r.start) <= 0:
                chosen = r
                break
    if chosen is None:
        return
    fig.region, fig.region_explicit = chosen.code, True
    if coordinated:
        fig.regions = _coordinated(reader, candidates, chosen, q.start)
    else:
        fig.regions = (chosen.code,)


_DENOMINATOR = regex.compile(r"(?i)\s*(?:persen|%)?\s*dari\s+(?:(?:total|jumlah|seluruh)\s+){0,3}[\d.,]+(?:\s+(?:juta|ribu))?")


# What the denominator opens with, in the folded text (``extractor.textscan``): a necessary condition that
# is quick to test (a ``regex`` match looks for its 'dari' through the rest of the text first).
_DENOMINATOR_LEAD = re.compile(r"\s*(?:persen|%)?\s*dari")


def _denominator_length(reader: ArticleReader, pos: int) -> int:
    """Length of 'persen dari total 8.947.498' right after a share, so that the region after it is reached."""
    if not _DENOMINATOR_LEAD.match(reader.low, pos):
        return 0
    m = _DENOMINATOR.match(reader.text, pos)
    return m.end() - pos if m else 0


def _coordinated(reader: ArticleReader, candidates: list[RegionMention], last: RegionMention, before: int) -> tuple:
    """'Balangan dan HSS mencapai 100%': every region of the run just before the figure (those of the
    candidates that end by ``before``)."""
    codes = [last.code]
    current = last
    for r in reversed(candidates[:_index(candidates, last)]):
        if r.end > before:
            continue
        between = reader.text[r.end:current.start]
        if _COORDINATION_GAP.fullmatch(between) and r.code not in codes:
            codes.insert(0, r.code)
            current = r
        else:
            break
    return tuple(codes)


def _index(items: list, item) -> int:
    """``items.index(item)`` (the first equal one), comparing the starts first."""
    start = item.start
    for i, other in enumerate(items):
        if other is item or (other.start == start and other == item):
            return i
    raise ValueError("not in the list")


def assign_as_of(reader: ArticleReader, fig: Figure) -> None:
    """The date that dates the figure: in its clause (before it, or after it with no figure between),
    else a date leading the sentence ('Hingga April 2017, ...'); never a statement date or a 'sejak' date."""
    q = fig.q
    sentence = fig.sentence
    usable = reader.dates_in(sentence)
    if not usable:
        return
    clause = fig.clause
    in_clause_before = [d for d in usable if clause.start <= d.start and d.end <= q.start]
    if in_clause_before:
        fig.as_of = in_clause_before[-1].value
        return
    in_clause_after = [d for d in usable if q.end <= d.start < clause.end and not _comparison_date(reader, d)
                       and not reader.figures_from(q.end, d.start)]
    if in_clause_after:
        fig.as_of = in_clause_after[0].value
        return
    leading = [d for d in usable if d.end <= q.start and (_leads_sentence(reader, d, sentence)
                                                           or _carries_over(reader, d, clause))]
    if leading:
        fig.as_of = leading[-1].value
        return
    if fig.kind == "target":
        earlier = [d for d in usable if d.end <= q.start]
        if earlier:
            fig.as_of = earlier[-1].value  # "menargetkan UHC paling lambat akhir 2023, yakni minimal 95 persen"


def _comparison_date(reader: ArticleReader, d: DateMention) -> bool:
    """'dibanding 2022': dates only a figure that follows it ('dibanding 2022 yang tercatat 502,9 juta')."""
    return bool(_COMPARISON_BEFORE.search(reader.text[max(0, d.start - 20):d.start]))


def _date_lead(reader: ArticleReader, d: DateMention) -> tuple[bool, bool]:
    """Whether the date is introduced by a time word in its clause, and whether it leads its sentence
    (``_leads_sentence``); kept for the article, as every figure of the sentence asks."""
    found = reader._date_leads.get(id(d))
    if found is None:
        clause = reader.segments.clause(d.start)
        lead = reader.text[clause.start:d.start]
        temporal = bool(TEMPORAL_LEAD.search(lead))
        sentence = reader.segments.sentence(d.start)
        leads = not (clause.end >= sentence.end or reader.figures_from(clause.start, clause.end)) and \
            (not lead.strip() or temporal or bool(_DATA_WORD.search(lead)))
        found = reader._date_leads[id(d)] = (temporal, leads)
    return found


def _carries_over(reader: ArticleReader, d: DateMention, clause: Span) -> bool:
    """'per Desember 2022 terdapat 183.460 peserta nonaktif, dengan total tunggakan Rp 97,2 miliar': a date
    introduced by a time word dates the clauses that continue its clause with 'dengan' or 'sedangkan'."""
    if not _date_lead(reader, d)[0]:
        return False
    return bool(_CONTINUATION.match(reader.text[clause.start:clause.end]))


def _dates_figures(reader: ArticleReader, d: DateMention) -> bool:
    text = reader.text
    if reader.in_attribution(d.start):
        return False
    if WEEKDAY_PAREN.search(text, max(0, d.start - 12), d.start):
        return False  # "Rabu (27/11)": when it was said
    if DATE_NOT_AS_OF.search(text, max(0, d.start - 30), d.start) and not _comparison_date(reader, d):
        return False  # "sejak 2014"
    return True


def _leads_sentence(reader: ArticleReader, d: DateMention, sentence: Span) -> bool:
    """A date introduced by a time word in an opening clause with no figure dates the whole sentence."""
    if sentence == reader.segments.sentence(d.start):
        return _date_lead(reader, d)[1]
    clause = reader.segments.clause(d.start)
    if clause.end >= sentence.end or reader.figures_from(clause.start, clause.end):
        return False
    lead = reader.text[clause.start:d.start]
    return not lead.strip() or bool(TEMPORAL_LEAD.search(lead)) or bool(_DATA_WORD.search(lead))


# -- the article -----------------------------------------------------------------------------------------

def find_observations(text: str, quantities: Sequence[Quantity], dates: Sequence[DateMention],
                      regions: Sequence[RegionMention]) -> list[Observation]:
    """The observations of an article, restated figures merged."""
    if not quantities:
        return []  # no figure, nothing to read
    reader = ArticleReader(text, quantities, dates, regions)
    figures: list[Figure] = []
    last_by_unit: dict[str, Figure] = {}
    last_read: Optional[Figure] = None
    for q in reader.quantities:
        fig = read_figure(reader, q)
        paired = None
        if fig.metric is None and last_read is not None:
            fig.metric = _paired_metric(reader, last_read, q, figures)
            paired = last_read if fig.metric not in (None, EXCLUDED) else None
        previous = last_by_unit.get(q.unit)
        if fig.metric is None and previous is not None and _continues_list(reader, previous, fig):
            fig.metric, fig.segment, fig.list_item = previous.metric, previous.segment, True
        if fig.metric not in (None, EXCLUDED) and (paired or fig.list_item):
            fig.kind = paired.kind if paired else _kind(reader, q, fig.metric, fig.sentence)
        if fig.metric is None:
            fig.metric = _fallback_metric(reader, fig)
        if q.unit == "count" and isinstance(q.value, float) and not q.value.is_integer():
            fig.metric = EXCLUDED  # people, facilities and uses come in whole numbers ("2,1 jiwa" is a slip)
        last_read = fig
        if fig.metric in (None, EXCLUDED):
            continue
        assign_region(reader, fig)
        assign_as_of(reader, fig)
        if fig.as_of is None and paired is not None:
            fig.as_of = paired.as_of  # "X jiwa, atau Y persen": the share holds when its count does
        if fig.as_of is None and previous is not None and _is_list_item(reader, previous, fig):
            fig.as_of = previous.as_of
        figures.append(fig)
        last_by_unit[q.unit] = fig
    _fill_regions(reader, figures)
    return _merge(figures)


# A count and its share stated together: "4.248.807 (77,5%)", "87,96 persen atau sebanyak 4.946.812 jiwa".
SHARE_OF_COUNT = {"participants": "coverage_rate", "active_participants": "active_rate",
                  "uninsured": EXCLUDED, "inactive_participants": EXCLUDED, "population": EXCLUDED}
COUNT_OF_SHARE = {"coverage_rate": "participants", "active_rate": "active_participants"}
_PAIR_JOIN = regex.compile(r"(?i)\s*(?:jiwa|orang|peserta|penduduk|warga)?\s*(?:\(|atau\s+(?:sekitar\s+|sebesar\s+|sebanyak\s+|mencapai\s+)?)\s*")


def _paired_metric(reader: ArticleReader, before: Figure, q: Quantity, figures: list[Figure]) -> Optional[str]:
    """The metric of a figure that restates the one just before it as a share or a count."""
    if before.metric in (None, EXCLUDED) or not _PAIR_JOIN.fullmatch(reader.text[before.q.end:q.start]):
        return None
    if q.unit == "percent" and before.q.unit == "count":
        if before.metric == "population" and len(figures) >= 2 and figures[-2].metric == "participants" and \
                _DARI_AT_END.search(reader.text[figures[-2].q.end:before.q.start]):
            return "coverage_rate"  # "6.391.240 jiwa dari 6.784.100 penduduk, atau 94,21 persen"
        return SHARE_OF_COUNT.get(before.metric)
    if q.unit == "count" and before.q.unit == "percent":
        return COUNT_OF_SHARE.get(before.metric)
    return None


def _fallback_metric(reader: ArticleReader, fig: Figure) -> Optional[str]:
    """Last resorts: a percent next to a region in an article's list of regions is coverage; a count
    of people takes the nearest people cue of its sentence ('jumlah peserta ... dari 2,3 juta jiwa')."""
    text = reader.text
    q = fig.q
    if q.unit == "percent":
        clause = fig.clause
        return "coverage_rate" if any(clause.start <= r.start < q.start for r in reader.regions) else None
    if q.unit == "count" and _noun_kind(_noun(text, q.end, q.end + 20)).person:
        found = _last_metric(PEOPLE_CUES, text, fig.sentence.start, q.start)
        return found[1] if found else None
    return None


def _continues_list(reader: ArticleReader, previous: Figure, fig: Figure) -> bool:
    """A figure with no cue of its own after the previous observation of its unit, in the same sentence or,
    for a list of regions, the next: 'Pasaman 297.914, Pasaman Barat 418.533', '2015 meningkat menjadi 146,7 juta'."""
    q = fig.q
    prev_sentence = previous.sentence_index
    this_sentence = fig.sentence_index
    if this_sentence - prev_sentence > 1:
        return False
    noun = _noun(reader.text, q.end, q.end + 30)
    if q.unit == "count" and noun and not _noun_kind(noun).person and noun.split()[0] not in ("dan", "sedangkan", "serta", "atau"):
        return False
    if this_sentence != prev_sentence:
        clause = fig.clause
        return any(clause.start <= r.start < q.start for r in reader.regions)
    return True


def _is_list_item(reader: ArticleReader, previous: Figure, fig: Figure) -> bool:
    """'..., Kota Tanjungpinang 95,48 persen': a clause of a region and a figure after the list's head."""
    if previous.sentence_index != fig.sentence_index:
        return False
    clause = fig.clause
    for w in reader.unmasked_words(clause.start, clause.end):  # numbers and filler words only
        if w not in TIGHT_FILLER and w not in ("persen", "dan", "serta") and \
                not (w.isdigit() if w.isascii() else _NUMBER_WORD.fullmatch(w)):
            return False
    return True


ANAPHORIC_PLACE = _cues(RULES["anaphoric_places"])


def _anaphoric_region(reader: ArticleReader, fig: Figure) -> Optional[str]:
    """'Di wilayah itu terdapat 118 FKTP': the region named last before the sentence."""
    sentence = fig.sentence
    place = ANAPHORIC_PLACE.search(reader.text, sentence.start, sentence.end)
    if not place:
        return None
    earlier = [r for r in reader.regions if r.end <= sentence.start and r.code != "ID"]
    if "cabang" in place.group().lower():
        branches = [r for r in earlier if _BRANCH_BEFORE.search(reader.text[max(0, r.start - 15):r.start])]
        earlier = branches or earlier
    return earlier[-1].code if earlier else None


def _fill_regions(reader: ArticleReader, figures: list[Figure]) -> None:
    """Figures with no region in their sentence take the article's main region: that of its first
    located figure, else its most named region; premiums (a national tariff) the nation."""
    explicit = [f.region for f in figures if f.region_explicit and f.region and f.region != "ID"]
    if explicit:
        main = explicit[0]
    else:
        codes = [r.code for r in reader.regions if r.code != "ID" and not reader.in_attribution(r.start)]
        main = max(set(codes), key=lambda c: (codes.count(c), -codes.index(c))) if codes else "ID"
    for f in figures:
        if f.metric == "premium":
            f.region, f.regions = "ID", ("ID",)
        elif f.region is None:
            region = _anaphoric_region(reader, f) or main
            f.region, f.regions = region, (region,)


def _specificity(value: Optional[str]) -> int:
    return len(value or "")


def _merge(figures: list[Figure]) -> list[Observation]:
    """One observation per (metric, region, kind, value), with the most specific as_of and the body's qualifier."""
    merged: dict[tuple, list] = {}  # key -> [figure, region, as_of, quantity, headline, segment] (in order)
    for f in figures:
        for region in (f.regions or (f.region,)) if f.kind == "target" or len(f.regions) > 1 else (f.region,):
            key = (f.metric, region, f.kind, float(f.q.value))
            kept = merged.get(key)
            if kept is None:
                merged[key] = [f, region, f.as_of, f.q, f.headline, f.segment]
                continue
            if _specificity(f.as_of) > _specificity(kept[2]):
                kept[2] = f.as_of
            if kept[4] and not f.headline:
                kept[3], kept[4] = f.q, False
            kept[5] = kept[5] or f.segment
    return [_observation({"metric": f.metric, "value": q.value, "region": region, "as_of": as_of, "kind": f.kind,
                          "qualifier": q.qualifier, "segment": segment, "start": q.start, "end": q.end})
            for f, region, as_of, q, _, segment in merged.values()]


_observation = Observation.__pydantic_validator__.validate_python  # Observation(**fields), without the Python-level __init__
