"""Amazon Lex V2 code-hook event and response: strict on what we use, tolerant of the rest.

Reference: https://docs.aws.amazon.com/lexv2/latest/dg/lambda-common-structures.html
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from runtime.constants import LEX_ACCEPT_CONTENT_TYPES

InvocationSource = Literal["DialogCodeHook", "FulfillmentCodeHook"]
InputMode = Literal["Speech", "DTMF", "Text"]
DialogActionType = Literal["ElicitIntent", "Close", "Delegate", "ElicitSlot", "ConfirmIntent"]
IntentState = Literal[
    "Failed", "Fulfilled", "FulfillmentInProgress", "InProgress", "ReadyForFulfillment", "Waiting"
]
ContentType = Literal["PlainText", "SSML", "CustomPayload", "ImageResponseCard"]


class _Tolerant(BaseModel):
    """Fields we use are typed strictly (no coercion); fields AWS adds later are ignored."""

    model_config = ConfigDict(extra="ignore", strict=True, frozen=True, populate_by_name=True)


class LexBot(_Tolerant):
    id: str
    name: str
    locale_id: str = Field(alias="localeId")
    alias_id: str | None = Field(default=None, alias="aliasId")
    version: str | None = None


class LexIntent(_Tolerant):
    name: str
    state: IntentState | None = None
    confirmation_state: str | None = Field(default=None, alias="confirmationState")
    # Slots are echoed back untouched on Close, so they stay raw.
    slots: dict[str, Any] | None = None


class LexSessionState(_Tolerant):
    session_attributes: dict[str, str] = Field(default_factory=dict, alias="sessionAttributes")
    intent: LexIntent | None = None
    originating_request_id: str | None = Field(default=None, alias="originatingRequestId")


class LexV2Event(_Tolerant):
    """The event Lex V2 sends to a dialog or fulfillment code hook."""

    message_version: str = Field(alias="messageVersion")
    invocation_source: InvocationSource = Field(alias="invocationSource")
    input_mode: InputMode = Field(alias="inputMode")
    response_content_type: str | None = Field(default=None, alias="responseContentType")
    session_id: str = Field(min_length=1, max_length=256, alias="sessionId")
    # Lex sends "" when the caller said nothing it could transcribe; length is capped later.
    input_transcript: str = Field(alias="inputTranscript")
    bot: LexBot
    session_state: LexSessionState = Field(alias="sessionState")
    request_attributes: dict[str, str] | None = Field(default=None, alias="requestAttributes")

    @property
    def accepts_ssml(self) -> bool:
        """Connect voice announces SSML in the request attribute x-amz-lex:accept-content-types."""
        accepted = (self.request_attributes or {}).get(LEX_ACCEPT_CONTENT_TYPES, "")
        return any(part.strip().upper() == "SSML" for part in accepted.split(","))

    @property
    def intent_name(self) -> str:
        intent = self.session_state.intent
        return intent.name if intent else "FallbackIntent"


# ---------------------------------------------------------------- response


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class LexMessage(_Out):
    content_type: ContentType = Field(alias="contentType")
    content: str = Field(min_length=1, max_length=1000)


class LexDialogAction(_Out):
    type: DialogActionType


class LexResponseIntent(_Out):
    name: str
    state: IntentState
    confirmation_state: str | None = Field(default=None, alias="confirmationState")
    slots: dict[str, Any] | None = None


class LexResponseSessionState(_Out):
    session_attributes: dict[str, str] = Field(alias="sessionAttributes")
    dialog_action: LexDialogAction = Field(alias="dialogAction")
    intent: LexResponseIntent | None = None


class LexV2Response(_Out):
    """What the code hook returns to Lex."""

    session_state: LexResponseSessionState = Field(alias="sessionState")
    messages: list[LexMessage] = Field(min_length=1, max_length=1)

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(by_alias=True, exclude_none=True)
