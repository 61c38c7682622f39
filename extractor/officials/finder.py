"""Officials: people named together with an institutional role (guidelines section 4).

A position phrase opens with a head from the lexicon (``Kepala``, ``Direktur Utama``, ``Gubernur``...), runs over
capitalised words, acronyms, parentheses, commas and a few connectors, and ends at the first lower-case word or
sentence punctuation. Inside such a run the name is either the chunk after the last comma (``Gubernur DKI
Jakarta, Anies Baswedan``) or the capitalised words at its end that are not position, institution or place words
(``Kepala BPJS Kesehatan Cabang Jayapura Deny Jermy Eka Putra Mase``). A run without a name may take the name just
before it (``Bona Evita, Kepala ...``, ``Bona Evita selaku Kepala ...``). Honorifics and degrees are stripped;
the same person named in short or longer forms is one official with the fullest name and position.
"""

from __future__ import annotations

import json
from functools import lru_cache
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import regex

from ..records import Official, OfficialMention
from ..textscan import matches_at
from .place_names import PlaceNames, is_word_char
from .word_starts import LeadWords

# Official(**fields) and OfficialMention(**fields) less the Python-level __init__: the same validation and models.
_official = Official.__pydantic_validator__.validate_python
_official_mention = OfficialMention.__pydantic_validator__.validate_python

_DATA = Path(__file__).resolve().parent


def _load(name: str) -> dict:
    return json.loads((_DATA / name).read_text(encoding="utf-8"))


_LEXICON = _load("positions.json")
_TITLES = _load("honorifics.json")
_PLACES = _load("places.json")["places"]


def _phrase(text: str) -> str:
    """A literal phrase as a pattern: spaces match any run of blanks."""
    return r"[ \t\u00a0]+".join(regex.escape(part) for part in text.split())


def _dotted(text: str) -> str:
    """A title as a pattern whose dots are optional (``M.Kes.`` also matches ``MKes`` and ``M. Kes``)."""
    out = []
    pieces = regex.split(r"(\.)", text)
    for i, piece in enumerate(pieces):
        if piece == ".":
            last = i == len(pieces) - 1 or all(p == "" for p in pieces[i + 1:])
            out.append(r"\.?" if last else r"(?:\.[ ]?)?")
        elif piece:
            out.append(_phrase(piece))
    return "".join(out)


def _alternation(items, to_pattern) -> str:
    return "|".join(to_pattern(item) for item in sorted(set(items), key=len, reverse=True))


_BLANK = r"[ \t\u00a0]"
_MODIFIERS = _alternation(_LEXICON["modifiers"], _phrase)
_HEADS = _alternation(_LEXICON["heads"], _phrase)
# A head (with optional acting/deputy modifiers), standing as a word of its own.
HEAD_RE = regex.compile(
    rf"(?<![\p{{L}}\p{{N}}\-])(?:(?:{_MODIFIERS}){_BLANK}+)*(?:{_HEADS})(?![\p{{L}}\p{{N}}\-])",
    regex.IGNORECASE,
)
_HONORIFICS = _alternation(_TITLES["before"], _dotted)
# Listed degrees, and any other written as two to four dotted abbreviations (S.K.M., M.K.M., A.Md.Kep.).
_DEGREES = _alternation(_TITLES["after"], _dotted) + r"|(?:\p{Lu}\p{Ll}{0,4}\.){2,4}"
HONORIFIC_RE = regex.compile(rf"(?:{_HONORIFICS})")
PLACE_NAMES = PlaceNames(_PLACES)

# One token of a position run, tried at the current position after blanks: the first alternative that matches.
_TOKEN_KINDS = [
    ("paren", r"\([ ]?(?=\p{L})[^()\n]{1,80}\)|\[(?=\p{L})[^\[\]\n]{1,80}\]", ""),
    ("num", r"\d{1,3}", r"(?=[ \t\u00a0,]|$)"),
    ("comma", r",", ""),
    ("slash", r"/", ""),
    ("deg", _DEGREES, r"(?=[\s,;:)\]\"”’.]|$)"),
    ("hon", _HONORIFICS, rf"(?={_BLANK})"),
    ("initial", r"(?:\p{Lu}\.){2,3}|\p{Lu}\.?", rf"(?={_BLANK}+\p{{Lu}})"),
    ("conn", rf"dan|serta|untuk|bidang|&|se-\p{{L}}+|dari(?={_BLANK}+(?:Fraksi|Partai|Dapil|Daerah{_BLANK}+Pemilihan))",
     rf"(?={_BLANK}+\p{{Lu}})"),
    ("abbr", r"(?:Kab|Prov|Kec|Kel|Adm)\.", rf"(?={_BLANK})"),
    ("word", r"\p{Lu}[\p{L}\p{M}\p{N}'’\-]*", r"(?![\p{L}\p{N}])"),
    ("lword", r"\p{Ll}[\p{Ll}\-]*", r"(?![\p{L}\p{N}])"),
]


def _token_pattern(kinds) -> regex.Pattern:
    return regex.compile("|".join(rf"(?P<{kind}>(?:{body})){after}" for kind, body, after in kinds))


TOKEN_RE = _token_pattern(_TOKEN_KINDS)
# The same without degrees and honorifics, where neither can stand: their long alternations cost microseconds.
_TOKEN_NO_TITLE_RE = _token_pattern([k for k in _TOKEN_KINDS if k[0] not in ("deg", "hon")])
# The same, cut to the kinds that can open with a capital / a small letter: fewer alternatives tried per token
# (the first that matches is the same, since no other kind can match there).
_UPPER_NO_TITLE_RE = _token_pattern([k for k in _TOKEN_KINDS if k[0] in ("initial", "abbr", "word")])
_LOWER_NO_TITLE_RE = _token_pattern([k for k in _TOKEN_KINDS if k[0] in ("conn", "lword")])
_UPPER_RE, _LOWER_RE = regex.compile(r"\p{Lu}"), regex.compile(r"\p{Ll}")


@lru_cache(maxsize=4096)
def _no_title_match_at(char: str):
    """The ``match`` of the token pattern without titles to use where a token opens with ``char``."""
    if _UPPER_RE.match(char):
        return _UPPER_NO_TITLE_RE.match
    if _LOWER_RE.match(char):
        return _LOWER_NO_TITLE_RE.match
    return _TOKEN_NO_TITLE_RE.match


_LETTER_RUN_RE = regex.compile(r"\p{L}+")
_DOTTED_ABBREVIATION_START = regex.compile(r"\p{Lu}\p{Ll}{0,4}\.")  # how an unlisted degree opens


def _title_openings(items) -> frozenset[str]:
    """The letters that open a listed title however it is written (its dots are optional: ``M.Kes.`` opens with
    ``M`` or ``MKes``): a degree or honorific can only stand where the text's letters open with one of these."""
    openings = set()
    for item in items:
        pieces = item.split()[0].split(".")
        for n in range(1, len(pieces) + 1):
            first = _LETTER_RUN_RE.match("".join(pieces[:n]))
            if first is None:
                raise ValueError(f"title {item!r} does not open with a letter")
            openings.add(first.group())
    return frozenset(openings)


_TITLE_OPENINGS = _title_openings(_TITLES["before"] + _TITLES["after"])
_BLANK_CHARS = " \t\u00a0"  # what _BLANK matches

# A person's name word: capitalised, the rest lower case (apostrophes and hyphens allowed).
NAME_WORD_RE = regex.compile(r"\p{Lu}[\p{Ll}\p{M}'’\-]+")


def _words(items) -> set[str]:
    return {w.lower() for item in items for w in item.split()}


_INSTITUTION_WORDS = _words(_LEXICON["institution_words"]) | _words(_LEXICON["heads"]) | _words(
    w for w in _LEXICON["modifiers"] if w[0].isupper())
_NOT_NAMES = _words(_LEXICON["not_names"])
_RUN_STOPS = {w.lower() for w in _LEXICON["not_names"][:39]}  # weekdays and months end a run
_PLACE_OPENERS = {w.lower() for w in _LEXICON["place_openers"]}
_INSTITUTION_STARTS = set(_LEXICON["institution_starts"])
_LOWER_POSITION_WORDS = set(_LEXICON["lowercase_position_words"])
_SENTENCE_OPENERS = _words(_LEXICON["sentence_openers"])
_ATTRIBUTION_WORDS = _words(_LEXICON["attribution_words"]) | _SENTENCE_OPENERS
_NOT_BEFORE_HEADS = _words(_LEXICON["not_before_heads"])
# Patterns that must end where the search ends are searched right to left (``(?r)``): one try, not one at each
# character (the same match: their greedy parts take all they can to the left).
_PREVIOUS_WORD_RE = regex.compile(r"(?r)([\p{L}\-]+)[ \t\u00a0]+\Z")
_QUALIFIERS_BEFORE = r"(?:selaku|sebagai|yang{b}+juga(?:{b}+menjabat(?:{b}+sebagai)?|{b}+merupakan)?|yang{b}+merupakan)".format(
    b=_BLANK)
_QUALIFIER_WORDS = ("selaku", "sebagai", "yang", "juga", "menjabat", "merupakan")  # the words of _QUALIFIERS_BEFORE
_QUALIFIER_ENDS = ("selaku", "sebagai", "juga", "menjabat", "merupakan")  # the last words _QUALIFIERS_BEFORE can have
# The text just before a head that has no name after it: ``Bona Evita, Kepala ...`` or ``Bona selaku Kepala ...``.
_NAME_BEFORE_RE = regex.compile(
    rf"""(?P<name>(?:(?:{_HONORIFICS}){_BLANK}+)*(?:(?:\p{{Lu}}\.){{2,3}}|\p{{Lu}}\.?|\p{{Lu}}[\p{{Ll}}\p{{M}}'’\-]+)
         (?:{_BLANK}+(?:(?:\p{{Lu}}\.){{2,3}}|\p{{Lu}}\.?|\p{{Lu}}[\p{{Ll}}\p{{M}}'’\-]+)){{0,5}})
        (?:{_BLANK}*,{_BLANK}*(?:{_DEGREES}))*
        (?:{_BLANK}*,{_BLANK}*(?:{_QUALIFIERS_BEFORE}{_BLANK}+)?|{_BLANK}+{_QUALIFIERS_BEFORE}{_BLANK}+)\Z""",
    regex.VERBOSE,
)
_QUALIFIED_BEFORE_RE = regex.compile(rf"(?r){_BLANK}{_QUALIFIERS_BEFORE}{_BLANK}+\Z")  # only: is there one
# Where a match of _NAME_BEFORE_RE can start: a capital, or a title written in small letters ("dr.", "apt.").
_LOWER_TITLE_OPENINGS = sorted({regex.split(r"[. ]", t)[0] for t in _TITLES["before"] if regex.match(r"\p{Ll}", t)})
_NAME_BEFORE_START_RE = regex.compile(r"\p{Lu}|" + "|".join(map(regex.escape, _LOWER_TITLE_OPENINGS)))
# What no match of _NAME_BEFORE_RE can hold, so that one starts after it: a character that none of its parts has, or
# a word in small letters that is no qualifier and opens no title (every word of a title or name is capitalised).
_NAME_BEFORE_BLOCK_RE = regex.compile(
    r"(?r)[^\p{L}\p{M}'’\-.,()&\ \t\u00a0]"
    r"|(?<![^ \t\u00a0,])(?!(?:%s)(?![^ \t\u00a0,])|%s)\p{Ll}"
    % ("|".join(_QUALIFIER_WORDS), "|".join(map(regex.escape, _LOWER_TITLE_OPENINGS))))
_CAPTION_END_RE = regex.compile(r"[ \t]*[.,(]")
_REDUPLICATED_RE = regex.compile(r"(?i)(\p{L}+)-\1")  # "Wanti-wanti", never a name
_ROMAN_NUMERAL_RE = regex.compile(r"(?:X{0,3})(?:IX|IV|V?I{0,3})")
_SKIP_LINE_RE = regex.compile(
    r"^[ \t]*(?:%s)\b" % "|".join(regex.escape(w) for w in sorted(_LEXICON["skip_lines"], key=len, reverse=True)),
    regex.IGNORECASE | regex.MULTILINE)
_WORD_SPAN_RE = regex.compile(r"[\p{L}\p{M}'’\-]+\.?")
_LETTERS_RE = regex.compile(r"\p{L}[\p{L}\-]+")
# Where a head (with its modifiers) may start: letter runs that begin like one of them.
_HEAD_STARTS = LeadWords(_LEXICON["modifiers"] + _LEXICON["heads"])
_COMMA_NEXT = regex.compile(r"[ \t\u00a0]*,")
_LAST_WORD = regex.compile(r"(?r)(\S+)\Z")
_ALNUM_WORDS = regex.compile(r"[\p{L}\p{N}]+")
_BRACKETS_AND_WORDS = regex.compile(r"\(|\)|[^\s()]+")
_TITLE_FUNCTION_WORDS = {"di", "ke", "dan", "yang", "untuk", "dari", "dengan", "atau", "pada", "jadi", "bagi"}


@dataclass(slots=True)
class _Token:
    kind: str
    text: str
    start: int
    end: int
    place: bool = False


@dataclass
class _Candidate:
    name: str
    name_start: int
    name_end: int
    position: str
    weak: bool = False


@dataclass
class _Person:
    name: str
    position: str
    spans: list[tuple[int, int]] = field(default_factory=list)

    @property
    def words(self) -> set[str]:
        return name_words(self.name)


def name_words(name: str) -> set[str]:
    """The lower-cased words of a name, initials' dots dropped."""
    return {w.strip(".").lower() for w in name.split() if w.strip(".")}


def _line_span(text: str, pos: int) -> tuple[int, int]:
    """The start and end of the line holding ``pos``."""
    end = text.find("\n", pos)
    return text.rfind("\n", 0, pos) + 1, len(text) if end < 0 else end


def _is_title_line(line: str) -> bool:
    """Whether a line is written in Title Case without a closing period (a headline), where capitalised words
    say nothing about names."""
    if line.rstrip()[-1:] in ".!?\"”":
        return False
    words = _LETTERS_RE.findall(line)
    if not 4 <= len(words) <= 25:
        return False
    return not any(w[0].islower() and w not in _TITLE_FUNCTION_WORDS for w in words)


def _tokenize_run(text: str, head) -> list[_Token]:
    """The tokens of the position run that starts with the ``head`` match, up to its first stop."""
    tokens: list[_Token] = [_Token("head", head.group(), head.start(), head.end())]
    start = pos = head.end()
    size = len(text)
    limit = min(size, start + 400)
    # Local names, and the title test inlined: this loop runs for every token of every run. A degree or
    # honorific may stand where the letters are a listed title's opening, or where an unlisted degree may:
    # a capital, at most four small letters and a dot.
    blank_chars, title_openings = _BLANK_CHARS, _TITLE_OPENINGS
    letter_run, dotted_start = _LETTER_RUN_RE.match, _DOTTED_ABBREVIATION_START.match
    token_match, no_title_match_at = TOKEN_RE.match, _no_title_match_at
    while pos < limit and len(tokens) < 60:
        while pos < size and text[pos] in blank_chars:
            pos += 1
        letters = letter_run(text, pos)
        if letters is not None and ((run := letters.group()) in title_openings or (
                len(run) <= 5 and text.startswith(".", pos + len(run)) and dotted_start(text, pos) is not None)):
            m = token_match(text, pos)
        else:
            m = no_title_match_at(text[pos:pos + 1])(text, pos)
        if not m:
            break
        kind = m.lastgroup
        token_start, pos = m.span()
        word = m.group()
        if kind == "word":
            if word.lower() in _RUN_STOPS:
                break
        elif kind == "num":
            if tokens[-1].text.split()[-1].lower() not in _PLACE_OPENERS:
                break  # a number belongs to a position only as a division's number ("Wilayah 10")
        elif kind == "lword":
            if not (word in _LOWER_POSITION_WORDS and _is_position_word(tokens[-1])):
                break  # a lower-case word ends the run, unless it continues a position ("kepala dinas kesehatan")
        tokens.append(_Token(kind, word, token_start, pos))
    # A lone "H" before another initial is an initial ("H S Rumondang"), not the honorific "H.".
    for i, token in enumerate(tokens[:-1]):
        if token.kind == "hon" and len(token.text) == 1 and tokens[i + 1].kind == "initial":
            token.kind = "initial"
    while tokens and tokens[-1].kind in ("comma", "conn", "slash"):
        tokens.pop()
    _mark_places(text, tokens)
    return tokens


def _is_position_word(token: _Token) -> bool:
    """Whether a token is part of a position description rather than of a name."""
    return token.kind in ("head", "lword", "paren", "abbr") or (
        token.kind == "word" and token.text.lower() in _INSTITUTION_WORDS)


def _places_in(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of the place names in ``text[start:end]``."""
    return PLACE_NAMES.spans(text, start, end)


def _mark_places(text: str, tokens: list[_Token]) -> None:
    if not tokens:
        return
    for place_start, place_end in _places_in(text, tokens[0].start, tokens[-1].end):
        for token in tokens:
            if token.start >= place_start and token.end <= place_end:
                token.place = True


def _is_name_word(token: _Token) -> bool:
    if token.kind != "word" or token.place:
        return False
    text = token.text
    return bool(NAME_WORD_RE.fullmatch(text)) and text.lower() not in _INSTITUTION_WORDS \
        and text.lower() not in _NOT_NAMES and not _REDUPLICATED_RE.fullmatch(text)


def _is_nameish(token: _Token) -> bool:
    return token.kind in ("hon", "initial") or _is_name_word(token)


def _name_of(tokens: list[_Token]) -> Optional[list[_Token]]:
    """The tokens of a name chunk without honorifics and degrees, if it is one."""
    core = [t for t in tokens if t.kind not in ("hon", "deg")]
    if not core or len(core) > 7 or not all(_is_nameish(t) for t in core):
        return None
    if not any(_is_name_word(t) for t in core):
        return None
    return core


def _split_groups(text: str, tokens: list[_Token]) -> list[tuple[int, list[_Token]]]:
    """Cut a run where a comma or ``dan`` is followed by another head; each group with its head length."""
    groups: list[tuple[int, list[_Token]]] = []
    begin, head_end = 0, tokens[0].end  # the run opens with its head
    for i, token in enumerate(tokens):
        if i > begin and token.kind in ("comma", "conn") and i + 1 < len(tokens) and tokens[i + 1].kind == "word":
            m = HEAD_RE.match(text, tokens[i + 1].start)
            if m:
                groups.append((head_end, tokens[begin:i]))
                begin, head_end = i + 1, m.end()
    groups.append((head_end, tokens[begin:]))
    return groups


def _split_group(head_end: int, tokens: list[_Token]):
    """(position tokens, name tokens or None) of one group."""
    body = _trim(tokens)
    n_head = sum(1 for t in body if t.end <= head_end)
    if n_head == 0 or n_head >= len(body):
        return body, None
    # Position, NAME: the chunk after the last comma.
    commas = [i for i, t in enumerate(body) if t.kind == "comma" and i >= n_head]
    if commas:
        last = commas[-1]
        name = _name_of(body[last + 1:])
        if name is not None:
            position = body[:last]
            if len(position) >= n_head:
                return position, name
    # Position NAME: the name-like words at the end of the run.
    end = len(body)
    while end > n_head and body[end - 1].kind == "paren" and end - 1 > n_head and _is_name_word(body[end - 2]):
        end -= 1  # a nickname or abbreviation after the name: "Joko Widodo (Jokowi)"
    if (end - 1 > n_head and _ROMAN_NUMERAL_RE.fullmatch(body[end - 1].text) and body[end - 1].text
            and _is_name_word(body[end - 2])):
        body[end - 1] = _Token("initial", body[end - 1].text, body[end - 1].start, body[end - 1].end)
    i = end
    while i > n_head and _is_nameish(body[i - 1]):
        i -= 1
        if body[i].kind == "hon":
            while i > n_head and body[i - 1].kind == "hon":
                i -= 1  # stacked titles: "Prof. Dr. Ir."
            break
    # A word just after "Cabang", "Wilayah", "Kota"... is the place of the position, when two name words remain.
    while (i < end and body[i].kind in ("word", "initial") and body[i - 1].text.split()[-1].lower() in _PLACE_OPENERS
           and sum(1 for t in body[i + 1:end] if _is_name_word(t)) >= 2):
        i += 1
    name = [t for t in body[i:end] if t.kind != "hon"]
    if (len(name) == 1 and i == end - 1 and body[i - 1].text.split()[-1].lower() in _PLACE_OPENERS):
        return body, None  # "Kepala Desa Lerep": a lone word after "Desa", "Cabang"... is the place
    if not any(_is_name_word(t) for t in name):
        return body, None
    return body[:i], name


def _trim(tokens: list[_Token]) -> list[_Token]:
    """The tokens without trailing commas, connectors and degrees."""
    body = list(tokens)
    while body and body[-1].kind in ("comma", "conn", "slash", "deg"):
        body.pop()
    return body


def _is_apposition(text: str, group: list[_Token]) -> bool:
    """A position run with no comma of its own, closed by a comma: ``X, Direktur RSUD Wates, ...``."""
    if any(t.kind == "comma" for t in group):
        return False
    return bool(_COMMA_NEXT.match(text, group[-1].end))


def _span_text(text: str, tokens: list[_Token]) -> str:
    return text[tokens[0].start:tokens[-1].end]


def _search_name_before(window: str):
    """``_NAME_BEFORE_RE.search(window)``, tried only where a match can start: after the last thing no match
    can hold, at a capital or a title."""
    block = _NAME_BEFORE_BLOCK_RE.search(window)
    for start in _NAME_BEFORE_START_RE.finditer(window, block.end() if block else 0):
        m = _NAME_BEFORE_RE.match(window, start.start())
        if m:
            return m
    return None


def _name_before(text: str, head_start: int, claimed: list[tuple[int, int]]) -> Optional[tuple[int, int]]:
    """The span of a name written just before a head (``Bona Evita, Kepala ...``), if any."""
    line_start = text.rfind("\n", 0, head_start) + 1
    window_start = max(line_start, head_start - 160)
    window = text[window_start:head_start]
    tail = window.rstrip(" \t\u00a0")
    if not (tail.endswith(",") or tail.endswith(_QUALIFIER_ENDS)):
        return None  # what _NAME_BEFORE_RE needs at the end: a comma or a qualifier, then blanks
    m = _search_name_before(window)
    if not m:
        return None
    a = window_start + m.start("name")
    b = window_start + m.end("name")
    words = [(w.start(), w.end(), w.group()) for w in _WORD_SPAN_RE.finditer(text, a, b)]
    places = _places_in(text, a, b)

    def ok(word) -> bool:
        s, e, w = word
        if any(ps <= s and e <= pe for ps, pe in places):
            return False
        if HONORIFIC_RE.fullmatch(w):
            return False
        token = _Token("initial" if len(w.strip(".")) == 1 else "word", w, s, e)
        return _is_nameish(token)

    # Keep the longest run of name words that ends at the comma.
    kept = []
    for word in reversed(words):
        if not ok(word):
            break
        kept.insert(0, word)
    if not any(len(w[2].strip(".")) > 1 for w in kept):
        return None
    # What stands before the name: a capitalised word makes the name the tail of something longer
    # ("Gedung Sate"), unless it opens the sentence; a one-word name needs an attribution or a title before it.
    prev = _LAST_WORD.search(text[line_start:kept[0][0]].rstrip())
    prev_word = prev.group(1).strip("\"“”'‘’(") if prev else ""
    titled = kept[0] is not words[0] and HONORIFIC_RE.fullmatch(words[words.index(kept[0]) - 1][2])
    if prev_word[:1].isupper() and not titled and prev_word.lower() not in _SENTENCE_OPENERS:
        return None
    if len(kept) == 1 and not titled and prev is not None and not prev.group(1)[-1] in ".!?\"“”" \
            and prev_word.lower() not in _ATTRIBUTION_WORDS:
        return None
    s, e = kept[0][0], kept[-1][1]
    if text[e - 1] == "." and len(kept[-1][2]) > 2:
        e -= 1
    if any(cs < e and s < ce for cs, ce in claimed):
        return None
    return s, e


def _candidates(text: str) -> tuple[list[_Candidate], list[str]]:
    """Named position runs as candidates, and the positions of runs that name nobody."""
    title_lines: dict[int, bool] = {}  # line start -> whether the line is a headline
    skipped_lines: dict[int, bool] = {}  # line start -> whether the line links to another article
    found: list[_Candidate] = []
    unnamed: list[str] = []
    claimed: list[tuple[int, int]] = []
    covered_until = -1
    for head in matches_at(HEAD_RE, text, _HEAD_STARTS.find(text)):
        if head.start() < covered_until:
            continue
        line_start, line_end = _line_span(text, head.start())
        skipped = skipped_lines.get(line_start)
        if skipped is None:
            skipped = skipped_lines[line_start] = _SKIP_LINE_RE.match(text, line_start) is not None
        if skipped:
            continue
        before = _PREVIOUS_WORD_RE.search(text, max(0, head.start() - 40), head.start())
        if before and before.group(1).lower() in _NOT_BEFORE_HEADS:
            continue  # "Peraturan Presiden Nomor 12": a legal reference, not a person's role
        tokens = _tokenize_run(text, head)
        if not tokens:
            continue
        covered_until = tokens[-1].end
        weak = title_lines.get(line_start)
        if weak is None:
            weak = title_lines[line_start] = _is_title_line(text[line_start:line_end])
        groups = _split_groups(text, tokens)
        for index, (head_end, group) in enumerate(groups):
            if not group:
                continue
            position, name = _split_group(head_end, group)
            if not position:
                continue
            span = None
            if name is None or (index == 0 and (_is_apposition(text, group) or _QUALIFIED_BEFORE_RE.search(
                    text, max(0, group[0].start - 40), group[0].start))):
                # "Bona Evita, Kepala ...": a name just before a head whose run has none, or that stands
                # between commas after a name or after "selaku" (then the run's last words belong to the position).
                span = _name_before(text, group[0].start, claimed)
                if span:
                    position = _trim(group)
            if span is None and name:
                span = (name[0].start, name[-1].end)
            if span is None:
                if not weak:
                    unnamed.append(_span_text(text, position))
                continue
            claimed.append(span)
            # In a headline capitalised words say little; a caption in capitals ends its name with a period.
            doubtful = weak and not (len(text[span[0]:span[1]].split()) >= 2 and _CAPTION_END_RE.match(text, span[1]))
            found.append(_Candidate(text[span[0]:span[1]], span[0], span[1], _span_text(text, position), doubtful))
    return found, unnamed


def _word_count(text: str) -> int:
    return len(_ALNUM_WORDS.findall(text))


def _merge(candidates: list[_Candidate]) -> list[_Person]:
    """One person per name: a name whose words are all in another's is the same person. Candidates from
    headlines only add mentions to a person found elsewhere; they never make one or change its name."""
    people: list[_Person] = []
    words_of: list[set[str]] = []  # each person's name_words, kept as the name changes
    for cand in sorted(candidates, key=lambda c: c.weak):
        words = name_words(cand.name)
        index = next((i for i, known in enumerate(words_of) if words <= known or known <= words), None)
        match = None if index is None else people[index]
        if cand.weak:
            if match is not None:
                match.spans.append((cand.name_start, cand.name_end))
            continue
        if match is None:
            match = _Person(cand.name, cand.position)
            people.append(match)
            words_of.append(words)
        else:
            if len(words) > len(words_of[index]):
                match.name = cand.name
                words_of[index] = words
            if _word_count(cand.position) > _word_count(match.position):
                match.position = cand.position
        match.spans.append((cand.name_start, cand.name_end))
    return people


def _fullest_position(position: str, unnamed: list[str]) -> str:
    """The longest unnamed description of the same role (``Kepala Dinas Kesehatan (Dinkes) Aceh`` for
    ``Kepala Dinkes Aceh``): one that holds every word of the position, which has at least two."""
    words = _position_words(position)
    if len(words) < 2:
        return position
    best = position
    for other in unnamed:
        if words <= _position_words(other) and _word_count(other) > _word_count(best):
            best = other
    return best


def _position_words(position: str) -> set[str]:
    return {w.lower() for w in _ALNUM_WORDS.findall(position)}


def _mentions(text: str, people: list[_Person]) -> list[list[tuple[int, int]]]:
    """Every place each person is named: full name, or any of its words (short forms)."""
    owners: dict[str, list[int]] = {}
    for i, person in enumerate(people):
        for word in {w for w in person.name.split() if len(w.strip(".")) >= 3}:
            owners.setdefault(word, []).append(i)
    hits: list[list[tuple[int, int]]] = [list(p.spans) for p in people]
    for word, who in owners.items():
        if len(who) > 1:
            continue
        hits[who[0]].extend(_word_spans(text, word))
    merged_all = []
    for spans in hits:
        merged: list[list[int]] = []
        for s, e in sorted(set(spans)):
            # overlapping spans, or words of the name one blank apart ("Bona" "Evita"), are one mention
            if merged and (s < merged[-1][1] or (s - merged[-1][1] <= 1 and not text[merged[-1][1]:s].strip())):
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        merged_all.append([(s, e) for s, e in merged])
    return merged_all


def _word_spans(text: str, word: str) -> list[tuple[int, int]]:
    """Where ``word`` stands as a word of its own (no letter or digit on either side), not overlapping."""
    spans = []
    size = len(word)
    i = text.find(word)
    while i >= 0:
        end = i + size
        if (i == 0 or not is_word_char(text[i - 1])) and not is_word_char(text[end:end + 1]):
            spans.append((i, end))
            i = text.find(word, end)
        else:
            i = text.find(word, i + 1)
    return spans


def _organization(position: str) -> Optional[str]:
    """The institution part of a position: from its first institution word after the first word, if any."""
    depth = 0
    for m in _BRACKETS_AND_WORDS.finditer(position):
        word = m.group()
        if word == "(":
            depth += 1
        elif word == ")":
            depth = max(0, depth - 1)
        elif m.start() > 0 and depth == 0 and word.strip(",") in _INSTITUTION_STARTS:
            return position[m.start():].strip(" ,") or None
    return None


def find_officials(text: str) -> list[Official]:
    """The officials named in the text, in the order of their first mention."""
    candidates, unnamed = _candidates(text)
    people = _merge(candidates)
    for person in people:
        person.position = _fullest_position(person.position, unnamed)
    officials = []
    for person, spans in zip(people, _mentions(text, people)):
        mentions = [_official_mention({"text": text[s:e], "start": s, "end": e}) for s, e in spans]
        officials.append(_official({"name": person.name, "position": person.position,
                                    "organization": _organization(person.position), "mentions": mentions}))
    officials.sort(key=lambda o: o.mentions[0].start if o.mentions else 0)
    return officials
