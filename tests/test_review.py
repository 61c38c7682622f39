"""Review app, gold export and static report, without a browser (tests/browser/ drives Chromium)."""

from __future__ import annotations

import json
import re
import shutil
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pytest

from extractor.cli import main
from extractor.review.app import BindError, ReviewApp, make_server, serve_in_thread
from extractor.review.reviews import (ReviewError, build_review, clean_fields, fingerprint, parse_value,
                                      period_end, record_decision, short_fingerprint)
from extractor.store import NewArticle, Store

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "corpus" / "articles"
FORM = {"content-type": "application/x-www-form-urlencoded"}

# Our own invented text: markup that must show as text, never run.
HOSTILE_TEXT = (
    "Bogor - Dinas Kesehatan Kota Bogor mencatat 512.300 peserta JKN hingga Maret 2024. "
    "<script>window.__xss = 1; alert('x')</script> Cakupan kepesertaan di kota itu mencapai 91,4 persen, "
    "kata petugas BPJS Kesehatan kepada warga. <img src=x onerror=\"window.__xss = 2\"> Sisanya belum terdaftar.\n")
HOSTILE_TITLE = "Uji <script>window.__xss = 3</script> judul & \"kutip\""


def add_hostile_article(db: Path) -> str:
    from extractor.pipeline import extract

    with Store(db) as store:
        article = NewArticle(text=HOSTILE_TEXT, source="hostile.txt", title=HOSTILE_TITLE, id_hint="hostile")
        article_id, _ = store.save(article, lambda aid: extract(HOSTILE_TEXT, id=aid, source="hostile.txt"))
    return article_id


@pytest.fixture(scope="module")
def base_db(tmp_path_factory) -> Path:
    """A store with two corpus articles (c005; c013 has an inconsistent calculation) and a hostile one."""
    db = tmp_path_factory.mktemp("store") / "review.db"
    assert main(["ingest", str(ARTICLES / "c005.txt"), str(ARTICLES / "c013.txt"), "--db", str(db)]) == 0
    add_hostile_article(db)
    return db


@pytest.fixture
def db(base_db, tmp_path) -> Path:
    """A fresh copy of the store for each test."""
    copy = tmp_path / "review.db"
    with Store(base_db) as store:  # a consistent copy, WAL included
        store.conn.execute(f"VACUUM INTO '{copy}'")
    return copy


@pytest.fixture
def app(db) -> ReviewApp:
    return ReviewApp(db, "ana")


def get(app, path, host="127.0.0.1:8765"):
    return app.handle("GET", path, {"host": host})


def post(app, article_id, fields, csrf=True, headers=None):
    data = dict(fields)
    if csrf:
        data["csrf"] = app.csrf_token
    return app.handle("POST", f"/article/{article_id}/review", {"host": "127.0.0.1:8765", **FORM, **(headers or {})},
                      urlencode(data).encode())


def visible_text(page: str) -> str:
    """The article text as a reader sees it (labels dropped, markup removed, entities decoded)."""
    import html as html_lib

    text = page.split('<div class="text">', 1)[1].split("</div>", 1)[0]
    text = re.sub(r'<span class="lbl[^"]*"[^>]*>[^<]*</span>', "", text)
    return html_lib.unescape(re.sub(r"<[^>]+>", "", text))


def record_of(db, article_id) -> dict:
    with Store(db) as store:
        return json.loads(store.conn.execute("SELECT record FROM records WHERE article_id = ?",
                                             (article_id,)).fetchone()[0])


# ----- decisions -----

@pytest.mark.parametrize("typed, value", [("2431916", 2431916), ("98.1", 98.1), ("2.431.916", 2431916),
                                          ("98,1", 98.1), ("1.234,5", 1234.5), (" 47 094 ", 47094)])
def test_reviewer_numbers_in_plain_or_indonesian_notation(typed, value):
    assert parse_value(typed) == value


@pytest.mark.parametrize("typed", ["", "abc", "1e5", "12,3,4", "--1"])
def test_what_is_not_a_number_is_refused(typed):
    with pytest.raises(ReviewError):
        parse_value(typed)


@pytest.mark.parametrize("form, message", [
    ({"metric": "happiness", "value": "1"}, "metric"),
    ({"metric": "fktp", "value": "3", "region": "99.99"}, "region"),
    ({"metric": "fktp", "value": "3", "as_of": "Maret 2024"}, "as_of"),
    ({"metric": "fktp", "value": "3", "kind": "wish"}, "kind"),
    ({"metric": "fktp"}, "value"),
])
def test_corrections_are_checked_against_the_guidelines(form, message):
    with pytest.raises(ReviewError, match=message):
        clean_fields(form)


def test_a_correction_keeps_what_it_does_not_change():
    base = {"metric": "coverage_rate", "value": 98.1, "region": "12.71", "as_of": "2024-06", "kind": "actual",
            "qualifier": "approx", "segment": None}
    fixed = clean_fields({"value": "97,5", "region": "id"}, base=base)
    assert fixed == {**base, "value": 97.5, "region": "ID"}


def test_the_latest_decision_wins_and_a_reextraction_leaves_old_decisions_stale():
    obs = [{"metric": "fktp", "value": 31, "region": "93.01", "as_of": None, "kind": "actual",
            "qualifier": "exact", "segment": None, "start": 10, "end": 12},
           {"metric": "fkrtl", "value": 3, "region": "93.01", "as_of": None, "kind": "actual",
            "qualifier": "exact", "segment": None, "start": 20, "end": 24}]
    rows = [
        {"id": 1, "decision": "reject", "original": fingerprint(obs[0]), "correction": None, "reviewer": "a",
         "reviewed_at": "2024-01-01T00:00:00Z"},
        {"id": 2, "decision": "correct", "original": fingerprint(obs[0]),
         "correction": json.dumps({**obs[0], "value": 32}), "reviewer": "b", "reviewed_at": "2024-01-02T00:00:00Z"},
        {"id": 3, "decision": "add", "original": None, "correction": json.dumps({"metric": "population",
         "value": 5, "region": "93.01", "as_of": None, "kind": "actual", "qualifier": "exact", "segment": None}),
         "reviewer": "b", "reviewed_at": "2024-01-02T00:00:01Z"},
    ]
    state = build_review(obs, rows)
    assert [d and d.decision for d in state.decisions] == ["correct", None]
    assert state.state == "partly" and state.reviewers == {"a", "b"}
    assert [o["value"] for o in state.effective(undecided=False)] == [32, 5]
    rows.append({"id": 4, "decision": "reject", "original": fingerprint(obs[1]), "correction": None,
                 "reviewer": "a", "reviewed_at": "2024-01-03T00:00:00Z"})
    rows.append({"id": 5, "decision": "withdraw", "original": None, "correction": json.dumps({"review": 3}),
                 "reviewer": "a", "reviewed_at": "2024-01-03T00:00:01Z"})
    state = build_review(obs, rows)
    assert state.state == "reviewed" and [o["value"] for o in state.effective()] == [32]
    moved = [{**obs[0], "start": 11, "end": 13}, obs[1]]  # the figure is now found elsewhere
    state = build_review(moved, rows)
    assert state.decisions[0] is None and state.stale == 1 and state.state == "partly"


def test_decisions_are_appended_and_never_change_the_record(db):
    before = record_of(db, "c005")
    obs = before["observations"][0]
    with Store(db) as store:
        record_decision(store, "c005", "correct", "ana", observation=0, check=short_fingerprint(obs),
                        form={"metric": obs["metric"], "value": "97,5", "region": obs["region"]})
        record_decision(store, "c005", "clear", "budi", observation=0)
        record_decision(store, "c005", "accept", "budi", observation=0)
        with pytest.raises(ReviewError, match="re-extracted"):
            record_decision(store, "c005", "reject", "ana", observation=1, check="0" * 16)
        rows = store.conn.execute("SELECT decision, reviewer FROM reviews ORDER BY id").fetchall()
    assert [tuple(r) for r in rows] == [("correct", "ana"), ("clear", "budi"), ("accept", "budi")]
    assert record_of(db, "c005") == before


def test_period_end_orders_periods_by_their_last_day():
    assert period_end("2024") == "2024-12-31"
    assert period_end("2024-02") == "2024-02-29"
    assert period_end("2024-Q2") == "2024-06-30"
    assert period_end("2023-H1") == "2023-06-30"
    assert period_end("2024-06-03") == "2024-06-03"


# ----- the app -----

def test_article_page_highlights_every_layer_and_escapes_the_text(app, db):
    record = record_of(db, "c005")
    page = get(app, "/article/c005").body.decode()
    assert page.count('class="lbl l-quantities"') == len(record["quantities"])
    assert page.count('class="lbl l-dates"') == len(record["dates"])
    assert page.count('class="lbl l-regions"') == len(record["regions"])
    assert page.count('class="lbl l-officials"') == sum(len(o["mentions"]) for o in record["officials"])
    assert page.count('<tr class="obs') == len(record["observations"])
    assert 'data-s="{0}" data-e="{1}"'.format(record["quantities"][0]["start"], record["quantities"][0]["end"]) in page
    with Store(db) as store:  # the highlighted text, stripped of its markup, is the article text again
        assert visible_text(page) == store.get("c005").text


def test_markup_in_an_article_is_shown_as_text(app, db):
    response = get(app, "/article/hostile")
    page = response.body.decode()
    assert "<script>window" not in page and "<img src=x" not in page
    shown = visible_text(page)
    assert "<script>window.__xss = 1; alert('x')</script>" in shown and '<img src=x onerror="window.__xss = 2">' in shown
    assert "Uji &lt;script&gt;window.__xss = 3&lt;/script&gt; judul &amp; &quot;kutip&quot;" in page
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    listing = get(app, "/").body.decode()
    assert "<script>window" not in listing and "Uji &lt;script&gt;" in listing
    # the only scripts on a page are our own file
    assert re.findall(r"<script[^>]*>", page) == ['<script src="/static/review.js">']


def test_list_filters_and_counts(app):
    def ids(query):
        page = get(app, "/?" + query).body.decode()
        return re.findall(r'<tr class="article-row [^"]*" data-id="([^"]+)"', page)

    assert sorted(ids("")) == ["c005", "c013", "hostile"]
    assert ids("inconsistent=1") == ["c013"]
    assert ids("region=12") == ["c005"]  # a province matches its kabupaten/kota
    assert ids("region=93.01") == ["c013"]
    assert sorted(ids("metric=doctor_ratio")) == ["c013"]
    assert ids("from=2024-07-01&to=2024-07-31") == ["c005"]
    assert sorted(ids("reviewed=unreviewed")) == ["c005", "c013", "hostile"]
    assert ids("q=merauke") == ["c013"]
    page = get(app, "/?inconsistent=1").body.decode()
    assert '<b>1</b> of 3 articles' in page


def test_a_correction_is_shown_and_changes_the_lists(app, db):
    obs = record_of(db, "c005")["observations"][0]
    response = post(app, "c005", {"decision": "correct", "observation": "0", "check": short_fingerprint(obs),
                                  "metric": obs["metric"], "value": "97,5", "region": obs["region"] or "",
                                  "as_of": obs["as_of"] or "", "kind": obs["kind"], "qualifier": obs["qualifier"]})
    assert response.status == 303 and response.headers["Location"] == "/article/c005#obs-0"
    page = get(app, "/article/c005").body.decode()
    row = page.split('id="obs-0"', 1)[1].split("</tr>", 1)[0]
    assert "<ins>97.5</ins><del>98.1</del>" in row and "corrected" in row and "ana" in row
    assert post(app, "c005", {"decision": "accept_rest"}).status == 303
    assert "reviewed" in get(app, "/?reviewed=reviewed").body.decode().split('id="counts"')[1][:200]
    regions = get(app, "/regions").body.decode()
    medan = regions.split('data-region="12.71"', 1)[1].split("</tr>", 1)[0]
    assert "97.5%" in medan and "reviewed" in medan


def test_state_changes_need_a_post_with_this_servers_token(app, db):
    obs = record_of(db, "c005")["observations"][0]
    fields = {"decision": "reject", "observation": "0", "check": short_fingerprint(obs)}
    assert post(app, "c005", fields, csrf=False).status == 403
    assert post(app, "c005", {**fields, "csrf": "forged"}, csrf=False).status == 403
    assert post(app, "c005", fields, headers={"origin": "http://evil.example"}).status == 403
    assert post(app, "c005", fields, headers={"content-type": "text/plain"}).status == 415
    assert get(app, "/article/c005/review?decision=reject&observation=0").status == 404
    assert app.handle("PUT", "/article/c005/review", {"host": "x"}).status == 405
    with Store(db) as store:
        assert store.conn.execute("SELECT count(*) FROM reviews").fetchone()[0] == 0
    assert post(app, "c005", fields, headers={"origin": "http://127.0.0.1:8765"}).status == 303


def test_bad_decisions_are_explained_not_saved(app, db):
    obs = record_of(db, "c005")["observations"][0]
    response = post(app, "c005", {"decision": "correct", "observation": "0", "check": short_fingerprint(obs),
                                  "metric": "coverage_rate", "value": "banyak"})
    assert response.status == 400 and b"is not a number" in response.body
    assert post(app, "c005", {"decision": "accept", "observation": "0", "check": "stale"}).status == 409
    assert post(app, "c005", {"decision": "accept", "observation": "999"}).status == 400
    assert post(app, "nope", {"decision": "accept", "observation": "0"}).status == 404
    with Store(db) as store:
        assert store.conn.execute("SELECT count(*) FROM reviews").fetchone()[0] == 0


def test_server_binds_loopback_only_unless_asked(db):
    for host in ("0.0.0.0", "192.0.2.10", "::"):
        with pytest.raises(BindError, match="not a loopback address"):
            make_server(db, host=host, port=0)
    assert main(["review", "--db", str(db), "--host", "0.0.0.0", "--port", "0"]) == 2
    assert main(["review", "--db", str(db.parent / "missing.db")]) == 2


def test_server_answers_only_to_its_own_host_name(db):
    server = make_server(db, host="127.0.0.1", port=0, reviewer="ana", quiet=True)
    serve_in_thread(server)
    try:
        port = server.server_address[1]
        with urllib.request.urlopen(server.url, timeout=10) as response:
            assert response.status == 200 and b"c005" in response.read()
        request = urllib.request.Request(server.url, headers={"Host": f"attacker.example:{port}"})
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(request, timeout=10)
        assert err.value.code == 421
    finally:
        server.shutdown()
        server.server_close()


# ----- gold export -----

def test_export_gold_writes_reviewed_articles_that_eval_scores(app, db, tmp_path, capsys):
    out = tmp_path / "gold"
    assert main(["review", "--db", str(db), "--export-gold", str(out)]) == 1  # nothing reviewed yet
    assert "no reviewed article" in capsys.readouterr().err
    record = record_of(db, "c005")
    obs = record["observations"]
    post(app, "c005", {"decision": "reject", "observation": "1", "check": short_fingerprint(obs[1])})
    post(app, "c005", {"decision": "correct", "observation": "0", "check": short_fingerprint(obs[0]),
                       "value": "97.5"})
    post(app, "c005", {"decision": "add", "metric": "fktp", "value": "12", "region": "12.71", "kind": "actual"})
    post(app, "c013", {"decision": "accept", "observation": "0", "check": short_fingerprint(
        record_of(db, "c013")["observations"][0])})
    assert main(["review", "--db", str(db), "--export-gold", str(out)]) == 1  # c005 still partly reviewed
    post(app, "c005", {"decision": "accept_rest"})
    assert main(["review", "--db", str(db), "--export-gold", str(out)]) == 0
    assert "1 partly reviewed article(s) left out" in capsys.readouterr().err
    assert sorted(p.name for p in (out / "gold").iterdir()) == ["c005.json"]
    with Store(db) as store:
        assert (out / "articles" / "c005.txt").read_bytes() == store.get("c005").text.encode("utf-8")
    gold = json.loads((out / "gold" / "c005.json").read_text(encoding="utf-8"))
    assert list(gold) == ["id", "published", "quantities", "dates", "regions", "officials", "observations", "notes"]
    assert gold["id"] == "c005" and gold["published"] == record["published"]
    assert set(gold["quantities"][0]) == {"text", "value", "unit", "qualifier"}
    assert set(gold["regions"][0]) == {"text", "code"} and set(gold["officials"][0]) == {"name", "position"}
    assert len(gold["observations"]) == len(obs) - 1 + 1  # one rejected, one added
    assert gold["observations"][0]["value"] == 97.5
    assert {"metric": "fktp", "value": 12, "region": "12.71", "as_of": None, "kind": "actual",
            "qualifier": "exact", "segment": None} in gold["observations"]
    assert all(set(o) == {"metric", "value", "region", "as_of", "kind", "qualifier", "segment"}
               for o in gold["observations"])
    index = [json.loads(line) for line in (out / "index.jsonl").read_text().splitlines()]
    assert index == [{"id": "c005", "url": None, "outlet": None, "published": record["published"]}]

    capsys.readouterr()
    assert main(["eval", str(out), "--json"]) == 0
    scores = json.loads(capsys.readouterr().out)
    o = scores["layers"]["observations"]
    # the extractor found every observation but the rejected one, missed the added one, got the corrected wrong
    assert (o["tp"], o["predicted"], o["gold"]) == (len(obs) - 2, len(obs), len(obs))
    assert scores["layers"]["quantities"]["f1"] == 1.0

    # with --partial, the partly reviewed c013 comes too; the earlier export is replaced
    assert main(["review", "--db", str(db), "--export-gold", str(out), "--partial"]) == 0
    assert sorted(p.name for p in (out / "gold").iterdir()) == ["c005.json", "c013.json"]


def test_export_gold_refuses_a_folder_it_did_not_write(app, db, tmp_path, capsys):
    post(app, "hostile", {"decision": "accept_rest"})
    target = tmp_path / "mine"
    target.mkdir()
    (target / "notes.txt").write_text("keep me")
    assert main(["review", "--db", str(db), "--export-gold", str(target)]) == 2
    assert "not empty" in capsys.readouterr().err and (target / "notes.txt").exists()
    assert main(["review", "--db", str(db), "--export-gold", str(tmp_path / "new")]) == 0
    assert main(["review", "--db", str(db), "--partial"]) == 2


# ----- static report -----

@pytest.fixture(scope="module")
def records_file(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("report")
    texts = folder / "texts"
    texts.mkdir()
    shutil.copy(ARTICLES / "c013.txt", texts / "c013.txt")
    (texts / "hostile.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    out = folder / "records.jsonl"
    assert main(["extract", str(ARTICLES / "c005.txt"), str(texts / "c013.txt"), "-o", str(out),
                 "--no-progress"]) == 0
    from extractor.pipeline import extract

    hostile = extract(HOSTILE_TEXT, id="hostile", source=str(folder / "gone" / "hostile.txt"))
    with out.open("a", encoding="utf-8") as f:
        f.write(hostile.model_dump_json() + "\n")
    (texts / "c013.txt").unlink()  # its source is gone now
    return out


def test_report_is_one_self_contained_file_and_says_which_texts_are_missing(records_file, tmp_path, capsys):
    out = tmp_path / "report.html"
    assert main(["report", str(records_file), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "c013: Text missing" in err and "hostile: Text missing" in err
    page = out.read_text(encoding="utf-8")
    assert "2 article text(s) missing or different" in page
    assert re.findall(r"<(?:script|link|img|iframe)[^>]*\b(?:src|href)=", page) == []  # nothing loaded
    assert page.count("<style>") == 1 and page.count("<script>") == 1
    assert page.count('class="lbl l-quantities"') > 10  # c005's text was found and highlighted
    assert "<form" not in page

    text_dir = records_file.parent / "texts"
    shutil.copy(ARTICLES / "c013.txt", text_dir / "c013.txt")
    try:
        assert main(["report", str(records_file), "-o", str(out), "--text-dir", str(text_dir)]) == 0
    finally:
        (text_dir / "c013.txt").unlink()
    page = out.read_text(encoding="utf-8")
    assert 'id="problems"' not in page and "text missing" not in page
    assert "<script>window" not in page
    assert "<script>window.__xss = 1;" in visible_text(page.split('id="a-hostile"', 1)[1])
    assert page.count("<script>") == 1


def test_report_refuses_a_different_text_and_bad_lines(records_file, tmp_path, capsys):
    text_dir = tmp_path / "texts"
    text_dir.mkdir()
    (text_dir / "c013.txt").write_text("Teks lain yang bukan artikelnya sama sekali.\n", encoding="utf-8")
    (text_dir / "hostile.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    bad = tmp_path / "records.jsonl"
    bad.write_text(records_file.read_text(encoding="utf-8") + "not json\n{\"id\": 3}\n", encoding="utf-8")
    out = tmp_path / "r.html"
    assert main(["report", str(bad), "-o", str(out), "--text-dir", str(text_dir)]) == 1
    err = capsys.readouterr().err
    assert "records.jsonl:4: not JSON" in err and "records.jsonl:5: not an extractor record" in err
    assert "c013: Text not shown" in err and "SHA-256 differs" in err
    assert main(["report", str(tmp_path / "none.jsonl"), "-o", str(out)]) == 2
    assert main(["report", str(bad), "-o", str(tmp_path)]) == 2


def test_commands_are_registered(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "review" in out and "report" in out
