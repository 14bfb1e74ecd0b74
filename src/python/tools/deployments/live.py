"""What is live now: the Lambda alias's version and each agent alias's agent version."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tools.aws import friendly
from tools.constants import LAMBDA_ALIAS, SSM_AGENT_BACKEND, SSM_LAMBDA_FUNCTION_NAME, ssm_name
from tools.deployments.constants import AGENT_ROLES, BEDROCK_AGENTS, agent_id_leaf, alias_id_leaf
from tools.deployments.types import AgentAliasState
from tools.errors import ConfigError, UserError

if TYPE_CHECKING:
    from tools.deployments.store import RecordStore


@dataclass
class Clients:
    ssm: Any
    lambda_: Any
    bedrock_agent: Any


@dataclass(frozen=True)
class AgentAlias:
    """An agent alias as GetAgentAlias returns it (UpdateAgentAlias needs its name)."""

    agent_id: str
    alias_id: str
    name: str
    agent_version: str
    status: str
    description: str | None


def lambda_version(lambda_: Any, function: str) -> str:
    """The version the function's `live` alias points to."""
    try:
        return str(lambda_.get_alias(FunctionName=function, Name=LAMBDA_ALIAS)["FunctionVersion"])
    except Exception as e:
        raise friendly(e, f"reading alias {LAMBDA_ALIAS} of Lambda {function}") from e


def get_agent_alias(bedrock_agent: Any, agent_id: str, alias_id: str) -> AgentAlias:
    try:
        alias = bedrock_agent.get_agent_alias(agentId=agent_id, agentAliasId=alias_id)
    except Exception as e:
        raise friendly(e, f"reading alias {alias_id} of agent {agent_id}") from e
    alias = alias["agentAlias"]
    routing = alias.get("routingConfiguration") or [{}]
    return AgentAlias(
        agent_id=agent_id,
        alias_id=alias_id,
        name=str(alias["agentAliasName"]),
        agent_version=str(routing[0].get("agentVersion", "")),
        status=str(alias.get("agentAliasStatus", "")),
        description=alias.get("description"),
    )


def agent_backend(store: RecordStore) -> str:
    return store.parameters([SSM_AGENT_BACKEND]).get(SSM_AGENT_BACKEND) or "converse"


def function_name(store: RecordStore, explicit: str | None) -> str:
    """--function-name, else SSM /headset-agent/{env}/lambda-function-name."""
    if explicit:
        return explicit
    name = store.parameters([SSM_LAMBDA_FUNCTION_NAME]).get(SSM_LAMBDA_FUNCTION_NAME)
    if not name:
        raise ConfigError(
            f"no Lambda function name: {ssm_name(store.environment, SSM_LAMBDA_FUNCTION_NAME)} "
            "does not exist",
            f"deploy the infra for '{store.environment}' first, or pass --function-name",
        )
    return name


def live_agents(store: RecordStore, bedrock_agent: Any) -> tuple[AgentAliasState, ...]:
    """Each agent alias of the bedrock-agents backend and the numbered version it routes to."""
    leaves = [leaf for role in AGENT_ROLES for leaf in (agent_id_leaf(role), alias_id_leaf(role))]
    found = store.parameters(leaves)
    missing = [ssm_name(store.environment, leaf) for leaf in leaves if not found.get(leaf)]
    if missing:
        raise ConfigError(
            f"the {BEDROCK_AGENTS} backend's agent ids are missing from SSM: {', '.join(missing)}",
            f"deploy the infra for '{store.environment}' first",
        )
    states = []
    for role in AGENT_ROLES:
        agent_id, alias_id = found[agent_id_leaf(role)], found[alias_id_leaf(role)]
        alias = get_agent_alias(bedrock_agent, agent_id, alias_id)
        if not alias.agent_version.isdigit():
            raise UserError(
                f"the {role} alias {alias_id} of agent {agent_id} routes to version "
                f"'{alias.agent_version or 'none'}', not a numbered agent version, so it cannot "
                "be rolled back to",
                "point the alias at a prepared agent version (deploy the infra), then record",
            )
        states.append(
            AgentAliasState(
                role=role, agent_id=agent_id, alias_id=alias_id, agent_version=alias.agent_version
            )
        )
    return tuple(states)
