"""Every endpoint scenario, through the real handler and chain, ends in a valid Lex reply."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import pytest

from runtime.invoke import FakeContext
from tests.events import load_event
from tests.runtime.agents.bedrock.conftest import BACKEND_NAMES, make_backend
from tests.runtime.backends import EchoBackend
from tests.runtime.fixtures import assert_valid_lex_response, spoken_text
from tests.runtime.test_chain import emf_lines
from tests.support.bedrock_endpoint import SCENARIOS

if TYPE_CHECKING:
    import io
    from collections.abc import Callable
    from pathlib import Path

    from runtime.app import App
    from tests.support.bedrock_endpoint import FakeBedrock, Scenario

BUDGET_S = 2.5  # generous: three sequential calls on a shared, busy test machine
FAILING = {
    "throttle",
    "server_error",
    "slow",
    "cut_mid_frame",
    "truncated",
    "bad_crc",
    "garbage",
    "empty",
}
ESCALATED = {("bedrock-agents", "return_control"), ("converse", "tool_use")}


@pytest.mark.parametrize("scenario", SCENARIOS)
@pytest.mark.parametrize("name", BACKEND_NAMES)
def test_every_scenario_ends_in_a_valid_lex_response_in_time(
    name: str,
    scenario: Scenario,
    bedrock_endpoint: FakeBedrock,
    agents_dir: Path,
    make_app: Callable[..., App],
) -> None:
    # given the cloud backend in front of the local one, and Bedrock behaving this way
    bedrock_endpoint.use(scenario)
    bedrock_endpoint.slow_s = 2 * BUDGET_S
    fallback = EchoBackend(name="local")
    app = make_app(
        make_backend(name, bedrock_endpoint, agents_dir),
        fallback,
        turn_budget_s=BUDGET_S,
        fallback_reserve_s=0.3,
    )
    # when a caller's voice turn arrives
    started = time.monotonic()
    response = app.handle(load_event("lex-connect-voice-speech"), FakeContext(30))
    elapsed = time.monotonic() - started
    # then Lex gets a valid response inside the turn budget
    assert_valid_lex_response(response)
    assert elapsed < BUDGET_S, f"{name}/{scenario}: {elapsed:.2f} s"
    attributes = response["sessionState"].get("sessionAttributes") or {}
    if (name, scenario) in ESCALATED:
        assert attributes.get("escalate") == "true"
        assert response["sessionState"]["dialogAction"]["type"] == "Close"
    failed = scenario in FAILING or (name, scenario) == ("bedrock-agents", "stream_exception")
    # and the local backend answered exactly when Bedrock failed, with the persona's apology
    assert bool(fallback.turns) == failed
    if failed:
        assert spoken_text(response).startswith("Bear with me")


def test_a_converse_turn_reports_the_tokens_it_cost(
    bedrock_endpoint: FakeBedrock,
    agents_dir: Path,
    make_app: Callable[..., App],
    rt_logs: io.StringIO,
) -> None:
    # given a normal Converse answer (the endpoint reports 812 input and 64 output tokens)
    bedrock_endpoint.use("normal")
    app = make_app(make_backend("converse", bedrock_endpoint, agents_dir), EchoBackend("local"))
    # when a caller's turn is answered
    app.handle(load_event("lex-connect-voice-speech"), FakeContext(30))
    # then the turn's EMF line carries the token counts
    blob = emf_lines(rt_logs)[-1]
    assert sum(blob["BackendInputTokens"]) >= 812
    assert sum(blob["BackendOutputTokens"]) >= 64
