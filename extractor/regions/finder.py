"""Find mentions of Indonesia, its provinces and its kabupaten/kota in raw text (guidelines section 3).

Precompiled regexes (tries of the known names, by their first two letters, after an optional
Provinsi/Kabupaten/Kota prefix), tried only where one scan of the text (``starts.StartScanner``) finds that
a name may start, find the candidates; the rules of ``data/rules.json`` then decide which are places and
which code each gets:

- a prefix or a cue word (Kabupaten, Kab., Pemkab, Bupati / Kota, Pemkot, Wali Kota / Provinsi, Pemprov)
  fixes the level; ``Kabupaten X`` earlier in the article makes a later bare ``X`` the kabupaten, unless the
  article also speaks of ``Kota X``;
- a bare name shared by a kota and a kabupaten is the kota; a name shared by a province and its capital
  is the province, except in a dateline or a BPJS branch name (``Cabang Jambi``); names shared across
  provinces follow the provinces the article talks about;
- names that are also common words (Batu, Metro, Padang...) and short forms that are also acronyms
  (PPU, KTT...) count only with a prefix or cue, in a dateline or in a list of regions;
- outlet names (``MC Kalsel``, ``Antara Bali``, ``SULTENG RAYA``), streets, kecamatan and villages are skipped;
- national scope (``Indonesia``, ``seluruh Indonesia``, ``secara nasional``, ``Tanah Air``...) is ``ID``,
  except inside names such as ``Kartu Indonesia Sehat`` or ``Jaminan Kesehatan Nasional``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

import regex

from ..records import RegionMention
from ..textscan import folded, matches_at
from . import gazetteer as gz
from .starts import StartScanner, lead_of

# RegionMention(**fields) less the Python-level __init__: the same validation, the same model.
_region_mention = RegionMention.__pydantic_validator__.validate_python

SEP = r"(?:[ \t\u00a0]*-[ \t\u00a0]*|[ \t\u00a0]+|)"  # between the words of a name: space, hyphen or nothing
LOWER_NAME_WORDS = {"dan", "bagian"}  # words written in lowercase inside official names
LETTER = r"[\p{L}\p{N}]"


@dataclass
class _Forms:
    """What the finder needs from the gazetteer, compiled once."""

    # The Provinsi/Kabupaten/Kota prefixes, each with its blanks after it, in the order a name is tried after
    # them (as one alternation longest first: the dotted ones, then the others), with the first word each opens
    # with (lower case) and whether a blank must follow that word; by the first three letters of that word.
    prefix_patterns: dict[str, tuple[tuple[str, bool, regex.Pattern], ...]]
    # the names by the first two letters of their first word (lower case), for ``_bare_name_pattern``
    names_by_two: dict[str, list[str]]
    by_key: dict[str, list[gz.Alias]]
    by_prefixed_key: dict[tuple[str, str], gz.Alias]
    acronyms: set[str]
    context_names: set[str]
    context_acronyms: set[str]
    acronyms_never_by_province: set[str]
    prefix_level: dict[str, str]
    cue_res: dict[str, regex.Pattern]
    not_place_re: regex.Pattern
    not_followed_re: dict[str, regex.Pattern]
    credit_line_re: regex.Pattern
    outlet_before_re: regex.Pattern
    outlet_after_re: regex.Pattern
    outlet_after_firsts: frozenset[str]  # the first letters of the outlet words after a name (with case)
    caps_allowed: set[str]
    national_re: regex.Pattern
    nasional_re: regex.Pattern
    ri_re: regex.Pattern
    ri_after_re: regex.Pattern
    indonesia_allowed_before: set[str]
    indonesia_name_after: set[str]
    indonesia_not_after_re: regex.Pattern
    # where a region name (or its prefix), a national phrase (Indonesia, ... nasional) or RI may start
    starts: StartScanner
    prefix_leads: tuple[str, ...]  # what the prefixes start with (lower case): a name with no prefix is capitalised
    # The last words (lower case) of the cues that must end right before a name; a cue pattern is searched
    # only when the text before the name (its blanks, dash or bracket aside) ends with one of them.
    cue_lasts: dict[str, "LastWords"]
    not_place_lasts: "LastWords"
    outlet_before_lasts: "LastWords"
    any_cue_lasts: "LastWords"  # all of the above: most names follow none of them
    level_cue_lasts: "LastWords"  # those of the three level cues (kabupaten, kota, province) together


_province_of = lru_cache(maxsize=2048)(gz.province_code_of)  # the gazetteer does not change


_NOT_ALNUM = regex.compile(r"[^\p{L}\p{N}]+")
_WORD = regex.compile(r"[^ \t\u00a0\-]+")


def key_of(text: str) -> str:
    """The lookup key of a written name: lowercase letters and digits only (``Toli-Toli`` = ``tolitoli``)."""
    return _NOT_ALNUM.sub("", text).lower()


def _words(text: str) -> list[str]:
    return [w for w in regex.split(r"[ \t\u00a0\-]+", text) if w]


def _trie_pattern(names: list[str]) -> str:
    """A regex matching any of the names (longest first), with flexible separators between words.

    A trie of words (each word followed by its optional continuations), each level written as a trie of
    characters: the engine then tests one character per level instead of every word in turn. At each
    character, the longer words come first and the word ending there last, so the names are tried in the
    same order as an alternation of the words longest first (words that differ at a character cannot both
    match at one place).
    """
    trie: dict = {}
    for name in names:
        node = trie
        for word in _words(name):
            node = node.setdefault(word.lower(), {})
        node[""] = {}  # end marker

    def build(node: dict) -> str:
        chars: dict = {}
        for word, child in node.items():
            if not word:
                continue
            rest = {w: c for w, c in child.items() if w}
            continuation = ""
            if rest:
                continuation = f"(?:{SEP}{build(rest)})" + ("?" if "" in child else "")
            place = chars
            for char in word:
                place = place.setdefault(char, {})
            place[None] = continuation
        return by_char(chars)

    def by_char(place: dict) -> str:
        alternatives = [regex.escape(char) + by_char(place[char]) for char in sorted(c for c in place if c)]
        if None in place:
            alternatives.append(place[None])  # the word ending here, after the longer ones
        if len(alternatives) == 1:
            return alternatives[0]
        return "(?:" + "|".join(alternatives) + ")"

    return build(trie)


def _name_openings(names: list[str]) -> list[tuple[str, str]]:
    """The first words of the names, each with what must follow it in a name (in the folded text): the end of
    the name (no letter or digit) if the word is a name by itself, or the first letter of a next word (after
    a blank or a hyphen, or none: ``DI Yogyakarta``, ``Kep. Seribu``)."""
    alone: dict[str, bool] = {}  # first word -> whether it is a name by itself
    next_letters: dict[str, set[str]] = {}  # first word -> the first letters of the second words
    for name in names:
        first, *rest = [word.lower() for word in _words(name)]
        alone[first] = alone.get(first, False) or not rest
        next_letters.setdefault(first, set())
        if rest:
            next_letters[first].add(rest[0][0])
    openings = []
    for word, letters in next_letters.items():
        follows = [r"(?![a-z0-9])"] if alone[word] else []
        if letters:
            sep = "" if alone[word] else r"[ \t\u00a0]*-?[ \t\u00a0]*"  # after a name's end, only no separator
            follows.append(sep + "[" + regex.escape("".join(sorted(letters))) + "]")
        openings.append((word, "|".join(follows)))
    return openings


LastWords = dict[str, tuple[str, ...]]  # words by their last character
_LEVELS = ("kabupaten", "kota", "province")  # the level cues, in the order a name's level is read from them


def _last_words(phrases: list[str]) -> LastWords:
    """The last word of each phrase, lower case (what a match of the phrase ends with), by its last character."""
    by_last: LastWords = {}
    for word in sorted({phrase.split()[-1].lower() for phrase in phrases}):
        by_last[word[-1]] = by_last.get(word[-1], ()) + (word,)
    return by_last


def _ends_with_word(low: str, end: int, words: LastWords) -> bool:
    """Whether the folded text ends, at ``end``, with one of the words."""
    return low.endswith(words.get(low[end - 1:end], ()), 0, end)


def _at_end(pattern: str, flags: int = 0) -> regex.Pattern:
    """A pattern ending in ``$`` compiled to be tried with ``_ends_with`` (matched backwards from the end)."""
    return regex.compile(pattern, flags | regex.REVERSE)


def _ends_with(pattern: regex.Pattern, text: str, pos: int = 0, endpos: Optional[int] = None) -> bool:
    """Whether ``pattern`` (from ``_at_end``) matches ``text[pos:endpos]``: the same answer as a forward
    ``search``, from one match anchored at the end (where ``$`` matches: the end, or before a final newline)
    instead of a try at every character."""
    endpos = len(text) if endpos is None else endpos
    if pattern.match(text, pos, endpos) is not None:
        return True
    return endpos > pos and text[endpos - 1] == "\n" and pattern.match(text, pos, endpos - 1) is not None


def _longest_first(words: list[str]) -> list[str]:
    return sorted(set(words), key=lambda w: (-len(w), w))


def _alternation(words: list[str]) -> str:
    parts = _longest_first(words)
    return "(?:" + "|".join(regex.escape(w).replace(r"\ ", r"[ \t\u00a0]+") for w in parts) + ")"


@lru_cache(maxsize=1)
def forms() -> _Forms:
    """Compile the gazetteer and the rules into the finder's patterns (once per process)."""
    rules = gz.rules()
    by_key: dict[str, list[gz.Alias]] = {}
    by_prefixed_key: dict[tuple[str, str], gz.Alias] = {}
    acronyms = set()
    names = []
    for alias in gz.aliases():
        if _words(alias.text)[0].lower() in LOWER_NAME_WORDS:
            raise ValueError(f"a name must not open with a lowercase word: {alias.text!r}")
        if alias.prefix_kind:
            by_prefixed_key[(alias.prefix_kind, key_of(alias.text))] = alias
        else:
            by_key.setdefault(key_of(alias.text), []).append(alias)
        names.append(alias.text)
        if alias.text.isupper() and " " not in alias.text:
            acronyms.add(alias.text)

    prefixes = rules["prefixes"]
    prefix_level = {}
    for level, words in prefixes.items():
        if level.startswith("_"):
            continue
        for word in words:
            prefix_level[word.lower()] = level.replace("_bare", "")
    dotted = [w for w in prefix_level if w.endswith(".")]
    spaced = [w for w in prefix_level if not w.endswith(".")]
    prefix_patterns: dict[str, tuple] = {}
    for word, blanks in [(w, "*") for w in _longest_first(dotted)] + [(w, "+") for w in _longest_first(spaced)]:
        first_word = word.split()[0]
        if len(first_word) < 3:
            raise ValueError(f"a prefix must open with a word of three letters or more: {word!r}")
        prefix_patterns[first_word[:3]] = prefix_patterns.get(first_word[:3], ()) + ((
            first_word, " " in word or blanks == "+",
            regex.compile(rf"(?<!{LETTER})(?P<prefix>{_alternation([word])})[ \t\u00a0]{blanks}", regex.IGNORECASE)),)
    names_by_two: dict[str, list[str]] = {}
    for name in names:
        names_by_two.setdefault(lead_of(_words(name)[0])[:2], []).append(name)
    if any(len(two) < 2 for two in names_by_two):
        raise ValueError("a region name's first word must open with two ASCII letters or digits")

    cues = rules["cues"]
    cue_res = {kind: _at_end(rf"(?<!{LETTER}){_alternation(words)}[ \t\u00a0]*\(?[ \t\u00a0]*$", regex.IGNORECASE)
               for kind, words in cues.items() if not kind.startswith("_")}
    cue_res["place"] = _at_end(
        rf"(?<!{LETTER}){_alternation(cues['place'])}(?:[ \t\u00a0]+|-)$", regex.IGNORECASE)
    not_place_re = _at_end(
        rf"(?<!{LETTER}){_alternation(rules['not_places_before']['words'])}[ \t\u00a0]*$", regex.IGNORECASE)
    not_followed_re = {
        key_of(name): regex.compile(rf"^[ \t\u00a0-]+{_alternation(words)}(?!{LETTER})", regex.IGNORECASE)
        for name, words in rules["not_followed_by"].items() if not name.startswith("_")}
    credit_line_re = regex.compile(
        rf"(?:^|\n|\|)[ \t\u00a0]*{_alternation(rules['credit_lines']['heads'])}[ \t\u00a0]*:[^\n|]*$",
        regex.IGNORECASE)
    outlets = rules["outlets"]
    before = outlets["before"] + [w.upper() for w in outlets["before"]]
    after = outlets["after"] + [w.upper() for w in outlets["after"]]
    outlet_before_re = _at_end(rf"(?<!{LETTER}){_alternation(before)}[ \t\u00a0]+$")
    outlet_after_re = regex.compile(
        rf"^(?:[ \t\u00a0]+{_alternation(after)}(?!{LETTER})|\.(?:com|co\.id|id|net|news)(?!{LETTER}))")

    national = rules["national"]
    national_re = regex.compile(
        rf"(?<!{LETTER})(?P<all>(?:seluruh|se)[ \t\u00a0-]*)?(?P<rep>Republik[ \t\u00a0]+)?"
        rf"(?P<name>Indonesia|INDONESIA)(?!{LETTER})"
        rf"|(?<!{LETTER})(?P<tanahair>[Tt]anah[ \t\u00a0]+[Aa]ir|TANAH AIR)(?!{LETTER})",
        regex.IGNORECASE)
    nasional_re = regex.compile(
        rf"(?<!{LETTER})(?:(?P<span_head>{_alternation(national['nasional_heads_in_span'])})[ \t\u00a0]+"
        rf"(?P<n1>nasional|Nasional|NASIONAL)"
        rf"|(?P<head>{_alternation(national['nasional_heads'])})[ \t\u00a0]+(?P<n2>nasional))(?!{LETTER})",
        regex.IGNORECASE)
    ri_re = regex.compile(rf"(?<!{LETTER})RI(?!{LETTER})")
    ri_after_re = _at_end(rf"(?<!{LETTER}){_alternation(national['ri_after'])}[ \t\u00a0]+$", regex.IGNORECASE)
    return _Forms(
        prefix_patterns=prefix_patterns, names_by_two=names_by_two, by_key=by_key, by_prefixed_key=by_prefixed_key,
        acronyms=acronyms,
        context_names={key_of(w) for w in rules["context_names"]["words"]},
        context_acronyms=set(rules["acronyms_need_context"]["words"]),
        acronyms_never_by_province=set(rules["acronyms_need_context"]["never_by_province"]),
        prefix_level=prefix_level, cue_res=cue_res, not_place_re=not_place_re, not_followed_re=not_followed_re,
        credit_line_re=credit_line_re,
        outlet_before_re=outlet_before_re, outlet_after_re=outlet_after_re,
        outlet_after_firsts=frozenset(word[0] for word in after),
        caps_allowed=set(rules["caps_neighbours_allowed"]["words"]),
        national_re=national_re, nasional_re=nasional_re, ri_re=ri_re, ri_after_re=ri_after_re,
        indonesia_allowed_before={w.lower() for w in national["indonesia_allowed_before"]},
        indonesia_name_after=set(national["indonesia_name_after"]),
        indonesia_not_after_re=_at_end(
            rf"(?<!{LETTER}){_alternation(national['indonesia_not_after'])}[ \t\u00a0]+$", regex.IGNORECASE),
        prefix_leads=tuple(sorted({lead_of(word) for word in prefix_level})),
        # with what must follow an opening word for its pattern to match (in the folded text)
        starts=StartScanner({
            "name": _name_openings(names) + list(prefix_level),
            "national": [("seluruh", r"[ \t\u00a0\-ri]"), ("se", r"[ \t\u00a0\-ri]"),
                         ("republik", r"[ \t\u00a0]+indonesia"), "indonesia", ("tanah", r"[ \t\u00a0]+air")],
            "nasional": [(head, r"[ \t\u00a0]+nasional")
                         for head in national["nasional_heads_in_span"] + national["nasional_heads"]],
            "ri": [("RI", r"(?![a-z0-9])")],
        }),
        cue_lasts={kind: _last_words(words) for kind, words in cues.items() if not kind.startswith("_")},
        not_place_lasts=_last_words(rules["not_places_before"]["words"]),
        outlet_before_lasts=_last_words(before),
        level_cue_lasts=_last_words([w for kind in _LEVELS for w in cues[kind]]),
        any_cue_lasts=_last_words([w for kind, words in cues.items() if not kind.startswith("_") for w in words]
                                  + rules["not_places_before"]["words"] + before),
    )


@dataclass(frozen=True)
class _Name:
    """A known name as written (``Kota Bandung`` read as ``Bandung``): what it is, whatever its context."""

    length: int  # of the known leading part of the matched name
    key: str
    aliases: list[gz.Alias]
    codes: tuple[str, ...]  # the codes the aliases give, sorted
    provinces: frozenset  # the provinces those codes lie in
    caps_outlet_check: bool  # in capitals but no acronym: may be a word of an outlet's name (SULTENG RAYA)
    needs_context: bool  # also a common word or an acronym (Batu, PPU): a place only with a cue, in a list...
    not_followed: Optional[regex.Pattern]  # the words after it that make it part of another name


@dataclass(slots=True)
class _Hit:
    """A candidate mention before its code is decided."""

    start: int
    end: int
    name_start: int
    name: _Name
    signal: Optional[str] = None  # province | kabupaten | kota, from a prefix or a cue
    # the three below are worked out only for a name that needs context or has several codes
    branch: bool = False
    dateline: bool = False
    place_cue: bool = False
    needs_context: bool = False
    accepted: bool = True
    blocked: bool = False  # never accepted from lists or the article's other mentions
    codes: list[str] = field(default_factory=list)


_LINE_START_OUTLET = regex.compile(r"^[^\n]{0,45}?[,.][ \t\u00a0]*$")
_DATELINE_AFTER = regex.compile(r"^[ \t\u00a0]*(?:,|\(|[-–—]|:|\||I[ \t\u00a0])")
_LIST_GAP = regex.compile(
    r"^(?:[\s,;/&:\-–()]|\b(?:dan|serta|atau|maupun|yakni|yaitu|seperti|hingga|sampai|ke|juga|dengan|sebesar"
    r"|sebanyak|mencapai|masing-masing|sekitar)\b"
    r"|\([^()\n]{0,40}\)|\d[\d.,]*[ \t]*(?:%|persen|jiwa|orang|peserta)?)*$", regex.IGNORECASE)
_PAIRED_LEVEL = regex.compile(
    r"(?<![\p{L}])(?:(?P<kab>Kabupaten|Kab\.|Kab|Pemkab|Pemerintah Kabupaten|Bupati)|(?P<kota>Kota|Pemkot|Pemerintah Kota|Wali Kota|Walikota))"
    r"[ \t\u00a0]*(?:dan|&|/|serta|maupun|atau)[ \t\u00a0]*"
    r"(?:(?:Pemkot|Pemkab|Pemerintah Kota|Pemerintah Kabupaten|Wali Kota|Walikota|Bupati)[ \t\u00a0]+)?$",
    regex.IGNORECASE)
_PAIRED_LEVEL_AT_END = _at_end(_PAIRED_LEVEL.pattern, _PAIRED_LEVEL.flags)
# what _PAIRED_LEVEL can end with, before its trailing blanks (folded)
_PAIRED_LEVEL_LASTS = _last_words(["dan", "&", "/", "serta", "maupun", "atau", "pemkot", "pemkab", "kota", "kabupaten",
                                   "walikota", "bupati"])
_BLANKS = frozenset(" \t\u00a0")
_NOT_PLAIN_BEFORE_SPACE = frozenset(" \t\u00a0(-\n")
_WALI_OR_IBU = regex.compile(r"(?i)(?<!\p{L})(wali|ibu)[ \t\u00a0]*$")
_WORDS_RE = regex.compile(r"(\S+)")
_CAPS_WORD = regex.compile(r"\p{Lu}{2,}")
_NEXT_WORD_RE = regex.compile(r"[ \t\u00a0]+(\S+)")
_LAST_WORD_RE = regex.compile(r"(\S+)[ \t\u00a0]+$")
_CLOSING_MARK = regex.compile(r"[.,;:!?)\"”]$")
_NEXT_CAPITALISED = regex.compile(r"[ \t\u00a0]+(\p{Lu}[\p{L}\p{N}]*)")


def _is_dateline(text: str, start: int, end: int) -> bool:
    if not _DATELINE_AFTER.match(text[end:end + 3]):
        return False
    line_start = text.rfind("\n", max(0, start - 80), start) + 1 or max(0, start - 80)
    before = text[line_start:start]
    return not before.strip() or (before.rstrip(" \t\u00a0").endswith((",", "."))
                                  and bool(_LINE_START_OUTLET.match(before)))


def _capitalised(words: list[str]) -> bool:
    return all(w[:1].isupper() or w.lower() in LOWER_NAME_WORDS for w in words) and bool(words)


def _caps_outlet(text: str, start: int, end: int, allowed: set[str]) -> bool:
    """An uppercase name inside a short run of other uppercase words (``IUSTITIA PAPUA``, ``SULTENG RAYA``)."""
    # quick test: the word before, or the word after (after a space), must end or start with a capital
    # (str.isspace covers every \s of the patterns, so the characters looked at are never later than theirs)
    after = text[end + 1:end + 201].lstrip()[:1] if text[end:end + 1] in (" ", "\u00a0") else ""
    if not text[max(0, start - 200):start].rstrip()[-1:].isupper() and not after.isupper():
        return False
    line_start = text.rfind("\n", max(0, start - 200), start) + 1 or max(0, start - 200)
    line_end = text.find("\n", end, end + 200)
    line_end = min(len(text), end + 200) if line_end < 0 else line_end
    before = _WORDS_RE.findall(text[line_start:start])
    after = _WORDS_RE.findall(text[end:line_end])
    run = []
    for word in reversed(before):
        if not _CAPS_WORD.fullmatch(word):
            break
        run.append(word)
    if text[end:end + 1] in (" ", "\u00a0"):
        for word in after:
            if not _CAPS_WORD.fullmatch(word):
                break
            run.append(word)
    others = [w for w in run if w not in allowed]
    return bool(others) and len(run) <= 3


def _find_named(text: str, f: _Forms, starts: list[int]) -> list[_Hit]:
    hits = []
    low = folded(text)
    for match_start, name_start, prefix, known in _name_matches(text, f, starts):
        name_end = name_start + known.length
        hit_signal = None
        head = _WALI_OR_IBU.search(text[max(0, match_start - 8):match_start]) \
            if prefix and prefix.lower().startswith("kota") else None
        if head:
            prefix = None  # "Wali Kota X" is a cue for the kota, "ibu kota X" a capital: not part of the name
            hit_signal = "kota" if head.group(1).lower() == "wali" else None
        start = match_start if prefix else name_start
        hit = _Hit(start, name_end, name_start, known)  # (by position: the hottest loop of the layer)
        before = text[max(0, start - 60):start]
        # Where a cue before the name must end: before the blanks (and a bracket, or a dash) that end `before`,
        # or that end it before a last newline (where `$` matches too). Most names follow one space after a
        # word: then the three ends are one, read here without a call, and most names follow no cue word there.
        if before[-1:] == " " and before[-2:-1] not in _NOT_PLAIN_BEFORE_SPACE:
            blanks_end = bracket_end = dash_end = (start - 1,)
            may_follow_cue = low.endswith(f.any_cue_lasts.get(low[start - 2:start - 1], ()), 0, start - 1)
        else:
            blanks_end, bracket_end, dash_end = _cue_ends(before, start)
            may_follow_cue = not (blanks_end == bracket_end == dash_end and len(blanks_end) == 1) \
                or _ends_with_word(low, blanks_end[0], f.any_cue_lasts)
        if prefix:
            hit.signal = f.prefix_level[" ".join(prefix.lower().split())]  # "Kota  Adm." is "kota adm."
        elif hit_signal:
            hit.signal = hit_signal
        elif may_follow_cue and _cue_may_end(low, f.level_cue_lasts, bracket_end):
            # (one look-up for the three level cues: a name after "di" or "Bupati" follows none of them)
            for level in _LEVELS:
                if _cue_before(low, before, f.cue_res[level], f.cue_lasts[level], bracket_end):
                    hit.signal = level
                    break
        # A branch or place cue and a dateline only decide for a name that needs context or has several codes.
        if known.needs_context or len(known.codes) > 1:
            if may_follow_cue:
                hit.branch = _cue_before(low, before, f.cue_res["branch"], f.cue_lasts["branch"], bracket_end)
                hit.place_cue = (_cue_before(low, before, f.cue_res["place"], f.cue_lasts["place"], dash_end)
                                 or hit.signal is not None or hit.branch)
            else:
                hit.place_cue = hit.signal is not None
            hit.dateline = _is_dateline(text, start, name_end)
        if may_follow_cue and not prefix and _cue_before(low, before, f.not_place_re, f.not_place_lasts, blanks_end):
            continue
        if text.find(":", max(0, start - 120), start) >= 0 and \
                f.credit_line_re.search(text, max(0, start - 120), start):
            continue
        if known.not_followed and known.not_followed.match(text[name_end:name_end + 30]):
            continue
        if may_follow_cue and _cue_before(low, before, f.outlet_before_re, f.outlet_before_lasts, blanks_end):
            continue
        next_char = text[name_end:name_end + 1]
        if (next_char == "." or (next_char in _BLANKS and text[name_end:name_end + 12].lstrip(" \t\u00a0")[:1]
                                 in f.outlet_after_firsts)) and f.outlet_after_re.match(text[name_end:name_end + 12]):
            continue
        if known.caps_outlet_check and _caps_outlet(text, start, name_end, f.caps_allowed):
            continue
        if known.needs_context:
            hit.needs_context = not (hit.signal or hit.place_cue or hit.dateline)
            hit.accepted = not hit.needs_context
            # "Metro Jaya", "Padang Golf": a common-word name followed by another capitalised word
            # (a level or branch cue outweighs it: "Cabang Padang Yessi Rahimi" names a person next)
            strong = prefix or hit.signal or hit.branch or hit.dateline
            hit.blocked = not strong and bool(_NEXT_CAPITALISED.match(text, name_end))
        other = _PAIRED_LEVEL.search(before) if hit.signal in ("kota", "kabupaten") and \
            _cue_before(low, before, _PAIRED_LEVEL_AT_END, _PAIRED_LEVEL_LASTS, blanks_end) else None
        if other:
            level = "kabupaten" if other.group("kab") else "kota"
            if level != hit.signal:
                # "Kabupaten dan Kota Bekasi": both regions, the first one spanning the pair
                paired_start = start - (len(before) - other.start())
                hits.append(_Hit(start=paired_start, end=name_end, name_start=name_start, name=known,
                                 signal=level, place_cue=True))
        hits.append(hit)
    starts = {h.start for h in hits}
    for hit in hits:
        if hit.blocked:
            following = _NEXT_CAPITALISED.match(text, hit.end)
            if following.start(1) in starts:
                hit.blocked = False  # the next word starts another region: a list without commas
            else:
                hit.accepted = False
    _inherit_list_levels(text, hits)
    _accept_lists(text, hits)
    _accept_by_province(hits, f)
    return [h for h in hits if h.accepted]


def _cue_may_end(low: str, lasts: LastWords, ends: tuple[int, ...]) -> bool:
    """Whether the folded text ends, at one of ``ends``, with one of the words (``_cue_before``'s quick test)."""
    for end in ends:
        if low.endswith(lasts.get(low[end - 1:end], ()), 0, end):
            return True
    return False


def _cue_before(low: str, before: str, pattern: regex.Pattern, lasts: LastWords, ends: tuple[int, ...]) -> bool:
    """Whether ``before`` (the text before a name) ends with a phrase of ``pattern`` (from ``_at_end``); tried
    only when the folded text ends, at one of ``ends``, with the last word of one of the phrases."""
    for end in ends:
        if low.endswith(lasts.get(low[end - 1:end], ()), 0, end):
            return _ends_with(pattern, before)
    return False


def _cue_ends(before: str, start: int) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
    """Where a phrase followed only by blanks, by blanks and a bracket, or by blanks and a dash up to the end
    of ``before`` (which ends at ``start``) must end: before them, or before them and a final newline
    (``$`` matches there too)."""
    cut = start - len(before)  # where `before` starts in the text
    if before[-1:] == " " and before[-2:-1] not in _NOT_PLAIN_BEFORE_SPACE:
        end = (start - 1,)  # one space after a word: the three ends are one
        return end, end, end
    blanks = (cut + len(before.rstrip(" \t\u00a0")),)
    bracket = (cut + len(before.rstrip(" \t\u00a0(")),)
    dash = (cut + len(before.rstrip(" \t\u00a0-")),)
    if before.endswith("\n"):
        head = before[:-1]
        blanks += (cut + len(head.rstrip(" \t\u00a0")),)
        bracket += (cut + len(head.rstrip(" \t\u00a0(")),)
        dash += (cut + len(head.rstrip(" \t\u00a0-")),)
    return blanks, bracket, dash


def _inherit_list_levels(text: str, hits: list[_Hit]) -> None:
    """``Kabupaten Bogor, Bekasi dan Karawang``: a bare name in a list takes the level of the list's prefix."""
    for previous, hit in zip(hits, hits[1:]):
        if hit.signal or not previous.signal or previous.signal == "province":
            continue
        gap = text[previous.end:hit.start]
        if gap.strip() and len(gap) <= 12 and _LIST_GAP.match(gap) and "(" not in gap:
            hit.signal = previous.signal


def _accept_by_province(hits: list[_Hit], f: _Forms) -> None:
    """Accept a short form (``OKI``) in an article that names two or more other places of its province."""
    if all(h.accepted or h.blocked for h in hits):
        return
    weights: dict[str, int] = {}
    for hit in hits:
        provinces = hit.name.provinces
        if hit.accepted and len(provinces) == 1:
            (p,) = provinces
            weights[p] = weights.get(p, 0) + 1
    for hit in hits:
        written = hit.name.key.upper()
        if hit.accepted or hit.blocked or written not in f.context_acronyms or written in f.acronyms_never_by_province:
            continue
        provinces = hit.name.provinces
        if len(provinces) == 1 and weights.get(next(iter(provinces)), 0) >= 2:
            hit.accepted = True


def _name_matches(text: str, f: _Forms, starts: list[int]):
    """Matches of the name pattern that are written as names (capitalised) and known: (match start, name
    start, prefix, the known name). A match whose first word is not capitalised (``di Yogyakarta``
    read as ``DI Yogyakarta``) is retried from the next character, so the name inside it is still found."""
    low = folded(text)
    prefix_leads = f.prefix_leads
    pos = 0
    for start in starts:
        if start < pos:
            continue
        if low.startswith(prefix_leads, start):
            m, prefix = _prefixed_name(text, low, start, f)
        elif text[start].isupper():
            bare = _bare_name_pattern(low[start:start + 2])
            m = bare.match(text, start) if bare else None
            prefix = None
        else:
            continue  # neither a capitalised name nor a prefix starts here
        if not m:
            continue
        name_start, name_end = m.span(1)  # the name group (group 1 of every bare name pattern: faster by number)
        known = _read_name(text[name_start:name_end], f.prefix_level.get(prefix.lower()) if prefix else None)
        if known is None:
            pos = start + 1
            continue
        yield start, name_start, prefix, known
        pos = name_start + known.length


def _prefixed_name(text: str, low: str, start: int, f: _Forms) -> tuple[Optional[regex.Match], Optional[str]]:
    """A name at a place where a Provinsi/Kabupaten/Kota prefix may start: (its match, the prefix or None).

    As one pattern ``prefix? name`` would read it: each prefix that matches there in turn, with a name after
    it; else a name with no prefix."""
    for first_word, blank_after, prefix_pattern in f.prefix_patterns.get(low[start:start + 3], ()):
        if not low.startswith(first_word, start) or \
                (blank_after and low[start + len(first_word):start + len(first_word) + 1] not in _BLANKS):
            continue
        head = prefix_pattern.match(text, start)
        if head:
            after = head.end()
            bare = _bare_name_pattern(low[after:after + 2])
            name = bare.match(text, after) if bare else None
            if name:
                return name, head.group("prefix")
    bare = _bare_name_pattern(low[start:start + 2])
    return (bare.match(text, start) if bare else None), None


@lru_cache(maxsize=256)
def _bare_name_pattern(two: str) -> Optional[regex.Pattern]:
    """The name pattern without a prefix, for the names whose first word opens with ``two`` (lower case): a
    smaller trie, tried faster. Compiled on first use (a short article needs a few of the hundred)."""
    names = forms().names_by_two.get(two)
    if not names:
        return None
    pattern = regex.compile(rf"(?<!{LETTER})(?P<name>{_trie_pattern(names)})(?!{LETTER})", regex.IGNORECASE)
    if pattern.groupindex["name"] != 1:
        raise ValueError("_name_matches reads the name as group 1")
    return pattern


@lru_cache(maxsize=4096)
def _read_name(name: str, prefix_kind: Optional[str]) -> Optional[_Name]:
    """The longest leading part of a matched name that is capitalised and known."""
    f = forms()
    words = list(_WORD.finditer(name))
    for n in range(len(words), 0, -1):
        part = [w.group(0) for w in words[:n]]
        if not _capitalised(part):
            continue
        key = key_of("".join(part))
        special = f.by_prefixed_key.get((prefix_kind, key)) if prefix_kind else None
        aliases = [special] if special else f.by_key.get(key)
        if not aliases:
            continue
        length = words[n - 1].end()
        written = name[:length]
        if all(a.text in f.acronyms for a in aliases) and not written.isupper():
            continue  # acronyms only in capitals: NTT, not ntt
        codes = tuple(sorted({a.code for a in aliases}))
        is_acronym = written.isupper() and any(a.text in f.acronyms for a in aliases)
        return _Name(length=length, key=key, aliases=aliases, codes=codes,
                     provinces=frozenset(_province_of(c) for c in codes),
                     caps_outlet_check=written.isupper() and not is_acronym,
                     needs_context=written in f.context_acronyms or key in f.context_names,
                     not_followed=f.not_followed_re.get(key))
    return None


def _accept_lists(text: str, hits: list[_Hit]) -> None:
    """Accept a context-dependent name that stands in a list next to another region mention,
    or that the article has already used as a place elsewhere (``Kota Metro`` ... ``Metro``)."""
    changed = any(not h.accepted and not h.blocked for h in hits)  # anything to accept?
    while changed:
        changed = False
        placed = {h.name.key for h in hits if h.accepted}
        for hit in hits:
            if not hit.accepted and not hit.blocked and hit.name.key in placed:
                hit.accepted = True
                changed = True
        for i, hit in enumerate(hits):
            if hit.accepted or hit.blocked:
                continue
            neighbours = []
            if i > 0:
                neighbours.append((hits[i - 1], text[hits[i - 1].end:hit.start]))
            if i + 1 < len(hits):
                neighbours.append((hits[i + 1], text[hit.end:hits[i + 1].start]))
            for other, gap in neighbours:
                if other.accepted and len(gap) <= 60 and gap.strip() and _LIST_GAP.match(gap):
                    hit.accepted = True
                    changed = True
                    break


def _resolve(hits: list[_Hit]) -> None:
    """Give each hit its code (guidelines section 3 disambiguation)."""
    regions = gz.load().regions
    province_weight: dict[str, int] = {}
    for hit in hits:
        provinces = hit.name.provinces
        if len(provinces) == 1:
            (p,) = provinces
            province_weight[p] = province_weight.get(p, 0) + 1
    kabupaten_said: set[str] = set()
    kota_said = {h.name.key for h in hits if h.signal == "kota"}
    for hit in hits:
        codes = list(hit.name.codes)
        if hit.signal:
            wanted = [c for c in codes if _level_kind(regions[c]) == hit.signal]
            if wanted:
                codes = wanted
            elif hit.signal == "province":
                hit.signal = None  # "Provinsi X" with X only a regency name: keep the name's own reading
        if hit.signal == "kabupaten":
            kabupaten_said.add(hit.name.key)
        if len(codes) > 1:
            codes = [_choose(hit, codes, province_weight, kabupaten_said, kota_said)]
        hit.codes = codes


def _level_kind(region: gz.Region) -> str:
    return region.kind if region.level == "regency" else region.level


def _choose(hit: _Hit, codes: list[str], province_weight: dict[str, int],
            kabupaten_said: set[str], kota_said: set[str]) -> str:
    regions = gz.load().regions
    provinces = [c for c in codes if regions[c].level == "province"]
    kotas = [c for c in codes if regions[c].kind == "kota"]
    kabupatens = [c for c in codes if regions[c].kind == "kabupaten"]
    if provinces and (kotas or kabupatens):
        popular = any(a.code in provinces and a.kind == "common name" for a in hit.name.aliases)
        if popular or not kotas or not (hit.dateline or hit.branch):
            return provinces[0]
        return kotas[0]
    if kotas and kabupatens:
        # a bare dateline is the kota even in an article about the kabupaten (dev notes: 'SERANG')
        if hit.name.key in kabupaten_said and hit.name.key not in kota_said and not hit.dateline:
            pool = kabupatens
        else:
            pool = kotas + kabupatens
        return _by_context(pool, province_weight, prefer=kotas)
    return _by_context(codes, province_weight, prefer=codes)


def _by_context(codes: list[str], province_weight: dict[str, int], prefer: list[str]) -> str:
    """The candidate in the province the article talks about most; else the preferred one."""
    weights = {c: province_weight.get(_province_of(c), 0) for c in codes}
    best = max(weights.values())
    top = [c for c in codes if weights[c] == best]
    if best > 0 and len({_province_of(c) for c in top}) == 1:
        for c in prefer:
            if c in top:
                return c
        return top[0]
    for c in prefer:
        if c in codes:
            return c
    return codes[0]


def _find_national(text: str, f: _Forms, taken: list[tuple[int, int]],
                   starts: dict[str, list[int]]) -> list[RegionMention]:
    found = []

    def add(start: int, end: int) -> None:
        if any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        found.append(_region_mention({"text": text[start:end], "start": start, "end": end,
                                      "code": gz.NATION_CODE, "name": gz.NATION_NAME, "level": "nation"}))

    for m in matches_at(f.national_re, text, starts["national"]):
        if m.group("tanahair"):
            add(*m.span("tanahair"))
            continue
        name = m.group("name")
        if m.group("all"):
            seluruh = m.group("all")
            if seluruh[:1].isupper() and _previous_word_capitalised(text, m.start(), f, strict=True):
                continue  # "Persatuan Rumah Sakit Seluruh Indonesia"
            add(m.start(), m.end("name"))
            continue
        if m.group("rep"):
            if not m.group("rep")[:1].isupper():
                continue
            add(m.start("rep"), m.end("name"))
            continue
        if name not in ("Indonesia", "INDONESIA"):
            continue
        if _previous_word_capitalised(text, m.start("name"), f):
            continue
        if _ends_with(f.indonesia_not_after_re, text, max(0, m.start("name") - 30), m.start("name")):
            continue  # "bahasa Indonesia": the language
        nxt = _NEXT_WORD_RE.match(text[m.end("name"):m.end("name") + 40])
        if nxt and nxt.group(1).strip(".,;:()\"'") in f.indonesia_name_after:
            continue
        add(*m.span("name"))
    for m in matches_at(f.nasional_re, text, starts["nasional"]):
        if m.group("span_head"):
            add(m.start(), m.end())
        else:
            add(*m.span("n2"))
    for m in matches_at(f.ri_re, text, starts["ri"]):
        if _ends_with(f.ri_after_re, text[max(0, m.start() - 50):m.start()]):
            add(*m.span())
    return found


def _previous_word_capitalised(text: str, pos: int, f: _Forms, strict: bool = False) -> bool:
    """Whether ``Indonesia`` at pos continues a capitalised name (``Kartu Indonesia``, ``Bank Indonesia``)."""
    m = _LAST_WORD_RE.search(text[max(0, pos - 40):pos])
    if not m:
        return False
    word = m.group(1)
    if not word[:1].isupper() or _CLOSING_MARK.search(word):
        return False
    if not strict and word.lower() in f.indonesia_allowed_before:
        return False
    if strict and word.lower() in {"di", "ke", "dari"}:
        return False
    return True


def find_regions(text: str) -> list[RegionMention]:
    """Every region mention in the text, in text order, with exact character offsets."""
    f = forms()
    starts = f.starts.find(text)
    hits = _find_named(text, f, starts["name"])
    _resolve(hits)
    mentions = []
    regions = gz.load().regions
    taken = []
    for hit in hits:
        code = hit.codes[0]
        region = regions[code]
        mentions.append(_region_mention({"text": text[hit.start:hit.end], "start": hit.start, "end": hit.end,
                                         "code": code, "name": region.name, "level": region.level}))
        taken.append((hit.start, hit.end))
    mentions += _find_national(text, f, taken, starts)
    return sorted(mentions, key=lambda m: (m.start, m.end))
