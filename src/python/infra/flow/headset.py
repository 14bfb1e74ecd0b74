"""The headset support contact flow: persona lookup, voice, the Lex bot, escalation to a queue."""

from __future__ import annotations

from infra.flow.model import (
    Compare,
    Condition,
    ConnectParticipantWithLexBot,
    DisconnectParticipant,
    Flow,
    InvokeLambdaFunction,
    MessageParticipant,
    OnError,
    TransferContactToQueue,
    UpdateContactAttributes,
    UpdateContactTargetQueue,
    UpdateContactTextToSpeechVoice,
)
from runtime.constants import (
    ATTR_ESCALATE,
    ATTR_ESCALATION_REASON,
    ATTR_HANDOFF_SUMMARY,
    ATTR_PERSONA_ID,
)

DEFAULT_VOICE = "Joanna"
DEFAULT_GREETING_SSML = (
    "<speak>Hello, you're through to headset support. "
    "Tell me what's happening with your headset.</speak>"
)
BUSY_MESSAGE = (
    "Sorry, nobody is free to take your call right now. Please call back a little later. Goodbye."
)

# Keys of the Lambda's Connect response (runtime.events.connect.ConnectPersonaResponse).
_EXTERNAL = {
    ATTR_PERSONA_ID: "$.External.persona_id",
    "voice_id": "$.External.voice_id",
    "voice_engine": "$.External.voice_engine",
    "greeting_ssml": "$.External.greeting_ssml",
}


def headset_flow(*, function_arn: str, bot_alias_arn: str, queue_arn: str) -> Flow:
    """Caller arrives -> persona (Lambda) -> voice -> Lex bot -> queue if escalate=true."""
    return Flow(
        start="lookup-persona",
        actions=[
            InvokeLambdaFunction(
                name="lookup-persona",
                function_arn=function_arn,
                timeout_seconds=3,
                attributes={ATTR_PERSONA_ID: f"$.Attributes.{ATTR_PERSONA_ID}"},
                next="save-persona",
                errors=[OnError(next="default-persona", error="NoMatchingError")],
            ),
            UpdateContactAttributes(
                name="save-persona",
                attributes=dict(_EXTERNAL),
                next="set-voice",
                errors=[OnError(next="default-persona", error="NoMatchingError")],
            ),
            UpdateContactTextToSpeechVoice(
                name="set-voice",
                voice="$.Attributes.voice_id",
                engine="$.Attributes.voice_engine",
                next="talk",
                errors=[OnError(next="default-persona", error="NoMatchingError")],
            ),
            UpdateContactAttributes(
                name="default-persona",
                attributes={"greeting_ssml": DEFAULT_GREETING_SSML},
                next="default-voice",
                errors=[OnError(next="default-voice", error="NoMatchingError")],
            ),
            UpdateContactTextToSpeechVoice(
                name="default-voice",
                voice=DEFAULT_VOICE,
                engine="Neural",
                next="talk",
                errors=[OnError(next="talk", error="NoMatchingError")],
            ),
            ConnectParticipantWithLexBot(
                name="talk",
                bot_alias_arn=bot_alias_arn,
                ssml="$.Attributes.greeting_ssml",
                session_attributes={ATTR_PERSONA_ID: f"$.Attributes.{ATTR_PERSONA_ID}"},
                next="check-escalate",
                errors=[
                    OnError(next="check-escalate", error="NoMatchingCondition"),
                    OnError(next="busy", error="NoMatchingError"),
                ],
            ),
            Compare(
                name="check-escalate",
                value=f"$.Lex.SessionAttributes.{ATTR_ESCALATE}",
                conditions=[Condition(next="note-escalation", operands=["true"])],
                errors=[OnError(next="goodbye", error="NoMatchingCondition")],
            ),
            UpdateContactAttributes(
                name="note-escalation",
                # the reason and the hand-off summary go with the contact to the agent
                attributes={
                    ATTR_ESCALATION_REASON: f"$.Lex.SessionAttributes.{ATTR_ESCALATION_REASON}",
                    ATTR_HANDOFF_SUMMARY: f"$.Lex.SessionAttributes.{ATTR_HANDOFF_SUMMARY}",
                },
                next="set-queue",
                errors=[OnError(next="set-queue", error="NoMatchingError")],
            ),
            UpdateContactTargetQueue(
                name="set-queue",
                queue_arn=queue_arn,
                next="transfer",
                errors=[OnError(next="busy", error="NoMatchingError")],
            ),
            TransferContactToQueue(
                name="transfer",
                next="busy",
                errors=[
                    OnError(next="busy", error="QueueAtCapacity"),
                    OnError(next="busy", error="NoMatchingError"),
                ],
            ),
            MessageParticipant(
                name="busy",
                text=BUSY_MESSAGE,
                next="goodbye",
                errors=[OnError(next="goodbye", error="NoMatchingError")],
            ),
            DisconnectParticipant(name="goodbye"),
        ],
    )
