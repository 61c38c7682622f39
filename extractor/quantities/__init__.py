"""Quantities (guidelines section 1): counts, percentages, Rupiah amounts and ratios."""

from .finder import find_quantities

__all__ = ["find_quantities"]
