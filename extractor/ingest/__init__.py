"""Articles from files, URLs and news feeds into the store: ``ingest``, ``reprocess``, ``watch``, ``export``."""
