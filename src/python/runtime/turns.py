"""One Lex V2 caller turn: event -> persona -> agent chain -> rendered Lex response."""

from __future__ import annotations

import logging
import re
import time
from typing import TYPE_CHECKING, Any

from runtime import constants as c
from runtime.agents.types import Deadline, Turn
from runtime.events.lex import (
    LexDialogAction,
    LexMessage,
    LexResponseIntent,
    LexResponseSessionState,
    LexV2Event,
    LexV2Response,
)
from runtime.outcomes.record import ending
from runtime.render import phrase, render_ssml, render_text
from runtime.render.text import clean

if TYPE_CHECKING:
    from runtime.agents.types import Reply
    from runtime.persona.types import Persona

log = logging.getLogger(__name__)

# Keypad presses on a phone line become the words a caller would say.
DTMF_WORDS: dict[str, str] = {
    "1": "yes",
    "2": "no",
    "3": "repeat",
    "9": "start over",
    "0": "i want to talk to a person",
    "*": "go back",
}
MAX_ERROR_TURNS = 3  # consecutive safe replies before the caller is handed to a person
MAX_ATTRIBUTE_CHARS = 1000  # per session attribute we carry over from a malformed event
MAX_SUMMARY_CHARS = 600  # the hand-off summary the contact flow copies to the contact
_PHONE_NUMBER = re.compile(r"\+?\d[\d\s().-]{5,}\d")
# The intent state of every Close, escalating or not: Connect sends a `Failed` intent down the Lex
# block's error branch, away from the `escalate` check that transfers the caller to the queue.
CLOSE_INTENT_STATE = "Fulfilled"


def turn_deadline(
    context: Any, budget_s: float, safety_margin_s: float, now: float | None = None
) -> Deadline:
    """The earlier of the turn budget and the Lambda's own remaining time minus a margin."""
    seconds = budget_s
    remaining = getattr(context, "get_remaining_time_in_millis", None)
    if callable(remaining):
        try:
            seconds = min(seconds, float(remaining()) / 1000 - safety_margin_s)
        except (TypeError, ValueError):
            log.warning("context.get_remaining_time_in_millis() did not return a number")
    start = time.monotonic() if now is None else now
    return Deadline(start + max(seconds, 0.0))


def caller_text(event: LexV2Event, max_chars: int) -> str:
    """The transcript, bounded and cleaned; keypad digits mapped to words."""
    raw = event.input_transcript
    if len(raw) > max_chars:
        log.warning("transcript truncated", extra={"chars": len(raw), "limit": max_chars})
        raw = raw[:max_chars]
    text = clean(raw)
    if event.input_mode == "DTMF":
        key = text.replace(" ", "").rstrip("#")
        text = DTMF_WORDS.get(key, text)
    return text


def persona_id_of(event: LexV2Event) -> str | None:
    value = event.session_state.session_attributes.get(c.ATTR_PERSONA_ID) or (
        event.request_attributes or {}
    ).get(c.ATTR_PERSONA_ID)
    return value or None


def message(text: str, persona: Persona, ssml: bool, limit: int) -> LexMessage:
    if ssml:
        return LexMessage(content_type="SSML", content=render_ssml(text, persona, limit))
    return LexMessage(content_type="PlainText", content=render_text(text, limit))


def lex_response(
    *,
    text: str,
    persona: Persona,
    ssml: bool,
    limit: int,
    session: dict[str, str],
    close: bool,
    intent_name: str,
) -> LexV2Response:
    """ElicitIntent keeps the conversation going; Close ends it (the flow reads `escalate`)."""
    return LexV2Response(
        session_state=LexResponseSessionState(
            session_attributes=session,
            dialog_action=LexDialogAction(type="Close" if close else "ElicitIntent"),
            intent=(
                LexResponseIntent.model_validate({"name": intent_name, "state": CLOSE_INTENT_STATE})
                if close
                else None
            ),
        ),
        messages=[message(text, persona, ssml, limit)],
    )


def reply_session(incoming: dict[str, str], reply: Reply) -> dict[str, str]:
    """The contact flow's attributes, the backend's state, then what the flow reads back."""
    session = {**incoming, **reply.session}
    session.pop(c.ATTR_ESCALATE, None)
    session.pop(c.ATTR_ESCALATION_REASON, None)
    session.pop(c.ATTR_ERROR_COUNT, None)
    session.pop(c.ATTR_HANDOFF_SUMMARY, None)
    session.pop(c.ATTR_OUTCOME, None)
    session[c.ATTR_LAST_AGENT] = reply.agent
    outcome = ending(reply)
    if outcome is not None:
        session[c.ATTR_OUTCOME] = outcome.outcome
    session[c.ATTR_LAST_CATEGORY] = reply.category or ""
    session[c.ATTR_LAST_ARTICLE] = reply.article or ""
    if reply.escalate:
        session[c.ATTR_ESCALATE] = "true"
        session[c.ATTR_ESCALATION_REASON] = clean(reply.escalation_reason or "requested")[:200]
        if reply.handoff_summary:
            session[c.ATTR_HANDOFF_SUMMARY] = handoff_note(reply.handoff_summary)
    return session


def handoff_note(summary: str) -> str:
    """A backend's hand-off summary as the contact may carry it: cleaned, bounded, and with
    anything that looks like a phone number taken out (a model may have copied one)."""
    return _PHONE_NUMBER.sub("[number]", clean(summary))[:MAX_SUMMARY_CHARS]


def respond_to_reply(
    event: LexV2Event, persona: Persona, reply: Reply, limit: int
) -> LexV2Response:
    if reply.escalate:
        text = reply.text.strip() or phrase(persona, "escalate", event.session_id)
    elif reply.end_conversation:
        text = reply.text.strip() or persona.farewell
    else:
        text = reply.text
    return lex_response(
        text=text,
        persona=persona,
        ssml=event.accepts_ssml,
        limit=limit,
        session=reply_session(dict(event.session_state.session_attributes), reply),
        close=reply.escalate or reply.end_conversation,
        intent_name=event.intent_name,
    )


def build_turn(event: LexV2Event, text: str, persona: Persona, deadline: Deadline) -> Turn:
    voice = event.input_mode in ("Speech", "DTMF") or event.accepts_ssml
    return Turn(
        text=text,
        session_id=event.session_id,
        persona=persona,
        deadline=deadline,
        channel="voice" if voice else "chat",
        session=dict(event.session_state.session_attributes),
    )


def salvage_session(raw: object) -> tuple[dict[str, str], bool]:
    """From an event that failed validation: its str session attributes and SSML acceptance."""
    if not isinstance(raw, dict):
        return {}, False
    state = raw.get("sessionState")
    attrs = state.get("sessionAttributes") if isinstance(state, dict) else None
    session = (
        {
            k: v[:MAX_ATTRIBUTE_CHARS]
            for k, v in list(attrs.items())[:50]
            if isinstance(k, str) and isinstance(v, str) and len(k) <= 100
        }
        if isinstance(attrs, dict)
        else {}
    )
    request = raw.get("requestAttributes")
    accepted = request.get(c.LEX_ACCEPT_CONTENT_TYPES) if isinstance(request, dict) else None
    ssml = isinstance(accepted, str) and "SSML" in accepted.upper()
    return session, ssml


def safe_response(
    raw: object, persona: Persona, limit: int, seed: str = ""
) -> tuple[LexV2Response, bool]:
    """A valid Lex reply for an event we could not use: reprompt, or a person after 3 in a row.

    Returns the response and whether it escalates.
    """
    session, ssml = salvage_session(raw)
    try:
        errors = int(session.get(c.ATTR_ERROR_COUNT, "0")) + 1
    except ValueError:
        errors = 1
    session[c.ATTR_ERROR_COUNT] = str(errors)
    escalate = errors >= MAX_ERROR_TURNS
    if escalate:
        session[c.ATTR_ESCALATE] = "true"
        session[c.ATTR_ESCALATION_REASON] = "repeated_errors"
        session[c.ATTR_OUTCOME] = "escalated"
    response = lex_response(
        text=phrase(persona, "escalate" if escalate else "not_understood", seed),
        persona=persona,
        ssml=ssml,
        limit=limit,
        session=session,
        close=escalate,
        intent_name="FallbackIntent",
    )
    return response, escalate
