"""``extractor bench [DIR]``: how fast extraction is, next to the floor of any spaCy pipeline.

On the same articles, in one run, it measures (a) spaCy's bare ``spacy.blank("id")`` tokenizer and
(b) the full extraction (text to record, ``extract_articles``), each in a fresh Python process so that
neither phase's memory counts for the other: articles per second, tokens per second (the bare
tokenizer's tokens) and peak memory (the process's maximum resident set). It prints the ratio of
(b)'s articles per second to (a)'s. With ``--processes N`` it also measures ``nlp.pipe`` of the
full pipeline over 1 and over N processes.

Each phase loads its pipeline, runs over all the articles once to warm up, then takes the fastest
of ``--repeat`` rounds. Nothing heavy is imported here: the phases import spaCy in their own process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

PHASES = ("tokenizer", "extraction")


def register(sub) -> dict:
    bench = sub.add_parser(
        "bench", help="measure extraction speed against the bare spaCy tokenizer",
        description="Measure articles/s, tokens/s and peak memory of spaCy's bare tokenizer "
                    "(spacy.blank('id')) and of the full extraction on the same articles, each in a fresh "
                    "process, and print their ratio. DIR holds *.txt articles (or articles/*.txt, with "
                    "index.jsonl giving their published dates); default: the corpus/ articles.")
    bench.add_argument("directory", nargs="?", type=Path, metavar="DIR",
                       help="folder of articles (default: corpus/)")
    bench.add_argument("--repeat", type=int, default=3, metavar="N",
                       help="timed rounds per phase; the fastest counts (default 3)")
    bench.add_argument("--processes", type=int, default=None, metavar="N",
                       help="also measure nlp.pipe of the full pipeline over 1 and N processes")
    bench.add_argument("--json", action="store_true", help="print the figures as JSON")
    return {"bench": run}


def run(args) -> int:
    from .cli import UsageError

    if args.repeat < 1:
        raise UsageError("--repeat must be 1 or more")
    if args.processes is not None and args.processes < 2:
        raise UsageError("--processes must be 2 or more")
    directory = args.directory or default_directory()
    paths, published = find_articles(directory)
    spec = {"paths": [str(p) for p in paths], "published": published, "repeat": args.repeat}
    results = {phase: run_phase(phase, spec) for phase in PHASES}
    results["cold_start"] = cold_start(paths[0], args.repeat)
    if args.processes:
        results["pipe"] = run_phase("pipe", dict(spec, processes=args.processes))
    report = summarize(directory, results, args.repeat)
    if args.json:
        print(json.dumps(report, indent=1))
    else:
        print(format_report(report))
    return 0


def default_directory() -> Path:
    """``corpus/`` in the working directory, else the one beside the package (a source checkout)."""
    from .cli import UsageError

    for candidate in (Path("corpus"), Path(__file__).resolve().parents[1] / "corpus"):
        if candidate.is_dir():
            return candidate
    raise UsageError("no corpus/ folder here; give the folder of articles to measure")


def find_articles(directory: Path) -> tuple[list[Path], dict[str, str]]:
    """The articles of DIR (``*.txt``, or ``articles/*.txt``) and their dates from ``index.jsonl``."""
    from .cli import UsageError

    if not directory.is_dir():
        raise UsageError(f"{directory}: no such folder")
    folder = directory / "articles" if (directory / "articles").is_dir() else directory
    paths = sorted(folder.glob("*.txt"))
    if not paths:
        raise UsageError(f"{folder}: no .txt articles")
    published: dict[str, str] = {}
    for index in (directory / "index.jsonl", folder / "index.jsonl"):
        if index.is_file():
            for line in index.read_text(encoding="utf-8").splitlines():
                try:
                    item = json.loads(line)
                except ValueError:
                    continue
                if isinstance(item, dict) and item.get("id") and item.get("published"):
                    published[str(item["id"])] = str(item["published"])
            break
    return paths, published


def run_phase(phase: str, spec: dict) -> dict:
    """Run one phase in a fresh Python process; its figures as a dict."""
    from .cli import UsageError

    root = str(Path(__file__).resolve().parents[1])
    env = dict(os.environ, PYTHONPATH=root + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.run([sys.executable, "-m", "extractor.bench", phase], input=json.dumps(spec),
                          capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["no message"])[-1]
        raise UsageError(f"the {phase} phase failed: {last}")
    return json.loads(proc.stdout)


def cold_start(article: Path, repeat: int) -> dict:
    """Wall seconds, fastest of ``repeat``, of ``extractor extract ARTICLE`` and ``extractor --help`` in new processes."""
    from .cli import UsageError

    root = str(Path(__file__).resolve().parents[1])
    env = dict(os.environ, PYTHONPATH=root + os.pathsep + os.environ.get("PYTHONPATH", ""))
    figures = {"article": str(article)}
    for key, args in (("extract_one_s", ["extract", str(article)]), ("help_s", ["--help"])):
        best = float("inf")
        for _ in range(repeat):
            start = time.perf_counter()
            proc = subprocess.run([sys.executable, "-m", "extractor", *args], capture_output=True, env=env)
            best = min(best, time.perf_counter() - start)
            if proc.returncode != 0:
                last = (proc.stderr.decode("utf-8", "replace").strip().splitlines() or ["no message"])[-1]
                raise UsageError(f"extractor {' '.join(args)} failed: {last}")
        figures[key] = round(best, 3)
    return figures


def summarize(directory: Path, results: dict, repeat: int) -> dict:
    tokenizer, extraction = results["tokenizer"], results["extraction"]
    articles, tokens = tokenizer["articles"], tokenizer["tokens"]

    def figures(phase: dict) -> dict:
        seconds = phase["seconds"]
        return {"seconds": seconds,
                "articles_per_s": round(articles / seconds, 1),
                "tokens_per_s": round(tokens / seconds),
                "peak_mb": round(phase["peak_kb"] / 1024, 1)}

    report = {
        "directory": str(directory),
        "articles": articles,
        "characters": tokenizer["characters"],
        "tokens": tokens,
        "repeat": repeat,
        "cpus": os.cpu_count(),
        "tokenizer": figures(tokenizer),
        "extraction": figures(extraction),
        "ratio": round(tokenizer["seconds"] / extraction["seconds"], 4),
        "cold_start": results["cold_start"],
    }
    if "pipe" in results:
        pipe = results["pipe"]
        one, many = pipe["seconds_1"], pipe["seconds_n"]
        report["pipe"] = {
            "processes": pipe["processes"],
            "articles": pipe["articles"],
            "articles_per_s_1": round(pipe["articles"] / one, 1),
            "articles_per_s_n": round(pipe["articles"] / many, 1),
            "speedup": round(one / many, 3),
            "peak_mb": round(pipe["peak_kb"] / 1024, 1),
            "peak_mb_worker": round(pipe["peak_kb_children"] / 1024, 1),
        }
    return report


def format_report(report: dict) -> str:
    lines = [f"{report['articles']} articles, {report['characters']:,} characters, {report['tokens']:,} tokens "
             f"({report['directory']}); fastest of {report['repeat']} round(s); {report['cpus']} CPUs",
             "",
             f"{'phase':<38}{'articles/s':>12}{'tokens/s':>12}{'peak MB':>10}"]
    for key, label in (("tokenizer", "(a) tokenizer: spacy.blank('id')"), ("extraction", "(b) full extraction")):
        f = report[key]
        lines.append(f"{label:<38}{f['articles_per_s']:>12,.1f}{f['tokens_per_s']:>12,}{f['peak_mb']:>10,.0f}")
    lines.append(f"{'ratio b/a (articles/s)':<38}{report['ratio']:>12.3f}")
    cold = report["cold_start"]
    lines += ["",
              f"cold start, new process: extractor extract {Path(cold['article']).name}  {cold['extract_one_s']:.2f} s;"
              f"  extractor --help  {cold['help_s']:.2f} s"]
    if "pipe" in report:
        p = report["pipe"]
        lines += ["",
                  f"nlp.pipe of the full pipeline, {p['articles']} articles (each doc is sent back from its "
                  f"worker with Doc.to_bytes):",
                  f"  1 process    {p['articles_per_s_1']:>10,.1f} articles/s",
                  f"  {p['processes']} processes {p['articles_per_s_n']:>10,.1f} articles/s   "
                  f"speed-up {p['speedup']:.2f}x   peak MB {p['peak_mb']:,.0f} (+ {p['peak_mb_worker']:,.0f} per worker)"]
    return "\n".join(lines)


# --- the phases, each run in its own process (python -m extractor.bench PHASE < spec) -------------------


def _peak_kb(who=None) -> int:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF if who is None else who).ru_maxrss


def _read(spec: dict) -> list[tuple[str, str, str | None]]:
    """(id, text, published) of every article of the spec."""
    out = []
    for name in spec["paths"]:
        path = Path(name)
        out.append((path.stem, path.read_text(encoding="utf-8", errors="replace"), spec["published"].get(path.stem)))
    return out


def _fastest(repeat: int, round_) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        round_()
        best = min(best, time.perf_counter() - start)
    return best


def phase_tokenizer(spec: dict) -> dict:
    import spacy

    articles = _read(spec)
    texts = [text for _, text, _ in articles]
    nlp = spacy.blank("id")
    tokens = sum(len(doc) for doc in nlp.pipe(texts))  # warm-up, and the token count

    def round_():
        for _ in nlp.pipe(texts):
            pass

    seconds = _fastest(spec["repeat"], round_)
    return {"articles": len(texts), "characters": sum(map(len, texts)), "tokens": tokens,
            "seconds": seconds, "peak_kb": _peak_kb()}


def _articles(items: list[tuple[str, str, str | None]]):
    from .pipeline import Article

    return [Article(text=text, id=id_, published=published, published_source="caller" if published else None)
            for id_, text, published in items]


def phase_extraction(spec: dict) -> dict:
    from .pipeline import extract_articles, load
    from .textscan import clear_caches

    nlp = load()
    items = _read(spec)
    for _ in extract_articles(_articles(items), nlp=nlp):  # warm-up
        pass

    def round_():
        clear_caches()  # each round starts without the results kept per text
        for _ in extract_articles(_articles(items), nlp=nlp):
            pass

    seconds = _fastest(spec["repeat"], round_)
    return {"articles": len(items), "seconds": seconds, "peak_kb": _peak_kb()}


def phase_pipe(spec: dict) -> dict:
    """nlp.pipe of the full pipeline (records built from the docs) over 1 and over N processes.

    One stream of the articles ``repeat`` times, so that starting the processes is paid once; each
    repetition's texts get a trailing blank more so that no result kept per text is reused.
    """
    from .pipeline import CHUNK_CHARS, Article, _make_doc, build_record, load
    from .textscan import clear_caches

    nlp = load()
    articles = [a for a in _articles(_read(spec)) if len(a.text) <= CHUNK_CHARS]
    stream = [Article(text=a.text + " " * r, id=a.id, published=a.published, published_source=a.published_source)
              for r in range(spec["repeat"]) for a in articles]
    for _ in nlp.pipe(_make_doc(nlp, a.text, a.published, a.published_source) for a in articles):  # warm-up
        pass

    def timed(processes: int) -> float:
        clear_caches()
        start = time.perf_counter()
        docs = (_make_doc(nlp, a.text, a.published, a.published_source) for a in stream)
        for article, doc in zip(stream, nlp.pipe(docs, batch_size=16, n_process=processes)):
            build_record(article, [(0, doc)])
        return time.perf_counter() - start

    import resource

    one = timed(1)
    many = timed(spec["processes"])
    return {"processes": spec["processes"], "articles": len(stream), "seconds_1": one, "seconds_n": many,
            "peak_kb": _peak_kb(), "peak_kb_children": _peak_kb(resource.RUSAGE_CHILDREN)}


def _phase_main(argv: list[str]) -> int:
    phase = {"tokenizer": phase_tokenizer, "extraction": phase_extraction, "pipe": phase_pipe}[argv[0]]
    print(json.dumps(phase(json.load(sys.stdin))))
    return 0


if __name__ == "__main__":
    raise SystemExit(_phase_main(sys.argv[1:]))
