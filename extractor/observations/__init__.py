"""Observations (guidelines section 5): figures that state a metric for a region, as of a date."""

from .finder import find_observations

__all__ = ["find_observations"]
