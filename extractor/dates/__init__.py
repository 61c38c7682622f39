"""The dates layer: calendar dates and periods, and the article's own date (guidelines section 2)."""

__all__ = ["find_dates", "find_published"]


def __getattr__(name: str):
    # Imported on first use, so that ``extractor.legalrefs`` (which the finder uses) can itself use
    # ``extractor.dates.literals`` without an import cycle.
    if name in __all__:
        from . import finder

        return getattr(finder, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
