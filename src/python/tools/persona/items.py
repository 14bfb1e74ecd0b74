"""The persona item format shared with the runtime's PersonaStore.

An item is the persona's JSON fields as plain DynamoDB attributes (no '$schema'), plus
`version` (a number, raised by one on every write) and `content_hash` (sha256 of the fields).
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from tools.constants import PERSONA_HASH, PERSONA_VERSION

if TYPE_CHECKING:
    from runtime.persona.types import Persona

META_FIELDS = frozenset({PERSONA_VERSION, PERSONA_HASH})


def persona_fields(persona: Persona) -> dict[str, Any]:
    """The persona as plain JSON types, without '$schema'."""
    fields: dict[str, Any] = persona.model_dump(mode="json", exclude={"schema_ref"})
    return fields


def content_hash(fields: dict[str, Any]) -> str:
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def to_item(persona: Persona, version: int) -> dict[str, Any]:
    """The item to store: DynamoDB-safe types (floats as Decimal), version and content hash."""
    fields = persona_fields(persona)
    item: dict[str, Any] = _to_dynamo(fields)
    item[PERSONA_VERSION] = version
    item[PERSONA_HASH] = content_hash(fields)
    return item


def item_fields(item: dict[str, Any]) -> dict[str, Any]:
    """An item read from the table as plain JSON types, without version and content hash."""
    return {k: _from_dynamo(v) for k, v in item.items() if k not in META_FIELDS}


def item_version(item: dict[str, Any]) -> int | None:
    """The item's version, or None for an item written without one."""
    value = item.get(PERSONA_VERSION)
    if value is None:
        return None
    return int(value)


def changed_fields(old: dict[str, Any], new: dict[str, Any], prefix: str = "") -> list[str]:
    """Dotted paths of the fields that differ between two plain-JSON mappings."""
    paths: list[str] = []
    for key in sorted(set(old) | set(new)):
        path = f"{prefix}{key}"
        a, b = old.get(key), new.get(key)
        if isinstance(a, dict) and isinstance(b, dict):
            paths.extend(changed_fields(a, b, f"{path}."))
        elif a != b:
            paths.append(path)
    return paths


def _to_dynamo(value: Any) -> Any:
    if isinstance(value, float):
        return Decimal(str(value))
    if isinstance(value, dict):
        return {k: _to_dynamo(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_to_dynamo(v) for v in value]
    return value


def _from_dynamo(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: _from_dynamo(v) for k, v in value.items()}
    if isinstance(value, list | set | frozenset):
        return [_from_dynamo(v) for v in value]
    return value
