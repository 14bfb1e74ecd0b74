"""Shared fixtures: valid persona and article files written into a temporary content folder."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

REGION = "us-east-1"


def persona_data(pid: str, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "$schema": "./persona.schema.json",
        "id": pid,
        "display_name": pid.title(),
        "voice": {"voice_id": "Joanna", "engine": "neural", "language": "en-US"},
        "prosody": {"rate": "medium", "pitch": "medium", "volume": "medium"},
        "greeting": f"Hi, this is {pid.title()} from headset support.",
        "farewell": "Glad that's sorted. Bye for now!",
        "tone": "Warm and brisk",
        "style_notes": ["Short sentences"],
        "prompt_addendum": "Speak plainly.",
        "phrases": {
            "acknowledge": ["Got it."],
            "hold": ["One moment."],
            "delay_apology": ["Bear with me."],
            "escalate": ["Let me get you a colleague."],
            "not_understood": ["Sorry, say that again?"],
            "out_of_scope": ["I can only help with headsets."],
            "check_step": ["Did that help?"],
            "steps_exhausted": ["I'm out of ideas; let me get a person."],
        },
    }
    data.update(overrides)
    return data


def write_persona(folder: Path, pid: str, **overrides: Any) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{pid}.json"
    path.write_text(json.dumps(persona_data(pid, **overrides), indent=2), encoding="utf-8")
    return path


ARTICLE = """---
id: {id}
title: {title}
category: {category}
problems: [not-detected]
symptoms:
  - my headset isn't showing up
  - computer doesn't see the headset
devices:
  - Any USB-A or USB-C wired headset
escalate_when:
  - The headset is not detected on a second computer either
last_reviewed: 2026-01-20
sources:
  - title: Microsoft Support - Fix sound problems
    url: https://support.microsoft.com/en-us/windows/fix-sound-or-audio-problems-in-windows-73025246
---
# {title}

Why it happens.

## Steps
1. [check] Unplug the headset and plug it into another port.
   - caution: live-call
2. [check] Restart the computer.
   - caution: live-call
"""


def write_article(root: Path, folder_name: str, slug: str, **fields: str) -> Path:
    """content/knowledge-base/<folder_name>/<slug>.md; front matter overridable via `fields`."""
    folder = root / folder_name
    folder.mkdir(parents=True, exist_ok=True)
    values = {"id": slug, "title": f"Article about {slug}", "category": folder_name} | fields
    path = folder / f"{slug}.md"
    path.write_text(ARTICLE.format(**values), encoding="utf-8")
    return path


def problem_line(err: str, file: str) -> str:
    """The one line of an error listing that names `file` (the content checks' wording may vary)."""
    lines = [line for line in err.splitlines() if f"/{file}:" in line]
    assert len(lines) == 1, f"expected one problem for {file} in:\n{err}"
    return lines[0]


@pytest.fixture
def aws_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fake credentials and a region so nothing can reach a real account."""
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_REGION": REGION,
        "AWS_DEFAULT_REGION": REGION,
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    yield
