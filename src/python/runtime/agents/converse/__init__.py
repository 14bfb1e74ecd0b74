"""Converse backend: Bedrock models, Knowledge Bases and Guardrails, run by our own supervisor."""

from runtime.agents.converse.backend import ConverseBackend
from runtime.agents.converse.route import local_router
from runtime.agents.converse.types import ConverseSettings, Route, Router

__all__ = ["ConverseBackend", "ConverseSettings", "Route", "Router", "local_router"]
