"""The SQLite store: schema and migrations, WAL, one-transaction saves, deduplication, alerts exactly once."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import pytest

from extractor.records import Observation, Record
from extractor.store import MIGRATIONS, NewArticle, Store, StoreError, content_hash
from extractor.ingest.articles import deliver_alerts

TEXT = "Cakupan kepesertaan JKN di kota itu mencapai 97,5 persen dari jumlah penduduk pada akhir tahun."


def fake_record(article_id: str, observations: int = 0) -> Record:
    obs = [Observation(metric="coverage_rate", value=97.5 + i, region="33.02", as_of="2024-01-01", start=0, end=4)
           for i in range(observations)]
    return Record(id=article_id, text_sha256="0" * 64, extractor_version="test", observations=obs)


def article(text: str = TEXT, url: str | None = "https://warta.example/a", **kw) -> NewArticle:
    return NewArticle(text=text, source=url or "/tmp/a.txt", url=url, **kw)


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "s.db") as s:
        yield s


def test_new_store_has_current_schema_and_wal(tmp_path):
    with Store(tmp_path / "s.db") as s:
        assert s.version == len(MIGRATIONS)
        assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = {r[0] for r in s.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"articles", "records", "runs", "feeds", "feed_items", "alerts", "article_urls"} <= tables
    with Store(tmp_path / "s.db") as again:  # opening again migrates nothing and keeps the data
        assert again.version == len(MIGRATIONS)


def test_migrations_run_in_order_from_an_older_store(tmp_path):
    path = tmp_path / "old.db"
    with Store(path, migrations=MIGRATIONS[:1]) as s:
        s.save(article(), fake_record)
    extra = "ALTER TABLE articles ADD COLUMN language TEXT; UPDATE articles SET language = 'id'"
    with Store(path, migrations=MIGRATIONS + [extra]) as s:
        assert s.version == len(MIGRATIONS) + 1
        assert s.conn.execute("SELECT language FROM articles").fetchone()[0] == "id"
    with pytest.raises(StoreError, match="newer extractor"):
        Store(path)


def test_reader_needs_an_existing_store_and_a_real_database(tmp_path):
    with pytest.raises(StoreError, match="no store at"):
        Store(tmp_path / "missing.db", create=False)
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="not a usable store"):
        Store(bad)


def test_same_url_or_same_text_is_stored_once(store):
    first, status = store.save(article(), lambda aid: fake_record(aid))
    assert status == "new" and first.startswith("warta.example-")
    again, status = store.save(article(), lambda aid: pytest.fail("no extraction for a known article"))
    assert (again, status) == (first, "duplicate")
    # Same text under another URL (whitespace differs): the same article, the URL is remembered.
    mirror = article(text=TEXT.replace(" ", "  ") + "\n", url="https://m.warta.example/a")
    assert store.save(mirror, fake_record) == (first, "duplicate")
    assert store.find(urls=("https://m.warta.example/a",)) == first
    assert store.count() == 1 and store.count("records") == 1


def test_force_replaces_text_and_record_but_keeps_one_article(store):
    aid, _ = store.save(article(), fake_record)
    changed = article(text=TEXT + " Data diperbarui pada Februari.", title="Judul baru")
    assert store.save(changed, lambda a: fake_record(a, 2), force=True) == (aid, "updated")
    stored = store.get(aid)
    assert stored.title == "Judul baru" and stored.text.endswith("Februari.")
    assert stored.content_hash == content_hash(changed.text)
    assert store.count() == 1
    assert json.loads(store.conn.execute("SELECT record FROM records").fetchone()[0])["observations"]


def test_files_get_their_stem_as_id_and_a_hash_when_taken(store):
    a, _ = store.save(NewArticle(text=TEXT, source="/x/c001.txt", id_hint="c001"), fake_record)
    b, _ = store.save(NewArticle(text=TEXT + " Lain.", source="/y/c001.txt", id_hint="c001"), fake_record)
    assert a == "c001" and b.startswith("c001-") and len(b) == len("c001-") + 8
    # The same path again is known even before reading it.
    assert store.find(source="/x/c001.txt") == "c001"


def test_a_failing_extraction_leaves_nothing_behind(store):
    def broken(aid):
        raise RuntimeError("extraction crashed")

    with pytest.raises(RuntimeError):
        store.save(article(), broken)
    assert store.count() == 0 and store.count("article_urls") == 0


def test_a_write_inside_the_transaction_that_fails_rolls_back_everything(store):
    item = {"feed_url": "https://f.example/rss", "item_key": "k1", "link": "https://warta.example/a"}

    def record_then_break(aid):
        return fake_record(aid, 1)

    original = store._write_record

    def exploding(*args):
        original(*args)
        raise sqlite3.OperationalError("disk I/O error")

    store._write_record = exploding
    with pytest.raises(sqlite3.OperationalError):
        store.save(article(), record_then_break, alerts=True, feed_item=item)
    store._write_record = original
    for table in ("articles", "records", "article_urls", "alerts", "feed_items"):
        assert store.count(table) == 0, table


def test_alerts_reach_the_file_exactly_once_even_after_a_crash(store, tmp_path):
    alerts = tmp_path / "alerts.jsonl"
    aid, _ = store.save(article(title="Judul"), lambda a: fake_record(a, 3), alerts=True)
    assert len(store.pending_alerts()) == 3
    # Crash after writing the lines but before marking them: a torn extra line, no mark.
    pending = store.pending_alerts()
    alerts.write_text("".join(line + "\n" for _, _, line in pending[:2]) + pending[2][2][:25], encoding="utf-8")
    assert deliver_alerts(store, alerts) == 1  # only the third, the torn piece cut off
    lines = [json.loads(x) for x in alerts.read_text(encoding="utf-8").splitlines()]
    assert [x["alert_id"] for x in lines] == [f"{aid}#0", f"{aid}#1", f"{aid}#2"]
    assert lines[0]["region_name"] == "Kabupaten Banyumas" and lines[0]["metric"] == "coverage_rate"
    assert store.pending_alerts() == []
    assert deliver_alerts(store, alerts) == 0
    # A duplicate article queues no new alert.
    store.save(article(url="https://other.example/a"), lambda a: fake_record(a, 3), alerts=True)
    assert store.pending_alerts() == []


def test_reader_is_not_blocked_by_an_open_write_transaction(tmp_path):
    path = tmp_path / "s.db"
    with Store(path) as writer:
        writer.save(article(), fake_record)
        with writer.transaction() as conn:
            conn.execute("UPDATE articles SET title = 'sedang ditulis'")
            reader = sqlite3.connect(str(path), timeout=0.1)
            assert reader.execute("SELECT count(*), max(title) FROM articles").fetchone() == (1, None)
            reader.close()


def test_runs_of_killed_processes_are_marked_interrupted(tmp_path):
    path = tmp_path / "s.db"
    code = ("import sys; from extractor.store import Store; s = Store(sys.argv[1]); "
            "print(s.start_run('watch', {}))")
    subprocess.run([sys.executable, "-c", code, str(path)], check=True, capture_output=True)
    with Store(path) as s:
        s.start_run("ingest", {})
        statuses = [r["status"] for r in s.runs()]
    assert statuses == ["interrupted", "running"]
