"""The deployment record: what one commit left live in one environment (validated both ways)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from runtime.agents.types import AgentName
from tools.errors import UserError

Environment = Literal["dev", "staging", "prod"]
Backend = Literal["converse", "bedrock-agents"]

COMMIT_PATTERN = r"^(?:[0-9a-f]{40}|[0-9a-f]{64})$"  # a full git SHA: records are keyed on it
LAMBDA_VERSION_PATTERN = r"^[1-9][0-9]*$"  # a published version; never $LATEST
AGENT_VERSION_PATTERN = r"^[1-9][0-9]{0,4}$"  # a numbered agent version; never DRAFT


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class AgentAliasState(_Model):
    """One Bedrock agent alias and the agent version it routed to."""

    role: AgentName
    agent_id: str = Field(min_length=1)
    alias_id: str = Field(min_length=1)
    agent_version: str = Field(pattern=AGENT_VERSION_PATTERN)


class DeploymentRecord(_Model):
    """SSM /headset-agent/{env}/deployments/{commit}, written by `deployments record`."""

    record_version: Literal[1] = 1
    environment: Environment
    commit: str = Field(pattern=COMMIT_PATTERN)
    tag: str | None = None
    recorded_at: datetime
    run_url: str | None = None
    agent_backend: Backend
    lambda_function: str = Field(min_length=1)
    lambda_version: str = Field(pattern=LAMBDA_VERSION_PATTERN)
    agents: tuple[AgentAliasState, ...] = ()

    @model_validator(mode="after")
    def _agents_match_the_backend(self) -> DeploymentRecord:
        roles = [a.role for a in self.agents]
        if len(set(roles)) != len(roles):
            raise ValueError(f"an agent role appears twice: {roles}")
        if self.agent_backend == "converse" and self.agents:
            raise ValueError("the converse backend has no agent aliases to record")
        if self.agent_backend == "bedrock-agents" and "supervisor" not in roles:
            raise ValueError("the bedrock-agents backend needs the supervisor alias")
        return self

    def to_text(self) -> str:
        """The SSM parameter value (compact JSON; standard parameters hold 4 KB)."""
        return self.model_dump_json(exclude_none=True)


class RecordError(UserError):
    """A deployment record that cannot be trusted: rollback changes nothing."""


def parse_record(text: str, where: str) -> DeploymentRecord:
    """The record stored at `where`; RecordError saying what is wrong with it."""
    fix = (
        "rerun `deployments record` for that commit if it is still what is live, or roll back "
        "with mode=full (redeploy the tag)"
    )
    try:
        data = json.loads(text)
    except ValueError as e:
        raise RecordError(f"deployment record {where} is not JSON: {e}", fix) from e
    try:
        return DeploymentRecord.model_validate(data)
    except ValidationError as e:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'record'}: {err['msg']}"
            for err in e.errors()
        )
        raise RecordError(f"deployment record {where} is not valid: {problems}", fix) from e
