"""Why a backend could not answer. The fallback chain catches all of them."""

from __future__ import annotations


class BackendError(Exception):
    """A backend failed to produce a usable reply."""

    reason = "error"


class BackendThrottled(BackendError):
    reason = "throttled"


class BackendUnavailable(BackendError):
    """5xx, connection refused, DNS, ..."""

    reason = "unavailable"


class BackendTimeout(BackendError):
    reason = "timeout"


class MalformedReply(BackendError):
    """Truncated stream, bad CRC, unparseable or empty answer."""

    reason = "malformed"


class DeadlineTooClose(BackendError):
    reason = "deadline"
