"""Settings of the Converse backend and the router it accepts."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from pydantic import BaseModel, ConfigDict, Field, model_validator

from runtime.agents.types import AgentName, Category

# (caller text, Lex session attributes) -> (agent, category), or None when unsure.
Route = tuple[AgentName, Category | None]
Router = Callable[[str, Mapping[str, str]], Route | None]

ESCALATION_TOOL = "escalate_to_human"  # Escalation's only: the transfer to a person
HANDOFF_TOOL = "hand_to_escalation"  # everyone else's: hand the caller to Escalation
ROUTE_TOOL = "route_turn"
HISTORY_ATTR = "cv_history"  # Lex session attribute holding the bounded conversation history
HANDOFF_ATTR = "cv_handoff"  # the hand-over to Escalation, kept until the transfer happens


class ConverseSettings(BaseModel):
    """What ConverseBackend needs; `from_config` fills it from RuntimeConfig."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    model_id: str = Field(min_length=1, description="model or inference profile for answers")
    router_model_id: str | None = Field(
        default=None, description="small model for the routing call; default: model_id"
    )
    knowledge_base_id: str | None = Field(
        default=None, pattern=r"^[0-9a-zA-Z]{10}$", description="None: answer without grounding"
    )
    guardrail_id: str | None = None
    guardrail_version: str | None = Field(default=None, pattern=r"^([1-9][0-9]{0,7}|DRAFT)$")
    region: str | None = None
    endpoint_url: str | None = Field(default=None, description="tests / local endpoints only")
    max_tokens: int = Field(default=350, ge=16, le=4096)
    temperature: float = Field(default=0.2, ge=0, le=1)
    retrieve_results: int = Field(default=3, ge=1, le=10)
    history_messages: int = Field(default=6, ge=0, le=20, description="kept in the session")
    history_chars: int = Field(default=2400, ge=0, le=6000, description="JSON size bound")
    min_call_s: float = Field(default=0.8, gt=0, le=10)
    classify_when_unsure: bool = True

    @model_validator(mode="after")
    def _guardrail_pair(self) -> ConverseSettings:
        if (self.guardrail_id is None) != (self.guardrail_version is None):
            raise ValueError(
                "set both guardrail_id and guardrail_version (or neither); "
                "the version is a number or DRAFT"
            )
        return self
