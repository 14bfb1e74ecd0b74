"""The fault chain: whatever the configured backend does, the caller gets a valid, timely answer."""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING, Any

import pytest

from runtime.agents.chain import FallbackChain, build_chain, validate_reply
from runtime.agents.exceptions import MalformedReply
from runtime.agents.types import Deadline, Reply, Turn
from runtime.config import RuntimeConfig
from runtime.invoke import FakeContext
from tests.events import load_event
from tests.runtime.backends import (
    CrashingBackend,
    EchoBackend,
    GarbageBackend,
    HangingBackend,
    SlowBackend,
    ThrottlingBackend,
    TruncatedBackend,
    UnavailableBackend,
)
from tests.runtime.fixtures import assert_valid_lex_response, persona, spoken_text

if TYPE_CHECKING:
    import io
    from collections.abc import Callable

    from runtime.app import App

BUDGET_S = 1.0  # turn budget in these tests; the chain keeps 0.3 s for the fallback
APOLOGY = "Bear with me, this is Joseph checking something."

FAULTS: dict[str, Callable[[], Any]] = {
    "throttled": ThrottlingBackend,
    "5xx": UnavailableBackend,
    "truncated stream": TruncatedBackend,
    "raises a bug": CrashingBackend,
    "hangs past the deadline": lambda: HangingBackend(seconds=5.0),
    "binary garbage": lambda: GarbageBackend(
        Reply(text="\x00\x01\xff\xfe\x02\x03", agent="diagnostic")
    ),
    "empty text": lambda: GarbageBackend(Reply(text="   ", agent="diagnostic")),
    "not a Reply": lambda: GarbageBackend({"text": "hello"}),
    "None": lambda: GarbageBackend(None),
    "unknown agent": lambda: GarbageBackend(Reply(text="hi", agent="hacker")),  # type: ignore[arg-type]
    "runaway text": lambda: GarbageBackend(Reply(text="la " * 20_000, agent="diagnostic")),
    "bad session": lambda: GarbageBackend(
        Reply(text="ok", agent="diagnostic", session={"n": 5})  # type: ignore[dict-item]
    ),
    "huge session": lambda: GarbageBackend(
        Reply(text="ok", agent="diagnostic", session={"k": "v" * 20_000})
    ),
}


def emf_lines(logs: io.StringIO) -> list[dict[str, Any]]:
    lines = [json.loads(line) for line in logs.getvalue().splitlines() if line.startswith("{")]
    return [line for line in lines if "_aws" in line]


@pytest.mark.parametrize("fault", list(FAULTS))
@pytest.mark.parametrize("event_name", ["lex-connect-voice-speech", "lex-text-chat"])
def test_every_fault_ends_in_a_valid_lex_answer_inside_the_deadline(
    fault: str,
    event_name: str,
    make_app: Callable[..., App],
    rt_logs: io.StringIO,
) -> None:
    # given a configured backend that fails in this way, with the local backend behind it
    fallback = EchoBackend(name="local")
    app = make_app(FAULTS[fault](), fallback, turn_budget_s=BUDGET_S, fallback_reserve_s=0.3)
    event = load_event(event_name)
    # when a caller's turn arrives
    started = time.monotonic()
    response = app.handle(event, FakeContext(30))
    elapsed = time.monotonic() - started
    # then the caller hears a valid answer, in time, with the persona's "bear with me"
    assert_valid_lex_response(response)
    assert elapsed < BUDGET_S, f"{fault}: answered after {elapsed:.2f} s"
    persona_id = event["sessionState"]["sessionAttributes"]["persona_id"]
    assert spoken_text(response).startswith(f"Bear with me, this is {persona_id.capitalize()}")
    assert response["sessionState"]["dialogAction"]["type"] == "ElicitIntent"
    assert len(fallback.turns) == 1
    # and the fallback is counted
    metrics = emf_lines(rt_logs)
    assert metrics and metrics[-1].get("Fallbacks") == [1.0]
    assert metrics[-1]["_aws"]["CloudWatchMetrics"][0]["Namespace"] == "HeadsetSupportAgent"


def test_a_hung_backend_does_not_hold_the_next_turns(make_app: Callable[..., App]) -> None:
    # given a backend that hangs every time
    hanging = HangingBackend(seconds=3.0)
    app = make_app(hanging, EchoBackend(name="local"), turn_budget_s=1.0, fallback_reserve_s=0.3)
    try:
        # when six turns arrive one after another (more than the four worker threads)
        started = time.monotonic()
        responses = [app.handle(load_event("lex-connect-voice-speech"), None) for _ in range(6)]
        elapsed = time.monotonic() - started
        # then each is answered by the fallback; once the workers are stuck, without waiting
        for response in responses:
            assert_valid_lex_response(response)
        assert hanging.calls == 4
        assert elapsed < 4 * 0.75 + 0.5
    finally:
        hanging.release.set()


def test_too_little_time_left_skips_the_primary(make_app: Callable[..., App]) -> None:
    # given a Lambda with only 0.5 s left (below margin + reserve + minimum)
    slow = SlowBackend(0.01)
    app = make_app(slow, EchoBackend(name="local"))
    started = time.monotonic()
    response = app.handle(load_event("lex-connect-voice-speech"), FakeContext(0.5))
    # then the local answer comes at once
    assert time.monotonic() - started < 0.3
    assert spoken_text(response).startswith("Bear with me")


def test_a_backend_inside_its_deadline_is_used_without_apology(
    make_app: Callable[..., App], rt_logs: io.StringIO
) -> None:
    app = make_app(SlowBackend(0.05), EchoBackend(name="local"), turn_budget_s=2.0)
    response = app.handle(load_event("lex-connect-voice-speech"), FakeContext(30))
    assert spoken_text(response) == "Try another USB port."
    assert "Fallbacks" not in emf_lines(rt_logs)[-1]


def test_when_the_fallback_fails_too_the_caller_is_handed_to_a_person(
    make_app: Callable[..., App],
) -> None:
    app = make_app(UnavailableBackend(), CrashingBackend(), turn_budget_s=1.0)
    response = app.handle(load_event("lex-connect-voice-speech"), FakeContext(30))
    assert_valid_lex_response(response)
    state = response["sessionState"]
    assert state["dialogAction"]["type"] == "Close"
    assert state["sessionAttributes"]["escalate"] == "true"
    assert state["sessionAttributes"]["escalation_reason"] == "agent_unavailable"
    assert "colleague" in spoken_text(response)


def test_primary_gets_the_deadline_minus_the_fallback_reserve() -> None:
    seen: list[float] = []

    class Recorder(EchoBackend):
        def respond(self, turn: Turn) -> Reply:
            seen.append(turn.deadline.remaining())
            return super().respond(turn)

    chain = FallbackChain(Recorder(), EchoBackend(), reserve_s=0.5)
    turn = Turn(
        text="hi", session_id="s", persona=persona("joseph"), deadline=Deadline.in_seconds(3.0)
    )
    chain.respond(turn)
    assert 2.3 < seen[0] <= 2.5


def test_real_local_backend_is_the_default_and_the_fallback(rt_content: Any) -> None:
    local_only = build_chain(RuntimeConfig.from_env({}, content_dir=str(rt_content)))
    assert type(local_only.primary).__name__ == "LocalAgentBackend"
    assert local_only.fallback is None


def test_real_local_backend_answers_after_a_throttled_primary(
    make_app: Callable[..., App],
) -> None:
    from runtime.agents.local import LocalAgentBackend

    app = make_app(ThrottlingBackend(), LocalAgentBackend(), turn_budget_s=2.0)
    response = app.handle(load_event("lex-connect-voice-speech"), FakeContext(30))
    assert_valid_lex_response(response)
    assert spoken_text(response).startswith("Bear with me")
    assert response["sessionState"]["sessionAttributes"]["last_agent"] in (
        "supervisor",
        "diagnostic",
        "platform",
        "escalation",
    )


def test_validate_reply_names_the_problem() -> None:
    with pytest.raises(MalformedReply, match="empty"):
        validate_reply(Reply(text="", agent="diagnostic"))
    with pytest.raises(MalformedReply, match="unknown category"):
        validate_reply(Reply(text="ok", agent="diagnostic", category="toaster"))  # type: ignore[arg-type]
    # an escalation may come without words: the persona's phrase is used
    assert validate_reply(Reply(text="", agent="escalation", escalate=True)).escalate
