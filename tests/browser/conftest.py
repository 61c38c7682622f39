"""Real-browser fixtures: Debian's Chromium driven by Playwright (its Python package ships the driver; no browser is
ever downloaded by Playwright), and a review server on 127.0.0.1 with an ephemeral port.

Chromium comes from Debian's package: when /usr/bin/chromium is missing and we are root (CI runs as root), the
session installs it with apt-get. Elsewhere the browser tests skip with the reason; under CI (``CI`` set) they
fail instead, so a CI run never passes without having run them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]
ROOT = Path(__file__).resolve().parents[2]
ARTICLES = ROOT / "corpus" / "articles"


def _unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"browser tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(reason)


def _install_chromium() -> str | None:
    """apt-get install Debian's chromium; the error, or None when it worked."""
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    steps = ((["apt-get", "update", "-qq"], 600),
             (["apt-get", "install", "-y", "-qq", "chromium"], 1500))
    for command, timeout in steps:
        try:
            done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout,
                                  stdin=subprocess.DEVNULL)
        except (OSError, subprocess.TimeoutExpired) as err:
            return f"{' '.join(command)}: {err}"
        if done.returncode != 0:
            tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
            return f"{' '.join(command)} exited {done.returncode}: {' | '.join(tail)}"
    return None if CHROMIUM.exists() else "apt-get installed chromium but /usr/bin/chromium is not there"


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    if not CHROMIUM.exists():
        if os.name != "posix" or os.geteuid() != 0 or not shutil.which("apt-get"):
            _unavailable("Debian's chromium is not installed (/usr/bin/chromium) and this session cannot "
                         "apt-get install it (not root, or no apt-get): apt-get install chromium")
        error = _install_chromium()
        if error:
            _unavailable(f"could not install Debian's chromium: {error}")
    return str(CHROMIUM)


@pytest.fixture(scope="session")
def browser(chromium_executable):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright Python package is not installed (pip install -e '.[test]')")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_executable, args=CHROMIUM_ARGS, timeout=60_000)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser):
    """A fresh page; any dialog (alert, confirm) fails the test, as does a script error on our pages."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.dialogs = []
    page.errors = []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    try:
        yield page
        assert page.dialogs == [], f"a dialog opened: {page.dialogs}"
        assert page.errors == [], f"script errors: {page.errors}"
    finally:
        context.close()


# Our own invented text: markup that must show as text and never run.
HOSTILE_TEXT = (
    "Samarinda - BPJS Kesehatan mencatat 402.118 peserta JKN di Kota Samarinda hingga Mei 2024. "
    "<script>window.__xss = 1; alert('xss')</script> Cakupan kepesertaan kota itu 93,2 persen, kata "
    "petugas kepada warga. <img src=x onerror=\"window.__xss = 2; alert('img')\"> Sisanya belum terdaftar.\n")
HOSTILE_TITLE = "Judul <script>window.__xss = 3; alert('title')</script> uji"


@pytest.fixture(scope="module")
def review_server(tmp_path_factory):
    """A store with c005 and c013 ingested (c013 has an inconsistent calculation) and one article full of
    markup, served on 127.0.0.1 at a free port; stopped after the module."""
    from extractor.cli import main
    from extractor.pipeline import extract
    from extractor.review.app import make_server, serve_in_thread
    from extractor.store import NewArticle, Store

    db = tmp_path_factory.mktemp("browser-store") / "review.db"
    assert main(["ingest", str(ARTICLES / "c005.txt"), str(ARTICLES / "c013.txt"), "--db", str(db)]) == 0
    with Store(db) as store:
        store.save(NewArticle(text=HOSTILE_TEXT, source="hostile.txt", title=HOSTILE_TITLE, id_hint="hostile"),
                   lambda aid: extract(HOSTILE_TEXT, id=aid, source="hostile.txt"))
    server = make_server(db, host="127.0.0.1", port=0, reviewer="tester", quiet=True)
    serve_in_thread(server)
    server.db = db
    server.base = server.url.rstrip("/")
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
