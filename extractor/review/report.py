"""``extractor report FILE.jsonl -o report.html``: one self-contained HTML file (stylesheet and script inline,
nothing loaded from anywhere) with the same highlighted view as the review app, for sharing without a server.

Records come from ``extractor extract`` (JSON Lines, or a JSON array). Each article's text is read from the
record's ``source`` when it is a readable file (as given, else next to FILE), else from ``--text-dir``
(``ID.txt``); a text is used only when its SHA-256 is the record's ``text_sha256``, so highlights never land on
the wrong characters. A missing or different text is said at the top of the report, in the article, and on
stderr; its tables are still shown.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Optional
from urllib.parse import quote

from . import render
from .reviews import article_title, coverage_points


class ReportError(Exception):
    """An input or output the report cannot use; one line for the user."""


@dataclass
class Loaded:
    record: dict
    text: Optional[str]
    problem: Optional[str]


def read_records(path: str) -> tuple[list[dict], list[str]]:
    """The records of a JSON Lines file (or a JSON array; ``-`` is stdin) and one message per bad line."""
    from pydantic import ValidationError

    from ..records import Record

    try:
        data = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8-sig")
    except OSError as err:
        raise ReportError(f"{path}: cannot read ({err.strerror or err})") from None
    except UnicodeDecodeError:
        raise ReportError(f"{path}: not UTF-8 text (records from extractor extract are UTF-8 JSON Lines)") from None
    if data.lstrip().startswith("["):
        try:
            items = [(i + 1, item) for i, item in enumerate(json.loads(data))]
        except json.JSONDecodeError as err:
            raise ReportError(f"{path}: not a JSON array of records ({err.msg} at line {err.lineno})") from None
    else:
        items = []
        for n, line in enumerate(data.splitlines(), 1):
            if line.strip():
                try:
                    items.append((n, json.loads(line)))
                except json.JSONDecodeError as err:
                    items.append((n, err))
    records, problems = [], []
    for n, item in items:
        if isinstance(item, Exception):
            problems.append(f"{path}:{n}: not JSON ({item.msg})")
            continue
        try:
            records.append(Record.model_validate(item).model_dump(mode="json"))
        except ValidationError as err:
            first = err.errors()[0]
            where = ".".join(str(x) for x in first.get("loc", ()))
            problems.append(f"{path}:{n}: not an extractor record ({where}: {first.get('msg')})")
    if not records and not problems:
        raise ReportError(f"{path}: no records (make them with: extractor extract PATH -o FILE.jsonl)")
    return records, problems


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def load_text(record: dict, base: Optional[Path], text_dir: Optional[Path]) -> tuple[Optional[str], Optional[str]]:
    """(text, problem) for a record: the first candidate file whose SHA-256 is the record's."""
    candidates: list[Path] = []
    source = record.get("source")
    if source and "://" not in source:
        path = Path(source)
        candidates.append(path)
        if base is not None and not path.is_absolute():
            candidates.append(base / path)
            candidates.append(base / path.name)
    if text_dir is not None:
        candidates.append(text_dir / f"{record['id']}.txt")
    tried, differing = [], []
    for path in dict.fromkeys(candidates):
        try:
            if not path.is_file():
                tried.append(str(path))
                continue
            text = _decode(path.read_bytes())
        except OSError:
            tried.append(str(path))
            continue
        if hashlib.sha256(text.encode("utf-8")).hexdigest() == record.get("text_sha256"):
            return text, None
        differing.append(str(path))
    if differing:
        return None, (f"Text not shown: {', '.join(differing)} is not the text this record was extracted from "
                      f"(its SHA-256 differs), so the spans would land on the wrong characters.")
    where = f"source {source!r} is not a readable file" if source else "the record names no source file"
    hint = (f"and {text_dir / (record['id'] + '.txt')} does not exist" if text_dir is not None
            else "and no --text-dir was given")
    return None, f"Text missing: {where} {hint}."


def build_report(records: list[dict], base: Optional[Path], text_dir: Optional[Path], title: str,
                 problems: list[str]) -> tuple[str, list[Loaded]]:
    loaded = []
    for record in records:
        text, problem = load_text(record, base, text_dir)
        loaded.append(Loaded(record, text, problem))

    def info(item: Loaded) -> dict:
        r = item.record
        source = r.get("source") or ""
        title = article_title(r.get("title"), item.text[:400]) if item.text is not None else (r.get("title") or r["id"])
        return {"id": r["id"], "title": title, "url": source if "://" in source else None,
                "source": r.get("source"), "published": r.get("published")}

    infos = [info(item) for item in loaded]
    missing = [(i["id"], item.problem) for i, item in zip(infos, loaded) if item.problem]
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    n_obs = sum(len(item.record.get("observations", [])) for item in loaded)
    n_inc = sum(any(c.get("status") == "inconsistent" for c in item.record.get("calculations", [])) for item in loaded)
    parts = [f"<h1>{render.esc(title)}</h1>",
             f'<p class="summary"><b>{len(loaded)}</b> articles · {n_obs} observations · {n_inc} with an '
             f'inconsistency · made {render.esc(stamp)} by extractor report. Click a table row to outline its '
             f'evidence in the text; the boxes above each text switch layers on and off.</p>']
    if missing or problems:
        items = "".join(f'<li><a href="#a-{render.esc(quote(aid, safe=""))}">{render.esc(aid)}</a>: '
                        f'{render.esc(why)}</li>' for aid, why in missing)
        items += "".join(f"<li>{render.esc(p)}</li>" for p in problems)
        parts.append(f'<div class="missing" id="problems">{len(missing)} article text(s) missing or different'
                     f'{f", {len(problems)} unreadable line(s)" if problems else ""}:<ul>{items}</ul></div>')
    rows = []
    for i, item in zip(infos, loaded):
        r = item.record
        inc = sum(c.get("status") == "inconsistent" for c in r.get("calculations", []))
        regions = ", ".join(render.region_label(c) for c in dict.fromkeys(m["code"] for m in r.get("regions", [])))
        rows.append(f'<tr><td><a href="#a-{render.esc(quote(i["id"], safe=""))}">{render.esc(i["title"])}</a>'
                    f'<div class="muted">{render.esc(i["id"])}</div></td><td>{render.esc(i["published"] or "")}</td>'
                    f'<td>{render.esc(regions)}</td><td class="num">{len(r.get("observations", []))}</td>'
                    f'<td class="num">{f"""<span class="status inconsistent">{inc}</span>""" if inc else "0"}</td>'
                    f'<td>{"text shown" if item.text is not None else """<b class="status inconsistent">text missing</b>"""}'
                    f'</td></tr>')
    parts.append('<table class="articles report-index"><thead><tr><th>article</th><th>published</th>'
                 '<th>regions</th><th>observations</th><th>inconsistent</th><th>text</th></tr></thead>'
                 f'<tbody>{"".join(rows)}</tbody></table>')
    coverage = coverage_points((i, item.record, None) for i, item in zip(infos, loaded))
    parts.append(render.coverage_view(coverage, link=lambda p: f"#a-{quote(p.article_id, safe='')}"))
    for i, item in zip(infos, loaded):
        parts.append(render.article_body(i, item.text, item.record, None, None, text_problem=item.problem))
    return render.page(title, "".join(parts), inline_assets=True), loaded


def write_atomically(path: Path, content: str) -> None:
    directory = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(content)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def report(jsonl: str, output: Path, text_dir: Optional[Path] = None, title: Optional[str] = None) -> int:
    """Write the report; 0 when every record was read and every text found, 1 otherwise (the report is still
    written with what there is)."""
    records, problems = read_records(jsonl)
    base = None if jsonl == "-" else Path(jsonl).resolve().parent
    html, loaded = build_report(records, base, text_dir, title or f"Extraction report: {Path(jsonl).name}", problems)
    write_atomically(output, html)
    for p in problems:
        print(f"extractor report: {p}", file=sys.stderr)
    missing = [item for item in loaded if item.problem]
    for item in missing:
        print(f"extractor report: {item.record['id']}: {item.problem}", file=sys.stderr)
    print(f"extractor report: {output}: {len(loaded)} article(s), {len(loaded) - len(missing)} with their text"
          + (f", {len(missing)} without" if missing else ""), file=sys.stderr)
    return 1 if problems or missing else 0
