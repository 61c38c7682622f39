"""Is an article about JKN / BPJS Kesehatan? A vocabulary of strong and weak terms (``relevance.json``)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import regex

DEFAULT_VOCABULARY = Path(__file__).with_name("relevance.json")


class VocabularyError(Exception):
    """A vocabulary file that cannot be used; the message is one line."""


@dataclass
class Relevance:
    """Decides relevance from term matches; ``why`` tells which terms decided."""

    strong: list[regex.Pattern]
    weak: list[regex.Pattern]
    min_strong: int = 1
    min_weak: int = 3

    @classmethod
    def load(cls, path: Optional[Path] = None) -> "Relevance":
        path = Path(path) if path else DEFAULT_VOCABULARY
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            strong = [_term(t) for t in data.get("strong", [])]
            weak = [_term(t) for t in data.get("weak", [])]
            min_strong, min_weak = int(data.get("min_strong", 1)), int(data.get("min_weak", 3))
        except OSError as err:
            raise VocabularyError(f"{path}: cannot read vocabulary ({err.strerror or err})") from None
        except (ValueError, TypeError, AttributeError, regex.error) as err:
            raise VocabularyError(f"{path}: bad vocabulary ({str(err).splitlines()[0]})") from None
        if not strong and not weak:
            raise VocabularyError(f"{path}: the vocabulary has no 'strong' or 'weak' terms")
        return cls(strong, weak, max(min_strong, 1), max(min_weak, 1))

    def why(self, text: str) -> Optional[str]:
        """The terms that make the text relevant, or None when it is not."""
        strong = [m.group(0) for p in self.strong if (m := p.search(text))]
        if self.strong and len(strong) >= self.min_strong:
            return ", ".join(strong[:3])
        weak = [m.group(0) for p in self.weak if (m := p.search(text))]
        if self.weak and len(weak) >= self.min_weak:
            return ", ".join(weak[:5])
        return None

    def __call__(self, text: str) -> bool:
        return self.why(text) is not None


def _term(pattern: str) -> regex.Pattern:
    if not isinstance(pattern, str) or not pattern.strip():
        raise ValueError(f"term {pattern!r} is not a non-empty string")
    return regex.compile(rf"(?i)(?<!\w){pattern}(?!\w)")
