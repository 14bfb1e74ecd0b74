"""One escalation path with the Converse backend, against the local Bedrock endpoint.

Only Escalation may transfer a caller; the others hand the caller to Escalation, which asks its
questions first unless it is a safety event, and the transfer phrase is said only as the
transfer happens.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from runtime.agents.converse.types import HANDOFF_ATTR
from runtime.constants import ATTR_LAST_CATEGORY
from tests.runtime.agents.bedrock.conftest import make_backend
from tests.support.bedrock_endpoint import ModelSays

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from pathlib import Path

    from runtime.agents.converse.types import Route
    from runtime.agents.types import AgentName, Turn
    from tests.support.bedrock_endpoint import FakeBedrock

TRANSFER = "I'll put you through to a colleague now. Tangerine signing off."  # test persona


class Router:
    """Routes every turn to one agent and counts how often it was asked."""

    def __init__(self, agent: AgentName = "diagnostic") -> None:
        self.route: Route = (agent, "usb" if agent != "escalation" else None)
        self.calls = 0

    def __call__(self, text: str, session: Mapping[str, str]) -> Route:
        self.calls += 1
        return self.route


def offered(endpoint: FakeBedrock, index: int) -> list[str]:
    body = endpoint.calls("converse")[index].body
    return [t["toolSpec"]["name"] for t in body["toolConfig"]["tools"]]


@pytest.mark.parametrize(
    ("agent", "tool"),
    [
        ("supervisor", "hand_to_escalation"),
        ("diagnostic", "hand_to_escalation"),
        ("platform", "hand_to_escalation"),
        ("escalation", "escalate_to_human"),
    ],
)
def test_only_escalation_is_given_the_transfer(
    agent: AgentName,
    tool: str,
    bedrock_endpoint: FakeBedrock,
    agents_dir: Path,
    make_turn: Callable[..., Turn],
) -> None:
    backend = make_backend("converse", bedrock_endpoint, agents_dir, router=Router(agent))
    # when a turn is answered by each agent
    backend.respond(make_turn("my usb headset is not detected"))
    # then the model is offered exactly one tool: the transfer for Escalation, else the hand-over
    assert offered(bedrock_endpoint, 0) == [tool]


def test_a_hand_over_lets_escalation_ask_first_then_transfer(
    bedrock_endpoint: FakeBedrock, agents_dir: Path, make_turn: Callable[..., Turn]
) -> None:
    router = Router("diagnostic")
    backend = make_backend("converse", bedrock_endpoint, agents_dir, router=router)
    # given Diagnostic has run out of steps and hands the caller over; Escalation asks a question
    bedrock_endpoint.script(
        ModelSays(
            tool="hand_to_escalation",
            input={"reason": "steps_exhausted", "summary": "Tried two ports and a restart."},
        ),
        ModelSays(text="Sure. Can I take your name?"),
    )
    # when the caller agrees to a person
    asked = backend.respond(make_turn("yes please, get me someone"))
    # then Escalation asks its question in the same turn, and nobody claims a transfer yet
    assert (asked.text, asked.agent, asked.escalate) == (
        "Sure. Can I take your name?",
        "escalation",
        False,
    )
    escalation_call = bedrock_endpoint.calls("converse")[1].body
    assert "Escalation specialist" in escalation_call["system"][0]["text"]
    note = escalation_call["system"][2]["text"]
    assert 'reason="steps_exhausted"' in note and "Tried two ports" in note
    assert offered(bedrock_endpoint, 1) == ["escalate_to_human"]

    # given Escalation has what it needs after the caller's answer
    bedrock_endpoint.reset()
    bedrock_endpoint.script(
        ModelSays(
            tool="escalate_to_human",
            input={"reason": "steps_exhausted", "summary": "Sam, Leeds team. USB not detected."},
        )
    )
    # when the caller gives their name (words the router would send to Diagnostic)
    transferred = backend.respond(
        make_turn("it's Sam from the Leeds team, usb headset", session=asked.session)
    )
    # then Escalation answered without routing or retrieval, and the transfer happens now,
    # in the persona's transfer phrase
    assert router.calls == 1
    assert bedrock_endpoint.calls("retrieve") == []
    assert transferred.escalate and transferred.escalation_reason == "steps_exhausted"
    assert transferred.text == TRANSFER
    assert HANDOFF_ATTR not in transferred.session


def test_a_safety_event_is_transferred_in_the_same_turn_after_what_to_do(
    bedrock_endpoint: FakeBedrock, agents_dir: Path, make_turn: Callable[..., Turn]
) -> None:
    backend = make_backend("converse", bedrock_endpoint, agents_dir, router=Router("diagnostic"))
    # given Diagnostic hands over a safety event and Escalation transfers without questions
    bedrock_endpoint.script(
        ModelSays(
            tool="hand_to_escalation",
            input={"reason": "safety", "summary": "Loud screech, ear pain. Report the incident."},
        ),
        ModelSays(
            text="Please take the headset off and keep it off.",
            tool="escalate_to_human",
            input={"reason": "safety", "summary": "Acoustic incident: loud screech, ear pain."},
        ),
    )
    # when the caller reports the screech
    reply = backend.respond(make_turn("a loud screech came through my usb headset, my ear hurts"))
    # then one turn tells them what to do, then transfers with the safety reason
    assert reply.escalate and reply.escalation_reason == "safety"
    assert reply.text == f"Please take the headset off and keep it off. {TRANSFER}"


def test_when_escalation_cannot_answer_a_hand_over_the_caller_is_transferred_at_once(
    bedrock_endpoint: FakeBedrock, agents_dir: Path, make_turn: Callable[..., Turn]
) -> None:
    backend = make_backend("converse", bedrock_endpoint, agents_dir, router=Router("platform"))
    # given Platform hands over at the stop rule, and Bedrock then refuses Escalation's call twice
    bedrock_endpoint.script(
        ModelSays(
            tool="hand_to_escalation",
            input={"reason": "admin_rights", "summary": "Windows asked for an admin password."},
        ),
        "throttle",
        "throttle",
    )
    # when the caller says Windows wants an administrator password
    reply = backend.respond(make_turn("it's asking me for an admin password"))
    # then the caller still reaches a person, with Platform's reason
    assert reply.escalate and reply.escalation_reason == "admin_rights"
    assert reply.text == TRANSFER


def test_a_garbled_hand_over_attribute_does_not_hold_the_caller_in_escalation(
    bedrock_endpoint: FakeBedrock, agents_dir: Path, make_turn: Callable[..., Turn]
) -> None:
    router = Router("diagnostic")
    backend = make_backend("converse", bedrock_endpoint, agents_dir, router=router)
    # given a session whose hand-over attribute is not what the backend wrote
    session = {HANDOFF_ATTR: "{not json", ATTR_LAST_CATEGORY: "usb"}
    # when the caller goes on
    reply = backend.respond(make_turn("my usb headset is not detected", session=session))
    # then the turn is routed as usual
    assert router.calls == 1 and reply.agent == "diagnostic"
