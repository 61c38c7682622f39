"""HTML for the review app and the static report: the article text with every extracted span highlighted by
layer, in the manner of spaCy's displaCy, the observation and calculation tables, the article list and the
coverage per region.

Everything that comes from an article or a record goes through ``esc`` (text, titles, attributes), so an
article containing ``<script>`` shows that text. Pages carry no inline script or style: the app serves
``static/review.css`` and ``static/review.js`` under a strict Content-Security-Policy, and the report inlines
the same two files.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from importlib import resources
from typing import Iterable, Optional
from urllib.parse import quote, urlencode

from .reviews import (FIELDS, ArticleReview, ArticleSummary, CoveragePoint, Filters, kinds, metrics, qualifiers,
                      segments, short_fingerprint)

LAYERS = ("quantities", "dates", "regions", "officials")
LAYER_LABELS = {"quantities": "QUANTITY", "dates": "DATE", "regions": "REGION", "officials": "OFFICIAL",
                "observations": "OBSERVATION"}
DONE_LABEL = {"accept": "accepted", "reject": "rejected", "correct": "corrected", "added": "added"}
STATE_LABEL = {"reviewed": "reviewed", "partly": "partly reviewed", "unreviewed": "not reviewed at all",
               "not_reviewed": "not fully reviewed"}


def esc(value) -> str:
    """Text for HTML content and quoted attributes; None is empty."""
    return "" if value is None else html.escape(str(value), quote=True)


def asset(name: str) -> str:
    """A file of ``static/`` (review.css, review.js)."""
    return resources.files(__package__).joinpath("static", name).read_text(encoding="utf-8")


def region_label(code: Optional[str]) -> str:
    from ..store import region_name

    if not code:
        return ""
    name = region_name(code)
    return f"{code} {name}" if name else code


def fmt_number(value) -> str:
    """A plain number with narrow no-break spaces between thousands: 2 431 916, 98.1."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}".replace(",", "\u202f")
    text = repr(round(value, 6))
    whole, _, frac = text.partition(".")
    try:
        whole = f"{int(whole):,}".replace(",", "\u202f")
    except ValueError:
        return text
    return f"{whole}.{frac}" if frac else whole


def safe_href(url: Optional[str]) -> Optional[str]:
    """A link only to http(s) addresses (never ``javascript:`` and the like)."""
    if url and url.lower().startswith(("http://", "https://")):
        return url
    return None


# ----- the highlighted text -----

@dataclass
class Span:
    layer: str
    start: int
    end: int
    label: str
    title: str


def record_spans(record: dict, text: str) -> tuple[list[Span], int]:
    """Every mention of the record as a span, and how many mentions do not fit this text (wrong offsets)."""
    spans: list[Span] = []
    bad = 0

    def add(layer, mention, label, title, check_text=True):
        nonlocal bad
        start, end = mention.get("start"), mention.get("end")
        if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start < end <= len(text):
            bad += 1
            return
        if check_text and mention.get("text") is not None and text[start:end] != mention["text"]:
            bad += 1
            return
        spans.append(Span(layer, start, end, label, title))

    for q in record.get("quantities", []):
        unit = q.get("unit")
        value = fmt_number(q.get("value"))
        label = {"percent": f"{value}%", "idr": f"Rp {value}", "ratio": f"1:{value}"}.get(unit, value)
        qualifier = q.get("qualifier")
        title = f"quantity {q.get('value')} {unit}" + (f", {qualifier}" if qualifier and qualifier != "exact" else "")
        add("quantities", q, label, title)
    for d in record.get("dates", []):
        add("dates", d, d.get("value", ""), f"date {d.get('value')}")
    for r in record.get("regions", []):
        add("regions", r, r.get("code", ""), f"region {r.get('code')} {r.get('name') or ''}".strip())
    for o in record.get("officials", []):
        who = o.get("name") or ""
        title = f"official {who}" + (f", {o['position']}" if o.get("position") else "")
        for m in o.get("mentions", []):
            add("officials", m, "OFFICIAL", title)
    for i, o in enumerate(record.get("observations", [])):
        add("observations", o, f"#{i} {o.get('metric')}",
            f"observation #{i}: {o.get('metric')} {o.get('value')} {o.get('region') or ''}", check_text=False)
    return spans, bad


def highlight(text: str, spans: list[Span]) -> str:
    """The text as HTML, cut at every span boundary; each piece nests one element per layer covering it
    (so overlapping layers all show), and each span ends with its label, as displaCy does."""
    order = {layer: i for i, layer in enumerate(LAYERS + ("observations",))}
    bounds = sorted({0, len(text)} | {s.start for s in spans} | {s.end for s in spans})
    starts: dict[int, list[Span]] = {}
    ends: dict[int, list[Span]] = {}
    for s in spans:
        starts.setdefault(s.start, []).append(s)
        ends.setdefault(s.end, []).append(s)
    active: list[Span] = []
    out: list[str] = []
    for a, b in zip(bounds, bounds[1:]):
        active = [s for s in active if s.end > a] + starts.get(a, [])
        piece = esc(text[a:b])
        if active:
            layers = sorted({s.layer for s in active}, key=order.get)
            inner = piece
            for layer in reversed(layers):
                inner = f'<span class="m l-{layer}">{inner}</span>'
            title = "; ".join(dict.fromkeys(s.title for s in sorted(active, key=lambda s: order[s.layer])))
            out.append(f'<span class="seg" data-s="{a}" data-e="{b}" title="{esc(title)}">{inner}</span>')
        else:
            out.append(piece)
        for s in sorted(ends.get(b, []), key=lambda s: order[s.layer]):
            out.append(f'<span class="lbl l-{s.layer}" aria-hidden="true">{esc(s.label)}</span>')
    return "".join(out)


def nearest(mentions: Iterable[dict], key, wanted, position: int) -> Optional[dict]:
    """The mention with ``key(m) == wanted`` closest to ``position``."""
    best, distance = None, None
    for m in mentions:
        if wanted is None or key(m) != wanted or not isinstance(m.get("start"), int):
            continue
        d = abs(m["start"] - position)
        if distance is None or d < distance:
            best, distance = m, d
    return best


def observation_evidence(record: dict, index: int) -> list[tuple[int, int]]:
    """Where an observation comes from: its figure, and the nearest mentions of its region and its date."""
    obs = record.get("observations", [])[index]
    ranges = [(obs.get("start"), obs.get("end"))]
    region = nearest(record.get("regions", []), lambda m: m.get("code"), obs.get("region"), obs.get("start", 0))
    date = nearest(record.get("dates", []), lambda m: m.get("value"), obs.get("as_of"), obs.get("start", 0))
    for m in (region, date):
        if m:
            ranges.append((m["start"], m["end"]))
    return [(s, e) for s, e in ranges if isinstance(s, int) and isinstance(e, int)]


def _ranges_attr(ranges: list[tuple[int, int]]) -> str:
    return " ".join(f"{s}-{e}" for s, e in ranges)


# ----- pages -----

def page(title: str, body: str, inline_assets: bool = False, nav: str = "") -> str:
    """A whole HTML page; the report inlines the stylesheet and script, the app links them."""
    if inline_assets:
        head = f"<style>{asset('review.css')}</style>"
        tail = f"<script>{asset('review.js')}</script>"
    else:
        head = '<link rel="stylesheet" href="/static/review.css">'
        tail = '<script src="/static/review.js"></script>'
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{esc(title)}</title>{head}</head><body>{nav}<main>{body}</main>{tail}</body></html>\n")


def app_nav(reviewer: str) -> str:
    return ('<header class="top"><a href="/">Articles</a> <a href="/regions">Coverage by region</a>'
            f'<span class="who">reviewing as <b>{esc(reviewer)}</b></span></header>')


def legend(counts: dict[str, int]) -> str:
    """Layer toggles (displaCy colours), with the number of spans of each layer."""
    items = []
    for layer in LAYERS + ("observations",):
        items.append(f'<label class="toggle"><input type="checkbox" checked data-layer="{layer}">'
                     f'<span class="m l-{layer}">{LAYER_LABELS[layer].lower()}</span> '
                     f'<span class="count">{counts.get(layer, 0)}</span></label>')
    return f'<div class="legend">{"".join(items)}</div>'


def article_body(info: dict, text: Optional[str], record: dict, review: Optional[ArticleReview] = None,
                 csrf: Optional[str] = None, text_problem: Optional[str] = None) -> str:
    """One article: its facts, the highlighted text, the observations (with review forms when ``csrf`` is
    given) and the calculations."""
    parts = [f'<section class="article" id="a-{esc(info["id"])}" data-article="{esc(info["id"])}">']
    parts.append(f'<h1>{esc(info.get("title") or info["id"])}</h1>')
    facts = [("id", esc(info["id"]))]
    href = safe_href(info.get("url"))
    source = info.get("url") or info.get("source")
    if source:
        facts.append(("source", f'<a href="{esc(href)}" rel="noreferrer noopener">{esc(source)}</a>' if href
                      else esc(source)))
    published = record.get("published") or info.get("published")
    facts.append(("published", esc(published or "unknown") + (
        f' <span class="muted">({esc(record.get("published_source"))})</span>'
        if record.get("published_source") else "")))
    facts.append(("extractor", esc(record.get("extractor_version") or "?")))
    if review is not None:
        c = review.counts()
        done = ", ".join(f"{c[k]} {DONE_LABEL[k]}" for k in DONE_LABEL if c.get(k))
        facts.append(("review", f'<span class="state {esc(review.state)}">{esc(STATE_LABEL[review.state])}</span> '
                      f'{review.decided}/{len(review.observations)} decided' + (f" ({done})" if done else "")
                      + (f' by {esc(", ".join(sorted(review.reviewers)))}' if review.reviewers else "")))
    parts.append('<dl class="facts">' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts) + "</dl>")
    warnings = record.get("warnings", [])
    if warnings:
        parts.append('<ul class="warnings">' + "".join(
            f'<li><b>{esc(w.get("code"))}</b>: {esc(w.get("message"))}</li>' for w in warnings) + "</ul>")
    if review is not None and review.stale:
        parts.append(f'<p class="notice">{review.stale} decision(s) were made on an earlier extraction of this '
                     f'article and no longer match any observation; they are kept in the history.</p>')

    spans: list[Span] = []
    if text is None:
        parts.append(f'<p class="missing">{esc(text_problem or "The article text is missing.")} '
                     'Spans cannot be shown; the tables below are the record as extracted.</p>')
    else:
        spans, bad = record_spans(record, text)
        if text_problem:
            parts.append(f'<p class="missing">{esc(text_problem)}</p>')
        if bad:
            parts.append(f'<p class="missing">{bad} span(s) do not fit this text (it is not the text that was '
                         'extracted); they are not shown.</p>')
        counts: dict[str, int] = {}
        for s in spans:
            counts[s.layer] = counts.get(s.layer, 0) + 1
        parts.append(legend(counts))
        parts.append(f'<div class="text">{highlight(text, spans)}</div>')

    parts.append(observations_table(info["id"], record, review, csrf, text))
    parts.append(calculations_table(record))
    parts.append(officials_table(record))
    parts.append("</section>")
    return "".join(parts)


def _obs_cells(obs: dict) -> list[str]:
    return [esc(obs.get("metric")), esc(fmt_number(obs.get("value"))), esc(region_label(obs.get("region"))),
            esc(obs.get("as_of") or ""), esc(obs.get("kind") or ""), esc(obs.get("qualifier") or ""),
            esc(obs.get("segment") or "")]


def _select(name: str, options: Iterable[str], selected, blank: bool = False) -> str:
    opts = ['<option value=""></option>'] if blank else []
    for o in options:
        opts.append(f'<option value="{esc(o)}"{" selected" if o == selected else ""}>{esc(o)}</option>')
    return f'<select name="{name}">{"".join(opts)}</select>'


def observation_form(obs: dict) -> str:
    """The fields of a correction (or of an added observation), prefilled with ``obs``."""
    value = obs.get("value")
    return (
        '<div class="fields">'
        f'<label>metric {_select("metric", metrics(), obs.get("metric"))}</label>'
        f'<label>value <input name="value" inputmode="decimal" size="12" value="{esc(value if value is not None else "")}" '
        'placeholder="2431916 or 98.1"></label>'
        f'<label>region <input name="region" size="7" value="{esc(obs.get("region") or "")}" '
        'placeholder="12.71, 31, ID"></label>'
        f'<label>as_of <input name="as_of" size="10" value="{esc(obs.get("as_of") or "")}" placeholder="2024-06"></label>'
        f'<label>kind {_select("kind", kinds(), obs.get("kind") or "actual")}</label>'
        f'<label>qualifier {_select("qualifier", qualifiers(), obs.get("qualifier") or "exact")}</label>'
        f'<label>segment {_select("segment", segments(), obs.get("segment"), blank=True)}</label>'
        '</div>')


def observations_table(article_id: str, record: dict, review: Optional[ArticleReview], csrf: Optional[str],
                       text: Optional[str] = None) -> str:
    observations = record.get("observations", [])
    text_of = {}
    for q in record.get("quantities", []):
        text_of[(q.get("start"), q.get("end"))] = q.get("text")
    for o in observations:
        start, end = o.get("start"), o.get("end")
        if text is not None and isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
            text_of.setdefault((start, end), text[start:end])
    head = ["#", "figure", "metric", "value", "region", "as_of", "kind", "qualifier", "segment"]
    if review is not None:
        head.append("review")
    rows = []
    action = f"/article/{quote(article_id, safe='')}/review"

    def hidden(extra: dict) -> str:
        fields = {"csrf": csrf, **extra}
        return "".join(f'<input type="hidden" name="{esc(k)}" value="{esc(v)}">' for k, v in fields.items())

    for i, obs in enumerate(observations):
        decision = review.decisions[i] if review is not None else None
        cls = ["obs"] + ([f"d-{decision.decision}"] if decision else [])
        figure = text_of.get((obs.get("start"), obs.get("end"))) or f'{obs.get("start")}–{obs.get("end")}'
        cells = _obs_cells(obs)
        if decision and decision.decision == "correct":
            fixed = _obs_cells({k: decision.fields.get(k) for k in FIELDS})
            cells = [f'<ins>{n}</ins><del>{o}</del>' if n != o else n for n, o in zip(fixed, cells)]
        row = [f"<td>{i}</td>", f'<td class="figure">{esc(figure)}</td>'] + [f"<td>{c}</td>" for c in cells]
        if review is not None:
            if decision:
                status = (f'<span class="decision {esc(decision.decision)}">{DONE_LABEL[decision.decision]}</span>'
                          f' <span class="muted">{esc(decision.reviewer)}, {esc(decision.at)}</span>')
            else:
                status = '<span class="decision none">undecided</span>'
            forms = ""
            if csrf:
                check = {"observation": i, "check": short_fingerprint(obs)}
                forms = (f'<form method="post" action="{esc(action)}" class="decide">{hidden(check)}'
                         '<button name="decision" value="accept" class="accept">Accept</button>'
                         '<button name="decision" value="reject" class="reject">Reject</button>'
                         + ('<button name="decision" value="clear" class="clear">Undo</button>' if decision else "")
                         + '</form>'
                         f'<details class="correct"><summary>Correct…</summary>'
                         f'<form method="post" action="{esc(action)}">{hidden(check)}'
                         + observation_form(decision.fields if decision and decision.decision == "correct" else obs)
                         + '<button name="decision" value="correct" class="save">Save correction</button>'
                         '</form></details>')
            row.append(f'<td class="review"><div class="status-line">{status}</div>{forms}</td>')
        ev = _ranges_attr(observation_evidence(record, i))
        rows.append(f'<tr class="{" ".join(cls)}" id="obs-{i}" data-ev="{esc(ev)}" tabindex="0">{"".join(row)}</tr>')
    if review is not None:
        for added in review.added:
            cells = _obs_cells(added.fields)
            row = ['<td>+</td>', '<td class="figure muted">(added)</td>'] + [f"<td>{c}</td>" for c in cells]
            withdraw = ""
            if csrf:
                withdraw = (f'<form method="post" action="{esc(action)}" class="decide">'
                            f'{hidden({"review": added.review_id})}'
                            '<button name="decision" value="withdraw" class="clear">Remove</button></form>')
            row.append(f'<td class="review"><div class="status-line"><span class="decision add">added</span> '
                       f'<span class="muted">{esc(added.reviewer)}, {esc(added.at)}</span></div>{withdraw}</td>')
            rows.append(f'<tr class="obs d-add" id="added-{added.review_id}">{"".join(row)}</tr>')
    if not rows:
        rows.append(f'<tr><td colspan="{len(head)}" class="muted">No observations were extracted.</td></tr>')
    table = (f'<h2>Observations <span class="count">{len(observations)}</span></h2>'
             '<p class="hint">Click a row to highlight its evidence in the text: the figure, and the nearest '
             'mentions of its region and date.</p>'
             f'<table class="observations"><thead><tr>{"".join(f"<th>{h}</th>" for h in head)}</tr></thead>'
             f'<tbody>{"".join(rows)}</tbody></table>')
    if review is not None and csrf:
        table += (f'<div class="article-actions"><form method="post" action="{esc(action)}" class="decide">'
                  f'{hidden({})}<button name="decision" value="accept_rest" class="accept">'
                  'Accept all undecided and mark reviewed</button></form>'
                  + (f'<form method="post" action="{esc(action)}" class="decide">{hidden({})}'
                     '<button name="decision" value="undone" class="clear">Unmark reviewed</button></form>'
                     if review.done else "")
                  + f'<details class="correct add"><summary>Add an observation the extractor missed…</summary>'
                  f'<form method="post" action="{esc(action)}">{hidden({})}'
                  + observation_form({"kind": "actual", "qualifier": "exact"})
                  + '<button name="decision" value="add" class="save">Add observation</button></form></details>'
                  '</div>')
    return table


def calculations_table(record: dict) -> str:
    calcs = record.get("calculations", [])
    if not calcs:
        return '<h2>Calculations <span class="count">0</span></h2><p class="muted">No calculations.</p>'
    rows = []
    for i, c in enumerate(calcs):
        ranges = []
        for j in c.get("inputs", []):
            if isinstance(j, int) and 0 <= j < len(record.get("observations", [])):
                ranges += observation_evidence(record, j)
        inputs = ", ".join(f"#{j}" for j in c.get("inputs", []))
        status = c.get("status") or ""
        rows.append(
            f'<tr class="calc {esc(status)}" id="calc-{i}" data-ev="{esc(_ranges_attr(ranges))}" tabindex="0">'
            f'<td>{i}</td><td>{esc(c.get("name"))}</td><td>{esc(region_label(c.get("region")))}</td>'
            f'<td>{esc(c.get("as_of") or "")}</td><td>{esc(fmt_number(c.get("value")))}</td><td>{esc(c.get("unit"))}</td>'
            f'<td>{esc(c.get("formula"))}</td><td>{esc(inputs)}</td>'
            f'<td><span class="status {esc(status)}">{esc(status)}</span></td><td>{esc(c.get("explanation"))}</td></tr>')
    head = ["#", "name", "region", "as_of", "value", "unit", "formula", "inputs", "status", "explanation"]
    inconsistent = sum(c.get("status") == "inconsistent" for c in calcs)
    badge = f' <span class="status inconsistent">{inconsistent} inconsistent</span>' if inconsistent else ""
    return (f'<h2>Calculations <span class="count">{len(calcs)}</span>{badge}</h2>'
            f'<table class="calculations"><thead><tr>{"".join(f"<th>{h}</th>" for h in head)}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


def officials_table(record: dict) -> str:
    officials = record.get("officials", [])
    if not officials:
        return ""
    rows = []
    for o in officials:
        ranges = [(m["start"], m["end"]) for m in o.get("mentions", [])
                  if isinstance(m.get("start"), int) and isinstance(m.get("end"), int)]
        rows.append(f'<tr class="official" data-ev="{esc(_ranges_attr(ranges))}" tabindex="0">'
                    f'<td>{esc(o.get("name"))}</td><td>{esc(o.get("position") or "")}</td>'
                    f'<td>{esc(o.get("organization") or "")}</td><td>{len(ranges)}</td></tr>')
    return ('<h2>Officials</h2><table class="officials"><thead><tr><th>name</th><th>position</th>'
            f'<th>organization</th><th>mentions</th></tr></thead><tbody>{"".join(rows)}</tbody></table>')


# ----- the article list -----

def _options(name: str, counts: dict[str, int], selected: str, label=lambda v: v, extra: Iterable = ()) -> str:
    opts = ['<option value="">any</option>']
    seen = set()
    for value, n in list(extra) + sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        if value in seen:
            continue
        seen.add(value)
        opts.append(f'<option value="{esc(value)}"{" selected" if value == selected else ""}>'
                    f'{esc(label(value))} ({n})</option>')
    if selected and selected not in seen:
        opts.append(f'<option value="{esc(selected)}" selected>{esc(label(selected))} (0)</option>')
    return f'<select name="{name}" id="f-{name}">{"".join(opts)}</select>'


def article_list(items: list[ArticleSummary], filters: Filters, limit: int = 500, offset: int = 0) -> str:
    """The filter form, the counts, and the table of matching articles."""
    shown = [s for s in items if filters.match(s)]
    region_counts: dict[str, int] = {}
    metric_counts: dict[str, int] = {}
    state_counts: dict[str, int] = {}
    for s in items:
        if filters.match(s, skip="region"):
            for code in s.regions:
                region_counts[code] = region_counts.get(code, 0) + 1
                if "." in code:
                    province = code.split(".")[0]
                    if province not in s.regions:
                        region_counts[province] = region_counts.get(province, 0) + 1
        if filters.match(s, skip="metric"):
            for m in s.metrics:
                metric_counts[m] = metric_counts.get(m, 0) + 1
        if filters.match(s, skip="reviewed"):
            state_counts[s.state] = state_counts.get(s.state, 0) + 1
    state_counts["not_reviewed"] = state_counts.get("partly", 0) + state_counts.get("unreviewed", 0)
    state_label = STATE_LABEL
    form = (
        '<form class="filters" method="get" action="/">'
        f'<label>region {_options("region", region_counts, filters.region, region_label)}</label>'
        f'<label>metric {_options("metric", metric_counts, filters.metric)}</label>'
        f'<label>published from <input type="date" name="from" value="{esc(filters.date_from)}"></label>'
        f'<label>to <input type="date" name="to" value="{esc(filters.date_to)}"></label>'
        f'<label><input type="checkbox" name="inconsistent" value="1"{" checked" if filters.inconsistent else ""}>'
        f' has an inconsistency ({sum(1 for s in items if s.inconsistent and filters.match(s))})</label>'
        f'<label>review {_options("reviewed", state_counts, filters.reviewed, lambda v: state_label.get(v, v))}</label>'
        f'<label>search <input type="search" name="q" value="{esc(filters.q)}" placeholder="title, id, URL"></label>'
        '<button type="submit">Filter</button>'
        + (' <a href="/">clear</a>' if filters.active() else "") + '</form>')
    reviewed = sum(1 for s in shown if s.state == "reviewed")
    observations = sum(s.observations for s in shown)
    summary = (f'<p class="summary" id="counts"><b>{len(shown)}</b> of {len(items)} articles · '
               f'{observations} observations · {sum(1 for s in shown if s.inconsistent)} with an inconsistency · '
               f'{reviewed} reviewed</p>')
    rows = []
    for s in shown[offset: offset + limit]:
        href = f"/article/{quote(s.id, safe='')}"
        regions = ", ".join(region_label(c) for c in s.regions[:3]) + (" …" if len(s.regions) > 3 else "")
        rows.append(
            f'<tr class="article-row {esc(s.state)}" data-id="{esc(s.id)}">'
            f'<td><a href="{esc(href)}">{esc(s.title)}</a><div class="muted">{esc(s.id)}</div></td>'
            f'<td>{esc(s.published or "")}</td><td>{esc(regions)}</td>'
            f'<td class="num">{s.observations}</td><td>{esc(", ".join(s.metrics))}</td>'
            f'<td class="num">{f"""<span class="status inconsistent">{s.inconsistent}</span>""" if s.inconsistent else "0"}</td>'
            f'<td><span class="state {esc(s.state)}">{esc(state_label.get(s.state, s.state))}</span>'
            f' <span class="muted">{s.decided}/{s.observations}{f" +{s.added}" if s.added else ""}</span></td></tr>')
    more = ""
    if len(shown) > offset + limit:
        query = {k: v for k, v in (("region", filters.region), ("metric", filters.metric),
                                   ("from", filters.date_from), ("to", filters.date_to),
                                   ("inconsistent", "1" if filters.inconsistent else ""),
                                   ("reviewed", filters.reviewed), ("q", filters.q)) if v}
        query["offset"] = str(offset + limit)
        more = f'<p><a href="/?{esc(urlencode(query))}">next {limit} articles</a></p>'
    if not items:
        empty = ('<p class="notice">The store holds no article yet. Add some with '
                 '<code>extractor ingest PATH</code> and reload.</p>')
    elif not shown:
        empty = '<p class="notice">No article matches these filters.</p>'
    else:
        empty = ""
    head = ["article", "published", "regions", "observations", "metrics", "inconsistent", "review"]
    return (f'<h1>Articles</h1>{form}{summary}{empty}'
            f'<table class="articles"><thead><tr>{"".join(f"<th>{h}</th>" for h in head)}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>{more}')


# ----- coverage by region -----

def sparkline(points: list[CoveragePoint], width: int = 160, height: int = 36) -> str:
    """A small SVG line of the coverage rates over time (no script, no style attribute)."""
    values = [p.value for p in points]
    if len(values) < 2:
        return ""
    low, high = min(values + [90.0]), max(values + [100.0])
    span = (high - low) or 1.0
    step = (width - 8) / (len(values) - 1)
    coords = [(4 + i * step, 4 + (height - 8) * (1 - (v - low) / span)) for i, v in enumerate(values)]
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
    dots = "".join(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2" fill="#2b6cb0"/>' for x, y in coords)
    return (f'<svg class="spark" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
            f'aria-label="coverage over time"><polyline points="{line}" fill="none" stroke="#2b6cb0" '
            f'stroke-width="1.5"/>{dots}</svg>')


def coverage_view(by_region: dict[str, list[CoveragePoint]], link=lambda p: None) -> str:
    """The latest coverage rate of each region with its source, and its history (oldest first)."""
    if not by_region:
        return ('<h2>Coverage by region</h2><p class="muted">No coverage rate has been extracted yet '
                '(metric coverage_rate, or computed from participants and population).</p>')
    rows = []

    def source(p: CoveragePoint) -> str:
        href = link(p)
        title = esc(p.title)
        text = f'<a href="{esc(href)}">{title}</a>' if href else title
        return text + f' <span class="muted">{esc(p.how)}{", reviewed" if p.reviewed else ""}</span>'

    def sort_key(item):
        code = item[0]
        return (code != "ID", code)

    for code, points in sorted(by_region.items(), key=sort_key):
        latest = points[-1]
        history = "".join(f'<li>{esc(p.date or "undated")}: <b>{esc(fmt_number(round(p.value, 2)))}%</b> — '
                          f'{source(p)}</li>' for p in reversed(points))
        rows.append(
            f'<tr class="region-row" data-region="{esc(code)}"><td>{esc(region_label(code))}</td>'
            f'<td class="num"><b>{esc(fmt_number(round(latest.value, 2)))}%</b></td><td>{esc(latest.date or "undated")}</td>'
            f'<td>{source(latest)}</td><td>{sparkline(points)}</td>'
            f'<td><details><summary>{len(points)} figure(s)</summary><ul>{history}</ul></details></td></tr>')
    return ('<h2>Coverage by region</h2><p class="hint">The latest coverage rate (share of residents enrolled in '
            'JKN) stated or computed for each region, by the date the figure is for (its as_of, else the '
            'article\'s date); reviewers\' corrections applied, rejected figures left out.</p>'
            '<table class="coverage"><thead><tr><th>region</th><th>latest</th><th>as of</th><th>source</th>'
            f'<th>over time</th><th>history</th></tr></thead><tbody>{"".join(rows)}</tbody></table>')


def message_page(title: str, message: str, back: Optional[str] = None, reviewer: str = "") -> str:
    body = f'<h1>{esc(title)}</h1><p class="notice">{esc(message)}</p>'
    if back:
        body += f'<p><a href="{esc(back)}">back</a></p>'
    return page(title, body, nav=app_nav(reviewer) if reviewer else "")

