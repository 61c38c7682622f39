"""The review app and the report in a real headless browser (Debian's Chromium via Playwright)."""

from __future__ import annotations

import json
from pathlib import Path

from extractor.cli import main
from extractor.store import Store

ARTICLES = Path(__file__).resolve().parents[2] / "corpus" / "articles"
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
    assert row.locator("ins").first.inner_text() == observations[0]["metric"]
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
