"""`deployments record | rollback | show`."""

from tools.deployments.live import Clients
from tools.deployments.record import read_live, record
from tools.deployments.rollback import (
    PartialRollbackError,
    RollbackPlan,
    Shift,
    apply_rollback,
    load_record,
    plan_rollback,
)
from tools.deployments.store import RecordStore
from tools.deployments.types import AgentAliasState, DeploymentRecord, RecordError, parse_record

__all__ = [
    "AgentAliasState",
    "Clients",
    "DeploymentRecord",
    "PartialRollbackError",
    "RecordError",
    "RecordStore",
    "RollbackPlan",
    "Shift",
    "apply_rollback",
    "load_record",
    "parse_record",
    "plan_rollback",
    "read_live",
    "record",
]
