"""The quantity layer's word lists (``rules.json``), loaded once."""

import json
from pathlib import Path

RULES: dict = json.loads((Path(__file__).with_name("rules.json")).read_text(encoding="utf-8"))
