"""Shared fixtures: the project's own corpus, and the shared dev set when it sits beside the repo."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"
DEV = SHARED / "corpus" / "dev"
INGEST_FIXTURES = ROOT / "tests" / "fixtures" / "ingest"
# Network options that keep the ingest and watch tests fast: short timeouts, no retries, no politeness delay.
FAST_NET_OPTIONS = ["--timeout", "1", "--retries", "0", "--delay", "0", "--backoff", "0.05"]


def _load_fixture_server():
    """The local test server for feeds and pages (tests/fixtures/ingest/server.py), loaded once."""
    spec = importlib.util.spec_from_file_location("ingest_fixture_server", INGEST_FIXTURES / "server.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.FixtureServer


FixtureServer = _load_fixture_server()


def read_jsonl(path: Path) -> list[dict]:
    """The rows of a JSON Lines file."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def nlp():
    """The full pipeline, loaded once for the test session."""
    import extractor

    return extractor.load()


@pytest.fixture(scope="session")
def dev_dir() -> Path:
    """The shared dev set; tests using it skip where it is absent (a user's clone has none)."""
    if not (DEV / "gold").is_dir():
        pytest.skip(f"shared dev set not found at {DEV} (it sits beside the repo only on the team's machines)")
    return DEV


@pytest.fixture(scope="session")
def dev_scores(dev_dir, nlp):
    """Scores of the whole pipeline on the shared dev set, computed once."""
    from extractor.evaluate import evaluate_dir

    return evaluate_dir(dev_dir, nlp=nlp)


@pytest.fixture(scope="session")
def corpus_scores(nlp):
    """Scores of the whole pipeline on the project's own annotated articles."""
    from extractor.evaluate import evaluate_dir

    return evaluate_dir(CORPUS, nlp=nlp)
