"""Amazon Connect contact flows generated from typed Python."""

from __future__ import annotations

from infra.flow.headset import hang_up_flow, headset_flow
from infra.flow.model import Flow, FlowError, action_id

__all__ = ["Flow", "FlowError", "action_id", "hang_up_flow", "headset_flow"]
