"""`deployments record`: what a commit left live, stored for rollback's fast path."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from pydantic import ValidationError

from tools.deployments.constants import BEDROCK_AGENTS
from tools.deployments.live import agent_backend, function_name, lambda_version, live_agents
from tools.deployments.store import RecordStore
from tools.deployments.types import DeploymentRecord
from tools.errors import UserError

if TYPE_CHECKING:
    from collections.abc import Callable

    from tools.deployments.live import Clients


def read_live(
    clients: Clients,
    environment: str,
    commit: str,
    *,
    tag: str | None = None,
    run_url: str | None = None,
    function: str | None = None,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> DeploymentRecord:
    """The record of what is live in `environment` now, attributed to `commit`."""
    store = RecordStore(clients.ssm, environment)
    backend = agent_backend(store)
    name = function_name(store, function)
    version = lambda_version(clients.lambda_, name)
    agents = live_agents(store, clients.bedrock_agent) if backend == BEDROCK_AGENTS else ()
    try:
        return DeploymentRecord.model_validate(
            {
                "environment": environment,
                "commit": commit,
                "tag": tag,
                "recorded_at": now(),
                "run_url": run_url,
                "agent_backend": backend,
                "lambda_function": name,
                "lambda_version": version,
                "agents": [a.model_dump() for a in agents],
            }
        )
    except ValidationError as e:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in e.errors()
        )
        raise UserError(
            f"what is live in {environment} cannot be recorded: {problems}",
            "the Lambda `live` alias must point to a published version (deploy the runtime "
            "stack) and the commit must be a full git SHA (git rev-parse HEAD)",
        ) from e


def record(clients: Clients, record: DeploymentRecord) -> str:
    """Write the record, then point deployments/latest at its commit; returns the record's name."""
    store = RecordStore(clients.ssm, record.environment)
    name = store.write(record)
    store.set_latest(record.commit)
    return name
