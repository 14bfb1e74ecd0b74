"""The outcome of one conversation: how it ended, on which article and step, after how much.

Built from the agent's own codes only (outcome, category, article paths, step numbers, reason
codes, counts): never the caller's words or numbers, so it can go into a log line as it is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator

from runtime.agents.types import Category  # pydantic reads it at run time

if TYPE_CHECKING:
    from runtime.knowledge.codes import HandoffReason

OutcomeKind = Literal[
    "fixed",  # the caller confirmed it works: article and the step that fixed it
    "escalated",  # handed to a person (reason says why)
    "left",  # the caller said goodbye unfixed
    "abandoned",  # no further turn: the caller hung up or went silent mid-conversation
]
# Reasons besides the hand-off codes of the articles and the engine (HandoffReason).
ExtraReason = Literal[
    "time_limit",  # a cloud agent's code: losing calls mid-shift, past the time limit
    "agent_unavailable",  # no backend could answer: the last resort handed over
    "system_error",  # not even a persona could be loaded
    "other",  # a cloud backend's reason that matches no code
    "disconnected",  # abandoned: the contact ended (the contact flow's disconnect path)
]
if TYPE_CHECKING:
    OutcomeReason = HandoffReason | ExtraReason
EXTRA_REASONS: tuple[ExtraReason, ...] = get_args(ExtraReason)
MAX_TRAIL = 16


class CallOutcome(BaseModel):
    """What the outcome line says about one conversation, besides persona and backend."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    outcome: OutcomeKind
    category: Category | None = None
    article: str | None = Field(
        default=None, max_length=120, description="the article the call ended on (a path)"
    )
    step: int | None = Field(
        default=None, ge=1, le=50, description="its step the call ended on; for fixed, the fix"
    )
    earlier: tuple[str, ...] = Field(
        default=(), max_length=MAX_TRAIL, description="articles given before `article`"
    )
    steps_tried: int = Field(default=0, ge=0, description="steps given in the call")
    trail: tuple[str, ...] = Field(
        default=(), max_length=MAX_TRAIL, description="'usb/not-detected.md#2 no_change', ..."
    )
    # An OutcomeReason; checked below, so that importing this module does not load the
    # knowledge base's package (the Lambda's cold start).
    reason: str | None = None
    turns: int | None = Field(default=None, ge=0, description="caller turns; None if unknown")
    duration_s: int | None = Field(default=None, ge=0, description="first turn to the end")

    @field_validator("reason")
    @classmethod
    def _a_reason_code(cls, value: str | None) -> str | None:
        if value is None or value in EXTRA_REASONS:
            return value
        from runtime.knowledge.codes import HANDOFF_REASONS

        if value not in HANDOFF_REASONS:
            known = ", ".join((*HANDOFF_REASONS, *EXTRA_REASONS))
            raise ValueError(f"reason {value!r} is not a reason code; use one of: {known}")
        return value
