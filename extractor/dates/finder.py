"""Date expressions in Indonesian news text (guidelines section 2).

``find_dates(text, published)`` lists every expression that names a calendar date or period, with its
TIMEX-style value (``2017-05-12``, ``2017-04``, ``2017``, ``2023-H1``, ``2022-Q4``, ``2024-W03``).
Day/month numerals are read day first (``12/5/2017`` is 12 May). A value keeps the granularity of
the text: nothing is filled from today's date; expressions that need the article's date (``tahun
lalu``, ``(30/10)``, ``1 Juli kemarin``) are resolved against ``published`` and left out without it.

``find_published(text)`` reads the article's own date from a dateline or byline near the top.

Word lists live in ``rules.json``; the patterns are compiled once at import.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import heapq
import json
from pathlib import Path
from typing import Callable, Iterable, NamedTuple, Optional

import regex

from ..legalrefs import find_legal_references
from ..records import DateMention
from ..textscan import folded, needles, per_text
from .literals import CASED_SCAN, SHARED_SCAN

# DateMention(**fields) less the Python-level __init__: the same validation and model.
_date_mention = DateMention.__pydantic_validator__.validate_python

RULES = json.loads(Path(__file__).with_name("rules.json").read_text(encoding="utf-8"))

MONTHS: dict[str, int] = RULES["months"]
WEEKDAYS: dict[str, int] = RULES["weekdays"]
PERIOD_NUMBERS: dict[str, int] = RULES["period_numbers"]
RELATIVE: dict[str, tuple[str, int]] = {
    r["phrase"]: (r["unit"], r["offset"]) for r in RULES["relative"]
}


def _alt(words: Iterable[str]) -> str:
    """A regex alternation of literal words, longest first, spaces matching any run of blanks."""
    items = sorted(set(words), key=len, reverse=True)
    return "(?:" + "|".join(regex.escape(w).replace(r"\ ", SP) for w in items) + ")"


SP = r"[^\S\n]+"  # blanks within a line
OSP = r"[^\S\n]*"
YEAR = r"(?:19|20)\d{2}(?!\d)(?!-?an\b)"  # not a decade ("2000-an")
DAY = r"(?:3[01]|[12]\d|0?[1-9])"
MONTH_NUMBER = r"(?:1[0-2]|0?[1-9])"
_FULL_MONTHS = [m for m in MONTHS if len(m) > 4 or m in ("mei", "juni", "juli", "may", "june", "july")]
_ABBR_MONTHS = [m for m in MONTHS if m not in _FULL_MONTHS]
MONTH = r"(?:" + _alt(_FULL_MONTHS) + r"\b|" + _alt(_ABBR_MONTHS) + r"\b\.?)"
MONTH_WITHOUT_YEAR = _alt(RULES["months_without_year"]) + r"\b"
WEEKDAY = _alt(WEEKDAYS) + r"\b"
MODIFIER = _alt(RULES["period_modifiers"]) + r"\b"
YEAR_WORD = r"(?:" + _alt(RULES["year_words"]) + r"|(?-i:TA\.?))(?=[^\S\n])"
PERIOD_YEAR_WORD = _alt(RULES["year_words_in_periods"]) + r"(?=[^\S\n])"
RANGE_WORD = r"(?:s\.?[/ ]?d\.?|sd|hingga|sampai(?:" + SP + r"dengan)?|ke)"
RANGE_JOIN = r"(?:" + OSP + r"[-–—]" + OSP + r"|" + SP + RANGE_WORD + SP + r")"
LIST_JOIN = r"(?:" + RANGE_JOIN + r"|" + OSP + r",?" + SP + r"(?:dan|atau|serta)" + SP + r"|" + OSP + r"," + OSP + r")"
HALF_NUMBER = r"(?:ii|i|1|2|pertama|kedua|satu|dua)\b"
QUARTER_NUMBER = r"(?:iv|iii|ii|i|[1-4]|pertama|kedua|ketiga|keempat|satu|dua|tiga|empat)\b"
# tahun ini / lalu / depan ... after a month or period: the relative phrases that start with "tahun"
RELATIVE_YEAR = r"tahun" + SP + r"(?P<ry>" + _alt(p[6:] for p in RELATIVE if p.startswith("tahun ")) + r")\b"
PERIOD_YEAR = (
    r"(?:(?:" + OSP + r"[/-]" + OSP + r"|,?" + SP + r")(?:" + PERIOD_YEAR_WORD + SP + r")?(?P<y>" + YEAR + r")"
    + r"|" + SP + RELATIVE_YEAR + r")?"
)
NOT_NUMBER_BEFORE = r"(?<![\w/.,:-])"
NOT_NUMBER_AFTER = r"(?![\w/]|[.,]\d)"

FLAGS = regex.IGNORECASE


def _compile(pattern: str):
    return regex.compile(pattern, FLAGS)


def _compile_at_end(pattern: str, flags: int = FLAGS):
    """A pattern anchored at the end of a window (``...$``), searched backwards from that end: the same
    match as a forward search, without trying it from every place of the window."""
    return regex.compile(pattern, flags | regex.REVERSE)


# 12/5/2017, 12-5-2017, 06/05/2025, 12.5.2017
NUMERIC_DMY = _compile(
    NOT_NUMBER_BEFORE + r"(?P<d>" + DAY + r")(?P<sep>[/.-])(?P<m>" + MONTH_NUMBER + r")(?P=sep)"
    r"(?P<y>\d{4}|\d{2})" + NOT_NUMBER_AFTER
)
# (30/10), Rabu (8/10), "Ternate, 23/8 (Antara)": only where the context shows a date
NUMERIC_DM = _compile(NOT_NUMBER_BEFORE + r"(?P<d>" + DAY + r")/(?P<m>" + MONTH_NUMBER + r")" + NOT_NUMBER_AFTER)
# 31 Desember 2018, 02 Januari 2018, 31 Des 2021, 1-3 Juli 2023, 1 Juli tahun lalu
WORD_DMY = _compile(
    r"(?<![\w.,])(?P<d>" + DAY + r")(?:" + LIST_JOIN + r"(?P<d2>" + DAY + r"))*" + SP
    + r"(?P<mon>" + MONTH + r"),?" + SP
    + r"(?:(?:" + YEAR_WORD + SP + r")?(?P<y>" + YEAR + r")|" + RELATIVE_YEAR + r")"
)
# 1 Januari - 31 Maret 2024: the first end takes the year of the second
DAY_MONTH_RANGE = _compile(
    r"(?<![\w.,])(?P<d>" + DAY + r")" + SP + r"(?P<mon>" + MONTH + r")(?P<join>" + RANGE_JOIN + r")(?P<d2>" + DAY
    + r")" + SP + r"(?P<mon2>" + MONTH + r"),?" + SP + r"(?:" + YEAR_WORD + SP + r")?(?P<y>" + YEAR + r")"
)
# 2024-05-21 (ISO order)
ISO_DATE = _compile(NOT_NUMBER_BEFORE + r"(?P<y>" + YEAR + r")(?P<sep>[-/])(?P<m>1[0-2]|0[1-9])(?P=sep)(?P<d>3[01]|[12]\d|0[1-9])"
                    + NOT_NUMBER_AFTER)
# 1 Juli, 17 Agustus kemarin (year from the article's date)
WORD_DM = _compile(
    r"(?<![\w.,])(?P<d>" + DAY + r")(?:" + LIST_JOIN + r"(?P<d2>" + DAY + r"))*" + SP
    + r"(?P<mon>" + MONTH_WITHOUT_YEAR + r")(?!" + OSP + r",?" + OSP + r"(?:" + YEAR_WORD + SP + r")?\d)"
)
# April 2017, awal Mei 2025, Maret tahun lalu
MONTH_YEAR = _compile(
    r"(?:(?P<mod>" + MODIFIER + r")" + SP + r"(?:bulan" + SP + r")?)?(?P<mon>" + MONTH + r")"
    r"(?:(?:,?" + SP + r"(?:" + YEAR_WORD + SP + r")?|" + OSP + r"[/-]" + OSP + r")(?P<y>" + YEAR + r")|"
    + SP + RELATIVE_YEAR + r")"
)
# Maret lalu, Januari mendatang
MONTH_RELATIVE = _compile(
    r"(?<!\d" + OSP + r")(?:(?P<mod>" + MODIFIER + r")" + SP + r"(?:bulan" + SP + r")?)?(?P<mon>" + MONTH_WITHOUT_YEAR + r")"
    + SP + r"(?P<rel>" + _alt(RULES["past_markers"] + RULES["future_markers"] + ["ini"]) + r")\b"
)
# hingga Maret, akhir Agustus, bulan Juni (the year from the article's date)
MONTH_ALONE = _compile(
    r"(?:\b(?P<ctx>" + _alt(RULES["month_alone_context"]) + r")" + SP + r")?(?:(?P<mod>" + MODIFIER + r")" + SP
    + r")?(?:(?P<bulan>bulan)" + SP + r")?(?P<mon>" + MONTH_WITHOUT_YEAR + r")(?!" + OSP + r"[,/-]?" + OSP
    + r"(?:" + YEAR_WORD + SP + r")?\d)"
)
# Januari-Maret 2023, Januari hingga Maret 2023
MONTH_RANGE = _compile(
    r"(?P<mon>" + MONTH + r")(?P<join>" + LIST_JOIN + r")(?P<mon2>" + MONTH + r"),?" + SP
    + r"(?:" + YEAR_WORD + SP + r")?(?P<y>" + YEAR + r")"
)
# tahun 2021, Tahun 2025-2029, akhir tahun 2021, TA 2024
YEAR_WITH_WORD = _compile(
    r"(?:(?P<mod>" + MODIFIER + r")" + SP + r")?" + YEAR_WORD + SP + r"(?P<y>" + YEAR + r")"
    r"(?:(?P<join>" + RANGE_JOIN + r"|" + OSP + r"/" + OSP + r")(?P<y2>" + YEAR + r"))?" + NOT_NUMBER_AFTER
)
# akhir 2017, pertengahan 2023
MODIFIED_YEAR = _compile(r"(?P<mod>" + MODIFIER + r")" + SP + r"(?P<y>" + YEAR + r")" + NOT_NUMBER_AFTER)
# 2025-2029, 2019/2020
YEAR_RANGE = _compile(
    NOT_NUMBER_BEFORE + r"(?P<y>" + YEAR + r")(?P<join>" + OSP + r"[-–—/]" + OSP + r")(?P<y2>" + YEAR + r")"
    + NOT_NUMBER_AFTER
)
# 2014 (checked against its context)
BARE_YEAR = _compile(NOT_NUMBER_BEFORE + r"(?P<y>\d{4})" + NOT_NUMBER_AFTER + r"(?!" + OSP + r"%|-?an\b)")
# Semester I 2023, semester pertama 2023, semester II th 2023, paruh kedua 2022
HALF_YEAR = _compile(
    r"\b(?P<kw>" + _alt(RULES["half_year_words"]) + r")" + SP + r"(?P<n>" + HALF_NUMBER + r")"
    + r"(?:" + LIST_JOIN + r"(?P<n2>" + HALF_NUMBER + r"))*" + PERIOD_YEAR
)
# Kuartal IV 2022, triwulan I, Q3 2024, TW II 2023
QUARTER = _compile(
    r"\b(?P<kw>" + _alt(RULES["quarter_words"]) + r")" + SP + r"(?P<n>" + QUARTER_NUMBER + r")"
    + r"(?:" + LIST_JOIN + r"(?P<n2>" + QUARTER_NUMBER + r"))*" + PERIOD_YEAR
    + r"|\b(?-i:Q)(?P<qn>[1-4])(?:" + OSP + r"[-/]" + OSP + r"|" + SP + r")(?:" + YEAR_WORD + SP + r")?(?P<qy>"
    + YEAR + r")"
    + r"|\b(?-i:TW)(?:" + OSP + r"[-.]?" + OSP + r")(?P<tn>(?-i:IV|III|II|I)|[1-4])\b(?:" + OSP + r"[-/]" + OSP
    + r"|" + SP + r")(?:" + YEAR_WORD + SP + r")?(?P<ty>" + YEAR + r")"
)
# hari ini, tahun lalu, akhir tahun ini, pekan lalu, kemarin
RELATIVE_PHRASE = _compile(r"\b(?P<rel>" + _alt(RELATIVE) + r")\b")
# Selasa lalu, Jumat pekan lalu, Rabu kemarin
WEEKDAY_RELATIVE = _compile(
    r"\b(?P<wd>" + WEEKDAY + r")(?:" + SP + r"(?P<week>pekan|minggu))?" + SP + r"(?P<rel>lalu|kemarin)\b"
)

WEEKDAY_BEFORE = _compile_at_end(
    r"(?P<wd>" + WEEKDAY + r")(?:" + SP + _alt(RULES["parts_of_day"]) + r")?" + OSP + r"[,(]?" + OSP + r"$"
)
OPEN_PAREN_BEFORE = regex.compile(r"\(" + OSP + r"$")
CLOSE_PAREN_AFTER = regex.compile(r"^" + OSP + r"\)")
DATELINE_BEFORE = regex.compile(r"(?:^|\n)" + OSP + r"\p{Lu}[\p{L} .'’-]{1,40}," + OSP + r"$")
DATELINE_AFTER = regex.compile(r"^" + OSP + r"(?:\(|[-–—])")
RANGE_START_BEFORE = _compile(r"(?:(?P<mon>" + MONTH + r")" + SP + r")?(?P<y>" + YEAR + r")" + OSP + r"$")
DM_CONTEXT_BEFORE = _compile(r"\b" + _alt(RULES["day_month_context"]) + SP + r"$")
FRACTION_AFTER = _compile(r"^" + SP + r"(?:dari|bagian)\b")
TIME_AFTER = regex.compile(r"^" + OSP + r"[,|–—-]?" + OSP + r"(?:pukul" + SP + r")?\d{1,2}[:.]\d{2}\b")
PAST_AFTER = _compile(r"^" + OSP + _alt(RULES["past_markers"]) + r"\b")
FUTURE_AFTER = _compile(r"^" + OSP + _alt(RULES["future_markers"]) + r"\b")
# Wherever it matches, the folded text holds "©", "(c)", "copyright" or "hak" (see _Context.copyright_before).
COPYRIGHT_LINE = _compile(r"©|\(c\)|\bcopyright\b|\bhak" + SP + r"cipta\b")
PREVIOUS_WORDS = _compile_at_end(r"(?:(\S+)" + SP + r")?(\S+)" + OSP + r"$", 0)
NEXT_WORD = regex.compile(r"^" + OSP + r"(\S+)")
AMOUNT_RANGE_AFTER = _compile(
    r"^" + OSP + r"(?:[-–—]|" + RANGE_WORD + r")" + OSP + r"(?P<n>\d[\d.,]*)"
)
AMOUNT_RANGE_BEFORE = _compile_at_end(r"(?P<n>\d[\d.,]*)" + OSP + r"(?:[-–—]|" + RANGE_WORD + r")" + OSP + r"$")
NUMBER_TOKEN = regex.compile(r"^\d[\d.,:/-]*$")
# What AMOUNT_RANGE_AFTER's first character after the blanks can be, folded (a dash or RANGE_WORD's s, h, k).
_RANGE_OPENERS = frozenset("-–—shk")
TRIM = "\"'“”‘’()[]{}.,;:!?"
_BLANKS = regex.compile(r"\s+")
_RANGE_WORD_ONLY = regex.compile(RANGE_WORD + "$", FLAGS)
_KE_DASH_AT_END = _compile_at_end(r"\bke-$", 0)
_DIGIT_AT_END = regex.compile(r"\d$")
_MONTH_AT_END = regex.compile(MONTH + r"$", FLAGS)
_CLAUSE_CLOSES = regex.compile(r"^" + OSP + r"(?:[.,;)\"”]|$|\n)")


def _word_set(key: str) -> frozenset[str]:
    return frozenset(w.lower() for w in RULES[key])


YEAR_CONTEXT_BEFORE = _word_set("year_context_before")
YEAR_BLOCKED_BEFORE = _word_set("year_blocked_before")
YEAR_BLOCKED_AFTER = _word_set("year_blocked_after")
RELATIVE_BLOCKED_BEFORE = _word_set("relative_blocked_before")
FUTURE_MARKERS = _word_set("future_markers")
_KNOWN_WORDS = YEAR_CONTEXT_BEFORE | YEAR_BLOCKED_BEFORE | RELATIVE_BLOCKED_BEFORE
BARE_YEAR_MIN = RULES["bare_year_min"]
BARE_YEAR_MAX = RULES["bare_year_max"]


class Found(NamedTuple):
    """One match: the span it covers and the date mentions it yields (a range yields two)."""

    start: int
    end: int
    mentions: tuple[tuple[int, int, str], ...]  # (start, end, value)
    full_date: bool = False  # a day, month and year all written out (candidates for ``published``)
    relative: bool = False  # a relative phrase ("kemarin", "minggu lalu")


class _Context:
    """What the handlers need besides the match: the text and the article's date."""

    def __init__(self, text: str, published: Optional[dt.date]):
        self.text = text
        self.published = published
        self._low: Optional[str] = None

    @property
    def low(self) -> str:
        """``folded(text)``."""
        if self._low is None:
            self._low = folded(self.text)
        return self._low

    def before(self, pos: int, width: int = 40) -> str:
        return self.text[max(0, pos - width):pos]

    def after(self, pos: int, width: int = 40) -> str:
        return self.text[pos:pos + width]

    def line_before(self, pos: int) -> str:
        """The text from the start of the line up to ``pos``."""
        return self.text[self.text.rfind("\n", 0, pos) + 1:pos]

    def copyright_before(self, pos: int) -> bool:
        """Whether a copyright mark (``©``, ``(c)``, ``copyright``, ``hak cipta``) stands on the line before ``pos``.

        The pattern is run only when the folded line holds one of the marks' literal parts.
        """
        line_start = self.text.rfind("\n", 0, pos) + 1
        find = self.low.find
        if (find("hak", line_start, pos) < 0 and find("©", line_start, pos) < 0 and find("(c)", line_start, pos) < 0
                and find("copyright", line_start, pos) < 0):
            return False
        return COPYRIGHT_LINE.search(self.text[line_start:pos]) is not None

    def weekday_before(self, pos: int) -> Optional[int]:
        m = WEEKDAY_BEFORE.search(self.before(pos, 30))
        return WEEKDAYS[_norm(m.group("wd"))] if m else None


def _norm(word: str) -> str:
    return _BLANKS.sub(" ", word.casefold()).rstrip(".")


@functools.lru_cache(maxsize=256)
def _month(word: str) -> int:
    return MONTHS[_norm(word)]


def _period_number(word: str) -> int:
    return PERIOD_NUMBERS[word.casefold()]


def _iso(d: dt.date) -> str:
    return d.isoformat()


def _safe_date(y: int, m: int, d: int) -> Optional[dt.date]:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _shift_month(year: int, month: int, offset: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + offset
    return index // 12, index % 12 + 1


def _resolve_relative(unit: str, offset: int, published: dt.date) -> str:
    """The value of a relative expression (``tahun lalu`` = published year - 1)."""
    if unit == "day":
        return _iso(published + dt.timedelta(days=offset))
    if unit == "week":
        year, week, _ = (published + dt.timedelta(weeks=offset)).isocalendar()
        return f"{year}-W{week:02d}"
    if unit == "month":
        y, m = _shift_month(published.year, published.month, offset)
        return f"{y}-{m:02d}"
    if unit == "half":
        index = published.year * 2 + (published.month - 1) // 6 + offset
        return f"{index // 2}-H{index % 2 + 1}"
    if unit == "quarter":
        index = published.year * 4 + (published.month - 1) // 3 + offset
        return f"{index // 4}-Q{index % 4 + 1}"
    return str(published.year + offset)


def _relative_year(word: Optional[str], published: Optional[dt.date]) -> Optional[int]:
    """The year of ``tahun ini/lalu/depan`` after a month or period, or None without the article's date."""
    if word is None or published is None:
        return None
    return published.year + RELATIVE["tahun " + word.lower()][1]


def _year_for_day_month(ctx: _Context, day: int, month: int, start: int, end: int) -> Optional[dt.date]:
    """The date of a day-month without year: the one nearest the article's date, or as its context says."""
    if ctx.published is None:
        return None
    p = ctx.published
    options = [d for y in (p.year - 1, p.year, p.year + 1) if (d := _safe_date(y, month, day))]
    if not options:
        return None
    after = ctx.after(end)
    if PAST_AFTER.match(after):
        past = [d for d in options if d <= p]
        options = past or options
    elif FUTURE_AFTER.match(after):
        future = [d for d in options if d >= p]
        options = future or options
    weekday = ctx.weekday_before(start)
    if weekday is not None:
        options = [d for d in options if d.weekday() == weekday] or options
    return min(options, key=lambda d: abs((d - p).days))


# --- handlers: one per pattern, each turning a match into a Found (or None) -------------------------


def _numeric_dmy(m, ctx: _Context) -> Optional[Found]:
    y = m.group("y")
    if len(y) == 2:
        if m.group("sep") == ".":
            return None  # 1.10.20 is more likely a number than a date
        if m.group("sep") == "-" and not (OPEN_PAREN_BEFORE.search(ctx.before(m.start()))
                                          or ctx.weekday_before(m.start()) is not None):
            return None  # "4-3-20" may be a score or a code
        y = ("20" if int(y) <= 50 else "19") + y
    date = _safe_date(int(y), int(m.group("m")), int(m.group("d")))
    if date is None or not 1900 <= date.year <= 2099:
        return None
    date = _correct_weekday_slip(ctx, date, m.start())
    return Found(m.start(), m.end(), ((m.start(), m.end(), _iso(date)),), full_date=True)


def _correct_weekday_slip(ctx: _Context, date: dt.date, start: int) -> dt.date:
    """``Jumat (8/11/2023)`` in an article of Friday 8 December 2023: the month is a slip for the article's date.

    Only when the written weekday contradicts the written date, while the article's date has the same
    day of the month, the written weekday, and lies within two months.
    """
    p = ctx.published
    if p is None or p.day != date.day:
        return date
    weekday = ctx.weekday_before(start)
    if weekday is None or date.weekday() == weekday:
        return date
    if p.weekday() == weekday and abs((p - date).days) <= 62:
        return p
    return date


def _numeric_dm(m, ctx: _Context) -> Optional[Found]:
    s, e = m.span()
    before, after = ctx.before(s), ctx.after(e)
    in_parentheses = CLOSE_PAREN_AFTER.match(after) and OPEN_PAREN_BEFORE.search(before)
    if not in_parentheses:
        dateline = DATELINE_AFTER.match(after) and DATELINE_BEFORE.search(before)
        if not dateline:
            after_word = DM_CONTEXT_BEFORE.search(before) and not FRACTION_AFTER.match(after)
            if not (after_word or ctx.weekday_before(s) is not None):
                return None
    date = _year_for_day_month(ctx, int(m.group("d")), int(m.group("m")), s, e)
    if date is None:
        return None
    return Found(s, e, ((s, e, _iso(date)),))


def _word_dmy(m, ctx: _Context) -> Optional[Found]:
    month = _month(m.group("mon"))
    if m.group("y"):
        year = int(m.group("y"))
    else:
        year = _relative_year(m.group("ry"), ctx.published)
        if year is None:
            return None
    return _day_range(m, ctx, lambda day: _safe_date(year, month, day), full=m.group("y") is not None)


def _day_month_range(m, ctx: _Context) -> Optional[Found]:
    year = int(m.group("y"))
    first_month, last_month = _month(m.group("mon")), _month(m.group("mon2"))
    first = _safe_date(year if first_month <= last_month else year - 1, first_month, int(m.group("d")))
    last = _safe_date(year, last_month, int(m.group("d2")))
    if first is None or last is None:
        return None
    return Found(m.start(), m.end(), (
        (m.start(), m.end("mon"), _iso(first)), (m.start("d2"), m.end(), _iso(last))))


def _iso_date(m, ctx: _Context) -> Optional[Found]:
    date = _safe_date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    if date is None:
        return None
    return Found(m.start(), m.end(), ((m.start(), m.end(), _iso(date)),), full_date=True)


def _word_dm(m, ctx: _Context) -> Optional[Found]:
    month = _month(m.group("mon"))
    return _day_range(m, ctx, lambda day: _year_for_day_month(ctx, day, month, m.start(), m.end()))


def _day_range(m, ctx: _Context, date_of: Callable[[int], Optional[dt.date]], full: bool = False) -> Optional[Found]:
    """``1 Juli 2022``, or a range or list of days (``1-3 Juli 2022``: ``1`` and ``3 Juli 2022``)."""
    if not m.captures("d2"):
        date = date_of(int(m.group("d")))
        if date is None:
            return None
        if full:
            date = _correct_weekday_slip(ctx, date, m.start())
        return Found(m.start(), m.end(), ((m.start(), m.end(), _iso(date)),), full_date=full)
    spans = [(m.start("d"), m.end("d"))] + list(zip(m.starts("d2"), m.ends("d2")))
    spans[-1] = (spans[-1][0], m.end())
    days = [m.group("d")] + m.captures("d2")
    dates = [date_of(int(day)) for day in days]
    if any(d is None for d in dates):
        return None
    return Found(m.start(), m.end(), tuple((s, e, _iso(d)) for (s, e), d in zip(spans, dates)))


def _month_year(m, ctx: _Context) -> Optional[Found]:
    year = int(m.group("y")) if m.group("y") else _relative_year(m.group("ry"), ctx.published)
    if year is None:
        return None
    value = f"{year}-{_month(m.group('mon')):02d}"
    return Found(m.start(), m.end(), ((m.start(), m.end(), value),))


def _month_relative(m, ctx: _Context) -> Optional[Found]:
    p = ctx.published
    if p is None:
        return None
    month = _month(m.group("mon"))
    if m.group("rel").lower() == "ini":
        year = p.year
    elif _norm(m.group("rel")) in FUTURE_MARKERS:
        year = p.year if month >= p.month else p.year + 1
    else:
        year = p.year if month <= p.month else p.year - 1
    return Found(m.start(), m.end(), ((m.start(), m.end(), f"{year}-{month:02d}"),))


def _month_alone(m, ctx: _Context) -> Optional[Found]:
    p = ctx.published
    if p is None or not (m.group("ctx") or m.group("mod") or m.group("bulan")):
        return None
    month = _month(m.group("mon"))
    options = [(y, month) for y in (p.year - 1, p.year, p.year + 1)]
    year, _ = min(options, key=lambda ym: abs((ym[0] * 12 + ym[1]) - (p.year * 12 + p.month)))
    if m.group("ctx") and _RANGE_WORD_ONLY.match(m.group("ctx")):
        earlier = RANGE_START_BEFORE.search(ctx.before(m.start("ctx")))
        if earlier:  # "Januari 2023 hingga Juni": the year of the range's start
            first_month = _month(earlier.group("mon")) if earlier.group("mon") else 1
            year = int(earlier.group("y")) + (1 if month < first_month else 0)
    start = m.start("mod") if m.group("mod") else m.start("mon")
    return Found(start, m.end(), ((start, m.end(), f"{year}-{month:02d}"),))


def _month_range(m, ctx: _Context) -> Optional[Found]:
    year = int(m.group("y"))
    first, last = _month(m.group("mon")), _month(m.group("mon2"))
    first_year = year if first <= last else year - 1
    return Found(m.start(), m.end(), (
        (m.start("mon"), m.end("mon"), f"{first_year}-{first:02d}"),
        (m.start("mon2"), m.end(), f"{year}-{last:02d}"),
    ))


def _year_with_word(m, ctx: _Context) -> Optional[Found]:
    y = m.group("y")
    if not m.group("y2"):
        return Found(m.start(), m.end(), ((m.start(), m.end(), y),))
    y2 = m.group("y2")
    if not _is_year_range(y, y2, m.group("join")):
        return Found(m.start(), m.end("y"), ((m.start(), m.end("y"), y),))
    return Found(m.start(), m.end(), ((m.start(), m.end("y"), y), (m.start("y2"), m.end(), y2)))


def _is_year_range(y: str, y2: str, join: str) -> bool:
    if "/" in join:
        return int(y2) == int(y) + 1
    return int(y2) > int(y)


def _modified_year(m, ctx: _Context) -> Optional[Found]:
    return Found(m.start(), m.end(), ((m.start(), m.end(), m.group("y")),))


def _year_range(m, ctx: _Context) -> Optional[Found]:
    if not _is_year_range(m.group("y"), m.group("y2"), m.group("join")):
        return None
    if _amount_after(ctx, m.end()):
        return None
    return Found(m.start(), m.end(), (
        (m.start("y"), m.end("y"), m.group("y")), (m.start("y2"), m.end(), m.group("y2"))))


def _amount_after(ctx: _Context, end: int) -> bool:
    """Whether the word after a number makes it an amount ('2014 peserta')."""
    nxt = NEXT_WORD.match(ctx.after(end, 30))
    if not nxt:
        return False
    word = nxt.group(1).lower().strip(TRIM)
    if nxt.group(1)[0] in TRIM and nxt.group(1)[0] not in "(":
        return False  # punctuation right after the number ends the phrase
    return word in YEAR_BLOCKED_AFTER or bool(NUMBER_TOKEN.match(word))


def _bare_year(m, ctx: _Context) -> Optional[Found]:
    s, e = m.span()
    year = int(m.group("y"))
    if not 1900 <= year <= 2099:
        return None
    before = ctx.before(s)
    previous, previous2 = _previous_words(before)
    if previous in YEAR_BLOCKED_BEFORE or previous2 in YEAR_BLOCKED_BEFORE:
        return None
    if ("ke-" in before[-4:] and _KE_DASH_AT_END.search(before)) or ctx.copyright_before(s):
        return None
    strong = previous in YEAR_CONTEXT_BEFORE or previous2 in YEAR_CONTEXT_BEFORE
    if not strong:
        if not BARE_YEAR_MIN <= year <= BARE_YEAR_MAX:
            return None
        if _amount_after(ctx, e) or NUMBER_TOKEN.match(previous or "x"):
            return None
    if ctx.low[e:e + 40].lstrip()[:1] in _RANGE_OPENERS:
        amount = AMOUNT_RANGE_AFTER.match(ctx.after(e))
        if amount and not _looks_like_year(amount.group("n")):
            return None
    amount = AMOUNT_RANGE_BEFORE.search(before)
    if amount and not _looks_like_year(amount.group("n")):
        return None
    return Found(s, e, ((s, e, m.group("y")),))


def _previous_words(before: str) -> tuple[str, str]:
    """The word before a match and the two words before it, lower case; empty after a clause break.

    'sebanyak 2015' gives ('sebanyak', ...); '(21/5/2024). Tahun lalu' gives nothing, since the
    sentence ended before the match.
    """
    if not before[-1:].isspace():
        return "", ""
    words = PREVIOUS_WORDS.search(before)
    if not words:
        return "", ""
    raw = [(w or "").lower() for w in words.groups()]
    cleaned = []
    for w in raw:
        if w in _KNOWN_WORDS:
            cleaned.append(w)
            continue
        w = w.lstrip(TRIM)
        cleaned.append("" if w[-1:] and w[-1] in TRIM else w)
    previous = cleaned[1]
    if not previous:
        return "", ""
    return previous, f"{cleaned[0]} {previous}".strip() if cleaned[0] else previous


def _looks_like_year(number: str) -> bool:
    return number.isdigit() and len(number) == 4 and 1900 <= int(number) <= 2099


def _half_year(m, ctx: _Context) -> Optional[Found]:
    if m.group("n").isdigit() and not (m.group("y") or m.group("ry")):
        return None  # "semester 2" alone is more often a school term than a half-year
    return _period(m, ctx, 6, "H")


def _quarter(m, ctx: _Context) -> Optional[Found]:
    if m.group("qn"):
        value = f"{m.group('qy')}-Q{m.group('qn')}"
    elif m.group("tn"):
        value = f"{m.group('ty')}-Q{_period_number(m.group('tn'))}"
    else:
        return _period(m, ctx, 3, "Q")
    return Found(m.start(), m.end(), ((m.start(), m.end(), value),))


def _period(m, ctx: _Context, months: int, letter: str) -> Optional[Found]:
    """A half-year or quarter (``Semester I 2023``), or a list of them (``triwulan I, II dan III 2024``)."""
    year = _period_year(m, ctx)
    if year is None:
        return None
    spans = [(m.start(), m.end("n"))] + list(zip(m.starts("n2"), m.ends("n2")))
    numbers = [_period_number(m.group("n"))] + [_period_number(n) for n in m.captures("n2")]
    if not (m.group("y") or m.group("ry")):
        year = _year_of_unwritten_period(ctx, m.end(), year, months * (numbers[-1] - 1) + 1, months)
    spans[-1] = (spans[-1][0], m.end())
    return Found(m.start(), m.end(), tuple((s, e, f"{year}-{letter}{n}") for (s, e), n in zip(spans, numbers)))


def _year_of_unwritten_period(ctx: _Context, end: int, year: int, first_month: int, months: int) -> int:
    """'semester II lalu' is the last second half before the article's date; 'mendatang' the next one."""
    p = ctx.published
    after = ctx.after(end)
    if PAST_AFTER.match(after) and (year, first_month) > (p.year, p.month):
        return year - 1
    if FUTURE_AFTER.match(after) and (year, first_month + months - 1) < (p.year, p.month):
        return year + 1
    return year


def _period_year(m, ctx: _Context) -> Optional[int]:
    """The year written after a semester or quarter, else from ``tahun ini/lalu``, else the article's year."""
    if m.group("y"):
        return int(m.group("y"))
    if m.group("ry"):
        return _relative_year(m.group("ry"), ctx.published)
    return ctx.published.year if ctx.published else None


def _relative_phrase(m, ctx: _Context) -> Optional[Found]:
    if ctx.published is None:
        return None
    phrase = _norm(m.group("rel"))
    s, e = m.span()
    previous, _ = _previous_words(ctx.before(s))
    if previous in RELATIVE_BLOCKED_BEFORE or NUMBER_TOKEN.match(previous or "x"):
        return None  # "dua tahun lalu", "beberapa bulan lalu": durations
    if phrase == "kemarin" and not _standalone_kemarin(ctx, s, e, previous):
        return None
    unit, offset = RELATIVE[phrase]
    return Found(s, e, ((s, e, _resolve_relative(unit, offset, ctx.published)),), relative=True)


_KEMARIN_BEFORE = _word_set("kemarin_context_before")


def _standalone_kemarin(ctx: _Context, start: int, end: int, previous: str) -> bool:
    """``kemarin`` meaning yesterday: after a comma or ``pada``, or closing a clause (not 'Agustus 2019 kemarin')."""
    before = ctx.before(start).rstrip()
    if before.endswith(","):
        return True
    if previous in _KEMARIN_BEFORE:
        return True
    if _DIGIT_AT_END.search(before) or _MONTH_AT_END.search(before):
        return False
    return bool(_CLAUSE_CLOSES.match(ctx.after(end)))


def _weekday_relative(m, ctx: _Context) -> Optional[Found]:
    p = ctx.published
    if p is None:
        return None
    wd_word = m.group("wd")
    if wd_word.lower() == "minggu" and wd_word.islower() and not m.group("week"):
        return None  # "minggu lalu" is last week, read by the relative phrases
    weekday = WEEKDAYS[_norm(wd_word)]
    if m.group("week"):
        monday = p - dt.timedelta(days=p.weekday() + 7)
        date = monday + dt.timedelta(days=weekday)
    else:
        back = (p.weekday() - weekday) % 7 or 7
        date = p - dt.timedelta(days=back)
    return Found(m.start(), m.end(), ((m.start(), m.end(), _iso(date)),))


PATTERNS: list[tuple[regex.Pattern, Callable]] = [
    (NUMERIC_DMY, _numeric_dmy),
    (NUMERIC_DM, _numeric_dm),
    (WORD_DMY, _word_dmy),
    (WORD_DM, _word_dm),
    (DAY_MONTH_RANGE, _day_month_range),
    (ISO_DATE, _iso_date),
    (MONTH_ALONE, _month_alone),
    (MONTH_RANGE, _month_range),
    (MONTH_YEAR, _month_year),
    (MONTH_RELATIVE, _month_relative),
    (YEAR_WITH_WORD, _year_with_word),
    (MODIFIED_YEAR, _modified_year),
    (YEAR_RANGE, _year_range),
    (BARE_YEAR, _bare_year),
    (HALF_YEAR, _half_year),
    (QUARTER, _quarter),
    (RELATIVE_PHRASE, _relative_phrase),
    (WEEKDAY_RELATIVE, _weekday_relative),
]


# Where each pattern can start (a superset; see ``extractor.textscan``). A pattern opening with a word
# starts where one of the words of its first element stands, matched case-insensitively (mid-word too
# where the pattern has no \b before them), or one of its words matched with their case.
_MODS = RULES["period_modifiers"]
_WORD_STARTS: dict[regex.Pattern, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # (a match starting at the month name itself has none of the words the handler needs before it)
    MONTH_ALONE: (needles(RULES["month_alone_context"] + _MODS + ["bulan"]), ()),
    MONTH_RANGE: (needles(MONTHS), ()),
    MONTH_YEAR: (needles(_MODS + list(MONTHS)), ()),
    MONTH_RELATIVE: (needles(_MODS + RULES["months_without_year"]), ()),
    YEAR_WITH_WORD: (needles(_MODS + RULES["year_words"]), ("TA",)),
    MODIFIED_YEAR: (needles(_MODS), ()),
    HALF_YEAR: (needles(RULES["half_year_words"]), ()),
    QUARTER: (needles(RULES["quarter_words"]), ("Q", "TW")),
    RELATIVE_PHRASE: (needles(RELATIVE), ()),
    WEEKDAY_RELATIVE: (needles(WEEKDAYS), ()),
}
# A pattern opening with a number starts at a run of digits with no word character, '.' or ',' before
# it: a day (``DAY``, one or two digits) or a year (four), followed by one of the characters its next
# element can open with ("blank": a blank within the line).
_DAY_RUN, _YEAR_RUN = (1, 2), (4,)
_DIGIT_STARTS: dict[regex.Pattern, tuple[tuple[int, ...], str, bool]] = {
    NUMERIC_DMY: (_DAY_RUN, "/.-", False),
    NUMERIC_DM: (_DAY_RUN, "/", False),
    WORD_DMY: (_DAY_RUN, "-–—,", True),  # LIST_JOIN or SP
    WORD_DM: (_DAY_RUN, "-–—,", True),
    DAY_MONTH_RANGE: (_DAY_RUN, "", True),
    ISO_DATE: (_YEAR_RUN, "-/", False),
    YEAR_RANGE: (_YEAR_RUN, "-–—/", True),
    BARE_YEAR: (_YEAR_RUN, "", True),  # and anything else: tried at every four-digit run
}
_ANY_AFTER = {BARE_YEAR}
# The runs that some pattern may start at: a day run followed by a character of one of the day patterns'
# sets or a blank, or a year run (its patterns are told apart by ``_digit_patterns``).
_DIGIT_RUN = regex.compile(r"(?<![\w.,])(?:\d{1,2}(?=[/.,\-–—]|[^\S\n])|\d{4}(?!\d))")

# needle -> the patterns that may start where it stands
_NEEDLE_PATTERNS: dict[str, list[int]] = {}
_CASED_PATTERNS: dict[str, list[int]] = {}
for _i, (_pattern, _) in enumerate(PATTERNS):
    if _pattern in _WORD_STARTS:
        _folded_words, _cased_words = _WORD_STARTS[_pattern]
        for _needle in _folded_words:
            _NEEDLE_PATTERNS.setdefault(_needle, []).append(_i)
        for _word in _cased_words:
            _CASED_PATTERNS.setdefault(_word, []).append(_i)
# Patterns that hold one or two month names from their start on, on the same line (their blanks are
# [^\S\n]): they are tried only where as many month names may start from there before a line break.
# The places where a month name may start are listed under the index _MONTH_PLACES; those where a month
# name written out (MONTH_WITHOUT_YEAR: "Juli", not "Jul") may start, under _FULL_MONTH_PLACES.
_MONTHS_NEEDED = {WORD_DMY: 1, DAY_MONTH_RANGE: 2, MONTH_RANGE: 2, MONTH_YEAR: 1}
_FULL_MONTHS_NEEDED = {WORD_DM: 1, MONTH_ALONE: 1, MONTH_RELATIVE: 1}
_MONTH_PLACES, _FULL_MONTH_PLACES = len(PATTERNS), len(PATTERNS) + 1
_NEED_MONTH = [(i, needed[pattern], places) for i, (pattern, _) in enumerate(PATTERNS)
               for needed, places in ((_MONTHS_NEEDED, _MONTH_PLACES), (_FULL_MONTHS_NEEDED, _FULL_MONTH_PLACES))
               if pattern in needed]
for _needle in needles(MONTHS):
    _NEEDLE_PATTERNS.setdefault(_needle, []).append(_MONTH_PLACES)
for _needle in needles(RULES["months_without_year"]):
    _NEEDLE_PATTERNS.setdefault(_needle, []).append(_FULL_MONTH_PLACES)
_START_WORDS = SHARED_SCAN.register(_NEEDLE_PATTERNS)  # one pass with the legal references' start words
_CASED_WORDS = CASED_SCAN.register(_CASED_PATTERNS)


@functools.lru_cache(maxsize=64)
def _cased_patterns_at(hit: str) -> tuple[int, ...]:
    """The patterns that may start where the cased scan found ``hit`` (none for another finder's word)."""
    return tuple(sorted({i for word in _CASED_WORDS.prefixes(hit) for i in _CASED_PATTERNS[word]}))


@functools.lru_cache(maxsize=1024)
def _patterns_at(hit: str) -> tuple[int, ...]:
    """The patterns that may start where the shared scan found ``hit`` (none for another finder's word)."""
    return tuple(sorted({i for needle in _START_WORDS.prefixes(hit) for i in _NEEDLE_PATTERNS[needle]}))


@functools.lru_cache(maxsize=512)
def _digit_patterns(run: int, after: str) -> tuple[int, ...]:
    """The patterns that may start at a run of ``run`` digits followed by ``after`` (one character or none)."""
    blank = after.isspace() and after != "\n"  # str.isspace() holds for every character regex's \s matches
    out = []
    for i, (pattern, _) in enumerate(PATTERNS):
        if pattern in _DIGIT_STARTS:
            runs, chars, blank_ok = _DIGIT_STARTS[pattern]
            if run in runs and (pattern in _ANY_AFTER or (after and after in chars) or (blank_ok and blank)):
                out.append(i)
    return tuple(out)


def _pattern_starts(text: str) -> tuple[tuple[int, ...], ...]:
    """For each pattern, the sorted places in ``text`` where it may start."""
    out: list[list[int]] = [[] for _ in range(len(PATTERNS) + 2)]
    for m in _DIGIT_RUN.finditer(text):
        start, end = m.span()
        for i in _digit_patterns(end - start, text[end:end + 1]):
            out[i].append(start)
    for place, hit in SHARED_SCAN.hits(text):
        for i in _patterns_at(hit):
            out[i].append(place)
    cased = [(place, indices) for place, hit in CASED_SCAN.hits(text) if (indices := _cased_patterns_at(hit))]
    if cased:
        for i in {i for _, indices in cased for i in indices}:
            out[i] = sorted(set(out[i]).union(place for place, indices in cased if i in indices))
    # a place keeps the patterns needing ``count`` month names if the count-th month place from it is on its line
    month_places = {index: (months := out[index], [text.rfind("\n", 0, month) + 1 for month in months])
                    for index in (_MONTH_PLACES, _FULL_MONTH_PLACES)}
    for i, count, index in _NEED_MONTH:
        if out[i]:
            months, line_starts = month_places[index]
            out[i] = [place for place in out[i]
                      if (k := bisect.bisect_left(months, place) + count - 1) < len(months) and line_starts[k] <= place]
    return tuple(map(tuple, out[:len(PATTERNS)]))


def _matches(text: str, length: int) -> tuple[tuple, ...]:
    """Every match of every pattern in ``text[:length]``, each at every place it starts, in pattern order.

    The same as ``pattern.finditer(text[:length], overlapped=True)``, tried only where it may start.
    """
    if length < len(text):
        return _head_matches(text, length)
    return _scan(text)[1]


@per_text()
def _scan(text: str) -> tuple[tuple[tuple[int, ...], ...], tuple[tuple, ...]]:
    """For each pattern, the places in ``text`` where it may start and its matches there."""
    starts = _pattern_starts(text)
    out = []
    for (pattern, _), pattern_starts in zip(PATTERNS, starts):
        if not pattern_starts:
            out.append(())
            continue
        match = pattern.match
        out.append(tuple([m for s in pattern_starts if (m := match(text, s)) is not None]))
    return starts, tuple(out)


@per_text()
def _head_matches(text: str, length: int) -> tuple[tuple, ...]:
    """The matches in ``text[:length]``: those of the whole text up to its head's last line break, then the
    head's last line matched on its own.

    No pattern consumes a newline (they only use ``[^\\S\\n]``, ``\\w``, ``\\d``, literals and classes
    without one), so a match tried before a line break never looks past that break: it is the same in
    the head as in the whole text.
    """
    head = text[:length]
    last_break = head.rfind("\n")
    out = []
    for (pattern, _), starts, whole in zip(PATTERNS, *_scan(text)):
        # both in text order: the whole text's matches up to the break, then the last line's
        found = list(whole[:bisect.bisect_right(whole, last_break, key=_match_start)])
        match = pattern.match
        last_line = starts[bisect.bisect_right(starts, last_break):bisect.bisect_right(starts, length)]
        found += [m for s in last_line if (m := match(head, s)) is not None]
        out.append(tuple(found))
    return tuple(out)


def _match_start(m) -> int:
    return m.start()


def _candidates(text: str, published: Optional[dt.date], length: Optional[int] = None) -> list[Found]:
    """Non-overlapping matches outside legal references, longest first at each place, in text order.

    With ``length``, those of ``text[:length]`` (the head of an article).
    """
    if length is not None and length < len(text):
        return list(_head_candidates(text, published, length))
    return list(_all_candidates(text, published))


@per_text()
def _all_candidates(text: str, published: Optional[dt.date]) -> tuple[Found, ...]:
    return _choose(text, _matches(text, len(text)), published, find_legal_references(text))


@per_text()
def _head_candidates(text: str, published: Optional[dt.date], length: int) -> tuple[Found, ...]:
    return _choose(text[:length], _matches(text, length), published, find_legal_references(text, length))


# The handlers whose result does not depend on the article's date.
_DATE_FREE_HANDLERS = frozenset({_day_month_range, _iso_date, _month_range, _year_with_word, _modified_year,
                                 _year_range, _bare_year})


# The handlers whose candidate, when there is one, covers their whole match.
_SPAN_KEEPING_HANDLERS = frozenset(handler for _, handler in PATTERNS) - {_month_alone, _year_with_word}


@per_text()
def _date_free_results(text: str) -> dict:
    """The results of the date-free handlers on the matches in ``text``, by match (filled by ``_choose``).

    A text read with and without the article's date (``find_published``, then the dates layer) runs
    them once.
    """
    return {}


def _choose(text: str, matches: tuple[tuple, ...], published: Optional[dt.date],
            legal: list[tuple[int, int]]) -> tuple[Found, ...]:
    """The matches' date mentions outside the legal references ``legal``, the longest where they overlap.

    The candidates are taken longest first (then by start, then in pattern order), each kept unless it
    overlaps one kept before. A handler's span lies within its match, so a match's own span bounds its
    place in that order: the matches wait in a heap under that bound and run their handler only when
    they come first. A match whose handler gives its own span (``_SPAN_KEEPING_HANDLERS``) and that
    overlaps a kept candidate by then is dropped without running it ("2021" in "Mei 2021").
    """
    ctx = _Context(text, published)
    known = _date_free_results(text)
    # (minus the length, start, order, match or candidate, handler or None once run)
    queue: list[tuple] = []
    order = 0
    for (_, handler), pattern_matches in zip(PATTERNS, matches):
        if not pattern_matches:
            continue
        for m in pattern_matches:
            s, e = m.span()
            if legal and any(ls < e and s < le for ls, le in legal):
                continue
            queue.append((s - e, s, order, m, handler))
            order += 1
    heapq.heapify(queue)
    chosen: list[Found] = []
    # the chosen spans, sorted; they do not overlap, so their ends are in the same order as their starts
    taken_starts: list[int] = []
    taken_ends: list[int] = []
    pop, push, bisect_left = heapq.heappop, heapq.heappush, bisect.bisect_left
    while queue:
        negative_length, start, order, item, handler = pop(queue)
        end = start - negative_length
        i = bisect_left(taken_starts, end)  # the chosen spans starting before this one ends
        overlaps = i and taken_ends[i - 1] > start
        if handler is None:  # a candidate, in its place
            if overlaps:
                continue
            chosen.append(item)
            taken_starts.insert(i, start)
            taken_ends.insert(i, end)
            continue
        if overlaps and handler in _SPAN_KEEPING_HANDLERS:
            continue
        m = item
        date_free = handler in _DATE_FREE_HANDLERS
        if date_free and m in known:
            item = known[m]
        else:
            try:
                item = handler(m, ctx)
            except KeyError:
                item = None  # a word the pattern matched by Unicode case folding that no word list spells
            if date_free:
                known[m] = item
        if item is not None:
            push(queue, (item.start - item.end, item.start, order, item, None))
    chosen.sort(key=lambda f: f.start)
    return tuple(item for i, item in enumerate(chosen)
                 if not (item.relative and i and _JUST_BLANKS.fullmatch(text[chosen[i - 1].end:item.start])))


# A relative phrase right after a date qualifies it ("Agustus 2019 kemarin", "30 Agustus minggu lalu").
_JUST_BLANKS = regex.compile(r"[^\S\n]*")


def _parse_published(published: Optional[str]) -> Optional[dt.date]:
    if not published:
        return None
    try:
        return dt.date.fromisoformat(published[:10])
    except ValueError:
        return None


def find_dates(text: str, published: Optional[str] = None) -> list[DateMention]:
    """The date expressions of ``text`` in text order; relative ones resolved against ``published`` (YYYY-MM-DD)."""
    return list(_date_mentions(text, _parse_published(published)))


@per_text()
def _date_mentions(text: str, published: Optional[dt.date]) -> tuple[DateMention, ...]:
    mentions = []
    for item in _all_candidates(text, published):
        for start, end, value in item.mentions:
            mentions.append(_date_mention({"text": text[start:end], "start": start, "end": end, "value": value}))
    return tuple(mentions)


# --- the article's own date ---------------------------------------------------------------------------

PUBLISHED_WINDOW = 1500  # characters from the top where a dateline or byline date may stand


def find_published(text: str) -> Optional[str]:
    """The article's date (YYYY-MM-DD) from a byline or dateline near the top, or None.

    A full date counts when a weekday stands before it (``Selasa (21/5/2024)``, ``Jumat 31 Des 2021``),
    a time after it (``02 Januari 2018 - 17:16 WIB``), a publish word before it, it stands alone on its
    line, or it opens a dateline (``Jakarta, 12 Mei 2017 -``). A day/month without year takes a year
    the text names: after a weekday (``Rabu (27/11)``), the one in which that day is that weekday; in a
    dateline (``Ternate, 23/8 (Antara)``), the latest.
    """
    head = text[:PUBLISHED_WINDOW]
    ctx = _Context(head, None)
    if _may_hold_byline_date(text, ctx):
        for item in _candidates(text, None, PUBLISHED_WINDOW):
            if item.full_date and _anchored(ctx, item):
                return item.mentions[0][2]
    years = sorted({int(m.value[:4]) for m in find_dates(text, None)}, reverse=True)
    if not years:
        return None
    for m in NUMERIC_DM.finditer(head):
        day, month = int(m.group("d")), int(m.group("m"))
        weekday = ctx.weekday_before(m.start())
        if weekday is not None:
            for year in _candidate_years(years):
                date = _safe_date(year, month, day)
                if date and date.weekday() == weekday:
                    return _iso(date)
            return None
        if DATELINE_BEFORE.search(ctx.before(m.start())) and DATELINE_AFTER.match(ctx.after(m.end())):
            date = _safe_date(years[0], month, day)
            return _iso(date) if date else None
    return None


# The patterns whose handlers may give a full date (``Found.full_date``).
_FULL_DATE_PATTERNS = tuple(i for i, (pattern, _) in enumerate(PATTERNS) if pattern in (NUMERIC_DMY, WORD_DMY, ISO_DATE))


def _may_hold_byline_date(text: str, ctx: _Context) -> bool:
    """Whether the head ``ctx.text`` of ``text`` holds a match of a pattern that may give a full date, standing
    where a byline date would (``_anchored``). A full date covers its whole match, so without such a match no
    candidate of the head is a byline date, and the head's candidates need not be found."""
    matches = _matches(text, len(ctx.text))
    return any(_anchored(ctx, Found(m.start(), m.end(), ())) for i in _FULL_DATE_PATTERNS for m in matches[i])


def _candidate_years(years: list[int]) -> list[int]:
    """Years named in the text first (latest first), then the years next to them."""
    ordered = list(years)
    for y in years:
        for near in (y + 1, y - 1):
            if near not in ordered:
                ordered.append(near)
    return ordered


PUBLISH_WORD_BEFORE = _compile(
    r"\b" + _alt(RULES["publish_words"]) + r"\b[^\S\n]*(?:pada)?[^\S\n]*[:,]?[^\S\n]*$"
)
_DATE_LINE_REST = _compile(
    r"[^\S\n]*[,|:()–—-]*[^\S\n]*(?:\d{1,2}[:.]\d{2}(?:[^\S\n]*(?:WIB|WITA|WIT))?)?[^\S\n]*[,|()–—-]*[^\S\n]*"
)


def _anchored(ctx: _Context, item: Found) -> bool:
    """Whether a full date stands as a byline or dateline: weekday before, time after, publish word, own line."""
    if ctx.weekday_before(item.start) is not None:
        return True
    if TIME_AFTER.match(ctx.after(item.end)):
        return True
    if PUBLISH_WORD_BEFORE.search(ctx.before(item.start, 40)):
        return True
    line_start = ctx.text.rfind("\n", 0, item.start) + 1
    line_end = ctx.text.find("\n", item.end)
    line_end = len(ctx.text) if line_end < 0 else line_end
    if _DATE_LINE_REST.fullmatch(ctx.text[line_start:item.start]) and _DATE_LINE_REST.fullmatch(ctx.text[item.end:line_end]):
        return True
    return bool(DATELINE_BEFORE.search(ctx.before(item.start)) and DATELINE_AFTER.match(ctx.after(item.end)))
