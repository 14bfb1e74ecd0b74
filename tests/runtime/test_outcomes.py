"""One outcome line per conversation: fixed, escalated, left from the turn that ends it;
abandoned from the contact flow's disconnect path. Through the real handler and backends."""

from __future__ import annotations

import io
import json
from typing import TYPE_CHECKING, Any, get_args

import pytest

from runtime.chat import Conversation, build_app, find_persona
from runtime.handler import lambda_handler, reset_app
from runtime.invoke import FakeContext
from runtime.outcomes.insights import OUTCOME_KINDS
from runtime.outcomes.reasons import reason_code
from runtime.outcomes.types import OutcomeKind
from tests.events import load_event
from tests.runtime.backends import EchoBackend
from tests.support.lex_runtime_endpoint import FakeLexRuntime

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from runtime.app import App

FIXED = [
    "my usb headset isn't showing up on my laptop at all",
    "ok I'm not ready now",
    "done, nothing",
    "oh there it is, it works now!",
]
ESCALATED = [
    "my usb headset isn't showing up on my laptop at all",
    "ok I'm not ready now",
    "I want to talk to a person",
]
LEFT = ["my bluetooth headset keeps disconnecting", "ok thanks, bye"]
OPEN = ["people can't hear me on calls, number is 206 555 0123", "it's wired usb"]


def outcome_lines(logs: io.StringIO) -> list[dict[str, Any]]:
    lines = [json.loads(line) for line in logs.getvalue().splitlines()]
    return [line for line in lines if line.get("message") == "conversation ended"]


def emf_outcome_lines(logs: io.StringIO) -> list[dict[str, Any]]:
    lines = [json.loads(line) for line in logs.getvalue().splitlines()]
    return [line for line in lines if "Conversations" in line]


@pytest.fixture
def chat() -> Iterator[tuple[App, io.StringIO]]:
    """The chat tool's runtime (local backend, real content), logging to a buffer."""
    logs = io.StringIO()
    app = build_app(stream=logs)
    yield app, logs
    reset_app(None)


def talk(app: App, lines: list[str], session_id: str) -> Conversation:
    conversation = Conversation(app, find_persona(app, "tangerine"), session_id=session_id)
    for line in lines:
        conversation.say(line)
    return conversation


def test_a_scripted_session_writes_one_outcome_line_per_call(
    chat: tuple[App, io.StringIO],
) -> None:
    app, logs = chat
    # given three callers: one fixed on the second step, one asks for a person, one says bye
    talk(app, FIXED, "c-fixed")
    talk(app, ESCALATED, "c-escalated")
    talk(app, LEFT, "c-left")
    # then each call wrote exactly one outcome line, from the turn that ended it
    lines = outcome_lines(logs)
    by_call = {line["correlation_id"]: line for line in lines}
    assert len(lines) == 3 and set(by_call) == {"c-fixed", "c-escalated", "c-left"}
    fixed = by_call["c-fixed"]
    assert (fixed["outcome"], fixed["category"]) == ("fixed", "usb")
    assert (fixed["article"], fixed["step"]) == ("usb/not-detected.md", 2)
    assert fixed["trail"] == ["usb/not-detected.md#1 no_change", "usb/not-detected.md#2 fixed"]
    assert fixed["steps_tried"] == 2 and fixed["turns"] == 4 and fixed["duration_s"] >= 0
    assert (fixed["persona"], fixed["backend"], fixed["earlier"]) == ("tangerine", "local", "")
    escalated = by_call["c-escalated"]
    assert (escalated["outcome"], escalated["reason"]) == ("escalated", "caller_request")
    assert escalated["article"] == "usb/not-detected.md" and escalated["turns"] == 3
    left = by_call["c-left"]
    assert (left["outcome"], left["category"], left["turns"]) == ("left", "bluetooth", 2)
    assert left["article"].startswith("bluetooth/")


def test_the_outcome_line_never_carries_the_callers_words_or_numbers(
    chat: tuple[App, io.StringIO],
) -> None:
    app, logs = chat
    # given a caller who hangs up and one who says goodbye, both giving a phone number
    talk(app, OPEN, "c-words").hang_up()
    talk(app, ["my bluetooth headset keeps dropping, I'm on 206 555 0123", "ok thanks, bye"], "c-b")
    # then neither outcome line quotes them
    lines = outcome_lines(logs)
    assert [x["outcome"] for x in lines] == ["abandoned", "left"]
    text = json.dumps(lines)
    for word in ("people", "wired", "number", "dropping", "555", "0123", "bye"):
        assert word not in text, word


def test_emf_counts_each_conversation_by_outcome_and_category_only(
    chat: tuple[App, io.StringIO],
) -> None:
    app, logs = chat
    talk(app, FIXED, "c-1")
    talk(app, LEFT, "c-2")
    blobs = emf_outcome_lines(logs)
    assert [(b["outcome"], b["category"]) for b in blobs] == [
        ("fixed", "usb"),
        ("left", "bluetooth"),
    ]
    for blob in blobs:
        (directive,) = blob["_aws"]["CloudWatchMetrics"]
        (dimensions,) = directive["Dimensions"]
        assert sorted(dimensions) == ["category", "outcome", "service"]
        assert blob["Conversations"] == [1.0]
    assert blobs[0]["ConversationTurns"] == [4.0]


def test_a_hang_up_mid_call_is_abandoned_once_and_an_ended_call_stays_as_it_was(
    chat: tuple[App, io.StringIO],
) -> None:
    app, logs = chat
    # given a caller who hangs up mid-troubleshooting, and one who hung up after the fix
    talk(app, OPEN, "c-open").hang_up()
    done = talk(app, FIXED, "c-done")
    response = lambda_handler(_ended(done.session_id), FakeContext(3))
    # then the open call is abandoned, where it stood; the fixed one keeps its one line
    assert response == {"status": "ok", "outcome": "none"}
    lines = outcome_lines(logs)
    assert [(x["correlation_id"], x["outcome"]) for x in lines] == [
        ("c-open", "abandoned"),
        ("c-done", "fixed"),
    ]
    abandoned = lines[0]
    assert abandoned["reason"] == "disconnected" and abandoned["turns"] == 2
    assert abandoned["article"].startswith("usb/") and abandoned["step"] >= 1
    assert abandoned["backend"] == "local" and abandoned["persona"] == "tangerine"


def test_a_later_turn_in_the_same_session_is_a_new_conversation_with_its_own_outcome(
    chat: tuple[App, io.StringIO],
) -> None:
    app, logs = chat
    conversation = talk(app, LEFT, "c-again")
    for line in FIXED:
        conversation.say(line)
    assert [x["outcome"] for x in outcome_lines(logs)] == ["left", "fixed"]
    assert outcome_lines(logs)[1]["turns"] == 4


def _ended(contact_id: str) -> dict[str, Any]:
    event = load_event("connect-contact-ended")
    event["Details"]["ContactData"]["ContactId"] = contact_id
    return event


# ---- the disconnect path in Lambda: Lex GetSession over HTTP ---------------------------------


@pytest.fixture
def lex_runtime(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeLexRuntime]:
    fake = FakeLexRuntime().start()
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_REGION": "us-east-1",
        "AWS_ENDPOINT_URL_LEX_RUNTIME_V2": fake.url,
    }.items():
        monkeypatch.setenv(name, value)
    yield fake
    fake.stop()


def test_the_lambda_reads_the_lex_session_of_a_contact_that_ended(
    lex_runtime: FakeLexRuntime, make_app: Callable[..., App], rt_logs: io.StringIO
) -> None:
    # given a conversation the local engine left open, as Lex keeps it for the contact
    logs = io.StringIO()
    chat_app = build_app(stream=logs)
    open_call = talk(chat_app, OPEN, "8f3c2a1e-5b7d-4c9a-9e21-6d4b0f7a3c55")
    reset_app(None)
    lex_runtime.put("HEADSETBOT", "LIVEALIAS1", "en_US", open_call.session_id, open_call.session)
    app = make_app()  # the Lambda's runtime: Lex sessions through GetSession
    # when the disconnect flow reports the contact ended
    response = app.handle(load_event("connect-contact-ended"), FakeContext(3))
    # then the session was read by the ids in the bot alias ARN, and the call is abandoned
    assert response == {"status": "ok", "outcome": "abandoned"}
    assert lex_runtime.requests == [
        ("HEADSETBOT", "LIVEALIAS1", "en_US", "8f3c2a1e-5b7d-4c9a-9e21-6d4b0f7a3c55")
    ]
    (line,) = outcome_lines(rt_logs)
    assert (line["outcome"], line["reason"], line["turns"]) == ("abandoned", "disconnected", 2)
    assert line["article"] == open_call.session["last_article"] and line["step"] >= 1
    assert "555" not in json.dumps(line)


def test_a_contact_without_a_lex_session_had_no_conversation(
    lex_runtime: FakeLexRuntime, make_app: Callable[..., App], rt_logs: io.StringIO
) -> None:
    response = make_app().handle(load_event("connect-contact-ended"), FakeContext(3))
    assert response == {"status": "ok", "outcome": "none"}
    assert outcome_lines(rt_logs) == []


def test_a_disconnect_flow_without_the_bot_alias_is_told_what_to_set(
    lex_runtime: FakeLexRuntime, make_app: Callable[..., App]
) -> None:
    event = load_event("connect-contact-ended")
    del event["Details"]["Parameters"]["bot_alias_arn"]
    response = make_app().handle(event, FakeContext(3))
    assert response["status"] == "error"
    assert "bot_alias_arn" in response["error"] and "disconnect flow" in response["error"]
    event["Details"]["Parameters"]["bot_alias_arn"] = "arn:aws:lex:us-east-1:1:bot/NOPE"
    response = make_app().handle(event, FakeContext(3))
    assert "is not a Lex V2 bot alias ARN" in response["error"]
    assert lex_runtime.requests == []


def test_a_cloud_conversation_left_open_is_abandoned_with_what_the_session_says(
    lex_runtime: FakeLexRuntime, make_app: Callable[..., App], rt_logs: io.StringIO
) -> None:
    session = {
        "persona_id": "joseph",
        "last_agent": "diagnostic",
        "last_category": "bluetooth",
        "last_article": "bluetooth/pairing-mode.md",
        "cv_history": "[]",
    }
    contact = "8f3c2a1e-5b7d-4c9a-9e21-6d4b0f7a3c55"
    lex_runtime.put("HEADSETBOT", "LIVEALIAS1", "en_US", contact, session)
    app = make_app(EchoBackend("converse"), None, agent_backend="converse")
    assert app.handle(load_event("connect-contact-ended"), FakeContext(3))["outcome"] == (
        "abandoned"
    )
    (line,) = outcome_lines(rt_logs)
    assert (line["category"], line["article"], line["persona"]) == (
        "bluetooth",
        "bluetooth/pairing-mode.md",
        "joseph",
    )
    assert line["backend"] == "converse" and "turns" not in line  # the engine alone counts


def test_the_queries_know_every_outcome() -> None:
    assert get_args(OutcomeKind) == OUTCOME_KINDS


# ---- reasons --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("said", "code"),
    [
        ("caller_request", "caller_request"),
        ("time_limit", "time_limit"),
        ("The caller asked for a human", "caller_request"),
        ("battery is hot and smells", "safety"),
        ("cable is frayed", "damage"),
        ("needs a warranty replacement", "replacement"),
        ("", "other"),
        ("the moon is full", "other"),
    ],
)
def test_a_free_text_hand_off_reason_becomes_a_code(said: str, code: str) -> None:
    assert reason_code(said) == code
