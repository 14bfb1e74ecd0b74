"""Which kind of event arrived, decided from its shape before any model is built."""

from __future__ import annotations

from typing import Any, Literal

EventKind = Literal["lex", "connect", "health", "unknown"]


def classify(raw: object) -> EventKind:
    """A cheap look at the top-level keys; the models then validate the whole event."""
    if not isinstance(raw, dict):
        return "unknown"
    event: dict[str, Any] = raw
    if "test" in event and len(event) <= 2:
        return "health"
    if "invocationSource" in event or "sessionState" in event or "inputTranscript" in event:
        return "lex"
    if event.get("Name") == "ContactFlowEvent" or "Details" in event:
        return "connect"
    return "unknown"


def describe(raw: object) -> str:
    """A short, log-safe description of an event we cannot handle (keys only, never values)."""
    if isinstance(raw, dict):
        keys = sorted(str(k) for k in raw)[:12]
        return f"object with keys {keys}"
    return f"{type(raw).__name__}"
