"""Every way the Lambda hands a caller to a person reaches the queue in the contact flow."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from infra.flow import headset_flow
from runtime.agents.chain import FallbackChain
from runtime.app import App, hardcoded_lex_reply
from runtime.config import RuntimeConfig
from tests.events import load_event
from tests.infra.flow_walk import LexOutcome, walk
from tests.runtime.backends import EchoBackend
from tests.runtime.fixtures import write_content

if TYPE_CHECKING:
    from pathlib import Path

QUEUE = "arn:aws:connect:us-east-1:123456789012:instance/i/queue/q"
TRANSFERRED = "TransferContactToQueue"


@pytest.fixture(scope="module")
def content() -> dict[str, Any]:
    return headset_flow(
        function_arn="arn:aws:lambda:us-east-1:123456789012:function:agent:live",
        bot_alias_arn="arn:aws:lex:us-east-1:123456789012:bot-alias/BOTID/ALIASID",
        queue_arn=QUEUE,
    ).to_content()


def _app(tmp_path: Path, backend: EchoBackend) -> App:
    config = RuntimeConfig.from_env({}, content_dir=str(write_content(tmp_path / "content")))
    return App(config, chain=FallbackChain(backend, None))


def _backend_escalates(tmp_path: Path) -> dict[str, Any]:
    app = _app(tmp_path, EchoBackend(escalate=True))
    return app.handle(load_event("lex-connect-voice-speech"), None)


def _third_error_in_a_row(tmp_path: Path) -> dict[str, Any]:
    app = _app(tmp_path, EchoBackend())
    event = {**load_event("lex-connect-voice-speech"), "inputMode": "Video"}  # malformed
    for _ in range(2):
        response = app.handle(event, None)
        event["sessionState"]["sessionAttributes"] = response["sessionState"]["sessionAttributes"]
    return app.handle(event, None)


def _no_persona_at_all(tmp_path: Path) -> dict[str, Any]:
    return hardcoded_lex_reply()


@pytest.mark.parametrize(
    "escalation", [_backend_escalates, _third_error_in_a_row, _no_persona_at_all]
)
def test_every_escalation_reaches_the_queue(
    content: dict[str, Any], tmp_path: Path, escalation: Any
) -> None:
    # given the Lambda's last answer to the bot in this kind of escalation
    response = escalation(tmp_path)
    # when the contact flow carries on from the Lex block
    path = walk(content, LexOutcome.of(response))
    # then the caller is transferred to the queue, not sent down the error branch
    assert path[-1] == TRANSFERRED, path
    assert "MessageParticipant" not in path  # the "nobody is free" message of the error path


def test_a_finished_conversation_ends_the_call(content: dict[str, Any], tmp_path: Path) -> None:
    response = _app(tmp_path, EchoBackend(end_conversation=True)).handle(
        load_event("lex-connect-voice-speech"), None
    )
    assert walk(content, LexOutcome.of(response))[-3:] == [
        "ConnectParticipantWithLexBot",
        "Compare",
        "DisconnectParticipant",
    ]
