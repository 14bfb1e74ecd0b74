"""`deployments rollback`: point the Lambda and agent aliases back to a recorded deployment.

Everything is read and checked before anything changes (the record, the recorded Lambda
version, every alias); then the Lambda alias moves first, the collaborator agents' aliases next
and the supervisor's last. If one update fails, the error says which moved and which did not.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from tools.aws import friendly
from tools.constants import LAMBDA_ALIAS
from tools.deployments.constants import DEFAULT_AGENT_WAIT_SECONDS, record_parameter
from tools.deployments.live import get_agent_alias, lambda_version
from tools.deployments.store import RecordStore
from tools.errors import AwsError, UserError

if TYPE_CHECKING:
    from collections.abc import Callable

    from tools.deployments.live import Clients
    from tools.deployments.types import DeploymentRecord

FULL_MODE = "roll back with mode=full (rollback.yml) to redeploy the tag instead"


@dataclass(frozen=True)
class Shift:
    """One alias to move: from the version live now to the recorded one."""

    kind: Literal["lambda", "agent"]
    target: str  # "FUNCTION:live" or "ROLE alias ALIAS_ID (agent AGENT_ID)"
    current: str
    wanted: str
    agent_id: str = ""
    alias_id: str = ""
    alias_name: str = ""
    description: str | None = None
    function: str = ""

    @property
    def needed(self) -> bool:
        return self.current != self.wanted

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "target": self.target,
            "from": self.current,
            "to": self.wanted,
            "needed": self.needed,
        }


@dataclass
class RollbackPlan:
    record: DeploymentRecord
    shifts: list[Shift] = field(default_factory=list)


class PartialRollbackError(UserError):
    """An alias update failed after others succeeded: names both sets."""

    def __init__(self, problem: str, fix: str, shifted: list[str], not_shifted: list[str]) -> None:
        super().__init__(problem, fix)
        self.shifted = shifted
        self.not_shifted = not_shifted


def load_record(store: RecordStore, commit: str, label: str) -> DeploymentRecord:
    """The validated record of `commit` (`label` names it for people, e.g. the tag)."""
    record = store.read(commit)
    if record is None:
        raise UserError(
            f"no deployment record for {label} in {store.environment} "
            f"({record_parameter(store.environment, commit)}): it was never deployed there, or "
            "before records existed",
            FULL_MODE,
        )
    if record.environment != store.environment or record.commit != commit:
        raise UserError(
            f"deployment record {record_parameter(store.environment, commit)} says it is "
            f"{record.commit} in {record.environment}, not {commit} in {store.environment}",
            f"it was copied or edited by hand; delete it and {FULL_MODE}",
        )
    return record


def plan_rollback(clients: Clients, record: DeploymentRecord) -> RollbackPlan:
    """Read every alias the record names (changes nothing); fails if one cannot be shifted."""
    fn = record.lambda_function
    try:
        clients.lambda_.get_function(FunctionName=fn, Qualifier=record.lambda_version)
    except Exception as e:
        raise friendly(
            e, f"checking recorded version {record.lambda_version} of Lambda {fn} still exists"
        ) from e
    plan = RollbackPlan(record)
    plan.shifts.append(
        Shift(
            kind="lambda",
            target=f"{fn}:{LAMBDA_ALIAS}",
            current=lambda_version(clients.lambda_, fn),
            wanted=record.lambda_version,
            function=fn,
        )
    )
    for state in record.agents:
        alias = get_agent_alias(clients.bedrock_agent, state.agent_id, state.alias_id)
        plan.shifts.append(
            Shift(
                kind="agent",
                target=f"{state.role} alias {state.alias_id} (agent {state.agent_id})",
                current=alias.agent_version or "none",
                wanted=state.agent_version,
                agent_id=state.agent_id,
                alias_id=state.alias_id,
                alias_name=alias.name,
                description=alias.description,
            )
        )
    return plan


def apply_rollback(
    clients: Clients,
    plan: RollbackPlan,
    *,
    wait_seconds: float = DEFAULT_AGENT_WAIT_SECONDS,
    poll_interval: float = 5.0,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> list[Shift]:
    """Shift every alias that needs it, wait for the agent aliases, then set deployments/latest.

    Returns the shifts made. PartialRollbackError if an update fails after others succeeded.
    """
    todo = [s for s in plan.shifts if s.needed]
    done: list[Shift] = []
    for shift in todo:
        try:
            _shift(clients, shift)
        except AwsError as e:
            if not done:
                raise AwsError(f"{e.problem} (nothing was changed)", e.fix, code=e.code) from e
            left = [s.target for s in todo if s not in done]
            raise PartialRollbackError(
                f"rollback stopped half way: {e.problem}\n"
                f"  shifted: {', '.join(f'{s.target} -> {s.wanted}' for s in done)}\n"
                f"  NOT shifted: {', '.join(left)}",
                f"{e.fix + '; then ' if e.fix else ''}rerun the same rollback (aliases already "
                f"back are skipped), or {FULL_MODE}",
                shifted=[s.target for s in done],
                not_shifted=left,
            ) from e
        done.append(shift)
    _wait_for_agents(clients, done, wait_seconds, poll_interval, sleep, clock)
    try:
        RecordStore(clients.ssm, plan.record.environment).set_latest(plan.record.commit)
    except AwsError as e:
        raise AwsError(
            f"every alias is back on the recorded versions, but {e.problem}",
            f"{e.fix + '; then ' if e.fix else ''}rerun the same rollback (it shifts nothing "
            "more), or the next deploy plans from the older commit",
            code=e.code,
        ) from e
    return done


def _shift(clients: Clients, shift: Shift) -> None:
    if shift.kind == "lambda":
        try:
            clients.lambda_.update_alias(
                FunctionName=shift.function, Name=LAMBDA_ALIAS, FunctionVersion=shift.wanted
            )
        except Exception as e:
            raise friendly(e, f"pointing {shift.target} to version {shift.wanted}") from e
        return
    extra = {"description": shift.description} if shift.description else {}
    try:
        clients.bedrock_agent.update_agent_alias(
            agentId=shift.agent_id,
            agentAliasId=shift.alias_id,
            agentAliasName=shift.alias_name,
            routingConfiguration=[{"agentVersion": shift.wanted}],
            **extra,
        )
    except Exception as e:
        raise friendly(e, f"pointing {shift.target} to agent version {shift.wanted}") from e


def _wait_for_agents(
    clients: Clients,
    shifted: list[Shift],
    wait_seconds: float,
    poll_interval: float,
    sleep: Callable[[float], None],
    clock: Callable[[], float],
) -> None:
    """Until every shifted agent alias is PREPARED; a clear error if one FAILED or never is."""
    pending = [s for s in shifted if s.kind == "agent"]
    deadline = clock() + wait_seconds
    while pending:
        waiting: list[tuple[Shift, str]] = []
        for shift in pending:
            status = get_agent_alias(clients.bedrock_agent, shift.agent_id, shift.alias_id).status
            if status == "FAILED":
                raise UserError(
                    f"{shift.target} FAILED after it was pointed to version {shift.wanted} "
                    "(every alias was shifted; deployments/latest was not changed)",
                    f"read its failure reasons in the Bedrock console, then {FULL_MODE}",
                )
            if status != "PREPARED":
                waiting.append((shift, status))
        if not waiting:
            return
        if clock() >= deadline:
            raise UserError(
                f"agent aliases not PREPARED after {wait_seconds:.0f} s: "
                + ", ".join(f"{s.target} ({status})" for s, status in waiting)
                + " (every alias was shifted; deployments/latest was not changed)",
                "check them in the Bedrock console; rerun the rollback once they are PREPARED",
            )
        pending = [s for s, _ in waiting]
        sleep(min(poll_interval, max(0.0, deadline - clock())))
