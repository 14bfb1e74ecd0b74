"""Validate every persona file with the content checks; every problem is reported at once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from runtime.persona.files import parse_persona
from tools.content import check_persona_files
from tools.errors import ContentError

if TYPE_CHECKING:
    from pathlib import Path

    from runtime.persona.types import Persona


def persona_files(folder: Path) -> list[Path]:
    return [f for f in sorted(folder.glob("*.json")) if not f.name.endswith(".schema.json")]


def validate_personas(folder: Path) -> dict[str, Persona]:
    """Every persona in `folder` by id; raises ContentError listing every problem found.

    The checks are tools.content.checks.check_persona_files (what `content check` runs), so
    authors and deploys see the same messages. Folders other than content/personas (tests,
    a subset) need not hold the three required personas or the schema file.
    """
    if not folder.is_dir():
        raise ContentError(
            f"persona folder {folder} does not exist",
            [],
            "pass --personas pointing at content/personas",
        )
    problems = [str(p) for p in check_persona_files(folder)]
    files = persona_files(folder)
    if not files:
        problems.append(f"{folder}: no persona files (*.json). Fix: add at least one persona")
    if problems:
        raise ContentError(f"{len(problems)} problem(s) in persona files", problems)
    personas: dict[str, Persona] = {}
    for file in files:
        persona = parse_persona(file.read_text(encoding="utf-8"), file.as_posix())
        personas[persona.id] = persona
    return personas
