"""Legal references in Indonesian text: laws, regulations, decrees, articles and clauses.

``find_legal_references(text)`` returns the character spans of references such as
``UU Nomor 24 Tahun 2011``, ``Perpres 82/2018``, ``Peraturan Presiden Nomor 12 Tahun 2025``,
``Keputusan Menteri Kesehatan Nomor HK.01.07/MENKES/1186/2022``, ``Pasal 5 ayat (2)``.
Their numbers are neither quantities nor dates (guidelines sections 1 and 2), so the other layers
drop whatever falls inside these spans.
"""

from __future__ import annotations

from typing import Optional

import regex

from .dates.literals import CASED_SCAN, SHARED_SCAN
from .textscan import at_word_start, needles, per_text

# Instrument names written out; matched case-insensitively ("peraturan presiden nomor 12 tahun 2025").
_LONG_HEADS = [
    r"undang[- ]undang(?:[^\S\n]+dasar)?",
    r"peraturan", r"keputusan", r"instruksi", r"surat[^\S\n]+edaran", r"surat[^\S\n]+keputusan",
    r"putusan", r"penetapan", r"maklumat", r"qanun",
]
# Abbreviations; matched with their case ("PP", "SK" and "SE" are ordinary letters in lower case).
_SHORT_HEADS = [
    "UUD", "UU", "Perppu", "Perpu", "PP", "Perpres", "Keppres", "Kepres", "Inpres", "Permenkes",
    "Kepmenkes", "KMK", "PMK", "Permendagri", "Kepmendagri", "Permensos", "Kepmensos", "Permenkeu",
    "Permenaker", "PermenPAN-RB", "PermenPANRB", "Permen", "Kepmen", "Perda", "Pergub", "Kepgub",
    "Perbup", "Kepbup", "Perwali", "Perwal", "Perwako", "Kepwal", "Perkada", "Perdir", "Perdirjampel",
    "Perban", "Perpu", "SKB", "SK", "SE", "Inmendagri", "Qanun",
]

_SP = r"\s+"  # a reference may break across lines
_OSP = r"\s*"
_YEAR = r"(?:1[89]|20)\d{2}(?!\d)"
_TAHUN = r"(?:tahun|thn\.?|th\.?)"
# The number of an instrument: "24", "7P/HUM/2020", "HK.01.07/MENKES/1186/2022", "440/123-Dinkes".
_NUMBER = r"[\p{L}\d]+(?:[./-][\p{L}\d]+)*"
# "Nomor 22 dan 23 Tahun 1984", "Nomor 5, 6 dan 7 Tahun 2020"
_NUMBERS = _NUMBER + r"(?:(?:\s*,\s*|\s+(?:dan|&)\s+)\d+[A-Za-z]?)*"
_NOMOR = r"(?:nomor|nomer|nmr|no)\b\.?"
# Words between the instrument's name and its number: "Menteri Kesehatan Republik Indonesia (Permenkes)", "SJSN".
_QUALIFIER_WORD = r"(?:\p{L}[\p{L}\d-]*\.?|\((?:\p{Lu}[\p{L}\d-]*[^\S\n]*){1,4}\)|RI|dan|dan[^\S\n]+\p{Lu}[\p{L}-]*)"

_SHORT_HEADS_SORTED = sorted(set(_SHORT_HEADS), key=len, reverse=True)
# "PerPres", "PERMENKES" are the same words; two- and three-letter ones only in capitals.
_HEAD = (
    r"(?:(?i:" + "|".join(_LONG_HEADS + [h for h in _SHORT_HEADS_SORTED if len(h) > 3]) + r")"
    + r"|(?-i:" + "|".join(h for h in _SHORT_HEADS_SORTED if len(h) <= 3) + r"))"
)

# Instrument + optional qualifiers + number + optional year ("Tahun 2011" or "/2011").
_INSTRUMENT = (
    r"\b" + _HEAD + r"\b"
    + r"(?:" + _SP + _QUALIFIER_WORD + r"){0,6}?"
    + r"(?:"
    + _SP + r"(?i:" + _NOMOR + r")" + _OSP + r":?" + _OSP + _NUMBERS
    + r"(?:" + _SP + r"(?i:" + _TAHUN + r")" + _SP + _YEAR + r")?"
    + r"|"
    + _SP + r"\d+[A-Za-z]?" + r"(?:" + _OSP + r"/" + _OSP + _YEAR + r"|" + _SP + r"(?i:" + _TAHUN + r")" + _SP + _YEAR + r")"
    + r")"
)
# "Nomor 24 Tahun 2011" / "No. 40/2004" without the instrument's name in front.
_BARE_NUMBER_YEAR = (
    r"\b(?i:" + _NOMOR + r")" + _OSP + r"\d+[A-Za-z]?"
    + r"(?:" + _SP + r"(?i:" + _TAHUN + r")" + _SP + _YEAR + r"|" + _OSP + r"/" + _OSP + _YEAR + r")"
)
# The constitution: "UUD 1945", "Undang-Undang Dasar (Negara Republik Indonesia) Tahun 1945".
_CONSTITUTION = (
    r"\b(?:(?-i:UUD)|(?i:undang[- ]undang[^\S\n]+dasar))"
    r"(?:" + _SP + r"(?:Negara|Republik|Indonesia|RI|NRI))*"
    r"(?:" + _SP + r"(?i:tahun))?" + _SP + r"1945\b"
)
# Articles, clauses and items: "Pasal 5", "Pasal 34 ayat (1) huruf a", "ayat (2)", "ayat 3".
_ARTICLE = (
    r"\b(?i:pasal)" + _SP + r"\d+[A-Za-z]?"
    + r"(?:" + _OSP + r"(?:,|dan|sampai|hingga|-)" + _OSP + r"\d+[A-Za-z]?\b)*"
    + r"(?:" + _SP + r"(?i:ayat)" + _OSP + r"(?:\(\d+[a-z]?\)|\d+\b))?"
    + r"(?:" + _SP + r"(?i:huruf)" + _SP + r"[a-z]\b)?"
    + r"|\b(?i:ayat)" + _OSP + r"(?:\(\d+[a-z]?\)|\d+\b)"
    + r"(?:" + _SP + r"(?i:huruf)" + _SP + r"[a-z]\b)?"
)

_LEGAL_REFERENCE = regex.compile(
    r"(?:" + r"|".join([_CONSTITUTION, _INSTRUMENT, _BARE_NUMBER_YEAR, _ARTICLE]) + r")"
)


# Every alternative opens with \b and a word: an instrument's name, "Nomor", "Pasal" or "ayat".
_START_WORDS = needles(
    [regex.match(r"[a-z]+", head).group() for head in _LONG_HEADS]
    + [h for h in _SHORT_HEADS if len(h) > 3] + ["undang", "nomor", "nomer", "nmr", "no", "pasal", "ayat"])
_CASED_START_WORDS = needles([h for h in _SHORT_HEADS if len(h) <= 3] + ["UUD"], cased=True)
# Found in the dates finder's pass over the folded text (and over the text itself, for the cased words).
_START_SCAN = SHARED_SCAN.register(_START_WORDS)
_CASED_START_SCAN = CASED_SCAN.register(_CASED_START_WORDS)


def find_legal_references(text: str, length: Optional[int] = None) -> list[tuple[int, int]]:
    """Character spans ``(start, end)`` of the legal references in ``text``, in text order, not overlapping.

    With ``length``, those of ``text[:length]`` (its start words taken from the scan of the whole text).
    """
    return list(_legal_references(text, len(text) if length is None else min(length, len(text))))


@per_text()
def _legal_references(whole: str, length: int) -> tuple[tuple[int, int], ...]:
    # The matches of _LEGAL_REFERENCE.finditer(text), tried only where a reference may start.
    text = whole if length == len(whole) else whole[:length]
    starts = sorted({place for place, hit in SHARED_SCAN.hits(whole, length) if _START_SCAN.prefixes(hit)}
                    .union(place for place, hit in CASED_SCAN.hits(whole, length) if _CASED_START_SCAN.prefixes(hit)))
    spans: list[tuple[int, int]] = []
    pos = 0
    for s in at_word_start(text, starts):
        if s < pos:
            continue
        match = _LEGAL_REFERENCE.match(text, s)
        if match is None:
            continue
        start, end = pos_span = match.span()
        pos = end
        if not any(ch.isdigit() for ch in text[start:end]):
            continue
        spans.append(pos_span)
    return tuple(spans)
