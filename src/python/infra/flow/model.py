"""Typed Amazon Connect flow language (Version 2019-10-30): actions, transitions, the flow.

Actions are named in code; identifiers in the JSON are UUIDs derived from the names, so the
same flow always produces the same JSON. `Flow.to_content()` checks the graph first: every
transition points at a known action, every action is reachable, required error branches exist.
Reference: https://docs.aws.amazon.com/connect/latest/APIReference/flow-language.html
"""

from __future__ import annotations

import uuid
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

FLOW_VERSION = "2019-10-30"
_NAMESPACE = uuid.UUID("5b0c6a43-6f5e-4c1e-9a55-3d2f0f1f7a10")

Operator = Literal["Equals", "Contains", "StartsWith", "NumberGreaterThan", "NumberLessThan"]
ErrorType = Literal[
    "NoMatchingError", "NoMatchingCondition", "QueueAtCapacity", "InputTimeLimitExceeded"
]


class FlowError(ValueError):
    """The flow graph is inconsistent; the message names the action and the problem."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def action_id(name: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, name))


class Condition(_Model):
    next: str
    operator: Operator = "Equals"
    operands: list[str] = Field(min_length=1)


class OnError(_Model):
    next: str
    error: ErrorType


class Action(_Model):
    """One block. Subclasses fix `type`, the parameters and which errors must be handled."""

    TYPE: ClassVar[str] = ""
    REQUIRED_ERRORS: ClassVar[tuple[str, ...]] = ("NoMatchingError",)
    TERMINAL: ClassVar[bool] = False

    name: str = Field(pattern=r"^[a-z][a-z0-9-]{0,48}$")
    next: str | None = None
    conditions: list[Condition] = Field(default_factory=list)
    errors: list[OnError] = Field(default_factory=list)

    def parameters(self) -> dict[str, Any]:
        return {}

    def targets(self) -> list[str]:
        found = [self.next] if self.next else []
        return found + [c.next for c in self.conditions] + [e.next for e in self.errors]

    @model_validator(mode="after")
    def _branches(self) -> Action:
        handled = {e.error for e in self.errors}
        missing = [e for e in self.REQUIRED_ERRORS if e not in handled]
        if missing:
            raise ValueError(f"action {self.name!r} ({self.TYPE}) must handle {missing}")
        if self.TERMINAL and self.targets():
            raise ValueError(f"action {self.name!r} ({self.TYPE}) ends the flow; no transitions")
        if not self.TERMINAL and self.next is None and not self.conditions:
            raise ValueError(f"action {self.name!r} ({self.TYPE}) needs a next action")
        return self

    def to_json(self) -> dict[str, Any]:
        transitions: dict[str, Any] = {}
        if self.next:
            transitions["NextAction"] = action_id(self.next)
        if self.conditions:
            transitions["Conditions"] = [
                {
                    "NextAction": action_id(c.next),
                    "Condition": {"Operator": c.operator, "Operands": c.operands},
                }
                for c in self.conditions
            ]
        if self.errors:
            transitions["Errors"] = [
                {"NextAction": action_id(e.next), "ErrorType": e.error} for e in self.errors
            ]
        return {
            "Identifier": action_id(self.name),
            "Type": self.TYPE,
            "Parameters": self.parameters(),
            "Transitions": transitions,
        }


class InvokeLambdaFunction(Action):
    TYPE: ClassVar[str] = "InvokeLambdaFunction"
    function_arn: str
    timeout_seconds: int = Field(3, ge=1, le=8)
    attributes: dict[str, str] = Field(default_factory=dict)

    def parameters(self) -> dict[str, Any]:
        params: dict[str, Any] = {
            "LambdaFunctionARN": self.function_arn,
            "InvocationTimeLimitSeconds": str(self.timeout_seconds),
            "InvocationType": "SYNCHRONOUS",
            "ResponseValidation": {"ResponseType": "STRING_MAP"},
        }
        if self.attributes:
            params["LambdaInvocationAttributes"] = dict(self.attributes)
        return params


class UpdateContactAttributes(Action):
    TYPE: ClassVar[str] = "UpdateContactAttributes"
    attributes: dict[str, str] = Field(min_length=1)

    def parameters(self) -> dict[str, Any]:
        return {"Attributes": dict(self.attributes), "TargetContact": "Current"}


class UpdateContactTextToSpeechVoice(Action):
    TYPE: ClassVar[str] = "UpdateContactTextToSpeechVoice"
    voice: str
    engine: str = "Neural"
    style: str | None = None

    def parameters(self) -> dict[str, Any]:
        params = {"TextToSpeechVoice": self.voice, "TextToSpeechEngine": self.engine}
        if self.style:
            params["TextToSpeechStyle"] = self.style
        return params


class ConnectParticipantWithLexBot(Action):
    TYPE: ClassVar[str] = "ConnectParticipantWithLexBot"
    REQUIRED_ERRORS: ClassVar[tuple[str, ...]] = ("NoMatchingError", "NoMatchingCondition")
    bot_alias_arn: str
    text: str | None = None
    ssml: str | None = None
    session_attributes: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _one_prompt(self) -> ConnectParticipantWithLexBot:
        if (self.text is None) == (self.ssml is None):
            raise ValueError(f"action {self.name!r}: give exactly one of text or ssml")
        return self

    def parameters(self) -> dict[str, Any]:
        params: dict[str, Any] = {"LexV2Bot": {"AliasArn": self.bot_alias_arn}}
        if self.text is not None:
            params["Text"] = self.text
        else:
            params["SSML"] = self.ssml
        if self.session_attributes:
            params["LexSessionAttributes"] = dict(self.session_attributes)
        return params


class Compare(Action):
    TYPE: ClassVar[str] = "Compare"
    REQUIRED_ERRORS: ClassVar[tuple[str, ...]] = ("NoMatchingCondition",)
    value: str

    def parameters(self) -> dict[str, Any]:
        return {"ComparisonValue": self.value}


class UpdateContactTargetQueue(Action):
    TYPE: ClassVar[str] = "UpdateContactTargetQueue"
    queue_arn: str

    def parameters(self) -> dict[str, Any]:
        return {"QueueId": self.queue_arn}


class TransferContactToQueue(Action):
    TYPE: ClassVar[str] = "TransferContactToQueue"
    REQUIRED_ERRORS: ClassVar[tuple[str, ...]] = ("NoMatchingError", "QueueAtCapacity")


class MessageParticipant(Action):
    TYPE: ClassVar[str] = "MessageParticipant"
    text: str

    def parameters(self) -> dict[str, Any]:
        return {"Text": self.text}


class UpdateContactEventHooks(Action):
    """Set a flow to run on a contact event; CustomerRemaining is "Set disconnect flow": it
    runs when the contact ends (the caller hangs up, the call drops, a chat disconnects)."""

    TYPE: ClassVar[str] = "UpdateContactEventHooks"
    hook: Literal["CustomerRemaining", "CustomerQueue", "CustomerHold", "CustomerWhisper"] = (
        "CustomerRemaining"
    )
    flow_arn: str

    def parameters(self) -> dict[str, Any]:
        return {"EventHooks": {self.hook: self.flow_arn}}


class DisconnectParticipant(Action):
    TYPE: ClassVar[str] = "DisconnectParticipant"
    REQUIRED_ERRORS: ClassVar[tuple[str, ...]] = ()
    TERMINAL: ClassVar[bool] = True


class Flow(_Model):
    start: str
    actions: list[Action] = Field(min_length=1)

    @model_validator(mode="after")
    def _graph(self) -> Flow:
        names = [a.name for a in self.actions]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"duplicate action names: {duplicates}")
        known = set(names)
        if self.start not in known:
            raise ValueError(f"start action {self.start!r} is not in the flow")
        for action in self.actions:
            for target in action.targets():
                if target not in known:
                    raise ValueError(f"action {action.name!r} points at unknown {target!r}")
        by_name = {a.name: a for a in self.actions}
        seen: set[str] = set()
        todo = [self.start]
        while todo:
            name = todo.pop()
            if name not in seen:
                seen.add(name)
                todo.extend(by_name[name].targets())
        unreachable = sorted(known - seen)
        if unreachable:
            raise ValueError(f"actions never reached from {self.start!r}: {unreachable}")
        return self

    def action(self, name: str) -> Action:
        for a in self.actions:
            if a.name == name:
                return a
        raise KeyError(name)

    def to_content(self) -> dict[str, Any]:
        """The flow-language document (a dict; CDK turns it into the Content string)."""
        return {
            "Version": FLOW_VERSION,
            "StartAction": action_id(self.start),
            "Metadata": {
                "entryPointPosition": {"x": 40, "y": 40},
                "ActionMetadata": {
                    action_id(a.name): {
                        "position": {"x": 40 + 260 * (i % 6), "y": 200 + 220 * (i // 6)}
                    }
                    for i, a in enumerate(self.actions)
                },
            },
            "Actions": [a.to_json() for a in self.actions],
        }
