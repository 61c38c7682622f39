"""`extractor watch` against feeds served on 127.0.0.1 by the tests: relevance, failures that stop nothing,
conditional requests, retries across polls, alerts, config files, and a job killed mid-run (SIGKILL) that
restarts without losing or duplicating anything."""

from __future__ import annotations

import json
import os
import queue
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from extractor.cli import main

from conftest import FAST_NET_OPTIONS, INGEST_FIXTURES, FixtureServer

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = INGEST_FIXTURES
FAST = FAST_NET_OPTIONS


@pytest.fixture(scope="module")
def srv():
    with FixtureServer(slow_seconds=2.5) as s:
        yield s


def run(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    _, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, err


def query(db: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(str(db))
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_watch_once_keeps_relevant_articles_and_survives_bad_feeds_and_items(srv, tmp_path, capsys):
    db, alerts = tmp_path / "s.db", tmp_path / "alerts.jsonl"
    b = srv.base
    feeds = [f"{b}/berita.xml", f"{b}/rusak.xml", f"{b}/bukan-feed.html", "http://127.0.0.1:9/feed.xml",
             f"{b}/error", f"{b}/atom.atom"]
    code, err = run(capsys, "watch", *feeds, "--once", "--db", str(db), "--alerts", str(alerts),
                    "--max-bytes", "2MB", *FAST)
    assert code == 1  # some feeds and items failed; the rest went on
    lines = err.splitlines()
    # Each failed feed is one line, and the feeds after it were still read.
    assert any("feed-fail" in x and "rusak.xml: malformed feed" in x for x in lines)
    assert any("feed-fail" in x and "bukan-feed.html: not an RSS or Atom feed" in x for x in lines)
    assert any("feed-fail" in x and "127.0.0.1:9/feed.xml: cannot connect" in x for x in lines)
    assert any("feed-fail" in x and "/error: HTTP 500" in x for x in lines)
    stored = dict(query(db, "SELECT url, id FROM articles"))
    assert set(stored) == {f"{b}/pages/cakupan.html", f"{b}/pages/rujukan.html", f"{b}/pages/tunggakan.html"}
    # The flood article was fetched, judged irrelevant, and not stored.
    assert any(f"{b}/pages/banjir.html (not about JKN" in x for x in lines)
    items = dict(query(db, "SELECT link, status FROM feed_items WHERE feed_url LIKE '%berita.xml'"))
    assert items[f"{b}/pages/banjir.html"] == "irrelevant"
    assert items[f"{b}/pages/salinan-cakupan.html"] == "stored"  # same article under a second URL
    assert items[f"{b}/berita/hilang"] == "gone"  # the page disappeared
    assert items[f"{b}/loop/a"] == "gone" and items[f"{b}/besar"] == "gone" and items[f"{b}/dokumen.pdf"] == "gone"
    assert items[f"{b}/lambat"] == "failed"  # a passing failure: tried again at the next poll
    assert not any("passwd" in link for link in items)
    # Atom feed: its one item is the article already stored from the RSS feed.
    assert query(db, "SELECT status FROM feed_items WHERE feed_url LIKE '%atom.atom'") == [("stored",)]
    # A log line per article and a summary per poll.
    assert sum(" stored " in f" {x} " and "observation" in x for x in lines) == 3
    summary = [x for x in lines if "poll 1 done" in x]
    assert len(summary) == 1 and ("2 feed(s) read, 4 failed; 12 item(s): 3 new, 2 already stored, 1 not relevant, "
                                  "0 seen before, 6 failed;") in summary[0], summary
    # One alert line per observation of the new articles, nothing else.
    obs = query(db, "SELECT sum(observations) FROM records")[0][0]
    written = [json.loads(x) for x in alerts.read_text(encoding="utf-8").splitlines()]
    assert len(written) == obs > 0 and len({a["alert_id"] for a in written}) == obs
    assert {a["article_id"] for a in written} <= set(stored.values())
    banyumas = [a for a in written if a["region"] == "33.02"]
    assert banyumas and banyumas[0]["region_name"] == "Kabupaten Banyumas" and banyumas[0]["url"].endswith("cakupan.html")
    assert query(db, "SELECT status FROM runs") == [("failed",)]


def test_second_poll_uses_conditional_requests_and_retries_failed_items(tmp_path, capsys):
    db, alerts = tmp_path / "s.db", tmp_path / "alerts.jsonl"
    with FixtureServer(slow_seconds=2.5) as srv:
        args = ["watch", f"{srv.base}/berita.xml", "--once", "--db", str(db), "--alerts", str(alerts), *FAST]
        run(capsys, *args)
        alerts_before = alerts.read_text(encoding="utf-8")
        pages_before = srv.hits("/pages/cakupan.html") + srv.hits("/pages/banjir.html")
        slow_before = srv.hits("/lambat")
        code, err = run(capsys, *args)
        # The feed answered 304 to the validators saved by the first poll.
        second = srv.headers_of("/berita.xml")[-1]
        assert second.get("if-none-match", "").startswith('"') and second.get("if-modified-since")
        assert "304 Not Modified" in err
        # Stored and irrelevant pages are not fetched again; the slow page is tried again.
        assert srv.hits("/pages/cakupan.html") + srv.hits("/pages/banjir.html") == pages_before
        assert srv.hits("/lambat") == slow_before + 1
        assert query(db, "SELECT attempts, status FROM feed_items WHERE link LIKE '%lambat'") == [(2, "failed")]
        assert alerts.read_text(encoding="utf-8") == alerts_before  # nothing new, nothing repeated
        assert query(db, "SELECT count(*) FROM articles") == [(3,)]
        # After --max-attempts the item is given up.
        code, err = run(capsys, *args, "--max-attempts", "3")
        assert query(db, "SELECT status FROM feed_items WHERE link LIKE '%lambat'") == [("abandoned",)]
        assert "given up" in err


def test_config_file_gives_feeds_db_alerts_and_vocabulary(srv, tmp_path, capsys):
    (tmp_path / "kosakata.json").write_text(json.dumps({"strong": ["banjir"], "weak": []}), encoding="utf-8")
    config = tmp_path / "watch.toml"
    config.write_text(f'feeds = ["{srv.base}/berita.xml"]\ninterval = "10m"\ndb = "data/jkn.db"\n'
                      f'alerts = "data/alerts.jsonl"\nvocabulary = "kosakata.json"\n'
                      f'[limits]\ntimeout = 1\nretries = 0\ndelay = 0\nmax_bytes = "1MB"\n', encoding="utf-8")
    (tmp_path / "data").mkdir()
    code, err = run(capsys, "watch", "--config", str(config), "--once", "-q")
    assert code == 1
    # Relative paths are relative to the config file; the custom vocabulary keeps only the flood article.
    assert query(tmp_path / "data" / "jkn.db", "SELECT title FROM articles") == [
        ("Banjir Rendam Ratusan Rumah di Pesisir Utara",)]
    assert "larger than the 1048576 byte limit" in err
    assert not any(" skipped " in x for x in err.splitlines())  # -q: failures and summaries only
    feeds_txt = tmp_path / "feeds.txt"
    feeds_txt.write_text(f"# daftar feed\n{srv.base}/atom.atom\n\n", encoding="utf-8")
    code, err = run(capsys, "watch", "--config", str(feeds_txt), "--once", "--db", str(tmp_path / "t.db"), *FAST)
    assert code == 0 and query(tmp_path / "t.db", "SELECT count(*) FROM articles") == [(1,)]


@pytest.mark.parametrize("argv, words", [
    (["watch", "--once"], "no feed to watch"),
    (["watch", "file:///etc/passwd", "--once"], "only http and https"),
    (["watch", "http://127.0.0.1:9/f", "--interval", "sebentar"], "not a duration"),
    (["watch", "http://127.0.0.1:9/f", "--config", "/tidak/ada.toml"], "cannot read"),
    (["watch", "http://127.0.0.1:9/f", "--vocabulary", "/tidak/ada.json", "--once"], "cannot read vocabulary"),
    (["watch", "http://127.0.0.1:9/f", "--alerts", "/tidak/ada/alerts.jsonl"], "does not exist"),
])
def test_watch_usage_errors_are_one_line(tmp_path, capsys, argv, words):
    code, err = run(capsys, *argv, "--db", str(tmp_path / "s.db"))
    assert code == 2 and words in err and len(err.strip().splitlines()) == 1


def test_bad_config_file_is_one_line(tmp_path, capsys):
    config = tmp_path / "w.toml"
    config.write_text('feeds = ["http://127.0.0.1:9/f"]\nfeed_list = []\n', encoding="utf-8")
    code, err = run(capsys, "watch", "--config", str(config))
    assert code == 2 and "unknown key(s) feed_list" in err
    config.write_text('feeds = [\n', encoding="utf-8")
    code, err = run(capsys, "watch", "--config", str(config))
    assert code == 2 and "not valid TOML" in err


def _start_watch(db: Path, alerts: Path, feed: str, once: bool) -> tuple[subprocess.Popen, queue.Queue]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    cmd = [sys.executable, "-m", "extractor", "watch", feed, "--db", str(db), "--alerts", str(alerts),
           "--interval", "1s", *FAST] + (["--once"] if once else [])
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env)
    lines: queue.Queue = queue.Queue()

    def pump():
        for line in proc.stderr:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    return proc, lines


def _wait_for(lines: queue.Queue, words: str, count: int, timeout: float = 120) -> list[str]:
    seen, hits = [], 0
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
        except queue.Empty:
            break
        if line is None:
            break
        seen.append(line)
        if words in line:
            hits += 1
            if hits >= count:
                return seen
    raise AssertionError(f"never saw {count} x {words!r}: {''.join(seen)}")


def test_killed_watch_restarts_without_losing_or_duplicating(tmp_path):
    db, alerts = tmp_path / "s.db", tmp_path / "alerts.jsonl"
    series = 8
    with FixtureServer(series=series, series_delay=0.25) as srv:
        feed = f"{srv.base}/seri.xml"
        # Killed just after its 3rd stored article: inside the next item (fetching, extracting or writing)
        # or between an article's commit and the delivery of its alerts.
        proc, lines = _start_watch(db, alerts, feed, once=False)
        try:
            _wait_for(lines, " stored ", 3)
            time.sleep(0.1)
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL
        stored_before_restart = query(db, "SELECT count(*) FROM articles")[0][0]
        assert 3 <= stored_before_restart < series
        proc, lines = _start_watch(db, alerts, feed, once=True)
        rest = _wait_for(lines, "poll 1 done", 1)
        assert proc.wait(timeout=60) == 0, "".join(rest)
        pages = [srv.hits(f"/seri/{i}") for i in range(series)]
    # Every article of the feed is stored exactly once, with one record each.
    urls = [u for u, in query(db, "SELECT url FROM articles")]
    assert sorted(urls) == sorted(f"{srv.base}/seri/{i}" for i in range(series))
    assert query(db, "SELECT count(*) FROM records") == [(series,)]
    assert query(db, "SELECT DISTINCT status FROM feed_items") == [("stored",)]
    # Each page was fetched at most twice (once more only if the job died while it was in hand).
    assert all(1 <= n <= 2 for n in pages), pages
    # Every observation is in the alerts file exactly once, and the file has no torn line.
    expected = set()
    for article_id, record in query(db, "SELECT article_id, record FROM records"):
        expected |= {f"{article_id}#{i}" for i in range(len(json.loads(record)["observations"]))}
    written = [json.loads(x)["alert_id"] for x in alerts.read_text(encoding="utf-8").splitlines()]
    assert len(written) == len(set(written)) and set(written) == expected and len(expected) >= series
    statuses = [s for s, in query(db, "SELECT status FROM runs ORDER BY id")]
    assert statuses == ["interrupted", "ok"]


def test_sigterm_stops_a_waiting_watch_cleanly(tmp_path):
    db, alerts = tmp_path / "s.db", tmp_path / "alerts.jsonl"
    with FixtureServer() as srv:
        feed_list = tmp_path / "feeds.txt"
        feed_list.write_text(f"{srv.base}/entitas.xml\n", encoding="utf-8")  # one irrelevant item
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        proc = subprocess.Popen([sys.executable, "-m", "extractor", "watch", "--config", str(feed_list), "--db",
                                 str(db), "--alerts", str(alerts), "--interval", "1h", *FAST],
                                stderr=subprocess.PIPE, text=True, env=env)
        lines: queue.Queue = queue.Queue()
        threading.Thread(target=lambda: [lines.put(x) for x in proc.stderr] + [lines.put(None)], daemon=True).start()
        _wait_for(lines, "poll 1 done", 1, timeout=60)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
    assert query(db, "SELECT status FROM runs") == [("stopped",)]
    assert query(db, "SELECT status FROM feed_items") == [("irrelevant",)]
