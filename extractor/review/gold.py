"""Reviewed articles as a gold directory in the guidelines' format, so that ``extractor eval DIR`` measures the
extractor on the team's own reviewed data.

DIR gets ``articles/ID.txt`` (the stored text, byte for byte), ``gold/ID.json`` (id, published, the five
layers, notes) and ``index.jsonl`` (id, url, outlet, published). Observations are the reviewed ones: accepted
as extracted, corrected replaced, rejected dropped, added ones included. The other layers are the record's as
extracted (the notes say so). The directory is built beside DIR and then put in place, so a reader never sees
half an export; an earlier export in DIR is replaced, any other non-empty DIR is refused.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import regex

from .reviews import build_review, review_rows

MARKER = ".extractor-review-export"


class GoldExportError(Exception):
    """A directory the export cannot write to; one line for the user."""


@dataclass
class ExportResult:
    written: list[str] = field(default_factory=list)
    partly: list[str] = field(default_factory=list)  # partly reviewed, left out (or included with partial)
    directory: Path = Path(".")


def gold_record(article_id: str, published, record: dict, observations: list[dict], notes: list[str]) -> dict:
    """A gold file's content."""
    return {
        "id": article_id,
        "published": published,
        "quantities": [{"text": q["text"], "value": q["value"], "unit": q["unit"],
                        "qualifier": q.get("qualifier", "exact")} for q in record.get("quantities", [])],
        "dates": [{"text": d["text"], "value": d["value"]} for d in record.get("dates", [])],
        "regions": [{"text": r["text"], "code": r["code"]} for r in record.get("regions", [])],
        "officials": [{"name": o["name"], "position": o.get("position")} for o in record.get("officials", [])],
        "observations": observations,
        "notes": notes,
    }


def file_stem(article_id: str) -> str:
    """The article id as a safe file name (ids from the store already are)."""
    stem = regex.sub(r"[^\w.-]+", "_", article_id).strip("._") or "article"
    return stem[:150]


def _check_target(directory: Path) -> None:
    if directory.exists() and not directory.is_dir():
        raise GoldExportError(f"{directory} is a file, not a folder")
    if directory.is_dir() and any(directory.iterdir()) and not (directory / MARKER).exists():
        raise GoldExportError(f"{directory} is not empty and holds no earlier review export: give a new or empty "
                              f"folder")
    if not directory.parent.is_dir():
        raise GoldExportError(f"folder {directory.parent} does not exist")


def export_gold(store, directory: Path, partial: bool = False) -> ExportResult:
    """Write every reviewed article (and with ``partial`` the partly reviewed ones, undecided observations taken
    as extracted) to ``directory``."""
    directory = Path(directory)
    _check_target(directory)
    reviews = review_rows(store.conn)
    result = ExportResult(directory=directory)
    tmp = Path(tempfile.mkdtemp(prefix=f".{directory.name}.", dir=directory.parent))
    try:
        (tmp / "articles").mkdir()
        (tmp / "gold").mkdir()
        index_lines = []
        used: set[str] = set()
        for row in store.conn.execute(
                "SELECT a.id, a.url, a.published, a.text, r.record FROM articles a JOIN records r"
                " ON r.article_id = a.id ORDER BY a.rowid"):
            record = json.loads(row["record"])
            state = build_review(record.get("observations", []), reviews.get(row["id"], []))
            if state.state == "partly":
                result.partly.append(row["id"])
            if state.state != "reviewed" and not (partial and state.state == "partly"):
                continue
            stem = file_stem(row["id"])
            while stem in used:
                stem += "_"
            used.add(stem)
            published = record.get("published") or row["published"]
            counts = state.counts()
            notes = [
                f"Exported by extractor review from the store {store.path.name}: observations reviewed by "
                f"{', '.join(sorted(state.reviewers)) or 'nobody'} (last decision {state.last_at}); "
                f"{counts.get('accept', 0)} accepted, {counts.get('correct', 0)} corrected, "
                f"{counts.get('reject', 0)} rejected, {counts.get('added', 0)} added.",
                f"Quantities, dates, regions and officials are as extracted by extractor "
                f"{record.get('extractor_version')} and were not reviewed.",
            ]
            undecided = len(state.observations) - state.decided
            if undecided:
                notes.append(f"{undecided} observation(s) were not decided and are as extracted.")
            gold = gold_record(stem, published, record, state.effective(undecided=True), notes)
            with open(tmp / "articles" / f"{stem}.txt", "w", encoding="utf-8", newline="") as f:
                f.write(row["text"])
            (tmp / "gold" / f"{stem}.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n",
                                                       encoding="utf-8")
            index_lines.append(json.dumps({"id": stem, "url": row["url"], "outlet": None, "published": published},
                                          ensure_ascii=False))
            result.written.append(row["id"])
        (tmp / "index.jsonl").write_text("".join(line + "\n" for line in index_lines), encoding="utf-8")
        (tmp / MARKER).write_text("written by extractor review --export-gold; replaced by the next export\n",
                                  encoding="utf-8")
        if not result.written:
            shutil.rmtree(tmp)
            return result
        old = None
        if directory.exists():
            old = directory.with_name(f".{directory.name}.old-{os.getpid()}")
            directory.rename(old)
        tmp.rename(directory)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return result
