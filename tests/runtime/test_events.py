"""The event models accept AWS's published samples and reject what we cannot use."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from runtime.events import ConnectInvokeEvent, HealthCheckEvent, LexV2Event, classify
from tests.events import event_names, load_event

AWS_LEX_SAMPLES = [
    "sam-lexv2-book-car",
    "sam-lexv2-book-hotel",
    "sam-lexv2-banking-bot",
    "dotnet-lexv2-event",
    "connect-chat-lexv2-help",
    "connect-chat-lexv2-talk-to-agent",
]
OUR_LEX_EVENTS = [
    "lex-connect-voice-speech",
    "lex-connect-voice-dtmf",
    "lex-text-chat",
    "lex-fulfillment",
]


@pytest.mark.parametrize("name", AWS_LEX_SAMPLES + OUR_LEX_EVENTS)
def test_every_lex_sample_parses_and_is_classified_as_lex(name: str) -> None:
    # given a Lex V2 code-hook event as published by AWS (or shaped like Connect's)
    raw = load_event(name)
    # when it is classified and validated
    event = LexV2Event.model_validate(raw)
    # then the fields the runtime uses are there
    assert classify(raw) == "lex"
    assert event.session_id
    assert event.invocation_source in ("DialogCodeHook", "FulfillmentCodeHook")
    assert event.input_transcript == raw["inputTranscript"]


def test_samples_cover_both_code_hooks_and_all_input_modes() -> None:
    events = [LexV2Event.model_validate(load_event(n)) for n in AWS_LEX_SAMPLES + OUR_LEX_EVENTS]
    assert {e.invocation_source for e in events} == {"DialogCodeHook", "FulfillmentCodeHook"}
    assert {e.input_mode for e in events} == {"Speech", "DTMF", "Text"}


def test_connect_voice_announces_ssml_and_chat_does_not() -> None:
    voice = LexV2Event.model_validate(load_event("lex-connect-voice-speech"))
    chat = LexV2Event.model_validate(load_event("connect-chat-lexv2-help"))
    no_attributes = LexV2Event.model_validate(load_event("sam-lexv2-book-car"))
    assert voice.accepts_ssml
    assert not chat.accepts_ssml
    assert not no_attributes.accepts_ssml


def test_dotnet_sample_keeps_session_attributes_and_ignores_unknown_structures() -> None:
    # the .NET sample carries runtimeHints, sentiment and an object-valued nluConfidence
    event = LexV2Event.model_validate(load_event("dotnet-lexv2-event"))
    assert event.session_state.session_attributes["sessionattribute1"] == "sessionvalue1"
    assert event.intent_name == "TestAction"


def test_fields_aws_adds_later_are_tolerated() -> None:
    raw = load_event("lex-connect-voice-speech")
    raw["someNewTopLevelField"] = {"nested": [1, 2]}
    raw["sessionState"]["brandNewThing"] = True
    raw["bot"]["newBotProperty"] = "x"
    assert LexV2Event.model_validate(raw).session_id == raw["sessionId"]


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("inputTranscript",), 42),
        (("sessionId",), None),
        (("sessionId",), ""),
        (("invocationSource",), "SomethingElse"),
        (("inputMode",), "Telepathy"),
        (("sessionState", "sessionAttributes"), {"persona_id": 7}),
        (("sessionState", "sessionAttributes"), ["persona_id"]),
        (("requestAttributes",), {"x-amz-lex:accept-content-types": True}),
        (("bot",), "headset-support"),
    ],
)
def test_wrong_types_on_used_fields_are_rejected_not_coerced(
    path: tuple[str, ...], value: object
) -> None:
    raw = load_event("lex-connect-voice-speech")
    target = raw
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(ValidationError):
        LexV2Event.model_validate(raw)


@pytest.mark.parametrize("field", ["sessionId", "inputTranscript", "bot", "sessionState"])
def test_missing_used_fields_are_rejected(field: str) -> None:
    raw = load_event("lex-connect-voice-speech")
    del raw[field]
    with pytest.raises(ValidationError):
        LexV2Event.model_validate(raw)


def test_connect_samples_parse_and_never_expose_the_phone_number() -> None:
    sam = ConnectInvokeEvent.model_validate(load_event("sam-connect-contact-flow"))
    ours = ConnectInvokeEvent.model_validate(load_event("connect-invoke-persona"))
    assert sam.contact_id == "5ca32fbd-8f92-46af-92a5-6b0f970f0efe"
    assert sam.persona_id is None
    # the block parameter wins over the contact attribute
    assert ours.persona_id == "joseph"
    assert "Address" not in sam.model_dump_json()
    assert "+1206" not in sam.model_dump_json()


def test_health_check_and_unknown_shapes_are_classified() -> None:
    assert classify(load_event("health-check")) == "health"
    assert HealthCheckEvent.model_validate(load_event("health-check")).test is True
    assert classify({"Records": []}) == "unknown"
    assert classify([1, 2]) == "unknown"
    assert classify(None) == "unknown"
    assert classify(load_event("sam-connect-contact-flow")) == "connect"


def test_every_event_file_is_named_in_the_readme() -> None:
    from tests.events import EVENTS_DIR

    readme = (EVENTS_DIR / "README.md").read_text(encoding="utf-8")
    missing = [n for n in event_names() if f"`{n}.json`" not in readme]
    assert (
        not missing
    ), f"add these event files and their source to tests/events/README.md: {missing}"
