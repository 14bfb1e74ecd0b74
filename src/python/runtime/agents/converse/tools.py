"""The one escalation path, as tools: who may transfer a caller, and who hands them over.

As with Bedrock Agents, only Escalation holds `escalate_to_human`, the transfer itself. The
supervisor, Diagnostic and Platform hold `hand_to_escalation`: Escalation then answers the same
turn, asks its few questions (none for a safety event or a caller who only wants a person) and
calls the transfer. The hand-over waits in a session attribute until the transfer happens.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from runtime.agents.converse.types import ESCALATION_TOOL, HANDOFF_ATTR, HANDOFF_TOOL
from runtime.agents.types import CATEGORIES, AgentName
from runtime.knowledge.codes import HandoffReason

if TYPE_CHECKING:
    from collections.abc import Mapping

AgentReason = HandoffReason | Literal["time_limit"]

# The reason codes the agents' instructions list (content/agents/*.md). All but `time_limit`
# (a caller losing calls mid-shift, past the time limit) are the articles' hand-off reasons.
AGENT_REASONS: tuple[AgentReason, ...] = (
    "safety",
    "damage",
    "replacement",
    "caller_request",
    "steps_exhausted",
    "repeated_failures",
    "time_limit",
    "admin_rights",
    "setting_locked",
    "hardware_fault",
    "network",
    "accessibility",
)
MAX_REASON_CHARS = 40
MAX_SUMMARY_CHARS = 400
_NOT_CODE = re.compile(r"[^a-z0-9]+")

_REASON = {"type": "string", "enum": list(AGENT_REASONS), "description": "the reason code"}
_SUMMARY = {
    "type": "string",
    "description": "one or two sentences for the person who takes the call",
}
HANDOFF_TOOL_SPEC: dict[str, Any] = {
    "toolSpec": {
        "name": HANDOFF_TOOL,
        "description": (
            "Hand the caller to Escalation, the only one who can transfer them to a person. "
            "Use it instead of telling the caller about a transfer."
        ),
        "inputSchema": {
            "json": {
                "type": "object",
                "properties": {"reason": _REASON, "summary": _SUMMARY},
                "required": ["reason", "summary"],
            }
        },
    }
}
ESCALATION_TOOL_SPEC: dict[str, Any] = {
    "toolSpec": {
        "name": ESCALATION_TOOL,
        "description": "Transfer the caller to a person now, with a summary for them.",
        "inputSchema": {
            "json": {
                "type": "object",
                "properties": {
                    "reason": _REASON,
                    "summary": _SUMMARY,
                    "category": {"type": "string", "enum": list(CATEGORIES)},
                    "device": {"type": "string", "description": "headset make and model"},
                    "steps_tried": {"type": "string", "description": "steps already tried"},
                },
                "required": ["reason", "summary"],
            }
        },
    }
}


def tools_for(agent: AgentName) -> list[dict[str, Any]]:
    """Escalation transfers; everyone else hands the caller to Escalation."""
    return [ESCALATION_TOOL_SPEC if agent == "escalation" else HANDOFF_TOOL_SPEC]


class HandOff(BaseModel):
    """A caller handed to Escalation: the tool call's reason and summary, and who made it.

    Read leniently (a model's words, then a session attribute): an unknown reason is kept as
    written, shortened; a summary is cut to its bound rather than refused.
    """

    model_config = ConfigDict(frozen=True, extra="ignore")

    reason: str = ""  # an AGENT_REASONS code; empty when the caller was routed to Escalation
    summary: str = ""
    source: AgentName | None = None

    @field_validator("reason", mode="before")
    @classmethod
    def _code(cls, value: object) -> str:
        text = value if isinstance(value, str) else ""
        return _NOT_CODE.sub("_", text.strip().lower()).strip("_")[:MAX_REASON_CHARS]

    @field_validator("summary", mode="before")
    @classmethod
    def _bounded(cls, value: object) -> str:
        return (value if isinstance(value, str) else "").strip()[:MAX_SUMMARY_CHARS]

    @classmethod
    def from_tool(cls, data: object, source: AgentName) -> HandOff:
        fields = data if isinstance(data, dict) else {}
        return cls.model_validate({**fields, "source": source})

    @classmethod
    def pending(cls, session: Mapping[str, str]) -> HandOff | None:
        """The hand-over waiting for its transfer, or None (also for an unreadable value)."""
        raw = session.get(HANDOFF_ATTR)
        if not raw:
            return None
        try:
            return cls.model_validate(json.loads(raw))
        except (ValueError, ValidationError):
            return None

    def to_attr(self) -> str:
        return self.model_dump_json(exclude_defaults=True)


def tool_call(content: list[dict[str, Any]], name: str) -> dict[str, Any] | None:
    """The input of the first call of tool `name` in a Converse message, or None."""
    for block in content:
        use = block.get("toolUse") if isinstance(block, dict) else None
        if isinstance(use, dict) and use.get("name") == name:
            data = use.get("input")
            return data if isinstance(data, dict) else {}
    return None
