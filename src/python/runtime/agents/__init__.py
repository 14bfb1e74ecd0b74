"""Agent backends behind one protocol, and the chain that falls back to the local one."""

from runtime.agents.chain import (
    BACKENDS,
    ChainResult,
    FallbackChain,
    LastResortBackend,
    build_chain,
    load_backend,
    validate_reply,
)
from runtime.agents.exceptions import (
    BackendError,
    BackendThrottled,
    BackendTimeout,
    BackendUnavailable,
    DeadlineTooClose,
    MalformedReply,
)
from runtime.agents.types import AgentBackend, AgentName, Category, Deadline, Reply, Turn

__all__ = [
    "BACKENDS",
    "AgentBackend",
    "AgentName",
    "BackendError",
    "BackendThrottled",
    "BackendTimeout",
    "BackendUnavailable",
    "Category",
    "ChainResult",
    "Deadline",
    "DeadlineTooClose",
    "FallbackChain",
    "LastResortBackend",
    "MalformedReply",
    "Reply",
    "Turn",
    "build_chain",
    "load_backend",
    "validate_reply",
]
