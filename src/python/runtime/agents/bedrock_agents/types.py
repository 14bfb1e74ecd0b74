"""Settings and the assembled result of one InvokeAgent stream."""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict, Field

AGENT_ID_PATTERN = r"^[0-9a-zA-Z]{1,10}$"


class BedrockAgentsSettings(BaseModel):
    """What BedrockAgentsBackend needs; `from_config` fills it from RuntimeConfig."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    agent_id: str = Field(pattern=AGENT_ID_PATTERN, description="the supervisor agent's id")
    agent_alias_id: str = Field(pattern=AGENT_ID_PATTERN, description="the supervisor's alias id")
    region: str | None = None
    endpoint_url: str | None = Field(default=None, description="tests / local endpoints only")
    min_call_s: float = Field(default=0.8, gt=0, le=10, description="refuse with less time left")
    # Functions of the Escalation agent's return-of-control action group that mean "a person".
    escalation_functions: tuple[str, ...] = ("escalate_to_human",)


@dataclass
class Citation:
    text: str
    uri: str | None
    category: str | None


@dataclass
class ReturnControl:
    function: str
    action_group: str
    collaborator: str | None
    parameters: dict[str, str]


@dataclass
class AgentStream:
    """Everything the stream said, in order of arrival."""

    parts: list[str] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    return_control: ReturnControl | None = None
    collaborators: list[str] = field(default_factory=list)
    trace_steps: list[str] = field(default_factory=list)
    input_tokens: int = 0
    output_tokens: int = 0
    events: int = 0

    @property
    def text(self) -> str:
        return "".join(self.parts).strip()
