"""Reference population of a region (data/, copied from the team's region reference data).

Provinces and the nation have several series (Dukcapil semester counts, the BPS 2020 census, BPS
mid-year projections); kabupaten/kota only Dukcapil Semester II 2024. One calculation uses one
figure of one series, the one whose reference date is nearest the date it is needed for; the 2020
census rows of Papua (91) and Papua Barat (92) count the provinces before their 2022 split and are
never used for today's codes.
"""

from __future__ import annotations

import csv
import datetime
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

DATA = Path(__file__).with_name("data")


@dataclass(frozen=True)
class ReferencePopulation:
    code: str
    population: int
    figure: str  # the series, e.g. "Dukcapil DKB semester"
    reference_date: str
    source: str


@lru_cache(maxsize=1024)
def _date(value: Optional[str]) -> Optional[datetime.date]:
    """A TIMEX value as a date: '2023' -> 2023-06-30, '2023-H2' -> 2023-12-31, '2022-09' -> 2022-09-15."""
    if not value:
        return None
    try:
        year = int(value[:4])
        rest = value[5:]
        if not rest:
            return datetime.date(year, 6, 30)
        if rest.startswith("H"):
            return datetime.date(year, 6 if rest == "H1" else 12, 30 if rest == "H1" else 31)
        if rest.startswith("Q"):
            return datetime.date(year, int(rest[1]) * 3, 28)
        if rest.startswith("W"):
            return datetime.date.fromisocalendar(year, int(rest[1:]), 1)
        if len(rest) == 2:
            return datetime.date(year, int(rest), 15)
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


@lru_cache(maxsize=1)
def _rows() -> dict[str, list[ReferencePopulation]]:
    rows: dict[str, list[ReferencePopulation]] = {}
    with open(DATA / "population_provinces.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["province_code"] in ("91", "92") and "pre-2022" in row["boundary"]:
                continue  # pre-2022 Papua boundaries
            code = "ID" if row["province_code"] == "00" else row["province_code"]
            rows.setdefault(code, []).append(ReferencePopulation(
                code, int(row["population"]), row["figure"], row["reference_date"], row["source"]))
    with open(DATA / "population_regencies.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            rows.setdefault(row["regency_code"], []).append(ReferencePopulation(
                row["regency_code"], int(row["population"]), row["figure"], row["reference_date"], row["source"]))
    return rows


def has_population(code: Optional[str]) -> bool:
    """Whether the reference data holds a figure for the region."""
    return code in _rows()


@lru_cache(maxsize=4096)
def reference_population(code: str, when: Optional[str] = None) -> Optional[ReferencePopulation]:
    """The figure nearest ``when`` (a TIMEX value; the latest if unknown), or None for an unknown code."""
    candidates = _rows().get(code)
    if not candidates:
        return None
    target = _date(when)
    if target is None:
        return max(candidates, key=lambda r: r.reference_date)
    return min(candidates, key=lambda r: (abs((_date(r.reference_date[:10]) or target) - target), r.figure != "Dukcapil DKB semester"))
