"""How precisely a figure was written: the interval of true values it stands for.

``2,1 juta`` stands for 2 050 000 to 2 150 000; ``77,5%`` for 77,45 to 77,55; ``4.248.807`` for
itself. ``sekitar`` widens the interval to at least 1% of the value; ``lebih dari`` and ``minimal``
open it upwards, ``kurang dari``, ``hampir`` and ``maksimal`` downwards. Comparing intervals instead
of values keeps a rounded figure from being flagged as a contradiction.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from decimal import Decimal, InvalidOperation
from typing import NamedTuple, Optional

import regex

from ..quantities.numbers import parse_digits, split_digits
from ..textscan import on_clear_caches

_NUMERAL = regex.compile(r"\d[\d.,]*\d|\d")
_SCALE_WORD = regex.compile(r"(?i)ribu|juta|miliar|milyar|triliun|\brb\b|\bjt\b|(?-i:\b[MT]\b)")


class Interval(NamedTuple):
    """The values from ``low`` to ``high`` (either may be infinite)."""

    low: float
    high: float

    def overlaps(self, other: "Interval") -> bool:
        return self.low <= other.high and other.low <= self.high

    def __truediv__(self, other: "Interval") -> "Interval":
        if other.low <= 0:
            return Interval(self.low / other.high if other.high > 0 else 0.0, math.inf)
        return Interval(self.low / other.high, self.high / other.low)

    def __sub__(self, other: "Interval") -> "Interval":
        return Interval(self.low - other.high, self.high - other.low)

    def scaled(self, factor: float) -> "Interval":
        return Interval(self.low * factor, self.high * factor)

    @property
    def mid(self) -> float:
        if math.isinf(self.high):
            return self.low
        if math.isinf(self.low):
            return self.high
        return (self.low + self.high) / 2


def half_unit(text: Optional[str], value: float) -> float:
    """Half of the last written digit's unit: '2,1 juta' -> 50 000; exact for spelled-out numbers."""
    if not text:
        return 0.0
    written = _written_figure(text)
    if written is None:
        return 0.0
    number, exponent = written
    scale = float(value) / number
    return 0.5 * scale * (10.0 ** exponent)


@lru_cache(maxsize=4096)  # keyed on an article's own figures: forgotten by textscan.clear_caches()
def _written_figure(text: str) -> Optional[tuple[float, int]]:
    """The value of a figure's numeral as written ('2,1' of '2,1 juta') and the exponent of its last digit
    (0 for a whole number); None if it has none, cannot be read or is zero.

    An ASCII text (nearly every figure) is read from its digit strings, without regex or Decimal; the
    general path (parse_digits, Decimal) reads the rest the same way."""
    if text.isascii():
        digits = _ascii_digits(text)
        if digits is not _UNSURE:
            if digits is None:
                return None
            whole, frac = digits
            significant = frac.rstrip("0")
            if not significant and not whole.strip("0"):
                return None  # zero
            return float(f"{whole}.{frac}" if frac else whole), -len(significant)
    m = _NUMERAL.search(text)
    if not m:
        return None
    numeral = m.group().rstrip(".,")
    percent = "%" in text or "persen" in text.lower()
    scaled = bool(_SCALE_WORD.search(text))
    try:
        written, _ = parse_digits(numeral, scaled=scaled, percent=percent)
    except (InvalidOperation, ValueError):
        return None
    if written == 0:
        return None
    exponent = written.normalize().as_tuple().exponent if written != written.to_integral_value() else 0
    return float(written), exponent


_ASCII_NUMERAL = re.compile(r"[0-9][0-9.,]*[0-9]|[0-9]")  # _NUMERAL in an ASCII text
_UNSURE = object()


def _ascii_digits(text: str):
    """For an ASCII text: the whole and fractional digits of its first numeral as ``split_digits`` reads it:
    ``2,1 juta`` -> ('2', '1'); ``4.248.807`` -> ('4248807', ''). None if it has none or it cannot be
    read; _UNSURE where a Decimal could not hold every digit (the general path decides)."""
    m = _ASCII_NUMERAL.search(text)
    if not m:
        return None
    split = split_digits(m.group())
    if split is not None and split[2] and ("%" in text or "persen" in text.lower() or _SCALE_WORD.search(text)):
        split = split_digits(m.group(), scaled=True)  # 4,048 juta: a decimal comma
    if split is None:
        return None
    whole, frac, _ = split
    if len(whole) + len(frac) > 28:
        return _UNSURE  # beyond a Decimal's precision: normalize() would round
    return whole, frac


def interval(value: float, text: Optional[str], qualifier: str = "exact", is_percent: bool = False) -> Interval:
    """The values a written figure stands for. A figure may also have been cut rather than rounded
    (98,79% written '98 persen', 221.635 written '221 ribu'), so its interval reaches one unit up;
    a rate at most 1 point either way."""
    value = float(value)
    half = written_half = half_unit(text, value)
    if qualifier == "approx":
        half = max(half, 1.0 if is_percent else 0.01 * abs(value))
    up = max(half, 2 * written_half)  # '221 ribu' may be 221.635 cut, not rounded
    if is_percent:
        half, up = min(half, 1.0), min(up, 1.0)
    low, high = value - half, value + up
    if qualifier in ("more_than", "at_least"):
        high = math.inf
    elif qualifier in ("less_than", "at_most"):
        low = -math.inf
    return Interval(low, high)


on_clear_caches(_written_figure.cache_clear)
