from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from infra.flow import Flow, action_id, headset_flow
from infra.flow.model import (
    Compare,
    Condition,
    DisconnectParticipant,
    MessageParticipant,
    OnError,
    TransferContactToQueue,
)

FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:agent:live"
BOT = "arn:aws:lex:us-east-1:123456789012:bot-alias/BOTID/ALIASID"
QUEUE = "arn:aws:connect:us-east-1:123456789012:instance/i/queue/q"


@pytest.fixture(scope="module")
def content() -> dict[str, Any]:
    return headset_flow(function_arn=FUNCTION, bot_alias_arn=BOT, queue_arn=QUEUE).to_content()


def _by_type(content: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [a for a in content["Actions"] if a["Type"] == kind]


def _action(content: dict[str, Any], identifier: str) -> dict[str, Any]:
    return next(a for a in content["Actions"] if a["Identifier"] == identifier)


def test_the_call_starts_with_the_persona_lookup(content: dict[str, Any]) -> None:
    start = _action(content, content["StartAction"])
    assert content["Version"] == "2019-10-30"
    assert start["Type"] == "InvokeLambdaFunction"
    assert start["Parameters"]["LambdaFunctionARN"] == FUNCTION
    assert int(start["Parameters"]["InvocationTimeLimitSeconds"]) <= 8  # Connect's limit
    assert start["Parameters"]["LambdaInvocationAttributes"] == {
        "persona_id": "$.Attributes.persona_id"
    }


def test_the_persona_voice_is_set_before_the_bot_speaks(content: dict[str, Any]) -> None:
    # given: the happy path from the lookup, following NextAction
    path = []
    action = _action(content, content["StartAction"])
    while action["Type"] != "ConnectParticipantWithLexBot":
        path.append(action["Type"])
        action = _action(content, action["Transitions"]["NextAction"])
    # then
    assert path == [
        "InvokeLambdaFunction",
        "UpdateContactAttributes",
        "UpdateContactTextToSpeechVoice",
    ]
    voice = _by_type(content, "UpdateContactTextToSpeechVoice")
    assert {v["Parameters"]["TextToSpeechVoice"] for v in voice} == {
        "$.Attributes.voice_id",
        "Joanna",
    }
    assert action["Parameters"]["LexV2Bot"] == {"AliasArn": BOT}
    assert action["Parameters"]["LexSessionAttributes"] == {"persona_id": "$.Attributes.persona_id"}


def test_a_failed_lookup_still_reaches_the_bot_with_a_default_voice(
    content: dict[str, Any],
) -> None:
    start = _action(content, content["StartAction"])
    on_error = _action(content, start["Transitions"]["Errors"][0]["NextAction"])
    assert on_error["Parameters"]["Attributes"]["greeting_ssml"].startswith("<speak>")
    default_voice = _action(content, on_error["Transitions"]["NextAction"])
    assert default_voice["Parameters"]["TextToSpeechVoice"] == "Joanna"
    assert _action(content, default_voice["Transitions"]["NextAction"])["Type"] == (
        "ConnectParticipantWithLexBot"
    )


def test_escalate_true_transfers_to_the_queue(content: dict[str, Any]) -> None:
    (compare,) = _by_type(content, "Compare")
    assert compare["Parameters"]["ComparisonValue"] == "$.Lex.SessionAttributes.escalate"
    (branch,) = compare["Transitions"]["Conditions"]
    assert branch["Condition"] == {"Operator": "Equals", "Operands": ["true"]}
    note = _action(content, branch["NextAction"])
    assert note["Parameters"]["Attributes"] == {
        "escalation_reason": "$.Lex.SessionAttributes.escalation_reason",
        "handoff_summary": "$.Lex.SessionAttributes.handoff_summary",
    }
    set_queue = _action(content, note["Transitions"]["NextAction"])
    assert set_queue["Parameters"]["QueueId"] == QUEUE
    transfer = _action(content, set_queue["Transitions"]["NextAction"])
    assert transfer["Type"] == "TransferContactToQueue"
    assert {e["ErrorType"] for e in transfer["Transitions"]["Errors"]} == {
        "QueueAtCapacity",
        "NoMatchingError",
    }
    # no escalation: the call ends
    (no_match,) = compare["Transitions"]["Errors"]
    assert _action(content, no_match["NextAction"])["Type"] == "DisconnectParticipant"


def test_every_transition_points_at_an_action_in_the_flow(content: dict[str, Any]) -> None:
    identifiers = {a["Identifier"] for a in content["Actions"]}
    for action in content["Actions"]:
        transitions = action["Transitions"]
        targets = [transitions.get("NextAction")] if transitions.get("NextAction") else []
        targets += [c["NextAction"] for c in transitions.get("Conditions", [])]
        targets += [e["NextAction"] for e in transitions.get("Errors", [])]
        assert set(targets) <= identifiers, action["Type"]
    assert set(content["Metadata"]["ActionMetadata"]) == identifiers


def test_broken_graphs_are_refused_with_the_action_named() -> None:
    bye = DisconnectParticipant(name="bye")
    with pytest.raises(ValidationError, match="'hello' points at unknown 'nowhere'"):
        Flow(
            start="hello",
            actions=[
                MessageParticipant(
                    name="hello",
                    text="hi",
                    next="nowhere",
                    errors=[OnError(next="bye", error="NoMatchingError")],
                ),
                bye,
            ],
        )
    with pytest.raises(ValidationError, match=r"never reached .*\['orphan'\]"):
        Flow(
            start="bye",
            actions=[
                bye,
                MessageParticipant(
                    name="orphan",
                    text="hi",
                    next="bye",
                    errors=[OnError(next="bye", error="NoMatchingError")],
                ),
            ],
        )
    with pytest.raises(ValidationError, match="duplicate action names"):
        Flow(start="bye", actions=[bye, bye])


def test_actions_must_handle_their_errors() -> None:
    with pytest.raises(ValidationError, match="must handle \\['QueueAtCapacity'\\]"):
        TransferContactToQueue(
            name="transfer", next="bye", errors=[OnError(next="bye", error="NoMatchingError")]
        )
    with pytest.raises(ValidationError, match="must handle \\['NoMatchingCondition'\\]"):
        Compare(
            name="check", value="$.Attributes.x", conditions=[Condition(next="bye", operands=["1"])]
        )
    with pytest.raises(ValidationError, match="ends the flow"):
        DisconnectParticipant(name="bye", next="hello")


def test_identifiers_are_stable_uuids() -> None:
    assert action_id("talk") == action_id("talk") != action_id("transfer")
    assert len(action_id("talk")) == 36
