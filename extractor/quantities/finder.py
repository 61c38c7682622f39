"""Find the quantities of a text (guidelines section 1) with precompiled patterns over the whole text.

Steps: candidate numbers (digits with their currency, scale word and unit; spelled-out numbers;
ratios) -> drop what is not an amount (dates, times, legal references, phone numbers, numbered
names, ordinals, list numbering, multipliers, years) -> join ranges (``600-700 ribu``) -> qualifiers.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Iterator, Optional, Sequence

import regex

from ..records import Quantity
from ..textscan import at_word_start, folded, matches_at, needles, on_clear_caches
from .numbers import SCALES, SE_FORMS, UNITS, parse_digits, parse_spelled, to_number
from decimal import Decimal
from .literals import LiteralSets
from .rules import RULES


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation of literal words/phrases, longest first, spaces matching any whitespace."""
    escaped = sorted({regex.escape(w).replace(r"\ ", r"\s+") for w in words}, key=len, reverse=True)
    return "|".join(escaped)


class _Suffixes:
    """Strings that may end another: ``ends(s)`` is ``s.endswith(suffixes)``, comparing only the suffixes
    that end with the last character of ``s``."""

    def __init__(self, suffixes: Iterable[str]):
        by_last: dict[str, list[str]] = {}
        for suffix in suffixes:
            if not suffix:
                raise ValueError("an empty suffix ends every string")
            by_last.setdefault(suffix[-1], []).append(suffix)
        self._by_last = {last: tuple(group) for last, group in by_last.items()}

    def ends(self, s: str) -> bool:
        return s.endswith(self._by_last.get(s[-1:], ()))


NUMERAL = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?(?!\d)|\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])|\d+(?:[.,]\d+)?"
_SPELLED_START = _alternation(list(UNITS) + list(SE_FORMS))
_SPELLED_WORD = _alternation(list(UNITS) + list(SE_FORMS) + list(SCALES) + ["belas", "puluh", "ratus", "koma"])

# The start of a candidate: an optional currency, then digits or spelled-out number words.
_CANDIDATE = regex.compile(
    rf"(?P<cur>(?:(?<!\p{{L}})(?i:Rp\.?|IDR)|(?<=\p{{Ll}})Rp\.?)\s*)?"
    rf"(?:(?P<num>{NUMERAL})"
    rf"|(?P<spelled>(?i:\b(?:{_SPELLED_START})\b(?:[ \t]+(?:{_SPELLED_WORD})\b)*)))"
)
_RATIO = regex.compile(rf"(?<![\d.,])(?P<a>\d{{1,3}})\s*(?::|(?i:\s(?:ber)?banding\s))\s*(?P<b>{NUMERAL})")
_SCALE_AFTER = regex.compile(rf"\s*(?P<scale>(?i:{_alternation(SCALES)}))(?P<an>(?i:an))?\b")
_MONEY_SCALE_AFTER = regex.compile(rf"\s*(?P<scale>{_alternation(RULES['money_scales'])})\b")
_AN_AFTER = regex.compile(r"(?i:an)\b")
_PERCENT_AFTER = regex.compile(rf"\s*(?:%|(?i:\b(?:{_alternation(w for w in RULES['percent_words'] if w != '%')})\b))")
_RUPIAH_AFTER = regex.compile(rf"\s*(?i:\b(?:{_alternation(RULES['currency_after'])})\b)")
_DASH_AFTER = regex.compile(r",[-–]")
# What may follow a number, read in one match: a scale word (after a currency also M, T, Jt), then a percent
# word or "rupiah", then ",-" (each optional; each the match _SCALE_AFTER, _PERCENT_AFTER... would give there).
_UNIT_TAIL = (rf"(?:(?P<percent>{_PERCENT_AFTER.pattern})|(?P<rupiah>{_RUPIAH_AFTER.pattern}))?"
              rf"(?P<dash>{_DASH_AFTER.pattern})?")
_UNIT_AFTER = regex.compile(_UNIT_TAIL)
_SCALE_UNIT_AFTER = regex.compile(rf"(?P<scales>{_SCALE_AFTER.pattern})?{_UNIT_TAIL}")
_SCALE_UNIT_AFTER_MONEY = regex.compile(
    rf"(?P<scales>{_SCALE_AFTER.pattern}|{_MONEY_SCALE_AFTER.pattern.replace('?P<scale>', '?P<money_scale>')})?"
    rf"{_UNIT_TAIL}")

# Where numbers are not amounts.
_TIME = regex.compile(
    r"(?i:\b(?:pukul|pkl\.?|jam)\s*)\d{1,2}(?:[.:]\d{2})?(?:\s*(?:WIB|WITA|WIT)\b)?"
    r"|\b\d{1,2}[.:]\d{2}\s*(?:WIB|WITA|WIT)\b")
_DMY = regex.compile(r"(?<![\d.,])\d{1,2}/\d{1,2}(?:/\d{2,4})?(?![\d/])|\b\d{1,2}-\d{1,2}-\d{4}\b")
_URL = regex.compile(r"(?i:https?://\S+|www\.\S+|[\w.+-]+@[\w-]+\.[\w.]+|\b[\w-]+\.(?:com|id|co\.id|go\.id|net|org)\b\S*)")
_PHONE = regex.compile(
    rf"(?i:\b(?:{_alternation(RULES['phone_words'])})\b)[\s.:]*(?P<n>\(?\+?\d[\d\s\-().]*\d)"
    r"|(?P<m>(?<![\d.,])(?:\+62|\(0\d{2,3}\)|0\d{2,4})[\s-]?\d{3,4}[\s-]?\d{3,5}(?![\d.,]))")
_LIST_NUMBER = regex.compile(r"(?m)(?:^[ \t]*|(?<=[:;,][ \t]*))\d{1,2}[.)](?=[ \t]+\p{L})")
_CODE = regex.compile(r"(?<![\d.,])0\d+(?![.,]?\d)|(?<![\d.,])\d+(?=\p{Lu})|(?<=\p{Lu})\d+")
_NAME_HEAD_BEFORE = regex.compile(
    rf"\b(?:{_alternation(RULES['numbered_name_heads'])})(?:[ \t]+\p{{Lu}}[\p{{L}}.'-]*)*[ \t]+$")
_EXCLUDED_PHRASE = regex.compile(rf"(?i:\b(?:{_alternation(RULES['excluded_phrases'])})\b)")
_NUMBERED_BEFORE = regex.compile(
    rf"(?:(?i:\b(?:{_alternation(RULES['numbered_name_words'])}))[ \t]*\.?[ \t]*|\p{{L}}-[ \t]*)$")
# How a numbered name's word may end (its last word, without trailing dots), or "-" ("ke-", "A-").
_NUMBERED_ENDINGS = tuple(sorted({w.lower().split()[-1].rstrip(".") for w in RULES["numbered_name_words"]} | {"-"}))
_NUMBERED_ENDS = _Suffixes(_NUMBERED_ENDINGS).ends
_MULTIPLIER_FIRST_LETTERS = ("k", "x")  # of "kali", "kali lipat", "x lipat"
_MULTIPLIER_AFTER = regex.compile(rf"\s*(?i:(?:{_alternation(RULES['multiplier_after'])})\b)")
_CHANGE_VERB_BEFORE = regex.compile(rf"(?i:\b(?:{_alternation(RULES['multiplier_change_verbs'])}))\s*$")
_KALI_AFTER = regex.compile(r"\s*(?i:kali)\b")
_VERSION = regex.compile(r"\d\.0")
_YEAR = regex.compile(r"(?:19|20)\d\d")
_YEAR_LEADER_BEFORE = regex.compile(rf"(?i:\b(?:{_alternation(RULES['year_leaders'])}))[\s,]*$")
_COUNT_NOUN_AFTER = regex.compile(rf"\s*(?i:(?:{_alternation(RULES['count_nouns'])})\b)")

# Qualifiers.
_QUALIFIER_BEFORE = regex.compile(
    "(?i:(?:" + "|".join(
        rf"(?P<{kind}>{_alternation(cues)})" for kind, cues in RULES["qualifiers_before"].items()
    ) + rf")(?:\s+(?:{_alternation(RULES['qualifier_fillers'])}))*)\s*$")
_QUALIFIER_AFTER = regex.compile(
    rf"(?i:\s*(?:(?P<more_than>lebih)\b(?!\s+(?:{_alternation(RULES['comparatives'])})\b)|(?:[\p{{L}}]+\s+)?(?:"
    r"(?P<more_than2>lebih)(?=\s*[,.;:)\"”’]|\s+(?:yang|dan)\b|\s*$)"
    r"|(?P<at_least>ke\s*atas)\b|(?P<at_most>ke\s*bawah)\b)))")
# _QUALIFIER_AFTER's words ("ke" of "ke atas", "ke bawah") open the first or the second word after the number.
_AFTER_CUE_OPENERS = ("lebih", "ke")


def _qualifier_may_follow(low: str, end: int) -> bool:
    """Whether _QUALIFIER_AFTER may match at ``end`` (``low``: the folded text): a quick test that
    is sure only when the first two words after ``end`` are whole within the next 40 characters."""
    words = low[end:end + 40].split(None, 2)
    return len(words) < 3 or words[0].startswith(_AFTER_CUE_OPENERS) or words[1].startswith(_AFTER_CUE_OPENERS)


# A window that ends with a qualifier cue, then filler words ("setidaknya ada sebanyak"), then blanks:
# the cues and fillers in lower case, their words one blank apart.
_QUALIFIER_CUES = tuple(sorted({" ".join(c.lower().split()) for cues in RULES["qualifiers_before"].values()
                                for c in cues}))
_QUALIFIER_FILLERS = frozenset(w.lower() for w in RULES["qualifier_fillers"])
_CUE_WORDS = max(len(c.split()) for c in _QUALIFIER_CUES)
_CUE_LAST_WORDS = tuple(sorted({c.split()[-1] for c in _QUALIFIER_CUES}))
_CUE_LAST_WORD_ENDS = _Suffixes(_CUE_LAST_WORDS).ends
_CUE_OR_FILLER_ENDS = _Suffixes(set(_CUE_LAST_WORDS) | _QUALIFIER_FILLERS).ends


_CUES_BY_LAST_WORD = {last: tuple(c for c in _QUALIFIER_CUES if c.split()[-1] == last) for last in _CUE_LAST_WORDS}


@lru_cache(maxsize=4096)
def _cues_ending_with(word: str) -> tuple[str, ...]:
    """The cues whose last word is a suffix of ``word`` (folded): only they can end where ``word`` ends."""
    if not word.endswith(_CUE_LAST_WORDS):
        return ()
    return tuple(c for last, cues in _CUES_BY_LAST_WORD.items() if word.endswith(last) for c in cues)


def _may_end_with_cue(window: str) -> bool:
    """Whether ``window`` (folded) may end with a qualifier cue and filler words: a quick test before
    _QUALIFIER_BEFORE (any blank counts as a blank here, and a cue may start inside a word)."""
    last = window.rsplit(None, 1)
    if not last or not (last[-1] in _QUALIFIER_FILLERS or _CUE_LAST_WORD_ENDS(last[-1])):
        return False  # the last word is neither a filler nor the end of a cue
    words = window.split()
    n = len(words)
    while n:
        cues = _cues_ending_with(words[n - 1])
        if cues and " ".join(words[max(0, n - _CUE_WORDS):n]).endswith(cues):
            return True
        if words[n - 1] not in _QUALIFIER_FILLERS:
            return False
        n -= 1
    return False


_ESTIMATE = regex.compile(rf"(?i:\b(?:{_alternation(RULES['estimate_words'])})\b)")
_RANGE_BETWEEN = regex.compile(rf"\s*(?:{_alternation(RULES['range_connectors'])})\s*")
_RANGE_OPENERS = frozenset(w[0] for w in RULES["range_connectors"])  # (the pattern is case-sensitive)
_CHAIN_BETWEEN = regex.compile(r"(?i:(?:\s*(?:,|dan|atau|serta|-|–|hingga|sampai|s/d)\s*)+)")
_LAST_SENTENCE_END = regex.compile(r"(?r)[;!?\n]|\.(?=\s)")
_DIGITS = regex.compile(r"\d+")
_SPACE = regex.compile(r"\s")
_LAST_SPACE = regex.compile(r"(?r)\s")
_WORDS = regex.compile(r"\S+")

# Where the patterns that scan the whole text can start (see ``extractor.textscan``): a currency, a digit or
# a spelled-out number; a phone word or a number opening like a phone number; an excluded phrase; an
# estimate word; a qualifier cue (also inside a word: that pattern has no \b before its cues).
_CANDIDATE_WORDS = needles(list(UNITS) + list(SE_FORMS))
_CURRENCY_WORDS = needles(["rp", "idr"])
_TIME_WORDS = needles(["pukul", "pkl", "jam"])
_PHONE_WORDS = needles(RULES["phone_words"])
_PHONE_NUMBER_STARTS = ("+62", "(0")  # and a run of digits opening with 0
_EXCLUDED_WORDS = needles(RULES["excluded_phrases"])
_ESTIMATE_WORDS = needles(RULES["estimate_words"])
_QUALIFIER_WORDS = needles(w for cues in RULES["qualifiers_before"].values() for w in cues)
# Every URL or e-mail address holds one of these (case-insensitively), and none holds a blank.
_URL_MARKS = ("://", "www.", "@", ".com", ".id", ".net", ".org")
_WORD_LITERALS = LiteralSets({"number_word": _CANDIDATE_WORDS, "time": _TIME_WORDS, "phone_word": _PHONE_WORDS,
                              "excluded": _EXCLUDED_WORDS, "estimate": _ESTIMATE_WORDS}, word_start=True)
_QUALIFIER_LITERALS = LiteralSets({"cue": _QUALIFIER_WORDS})  # looked for in a window before a number
_LITERALS = LiteralSets({"currency": _CURRENCY_WORDS, "phone_number": _PHONE_NUMBER_STARTS, "url": _URL_MARKS})


def _literal_places(low: str) -> dict[str, list[int]]:
    """Where the literals of each list above occur in the folded text ``low``; those of the word lists only
    where no ASCII letter or digit stands before."""
    return {**_WORD_LITERALS.find(low), **_LITERALS.find(low)}


# Quantity(**fields) less the Python-level __init__: the same validation, the same model.
_quantity = Quantity.__pydantic_validator__.validate_python

MAX_DIGITS = 15  # longer digit strings are codes (a NIK has 16 digits)
_ONE = Decimal(1)


@dataclass(slots=True)
class Candidate:
    """A number found in the text, with what was read around it."""

    start: int
    end: int
    value: Decimal
    unit: str = "count"
    scaled: bool = False  # carries a scale word or currency or unit (so a bare range start may borrow it)
    multiplier: Decimal = Decimal(1)
    approx_suffix: bool = False  # "jutaan", "ribuan"
    spelled: bool = False
    bare: bool = False  # plain digits, no separator, scale or unit
    qualifier: Optional[str] = None
    qualifier_from_connector: bool = False
    excluded: bool = False
    range_start: bool = False  # "600" of "600-700 ribu"
    range_end: bool = False


def _spans(pattern: regex.Pattern, text: str, group: Optional[str] = None) -> list[tuple[int, int]]:
    out = []
    for m in pattern.finditer(text):
        if group is None:
            out.append(m.span())
        else:
            for g in group.split(","):
                if m.group(g) is not None:
                    out.append(m.span(g))
    return out


def _spans_at(pattern: regex.Pattern, text: str, starts) -> list[tuple[int, int]]:
    """``_spans(pattern, text)``, tried only at ``starts``."""
    return [m.span() for m in matches_at(pattern, text, starts)]


@dataclass(slots=True)
class _RunStarts:
    """Where the patterns that open with digits can start, read in one pass over the runs of digits (``\\d+``):
    every number pattern starts at the start of one."""

    every: list[int]  # every run (_CANDIDATE)
    dmy: list[int]  # one or two digits before "/" or "-" (_DMY)
    code: list[int]  # opening with 0, or with a letter before or after (_CODE)
    time: list[int]  # one or two digits before "." or ":" (_TIME)
    list_number: list[int]  # one or two digits before "." or ")" and a blank or tab (_LIST_NUMBER)
    ratio: list[int]  # at most three digits before ":", or blanks that may lead to ":" or "banding" (_RATIO)
    phone: list[int]  # opening with 0, with no "." or "," before (_PHONE)


_LIST_BLANKS = (" ", "\t")  # what _LIST_NUMBER needs after its "." or ")"


def _colon_after_blanks(text: str, end: int) -> bool:
    """Whether the blanks at ``end`` may be followed by ":" (or run on for more than eight characters)."""
    rest = text[end:end + 8].lstrip()
    return not rest or rest[0] == ":"


def _run_starts(text: str, spelled_ratio: bool) -> _RunStarts:
    """``spelled_ratio``: whether the text holds "banding" (a ratio's blank may then open "(ber)banding")."""
    every, dmy, code, time, list_number, ratio, phone = [], [], [], [], [], [], []
    for run in _DIGITS.finditer(text):
        s, e = run.span()
        every.append(s)
        after = text[e:e + 1]
        if e - s <= 3:
            if e - s <= 2:
                if after == "/" or after == "-":
                    dmy.append(s)
                elif after == ".":
                    time.append(s)
                    if text[e + 1:e + 2] in _LIST_BLANKS:
                        list_number.append(s)
                elif after == ":":
                    time.append(s)
                elif after == ")" and text[e + 1:e + 2] in _LIST_BLANKS:
                    list_number.append(s)
            if after == ":":
                ratio.append(s)
            elif after.isspace():
                following = text[e + 1:e + 2]  # an ASCII character other than a blank or ":" ends the blanks
                if spelled_ratio or following == ":" or (
                        (not following or not following.isascii() or following.isspace())
                        and _colon_after_blanks(text, e)):
                    ratio.append(s)
        if text[s] == "0":
            code.append(s)
            if not s or (text[s - 1] != "." and text[s - 1] != ","):
                phone.append(s)
        elif after.isalpha() or (s and text[s - 1].isalpha()):
            code.append(s)
    return _RunStarts(every, dmy, code, time, list_number, ratio, phone)


def _time_starts(text: str, run_starts: _RunStarts, literals: dict[str, list[int]]) -> list[int]:
    """Where _TIME can start: one or two digits before "." or ":", or "pukul", "pkl", "jam" at a word start."""
    # After digits, _TIME needs "WIB", "WITA" or "WIT" (in capitals).
    digits = run_starts.time if "WI" in text else []
    words = at_word_start(text, literals["time"])
    return sorted(digits + words) if words else digits


# What cannot follow ``^`` in a match of _LIST_NUMBER: the end of the text, an ASCII character other than a blank,
# a tab or a digit.
_NOT_LIST_OPENERS = frozenset([""] + [chr(c) for c in range(128) if chr(c) not in " \t0123456789"])


def _list_number_starts(text: str, run_starts: _RunStarts) -> list[int]:
    """Where _LIST_NUMBER can start: a line start (its ``^``) that may open blanks and a digit, or one or two
    digits before "." or ")" and a blank."""
    starts = set(run_starts.list_number)
    i = -1
    while True:
        if text[i + 1:i + 2] not in _NOT_LIST_OPENERS:
            starts.add(i + 1)
        i = text.find("\n", i + 1)
        if i < 0:
            return sorted(starts)


def _candidate_starts(text: str, run_starts: _RunStarts, literals: dict[str, list[int]]) -> list[int]:
    """Where _CANDIDATE may start: a run of digits, a currency word, a word that opens a spelled-out number."""
    words = at_word_start(text, literals["number_word"]) if literals["number_word"] else ()
    if not words and not literals["currency"]:
        return run_starts.every
    places = set(run_starts.every)
    places.update(literals["currency"])
    places.update(words)
    return sorted(places)


def _url_spans(text: str, literals: dict[str, list[int]]) -> list[tuple[int, int]]:
    """``_spans(_URL, text)``, scanning only the blank-free stretches that hold a URL or e-mail mark."""
    out = []
    scanned_until = 0
    for i in literals["url"]:
        if i < scanned_until:
            continue
        before = _LAST_SPACE.search(text, 0, i)
        after = _SPACE.search(text, i)
        start = before.end() if before else 0
        end = after.start() if after else len(text)
        out += [m.span() for m in _URL.finditer(text, start, end)]
        scanned_until = end
    return out


def _phone_spans(text: str, run_starts: _RunStarts, literals: dict[str, list[int]]) -> list[tuple[int, int]]:
    """``_spans(_PHONE, text, "n,m")``, tried only after a phone word or where a number opens like a phone number."""
    places = set(at_word_start(text, literals["phone_word"]))
    for i in literals["phone_number"]:
        if i and (text[i - 1] in ".," or text[i - 1].isdecimal()):
            continue  # "(?<![\d.,])" fails
        places.add(i)
    places.update(run_starts.phone)
    out = []
    for m in matches_at(_PHONE, text, sorted(places)):
        for g in ("n", "m"):
            if m.group(g) is not None:
                out.append(m.span(g))
    return out


def _excluded_phrase_spans(text: str, literals: dict[str, list[int]]) -> list[tuple[int, int]]:
    starts = at_word_start(text, literals["excluded"])
    return [m.span() for m in matches_at(_EXCLUDED_PHRASE, text, starts)]


class _SpanSet:
    """Spans where numbers are not amounts, sorted by start, with the furthest end reached so far: whether
    a span overlaps one of them is two look-ups."""

    def __init__(self, spans: list[tuple[int, int]]):
        spans = sorted(spans)
        self.starts = [s for s, _ in spans]
        self.reach = []
        furthest = -1
        for _, e in spans:
            furthest = e if e > furthest else furthest
            self.reach.append(furthest)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether some span (s, e) has s < end and start < e."""
        before_end = bisect_left(self.starts, end)  # the spans that start before ``end``
        return before_end > 0 and self.reach[before_end - 1] > start


def _overlaps(spans: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def _group_numbers(pattern: regex.Pattern, *names: str) -> tuple[int, ...]:
    """The numbers of named groups: a match's ``regs`` read by number is much faster than by name."""
    return tuple(pattern.groupindex[name] for name in names)


_CUR, _NUM, _SPELLED = _group_numbers(_CANDIDATE, "cur", "num", "spelled")
# Per pattern that reads what follows a number: its groups scales, scale, money_scale, an, percent, rupiah, dash
# (0, the whole match, for a group the pattern does not have).
_TAIL_GROUPS = {
    pattern: tuple(pattern.groupindex.get(name, 0)
                   for name in ("scales", "scale", "money_scale", "an", "percent", "rupiah", "dash"))
    for pattern in (_UNIT_AFTER, _SCALE_UNIT_AFTER, _SCALE_UNIT_AFTER_MONEY)}


# What can open a scale word, a percent word, "rupiah" or ",-" (in either case: an ASCII character matches
# only itself and its other case), and how those of two letters or more open.
_TAIL_WORDS = [*SCALES, *RULES["money_scales"], *RULES["percent_words"], *RULES["currency_after"], ","]
_TAIL_OPENERS = frozenset(char for word in _TAIL_WORDS for char in (word[0].lower(), word[0].upper()))
_TAIL_WORD_OPENINGS = frozenset(word[:2].lower() for word in _TAIL_WORDS if len(word) > 1)
_NO_TAIL = ((0, 0),) + ((-1, -1),) * 7  # the spans of a tail pattern's match that read nothing


def _tail_may_follow(text: str, end: int) -> bool:
    """Whether a scale word, unit or ",-" may follow a number ending at ``end``: a quick test before the tail
    pattern. No when the next character (or the one after a space) is an ASCII character that opens none
    of them, or an ASCII letter that, with the character after it, opens no word of two letters or more
    and is no word of one letter (``M``) either."""
    at = end
    first = text[at:at + 1]
    if first == " ":
        at += 1
        first = text[at:at + 1]
        if first == ",":
            return False  # ",-" follows the number directly
    if not first or not first.isascii() or first.isspace():
        return True
    if first not in _TAIL_OPENERS:
        return False
    if not first.isalpha():
        return True
    second = text[at + 1:at + 2]
    if not second or not second.isascii():
        return True
    return (first + second).lower() in _TAIL_WORD_OPENINGS or not second.isalnum()


_NUMERAL = regex.compile(NUMERAL)
_UNMATCHED = (-1, -1)
if (_CUR, _NUM, _SPELLED) != (1, 2, 3) or _CANDIDATE.groups != 3:
    raise ImportError("_candidate_matches expects _CANDIDATE's groups to be cur, num, spelled")


def _candidate_matches(text: str, starts: list[int]) -> Iterator[tuple[tuple[int, int], ...]]:
    """The spans of the groups of the matches of ``matches_at(_CANDIDATE, text, starts)``. At a digit neither
    a currency nor a number word can open: there _CANDIDATE's match is that of its numeral, the simpler
    pattern."""
    pos = 0
    for start in starts:
        if start < pos:
            continue
        if text[start].isdecimal():
            m = _NUMERAL.match(text, start)
            if m is None:
                continue
            span = m.span()
            regs = (span, _UNMATCHED, span, _UNMATCHED)  # _CUR, _NUM, _SPELLED
        else:
            m = _CANDIDATE.match(text, start)
            if m is None:
                continue
            regs = m.regs
        pos = regs[0][1]
        yield regs


def _read_candidate(text: str, regs: Sequence[tuple[int, int]]) -> Optional[Candidate]:
    """Value, unit and extent of one candidate match (``regs``: the spans of its groups, -1 when unmatched)."""
    start = regs[0][0]
    cur = regs[_CUR][0] >= 0
    num_start, num_end = regs[_NUM]
    multiplier = _ONE
    approx_suffix = bare = percent_word = False
    spelled = num_start < 0
    if spelled:
        spelled_start, spelled_end = regs[_SPELLED]
        phrase = text[spelled_start:spelled_end]
        words = phrase.split()
        # Longest prefix of the words that is one number ("satu juta dua" -> "satu juta").
        for n in range(len(words), 0, -1):
            number = parse_spelled(words[:n])
            if number is not None:
                break
        else:
            return None
        end = spelled_start + _prefix_length(phrase, n)
        value = Decimal(str(number))
        scaled = any(w.lower() in SCALES or SE_FORMS.get(w.lower(), 0) >= 1000 for w in words[:n])
        if scaled:
            an = _AN_AFTER.match(text, end)
            if an:
                end, approx_suffix = an.end(), True
        tail_pattern = _UNIT_AFTER
    else:
        numeral = text[num_start:num_end]
        if num_start > 0 and not cur:
            before = text[num_start - 1]
            if before.isalpha() and before.isupper():
                return None  # a code such as P4, H1, Q3
        if len(numeral) > MAX_DIGITS and sum(ch.isdigit() for ch in numeral) > MAX_DIGITS:
            return None  # an identity, card or account number, not an amount
        end = num_end
        tail_pattern = _SCALE_UNIT_AFTER_MONEY if cur else _SCALE_UNIT_AFTER
    if _tail_may_follow(text, end):
        tail = tail_pattern.match(text, end)
        tail_regs = tail.regs
    elif spelled:
        tail_regs = _NO_TAIL
    else:  # digits alone: what the steps below make of them when no tail follows (no scale: the multiplier is 1)
        value = Decimal(numeral) if numeral.isdecimal() else _numeral_value(numeral, False, False)
        if cur:
            return Candidate(start, end, value, "idr", True, multiplier, False, False, False)
        return Candidate(start, end, value, "count", False, multiplier, False, False, numeral.isdecimal())
    scales, scale, money_scale, an, percent, rupiah, dash = _TAIL_GROUPS[tail_pattern]
    if not spelled:
        scale_end = tail_regs[scales][1]
        scaled = scale_end >= 0
        if scaled:
            word = tail.group(scale) or tail.group(money_scale)
            multiplier = _scale_multiplier(word)
            end = scale_end
            approx_suffix = tail_regs[an][0] >= 0
        percent_word = tail_regs[percent][0] >= 0
        # (plain digits read the same in every convention: no call, no cache)
        number = Decimal(numeral) if numeral.isdecimal() else _numeral_value(numeral, scaled, percent_word and not scaled)
        value = number * multiplier if scaled else number
        bare = not (scaled or percent_word or cur) and numeral.isdecimal()
    unit = "count"
    if cur:
        unit, scaled = "idr", True
    percent_start, percent_end = tail_regs[percent]
    if unit == "count" and percent_start >= 0:
        unit, end, scaled = "percent", percent_end, True
    elif tail_regs[rupiah][0] >= 0:
        unit, end, scaled = "idr", tail_regs[rupiah][1], True
    if unit == "idr":
        if percent_start >= 0:  # after a currency a percent word is not the unit: ",-" is read before it
            dash_after = _DASH_AFTER.match(text, end)
            if dash_after:
                end = dash_after.end()
        elif tail_regs[dash][0] >= 0:
            end = tail_regs[dash][1]
    return Candidate(start, end, value, unit, scaled, multiplier, approx_suffix, spelled, bare)


@lru_cache(maxsize=4096)
def _numeral_value(numeral: str, scaled: bool, percent: bool) -> Decimal:
    return parse_digits(numeral, scaled=scaled, percent=percent)[0]


on_clear_caches(_numeral_value.cache_clear)  # keyed on an article's own numerals


@lru_cache(maxsize=64)
def _scale_multiplier(word: str) -> Decimal:
    return Decimal(str(RULES["money_scales"].get(word) or SCALES[word.lower()]))


def _prefix_length(phrase: str, n_words: int) -> int:
    """Characters of ``phrase`` up to the end of its n-th word."""
    return [m.end() for m in _WORDS.finditer(phrase)][n_words - 1]


def find_quantities(text: str, dates: Optional[Sequence] = None, published: Optional[str] = None,
                    legal: Optional[Sequence[tuple[int, int]]] = None) -> list[Quantity]:
    """The quantities of ``text``, in text order.

    ``dates``: date mentions (with start/end) whose numbers are not quantities; computed with the
    dates layer's finder when not given. ``legal``: spans of legal references, likewise.
    """
    blocked = [(d.start, d.end) for d in (dates or [])]
    if dates is None or published is None:
        blocked += _date_spans(text, published)
    if legal is None:
        legal = _find_legal(text)
    blocked += list(legal)
    low = folded(text)
    run_starts = _run_starts(text, "banding" in low)
    literals = _literal_places(low)
    blocked += _spans_at(_TIME, text, _time_starts(text, run_starts, literals))
    blocked += _spans_at(_DMY, text, run_starts.dmy)
    blocked += _url_spans(text, literals)
    blocked += _phone_spans(text, run_starts, literals)
    blocked += _spans_at(_LIST_NUMBER, text, _list_number_starts(text, run_starts))
    blocked += _excluded_phrase_spans(text, literals)
    blocked += _spans_at(_CODE, text, run_starts.code)

    blocked = _SpanSet(blocked)
    candidates: list[Candidate] = []
    for m in matches_at(_RATIO, text, run_starts.ratio):
        if blocked.overlaps(m.start(), m.end()):
            continue
        value, _ = parse_digits(m.group("b"))
        candidates.append(Candidate(m.start(), m.end(), value, unit="ratio", scaled=True))
    ratio_spans = [(c.start, c.end) for c in candidates]
    for regs in _candidate_matches(text, _candidate_starts(text, run_starts, literals)):
        start, end = regs[0]
        if ratio_spans and _overlaps(ratio_spans, start, end):
            continue
        if regs[_NUM][1] >= 0 and blocked.overlaps(start, end):
            continue  # a numeral's candidate only grows to the right: it would be blocked too
        cand = _read_candidate(text, regs)
        if cand is None:
            continue
        if (cand.end != end or regs[_NUM][1] < 0) and blocked.overlaps(cand.start, cand.end):
            continue  # (a numeral's candidate no longer than its match was checked above)
        candidates.append(cand)
    candidates.sort(key=lambda c: c.start)

    _mark_not_amounts(text, low, candidates)
    kept = [c for c in candidates if not c.excluded]
    _join_ranges(text, kept)
    _set_qualifiers(text, low, kept, at_word_start(text, literals["estimate"]))
    return [_quantity({"text": text[c.start:c.end], "start": c.start, "end": c.end, "value": to_number(c.value),
                       "unit": c.unit, "qualifier": c.qualifier or "exact"}) for c in kept]


def _mark_not_amounts(text: str, low: str, candidates: list[Candidate]) -> None:
    """Exclude numbered names (and the chains they head), multipliers, versions and years (``low``: the
    folded text)."""
    for i, c in enumerate(candidates):
        if c.excluded or c.unit != "count" or c.scaled:
            continue
        start = c.start
        before_start = max(0, start - 30)
        if (_may_end_numbered(low[before_start:start]) and _NUMBERED_BEFORE.search(text[before_start:start])) or (
                c.bare and _may_end_name(text, start) and _NAME_HEAD_BEFORE.search(text, max(0, start - 80), start)):
            c.excluded = True
            # "kelas tiga, dua, satu", "desil 1 hingga 5": the chained numbers are names too.
            prev = c
            for nxt in candidates[i + 1:]:
                if nxt.unit != "count" or nxt.scaled or not _CHAIN_BETWEEN.fullmatch(text[prev.end:nxt.start]):
                    break
                nxt.excluded = True
                prev = nxt
            continue
        after = text[c.end:c.end + 40]
        if after.lstrip()[:1].lower() in _MULTIPLIER_FIRST_LETTERS and (
                _MULTIPLIER_AFTER.match(after)
                or (_KALI_AFTER.match(after) and _CHANGE_VERB_BEFORE.search(text[before_start:start]))):
            c.excluded = True
            continue
        length = c.end - start
        if length == 3 and _VERSION.fullmatch(text[start:c.end]):
            c.excluded = True
            continue
        if c.bare and length == 4 and _YEAR.fullmatch(text[start:c.end]):
            if _YEAR_LEADER_BEFORE.search(text[before_start:start]) or not _COUNT_NOUN_AFTER.match(after):
                c.excluded = True


def _may_end_numbered(before: str) -> bool:
    """Whether ``before`` (folded) may end as _NUMBERED_BEFORE needs: a quick test before that pattern."""
    if _NUMBERED_ENDS(before.rstrip(" \t.")):
        return True
    # "$" also matches before a final line break
    return before.endswith("\n") and _NUMBERED_ENDS(before[:-1].rstrip(" \t."))


def _may_end_name(text: str, start: int) -> bool:
    """Whether the text before ``start`` may end as _NAME_HEAD_BEFORE needs: a blank, after a word that
    does not open with a lower-case letter (a capitalised head or name word)."""
    if not start or text[start - 1] not in " \t\n":
        return False
    words = text[max(0, start - 80):start].rsplit(None, 1)
    return bool(words) and not words[-1][0].islower()


def _join_ranges(text: str, kept: list[Candidate]) -> None:
    """``600-700 ribu``: the bare start borrows the end's scale and unit; descending digit pairs are codes."""
    for a, b in zip(kept, kept[1:]):
        between = text[a.end:b.start]
        if between.lstrip()[:1] not in _RANGE_OPENERS or not _RANGE_BETWEEN.fullmatch(between):
            continue
        connector = between.strip().lower()
        if not a.scaled and b.scaled and b.unit != "ratio":
            scaled_value = a.value * b.multiplier
            if scaled_value <= b.value:
                a.value, a.unit, a.scaled = scaled_value, b.unit, True
        if connector in ("-", "–", "—") and a.bare and b.bare and a.value > b.value:
            a.excluded = b.excluded = True  # "1500-400": a code or phone number, not a range
        b.qualifier_from_connector = connector not in ("-", "–", "—")
        b.range_end = True
        a.range_start = True
    kept[:] = [c for c in kept if not c.excluded]


def _after_sentence_end(text: str, start: int, end: int) -> int:
    """Where the text after the last sentence end (``;``, ``!``, ``?``, a line break, a full stop before a
    blank) in ``text[start:end]`` begins, or ``start`` when there is none. ``end`` is a number's start, never
    a blank: a full stop just before it does not end a sentence, whether or not the pattern sees past it."""
    last = _LAST_SENTENCE_END.search(text, start, end)
    return last.end() if last else start


def _set_qualifiers(text: str, low: str, kept: list[Candidate], estimate_starts: Sequence[int]) -> None:
    """Qualifier cue before the number, else after it, else ``-an`` (jutaan), else an estimate in the sentence
    (``low``: the folded text; ``estimate_starts``: where an estimate word may start)."""
    previous_end = 0
    for i, c in enumerate(kept):
        # The window: up to 60 characters before the number, after the previous number and after the last
        # sentence end. _QUALIFIER_BEFORE.search(window) is tried only when the window may end with a cue
        # (first a look at the last word before the sentence end is known: the window's last word ends it),
        # and only where a cue starts.
        m = None
        window_start = max(previous_end, c.start - 60)
        last_word = low[window_start:c.start].rsplit(None, 1)
        # The sentence end is looked for only when the window without that cut may end with a cue: the cut
        # window's words are the last words of the whole one (its first may be the tail of one), so it may
        # end with a cue only if the whole one may.
        if last_word and _CUE_OR_FILLER_ENDS(last_word[-1]) and _may_end_with_cue(low[window_start:c.start]):
            cut = _after_sentence_end(text, window_start, c.start)
            if cut < c.start and (cut == window_start or _may_end_with_cue(low[cut:c.start])):
                window_start = cut
                window = text[window_start:c.start]
                for start in _QUALIFIER_LITERALS.find(low[window_start:c.start])["cue"]:
                    m = _QUALIFIER_BEFORE.match(window, start)
                    if m:
                        break
        if m:
            c.qualifier = next(k for k, v in m.groupdict().items() if v)
        if c.range_end and c.qualifier is None:
            c.qualifier = kept[i - 1].qualifier
        if c.qualifier is None:
            after = _QUALIFIER_AFTER.match(text, c.end) if _qualifier_may_follow(low, c.end) else None
            if after:
                c.qualifier = next(k for k, v in after.groupdict().items() if v).rstrip("2")
        if c.qualifier is None and c.approx_suffix:
            c.qualifier = "approx"
        if c.qualifier is None and estimate_starts and not c.range_end:
            cue = None
            sentence_start = max(0, c.start - 300)
            first = bisect_left(estimate_starts, sentence_start)
            if first < len(estimate_starts) and estimate_starts[first] < c.start:
                # An estimate word within reach: is it in the number's sentence?
                first = bisect_left(estimate_starts, _after_sentence_end(text, sentence_start, c.start), first)
            if first < len(estimate_starts) and estimate_starts[first] < c.start:
                for cue in _ESTIMATE.finditer(text, estimate_starts[first], c.start):
                    pass
            if cue is not None and cue.end() >= previous_end:
                c.qualifier = "approx"
        previous_end = c.end


# Any date will do as an anchor when only the extent of date expressions matters.
_SPAN_ANCHOR = "2000-01-01"


def _date_spans(text: str, published: Optional[str]) -> list[tuple[int, int]]:
    """Where the date expressions are. With no article date, day-month dates (``1 Oktober``) are left out of
    the dates layer because they cannot be resolved, but their numbers are still not quantities."""
    try:
        from ..dates.finder import find_dates
    except ImportError:
        return _spans(_DMY, text)
    return [(d.start, d.end) for d in find_dates(text, published or _SPAN_ANCHOR)]


def _find_legal(text: str) -> list[tuple[int, int]]:
    try:
        from ..legalrefs import find_legal_references
    except ImportError:
        return []
    return find_legal_references(text)
