"""Coverage calculators: pure functions over an article's observations.

Each result is a ``records.Calculation`` naming the observations it used (indices into the
record's ``observations``), its formula, and a status: ``derived`` (computed from stated figures),
``consistent`` or ``inconsistent`` (a stated figure checked against the ones it should follow
from). Figures are compared as the intervals their written precision allows (``precision.py``),
so a rounded figure is never flagged as a contradiction.

- coverage rate = participants / population; uninsured = population - participants, or
  population x (1 - rate); participants = population x rate;
- active rate = active participants / participants (or / population, as the article says);
- a daily figure against the annual one / 365 (366);
- a segment against its total;
- UHC status against thresholds (95% by default, and the RPJMN 98%), with the gap in people;
- doctor gap: doctors needed to reach the target ratio (the article's own, else 1:5000);
- cost per use = spending / utilization;
- coverage from a reference population (Dukcapil, BPS) where the article gives none.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Callable, Iterable, Optional, Sequence

import regex

from ..records import Calculation, Observation, Quantity, RegionMention
from ..textscan import folded
from .precision import Interval, interval
from .population import has_population, reference_population

DEFAULT_UHC_THRESHOLDS = (95.0, 98.0)
DEFAULT_DOCTOR_RATIO = 5000.0
# Two counts combine only when stated close together (one statement), and a stated figure is checked
# only against counts within reach of it (characters): figures further apart usually share a region
# by the article's default, not by what the text says.
PAIR_REACH = 400
CHECK_REACH = 1500
# A figure whose region is named this close to it was located by the text; a stated figure located so
# is checked only against counts located so too.
LOCATED_REACH = 300
# A breakdown of a total into segments follows the total within this many characters.
BREAKDOWN_REACH = 1200


class Stated:
    """An observation with the interval of values its written form stands for. The interval and whether
    the figure is located are worked out when a calculator first asks (most figures are never checked)."""

    __slots__ = ("index", "obs", "value", "_article", "_span", "_located")

    def __init__(self, index: int, obs: Observation, article: "Article"):
        self.index = index
        self.obs = obs
        self.value = float(obs.value)
        self._article = article  # for the figure as written and where regions are mentioned
        self._span: Optional[Interval] = None
        self._located: Optional[bool] = None

    @property
    def span(self) -> Interval:
        if self._span is None:
            obs = self.obs
            self._span = interval(obs.value, self._article.written(obs), obs.qualifier,
                                  is_percent=obs.metric.endswith("_rate"))
        return self._span

    @property
    def located(self) -> bool:
        """Whether a mention of its region stands near the figure (not the article's default)."""
        if self._located is None:
            mentioned_at, start = self._article.mentioned_at(), self.obs.start
            located = mentioned_at is None
            if not located:
                for at in mentioned_at.get(self.obs.region, ()):
                    if -LOCATED_REACH <= at - start <= LOCATED_REACH:
                        located = True
                        break
            self._located = located
        return self._located


def _fmt(value: float, digits: int = 2) -> str:
    """Indonesian-style number for explanations: 4.248.807; 77,50."""
    if _isinf(value):
        return "∞"
    if digits == 0 and type(value) is float:  # a whole float >= 1000 reads the same either way
        return format(value, "_.0f").replace("_", ".")
    if abs(value) >= 1000 and abs(value - round(value)) < 1e-9:
        return f"{round(value):,}".replace(",", ".")
    # "_" groups thousands as "," does; then the decimal point becomes a comma and "_" a point
    return format(value, _FORMATS.get(digits) or f"_.{digits}f").replace(".", ",").replace("_", ".")


_FORMATS = {0: "_.0f", 2: "_.2f"}


def _compatible(a: Optional[str], b: Optional[str]) -> bool:
    return a is None or b is None or a == b or a.startswith(b) or b.startswith(a)


def _as_of(*items: Stated) -> Optional[str]:
    """The most precise date of the items (the first of the longest)."""
    best = None
    for s in items:
        as_of = s.obs.as_of
        if as_of and (best is None or len(as_of) > len(best)):
            best = as_of
    return best


class Article:
    """An article's observations grouped for the calculators."""

    def __init__(self, observations: Sequence[Observation], quantities: Sequence[Quantity] = (),
                 regions: Sequence[RegionMention] = ()):
        self._quantities = quantities
        self._texts: Optional[dict[tuple[int, int], str]] = None  # a figure's text by its place
        self._region_mentions = regions
        self._mentioned_at: Optional[dict[Optional[str], list[int]]] = None
        self.stated = stated = [Stated(i, obs, self) for i, obs in enumerate(observations)]
        by_metric: dict[tuple, list[Stated]] = {}  # (metric, kind) and (metric, kind, region) -> observations
        seen: dict[str, None] = {}  # the regions observed, in order
        for s in stated:
            obs = s.obs
            metric, kind, region = obs.metric, obs.kind, obs.region
            group = by_metric.get((metric, kind))
            if group is None:
                by_metric[(metric, kind)] = [s]
                by_metric[(metric, kind, region)] = [s]
            else:
                group.append(s)
                group = by_metric.get((metric, kind, region))
                if group is None:
                    by_metric[(metric, kind, region)] = [s]
                else:
                    group.append(s)
            if region:
                seen[region] = None
        self._by_metric = by_metric
        regions_of: dict[str, set[Optional[str]]] = {}  # metric -> regions with an actual observation of it
        for key in by_metric:
            if len(key) == 3 and key[1] == "actual":
                if key[0] in regions_of:
                    regions_of[key[0]].add(key[2])
                else:
                    regions_of[key[0]] = {key[2]}
        self._regions_of = regions_of
        self._regions = list(seen)
        self._of: dict[tuple, list[Stated]] = {}
        self._results: dict[Callable, list[Calculation]] = {}
        self._counts: dict[str, Optional[tuple[Stated, Stated]]] = {}

    def counts(self, region: str) -> Optional[tuple[Stated, Stated]]:
        """The best (participants, population) pair of a region with no anchor (``_best_pair``), found once:
        the coverage, uninsured and UHC calculators all ask for it."""
        if region in self._counts:
            return self._counts[region]
        pair = self._counts[region] = _best_pair(self.of("participants", region, segment=None),
                                                 self.of("population", region))
        return pair

    def written(self, obs: Observation) -> Optional[str]:
        """The text of the quantity an observation reads its figure from."""
        if self._texts is None:
            self._texts = {(q.start, q.end): q.text for q in self._quantities}
        return self._texts.get((obs.start, obs.end))

    def mentioned_at(self) -> Optional[dict[Optional[str], list[int]]]:
        """Where each region is mentioned; None when the article has no region mentions."""
        if self._mentioned_at is None and self._region_mentions:
            self._mentioned_at = {}
            for r in self._region_mentions:
                self._mentioned_at.setdefault(r.code, []).append(r.start)
        return self._mentioned_at

    def of(self, metric: str, region: Optional[str] = None, kind: str = "actual",
           segment: Optional[str] = "any") -> list[Stated]:
        """The observations of a metric (kept per question: the calculators ask the same ones often).
        The list is shared: callers do not change it."""
        group = self._by_metric.get((metric, kind) if region is None else (metric, kind, region), _EMPTY)
        if segment == "any" or not group:
            return group
        key = (metric, region, kind, segment)
        found = self._of.get(key)
        if found is None:
            found = self._of[key] = [s for s in group if s.obs.segment == segment]
        return found

    def regions(self) -> list[str]:
        return list(self._regions)

    def regions_with(self, *metrics: str) -> list[str]:
        """The regions (in ``regions()`` order) with an actual observation of each of the metrics: the only
        ones where a calculator that needs those metrics can find anything."""
        regions_of = self._regions_of
        common = regions_of.get(metrics[0])
        if len(metrics) == 1:
            return [r for r in self._regions if r in common] if common else []
        for metric in metrics[1:]:
            if not common:
                return []
            common = common & regions_of.get(metric, _NONE)
        return [r for r in self._regions if r in common] if common else []

    def once(self, calculator: Callable[["Article"], list[Calculation]]) -> list[Calculation]:
        """A calculator's results for this article, computed once (uhc_status reuses coverage_rates')."""
        if calculator not in self._results:
            self._results[calculator] = calculator(self)
        return list(self._results[calculator])


_NONE: set = set()
_EMPTY: list = []  # shared: never changed


def _best_pair(lefts: list[Stated], rights: list[Stated], anchor: Optional[Stated] = None):
    """The (left, right) pair of compatible dates (near the anchor, if any): dated like the anchor first,
    then the nearest in the text. A pair is within PAIR_REACH of itself and, with an anchor, within
    CHECK_REACH of it, dated compatibly with it, and located if it is."""
    if not lefts or not rights:
        return None
    if anchor is not None:
        anchor_as_of, anchor_start, anchor_located = anchor.obs.as_of, anchor.obs.start, anchor.located
        rights = [b for b in rights if _compatible(b.obs.as_of, anchor_as_of)
                  and abs(b.obs.start - anchor_start) <= CHECK_REACH and (not anchor_located or b.located)]
    best = best_rank = None
    for a in lefts:
        a_as_of, a_start = a.obs.as_of, a.obs.start
        if anchor is not None and not (_compatible(a_as_of, anchor_as_of) and abs(a_start - anchor_start) <= CHECK_REACH
                                       and (not anchor_located or a.located)):
            continue
        for b in rights:
            b_as_of, b_start = b.obs.as_of, b.obs.start
            near = abs(a_start - b_start)
            if near > PAIR_REACH or not (a_as_of is None or b_as_of is None or a_as_of == b_as_of
                                         or a_as_of.startswith(b_as_of) or b_as_of.startswith(a_as_of)):
                continue  # not within reach, or dated incompatibly (_compatible)
            if anchor is None:
                rank = (True, near, not (a_as_of == b_as_of and a_as_of is not None))
            else:
                anchored = anchor_as_of is not None and anchor_as_of in (a_as_of, b_as_of)
                rank = (not anchored, near + abs(a_start - anchor_start) + abs(b_start - anchor_start),
                        not (a_as_of == b_as_of and a_as_of is not None))
            if best_rank is None or rank < best_rank:
                best, best_rank = (a, b), rank
    return best


def _calc(name: str, region: Optional[str], as_of: Optional[str], value: Optional[float], unit: str,
          inputs: Iterable[Stated], formula: str, status: str, explanation: str) -> Calculation:
    if value is not None and not _isinf(value):
        value = round(value, 4) if abs(value) < 1000 else round(value)
    return _validate_calculation({"name": name, "region": region, "as_of": as_of, "value": value, "unit": unit,
                                  "inputs": sorted({s.index for s in inputs}), "formula": formula,
                                  "status": status, "explanation": explanation})


# Calculation(**fields) less the Python-level __init__: the same validation, the same model.
_validate_calculation = Calculation.__pydantic_validator__.validate_python


_isinf = math.isinf


# -- the calculators ----------------------------------------------------------------------------------

def coverage_rates(article: Article) -> list[Calculation]:
    """Stated coverage rates checked against participants / population; the rate derived where none is stated."""
    out = []
    for region in article.regions_with("participants", "population"):
        participants = article.of("participants", region, segment=None)
        population = article.of("population", region)
        stated = article.of("coverage_rate", region)
        used_pairs = set()
        for rate in stated:
            pair = _best_pair(participants, population, anchor=rate)
            if not pair:
                continue
            p, n = pair
            used_pairs.add((p.index, n.index))
            computed = (p.span / n.span).scaled(100)
            point = p.value / n.value * 100
            ok = computed.overlaps(rate.span)
            out.append(_calc(
                "coverage_rate_check", region, _as_of(rate, p, n), point, "percent", (rate, p, n),
                "participants / population x 100", "consistent" if ok else "inconsistent",
                f"stated {_fmt(rate.value)}%; {_fmt(p.value, 0)} / {_fmt(n.value, 0)} = {_fmt(point)}%"
                + ("" if ok else f", outside the stated figure's precision ({_fmt(rate.span.low)}–{_fmt(rate.span.high)}%)")))
        if not stated:
            pair = article.counts(region)
            if pair:
                p, n = pair
                point = p.value / n.value * 100
                out.append(_calc("coverage_rate", region, _as_of(p, n), point, "percent", (p, n),
                                 "participants / population x 100", "derived",
                                 f"{_fmt(p.value, 0)} / {_fmt(n.value, 0)} = {_fmt(point)}%"))
    return out


def active_rates(article: Article) -> list[Calculation]:
    """Stated active rates against active participants / participants, or / population."""
    out = []
    for region in article.regions_with("active_participants", "active_rate"):
        active = article.of("active_participants", region, segment=None)
        for rate in article.of("active_rate", region):
            checks = []
            for base_metric in ("participants", "population"):
                pair = _best_pair(active, article.of(base_metric, region, segment=None), anchor=rate)
                if pair:
                    a, b = pair
                    checks.append((base_metric, a, b, (a.span / b.span).scaled(100), a.value / b.value * 100))
            if not checks:
                continue
            matching = [c for c in checks if c[3].overlaps(rate.span)]
            base, a, b, span, point = (matching or checks)[0]
            out.append(_calc(
                "active_rate_check", region, _as_of(rate, a, b), point, "percent", (rate, a, b),
                f"active participants / {base} x 100", "consistent" if matching else "inconsistent",
                f"stated {_fmt(rate.value)}%; {_fmt(a.value, 0)} / {_fmt(b.value, 0)} = {_fmt(point)}%"))
    return out


def uninsured(article: Article) -> list[Calculation]:
    """Stated uninsured counts against population - participants; derived where none is stated."""
    out = []
    for region in article.regions_with("population"):
        participants = article.of("participants", region, segment=None)
        population = article.of("population", region)
        stated = article.of("uninsured", region)
        for u in stated:
            pair = _best_pair(participants, population, anchor=u)
            if not pair:
                continue
            p, n = pair
            computed = n.span - p.span
            point = n.value - p.value
            ok = computed.overlaps(u.span)
            out.append(_calc("uninsured_check", region, _as_of(u, p, n), point, "persons", (u, p, n),
                             "population - participants", "consistent" if ok else "inconsistent",
                             f"stated {_fmt(u.value, 0)}; {_fmt(n.value, 0)} - {_fmt(p.value, 0)} = {_fmt(point, 0)}"))
        if stated:
            continue
        pair = article.counts(region)
        if pair:
            p, n = pair
            point = n.value - p.value
            note = "" if point >= 0 else " (more participants than residents: coverage above 100%)"
            out.append(_calc("uninsured", region, _as_of(p, n), max(point, 0.0), "persons", (p, n),
                             "population - participants", "derived",
                             f"{_fmt(n.value, 0)} - {_fmt(p.value, 0)} = {_fmt(point, 0)}{note}"))
            continue
        pair = _best_pair(population, article.of("coverage_rate", region))
        if pair:
            n, rate = pair
            point = n.value * (1 - rate.value / 100)
            out.append(_calc("uninsured", region, _as_of(n, rate), max(point, 0.0), "persons", (n, rate),
                             "population x (1 - coverage rate)", "derived",
                             f"{_fmt(n.value, 0)} x (1 - {_fmt(rate.value)}%) = {_fmt(point, 0)}"))
    return out


def participants_from_rate(article: Article) -> list[Calculation]:
    """Participants = population x coverage rate, where the article states only those two."""
    out = []
    for region in article.regions_with("population", "coverage_rate"):
        if article.of("participants", region, segment=None):
            continue
        pair = _best_pair(article.of("population", region), article.of("coverage_rate", region))
        if pair:
            n, rate = pair
            point = n.value * rate.value / 100
            out.append(_calc("participants", region, _as_of(n, rate), point, "persons", (n, rate),
                             "population x coverage rate", "derived",
                             f"{_fmt(n.value, 0)} x {_fmt(rate.value)}% = {_fmt(point, 0)}"))
    return out


def daily_against_annual(article: Article) -> list[Calculation]:
    """A stated daily figure against the annual one / 365 (366 in a leap year)."""
    out = []
    for region in article.regions_with("utilization"):
        annual = [s for s in article.of("utilization", region) if s.obs.as_of and len(s.obs.as_of) == 4]
        daily = article.of("utilization_daily", region)
        for a in annual:
            year = int(a.obs.as_of)
            days = 366 if (year % 4 == 0 and year % 100 != 0) or year % 400 == 0 else 365
            computed = a.span.scaled(1 / days)
            point = a.value / days
            matched = [d for d in daily if _compatible(d.obs.as_of, a.obs.as_of)]
            for d in matched:
                ok = computed.overlaps(d.span)
                out.append(_calc("daily_utilization_check", region, a.obs.as_of, point, "uses per day", (d, a),
                                 f"annual utilization / {days}", "consistent" if ok else "inconsistent",
                                 f"stated {_fmt(d.value, 0)} per day; {_fmt(a.value, 0)} / {days} = {_fmt(point, 0)}"))
            if not matched:
                out.append(_calc("utilization_daily", region, a.obs.as_of, point, "uses per day", (a,),
                                 f"annual utilization / {days}", "derived",
                                 f"{_fmt(a.value, 0)} / {days} = {_fmt(point, 0)} per day"))
    return out


def segments_within_total(article: Article) -> list[Calculation]:
    """A segment's participants, stated in a breakdown after the total, cannot exceed that total.
    (A figure before it may itself be a group of segments: 'peserta PBI ... dan peserta non PBI ...'.)"""
    out = []
    segmented = {s.obs.region for s in article.of("participants") if s.obs.segment}  # regions with a segment's figure
    for region in article.regions_with("participants") if segmented else ():
        if region not in segmented:
            continue
        totals = article.of("participants", region, segment=None)
        for seg in [s for s in article.of("participants", region) if s.obs.segment]:
            compatible = [t for t in totals if _compatible(t.obs.as_of, seg.obs.as_of) and t.index != seg.index
                          and 0 < seg.obs.start - t.obs.start <= BREAKDOWN_REACH]
            if not compatible:
                continue
            earlier_parts = [p.value for p in article.of("participants", region) if p.obs.segment and p.index != seg.index
                             and 0 < seg.obs.start - p.obs.start <= BREAKDOWN_REACH]
            if earlier_parts and max(earlier_parts) > max(t.value for t in compatible):
                continue  # the "total" is smaller than a segment before it: a group of segments, not the total
            total = max(compatible, key=lambda t: t.value)
            ok = seg.span.low <= total.span.high
            share = seg.value / total.value * 100
            out.append(_calc("segment_share", region, _as_of(seg, total), share, "percent", (seg, total),
                             f"{seg.obs.segment} participants / all participants x 100",
                             "consistent" if ok else "inconsistent",
                             f"{seg.obs.segment}: {_fmt(seg.value, 0)} of {_fmt(total.value, 0)} = {_fmt(share)}%"
                             + ("" if ok else ": a part larger than its total")))
    return out


def uhc_status(article: Article, thresholds: Sequence[float] = DEFAULT_UHC_THRESHOLDS) -> list[Calculation]:
    """Whether each region's coverage reaches each threshold, with the people still needed."""
    out = []
    derived = {c.region: c for c in article.once(coverage_rates) if c.status == "derived"}
    with_rate = article.regions_with("coverage_rate")
    for region in article.regions() if derived else with_rate:
        if region in with_rate:
            stated = article.of("coverage_rate", region)
            rate_item = max(stated, key=lambda s: (s.obs.as_of or "", s.obs.start)) if len(stated) > 1 else stated[0]
            rate, rate_inputs, source = rate_item.value, [rate_item], "stated"
            as_of = rate_item.obs.as_of
        elif region in derived:
            calc = derived[region]
            rate, rate_inputs, source = calc.value, [article.stated[i] for i in calc.inputs], "computed"
            as_of = calc.as_of
        else:
            continue
        pair = article.counts(region)
        rate_text = _fmt(rate)
        if pair:
            p, n = pair
            rate_inputs = rate_inputs + [p, n]
        for threshold in thresholds:
            name, threshold_text, formula = _threshold_texts(threshold)
            met = rate >= threshold
            gap = None
            text = f"{source} coverage {rate_text}% {'≥' if met else '<'} {threshold_text}%: {'UHC' if met else 'not UHC'}"
            if pair:
                gap = max(0.0, math.ceil(threshold / 100 * n.value - p.value))
                if not met:
                    text += f"; {_fmt(gap, 0)} more people needed"
            out.append(_calc(name, region, as_of, gap, "persons", rate_inputs, formula, "derived", text))
    return out


@lru_cache(maxsize=64)
def _threshold_texts(threshold: float) -> tuple[str, str, str]:
    """A UHC threshold's calculation name, its figure as written and the formula."""
    threshold_text = _fmt(threshold, 0)
    return (f"uhc_{threshold_text}", threshold_text,
            f"coverage rate >= {threshold_text}%; gap = {threshold_text}% x population - participants")


def doctor_gap(article: Article, default_ratio: float = DEFAULT_DOCTOR_RATIO) -> list[Calculation]:
    """Doctors needed to bring the actual ratio to the target one (the article's own, else 1:5000)."""
    out = []
    for region in article.regions_with("doctor_ratio"):
        for ratio in article.of("doctor_ratio", region):
            targets = article.of("doctor_ratio", region, kind="target")
            target = min(targets, key=lambda t: t.value).value if targets else default_ratio
            inputs = [ratio] + ([min(targets, key=lambda t: t.value)] if targets else [])
            participants = article.of("participants", region, segment=None)
            pop, unins = article.of("population", region), article.of("uninsured", region)
            if participants:
                base_item = max(participants, key=lambda s: s.value)
                base, inputs, base_name = base_item.value, inputs + [base_item], "participants"
            elif pop and unins:
                base = pop[0].value - unins[0].value
                inputs += [pop[0], unins[0]]
                base_name = "participants (population - uninsured)"
            elif pop:
                base, inputs, base_name = pop[0].value, inputs + [pop[0]], "population"
            else:
                continue
            doctors = base / ratio.value
            needed = base / target
            gap = max(0, math.ceil(needed - doctors))
            out.append(_calc("doctor_gap", region, ratio.obs.as_of, gap, "doctors", inputs,
                             f"{base_name} / target ratio - {base_name} / actual ratio", "derived",
                             f"{_fmt(base, 0)} / 1:{_fmt(ratio.value, 0)} = {_fmt(doctors, 0)} doctors; "
                             f"1:{_fmt(target, 0)} needs {_fmt(needed, 0)}: {_fmt(gap, 0)} more"
                             + ("" if targets else " (default target 1:5000)")))
    return out


def cost_per_use(article: Article) -> list[Calculation]:
    """Spending / utilization for the same region and period."""
    out = []
    for region in article.regions_with("spending", "utilization"):
        pair = _best_pair(article.of("spending", region), article.of("utilization", region))
        if pair:
            s, u = pair
            point = s.value / u.value
            out.append(_calc("cost_per_use", region, _as_of(s, u), point, "idr per use", (s, u),
                             "spending / utilization", "derived",
                             f"Rp {_fmt(s.value, 0)} / {_fmt(u.value, 0)} uses = Rp {_fmt(point, 0)} per use"))
    return out


_BRANCH_AREA = regex.compile(r"(?i)\bcabang\b|\bKC\b|wilayah kerja|kantor cabang|kedeputian")
# Every match of _BRANCH_AREA holds one of these, in the folded text (textscan.fold).
_BRANCH_AREA_WORDS = ("cabang", "kc", "wilayah kerja", "kedeputian")


def _names_branch_area(text: str, pos: int, low: str) -> bool:
    """Whether the sentence around ``pos`` names a BPJS branch's area (_BRANCH_AREA), the pattern run only
    when a quick look finds one of its words in the folded text ``low`` (textscan.folded(text))."""
    start, end = _sentence_bounds(text, pos)
    return (any(low.find(word, start, end) >= 0 for word in _BRANCH_AREA_WORDS)
            and _BRANCH_AREA.search(text[start:end]) is not None)


def reference_coverage(article: Article, published: Optional[str] = None, text: Optional[str] = None) -> list[Calculation]:
    """Coverage against a reference population where the article states participants but no population
    (not for a BPJS branch's area, which spans more than the city that names it)."""
    out = []
    low = None  # the folded text, when one of the branch-area words is in it
    for region in article.regions_with("participants"):
        if article.of("population", region) or article.of("coverage_rate", region) or not has_population(region):
            continue
        participants = article.of("participants", region, segment=None)
        if text:
            if low is None:
                folded_text = folded(text)
                low = folded_text if any(word in folded_text for word in _BRANCH_AREA_WORDS) else ""
            if low:
                participants = [s for s in participants if not _names_branch_area(text, s.obs.start, low)]
        if not participants:
            continue
        p = max(participants, key=lambda s: (s.obs.as_of or "", s.value))
        ref = reference_population(region, p.obs.as_of or published)
        if ref is None:
            continue
        point = p.value / ref.population * 100
        out.append(_calc("coverage_rate_reference", region, p.obs.as_of, point, "percent", (p,),
                         "participants / reference population x 100", "derived",
                         f"{_fmt(p.value, 0)} / {_fmt(ref.population, 0)} ({ref.figure}, {ref.reference_date}) = {_fmt(point)}%"))
    return out


def _sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    """Where the sentence around ``pos`` starts and ends (after '. ' or a line break, up to the next one)."""
    start = max(text.rfind(". ", 0, pos), text.rfind("\n", 0, pos)) + 1
    ends = [e for e in (text.find(". ", pos), text.find("\n", pos)) if e >= 0]
    return start, min(ends) if ends else len(text)


def calculate(observations: Sequence[Observation], quantities: Sequence[Quantity] = (),
              published: Optional[str] = None, uhc_thresholds: Sequence[float] = DEFAULT_UHC_THRESHOLDS,
              doctor_ratio: float = DEFAULT_DOCTOR_RATIO, text: Optional[str] = None,
              regions: Sequence[RegionMention] = ()) -> list[Calculation]:
    """Every calculator over one article's observations (quantities give the written precision; the
    text, when given, tells a branch's area from its city; region mentions tell located figures)."""
    article = Article(observations, quantities, regions)
    return (article.once(coverage_rates) + active_rates(article) + uninsured(article) + article.once(participants_from_rate)
            + daily_against_annual(article) + segments_within_total(article) + uhc_status(article, uhc_thresholds)
            + doctor_gap(article, doctor_ratio) + cost_per_use(article) + reference_coverage(article, published, text))
