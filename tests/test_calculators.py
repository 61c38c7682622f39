"""Every calculator on figures that can be checked by hand, including the inconsistent cases."""

from __future__ import annotations

import math

import pytest

from extractor.calculators import (Article, active_rates, calculate, coverage_rates, cost_per_use,
                                   daily_against_annual, doctor_gap, participants_from_rate,
                                   reference_coverage, segments_within_total, uhc_status, uninsured)
from extractor.calculators.population import reference_population
from extractor.calculators.precision import half_unit, interval
from extractor.records import Observation, Quantity


def build(*figures):
    """Observations and their quantities from (metric, written text, value, region, extra) tuples."""
    observations, quantities, pos = [], [], 0
    for metric, text, value, region, *extra in figures:
        options = extra[0] if extra else {}
        unit = "percent" if metric.endswith("_rate") else "idr" if metric in ("spending", "premium") else "count"
        quantities.append(Quantity(text=text, start=pos, end=pos + len(text), value=value, unit=unit,
                                   qualifier=options.get("qualifier", "exact")))
        observations.append(Observation(metric=metric, value=value, region=region, start=pos, end=pos + len(text),
                                        as_of=options.get("as_of"), kind=options.get("kind", "actual"),
                                        qualifier=options.get("qualifier", "exact"), segment=options.get("segment")))
        pos += len(text) + 10
    return observations, quantities


def article(*figures):
    return Article(*build(*figures))


@pytest.mark.parametrize("text, value, half", [
    ("2,1 juta", 2_100_000, 50_000), ("77,5%", 77.5, 0.05), ("4.248.807", 4_248_807, 0.5),
    ("sembilan", 9, 0.0), ("Rp 1,053 triliun", 1_053_000_000_000, 500_000_000), ("80 persen", 80, 0.5),
])
def test_written_precision(text, value, half):
    assert half_unit(text, value) == pytest.approx(half)


def test_intervals_open_with_qualifiers():
    assert interval(1_400_000, "1,4 juta", "more_than").high == math.inf
    assert interval(98, "98 persen", "at_most").low == -math.inf
    approx = interval(805_000, "805 ribuan", "approx")
    assert approx.low == pytest.approx(805_000 - 8_050)


def test_coverage_consistent_when_the_rate_matches_the_counts():
    # 4.248.807 / 5.482.046 = 77,504% -> "77,5%" holds
    (c,) = coverage_rates(article(("participants", "4.248.807", 4248807, "61"), ("population", "5.482.046", 5482046, "61"),
                                  ("coverage_rate", "77,5%", 77.5, "61")))
    assert c.status == "consistent" and c.value == pytest.approx(77.504, abs=1e-3)
    assert c.inputs == [0, 1, 2]


def test_coverage_inconsistent_when_the_counts_contradict_the_rate():
    # 4.653.771 / 5.426.418 = 85,76%, but the article says 76 persen
    (c,) = coverage_rates(article(("participants", "4.653.771", 4653771, "53"), ("population", "5.426.418", 5426418, "53"),
                                  ("coverage_rate", "76 persen", 76, "53")))
    assert c.status == "inconsistent" and "85,76%" in c.explanation


def test_rounded_counts_are_not_flagged():
    # 2,1 juta / 2,2 juta is anything from 91% to 100%: "sekitar 96,30 persen" is consistent
    (c,) = coverage_rates(article(("participants", "2,1 juta", 2_100_000, "21"), ("population", "2,2 juta", 2_200_000, "21"),
                                  ("coverage_rate", "96,30 persen", 96.3, "21", {"qualifier": "approx"})))
    assert c.status == "consistent"


def test_a_cut_rate_is_not_flagged():
    # 1.245.504 / 1.260.785 = 98,79%, written "98 persen"
    (c,) = coverage_rates(article(("participants", "1.245.504", 1245504, "21.71"),
                                  ("population", "1.260.785", 1260785, "21.71"), ("coverage_rate", "98 persen", 98, "21.71")))
    assert c.status == "consistent"


def test_coverage_derived_without_a_stated_rate_and_regions_kept_apart():
    calcs = coverage_rates(article(("participants", "498.549", 498549, "61.71"), ("population", "673.129", 673129, "61.71"),
                                   ("population", "5.482.046", 5482046, "61")))
    (c,) = calcs
    assert c.status == "derived" and c.region == "61.71" and c.value == pytest.approx(74.0644, abs=1e-3)


def test_pairs_respect_dates():
    calcs = coverage_rates(article(("participants", "3.000.000", 3_000_000, "11", {"as_of": "2019"}),
                                   ("population", "5.000.000", 5_000_000, "11", {"as_of": "2020"})))
    assert calcs == []


def test_uninsured_checked_and_derived():
    (bad,) = uninsured(article(("participants", "4.946.812", 4946812, "13"), ("population", "5.642.143", 5642143, "13"),
                               ("uninsured", "677.331", 677331, "13")))
    assert bad.status == "inconsistent" and bad.value == 695331
    (good,) = uninsured(article(("participants", "1.785.306", 1785306, "81"), ("population", "1.886.735", 1886735, "81"),
                                ("uninsured", "101.429", 101429, "81")))
    assert good.status == "consistent"
    (derived,) = uninsured(article(("population", "1.000.000", 1_000_000, "32"), ("coverage_rate", "90 persen", 90, "32")))
    assert derived.status == "derived" and derived.value == 100000 and "1 - " in derived.formula


def test_participants_from_population_and_rate():
    (c,) = participants_from_rate(article(("population", "8.947.498", 8947498, "18"), ("coverage_rate", "90,04 persen", 90.04, "18")))
    assert c.status == "derived" and c.value == round(8947498 * 0.9004)


def test_active_rate_against_participants_or_population():
    # 12.555.579 / 15.640.905 = 80,27% (of the population, as the article says)
    (ok,) = active_rates(article(("active_participants", "12.555.579", 12555579, "12"),
                                 ("participants", "15.672.374", 15672374, "12"),
                                 ("population", "15.640.905", 15640905, "12"), ("active_rate", "80,27 persen", 80.27, "12")))
    assert ok.status == "consistent" and "population" in ok.formula
    (bad,) = active_rates(article(("active_participants", "2.500.000", 2_500_000, "15"),
                                  ("participants", "3.400.000", 3_400_000, "15"), ("active_rate", "95 persen", 95, "15")))
    assert bad.status == "inconsistent"


def test_daily_against_annual():
    # 392,8 juta in 2021 / 365 = 1.076.164 per day: "1.076.232 per hari" is within 392,8's precision
    (ok,) = daily_against_annual(article(("utilization", "392,8 juta", 392_800_000, "ID", {"as_of": "2021"}),
                                         ("utilization_daily", "1.076.232", 1076232, "ID")))
    assert ok.status == "consistent" and "/ 365" in ok.formula
    (bad,) = daily_against_annual(article(("utilization", "392.800.000", 392_800_000, "ID", {"as_of": "2020"}),
                                          ("utilization_daily", "2.000.000", 2_000_000, "ID")))
    assert bad.status == "inconsistent" and "/ 366" in bad.formula
    (derived,) = daily_against_annual(article(("utilization", "365.000", 365000, "63", {"as_of": "2023"})))
    assert derived.status == "derived" and derived.value == 1000


def test_segment_cannot_exceed_its_total():
    calcs = segments_within_total(article(("participants", "1.000.000", 1_000_000, "81"),
                                          ("participants", "400.000", 400_000, "81", {"segment": "pbi"}),
                                          ("participants", "1.200.000", 1_200_000, "81", {"segment": "ppu"})))
    assert [c.status for c in calcs] == ["consistent", "inconsistent"]
    assert calcs[0].value == pytest.approx(40.0)


def test_uhc_status_and_gap_in_people():
    calcs = uhc_status(article(("participants", "900.000", 900_000, "18"), ("population", "1.000.000", 1_000_000, "18")),
                       thresholds=(95.0, 98.0))
    assert [c.name for c in calcs] == ["uhc_95", "uhc_98"]
    assert [c.value for c in calcs] == [50000, 80000]
    assert "not UHC" in calcs[0].explanation
    met = uhc_status(article(("coverage_rate", "99,1 persen", 99.1, "51.04")), thresholds=(95.0,))
    assert met[0].value is None and "UHC" in met[0].explanation and "not" not in met[0].explanation


def test_doctor_gap_with_the_articles_target_or_the_default():
    # 800.000 participants at 1:7000 = 114 doctors; 1:5000 needs 160
    (c,) = doctor_gap(article(("doctor_ratio", "1:7000", 7000, "31.71"), ("doctor_ratio", "1:5000", 5000, "31.71", {"kind": "target"}),
                              ("participants", "800.000", 800_000, "31.71")))
    assert c.value == 46
    (d,) = doctor_gap(article(("doctor_ratio", "1:10.000", 10000, "93.01"), ("participants", "100.000", 100_000, "93.01")),
                      default_ratio=4000)
    assert d.value == 15  # 25 needed at 1:4000, 10 now


def test_cost_per_use():
    (c,) = cost_per_use(article(("spending", "Rp 592.339.221.949,-", 592339221949, "61"), ("utilization", "553.367", 553367, "61")))
    assert c.value == round(592339221949 / 553367) and c.unit == "idr per use"


def test_reference_population_names_its_source_and_never_uses_pre_split_papua():
    ref = reference_population("63.71")
    assert ref.figure == "Dukcapil DKB semester" and ref.reference_date == "2024-12-31"
    assert reference_population("91", "2020-09").figure != "BPS census (SP2020)"
    assert reference_population("12", "2020-09").figure == "BPS census (SP2020)"
    (c,) = reference_coverage(article(("participants", "600.000", 600_000, "63.71")))
    assert c.status == "derived" and "Dukcapil" in c.explanation and "2024-12-31" in c.explanation
    assert reference_coverage(article(("participants", "1", 1, "99.99"))) == []


def test_calculate_runs_everything_and_records_validate():
    observations, quantities = build(("participants", "4.248.807", 4248807, "61"), ("population", "5.482.046", 5482046, "61"),
                                     ("coverage_rate", "77,5%", 77.5, "61"))
    names = {c.name for c in calculate(observations, quantities)}
    assert {"coverage_rate_check", "uninsured", "uhc_95", "uhc_98"} <= names


def test_dev_set_flags_exactly_the_contradicted_figures(dev_dir, nlp):
    """The dev articles whose own counts contradict a stated figure (r025, r054) and nothing else."""
    import json

    from extractor.pipeline import Article as Input, extract_articles

    index = {json.loads(l)["id"]: json.loads(l) for l in (dev_dir / "index.jsonl").read_text().splitlines() if l.strip()}
    inputs = [Input(text=p.read_text(encoding="utf-8"), id=p.stem, published=index.get(p.stem, {}).get("published"))
              for p in sorted((dev_dir / "articles").glob("*.txt"))]
    flagged = sorted((r.id, c.name) for r in extract_articles(inputs, nlp=nlp) for c in r.calculations
                     if c.status == "inconsistent")
    assert flagged == [("r025", "coverage_rate_check"), ("r025", "uninsured_check"),
                       ("r054", "coverage_rate_check"), ("r054", "uninsured_check")]


def test_counts_far_apart_or_only_defaulted_to_the_region_are_not_combined():
    from extractor.records import RegionMention

    observations, quantities = build(("participants", "8,5 juta", 8_500_000, "72"),
                                     ("population", "3,2 juta", 3_200_000, "72"))
    far = [o.model_copy(update={"start": o.start + i * 600, "end": o.end + i * 600}) for i, o in enumerate(observations)]
    assert coverage_rates(Article(far)) == []  # 600 characters apart: two statements, not one
    observations, quantities = build(("participants", "8,5 juta", 8_500_000, "72"),
                                     ("population", "8,38 juta", 8_380_000, "72"),
                                     ("coverage_rate", "100,3 persen", 100.3, "72"))
    rate = observations[2].model_copy(update={"start": 900, "end": 912})
    mention = RegionMention(text="Sulawesi Tengah", start=880, end=895, code="72", name="Sulawesi Tengah", level="province")
    # the rate names its province; the counts got it only by default: no check
    assert coverage_rates(Article(observations[:2] + [rate], regions=[mention])) == []
    assert coverage_rates(Article(observations[:2] + [rate]))[0].status == "inconsistent"


def test_a_group_of_segments_is_not_taken_for_the_total():
    # PBI 106 juta, non-PBI 65 juta (no segment of ours), then PBI APBN 91 juta: no contradiction
    observations, quantities = build(("participants", "106.514.567", 106514567, "ID", {"segment": "pbi"}),
                                     ("participants", "65.424.687", 65424687, "ID"),
                                     ("participants", "91.099.279", 91099279, "ID", {"segment": "pbi"}))
    assert [c for c in segments_within_total(Article(observations, quantities)) if c.status == "inconsistent"] == []
    # a real breakdown after its total is still checked
    observations, quantities = build(("participants", "1.000.000", 1_000_000, "81"),
                                     ("participants", "1.200.000", 1_200_000, "81", {"segment": "pbi"}))
    assert segments_within_total(Article(observations, quantities))[0].status == "inconsistent"


def test_written_precision_reads_ascii_figures_like_the_general_path():
    """A figure's written precision has a fast path for ASCII texts; it must read every numeral as
    parse_digits does (a non-ASCII blank appended sends the same figure down the general path)."""
    import random

    from extractor.calculators.precision import _written_figure

    rng = random.Random(11)
    words = ["", " juta", " ribu", " persen", "%", " jiwa", " miliar"]
    figures = ["2,510.30", "259,217", "259,217 juta", "4,048 persen", "1.076.232,5", "8,157,582", "0,00"]
    for _ in range(3000):
        digits = "".join(rng.choice("0123456789.,") if i else rng.choice("123456789") for i in range(rng.randint(1, 12)))
        figures.append(rng.choice(["", "Rp ", "sebanyak "]) + digits + rng.choice(words))
    for figure in figures:
        assert _written_figure(figure) == _written_figure(figure + "\u00a0"), figure
