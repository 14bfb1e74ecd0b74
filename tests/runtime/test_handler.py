"""The Lambda entry point: every kind of event, every bad input, never an unhandled exception."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest

from runtime import handler
from runtime.invoke import FakeContext
from tests.events import load_event
from tests.runtime.backends import EchoBackend
from tests.runtime.fixtures import assert_valid_lex_response, spoken_text

if TYPE_CHECKING:
    import io
    from collections.abc import Callable, Iterator
    from pathlib import Path

    from runtime.app import App


def log_lines(logs: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in logs.getvalue().splitlines() if line.startswith("{")]


@pytest.fixture
def echo() -> EchoBackend:
    return EchoBackend()


@pytest.fixture
def app(make_app: Callable[..., App], echo: EchoBackend) -> App:
    return make_app(echo)


# ------------------------------------------------------------------ Lex turns


def test_voice_turn_gets_persona_ssml_and_keeps_talking(app: App, echo: EchoBackend) -> None:
    response = app.handle(load_event("lex-connect-voice-speech"), FakeContext(30))
    assert_valid_lex_response(response)
    message = response["messages"][0]
    assert message["contentType"] == "SSML"
    assert message["content"].startswith('<speak><prosody rate="95%" volume="medium">')
    assert response["sessionState"]["dialogAction"] == {"type": "ElicitIntent"}
    # the backend saw the persona the contact flow chose and a voice channel
    assert echo.turns[0].persona.id == "joseph"
    assert echo.turns[0].channel == "voice"
    attrs = response["sessionState"]["sessionAttributes"]
    assert attrs["persona_id"] == "joseph"
    assert (attrs["last_agent"], attrs["last_category"]) == ("diagnostic", "usb")
    assert attrs["last_article"] == "usb/not-detected.md"


def test_chat_turn_gets_plain_text(app: App, echo: EchoBackend) -> None:
    response = app.handle(load_event("lex-text-chat"), None)
    assert response["messages"][0] == {
        "contentType": "PlainText",
        "content": "You said: bluetooth earbuds connected but no sound",
    }
    assert echo.turns[0].channel == "chat"


def test_keypad_presses_become_words(app: App, echo: EchoBackend) -> None:
    app.handle(load_event("lex-connect-voice-dtmf"), None)
    assert echo.turns[0].text == "yes"


@pytest.mark.parametrize(
    "name",
    [
        "sam-lexv2-book-car",
        "sam-lexv2-book-hotel",
        "sam-lexv2-banking-bot",
        "dotnet-lexv2-event",
        "connect-chat-lexv2-help",
        "connect-chat-lexv2-talk-to-agent",
        "lex-fulfillment",
    ],
)
def test_published_and_our_lex_events_get_valid_responses(app: App, name: str) -> None:
    assert_valid_lex_response(app.handle(load_event(name), FakeContext(30)))


def test_escalation_closes_with_the_flag_the_contact_flow_reads(
    make_app: Callable[..., App], rt_logs: io.StringIO
) -> None:
    app = make_app(EchoBackend(escalate=True))
    response = app.handle(load_event("lex-fulfillment"), None)
    assert_valid_lex_response(response)
    state = response["sessionState"]
    assert state["dialogAction"] == {"type": "Close"}
    assert state["intent"]["name"] == "FallbackIntent"
    assert state["sessionAttributes"]["escalate"] == "true"
    assert state["sessionAttributes"]["escalation_reason"] == "caller_request"
    emf = [line for line in log_lines(rt_logs) if "_aws" in line][-1]
    assert emf["Escalations"] == [1.0]


def test_escalation_without_words_uses_the_persona_phrase(make_app: Callable[..., App]) -> None:
    from runtime.agents.types import Reply

    class Silent(EchoBackend):
        def respond(self, turn: Any) -> Reply:
            return Reply(text="", agent="escalation", escalate=True, escalation_reason="damage")

    response = make_app(Silent()).handle(load_event("lex-connect-voice-speech"), None)
    assert spoken_text(response) == "I'll put you through to a colleague now. Joseph signing off."


def test_a_hand_off_summary_reaches_the_flow_and_the_log_without_phone_numbers(
    make_app: Callable[..., App], rt_logs: io.StringIO
) -> None:
    from runtime.agents.types import Reply

    class Summarising(EchoBackend):
        def respond(self, turn: Any) -> Reply:
            return Reply(
                text="Transferring you.",
                agent="escalation",
                escalate=True,
                escalation_reason="hardware_fault",
                handoff_summary="Headset dead on two PCs; caller is on 07700 900123. " * 20,
            )

    response = make_app(Summarising()).handle(load_event("lex-connect-voice-speech"), None)
    note = response["sessionState"]["sessionAttributes"]["handoff_summary"]
    assert note.startswith("Headset dead on two PCs; caller is on [number].")
    assert "900123" not in note and len(note) <= 600
    logged = [line for line in log_lines(rt_logs) if line.get("message") == "turn answered"][-1]
    assert logged["handoff_summary"] == note


def test_solved_problem_closes_with_the_answer(make_app: Callable[..., App]) -> None:
    response = make_app(EchoBackend(end_conversation=True)).handle(
        load_event("lex-text-chat"), None
    )
    assert response["sessionState"]["dialogAction"] == {"type": "Close"}
    assert response["sessionState"]["intent"]["state"] == "Fulfilled"
    assert "escalate" not in response["sessionState"]["sessionAttributes"]


def test_a_stale_escalate_flag_is_not_carried_into_a_normal_turn(app: App) -> None:
    event = load_event("lex-connect-voice-speech")
    event["sessionState"]["sessionAttributes"].update(escalate="true", escalation_reason="x")
    attrs = app.handle(event, None)["sessionState"]["sessionAttributes"]
    assert "escalate" not in attrs and "escalation_reason" not in attrs


# ------------------------------------------------------------------ bad caller input


def test_a_100kb_transcript_is_bounded_before_the_backend(app: App, echo: EchoBackend) -> None:
    event = load_event("lex-connect-voice-speech")
    event["inputTranscript"] = "my headset " * 10_000
    response = app.handle(event, None)
    assert_valid_lex_response(response)
    assert len(echo.turns[0].text) <= 1000


def test_control_characters_never_reach_the_backend_or_the_caller(
    app: App, echo: EchoBackend
) -> None:
    event = load_event("lex-connect-voice-speech")
    event["inputTranscript"] = "no\x00 sound\x07 from\x1b[2J my\u202e headset\ufeff"
    response = app.handle(event, None)
    assert_valid_lex_response(response)
    assert echo.turns[0].text == "no sound from my headset"


def test_ssml_in_the_callers_words_is_spoken_not_executed(app: App) -> None:
    event = load_event("lex-connect-voice-speech")
    event["inputTranscript"] = '</prosody></speak><speak><audio src="http://x"/>'
    response = app.handle(event, None)
    assert_valid_lex_response(response)
    content = response["messages"][0]["content"]
    assert "<audio" not in content
    assert "&lt;audio" in content
    assert spoken_text(response).endswith('<audio src="http://x"/>')


def test_silence_still_reaches_the_backend_as_empty_text(app: App, echo: EchoBackend) -> None:
    event = load_event("lex-connect-voice-speech")
    event["inputTranscript"] = ""
    assert_valid_lex_response(app.handle(event, None))
    assert echo.turns[0].text == ""


def test_unknown_persona_is_served_by_the_default(app: App, echo: EchoBackend) -> None:
    event = load_event("lex-connect-voice-speech")
    event["sessionState"]["sessionAttributes"]["persona_id"] = "no-such-persona"
    assert_valid_lex_response(app.handle(event, None))
    assert echo.turns[0].persona.id == "tangerine"


# ------------------------------------------------------------------ malformed events


def _without(path: tuple[str, ...]) -> dict[str, Any]:
    event = load_event("lex-connect-voice-speech")
    target = event
    for key in path[:-1]:
        target = target[key]
    del target[path[-1]]
    return event


MALFORMED_LEX: dict[str, Callable[[], Any]] = {
    "no sessionId": lambda: _without(("sessionId",)),
    "no inputTranscript": lambda: _without(("inputTranscript",)),
    "no bot": lambda: _without(("bot",)),
    "no sessionState": lambda: _without(("sessionState",)),
    "transcript is a number": lambda: {
        **load_event("lex-connect-voice-speech"),
        "inputTranscript": 7,
    },
    "unknown invocation source": lambda: {
        **load_event("lex-connect-voice-speech"),
        "invocationSource": "PreSignUp",
    },
    "unknown input mode": lambda: {**load_event("lex-connect-voice-speech"), "inputMode": "Video"},
    "session attributes are a list": lambda: {
        **load_event("lex-connect-voice-speech"),
        "sessionState": {"sessionAttributes": ["persona_id"]},
    },
    "only invocationSource": lambda: {"invocationSource": "DialogCodeHook"},
}


@pytest.mark.parametrize("case", list(MALFORMED_LEX))
def test_malformed_lex_events_get_a_safe_spoken_reply(
    case: str, app: App, echo: EchoBackend, rt_logs: io.StringIO
) -> None:
    response = app.handle(MALFORMED_LEX[case](), None)
    assert_valid_lex_response(response)
    assert spoken_text(response) == "Sorry, I didn't catch that. Could you say it again?"
    assert echo.turns == []
    errors = [line for line in log_lines(rt_logs) if line.get("level") == "ERROR"]
    assert errors and errors[-1]["message"] == "malformed Lex V2 event"
    assert errors[-1]["problem"].startswith("field '")


def test_malformed_events_keep_the_session_and_ssml_of_the_call(app: App) -> None:
    event = {**load_event("lex-connect-voice-speech"), "inputMode": "Video"}
    response = app.handle(event, None)
    assert response["messages"][0]["contentType"] == "SSML"
    assert response["sessionState"]["sessionAttributes"]["persona_id"] == "joseph"


def test_three_broken_turns_in_a_row_hand_the_caller_to_a_person(app: App) -> None:
    event = {**load_event("lex-connect-voice-speech"), "inputMode": "Video"}
    for _ in range(2):
        response = app.handle(event, None)
        assert response["sessionState"]["dialogAction"]["type"] == "ElicitIntent"
        event["sessionState"]["sessionAttributes"] = response["sessionState"]["sessionAttributes"]
    response = app.handle(event, None)
    assert_valid_lex_response(response)
    assert response["sessionState"]["dialogAction"]["type"] == "Close"
    assert response["sessionState"]["sessionAttributes"]["escalate"] == "true"
    assert response["sessionState"]["sessionAttributes"]["escalation_reason"] == "repeated_errors"


@pytest.mark.parametrize(
    "event", [None, [], "hello", 42, {}, {"Records": [{"eventSource": "aws:sqs"}]}, {"test": "yes"}]
)
def test_events_of_no_known_kind_get_a_specific_error_not_an_exception(
    app: App, event: Any
) -> None:
    response = app.handle(event, None)
    assert response["status"] == "error"
    assert "unsupported event" in response["error"]


def test_a_bug_in_turn_handling_still_answers(
    make_app: Callable[..., App], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(EchoBackend())

    def broken(_: object) -> Any:
        raise RuntimeError("persona store exploded")

    monkeypatch.setattr(app.store, "get", broken)
    response = app.handle(load_event("lex-connect-voice-speech"), None)
    assert_valid_lex_response(response)


# ------------------------------------------------------------------ Connect and health


def test_connect_lookup_returns_a_flat_string_map(app: App) -> None:
    response = app.handle(load_event("connect-invoke-persona"), None)
    assert all(isinstance(v, str) for v in response.values())
    assert response["status"] == "ok"
    assert response["persona_id"] == "joseph"
    assert response["voice_id"] == "Joanna"
    assert response["voice_engine"] == "Neural"  # as Connect's Set voice block spells it
    assert response["greeting_ssml"].startswith("<speak>")


def test_connect_lookup_of_an_unknown_persona_says_fallback(app: App) -> None:
    event = load_event("connect-invoke-persona")
    event["Details"]["Parameters"]["persona_id"] = "ghost"
    response = app.handle(event, None)
    assert (response["status"], response["persona_id"]) == ("fallback", "tangerine")


def test_malformed_connect_event_still_gets_a_persona(app: App) -> None:
    response = app.handle({"Name": "ContactFlowEvent", "Details": {"Parameters": {}}}, None)
    assert response["status"] == "fallback"
    assert response["persona_id"] == "tangerine"


def test_health_check_reports_version_and_checks(make_app: Callable[..., App]) -> None:
    app = make_app(EchoBackend(), version="1.4.2")
    response = app.handle(load_event("health-check"), None)
    assert response["status"] == "ok"
    assert response["version"] == "1.4.2"
    assert response["checks"]["personas"] == "ok (3 bundled)"
    assert response["checks"]["persona_store"].startswith("not configured")


def test_health_check_is_degraded_when_the_table_is_unreachable(
    make_app: Callable[..., App], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    app = make_app(
        EchoBackend(),
        persona_table="personas",
        region="us-east-1",
        dynamodb_endpoint_url="http://127.0.0.1:9",
    )
    response = app.handle({"test": True}, None)
    assert response["status"] == "degraded"
    assert response["checks"]["persona_store"].startswith("unreachable")


# ------------------------------------------------------------------ logs


def test_logs_carry_the_contact_id_and_never_the_callers_words_or_number(
    make_app: Callable[..., App], rt_logs: io.StringIO
) -> None:
    app = make_app(EchoBackend())
    event = load_event("lex-connect-voice-speech")
    event["inputTranscript"] = "my number is +1 206 555 0123 and my headset is dead"
    app.handle(event, None)
    app.handle(load_event("sam-connect-contact-flow"), None)
    text = rt_logs.getvalue()
    assert "headset is dead" not in text
    assert "555 0123" not in text and "2065550100" not in text and "+12065550100" not in text
    lines = log_lines(rt_logs)
    answered = [line for line in lines if line.get("message") == "turn answered"]
    assert answered[0]["correlation_id"] == event["sessionId"]
    assert answered[0]["persona"] == "joseph"


def test_debug_level_logs_the_utterance_for_local_diagnosis(
    make_app: Callable[..., App], rt_logs: io.StringIO
) -> None:
    app = make_app(EchoBackend(), log_level="DEBUG")
    app.handle(load_event("lex-text-chat"), None)
    debug = [line for line in log_lines(rt_logs) if line.get("message") == "caller turn"]
    assert debug[0]["utterance"] == "bluetooth earbuds connected but no sound"
    assert debug[0]["level"] == "DEBUG"


# ------------------------------------------------------------------ lambda_handler itself


@pytest.fixture
def fresh_handler(rt_content: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("HEADSET_CONTENT_DIR", str(rt_content))
    handler.reset_app()
    yield
    handler.reset_app()


def test_lambda_handler_builds_from_the_environment(fresh_handler: None) -> None:
    assert handler.lambda_handler({"test": True}, None)["status"] == "ok"
    assert_valid_lex_response(handler.lambda_handler(load_event("lex-text-chat"), None))


def test_lambda_handler_survives_a_broken_configuration(
    fresh_handler: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TURN_BUDGET_SECONDS", "forever")
    response = handler.lambda_handler(load_event("lex-connect-voice-speech"), None)
    assert_valid_lex_response(response)
    assert response["sessionState"]["sessionAttributes"]["escalate"] == "true"
    assert handler.lambda_handler({"test": True}, None)["status"] == "error"
