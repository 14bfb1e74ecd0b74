"""The JSON Schema of persona files, generated from runtime.persona.types.Persona.

Editors that understand `"$schema": "./persona.schema.json"` validate persona files as authors
type. The committed file must equal `render_schema()`; `content schema` rewrites it.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from runtime.persona.types import Persona

if TYPE_CHECKING:
    from pathlib import Path

SCHEMA_FILE_NAME = "persona.schema.json"
SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def persona_json_schema() -> dict[str, Any]:
    """The persona file schema: the model's validation schema under its JSON field names."""
    schema = Persona.model_json_schema(by_alias=True, mode="validation")
    schema["$schema"] = SCHEMA_DIALECT
    schema["title"] = "Headset support persona"
    schema["description"] = (
        "One persona file in content/personas. Generated from runtime.persona.types.Persona by "
        "`content schema`; do not edit by hand."
    )
    return schema


def render_schema() -> str:
    """The exact text of the committed schema file (stable key order, trailing newline)."""
    return json.dumps(persona_json_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_schema(path: Path) -> bool:
    """Write the schema to `path`; True when the file changed."""
    text = render_schema()
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True
