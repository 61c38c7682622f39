"""``extractor calc FILE.jsonl``: the coverage calculators over records written by ``extractor extract``."""

from __future__ import annotations

import json
import sys
from pathlib import Path


def register(sub) -> dict:
    calc = sub.add_parser(
        "calc", help="run the coverage calculators over extracted records",
        description="Re-run the coverage calculators over records (JSON Lines from `extractor extract`, or - for "
                    "stdin): a table per region for a person, and the results as JSON.")
    calc.add_argument("records", metavar="FILE.jsonl", help="records from `extractor extract`, or -")
    calc.add_argument("-o", "--output", type=Path, help="write the results as JSON Lines here (atomically)")
    calc.add_argument("--json", action="store_true", help="print the results as JSON Lines instead of tables")
    calc.add_argument("--uhc-threshold", type=float, action="append", metavar="PERCENT",
                      help="UHC threshold(s) in percent (default 95 and 98; repeat for several)")
    calc.add_argument("--doctor-ratio", type=float, default=None, metavar="N",
                      help="target persons per doctor where the article gives none (default 5000)")
    return {"calc": run}


def run(args) -> int:
    from ..cli import UsageError, write_records
    from ..records import Record
    from . import DEFAULT_DOCTOR_RATIO, DEFAULT_UHC_THRESHOLDS, calculate

    thresholds = tuple(args.uhc_threshold) if args.uhc_threshold else DEFAULT_UHC_THRESHOLDS
    if any(not 0 < t <= 100 for t in thresholds):
        raise UsageError("--uhc-threshold takes a percentage between 0 and 100")
    ratio = args.doctor_ratio or DEFAULT_DOCTOR_RATIO
    if ratio <= 0:
        raise UsageError("--doctor-ratio must be positive")
    try:
        lines = (sys.stdin.read() if args.records == "-" else Path(args.records).read_text(encoding="utf-8")).splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise UsageError(f"{args.records}: cannot read ({err.__class__.__name__})") from None
    records = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            records.append(Record.model_validate_json(line))
        except ValueError:
            raise UsageError(f"{args.records}:{number}: not a record from `extractor extract`") from None
    if not records:
        raise UsageError(f"{args.records}: no records")
    updated = []
    for record in records:
        calculations = calculate(record.observations, record.quantities, record.published, thresholds, ratio,
                                 regions=record.regions)
        updated.append(record.model_copy(update={"calculations": calculations}))
    if args.output:
        write_records(updated, args.output, "jsonl")
    if args.json:
        for record in updated:
            print(json.dumps({"id": record.id, "calculations": [c.model_dump(mode="json") for c in record.calculations]},
                             ensure_ascii=False))
    elif not args.output or sys.stdout.isatty():
        for record in updated:
            print(format_calculations(record))
    return 0


def format_calculations(record) -> str:
    """One block per article, calculations grouped by region, inconsistencies first."""
    from ..regions.gazetteer import region as region_info

    lines = [f"== {record.id}" + (f"  ({record.source})" if record.source else "")]
    if not record.calculations:
        lines.append("   no calculation: the article states no figures that combine")
        return "\n".join(lines)
    by_region: dict = {}
    for c in record.calculations:
        by_region.setdefault(c.region, []).append(c)
    order = {"inconsistent": 0, "consistent": 1, "derived": 2}
    for code, calcs in by_region.items():
        info = region_info(code) if code and code != "ID" else None
        name = "Indonesia" if code == "ID" else (info.name if info else "?")
        lines.append(f"   {code or '-'}  {name}")
        for c in sorted(calcs, key=lambda c: order[c.status]):
            flag = "!!" if c.status == "inconsistent" else "  "
            lines.append(f"    {flag} {c.name:<26} {c.status:<12} {c.explanation}")
    return "\n".join(lines)
