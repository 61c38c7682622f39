"""``extractor ingest`` and ``extractor reprocess``."""

from __future__ import annotations

import sqlite3
from typing import Optional

from .. import __version__
from ..inputs import InputError
from ..store import Store
from .articles import Extractor, expand_paths, extraction_failure, log, read_file, read_url
from .fetch import FetchError, Fetcher, Limits, canonical_url, check_url


def ingest(store: Store, inputs: list[str], limits: Limits, force: bool = False) -> int:
    """Store each input once with its record; 0 when all went well, 1 when some input failed."""
    run = store.start_run("ingest", {"inputs": inputs, "force": force})
    counts = {"new": 0, "updated": 0, "duplicate": 0, "failed": 0}
    extractor = Extractor()
    fetcher: Optional[Fetcher] = None
    status = "failed"
    try:
        for item in expand_paths(inputs):
            if isinstance(item, InputError):
                counts["failed"] += 1
                log(f"failed    {item}")
                continue
            try:
                if isinstance(item, str):
                    check_url(item)
                    known = store.find(urls=(canonical_url(item),))
                    if known and not force:
                        counts["duplicate"] += 1
                        log(f"duplicate {known} {item} (already stored; --force reads it again)")
                        continue
                    fetcher = fetcher or Fetcher(limits, log=lambda m: log(f"          {m}"))
                    article = read_url(fetcher, item)
                    name = item
                else:
                    known = store.find(source=str(item.resolve()))
                    if known and not force:
                        counts["duplicate"] += 1
                        log(f"duplicate {known} {item} (already stored; --force reads it again)")
                        continue
                    article = read_file(item)
                    name = str(item)
            except (InputError, FetchError) as err:
                counts["failed"] += 1
                log(f"failed    {err}")
                continue
            try:
                article_id, outcome = store.save(article, lambda aid: extractor.record(aid, article), force=force)
            except Exception as err:  # noqa: BLE001 - one article the extractor chokes on is one failed input
                if isinstance(err, sqlite3.Error):
                    raise
                counts["failed"] += 1
                log(f"failed    {name}: {extraction_failure(err)}")
                continue
            counts[outcome] += 1
            log(f"{outcome:<9} {article_id} {name}" + (f" ({_observations(store, article_id)} observations)"
                                                       if outcome != "duplicate" else " (same text already stored)"))
        status = "ok" if not counts["failed"] else "failed"
    finally:
        if fetcher:
            fetcher.close()
        store.update_run(run, counts, status=status)
    log(f"ingest done: {counts['new']} new, {counts['updated']} re-extracted, {counts['duplicate']} already "
        f"stored, {counts['failed']} failed; store {store.path} holds {store.count()} articles")
    return 1 if counts["failed"] else 0


def reprocess(store: Store, ids: Optional[list[str]] = None, everything: bool = False) -> int:
    """Extract stored articles again: these ids, all, or (default) those not extracted by this version."""
    from ..cli import UsageError
    from ..pipeline import Article, default_nlp, extract_articles
    from ..records import ExtractionWarning

    if ids:
        missing = [i for i in ids if store.get(i) is None]
        if missing:
            raise UsageError(f"no stored article with id {', '.join(missing[:5])}")
    run = store.start_run("reprocess", {"ids": ids, "all": everything})
    chosen = store.articles(ids=ids) if ids else store.articles(outdated=None if everything else __version__)
    nlp = default_nlp()
    done = observations = 0

    def articles():
        for a in chosen:
            yield Article(text=a.text, id=a.id, source=a.url or a.source, title=a.title, published=a.published,
                          published_source=a.published_source,
                          warnings=[ExtractionWarning(**w) for w in a.warnings])

    status = "failed"
    try:
        for record in extract_articles(articles(), nlp=nlp):
            store.save_record(record)
            done += 1
            observations += len(record.observations)
        status = "ok"
    finally:
        store.update_run(run, {"reprocessed": done, "observations": observations}, status=status)
    log(f"reprocess done: {done} article(s) extracted again with extractor {__version__}, "
        f"{observations} observation(s)")
    return 0


def _observations(store: Store, article_id: str) -> int:
    row = store.conn.execute("SELECT observations FROM records WHERE article_id = ?", (article_id,)).fetchone()
    return row[0] if row else 0

