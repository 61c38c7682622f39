"""Regions layer: Indonesia, its 38 provinces and 514 kabupaten/kota as Kemendagri codes (guidelines section 3).

- ``find_regions(text)``: every region mention in a text, with exact offsets, code, official name and level.
- ``lookup(query)``: the regions a name, alias or code may mean, best first (``extractor regions QUERY``).
- ``gazetteer``: the data (``province_name``, ``regency``, ``all_regions``...), loaded once on first use.
"""

from .finder import find_regions
from .lookup import Candidate, lookup

__all__ = ["find_regions", "lookup", "Candidate"]
