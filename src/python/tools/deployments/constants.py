"""SSM names of the deployment records and of the agent ids the infra writes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tools.constants import ssm_name

if TYPE_CHECKING:
    from runtime.agents.types import AgentName

# /headset-agent/{env}/deployments/{commit}: the JSON record of what that commit left live;
# /headset-agent/{env}/deployments/latest: the commit of the newest record (deploy-plan's base).
DEPLOYMENTS = "deployments/"
LATEST = "latest"

# The infra (stacks/agents.py) writes {role}-agent-id and {role}-alias-id for each agent of the
# bedrock-agents backend. Rollback shifts the collaborators before the supervisor that calls them.
AGENT_ROLES: tuple[AgentName, ...] = ("diagnostic", "platform", "escalation", "supervisor")
BEDROCK_AGENTS = "bedrock-agents"

# How long rollback waits for shifted agent aliases to be PREPARED again.
DEFAULT_AGENT_WAIT_SECONDS = 180.0


def record_parameter(env: str, commit: str) -> str:
    """/headset-agent/{env}/deployments/{commit}"""
    return ssm_name(env, DEPLOYMENTS + commit)


def latest_parameter(env: str) -> str:
    """/headset-agent/{env}/deployments/latest"""
    return ssm_name(env, DEPLOYMENTS + LATEST)


def agent_id_leaf(role: AgentName) -> str:
    return f"{role}-agent-id"


def alias_id_leaf(role: AgentName) -> str:
    return f"{role}-alias-id"
