"""BedrockAgentsBackend: InvokeAgent on the supervisor alias (Bedrock Agents "Classic")."""

from __future__ import annotations

import logging
import time
from dataclasses import replace
from typing import TYPE_CHECKING

from runtime.agents.bedrock_agents.stream import read_stream
from runtime.agents.bedrock_agents.types import BedrockAgentsSettings
from runtime.agents.cloud_common import (
    CallStats,
    ClientFactory,
    article_path,
    as_category,
    call_within,
    caller_context,
    safe_session_id,
    settings_from_config,
)
from runtime.agents.exceptions import BackendError, MalformedReply
from runtime.agents.types import AGENT_OF_CATEGORY, Reply
from runtime.constants import ATTR_LAST_AGENT, ATTR_LAST_ARTICLE, ATTR_LAST_CATEGORY
from runtime.render.phrases import phrase

if TYPE_CHECKING:
    from runtime.agents.bedrock_agents.types import AgentStream
    from runtime.agents.types import AgentName, Turn
    from runtime.config import RuntimeConfig

log = logging.getLogger(__name__)

SERVICE = "bedrock-agent-runtime"
# RuntimeConfig field -> settings field (see docs/agent-backends.md for the variables)
CONFIG_FIELDS = {
    "bedrock_agent_id": "agent_id",
    "bedrock_agent_alias_id": "agent_alias_id",
    "region": "region",
    "bedrock_endpoint_url": "endpoint_url",
}


class BedrockAgentsBackend:
    """One caller turn = one streamed InvokeAgent call on the supervisor alias."""

    name = "bedrock-agents"

    def __init__(
        self, settings: BedrockAgentsSettings, *, clients: ClientFactory | None = None
    ) -> None:
        self.settings = settings
        self.clients = clients or ClientFactory(
            region=settings.region, endpoint_url=settings.endpoint_url
        )
        self.last_stats: CallStats | None = None

    @classmethod
    def from_config(cls, config: RuntimeConfig) -> BedrockAgentsBackend:
        values = settings_from_config(
            config, CONFIG_FIELDS, ("agent_id", "agent_alias_id"), cls.name
        )
        return cls(BedrockAgentsSettings.model_validate(values))

    def respond(self, turn: Turn) -> Reply:
        stats = CallStats(backend=self.name, model_calls=1)
        self.last_stats = stats
        started = time.perf_counter()
        try:
            stream = call_within(
                turn.deadline,
                backend=self.name,
                where=f"InvokeAgent {self.settings.agent_id}/{self.settings.agent_alias_id}",
                minimum_s=self.settings.min_call_s,
                stats=stats,
                fn=lambda remaining: self._invoke(turn, remaining),
            )
            stats.input_tokens, stats.output_tokens = stream.input_tokens, stream.output_tokens
            reply = self._reply(turn, stream)
        except BackendError as e:
            stats.outcome = e.reason
            raise
        finally:
            stats.latency_ms = (time.perf_counter() - started) * 1000
        return replace(reply, input_tokens=stats.input_tokens, output_tokens=stats.output_tokens)

    def _invoke(self, turn: Turn, remaining: float) -> AgentStream:
        client = self.clients.client(SERVICE, remaining)
        persona = turn.persona
        response = client.invoke_agent(
            agentId=self.settings.agent_id,
            agentAliasId=self.settings.agent_alias_id,
            sessionId=safe_session_id(turn.session_id),
            inputText=turn.text,
            # Always: token usage and the collaborator's name arrive only in trace events (the
            # EMF token metrics and the reply's agent need them); the steps are logged at DEBUG.
            enableTrace=True,
            sessionState={
                "sessionAttributes": caller_context(turn.session, persona, turn.channel),
                "promptSessionAttributes": {
                    "persona_name": persona.display_name,
                    "persona_tone": persona.tone,
                    "persona_style": " ".join(persona.style_notes)[:1000],
                    "persona_addendum": persona.prompt_addendum,
                    "channel": turn.channel,
                },
            },
        )
        stream = read_stream(response["completion"], turn.deadline)
        if stream.trace_steps:
            log.debug(
                "InvokeAgent trace",
                extra={
                    "trace_steps": stream.trace_steps[:40],
                    "collaborators": stream.collaborators,
                },
            )
        return stream

    def _reply(self, turn: Turn, stream: AgentStream) -> Reply:
        citation = next((c for c in stream.citations if article_path(c.uri)), None)
        category = as_category(citation.category if citation else None)
        article = article_path(citation.uri) if citation else None
        if category is None and article:
            category = as_category(article.split("/", 1)[0])
        agent = self._agent(stream, category)
        session = dict(turn.session)
        control = stream.return_control
        if control is not None:
            if control.function not in self.settings.escalation_functions:
                raise MalformedReply(
                    f"InvokeAgent returned control for {control.action_group}/{control.function}, "
                    "which this runtime does not handle; only "
                    f"{self.settings.escalation_functions} may return control "
                    "(make other action groups Lambda-backed)"
                )
            reason = control.parameters.get("reason") or "the escalation agent asked for a person"
            session[ATTR_LAST_AGENT] = "escalation"
            return Reply(
                text=stream.text or phrase(turn.persona, "escalate", turn.session_id),
                agent="escalation",
                category=category,
                article=article,
                escalate=True,
                escalation_reason=reason[:200],
                handoff_summary=control.parameters.get("summary") or None,
                session=session,
                backend=self.name,
            )
        if not stream.text:
            raise MalformedReply(f"InvokeAgent stream ended without text ({stream.events} events)")
        session[ATTR_LAST_AGENT] = agent
        if category:
            session[ATTR_LAST_CATEGORY] = category
        if article:
            session[ATTR_LAST_ARTICLE] = article
        return Reply(
            text=stream.text,
            agent=agent,
            category=category,
            article=article,
            session=session,
            backend=self.name,
        )

    @staticmethod
    def _agent(stream: AgentStream, category: str | None) -> AgentName:
        for name in reversed(stream.collaborators):
            lowered = name.lower()
            for known in ("diagnostic", "platform", "escalation"):
                if known in lowered:
                    return known
        if category in AGENT_OF_CATEGORY:
            return AGENT_OF_CATEGORY[category]
        return "supervisor"
