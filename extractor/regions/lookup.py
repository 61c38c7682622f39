"""Look a region name, alias or code up (``extractor regions QUERY``): candidates with codes, best first."""

from __future__ import annotations

import difflib
from dataclasses import asdict, dataclass

import regex

from . import gazetteer as gz
from .finder import find_regions, key_of

LEVEL_PREFIXES = {
    "provinsi": "province", "propinsi": "province", "prov": "province",
    "kabupaten": "kabupaten", "kab": "kabupaten", "kota": "kota", "kotamadya": "kota",
}


@dataclass(frozen=True)
class Candidate:
    """One region a query may mean."""

    code: str
    name: str  # official full name
    level: str  # nation | province | regency
    province: str  # province name ("" for Indonesia)
    matched: str  # the alias, name or code that matched
    note: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


def _candidate(code: str, matched: str, note: str = "") -> Candidate:
    region = gz.region(code)
    return Candidate(region.code, region.name, region.level, region.province or "", matched, note)


def lookup(query: str, limit: int = 10) -> list[Candidate]:
    """The regions a name, alias or code may mean, best first.

    Order: a code (current or pre-2022 Papua code); what the text finder reads for the query
    (so ``Kab. Bandung`` gives 32.04 first); every exact alias; then close spellings.
    """
    query = query.strip()
    if not query:
        return []
    out: list[Candidate] = []

    def add(candidate: Candidate) -> None:
        if all(c.code != candidate.code for c in out):
            out.append(candidate)

    code = gz.normalize_code(query)
    if code:
        legacy = gz.load().legacy.get(code)
        if legacy:
            add(_candidate(legacy, query, f"pre-2022 code {code}, now {legacy}"))
        elif gz.region(code):
            add(_candidate(code, query, "code"))
        return out

    level, bare = _split_level(query)
    key = key_of(bare)

    for mention in find_regions(query):
        if mention.end >= len(query.rstrip(" .")) and len(query[:mention.start].split()) <= 2:
            add(_candidate(mention.code, mention.text, "reading of the text finder"))

    aliases = [a for a in gz.aliases() if key_of(a.text) == key]
    if level in ("kota", "kabupaten"):
        aliases = [a for a in aliases if a.prefix_kind in (None, level)]
    else:
        aliases = [a for a in aliases if a.prefix_kind is None]
    aliases.sort(key=lambda a: (_level_rank(a.code, level), a.code))
    for alias in aliases:
        matched = f"{alias.prefix_kind.capitalize()} {alias.text}" if alias.prefix_kind else alias.text
        add(_candidate(alias.code, matched, _note(alias)))
    if key == key_of(gz.NATION_NAME):
        add(_candidate(gz.NATION_CODE, gz.NATION_NAME, "the nation"))

    # names that contain the query as a word ("Lampung" -> Lampung Selatan...), then close spellings
    word_re = regex.compile(rf"(?<!\p{{L}}){regex.escape(bare)}(?!\p{{L}})", regex.IGNORECASE)
    for region in gz.all_regions():
        if len(out) >= limit:
            break
        if word_re.search(region.name):
            add(_candidate(region.code, region.name, "name contains the query"))
    if len(out) < limit:
        keys: dict[str, list[gz.Alias]] = {}
        for alias in gz.aliases():
            keys.setdefault(key_of(alias.text), []).append(alias)
        for region in gz.all_regions():
            keys.setdefault(key_of(region.name), []).append(
                gz.Alias(region.name, region.code, "official name"))
        for close in difflib.get_close_matches(key, list(keys), n=limit, cutoff=0.8):
            for alias in keys[close]:
                add(_candidate(alias.code, alias.text, f"close spelling ({_note(alias)})"))
    return out[:limit]


def _split_level(query: str) -> tuple[str | None, str]:
    """``Kab. Bandung`` -> ("kabupaten", "Bandung"); ``Pemkot Bogor`` -> ("kota", "Bogor")."""
    rules = gz.rules()
    words = dict(LEVEL_PREFIXES)
    for level in ("province", "kabupaten", "kota"):
        for word in rules["cues"][level] + rules["prefixes"][level]:
            words[word.lower().rstrip(".")] = level
    lowered = query.lower()
    for word in sorted(words, key=len, reverse=True):
        m = regex.match(rf"{regex.escape(word)}\.?\s+(.+)$", lowered)
        if m:
            return words[word], query[m.start(1):]
    return None, query


def _level_rank(code: str, level: str | None) -> int:
    region = gz.region(code)
    kind = region.kind if region.level == "regency" else region.level
    if level:
        return 0 if kind == level else 1
    return {"province": 0, "kota": 1, "kabupaten": 2}.get(kind, 3)


def _note(alias: gz.Alias) -> str:
    return f"{alias.kind}: {alias.note}" if alias.note else alias.kind


def format_candidates(candidates: list[Candidate]) -> str:
    """A plain table for the terminal."""
    if not candidates:
        return "no region found"
    rows = [(c.code, c.name, c.level, c.province, c.matched, c.note) for c in candidates]
    header = ("code", "name", "level", "province", "matched", "note")
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(5)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths)) + "  note"]
    for r in rows:
        lines.append("  ".join(str(v).ljust(w) for v, w in zip(r, widths)) + "  " + r[5])
    return "\n".join(lines)
