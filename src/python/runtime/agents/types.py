"""The contract between the handler and every agent backend."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, Protocol

if TYPE_CHECKING:
    from runtime.persona.types import Persona

Category = Literal["usb", "bluetooth", "windows", "genesys-cloud"]
AgentName = Literal["supervisor", "diagnostic", "platform", "escalation"]
Channel = Literal["voice", "chat"]
CATEGORIES: tuple[Category, ...] = ("usb", "bluetooth", "windows", "genesys-cloud")
# Diagnostic takes USB and Bluetooth hardware, Platform Windows audio and Genesys Cloud.
AGENT_OF_CATEGORY: dict[Category, AgentName] = {
    "usb": "diagnostic",
    "bluetooth": "diagnostic",
    "windows": "platform",
    "genesys-cloud": "platform",
}


@dataclass(frozen=True)
class Deadline:
    """A point in time (time.monotonic) by which the caller must have an answer."""

    at: float

    @classmethod
    def in_seconds(cls, seconds: float) -> Deadline:
        return cls(time.monotonic() + seconds)

    def remaining(self) -> float:
        return self.at - time.monotonic()

    def expired(self) -> bool:
        return self.remaining() <= 0


@dataclass(frozen=True)
class Turn:
    """One thing the caller said, with everything a backend needs to answer it."""

    text: str
    session_id: str
    persona: Persona
    deadline: Deadline
    channel: Channel = "voice"
    # Lex session attributes as they arrived: a flat str -> str map, kept small.
    session: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Reply:
    """What a backend answers: plain text (rendering happens later) and routing facts."""

    text: str
    agent: AgentName
    category: Category | None = None
    article: str | None = None  # path under content/knowledge-base, e.g. "usb/not-detected.md"
    escalate: bool = False
    escalation_reason: str | None = None
    handoff_summary: str | None = None  # for the person who takes over: no caller words
    end_conversation: bool = False  # the caller's problem is solved: Close with the farewell
    session: dict[str, str] = field(default_factory=dict)  # new session attributes (full set)
    backend: str = ""  # which backend produced it ("local", "bedrock-agents", "converse")
    fallback: bool = False  # produced by the fallback after the configured backend failed
    input_tokens: int = 0  # model tokens this turn cost (cloud backends)
    output_tokens: int = 0


class AgentBackend(Protocol):
    """Answers one caller turn. Raises BackendError (or anything) when it cannot."""

    name: str

    def respond(self, turn: Turn) -> Reply: ...
