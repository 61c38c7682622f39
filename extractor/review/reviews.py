"""Reviewers' decisions on observations, kept in the store's ``reviews`` table (store migration 2).

Rows are only ever appended: for each observation the latest row decides (accept, reject, correct, or clear
to undo), so the history of who decided what and when stays, and the extractor's record is never changed.
A decision names the observation as extracted (``original``): after a re-extraction it applies to the same
observation wherever it now stands, and to nothing if the observation is gone (counted as ``stale``).
Reviewers can also add an observation the extractor missed (``add``; ``withdraw`` takes it back) and mark an
article without observations as reviewed (``done``).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Optional

import regex

# The fields of an observation a reviewer can set, in the gold files' order.
FIELDS = ("metric", "value", "region", "as_of", "kind", "qualifier", "segment")
OBSERVATION_DECISIONS = ("accept", "reject", "correct", "clear")
ARTICLE_DECISIONS = ("add", "withdraw", "done", "undone")

_TIMEX = regex.compile(r"^\d{4}(-(\d{2}(-\d{2})?|Q[1-4]|H[12]|W\d{2}))?$")
_PLAIN_NUMBER = regex.compile(r"^-?\d+(\.\d+)?$")
_ID_NUMBER = regex.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$")  # 2.431.916 or 1.234,5
_COMMA_DECIMAL = regex.compile(r"^\d+,\d+$")  # 98,1


class ReviewError(ValueError):
    """A decision that cannot be recorded; the message is one line for the reviewer."""


def _literals(name: str) -> tuple[str, ...]:
    from typing import get_args

    from .. import records

    return get_args(getattr(records, name))


def metrics() -> tuple[str, ...]:
    return _literals("Metric")


def kinds() -> tuple[str, ...]:
    return _literals("Kind")


def qualifiers() -> tuple[str, ...]:
    return _literals("Qualifier")


def segments() -> tuple[str, ...]:
    return _literals("Segment")


def fingerprint(observation: dict) -> str:
    """The observation as extracted (its fields and figure span), as canonical JSON."""
    keys = FIELDS + ("start", "end")
    return json.dumps({k: observation.get(k) for k in keys}, sort_keys=True, ensure_ascii=False)


def short_fingerprint(observation: dict) -> str:
    """A short hash of the fingerprint, put in forms to notice an article re-extracted meanwhile."""
    return hashlib.sha256(fingerprint(observation).encode("utf-8")).hexdigest()[:16]


def parse_value(text: str) -> float | int:
    """A number typed by a reviewer: plain ``2431916`` or ``98.1``, or Indonesian ``2.431.916`` or ``98,1``.

    One dot is a decimal point (as in the records); several dots, or dots with a comma, group thousands.
    """
    raw = regex.sub(r"[\s_\u00a0\u202f]", "", text or "")
    if _PLAIN_NUMBER.match(raw):
        number = float(raw)
    elif _ID_NUMBER.match(raw) and (raw.count(".") > 1 or "," in raw):
        number = float(raw.replace(".", "").replace(",", "."))
    elif _COMMA_DECIMAL.match(raw):
        number = float(raw.replace(",", "."))
    else:
        raise ReviewError(f"value {text!r} is not a number (write 2431916, 98.1, 2.431.916 or 98,1)")
    if number.is_integer() and abs(number) < 2 ** 53:
        return int(number)
    return round(number, 10)


def clean_fields(form: dict, base: Optional[dict] = None) -> dict:
    """The observation fields of a correction or an added observation, checked; ReviewError if wrong."""
    from ..store import region_name

    base = base or {}
    out: dict = {}
    metric = (form.get("metric") or base.get("metric") or "").strip()
    if metric not in metrics():
        raise ReviewError(f"metric {metric!r} is not one of the guidelines' metrics")
    out["metric"] = metric
    value = form.get("value")
    if value is None or not str(value).strip():
        if "value" not in base:
            raise ReviewError("a value is needed")
        out["value"] = base["value"]
    else:
        out["value"] = parse_value(str(value))
    region = (form.get("region") if "region" in form else base.get("region")) or ""
    region = region.strip()
    if region:
        code = region.upper() if region.lower() == "id" else region
        if code != "ID" and not region_name(code):
            raise ReviewError(f"region {region!r} is not a Kemendagri code (e.g. 12.71, 31, or ID)")
        out["region"] = code
    else:
        out["region"] = None
    as_of = (form.get("as_of") if "as_of" in form else base.get("as_of")) or ""
    as_of = as_of.strip()
    if as_of and not _TIMEX.match(as_of):
        raise ReviewError(f"as_of {as_of!r} is not a date like 2024, 2024-06, 2024-06-30, 2024-Q2, 2024-H1")
    out["as_of"] = as_of or None
    kind = (form.get("kind") or base.get("kind") or "actual").strip()
    if kind not in kinds():
        raise ReviewError(f"kind {kind!r} is not actual or target")
    out["kind"] = kind
    qualifier = (form.get("qualifier") or base.get("qualifier") or "exact").strip()
    if qualifier not in qualifiers():
        raise ReviewError(f"qualifier {qualifier!r} is not one of {', '.join(qualifiers())}")
    out["qualifier"] = qualifier
    segment = (form.get("segment") if "segment" in form else base.get("segment")) or ""
    segment = segment.strip()
    if segment and segment not in segments():
        raise ReviewError(f"segment {segment!r} is not one of {', '.join(segments())}")
    out["segment"] = segment or None
    return out


@dataclass
class Decision:
    """The decision in force on one observation."""

    decision: str  # accept | reject | correct
    fields: Optional[dict]  # the corrected fields
    reviewer: str
    at: str


@dataclass
class Added:
    """An observation a reviewer added."""

    review_id: int
    fields: dict
    reviewer: str
    at: str


@dataclass
class ArticleReview:
    """The review state of one article against its current record."""

    observations: list[dict]
    decisions: list[Optional[Decision]]
    added: list[Added] = field(default_factory=list)
    done: Optional[Decision] = None
    stale: int = 0
    reviewers: set = field(default_factory=set)
    last_at: Optional[str] = None

    @property
    def decided(self) -> int:
        return sum(d is not None for d in self.decisions)

    @property
    def state(self) -> str:
        """``reviewed`` (every observation decided; or marked done), ``partly`` or ``unreviewed``."""
        n = len(self.observations)
        if self.decided == n and (n > 0 or self.done or self.added):
            return "reviewed"
        if self.decided or self.added or self.done:
            return "partly"
        return "unreviewed"

    def effective(self, undecided: bool = True) -> list[dict]:
        """The observations after review: accepted as extracted, corrected replaced, rejected dropped, added
        ones appended; undecided ones kept as extracted when ``undecided``."""
        out = []
        for obs, d in zip(self.observations, self.decisions):
            if d is None:
                if undecided:
                    out.append({k: obs.get(k) for k in FIELDS})
            elif d.decision == "accept":
                out.append({k: obs.get(k) for k in FIELDS})
            elif d.decision == "correct":
                out.append({k: d.fields.get(k, obs.get(k)) for k in FIELDS})
        out += [{k: a.fields.get(k) for k in FIELDS} for a in self.added]
        return out

    def counts(self) -> Counter:
        c = Counter(d.decision for d in self.decisions if d is not None)
        c["added"] = len(self.added)
        return c


def build_review(observations: list[dict], rows: Iterable) -> ArticleReview:
    """The review state from an article's review rows (oldest first) and its current observations."""
    by_original: dict[str, Optional[Decision]] = {}
    added: dict[int, Added] = {}
    done: Optional[Decision] = None
    reviewers: set = set()
    last_at = None
    for row in rows:
        decision, reviewer, at = row["decision"], row["reviewer"], row["reviewed_at"]
        reviewers.add(reviewer)
        last_at = at if last_at is None or at > last_at else last_at
        correction = json.loads(row["correction"]) if row["correction"] else None
        if decision in ("accept", "reject", "correct"):
            by_original[row["original"]] = Decision(decision, correction, reviewer, at)
        elif decision == "clear":
            by_original[row["original"]] = None
        elif decision == "add":
            added[row["id"]] = Added(row["id"], correction or {}, reviewer, at)
        elif decision == "withdraw":
            added.pop((correction or {}).get("review"), None)
        elif decision == "done":
            done = Decision("done", None, reviewer, at)
        elif decision == "undone":
            done = None
    prints = [fingerprint(o) for o in observations]
    decisions = [by_original.get(p) for p in prints]
    current = set(prints)
    stale = sum(1 for p, d in by_original.items() if d is not None and p not in current)
    return ArticleReview(observations=list(observations), decisions=decisions, added=list(added.values()),
                         done=done, stale=stale, reviewers=reviewers, last_at=last_at)


def review_rows(conn: sqlite3.Connection, article_id: Optional[str] = None) -> dict[str, list]:
    """Review rows by article id, oldest first (of one article, or of all)."""
    sql = "SELECT * FROM reviews"
    params: tuple = ()
    if article_id is not None:
        sql += " WHERE article_id = ?"
        params = (article_id,)
    out: dict[str, list] = {}
    for row in conn.execute(sql + " ORDER BY id", params):
        out.setdefault(row["article_id"], []).append(row)
    return out


def now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def record_decision(store, article_id: str, decision: str, reviewer: str, observation: Optional[int] = None,
                    check: Optional[str] = None, form: Optional[dict] = None) -> None:
    """Append one decision, checked against the article's current record in the same transaction.

    ``observation``/``check``: the index and short fingerprint the reviewer saw (ReviewError when the article
    was re-extracted since); ``form``: the fields of a correction or an added observation.
    """
    reviewer = (reviewer or "").strip()[:100]
    if not reviewer:
        raise ReviewError("a reviewer name is needed")
    if decision not in OBSERVATION_DECISIONS + ARTICLE_DECISIONS + ("accept_rest",):
        raise ReviewError(f"unknown decision {decision!r}")
    with store.transaction() as conn:
        row = conn.execute("SELECT record FROM records WHERE article_id = ?", (article_id,)).fetchone()
        if row is None:
            raise ReviewError(f"article {article_id!r} has no record")
        observations = json.loads(row["record"]).get("observations", [])
        stamp = now()

        def insert(index, original, what, correction=None):
            conn.execute(
                "INSERT INTO reviews (article_id, observation, original, decision, correction, reviewer, reviewed_at)"
                " VALUES (?,?,?,?,?,?,?)",
                (article_id, index, original, what,
                 json.dumps(correction, ensure_ascii=False) if correction is not None else None, reviewer, stamp))

        if decision in OBSERVATION_DECISIONS:
            if observation is None or not 0 <= observation < len(observations):
                raise ReviewError(f"this article's record has no observation #{observation}: reload the page")
            obs = observations[observation]
            if check is not None and check != short_fingerprint(obs):
                raise ReviewError("the article was re-extracted since this page was loaded: reload the page")
            correction = None
            if decision == "correct":
                correction = clean_fields(form or {}, base=obs)
                if all(correction.get(k) == obs.get(k) for k in FIELDS):
                    decision = "accept"  # a correction that changes nothing accepts the observation
                    correction = None
            insert(observation, fingerprint(obs), decision, correction)
        elif decision == "accept_rest":
            state = build_review(observations, review_rows(conn, article_id).get(article_id, []))
            for index, (obs, d) in enumerate(zip(observations, state.decisions)):
                if d is None:
                    insert(index, fingerprint(obs), "accept")
            insert(None, None, "done")
        elif decision == "add":
            insert(None, None, "add", clean_fields(form or {}))
        elif decision == "withdraw":
            try:
                review_id = int((form or {}).get("review", ""))
            except ValueError:
                raise ReviewError("which added observation to withdraw?") from None
            insert(None, None, "withdraw", {"review": review_id})
        else:  # done, undone
            insert(None, None, decision)


def load_review(conn: sqlite3.Connection, article_id: str, record: dict) -> ArticleReview:
    return build_review(record.get("observations", []), review_rows(conn, article_id).get(article_id, []))


# ----- article list -----

@dataclass
class ArticleSummary:
    """What the article list shows and filters on."""

    id: str
    title: str
    url: Optional[str]
    source: str
    published: Optional[str]
    fetched_at: str
    extractor_version: Optional[str]
    regions: list[str]  # codes mentioned or observed, in order of first appearance
    metrics: list[str]
    observations: int
    inconsistent: int
    decided: int
    added: int
    state: str
    has_record: bool


def article_title(title: Optional[str], head: str) -> str:
    """The stored title, else the text's first non-empty line (shortened)."""
    if title and title.strip():
        return title.strip()
    for line in (head or "").splitlines():
        if line.strip():
            line = line.strip()
            return line if len(line) <= 110 else line[:107].rstrip() + "…"
    return "(empty text)"


def summaries(conn: sqlite3.Connection) -> list[ArticleSummary]:
    """Every stored article, newest first, with its counts and review state."""
    reviews = review_rows(conn)
    out = []
    for row in conn.execute(
            "SELECT a.id, a.url, a.source, a.title, a.published, a.fetched_at, substr(a.text, 1, 400) AS head,"
            " r.record, r.extractor_version FROM articles a LEFT JOIN records r ON r.article_id = a.id"
            " ORDER BY a.fetched_at DESC, a.rowid DESC"):
        record = json.loads(row["record"]) if row["record"] else {}
        state = build_review(record.get("observations", []), reviews.get(row["id"], []))
        effective = state.effective()
        codes = [m.get("code") for m in record.get("regions", [])] + [o.get("region") for o in effective]
        out.append(ArticleSummary(
            id=row["id"], title=article_title(row["title"] or record.get("title"), row["head"]), url=row["url"],
            source=row["source"], published=record.get("published") or row["published"],
            fetched_at=row["fetched_at"], extractor_version=row["extractor_version"],
            regions=list(dict.fromkeys(c for c in codes if c)),
            metrics=list(dict.fromkeys(o["metric"] for o in effective)),
            observations=len(record.get("observations", [])),
            inconsistent=sum(c.get("status") == "inconsistent" for c in record.get("calculations", [])),
            decided=state.decided, added=len(state.added), state=state.state, has_record=bool(record)))
    return out


@dataclass
class Filters:
    region: str = ""
    metric: str = ""
    date_from: str = ""
    date_to: str = ""
    inconsistent: bool = False
    reviewed: str = ""  # "" | reviewed | partly | unreviewed | not_reviewed (partly or unreviewed)
    q: str = ""

    @classmethod
    def from_query(cls, query: dict) -> "Filters":
        def one(name):
            values = query.get(name) or [""]
            return str(values[0]).strip()[:200]

        return cls(region=one("region"), metric=one("metric"), date_from=one("from"), date_to=one("to"),
                   inconsistent=one("inconsistent") in ("1", "on", "true"), reviewed=one("reviewed"), q=one("q"))

    def active(self) -> bool:
        return any([self.region, self.metric, self.date_from, self.date_to, self.inconsistent, self.reviewed,
                    self.q])

    def match(self, s: ArticleSummary, skip: str = "") -> bool:
        """Whether an article passes every filter (but ``skip``, to count the options of that filter)."""
        if self.region and skip != "region":
            if not any(c == self.region or c.startswith(self.region + ".") for c in s.regions):
                return False
        if self.metric and skip != "metric" and self.metric not in s.metrics:
            return False
        if self.date_from and (not s.published or s.published < self.date_from):
            return False
        if self.date_to and (not s.published or s.published[: len(self.date_to)] > self.date_to):
            return False
        if self.inconsistent and not s.inconsistent:
            return False
        if self.reviewed and skip != "reviewed":
            if self.reviewed == "not_reviewed":
                if s.state == "reviewed":
                    return False
            elif s.state != self.reviewed:
                return False
        if self.q:
            needle = self.q.lower()
            if needle not in s.title.lower() and needle not in s.id.lower() and needle not in (s.url or "").lower():
                return False
        return True


# ----- coverage per region -----

@dataclass
class CoveragePoint:
    region: str
    value: float
    date: Optional[str]  # the as_of, else the article's date
    sort_key: str
    how: str  # stated | computed
    reviewed: bool
    article_id: str
    title: str
    source: str
    url: Optional[str]


def period_end(value: Optional[str]) -> str:
    """A TIMEX value's last day as YYYY-MM-DD (for ordering periods): 2024 → 2024-12-31, 2024-H1 → 2024-06-30."""
    import calendar

    if not value:
        return ""
    m = regex.match(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?|-Q([1-4])|-H([12])|-W(\d{2}))?$", value)
    if not m:
        return value
    year = int(m[1])
    if m[3]:
        return value
    if m[2]:
        month = int(m[2])
    elif m[4]:
        month = int(m[4]) * 3
    elif m[5]:
        month = int(m[5]) * 6
    elif m[6]:
        try:
            day = datetime.date.fromisocalendar(year, min(int(m[6]), 52), 7)
        except ValueError:
            return f"{year}-12-31"
        return day.isoformat()
    else:
        month = 12
    if not 1 <= month <= 12:
        return f"{year}-12-31"
    return f"{year}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


def coverage_points(items: Iterable[tuple[dict, dict, Optional[ArticleReview]]]) -> dict[str, list[CoveragePoint]]:
    """Coverage rates by region, oldest first: stated ones (``coverage_rate`` observations that are actual,
    after review) and ones the calculators computed from participants and population.

    ``items``: (article info with id/title/source/url/published, record, review state or None).
    """
    by_region: dict[str, list[CoveragePoint]] = {}
    for info, record, state in items:
        published = record.get("published") or info.get("published")
        if state is not None:
            observations = state.effective()
        else:
            observations = [{k: o.get(k) for k in FIELDS} for o in record.get("observations", [])]
        reviewed = state is not None and state.state == "reviewed"
        points = []
        for obs in observations:
            if obs.get("metric") == "coverage_rate" and obs.get("kind", "actual") == "actual" and obs.get("region"):
                points.append((obs["region"], obs["value"], obs.get("as_of"), "stated"))
        stated = {(p[0], p[2]) for p in points}
        for calc in record.get("calculations", []):
            if calc.get("name") == "coverage_rate" and calc.get("value") is not None and calc.get("region"):
                if (calc["region"], calc.get("as_of")) not in stated:
                    points.append((calc["region"], calc["value"], calc.get("as_of"), "computed"))
        for region, value, as_of, how in points:
            date = as_of or published
            by_region.setdefault(region, []).append(CoveragePoint(
                region=region, value=float(value), date=date, sort_key=period_end(date) + "|" + (published or ""),
                how=how, reviewed=reviewed, article_id=info["id"], title=info.get("title") or info["id"],
                source=info.get("source") or "", url=info.get("url")))
    for points in by_region.values():
        points.sort(key=lambda p: (p.sort_key, p.article_id))
    return by_region


def store_coverage(conn: sqlite3.Connection) -> dict[str, list[CoveragePoint]]:
    reviews = review_rows(conn)

    def items():
        for row in conn.execute(
                "SELECT a.id, a.url, a.source, a.title, a.published, substr(a.text, 1, 400) AS head, r.record"
                " FROM articles a JOIN records r ON r.article_id = a.id"):
            record = json.loads(row["record"])
            info = {"id": row["id"], "url": row["url"], "source": row["source"], "published": row["published"],
                    "title": article_title(row["title"] or record.get("title"), row["head"])}
            yield info, record, build_review(record.get("observations", []), reviews.get(row["id"], []))

    return coverage_points(items())
