"""Sample events (AWS-published and our own) as JSON files; see README.md for sources."""

from __future__ import annotations

import copy
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

EVENTS_DIR = Path(__file__).resolve().parent


@lru_cache(maxsize=64)
def _read(name: str) -> dict[str, Any]:
    path = EVENTS_DIR / f"{name}.json"
    if not path.is_file():
        known = sorted(p.stem for p in EVENTS_DIR.glob("*.json"))
        raise FileNotFoundError(f"no sample event {name!r} in {EVENTS_DIR.name}/; known: {known}")
    event: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return event


def load_event(name: str) -> dict[str, Any]:
    """A fresh copy of tests/events/<name>.json (tests may change it freely)."""
    return copy.deepcopy(_read(name))


def event_names() -> list[str]:
    return sorted(p.stem for p in EVENTS_DIR.glob("*.json"))
