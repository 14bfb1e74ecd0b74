"""What the cloud backends share: deadline-derived clients, one error map, call statistics.

boto3 is imported lazily (cold start): the first client creation pays for it, not the import of
this module. Clients are cached per (service, timeout bucket): botocore timeouts are fixed per
client, and turns mostly land in the same bucket, so a warm Lambda reuses one client per service.
botocore's own retries are off; `call_within` retries once, only when the deadline allows it.
"""

from __future__ import annotations

import logging
import math
import random
import re
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from runtime.agents.exceptions import (
    BackendError,
    BackendThrottled,
    BackendTimeout,
    BackendUnavailable,
    DeadlineTooClose,
    MalformedReply,
)
from runtime.agents.types import AGENT_OF_CATEGORY

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from runtime.agents.types import Category, Deadline
    from runtime.config import RuntimeConfig
    from runtime.persona.types import Persona

T = TypeVar("T")
log = logging.getLogger(__name__)

TIMEOUT_STEP_S = 0.25  # read timeouts are rounded down to this step (client cache key)
CONNECT_TIMEOUT_MAX_S = 1.0
RETRY_BACKOFF_S = (0.05, 0.2)  # jittered pause before the single retry
MAX_CACHED_CLIENTS = 16

_THROTTLE_CODES = {
    "throttlingexception",
    "toomanyrequestsexception",
    "servicequotaexceededexception",
}
_UNAVAILABLE_CODES = {
    "internalserverexception",
    "serviceunavailableexception",
    "badgatewayexception",
    "dependencyfailedexception",
    "modelnotreadyexception",
    "modelerrorexception",
}
_TIMEOUT_CODES = {"modeltimeoutexception"}


@dataclass
class CallStats:
    """Figures of one turn: tokens travel on the Reply to the chain's metrics; the rest is kept
    as `backend.last_stats` for benchmarks and debugging."""

    backend: str
    latency_ms: float = 0.0
    input_tokens: int = 0
    output_tokens: int = 0
    model_calls: int = 0
    api_calls: int = 0
    retries: int = 0
    outcome: str = "ok"  # "ok" or the BackendError reason


@dataclass(frozen=True)
class Timeouts:
    connect_s: float
    read_s: float


def timeouts_for(remaining_s: float) -> Timeouts:
    """Connect and read timeouts that end no later than `remaining_s` from now."""
    bucket = max(TIMEOUT_STEP_S, math.floor(remaining_s / TIMEOUT_STEP_S) * TIMEOUT_STEP_S)
    connect = min(CONNECT_TIMEOUT_MAX_S, max(0.1, bucket / 4))
    return Timeouts(connect_s=round(connect, 3), read_s=round(bucket, 3))


def require_time(deadline: Deadline, minimum_s: float, backend: str) -> float:
    """Seconds left; DeadlineTooClose when fewer than `minimum_s` remain."""
    remaining = deadline.remaining()
    if remaining < minimum_s:
        raise DeadlineTooClose(
            f"{backend}: {max(remaining, 0):.2f} s left before the turn deadline, a call needs "
            f"at least {minimum_s:.2f} s; answering locally instead (raise turn_budget_s if "
            "this happens often)"
        )
    return remaining


class ClientFactory:
    """Lazily created, cached boto3 clients; endpoint_url and region injectable (tests)."""

    def __init__(self, *, region: str | None = None, endpoint_url: str | None = None) -> None:
        self.region = region
        self.endpoint_url = endpoint_url
        self._clients: dict[tuple[str, Timeouts], Any] = {}
        self._lock = threading.Lock()

    def client(self, service: str, remaining_s: float) -> Any:
        timeouts = timeouts_for(remaining_s)
        key = (service, timeouts)
        with self._lock:
            cached = self._clients.get(key)
            if cached is not None:
                return cached
            client = self._create(service, timeouts)
            if len(self._clients) >= MAX_CACHED_CLIENTS:
                self._clients.pop(next(iter(self._clients)))
            self._clients[key] = client
            return client

    def _create(self, service: str, timeouts: Timeouts) -> Any:
        from botocore.config import Config  # lazy: boto3 costs ~175 ms, paid by the first call

        config = Config(
            connect_timeout=timeouts.connect_s,
            read_timeout=timeouts.read_s,
            retries={"total_max_attempts": 1, "mode": "standard"},
            tcp_keepalive=True,
            user_agent_extra="headset-support-agent",
        )
        kwargs: dict[str, Any] = {"config": config}
        if self.endpoint_url:
            kwargs["endpoint_url"] = self.endpoint_url
        with _SESSIONS_LOCK:  # boto3 sessions are not thread-safe while creating clients
            return _shared_session(self.region).client(service, **kwargs)


_SESSIONS: dict[str | None, Any] = {}
_SESSIONS_LOCK = threading.RLock()


def _shared_session(region: str | None) -> Any:
    """One boto3 Session per region (call with _SESSIONS_LOCK held).

    Its loader caches the service models, so a second client costs a few ms, not ~100 ms.
    """
    import boto3

    session = _SESSIONS.get(region)
    if session is None:
        session = _SESSIONS[region] = boto3.session.Session(region_name=region)
    return session


def warm(factory: ClientFactory, services: tuple[str, ...], remaining_s: float) -> None:
    """Create the clients a turn of `remaining_s` will use (call at init, outside any turn)."""
    for service in services:
        factory.client(service, remaining_s)


def _error_code(exc: Any) -> tuple[str, int]:
    response = getattr(exc, "response", None) or {}
    code = str((response.get("Error") or {}).get("Code") or "")
    status = int((response.get("ResponseMetadata") or {}).get("HTTPStatusCode") or 0)
    return code, status


def map_error(exc: BaseException, *, where: str) -> tuple[BackendError, bool]:
    """The BackendError for any failure of a Bedrock call, and whether one retry may help."""
    if isinstance(exc, BackendError):
        return exc, False
    from botocore import exceptions as bce
    from botocore.eventstream import ParserError
    from botocore.parsers import ResponseParserError
    from urllib3 import exceptions as u3

    detail = f"{where}: {type(exc).__name__}: {exc}"
    if isinstance(exc, bce.EventStreamError):
        code, _ = _error_code(exc)
        if code.lower() in _THROTTLE_CODES:
            return BackendThrottled(f"{detail} (in-stream)"), False
        return MalformedReply(f"{detail} (error event inside the reply stream)"), False
    if isinstance(exc, bce.ClientError):
        code, status = _error_code(exc)
        lowered = code.lower()
        if status == 429 or lowered in _THROTTLE_CODES:
            return BackendThrottled(f"{detail}; raise the Bedrock quota or lower traffic"), True
        if lowered in _TIMEOUT_CODES or status == 408:
            return BackendTimeout(detail), False
        if status >= 500 or lowered in _UNAVAILABLE_CODES:
            return BackendUnavailable(detail), True
        return (
            BackendUnavailable(
                f"{detail}; a {status} {code} is a configuration or permission problem: check "
                "the ids in the environment's config and the Lambda role's bedrock:* grants"
            ),
            False,
        )
    if isinstance(exc, bce.ReadTimeoutError | bce.ConnectTimeoutError | u3.ReadTimeoutError):
        return BackendTimeout(detail), False
    if isinstance(exc, ParserError | ResponseParserError | bce.ResponseStreamingError):
        return MalformedReply(detail), False
    if isinstance(exc, u3.ProtocolError):  # connection dropped while the body streamed
        return MalformedReply(f"{detail} (reply truncated)"), False
    if isinstance(exc, bce.ConnectionClosedError | bce.EndpointConnectionError):
        return BackendUnavailable(detail), True
    if isinstance(exc, bce.ConnectionError | bce.HTTPClientError | ConnectionError):
        return BackendUnavailable(detail), True
    if isinstance(exc, ValueError | KeyError | TypeError | UnicodeDecodeError):
        return MalformedReply(detail), False
    return BackendError(detail), False


def call_within(
    deadline: Deadline,
    *,
    backend: str,
    where: str,
    minimum_s: float,
    stats: CallStats,
    fn: Callable[[float], T],
) -> T:
    """Run `fn(remaining_s)`; map failures; retry once on throttling/5xx if time allows."""
    attempt = 0
    while True:
        remaining = require_time(deadline, minimum_s, backend)
        stats.api_calls += 1
        try:
            result = fn(remaining)
        except Exception as e:  # every failure leaves as a BackendError
            error, retryable = map_error(e, where=where)
            pause = random.uniform(*RETRY_BACKOFF_S)  # jitter, not crypto
            if retryable and attempt == 0 and deadline.remaining() - pause >= minimum_s:
                log.info("%s: %s; retrying once", backend, error.reason)
                time.sleep(pause)
                attempt += 1
                stats.retries += 1
                continue
            if deadline.expired() and not isinstance(error, BackendTimeout | DeadlineTooClose):
                raise BackendTimeout(f"{where}: deadline passed ({error})") from e
            raise error from e
        if deadline.expired():
            raise BackendTimeout(f"{where}: answered after the turn deadline; answering locally")
        return result


# --- facts both cloud backends derive the same way ---

_CATEGORY_NAMES = frozenset(AGENT_OF_CATEGORY)
_SESSION_ID_BAD = re.compile(r"[^0-9A-Za-z._:-]")
MAX_CONTEXT_ATTRS = 12
MAX_CONTEXT_VALUE = 200
# Session attributes that are ours (state), not caller context for the model.
_INTERNAL_PREFIXES = ("cv_", "ba_", "kb_", "guide_", "x-amz-")


def as_category(value: object) -> Category | None:
    return value if value in _CATEGORY_NAMES else None


def article_path(uri: str | None) -> str | None:
    """`s3://bucket/prefix/usb/not-detected.md` -> `usb/not-detected.md`; None if no article."""
    if not uri:
        return None
    parts = [p for p in uri.split("/") if p]
    for i, part in enumerate(parts[:-1]):
        if part in _CATEGORY_NAMES and parts[-1].endswith(".md"):
            return "/".join(parts[i:])
    return None


def safe_session_id(raw: str) -> str:
    """Bedrock's sessionId pattern [0-9a-zA-Z._:-]{2,100}; Connect contact ids already fit."""
    cleaned = _SESSION_ID_BAD.sub("-", raw)[:100]
    return cleaned if len(cleaned) >= 2 else f"s-{cleaned}"


def caller_context(session: Mapping[str, str], persona: Persona, channel: str) -> dict[str, str]:
    """Small, non-sensitive context for the model: persona, channel, contact-flow attributes.

    Values that look like phone numbers are dropped, never forwarded.
    """
    from runtime.constants import ATTR_ESCALATE, ATTR_ESCALATION_REASON, ATTR_PERSONA_ID

    context = {
        ATTR_PERSONA_ID: persona.id,
        "persona_name": persona.display_name,
        "channel": channel,
    }
    skip = {ATTR_ESCALATE, ATTR_ESCALATION_REASON, ATTR_PERSONA_ID}
    for key, value in session.items():
        if len(context) >= MAX_CONTEXT_ATTRS:
            break
        if key in skip or key.startswith(_INTERNAL_PREFIXES) or _PHONE_LIKE.search(value):
            continue
        context[key[:64]] = value[:MAX_CONTEXT_VALUE]
    return context


_PHONE_LIKE = re.compile(r"\+?\d[\d\s().-]{6,}\d")


def settings_from_config(
    config: RuntimeConfig, fields: Mapping[str, str], required: tuple[str, ...], backend: str
) -> dict[str, Any]:
    """A backend's settings from the runtime config ({config field: settings field}); names
    every required setting that is missing, with the variable that sets it."""
    from runtime.config import ENV_FIELDS

    values = {target: getattr(config, source) for source, target in fields.items()}
    missing = [
        source for source, target in fields.items() if target in required and not values[target]
    ]
    if missing:
        wanted = ", ".join(f"{name} ({ENV_FIELDS.get(name, name)})" for name in missing)
        raise ValueError(
            f"agent_backend={backend} needs {wanted}; set them from the agents stack outputs"
        )
    return {target: value for target, value in values.items() if value is not None}
