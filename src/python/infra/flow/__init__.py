"""Amazon Connect contact flows generated from typed Python."""

from __future__ import annotations

from infra.flow.headset import headset_flow
from infra.flow.model import Flow, FlowError, action_id

__all__ = ["Flow", "FlowError", "action_id", "headset_flow"]
