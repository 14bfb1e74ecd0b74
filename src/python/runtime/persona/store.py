"""Personas at run time: the DynamoDB table, cached in memory, with the bundled files behind it.

Item format (written by `tools:persona deploy`): the persona JSON fields as ordinary DynamoDB
attributes (key attribute `id`), plus a numeric `version`. Unknown attributes are ignored.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, Protocol

from pydantic import ValidationError

from runtime.constants import (
    METRIC_PERSONA_CACHE_MISSES,
    METRIC_PERSONA_FALLBACKS,
    PERSONA_KEY_ATTRIBUTE,
)
from runtime.persona.types import PERSONA_ID_PATTERN, Persona

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

log = logging.getLogger(__name__)

Source = Literal["cache", "table", "bundled", "default"]
_ID = re.compile(PERSONA_ID_PATTERN)
_PERSONA_FIELDS = frozenset({name for name in Persona.model_fields if name != "schema_ref"})


class MetricSink(Protocol):
    def count(self, name: str, value: float = 1) -> None: ...


class PersonaItemError(ValueError):
    """An item in the persona table does not validate as a Persona."""


@dataclass(frozen=True)
class PersonaLookup:
    persona: Persona
    source: Source
    reason: str | None = None  # why a bundled/default persona answered instead of the table


class DynamoPersonaTable:
    """Reads one persona item with a low-level client (cheaper to create than a resource)."""

    def __init__(
        self,
        table_name: str,
        *,
        region: str | None = None,
        endpoint_url: str | None = None,
        timeout_s: float = 0.8,
    ) -> None:
        self.table_name = table_name
        self._region = region
        self._endpoint_url = endpoint_url
        self._timeout_s = timeout_s
        self._client: Any = None
        self._lock = threading.Lock()

    def _get_client(self) -> Any:
        with self._lock:
            if self._client is None:
                import boto3  # lazy: ~100-170 ms, paid only when a table is configured
                from botocore.config import Config

                self._client = boto3.session.Session().client(
                    "dynamodb",
                    region_name=self._region,
                    endpoint_url=self._endpoint_url,
                    config=Config(
                        connect_timeout=self._timeout_s,
                        read_timeout=self._timeout_s,
                        retries={"max_attempts": 2, "mode": "standard"},
                    ),
                )
            return self._client

    def close(self) -> None:
        """Close the client's connections; the next read creates a new client (SnapStart)."""
        with self._lock:
            client, self._client = self._client, None
        if client is not None:
            client.close()

    def get(self, persona_id: str) -> dict[str, Any] | None:
        """The item as plain Python values, or None when there is no such persona."""
        from boto3.dynamodb.types import TypeDeserializer

        response = self._get_client().get_item(
            TableName=self.table_name,
            Key={PERSONA_KEY_ATTRIBUTE: {"S": persona_id}},
            ConsistentRead=False,
        )
        item = response.get("Item")
        if item is None:
            return None
        deserializer = TypeDeserializer()
        return {key: deserializer.deserialize(value) for key, value in item.items()}


def persona_from_item(item: Mapping[str, Any], table_name: str) -> Persona:
    """Validate a table item as a Persona; `version` and unknown attributes are dropped."""
    fields = {k: v for k, v in item.items() if k in _PERSONA_FIELDS}
    try:
        return Persona.model_validate(fields)
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(item)"
        raise PersonaItemError(
            f"persona item '{item.get(PERSONA_KEY_ATTRIBUTE)}' in table {table_name}: "
            f"attribute '{where}': {first['msg']}; redeploy it with `tools:persona deploy`"
        ) from e


class PersonaStore:
    """`get(persona_id)` never fails: table -> bundled file of that id -> bundled default."""

    def __init__(
        self,
        *,
        bundled: Callable[[], Mapping[str, Persona]],
        default_id: str,
        table: DynamoPersonaTable | None = None,
        ttl_s: float = 300.0,
        failure_ttl_s: float = 30.0,
        metrics: MetricSink | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._bundled_loader = bundled
        self._bundled: Mapping[str, Persona] | None = None
        self.default_id = default_id
        self.table = table
        self.ttl_s = ttl_s
        self.failure_ttl_s = failure_ttl_s
        self._metrics = metrics
        self._clock = clock
        self._cache: dict[str, tuple[float, PersonaLookup]] = {}
        self._prefetch: threading.Thread | None = None
        self._refreshing: threading.Thread | None = None
        self._refresh_lock = threading.Lock()

    def prefetch(self, persona_id: str | None = None) -> None:
        """Read the table in a daemon thread (Lambda init): boto3's import and client creation
        (~150-250 ms) then overlap the first turn, which the bundled persona serves meanwhile."""
        if self.table is None or self._prefetch is not None:
            return
        wanted = (persona_id or self.default_id).strip().lower()

        def load() -> None:
            lookup, ttl = self._load(wanted)
            self._cache[wanted] = (self._clock() + ttl, lookup)

        self._prefetch = threading.Thread(target=load, name="persona-prefetch", daemon=True)
        self._prefetch.start()

    def settle(self, timeout_s: float = 5.0) -> None:
        """Before a SnapStart snapshot: wait for table reads in flight, close the client."""
        for thread in (self._prefetch, self._refreshing):
            if thread is not None:
                thread.join(timeout_s)
        if self.table is not None:
            self.table.close()

    def refresh_all(self) -> None:
        """After a SnapStart restore: every cached persona is out of date; the default one is
        reread in the background now, the others on their next use. As after any TTL, the
        snapshot's copies answer meanwhile and a failed read keeps them."""
        self._cache = {key: (0.0, lookup) for key, (_, lookup) in self._cache.items()}
        self._prefetch = None
        if self.table is not None:
            self._refresh_in_background(self.default_id)

    @property
    def bundled(self) -> Mapping[str, Persona]:
        if self._bundled is None:
            self._bundled = self._bundled_loader()
        return self._bundled

    def default(self) -> Persona:
        """The bundled default persona; the last line of defence for every caller."""
        bundled = self.bundled
        if self.default_id in bundled:
            return bundled[self.default_id]
        if bundled:
            return bundled[sorted(bundled)[0]]
        raise LookupError("no bundled personas: content/personas is empty or missing")

    def _refresh_in_background(self, wanted: str) -> None:
        with self._refresh_lock:
            if self._refreshing is not None and self._refreshing.is_alive():
                return

            def load() -> None:
                lookup, ttl = self._load(wanted)
                if lookup.source == "table" or wanted not in self._cache:
                    self._cache[wanted] = (self._clock() + ttl, lookup)
                else:  # keep serving the last good table item; try again after a short while
                    stale = self._cache[wanted][1]
                    self._cache[wanted] = (self._clock() + self.failure_ttl_s, stale)

            self._refreshing = threading.Thread(target=load, name="persona-refresh", daemon=True)
            self._refreshing.start()

    def get(self, persona_id: str | None) -> PersonaLookup:
        wanted = (persona_id or "").strip().lower() or self.default_id
        now = self._clock()
        cached = self._cache.get(wanted)
        if cached is not None and cached[0] > now:
            lookup = cached[1]
            return lookup if lookup.source != "table" else PersonaLookup(lookup.persona, "cache")
        if cached is not None and cached[1].source == "table":
            # stale while revalidate: a table hiccup never lands on a caller's turn
            self._refresh_in_background(wanted)
            return PersonaLookup(cached[1].persona, "cache", "refreshing")
        if self._prefetch is not None and self._prefetch.is_alive():
            # the table client is still being created: answer now from the bundled files
            bundled = self.bundled.get(wanted) or self.default()
            return PersonaLookup(bundled, "bundled", "table read in progress")
        lookup, ttl = self._load(wanted)
        self._cache[wanted] = (now + ttl, lookup)
        return lookup

    def _count(self, name: str) -> None:
        if self._metrics is not None:
            self._metrics.count(name)

    def _fallback(self, wanted: str, reason: str) -> PersonaLookup:
        if self.table is not None:
            self._count(METRIC_PERSONA_FALLBACKS)
            log.warning("persona fallback", extra={"persona_id": wanted[:40], "reason": reason})
        if wanted in self.bundled:
            return PersonaLookup(self.bundled[wanted], "bundled", reason)
        return PersonaLookup(self.default(), "default", reason)

    def _load(self, wanted: str) -> tuple[PersonaLookup, float]:
        if not _ID.match(wanted):
            return self._fallback("(invalid id)", "persona id is not a valid id"), self.ttl_s
        if self.table is None:
            if wanted in self.bundled:
                return PersonaLookup(self.bundled[wanted], "bundled"), self.ttl_s
            return self._fallback(wanted, "unknown persona id"), self.ttl_s
        self._count(METRIC_PERSONA_CACHE_MISSES)
        try:
            item = self.table.get(wanted)
        except Exception as e:  # any AWS/network failure: serve bundled, retry after a short while
            reason = f"table {self.table.table_name} unreachable: {_describe(e)}"
            log.error("persona table unreachable", extra={"error": _describe(e)})
            return self._fallback(wanted, reason), self.failure_ttl_s
        if item is None:
            return self._fallback(wanted, "unknown persona id"), self.ttl_s
        try:
            return PersonaLookup(
                persona_from_item(item, self.table.table_name), "table"
            ), self.ttl_s
        except PersonaItemError as e:
            log.error("invalid persona item", extra={"error": str(e)})
            return self._fallback(wanted, str(e)), self.failure_ttl_s

    def check(self) -> str:
        """Health check: can the table be read? (Reads the default persona's item.)"""
        if self.table is None:
            return "not configured (bundled personas only)"
        try:
            self.table.get(self.default_id)
        except Exception as e:
            return f"unreachable: {_describe(e)}"
        return "ok"


def _describe(error: BaseException) -> str:
    response = getattr(error, "response", None)
    if isinstance(response, dict):
        code = response.get("Error", {}).get("Code")
        if code:
            return f"{type(error).__name__} {code}"
    return type(error).__name__
