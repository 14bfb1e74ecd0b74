"""Small AgentBackend implementations that misbehave on purpose."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from runtime.agents.exceptions import BackendThrottled, BackendUnavailable, MalformedReply
from runtime.agents.types import Reply

if TYPE_CHECKING:
    from runtime.agents.types import Turn


@dataclass
class EchoBackend:
    """Answers by quoting the caller, like a model that repeats what it heard."""

    name: str = "echo"
    turns: list[Turn] = field(default_factory=list)
    escalate: bool = False
    end_conversation: bool = False
    session: dict[str, str] = field(default_factory=dict)

    def respond(self, turn: Turn) -> Reply:
        self.turns.append(turn)
        return Reply(
            text=f"You said: {turn.text}",
            agent="escalation" if self.escalate else "diagnostic",
            category="usb",
            article="usb/not-detected.md",
            escalate=self.escalate,
            escalation_reason="caller_request" if self.escalate else None,
            end_conversation=self.end_conversation,
            session={**turn.session, **self.session},
            backend=self.name,
        )


class ThrottlingBackend:
    name = "throttling"

    def respond(self, turn: Turn) -> Reply:
        raise BackendThrottled("ThrottlingException: rate exceeded")


class UnavailableBackend:
    name = "unavailable"

    def respond(self, turn: Turn) -> Reply:
        raise BackendUnavailable("HTTP 503 from bedrock-agent-runtime")


class TruncatedBackend:
    name = "truncated"

    def respond(self, turn: Turn) -> Reply:
        raise MalformedReply("event stream ended mid-frame")


class CrashingBackend:
    name = "crashing"

    def respond(self, turn: Turn) -> Reply:
        raise KeyError("a bug in the backend")


class HangingBackend:
    """Sleeps well past any deadline (until released), like a stalled stream."""

    name = "hanging"

    def __init__(self, seconds: float = 5.0) -> None:
        self.seconds = seconds
        self.release = threading.Event()
        self.calls = 0

    def respond(self, turn: Turn) -> Reply:
        self.calls += 1
        self.release.wait(self.seconds)
        return Reply(text="too late", agent="diagnostic", backend=self.name)


class SlowBackend:
    """Answers after `seconds`; within the deadline when it is short enough."""

    name = "slow"

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def respond(self, turn: Turn) -> Reply:
        time.sleep(self.seconds)
        return Reply(text="Try another USB port.", agent="diagnostic", backend=self.name)


class GarbageBackend:
    """Returns what a broken stream might: binary noise, empty text, wrong types."""

    def __init__(self, reply: Any, name: str = "garbage") -> None:
        self.reply = reply
        self.name = name

    def respond(self, turn: Turn) -> Reply:
        result: Reply = self.reply
        return result
