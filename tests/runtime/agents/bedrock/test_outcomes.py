"""Cloud backends end conversations too: their hand-offs get an outcome line with a code."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from runtime.invoke import FakeContext
from tests.events import load_event
from tests.runtime.agents.bedrock.conftest import make_backend
from tests.runtime.backends import EchoBackend

if TYPE_CHECKING:
    import io
    from collections.abc import Callable
    from pathlib import Path

    from runtime.app import App
    from tests.support.bedrock_endpoint import FakeBedrock


def test_a_converse_transfer_writes_an_escalated_outcome_with_a_reason_code(
    bedrock_endpoint: FakeBedrock,
    agents_dir: Path,
    make_app: Callable[..., App],
    rt_logs: io.StringIO,
) -> None:
    # given Converse answering with the escalation tool (the endpoint's tool_use scenario)
    bedrock_endpoint.use("tool_use")
    app = make_app(make_backend("converse", bedrock_endpoint, agents_dir), EchoBackend("local"))
    # when the turn is answered
    response = app.handle(load_event("lex-connect-voice-speech"), FakeContext(30))
    # then one escalated outcome, with a reason code, and the session says it ended
    assert response["sessionState"]["sessionAttributes"]["outcome"] == "escalated"
    (line,) = (
        json.loads(x) for x in rt_logs.getvalue().splitlines() if '"conversation ended"' in x
    )
    assert (line["outcome"], line["backend"]) == ("escalated", "converse")
    assert line["reason"] == bedrock_endpoint.escalation_reason == "damage"
