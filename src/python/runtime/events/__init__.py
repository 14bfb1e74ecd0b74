"""Typed views over the events the Lambda receives and the responses it returns."""

from runtime.events.classify import EventKind, classify, describe
from runtime.events.connect import ConnectInvokeEvent, ConnectPersonaResponse
from runtime.events.health import HealthCheckEvent, HealthResponse
from runtime.events.lex import (
    LexDialogAction,
    LexMessage,
    LexResponseIntent,
    LexResponseSessionState,
    LexV2Event,
    LexV2Response,
)

__all__ = [
    "ConnectInvokeEvent",
    "ConnectPersonaResponse",
    "EventKind",
    "HealthCheckEvent",
    "HealthResponse",
    "LexDialogAction",
    "LexMessage",
    "LexResponseIntent",
    "LexResponseSessionState",
    "LexV2Event",
    "LexV2Response",
    "classify",
    "describe",
]
