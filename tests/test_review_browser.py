"""The review app and the static report in a real headless browser: Debian's Chromium driven by Playwright (its
Python package ships the driver; Playwright never downloads a browser here).

Chromium comes from Debian's package: when /usr/bin/chromium is missing and we are root (CI runs as root), the
session installs it with apt-get. Elsewhere these tests skip with the reason; under CI (``CI`` set) they fail
instead, so a CI run never passes without having run them. The review server runs in a thread on 127.0.0.1 at a
free port and is stopped after the module.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from extractor.cli import main
from extractor.store import Store

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]
ROOT = Path(__file__).resolve().parents[1]
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

QUANTITY_BACKGROUND = "rgb(228, 231, 210)"  # --q in review.css, displaCy's CARDINAL colour


def record_of(db: Path, article_id: str) -> dict:
    with Store(db) as store:
        row = store.conn.execute("SELECT record FROM records WHERE article_id = ?", (article_id,)).fetchone()
    return json.loads(row[0])


def shown_text(page) -> str:
    """The article text as shown, without the layer labels."""
    return page.locator(".text").evaluate(
        "e => { const c = e.cloneNode(true); c.querySelectorAll('.lbl').forEach(l => l.remove());"
        " return c.textContent; }")


def test_article_page_highlights_spans_and_rows_outline_their_evidence(page, review_server):
    page.goto(review_server.base + "/")
    assert page.locator("tr.article-row").count() == 3
    page.check("input[name=inconsistent]")
    page.click("form.filters button[type=submit]")
    assert page.locator("tr.article-row").count() == 1
    assert "1 of 3 articles" in page.inner_text("#counts")
    page.click("tr.article-row a")
    assert page.url.endswith("/article/c013")

    record = record_of(review_server.db, "c013")
    for layer in ("quantities", "dates", "regions"):
        assert page.locator(f".text .lbl.l-{layer}").count() == len(record[layer])
    first = record["quantities"][0]
    seg = page.locator(f'.seg[data-s="{first["start"]}"]')
    assert first["text"].startswith(seg.inner_text())
    assert seg.locator(".m.l-quantities").evaluate("e => getComputedStyle(e).backgroundColor") == QUANTITY_BACKGROUND
    assert page.locator(".seg.ev").count() == 0

    # an observation row outlines its figure (and its region and date mentions)
    obs = record["observations"][2]
    page.click("#obs-2 td.figure")
    outlined = page.locator(".seg.ev")
    assert outlined.count() >= 1
    assert page.locator(f'.seg.ev[data-s="{obs["start"]}"]').count() == 1
    assert page.locator("#obs-2").get_attribute("class").split().count("selected") == 1

    # the inconsistent calculation outlines the figures it was computed from
    calc_index = next(i for i, c in enumerate(record["calculations"]) if c["status"] == "inconsistent")
    page.click(f"#calc-{calc_index} td:nth-child(2)")
    for i in record["calculations"][calc_index]["inputs"]:
        start = record["observations"][i]["start"]
        assert page.locator(f'.seg.ev[data-s="{start}"]').count() == 1
    assert page.locator(f'.seg.ev[data-s="{obs["start"]}"]').count() == (1 if 2 in record["calculations"][
        calc_index]["inputs"] else 0)

    # layers can be switched off
    label = page.locator(".text .lbl.l-regions").first
    assert label.is_visible()
    page.uncheck(".legend input[data-layer=regions]")
    assert label.is_hidden()
    assert page.locator(".text .m.l-quantities").first.is_visible()


def test_correct_an_observation_reload_export_gold_and_eval(page, review_server, tmp_path, capsys):
    record = record_of(review_server.db, "c005")
    observations = record["observations"]
    page.goto(review_server.base + "/article/c005")
    row = page.locator("#obs-0")
    assert "undecided" in row.inner_text()
    row.locator("details.correct summary").click()
    row.locator("input[name=value]").fill("97,5")
    with page.expect_navigation():
        row.locator("button[value=correct]").click()
    assert page.url.endswith("/article/c005#obs-0")
    page.reload()
    row = page.locator("#obs-0")
    assert "corrected" in row.inner_text() and "tester" in row.inner_text()
    assert row.locator("ins").count() == 1  # only the changed field is marked
    assert "97.5" in row.locator("td:nth-child(4) ins").inner_text()
    assert "98.1" in row.locator("td:nth-child(4) del").inner_text()
    assert record_of(review_server.db, "c005") == record  # the extractor's output is untouched

    with page.expect_navigation():
        page.locator("#obs-1 button[value=reject]").click()
    with page.expect_navigation():
        page.click("button[value=accept_rest]")
    assert "reviewed" in page.inner_text("dl.facts")
    assert "accepted" in page.locator(f"#obs-{len(observations) - 1}").inner_text()
    page.goto(review_server.base + "/?reviewed=reviewed")
    assert [page.locator("tr.article-row").first.get_attribute("data-id")] == ["c005"]
    assert page.locator("tr.article-row").count() == 1

    out = tmp_path / "team-gold"
    assert main(["review", "--db", str(review_server.db), "--export-gold", str(out)]) == 0
    gold = json.loads((out / "gold" / "c005.json").read_text(encoding="utf-8"))
    assert len(gold["observations"]) == len(observations) - 1 and gold["observations"][0]["value"] == 97.5
    capsys.readouterr()
    assert main(["eval", str(out), "--json"]) == 0
    scores = json.loads(capsys.readouterr().out)
    assert scores["articles"] == 1
    o = scores["layers"]["observations"]
    assert (o["tp"], o["predicted"], o["gold"]) == (len(observations) - 2, len(observations), len(observations) - 1)


def test_markup_in_an_article_shows_as_text_and_never_runs(page, review_server):
    page.goto(review_server.base + "/")
    assert "<script>" in page.inner_text("table.articles")
    page.goto(review_server.base + "/article/hostile")
    text = shown_text(page)
    assert "<script>window.__xss = 1; alert('xss')</script>" in text
    assert "<img src=x onerror=\"window.__xss = 2; alert('img')\">" in text
    with Store(review_server.db) as store:
        assert text == store.get("hostile").text
    assert "<script>" in page.inner_text("h1")
    assert page.evaluate("window.__xss") is None
    assert page.locator(".text img, .text script, h1 script").count() == 0


def test_a_form_from_another_site_cannot_change_reviews(page, review_server):
    with Store(review_server.db) as store:
        before = store.conn.execute("SELECT count(*) FROM reviews").fetchone()[0]
    page.set_content(f'<form method="post" action="{review_server.base}/article/c013/review">'
                     '<input name="decision" value="reject"><input name="observation" value="0">'
                     '<button>go</button></form>')
    with page.expect_navigation() as nav:
        page.click("button")
    assert nav.value.status == 403
    with Store(review_server.db) as store:
        assert store.conn.execute("SELECT count(*) FROM reviews").fetchone()[0] == before


def test_coverage_by_region_links_to_its_sources(page, review_server):
    page.goto(review_server.base + "/regions")
    row = page.locator('tr.region-row[data-region="93.01"]')
    assert "%" in row.locator("td:nth-child(2)").inner_text()
    with page.expect_navigation():
        row.locator("td:nth-child(4) a").click()
    assert page.url.endswith("/article/c013")


def test_static_report_works_offline_from_a_file(page, tmp_path):
    records = tmp_path / "records.jsonl"
    assert main(["extract", str(ARTICLES / "c013.txt"), "-o", str(records), "--no-progress"]) == 0
    report = tmp_path / "report.html"
    assert main(["report", str(records), "-o", str(report)]) == 0
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(report.as_uri())
    assert all(url.startswith("file://") for url in requested), requested
    record = json.loads(records.read_text(encoding="utf-8").splitlines()[0])
    assert page.locator(".text .lbl.l-quantities").count() == len(record["quantities"])
    page.click("#obs-0 td.figure")
    assert page.locator(f'.seg.ev[data-s="{record["observations"][0]["start"]}"]').count() == 1
    assert page.locator("tr.region-row").count() >= 1
