"""The gazetteer: 38 provinces, 514 kabupaten/kota, their aliases and former codes (data/*.csv).

Loaded once per process on first use. Codes are Kemendagri codes (``63``, ``63.71``); ``ID`` is Indonesia.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Optional

DATA_DIR = Path(__file__).parent / "data"
NATION_CODE = "ID"
NATION_NAME = "Indonesia"

# Words that open a full regency name ("Kota X", "Kabupaten X") and the kind they give.
KIND_PREFIXES = {"kabupaten": "kabupaten", "kab.": "kabupaten", "kota": "kota"}


@dataclass(frozen=True)
class Region:
    """One administrative region."""

    code: str
    name: str  # official full name: "Kalimantan Selatan", "Kota Banjarmasin"
    short_name: str  # without the Kota/Kabupaten prefix
    level: str  # nation | province | regency
    kind: Optional[str] = None  # kabupaten | kota for regencies
    province_code: Optional[str] = None

    @property
    def province(self) -> Optional[str]:
        """The name of the province the region lies in (its own name for a province)."""
        if self.level == "province":
            return self.name
        if self.province_code:
            return province_name(self.province_code)
        return None


@dataclass(frozen=True)
class Alias:
    """A written form that names a region: official or short name, abbreviation, spelling, former name."""

    text: str
    code: str
    kind: str  # official name | common name | abbreviation | spelling variant | former name | short name
    note: str = ""
    prefix_kind: Optional[str] = None  # "kota"/"kabupaten" when the alias itself opens with that word


@dataclass
class Gazetteer:
    regions: dict[str, Region] = field(default_factory=dict)
    aliases: list[Alias] = field(default_factory=list)
    legacy: dict[str, str] = field(default_factory=dict)  # old code -> current code
    rules: dict = field(default_factory=dict)


def _read_csv(name: str) -> list[dict]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _alias(text: str, code: str, kind: str, note: str = "") -> Alias:
    first, _, rest = text.partition(" ")
    prefix_kind = KIND_PREFIXES.get(first.lower()) if rest else None
    if prefix_kind:
        return Alias(rest, code, kind, note, prefix_kind)
    return Alias(text, code, kind, note)


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    """The gazetteer, read once."""
    gaz = Gazetteer()
    gaz.regions[NATION_CODE] = Region(NATION_CODE, NATION_NAME, NATION_NAME, "nation")
    for row in _read_csv("provinces.csv"):
        gaz.regions[row["code"]] = Region(row["code"], row["name"], row["name"], "province")
    for row in _read_csv("regencies.csv"):
        gaz.regions[row["code"]] = Region(row["code"], row["full_name"], row["name"], "regency",
                                          row["kind"], row["province_code"])
    seen = set()

    def add(alias: Alias) -> None:
        key = (alias.text.lower(), alias.code, alias.prefix_kind)
        if key not in seen:
            seen.add(key)
            gaz.aliases.append(alias)

    for region in gaz.regions.values():
        if region.level == "province":
            add(Alias(region.name, region.code, "official name"))
        elif region.level == "regency":
            add(Alias(region.short_name, region.code, "official name"))
    for name in ("aliases.csv", "extra_aliases.csv"):
        for row in _read_csv(name):
            add(_alias(row["alias"], row["target_code"], row["kind"], row.get("note", "")))
    for row in _read_csv("legacy_codes.csv"):
        gaz.legacy[row["old_code"]] = row["current_code"]
    gaz.rules = json.loads((DATA_DIR / "rules.json").read_text(encoding="utf-8"))
    return gaz


def region(code: str) -> Optional[Region]:
    """The region with this code (current or pre-2022 Papua code), or None."""
    gaz = load()
    code = normalize_code(code) or code
    if code in gaz.regions:
        return gaz.regions[code]
    return gaz.regions.get(gaz.legacy.get(code, ""))


def regency(code: str) -> Optional[Region]:
    """The kabupaten/kota with this code, or None."""
    found = region(code)
    return found if found and found.level == "regency" else None


def province(code: str) -> Optional[Region]:
    """The province with this code, or None."""
    found = region(code)
    return found if found and found.level == "province" else None


def province_name(code: str) -> Optional[str]:
    """The official name of a province, given its code or the code of one of its regencies."""
    found = region(code)
    if found is None:
        return None
    if found.level == "regency":
        found = region(found.province_code)
    return found.name if found and found.level == "province" else None


def province_code_of(code: str) -> Optional[str]:
    """The province code of a region (itself for a province; None for the nation)."""
    found = region(code)
    if found is None or found.level == "nation":
        return None
    return found.code if found.level == "province" else found.province_code


def all_regions() -> list[Region]:
    """Indonesia, the 38 provinces and the 514 kabupaten/kota."""
    return list(load().regions.values())


def aliases() -> list[Alias]:
    """Every written form the finder knows."""
    return list(load().aliases)


def rules() -> dict:
    """The context rules of data/rules.json."""
    return load().rules


def normalize_code(text: str) -> Optional[str]:
    """``63.71``, ``6371``, ``63`` or ``id`` as a canonical code string, else None."""
    digits = text.strip().replace(" ", "")
    if digits.upper() == NATION_CODE:
        return NATION_CODE
    if digits.isdigit() and len(digits) == 2:
        return digits
    if digits.isdigit() and len(digits) == 4:
        return f"{digits[:2]}.{digits[2:]}"
    if len(digits) == 5 and digits[2] == "." and (digits[:2] + digits[3:]).isdigit():
        return digits
    return None
