"""Scores of extracted records against gold files, exactly as the guidelines' "Scores" section says.

- quantities: (value, unit) as multisets per article;
- dates: value as multisets;
- regions: the set of codes;
- officials: names (honorifics removed, case-insensitive; a name whose words are all in the other's
  counts as the same), matched one to one; position accuracy over matched officials (word-overlap
  F1 with the gold position >= 0.5);
- observations: metric, region, kind equal and value within 0.5%, matched one to one; as_of
  accuracy over matched observations whose gold as_of is set.

Precision, recall and F1 are micro-averaged over articles.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

import regex

LAYERS = ("quantities", "dates", "regions", "officials", "observations")

_HONORIFIC = regex.compile(
    r"(?i)^(?:dr|drg|prof|ir|h|hj|drs|dra|kh|ns|apt|st|bapak|ibu|pak|bu)\.?$"
)
_WORD = regex.compile(r"[\p{L}\p{N}]+")


@dataclass
class Tally:
    """True positives, predicted and gold counts of one layer."""

    tp: int = 0
    predicted: int = 0
    gold: int = 0

    def add(self, tp: int, predicted: int, gold: int) -> None:
        self.tp += tp
        self.predicted += predicted
        self.gold += gold

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else (1.0 if not self.gold else 0.0)

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else (1.0 if not self.predicted else 0.0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4), "tp": self.tp, "predicted": self.predicted, "gold": self.gold}


@dataclass
class Ratio:
    """A share of right answers (as_of accuracy, position accuracy)."""

    right: int = 0
    total: int = 0

    @property
    def value(self) -> Optional[float]:
        return self.right / self.total if self.total else None

    def as_dict(self) -> dict:
        v = self.value
        return {"accuracy": None if v is None else round(v, 4), "right": self.right, "total": self.total}


@dataclass
class Scores:
    """All layers' tallies plus the two accuracies, and per-article misses for reading."""

    layers: dict[str, Tally] = field(default_factory=lambda: {k: Tally() for k in LAYERS})
    as_of: Ratio = field(default_factory=Ratio)
    position: Ratio = field(default_factory=Ratio)
    articles: int = 0
    details: dict[str, dict] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"articles": self.articles,
                "layers": {k: t.as_dict() for k, t in self.layers.items()},
                "as_of": self.as_of.as_dict(), "position": self.position.as_dict()}


def _num_key(value) -> float:
    return round(float(value), 6)


def _multiset_match(pred: Iterable, gold: Iterable) -> tuple[int, Counter, Counter]:
    p, g = Counter(pred), Counter(gold)
    common = p & g
    return sum(common.values()), p - common, g - common


def name_words(name: str) -> list[str]:
    """The words of a person's name, lower-cased, honorifics dropped."""
    words = [w.lower() for w in regex.split(r"[\s,]+", name or "") if w]
    kept = [w for w in words if not _HONORIFIC.match(w)]
    return [w.strip(".") for w in kept if w.strip(".")]


def same_person(a: str, b: str) -> bool:
    """Equal names, or one name whose words are all in the other."""
    wa, wb = set(name_words(a)), set(name_words(b))
    if not wa or not wb:
        return False
    return wa <= wb or wb <= wa


def position_f1(predicted: Optional[str], gold: Optional[str]) -> float:
    """Word-overlap F1 between two position descriptions."""
    p = Counter(w.lower() for w in _WORD.findall(predicted or ""))
    g = Counter(w.lower() for w in _WORD.findall(gold or ""))
    common = sum((p & g).values())
    if not common:
        return 0.0
    prec, rec = common / sum(p.values()), common / sum(g.values())
    return 2 * prec * rec / (prec + rec)


def _value_close(pred, gold) -> bool:
    pred, gold = float(pred), float(gold)
    if gold == 0:
        return pred == 0
    return abs(pred - gold) <= 0.005 * abs(gold)


def score_article(pred: dict, gold: dict, scores: Scores) -> dict:
    """Add one article's comparison to ``scores``; return what was missed and what was extra."""
    detail: dict[str, dict] = {}

    def multiset(layer: str, key) -> None:
        tp, extra, missed = _multiset_match(map(key, pred.get(layer, [])), map(key, gold.get(layer, [])))
        scores.layers[layer].add(tp, len(pred.get(layer, [])), len(gold.get(layer, [])))
        detail[layer] = {"extra": sorted(extra.elements(), key=str), "missed": sorted(missed.elements(), key=str)}

    multiset("quantities", lambda q: (_num_key(q["value"]), q["unit"]))
    multiset("dates", lambda d: d["value"])

    p_codes = {r["code"] for r in pred.get("regions", [])}
    g_codes = {r["code"] for r in gold.get("regions", [])}
    scores.layers["regions"].add(len(p_codes & g_codes), len(p_codes), len(g_codes))
    detail["regions"] = {"extra": sorted(p_codes - g_codes), "missed": sorted(g_codes - p_codes)}

    # Officials: one-to-one, exact names first, then containment.
    p_off, g_off = list(pred.get("officials", [])), list(gold.get("officials", []))
    matched: list[tuple[dict, dict]] = []
    free = list(range(len(p_off)))
    for strict in (True, False):
        for g in g_off:
            if any(g is m[1] for m in matched):
                continue
            for i in free:
                a, b = name_words(p_off[i]["name"]), name_words(g["name"])
                if (a == b) if strict else same_person(p_off[i]["name"], g["name"]):
                    matched.append((p_off[i], g))
                    free.remove(i)
                    break
    scores.layers["officials"].add(len(matched), len(p_off), len(g_off))
    for p, g in matched:
        scores.position.total += 1
        scores.position.right += position_f1(p.get("position"), g.get("position")) >= 0.5
    detail["officials"] = {
        "extra": [p_off[i]["name"] for i in free],
        "missed": [g["name"] for g in g_off if not any(g is m[1] for m in matched)],
        "position_wrong": [(p.get("position"), g.get("position")) for p, g in matched
                           if position_f1(p.get("position"), g.get("position")) < 0.5],
    }

    # Observations: one-to-one on metric, region, kind and value within 0.5%; exact values first.
    p_obs, g_obs = list(pred.get("observations", [])), list(gold.get("observations", []))
    free = list(range(len(p_obs)))
    pairs: list[tuple[dict, dict]] = []
    unmatched_gold = []
    for g in sorted(g_obs, key=lambda o: o.get("as_of") is None):
        candidates = [i for i in free if p_obs[i]["metric"] == g["metric"]
                      and p_obs[i].get("region") == g.get("region")
                      and p_obs[i].get("kind", "actual") == g.get("kind", "actual")
                      and _value_close(p_obs[i]["value"], g["value"])]
        if not candidates:
            unmatched_gold.append(g)
            continue
        best = min(candidates, key=lambda i: (p_obs[i].get("as_of") != g.get("as_of"),
                                              abs(float(p_obs[i]["value"]) - float(g["value"]))))
        free.remove(best)
        pairs.append((p_obs[best], g))
    scores.layers["observations"].add(len(pairs), len(p_obs), len(g_obs))
    for p, g in pairs:
        if g.get("as_of"):
            scores.as_of.total += 1
            scores.as_of.right += p.get("as_of") == g["as_of"]
    brief = lambda o: f'{o["metric"]} {o["value"]} {o.get("region")} {o.get("kind", "actual")} {o.get("as_of")}'
    detail["observations"] = {"extra": [brief(p_obs[i]) for i in free],
                              "missed": [brief(g) for g in unmatched_gold],
                              "as_of_wrong": [(brief(p), g["as_of"]) for p, g in pairs
                                              if g.get("as_of") and p.get("as_of") != g["as_of"]]}
    scores.articles += 1
    return detail


def load_gold_dir(directory: Path) -> tuple[list[tuple[str, Path, Path]], dict[str, dict]]:
    """The (id, article, gold) triples of an eval directory and its index metadata by id."""
    articles = directory / "articles"
    golds = directory / "gold"
    if not articles.is_dir() or not golds.is_dir():
        raise FileNotFoundError(f"{directory} needs an articles/ and a gold/ folder")
    triples = []
    for gold in sorted(golds.glob("*.json")):
        article = articles / f"{gold.stem}.txt"
        if article.exists():
            triples.append((gold.stem, article, gold))
    if not triples:
        raise FileNotFoundError(f"{directory} has no article with a gold file")
    index: dict[str, dict] = {}
    index_path = directory / "index.jsonl"
    if index_path.exists():
        for line in index_path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                index[row["id"]] = row
    return triples, index


def evaluate_dir(directory: Path, nlp=None) -> Scores:
    """Extract every article of an eval directory and score the records against the gold files."""
    from .pipeline import Article, extract_articles

    triples, index = load_gold_dir(directory)
    articles = []
    golds = []
    for art_id, article_path, gold_path in triples:
        meta = index.get(art_id, {})
        articles.append(Article(text=article_path.read_text(encoding="utf-8"), id=art_id,
                                source=meta.get("url") or str(article_path),
                                published=meta.get("published"),
                                published_source="metadata" if meta.get("published") else None))
        golds.append(json.loads(gold_path.read_text(encoding="utf-8")))
    scores = Scores()
    for record, gold in zip(extract_articles(articles, nlp=nlp), golds):
        pred = record.model_dump(mode="json")
        scores.details[record.id] = score_article(pred, gold, scores)
    return scores


def format_scores(scores: Scores, verbose: bool = False) -> str:
    """A table for a person."""
    lines = [f"{'layer':<14}{'P':>8}{'R':>8}{'F1':>8}{'tp':>7}{'pred':>7}{'gold':>7}"]
    for name, t in scores.layers.items():
        lines.append(f"{name:<14}{t.precision:>8.3f}{t.recall:>8.3f}{t.f1:>8.3f}{t.tp:>7}{t.predicted:>7}{t.gold:>7}")
    for label, ratio in (("as_of acc", scores.as_of), ("position acc", scores.position)):
        v = ratio.value
        lines.append(f"{label:<14}{'-' if v is None else f'{v:.3f}':>8}  ({ratio.right}/{ratio.total})")
    lines.append(f"articles: {scores.articles}")
    if verbose:
        for art_id, detail in scores.details.items():
            for layer, d in detail.items():
                for what, items in d.items():
                    if items:
                        lines.append(f"  {art_id} {layer} {what}: {items}")
    return "\n".join(lines)
