"""The runtime assembled once per Lambda container: config, personas, agent chain, telemetry."""

from __future__ import annotations

import logging
import time
from typing import IO, TYPE_CHECKING, Any

from pydantic import ValidationError

from runtime import constants as c
from runtime.agents.chain import build_chain
from runtime.agents.types import Deadline, Turn
from runtime.config import RuntimeConfig
from runtime.content import content_root
from runtime.events import (
    ConnectInvokeEvent,
    ConnectPersonaResponse,
    HealthCheckEvent,
    HealthResponse,
    LexV2Event,
    classify,
    describe,
)
from runtime.observability import Telemetry
from runtime.outcomes.record import ending, record
from runtime.outcomes.types import CallOutcome
from runtime.persona.files import load_personas
from runtime.persona.store import DynamoPersonaTable, PersonaStore
from runtime.render import render_ssml
from runtime.turns import (
    CLOSE_INTENT_STATE,
    build_turn,
    caller_text,
    handoff_note,
    persona_id_of,
    respond_to_reply,
    safe_response,
    turn_deadline,
)

if TYPE_CHECKING:
    from pathlib import Path

    from runtime.agents.chain import FallbackChain
    from runtime.outcomes.ended import ContactEnded, SessionReader
    from runtime.persona.types import Persona

log = logging.getLogger(__name__)
_SYSTEM_ERROR = CallOutcome(outcome="escalated", reason="system_error")


def _validation_problem(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "(event)"
    return f"field '{where}': {first['msg']}"


class App:
    """Dispatches each event to its handler; `handle` never raises."""

    def __init__(
        self,
        config: RuntimeConfig,
        *,
        store: PersonaStore | None = None,
        chain: FallbackChain | None = None,
        telemetry: Telemetry | None = None,
        sessions: SessionReader | None = None,
    ) -> None:
        self.config = config
        self.sessions = sessions  # Lex sessions for the disconnect path (default: GetSession)
        self._contact_ended: ContactEnded | None = None
        self.telemetry = telemetry or Telemetry.from_config(config)
        self.store = store or self._build_store(config)
        self.chain = chain or build_chain(config, self.telemetry)

    @property
    def contact_ended(self) -> ContactEnded:
        """The disconnect path's handler (runtime.outcomes.ended), built on first use."""
        if self._contact_ended is None:
            from runtime.outcomes.ended import ContactEnded, LexSessions  # a call's last event

            local = self.chain.fallback or self.chain.primary
            self._contact_ended = ContactEnded(
                self.sessions or LexSessions(),
                self.telemetry,
                local=getattr(local, "abandoned", None),  # the local engine reads its own state
                backend=self.config.agent_backend,
            )
        return self._contact_ended

    def warm(self) -> None:
        """Load what the first caller would otherwise wait for (Lambda init phase only)."""
        persona = self.store.default()
        self.store.prefetch()
        local = self.chain.fallback or self.chain.primary
        if getattr(local, "name", "") == "local":  # never call a cloud backend here
            local.respond(
                Turn(
                    text="my headset has no sound",
                    session_id="warm-up",
                    persona=persona,
                    deadline=Deadline.in_seconds(5),
                )
            )

    @classmethod
    def from_env(cls, stream: IO[str] | None = None, **overrides: Any) -> App:
        config = RuntimeConfig.from_env(**overrides)
        return cls(config, telemetry=Telemetry.from_config(config, stream))

    def _build_store(self, config: RuntimeConfig) -> PersonaStore:
        folder: Path = content_root(config.content_dir) / "personas"
        table = (
            DynamoPersonaTable(
                config.persona_table,
                region=config.region,
                endpoint_url=config.dynamodb_endpoint_url,
            )
            if config.persona_table
            else None
        )
        return PersonaStore(
            bundled=lambda: load_personas(folder),
            default_id=config.default_persona_id,
            table=table,
            ttl_s=config.persona_cache_ttl_s,
            metrics=self.telemetry,
        )

    # ------------------------------------------------------------------ dispatch

    def handle(self, event: object, context: Any = None) -> dict[str, Any]:
        started = time.perf_counter()
        kind = classify(event)
        self.telemetry.start(
            correlation_id=_correlation_id(event, kind),
            kind=kind,
            request_id=str(getattr(context, "aws_request_id", "") or ""),
        )
        try:
            if kind == "lex":
                return self.handle_lex(event, context)
            if kind == "connect":
                return self.handle_connect(event)
            if kind == "health":
                return self.handle_health(event)
            return self.handle_unknown(event)
        finally:
            self.telemetry.timing(c.METRIC_TURN_LATENCY, (time.perf_counter() - started) * 1000)
            self.telemetry.flush()

    def handle_lex(self, raw: object, context: Any) -> dict[str, Any]:
        limit = self.config.max_reply_chars
        try:
            event = LexV2Event.model_validate(raw)
        except ValidationError as e:
            self.telemetry.count(c.METRIC_BAD_EVENTS)
            log.error("malformed Lex V2 event", extra={"problem": _validation_problem(e)})
            return self._safe_lex(raw, limit)
        try:
            lookup = self.store.get(persona_id_of(event))
            persona = lookup.persona
            self.telemetry.logger.append_keys(persona=persona.id)
            text = caller_text(event, self.config.max_input_chars)
            log.debug("caller turn", extra={"utterance": text, "mode": event.input_mode})
            deadline = turn_deadline(
                context, self.config.turn_budget_s, self.config.lambda_safety_margin_s
            )
            result = self.chain.respond(build_turn(event, text, persona, deadline))
            reply = result.reply
            if reply.escalate:
                self.telemetry.count(c.METRIC_ESCALATIONS)
            outcome = ending(reply)
            if outcome is not None:
                record(self.telemetry, outcome, persona=persona.id, backend=reply.backend)
            log.info(
                "turn answered",
                extra={
                    "backend": reply.backend,
                    "agent": reply.agent,
                    "category": reply.category,
                    "escalate": reply.escalate,
                    "escalation_reason": reply.escalation_reason,
                    "handoff_summary": handoff_note(reply.handoff_summary)
                    if reply.handoff_summary
                    else None,
                    "fallback_reason": result.fallback_reason,
                    "backend_ms": round(result.backend_ms, 2),
                    "chars_in": len(text),
                },
            )
            return respond_to_reply(event, persona, reply, limit).to_dict()
        except Exception:  # never let Connect play "system error"
            log.exception("turn failed")
            return self._safe_lex(raw, limit)

    def _safe_lex(self, raw: object, limit: int) -> dict[str, Any]:
        persona = self._default_persona_or_none()
        if persona is None:
            record(self.telemetry, _SYSTEM_ERROR, persona="", backend="")
            return hardcoded_lex_reply()
        response, escalates = safe_response(raw, persona, limit)
        if escalates:
            self.telemetry.count(c.METRIC_ESCALATIONS)
            outcome = CallOutcome(outcome="escalated", reason="repeated_errors")
            record(self.telemetry, outcome, persona=persona.id, backend="")
        return response.to_dict()

    def _default_persona_or_none(self) -> Persona | None:
        try:
            return self.store.default()
        except Exception:
            log.exception("no default persona")
            return None

    def handle_connect(self, raw: object) -> dict[str, Any]:
        try:
            event = ConnectInvokeEvent.model_validate(raw)
            if event.details.parameters.get(c.PARAM_EVENT) == c.CONTACT_ENDED:
                return self.contact_ended.handle(event)
            lookup = self.store.get(event.persona_id)
            status = "ok" if lookup.source in ("cache", "table", "bundled") else "fallback"
        except ValidationError as e:
            self.telemetry.count(c.METRIC_BAD_EVENTS)
            log.error("malformed Connect event", extra={"problem": _validation_problem(e)})
            lookup = None
            status = "fallback"
        persona = lookup.persona if lookup else self._default_persona_or_none()
        if persona is None:
            return {"status": "error", "error": "no persona available; see the function's logs"}
        return ConnectPersonaResponse(
            status=status,  # type: ignore[arg-type]
            persona_id=persona.id,
            display_name=persona.display_name,
            voice_id=persona.voice.voice_id,
            # Connect's Set voice block spells engines capitalised: Neural, Standard, Generative.
            voice_engine=persona.voice.engine.capitalize(),
            language=persona.voice.language,
            greeting=persona.greeting,
            greeting_ssml=render_ssml(persona.greeting, persona, self.config.max_reply_chars),
            farewell=persona.farewell,
            persona_source=lookup.source if lookup else "default",
        ).to_dict()

    def handle_health(self, raw: object) -> dict[str, Any]:
        checks: dict[str, str] = {"config": "ok"}
        try:
            HealthCheckEvent.model_validate(raw)
        except ValidationError as e:
            return self.handle_unknown(raw, _validation_problem(e))
        try:
            count = len(self.store.bundled)
            checks["personas"] = f"ok ({count} bundled)" if count else "error: none bundled"
        except Exception as e:
            checks["personas"] = f"error: {type(e).__name__}: {str(e)[:200]}"
        checks["persona_store"] = self.store.check()
        checks["backend"] = f"{self.config.agent_backend} ({type(self.chain.primary).__name__})"
        bad = any(v.startswith(("error", "unreachable")) for v in checks.values())
        return HealthResponse(
            status="degraded" if bad else "ok",
            version=self.config.version,
            backend=self.config.agent_backend,
            checks=checks,
        ).model_dump()

    def handle_unknown(self, raw: object, problem: str | None = None) -> dict[str, Any]:
        self.telemetry.count(c.METRIC_BAD_EVENTS)
        error = (
            "unsupported event: expected a Lex V2 code-hook event, an Amazon Connect "
            f'ContactFlowEvent or {{"test": true}}; got {describe(raw)}'
            + (f" ({problem})" if problem else "")
        )
        log.error(error)
        return {"status": "error", "error": error}


def _correlation_id(event: object, kind: str) -> str | None:
    if not isinstance(event, dict):
        return None
    if kind == "lex":
        value = event.get("sessionId")
    elif kind == "connect":
        details = event.get("Details")
        data = details.get("ContactData") if isinstance(details, dict) else None
        value = data.get("ContactId") if isinstance(data, dict) else None
    else:
        value = None
    return value[:128] if isinstance(value, str) else None


def hardcoded_lex_reply() -> dict[str, Any]:
    """When not even a persona can be loaded: hand the caller to a person, plainly."""
    return {
        "sessionState": {
            "sessionAttributes": {
                c.ATTR_ESCALATE: "true",
                c.ATTR_ESCALATION_REASON: "system_error",
            },
            "dialogAction": {"type": "Close"},
            "intent": {"name": "FallbackIntent", "state": CLOSE_INTENT_STATE},
        },
        "messages": [
            {
                "contentType": "PlainText",
                "content": (
                    "Sorry, something went wrong on our side. "
                    "Let me put you through to a colleague."
                ),
            }
        ],
    }
