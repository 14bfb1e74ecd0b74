"""The fallback chain: the configured backend first, the local troubleshooter when it fails.

Why a worker thread: botocore's connect/read timeouts bound each socket read, not the whole
turn, so a stream that drips one event every second can outlive any deadline while every read
succeeds. Only a wall-clock bound keeps the promise "a valid answer before the deadline, always".
The primary backend runs in a small persistent thread pool and the chain waits at most until
the primary deadline (the turn deadline minus the reserve kept for the fallback). A backend
that hangs keeps its thread until its own botocore timeouts end it; when every worker is stuck
the chain skips the primary at once ("busy"). Backends should still derive their botocore
timeouts from the deadline so stuck threads are rare. The local backend runs in the caller's
thread: it is in-process, fast, and the thing we fall back to.
"""

from __future__ import annotations

import importlib
import logging
import threading
import time
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Protocol, get_args

from runtime.agents.exceptions import (
    BackendError,
    BackendTimeout,
    DeadlineTooClose,
    MalformedReply,
)
from runtime.agents.types import CATEGORIES, AgentName, Deadline, Reply
from runtime.constants import (
    METRIC_BACKEND_LATENCY,
    METRIC_FALLBACKS,
    METRIC_INPUT_TOKENS,
    METRIC_OUTPUT_TOKENS,
)
from runtime.render.phrases import phrase

if TYPE_CHECKING:
    from runtime.agents.types import AgentBackend, Turn
    from runtime.config import RuntimeConfig

log = logging.getLogger(__name__)

AGENT_NAMES = frozenset(get_args(AgentName))
MAX_SESSION_BYTES = 8_000  # Lex keeps session attributes small; ours stay well under its limits
MAX_REPLY_TEXT = 20_000  # longer than this is not a spoken answer, it is a runaway stream

# backend name -> (module, class); cloud backends load only when configured
BACKENDS: dict[str, tuple[str, str]] = {
    "local": ("runtime.agents.local", "LocalAgentBackend"),
    "bedrock-agents": ("runtime.agents.bedrock_agents", "BedrockAgentsBackend"),
    "converse": ("runtime.agents.converse", "ConverseBackend"),
}


class MetricSink(Protocol):
    def count(self, name: str, value: float = 1) -> None: ...
    def timing(self, name: str, ms: float) -> None: ...


@dataclass(frozen=True)
class ChainResult:
    reply: Reply
    backend_ms: float  # time spent waiting for backends (primary + fallback)
    fallback_reason: str | None = None  # why the primary did not answer


def validate_reply(reply: object) -> Reply:
    """A reply a caller can be given, or MalformedReply saying what is wrong with it."""
    if not isinstance(reply, Reply):
        raise MalformedReply(f"backend returned {type(reply).__name__}, not Reply")
    if not isinstance(reply.text, str):
        raise MalformedReply("reply text is not a string")
    if len(reply.text) > MAX_REPLY_TEXT:
        raise MalformedReply(f"reply text is {len(reply.text)} characters long")
    stripped = reply.text.strip()
    if not stripped and not reply.escalate and not reply.end_conversation:
        raise MalformedReply("reply text is empty")
    if stripped and not _readable(stripped):
        raise MalformedReply("reply text is not readable language")
    if reply.agent not in AGENT_NAMES:
        raise MalformedReply(f"unknown agent {reply.agent!r}")
    if reply.category is not None and reply.category not in CATEGORIES:
        raise MalformedReply(f"unknown category {reply.category!r}")
    session = reply.session
    if not isinstance(session, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in session.items()
    ):
        raise MalformedReply("session attributes are not a str -> str map")
    size = sum(len(k) + len(v) for k, v in session.items())
    if size > MAX_SESSION_BYTES:
        raise MalformedReply(f"session attributes are {size} characters, over {MAX_SESSION_BYTES}")
    return reply


def _readable(text: str) -> bool:
    """At least one letter; control, format, private-use and U+FFFD characters rare."""
    sample = text[:2000]
    bad = 0
    letters = 0
    for char in sample:
        cat = unicodedata.category(char)
        if (cat[0] == "C" and char not in "\n\t") or char == "\ufffd":
            bad += 1
        elif cat[0] == "L":
            letters += 1
    return letters > 0 and bad / len(sample) <= 0.1


class LastResortBackend:
    """Answers when no backend can: apologises and hands the caller to a person."""

    name = "last-resort"

    def respond(self, turn: Turn) -> Reply:
        return Reply(
            text=phrase(turn.persona, "escalate", turn.session_id),
            agent="escalation",
            escalate=True,
            escalation_reason="agent_unavailable",
            session=dict(turn.session),
            backend=self.name,
            fallback=True,
        )


class FallbackChain:
    """Primary backend within its deadline; otherwise the fallback, prefixed "bear with me"."""

    def __init__(
        self,
        primary: AgentBackend,
        fallback: AgentBackend | None,
        *,
        reserve_s: float = 0.6,
        min_primary_s: float = 0.25,
        metrics: MetricSink | None = None,
        max_workers: int = 4,
    ) -> None:
        self.primary = primary
        self.fallback = fallback
        self.reserve_s = reserve_s
        self.min_primary_s = min_primary_s
        self._metrics = metrics
        self._isolate = fallback is not None and primary is not fallback
        self._slots = threading.BoundedSemaphore(max_workers)
        self._pool: ThreadPoolExecutor | None = None
        self._max_workers = max_workers
        self._last_resort = LastResortBackend()

    def _executor(self) -> ThreadPoolExecutor:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(self._max_workers, thread_name_prefix="backend")
        return self._pool

    def respond(self, turn: Turn) -> ChainResult:
        started = time.perf_counter()
        reason: str | None
        try:
            reply = self._primary(turn)
            reason = None
        except BackendError as e:
            reason = e.reason
            log.warning("primary backend failed", extra={"reason": reason, "error": str(e)[:300]})
        except Exception as e:  # a backend bug must not reach the caller
            reason = "error"
            log.error("primary backend raised", extra={"reason": reason, "error": type(e).__name__})
        if reason is not None:
            self._count(METRIC_FALLBACKS)
            reply = self._fallback(turn)
        elapsed = (time.perf_counter() - started) * 1000
        if self._metrics is not None:
            self._metrics.timing(METRIC_BACKEND_LATENCY, elapsed)
            if reply.input_tokens or reply.output_tokens:
                self._metrics.count(METRIC_INPUT_TOKENS, reply.input_tokens)
                self._metrics.count(METRIC_OUTPUT_TOKENS, reply.output_tokens)
        return ChainResult(reply, elapsed, reason)

    def _primary(self, turn: Turn) -> Reply:
        if not self._isolate:
            return validate_reply(self.primary.respond(turn))
        deadline = Deadline(turn.deadline.at - self.reserve_s)
        if deadline.remaining() < self.min_primary_s:
            raise DeadlineTooClose(f"{deadline.remaining():.3f} s left for the primary backend")
        if not self._slots.acquire(blocking=False):
            raise DeadlineTooClose("every backend worker is busy with an earlier, stuck turn")
        try:
            future = self._executor().submit(self.primary.respond, replace(turn, deadline=deadline))
        except BaseException:
            self._slots.release()
            raise
        future.add_done_callback(lambda _f: self._slots.release())
        try:
            result = future.result(timeout=max(deadline.remaining(), 0.0))
        except FutureTimeout:
            future.cancel()
            raise BackendTimeout("no answer before the primary deadline") from None
        return validate_reply(result)

    def _fallback(self, turn: Turn) -> Reply:
        backend = self.fallback if self.fallback is not None else self._last_resort
        try:
            reply = validate_reply(backend.respond(turn))
        except Exception as e:
            log.error("fallback backend failed", extra={"error": type(e).__name__})
            return self._last_resort.respond(turn)
        apology = phrase(turn.persona, "delay_apology", turn.session_id)
        text = f"{apology} {reply.text}".strip() if reply.text.strip() else apology
        return replace(reply, text=text, fallback=True, backend=reply.backend or backend.name)

    def _count(self, name: str) -> None:
        if self._metrics is not None:
            self._metrics.count(name)


def load_backend(name: str, config: RuntimeConfig | None = None) -> AgentBackend:
    """Import a backend by configured name; `from_config(config)` when it offers one."""
    if name not in BACKENDS:
        raise ValueError(f"unknown agent backend {name!r}; expected one of {sorted(BACKENDS)}")
    module_name, class_name = BACKENDS[name]
    module = importlib.import_module(module_name)
    cls: Any = getattr(module, class_name)
    if config is not None and hasattr(cls, "from_config"):
        backend: AgentBackend = cls.from_config(config)
    else:
        backend = cls()
    return backend


def build_chain(config: RuntimeConfig, metrics: MetricSink | None = None) -> FallbackChain:
    """The configured backend with the local troubleshooter behind it."""
    try:
        local: AgentBackend | None = load_backend("local", config)
    except Exception as e:
        log.error("local backend unavailable", extra={"error": f"{type(e).__name__}: {e}"[:300]})
        local = None
    if config.agent_backend == "local":
        primary: AgentBackend = local if local is not None else LastResortBackend()
        return FallbackChain(primary, None, metrics=metrics, reserve_s=config.fallback_reserve_s)
    try:
        primary = load_backend(config.agent_backend, config)
    except Exception as e:  # misconfigured cloud backend: keep answering callers locally
        log.error(
            "configured backend unavailable, answering with the local backend only",
            extra={"backend": config.agent_backend, "error": f"{type(e).__name__}: {e}"[:300]},
        )
        primary = local if local is not None else LastResortBackend()
        return FallbackChain(primary, None, metrics=metrics, reserve_s=config.fallback_reserve_s)
    return FallbackChain(primary, local, metrics=metrics, reserve_s=config.fallback_reserve_s)
