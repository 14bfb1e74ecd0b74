"""Checks over content/personas: the model, ids, the three required personas, the schema."""

from __future__ import annotations

import json
import string
from typing import TYPE_CHECKING

from pydantic import ValidationError

from runtime.persona.files import PersonaFileError, parse_persona
from tools.content.schema import SCHEMA_FILE_NAME, render_schema
from tools.content.shared import FILE, missing_folder, read_text, validation_problems
from tools.content.types import Problem

if TYPE_CHECKING:
    from pathlib import Path

    from pydantic_core import ErrorDetails

    from runtime.persona.types import Persona

REQUIRED_PERSONAS = ("tangerine", "joseph", "jennifer")
SCHEMA_REF = f"./{SCHEMA_FILE_NAME}"
PHRASE_PLACEHOLDERS = frozenset({"name"})


def check_persona_files(folder: Path) -> list[Problem]:
    """Persona files: valid against the model, id equals file name, unique, plus check_personas.

    Does not insist on the three required personas (tools:persona validates test folders with
    others); check_required_personas does, and check_all runs both.
    """
    if not folder.is_dir():
        return [missing_folder(folder, "the persona folder", "restore content/personas/")]
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for file in persona_files(folder):
        path = file.as_posix()
        text, problem = read_text(file)
        if problem is not None:
            problems.append(problem)
            continue
        persona, found = _parse_persona(text, path)
        problems += found
        if persona is None:
            continue
        if persona.id in seen:
            problems.append(
                Problem(
                    path=path,
                    field="id",
                    message=f"id '{persona.id}' is also used by {seen[persona.id]}",
                    fix="give each persona its own id, equal to its file name",
                )
            )
        seen.setdefault(persona.id, path)
        problems += _persona_extras(text, persona, path)
    return problems


def check_personas(folder: Path) -> list[Problem]:
    """What parse_persona does not check, for files that parse: $schema and phrase placeholders.

    tools.persona validate parses the files itself and adds these; check_persona_files does both.
    """
    problems: list[Problem] = []
    for file in persona_files(folder) if folder.is_dir() else []:
        text, problem = read_text(file)
        if problem is None:
            persona, _ = _parse_persona(text, file.as_posix())
            if persona is not None:
                problems += _persona_extras(text, persona, file.as_posix())
    return problems


def check_required_personas(folder: Path) -> list[Problem]:
    """tangerine, joseph and jennifer each have a valid file."""
    if not folder.is_dir():
        return []  # reported by check_persona_files
    seen: set[str] = set()
    for file in persona_files(folder):
        text, problem = read_text(file)
        if problem is None:
            persona, _ = _parse_persona(text, file.as_posix())
            if persona is not None:
                seen.add(persona.id)
    problems: list[Problem] = []
    for required in REQUIRED_PERSONAS:
        if required not in seen:
            problems.append(
                Problem(
                    path=(folder / f"{required}.json").as_posix(),
                    field=FILE,
                    message=f"required persona '{required}' is missing or invalid",
                    fix=f"create {required}.json or restore it from git; fix any problem above",
                )
            )
    return problems


def check_schema(folder: Path) -> list[Problem]:
    """The committed persona JSON Schema equals the one generated from the model."""
    path = folder / SCHEMA_FILE_NAME
    if not path.is_file():
        return [
            Problem(
                path=path.as_posix(),
                field=FILE,
                message="the persona JSON Schema is missing",
                fix="run `content schema` to generate it",
            )
        ]
    if path.read_text(encoding="utf-8") != render_schema():
        return [
            Problem(
                path=path.as_posix(),
                field=FILE,
                message="the persona JSON Schema is out of date with the Persona model",
                fix="run `content schema` and commit the result; do not edit it by hand",
            )
        ]
    return []


def persona_files(folder: Path) -> list[Path]:
    return [f for f in sorted(folder.glob("*.json")) if not f.name.endswith(".schema.json")]


def _parse_persona(text: str, path: str) -> tuple[Persona | None, list[Problem]]:
    """The persona (or None) and every problem in its file."""
    try:
        persona = parse_persona(text, path)
    except PersonaFileError as e:
        if isinstance(e.__cause__, ValidationError):
            return None, validation_problems(path, e.__cause__, _persona_fix)
        field = "id" if "does not match the file name" in e.problem else FILE
        return None, [Problem(path=path, field=field, message=e.problem, fix=e.fix)]
    return persona, []


def _persona_extras(text: str, persona: Persona, path: str) -> list[Problem]:
    problems = _phrase_placeholders(persona, path)
    if persona.voice.engine != "standard" and persona.prosody.pitch != "medium":
        problems.append(
            Problem(
                path=path,
                field="prosody.pitch",
                message=f"Polly {persona.voice.engine} voices do not support pitch; it is ignored",
                fix='set "pitch": "medium", or use a standard voice',
            )
        )
    raw = json.loads(text)
    if isinstance(raw, dict) and raw.get("$schema") != SCHEMA_REF:
        problems.append(
            Problem(
                path=path,
                field="$schema",
                message="the file does not point at the persona schema, so editors cannot check it",
                fix=f'set "$schema": "{SCHEMA_REF}" as the first field',
            )
        )
    return problems


def _phrase_placeholders(persona: Persona, path: str) -> list[Problem]:
    """Stock phrases may only use {name}; anything else breaks at run time."""
    problems: list[Problem] = []
    for kind, variants in persona.phrases.model_dump().items():
        for i, phrase in enumerate(variants):
            try:
                names = {f for _, f, _, _ in string.Formatter().parse(phrase) if f is not None}
            except ValueError as e:
                names, bad = set(), str(e)
            else:
                bad = ", ".join(sorted(f"{{{n}}}" for n in names - PHRASE_PLACEHOLDERS))
            if bad:
                problems.append(
                    Problem(
                        path=path,
                        field=f"phrases.{kind}.{i}",
                        message=f"unknown placeholder or stray brace ({bad})",
                        fix="use only {name}; write a literal brace as {{ or }}",
                    )
                )
    return problems


def _persona_fix(error: ErrorDetails, field: str) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        return f"remove '{field}' or correct its spelling; allowed fields are in {SCHEMA_FILE_NAME}"
    if kind == "missing":
        return f"add '{field}' (see {SCHEMA_FILE_NAME} for what it holds)"
    return f"correct '{field}' as {SCHEMA_FILE_NAME} describes"
