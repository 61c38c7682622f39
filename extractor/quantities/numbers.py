"""Indonesian numerals: digits with Indonesian (1.076.232,5) or English (8,157,582; 95.87) separators,
and spelled-out numbers (dua ratus lima puluh ribu, dua koma lima juta)."""

from __future__ import annotations

from decimal import Decimal
from typing import Optional

import regex

from .rules import RULES

def _thousand_groups(groups: list[str]) -> bool:
    """``['1', '076', '232']``: one to three digits, then at least one group of exactly three."""
    return (len(groups) >= 2 and 1 <= len(groups[0]) <= 3 and groups[0].isdecimal()
            and all(len(g) == 3 and g.isdecimal() for g in groups[1:]))


def split_digits(numeral: str, scaled: bool = False, percent: bool = False) -> Optional[tuple[str, str, bool]]:
    """The whole and fractional digits of a digit numeral, and whether the reading is a guess between
    two conventions; None if no convention reads it. The one place the separator conventions live.

    ``1.076.232,5`` -> ('1076232', '5'); ``96,91`` -> ('96', '91'); ``8,157,582`` -> ('8157582', '');
    ``2,510.30`` -> ('2510', '30'); ``95.87`` -> ('95', '87'). ``259,217`` is ambiguous: a decimal comma
    before a scale word or a percent (``4,048 juta``), otherwise thousands (a count in the English style).
    """
    dots, commas = numeral.count("."), numeral.count(",")
    if not (dots or commas):
        return (numeral, "", False) if numeral.isdecimal() else None
    if dots and commas <= 1:  # 1.076.232 or 1.076.232,5: dots group thousands
        head, comma, tail = numeral.partition(",")
        groups = head.split(".")
        if _thousand_groups(groups) and (not comma or tail.isdecimal()):
            return "".join(groups), tail, False
    if commas and (commas > 1 or dots == 1):  # 8,157,582 or 2,510.30: commas group thousands
        head, dot, tail = numeral.partition(".")
        groups = head.split(",")
        if _thousand_groups(groups) and (not dot or tail.isdecimal()):
            return "".join(groups), tail, False
    if commas == 1 and not dots:
        head, _, tail = numeral.partition(",")
        if head.isdecimal() and tail.isdecimal():
            if len(head) <= 3 and len(tail) == 3 and not (scaled or percent):
                return head + tail, "", True
            return head, tail, False
    if dots == 1 and not commas:
        head, _, tail = numeral.partition(".")
        if head.isdecimal() and tail.isdecimal():
            return head, tail, False
    return None


def parse_digits(numeral: str, scaled: bool = False, percent: bool = False) -> tuple[Decimal, bool]:
    """The value of a digit numeral (see ``split_digits``), and whether the reading is a guess.

    Raises ``decimal.InvalidOperation`` for a numeral no convention reads (``1.2.3``).
    """
    split = split_digits(numeral, scaled, percent)
    if split is None:
        return Decimal(numeral), False
    whole, frac, guessed = split
    return Decimal(f"{whole}.{frac}" if frac else whole), guessed


def to_number(value: Decimal | float) -> int | float:
    """An exact integer where the value is whole (1.053 triliun -> 1053000000000), else a float."""
    value = Decimal(str(value)) if isinstance(value, float) else value
    return int(value) if value == value.to_integral_value() else float(value)


UNITS: dict[str, int] = RULES["spelled_units"]
SE_FORMS: dict[str, float] = RULES["spelled_se"]
SCALES: dict[str, float] = {w: v for w, v in RULES["scales"].items()}
_MULTIPLIERS = {"belas": 10, "puluh": 10, "ratus": 100}


def parse_spelled(words: list[str]) -> Optional[float]:
    """The value of spelled-out number words, or None if they do not form one number.

    ``["dua", "ratus", "lima", "puluh", "ribu"]`` -> 250000; ``["dua", "koma", "lima", "juta"]`` -> 2.5e6.
    """
    total = 0.0
    group = 0.0  # the part below the next scale word
    last_unit: Optional[float] = None  # the digit that belas/puluh/ratus would multiply
    decimals: Optional[str] = None  # digits after "koma"
    seen_any = False
    for raw in words:
        w = raw.lower()
        if decimals is not None:
            if w in UNITS:
                decimals += str(UNITS[w])
                continue
            if w in SCALES and decimals:
                group += float("0." + decimals)
                decimals = None
            else:
                return None
        if w in UNITS:
            if last_unit is not None:
                return None  # "dua tiga" is not one number
            group += UNITS[w]
            last_unit = UNITS[w]
        elif w in _MULTIPLIERS:
            if last_unit is None:
                return None
            if w == "belas":
                group += 10
            else:
                group += last_unit * (_MULTIPLIERS[w] - 1)
            last_unit = None
        elif w in SE_FORMS:
            value = SE_FORMS[w]
            if value >= 1000:
                if group:
                    return None  # "dua seribu" is not one number
                total += value
            else:
                group += value
            last_unit = None
        elif w in SCALES:
            if not group and not seen_any:
                return None
            total += (group or 1) * SCALES[w]
            group = 0.0
            last_unit = None
        elif w == "koma":
            if not seen_any:
                return None
            decimals = ""
            last_unit = None
        else:
            return None
        seen_any = True
    if decimals:
        group += float("0." + decimals)
    elif decimals == "":
        return None
    return total + group if seen_any else None
