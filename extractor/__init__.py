"""extractor: structured records from Indonesian news about JKN (BPJS Kesehatan).

    >>> import extractor
    >>> record = extractor.extract("Hingga April 2017, tercatat 91 faskes pratama di Jakpus.")
    >>> nlp = extractor.load()          # the spaCy pipeline, for use in your own code

Heavy imports (spaCy) happen on first use, so that ``extractor --help`` starts quickly.
"""

__version__ = "0.1.0"

__all__ = ["__version__", "load", "extract", "extract_articles", "Article"]


def __getattr__(name):
    if name in ("load", "extract", "extract_articles", "Article"):
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'extractor' has no attribute {name!r}")
