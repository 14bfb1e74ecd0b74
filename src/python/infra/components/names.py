"""Physical names more than one stack needs, derived from the environment's config alone (so a
stack that only reads a name does not depend on the construct that creates the resource)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from infra.config import EnvironmentConfig


def function_log_group(config: EnvironmentConfig) -> str:
    """The agent Lambda's log group: the runtime stack creates it; the dashboard's Logs
    Insights widgets and `kb report` read it."""
    return f"/aws/lambda/{config.name(config.lambda_function_name)}"
