"""Shared fixtures: the project's own corpus, and the shared dev set when it sits beside the repo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"
DEV = SHARED / "corpus" / "dev"


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
