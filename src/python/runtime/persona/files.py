"""Persona files: friendly JSON in content/personas, one file per persona."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from runtime.content import ContentFileError
from runtime.persona.types import Persona


class PersonaFileError(ContentFileError):
    """A persona file that cannot be used, naming the file, the field and the fix."""


def parse_persona(text: str, path: str) -> Persona:
    """Validate one persona file's text; the id must equal the file name."""
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as e:
        raise PersonaFileError(
            path, f"not valid JSON (line {e.lineno}, column {e.colno}: {e.msg})", "fix the JSON"
        ) from e
    try:
        persona = Persona.model_validate(raw)
    except ValidationError as e:
        first = e.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "(top level)"
        raise PersonaFileError(
            path,
            f"field '{field}': {first['msg']}",
            f"correct '{field}' as content/personas/persona.schema.json describes",
        ) from e
    stem = Path(path).stem
    if persona.id != stem:
        raise PersonaFileError(
            path, f"id '{persona.id}' does not match the file name", f'set "id": "{stem}"'
        )
    return persona


def load_personas(folder: Path) -> dict[str, Persona]:
    """Every *.json persona in `folder` except the schema, by id. Raises PersonaFileError."""
    personas: dict[str, Persona] = {}
    for file in sorted(folder.glob("*.json")):
        if file.name.endswith(".schema.json"):
            continue
        persona = parse_persona(file.read_text(encoding="utf-8"), file.as_posix())
        personas[persona.id] = persona
    return personas
