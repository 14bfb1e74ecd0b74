"""Follow a contact flow's JSON the way Amazon Connect runs it, for one caller's call.

Only what the headset flow uses is modelled. The Lambda lookup succeeds; the Lex block
(ConnectParticipantWithLexBot) ends when the bot Closes, and then takes:
- its Error branch (`NoMatchingError`) when the intent's state is `Failed`, which is how Connect
  treats a failed intent (the caller hears the error path, not the queue);
- otherwise the first Condition whose operand equals the intent name, else `NoMatchingCondition`.
Compare reads `$.Lex.SessionAttributes.NAME` from the bot's last session attributes.
A walk ends at TransferContactToQueue (the caller waits for a person) or DisconnectParticipant.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

_LEX_ATTRIBUTE = "$.Lex.SessionAttributes."
_FORWARD = {
    "InvokeLambdaFunction",
    "UpdateContactAttributes",
    "UpdateContactTextToSpeechVoice",
    "UpdateContactTargetQueue",
    "MessageParticipant",
}
_END = {"TransferContactToQueue", "DisconnectParticipant"}


@dataclass(frozen=True)
class LexOutcome:
    """How the bot ended its part of the call: the last Lex V2 response of the Lambda."""

    intent_name: str
    intent_state: str
    attributes: dict[str, str]

    @classmethod
    def of(cls, response: dict[str, Any]) -> LexOutcome:
        state = response["sessionState"]
        if state["dialogAction"]["type"] != "Close":
            raise ValueError("the bot keeps talking until the Lambda answers Close")
        return cls(
            intent_name=state["intent"]["name"],
            intent_state=state["intent"]["state"],
            attributes=dict(state.get("sessionAttributes") or {}),
        )


def walk(content: dict[str, Any], outcome: LexOutcome, max_steps: int = 50) -> list[str]:
    """The types of the actions the call passes through, start to end."""
    actions = {a["Identifier"]: a for a in content["Actions"]}
    action = actions[content["StartAction"]]
    path: list[str] = []
    for _ in range(max_steps):
        path.append(action["Type"])
        if action["Type"] in _END:
            return path
        action = actions[_next(action, outcome)]
    raise AssertionError(f"the flow did not end within {max_steps} actions: {path}")


def _next(action: dict[str, Any], outcome: LexOutcome) -> str:
    kind, transitions = action["Type"], action["Transitions"]
    if kind in _FORWARD:
        return str(transitions["NextAction"])
    if kind == "ConnectParticipantWithLexBot":
        if outcome.intent_state == "Failed":
            return _error(transitions, "NoMatchingError")
        return _condition(transitions, outcome.intent_name)
    if kind == "Compare":
        name = action["Parameters"]["ComparisonValue"].removeprefix(_LEX_ATTRIBUTE)
        return _condition(transitions, outcome.attributes.get(name, ""))
    raise AssertionError(f"flow_walk does not model {kind}")


def _condition(transitions: dict[str, Any], value: str) -> str:
    for condition in transitions.get("Conditions", []):
        rule = condition["Condition"]
        if rule["Operator"] == "Equals" and value in rule["Operands"]:
            return str(condition["NextAction"])
    return _error(transitions, "NoMatchingCondition")


def _error(transitions: dict[str, Any], error: str) -> str:
    for branch in transitions.get("Errors", []):
        if branch["ErrorType"] == error:
            return str(branch["NextAction"])
    raise AssertionError(f"no {error} branch in {transitions}")
