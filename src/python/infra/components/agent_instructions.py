"""Read the agents' instructions from content/agents/{name}.md (data, not code)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from pathlib import Path

AgentRole = Literal["supervisor", "diagnostic", "platform", "escalation"]
AGENT_ROLES: tuple[AgentRole, ...] = ("supervisor", "diagnostic", "platform", "escalation")
COLLABORATORS: tuple[AgentRole, ...] = ("diagnostic", "platform", "escalation")

# CloudFormation's bounds for AWS::Bedrock::Agent Instruction.
MIN_CHARS = 40
MAX_CHARS = 20_000


class InstructionError(ValueError):
    """An agent instruction file is missing or outside Bedrock's limits."""


@dataclass(frozen=True)
class Instruction:
    role: AgentRole
    text: str

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.text.encode()).hexdigest()[:16]


def _strip_front_matter(text: str) -> str:
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end != -1:
            return text[end + 4 :].lstrip("\n")
    return text


def load_instruction(agents_dir: Path, role: AgentRole) -> Instruction:
    path = agents_dir / f"{role}.md"
    if not path.is_file():
        raise InstructionError(
            f"{path} not found: the {role} agent's instructions live in content/agents/{role}.md "
            "(needed when AGENT_BACKEND=bedrock-agents)"
        )
    text = _strip_front_matter(path.read_text(encoding="utf-8")).strip()
    if not MIN_CHARS <= len(text) <= MAX_CHARS:
        raise InstructionError(
            f"{path}: {len(text)} characters; a Bedrock agent instruction must have "
            f"{MIN_CHARS}-{MAX_CHARS}"
        )
    return Instruction(role=role, text=text)


def load_instructions(agents_dir: Path) -> dict[AgentRole, Instruction]:
    return {role: load_instruction(agents_dir, role) for role in AGENT_ROLES}
