"""Deploy persona files to the table: only what changed, conditional, all-or-nothing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tools.errors import RefusedError
from tools.persona.plan import make_plan

if TYPE_CHECKING:
    from runtime.persona.types import Persona
    from tools.persona.plan import Change, Plan
    from tools.persona.table import PersonaTable


@dataclass(frozen=True)
class DeployResult:
    plan: Plan
    written: tuple[Change, ...]
    applied: bool  # False for a dry run
    kept: tuple[str, ...]  # ids in the table but not in the files, left alone (no --prune)

    def to_json(self) -> dict[str, Any]:
        return {
            "applied": self.applied,
            "writes": [c.to_json() for c in self.written],
            "kept_without_prune": list(self.kept),
            "plan": self.plan.to_json(),
        }


def deploy(
    personas: dict[str, Persona], table: PersonaTable, *, prune: bool, apply: bool
) -> DeployResult:
    """Compare with the table and, when `apply`, write the changes in one transaction."""
    if not personas:
        raise RefusedError(
            "no persona files to deploy; refusing to touch the table",
            "check --personas points at content/personas",
        )
    plan = make_plan(personas, table.read_all())
    writes = plan.writes(prune)
    kept = tuple(c.persona_id for c in plan.of("removed")) if not prune else ()
    if apply:
        table.write(writes)
    return DeployResult(plan, tuple(writes), apply, kept)
