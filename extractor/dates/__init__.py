"""The dates layer: calendar dates and periods, and the article's own date (guidelines section 2)."""

from .finder import find_dates, find_published

__all__ = ["find_dates", "find_published"]
