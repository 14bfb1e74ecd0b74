"""What a deploy would change: local persona files compared with the table."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from tools.persona.items import (
    changed_fields,
    content_hash,
    item_fields,
    item_version,
    persona_fields,
    to_item,
)

if TYPE_CHECKING:
    from runtime.persona.types import Persona

ChangeKind = Literal["added", "changed", "removed", "unchanged"]


@dataclass(frozen=True)
class Change:
    persona_id: str
    kind: ChangeKind
    fields: tuple[str, ...] = ()  # dotted paths that differ (changed only)
    table_version: int | None = None  # the version read from the table, None if absent
    item: dict[str, Any] | None = None  # the item to write (added / changed)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.persona_id,
            "change": self.kind,
            "fields": list(self.fields),
            "table_version": self.table_version,
            "new_version": None if self.item is None else self.item["version"],
        }


@dataclass(frozen=True)
class Plan:
    changes: tuple[Change, ...] = field(default_factory=tuple)

    def of(self, *kinds: ChangeKind) -> list[Change]:
        return [c for c in self.changes if c.kind in kinds]

    def writes(self, prune: bool) -> list[Change]:
        """The changes a deploy writes; removals only with prune."""
        kinds: tuple[ChangeKind, ...] = (
            ("added", "changed", "removed") if prune else ("added", "changed")
        )
        return self.of(*kinds)

    def to_json(self) -> list[dict[str, Any]]:
        return [c.to_json() for c in self.changes]


def make_plan(local: dict[str, Persona], table: dict[str, dict[str, Any]]) -> Plan:
    """Compare persona files with table items (as read by PersonaTable.read_all)."""
    changes: list[Change] = []
    for pid in sorted(set(local) | set(table)):
        item = table.get(pid)
        if pid not in local:
            assert item is not None
            changes.append(Change(pid, "removed", table_version=item_version(item)))
            continue
        fields = persona_fields(local[pid])
        if item is None:
            changes.append(Change(pid, "added", item=to_item(local[pid], version=1)))
            continue
        version = item_version(item)
        diff = changed_fields(item_fields(item), fields)
        stale_hash = item.get("content_hash") != content_hash(fields) or version is None
        if diff or stale_hash:
            new_item = to_item(local[pid], version=(version or 0) + 1)
            changes.append(Change(pid, "changed", tuple(diff), version, new_item))
        else:
            changes.append(Change(pid, "unchanged", table_version=version))
    return Plan(tuple(changes))
