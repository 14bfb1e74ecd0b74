"""ConverseBackend: the supervisor pattern in our own code, one model call per turn.

route (local router, or one short classifier call when unsure) -> Retrieve grounding filtered by
category -> Converse with the collaborator's instructions, the persona, an escalation tool and
the guardrail -> Reply. Conversation history is kept, bounded, in a Lex session attribute.
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from runtime.agents.cloud_common import (
    CallStats,
    ClientFactory,
    article_path,
    call_within,
    settings_from_config,
)
from runtime.agents.converse.history import load_history, store_history, to_messages
from runtime.agents.converse.prompts import grounding_block, load_instructions, persona_block
from runtime.agents.converse.route import ROUTE_SYSTEM, ROUTE_TOOL_SPEC, local_router, parse_route
from runtime.agents.converse.types import (
    ESCALATION_TOOL,
    HISTORY_ATTR,
    ROUTE_TOOL,
    ConverseSettings,
)
from runtime.agents.exceptions import BackendError, MalformedReply
from runtime.agents.types import Reply
from runtime.constants import ATTR_LAST_AGENT, ATTR_LAST_ARTICLE, ATTR_LAST_CATEGORY
from runtime.render.phrases import phrase

if TYPE_CHECKING:
    from pathlib import Path

    from runtime.agents.converse.types import Route, Router
    from runtime.agents.types import AgentName, Category, Turn
    from runtime.config import RuntimeConfig

RUNTIME = "bedrock-runtime"
AGENT_RUNTIME = "bedrock-agent-runtime"
CONFIG_FIELDS = {
    "bedrock_model_id": "model_id",
    "bedrock_router_model_id": "router_model_id",
    "knowledge_base_id": "knowledge_base_id",
    "guardrail_id": "guardrail_id",
    "guardrail_version": "guardrail_version",
    "region": "region",
    "bedrock_endpoint_url": "endpoint_url",
}
ESCALATION_TOOL_SPEC: dict[str, Any] = {
    "toolSpec": {
        "name": ESCALATION_TOOL,
        "description": (
            "Hand the caller to a human agent: damage, safety, replacement or warranty, the "
            "caller asks for a person, or the troubleshooting steps are exhausted."
        ),
        "inputSchema": {
            "json": {
                "type": "object",
                "properties": {
                    "reason": {"type": "string", "description": "why, in a few words"},
                    "summary": {"type": "string", "description": "what was tried, for the agent"},
                },
                "required": ["reason"],
            }
        },
    }
}


class ConverseBackend:
    """Bedrock Converse + Knowledge Bases Retrieve + Guardrails, for every account."""

    name = "converse"

    def __init__(
        self,
        settings: ConverseSettings,
        *,
        router: Router | None = None,
        instructions_dir: Path | None = None,
        clients: ClientFactory | None = None,
    ) -> None:
        self.settings = settings
        self.router = router
        self._instructions_dir = instructions_dir
        self.clients = clients or ClientFactory(
            region=settings.region, endpoint_url=settings.endpoint_url
        )
        self.last_stats: CallStats | None = None

    @classmethod
    def from_config(cls, config: RuntimeConfig) -> ConverseBackend:
        values = settings_from_config(config, CONFIG_FIELDS, ("model_id",), cls.name)
        return cls(ConverseSettings.model_validate(values), router=local_router())

    @property
    def instructions_dir(self) -> Path:
        if self._instructions_dir is None:
            from runtime.content import content_root

            self._instructions_dir = content_root() / "agents"
        return self._instructions_dir

    # --- one turn ---
    def respond(self, turn: Turn) -> Reply:
        stats = CallStats(backend=self.name)
        self.last_stats = stats
        started = time.perf_counter()
        try:
            agent, category = self._route(turn, stats)
            passages, article = (
                self._retrieve(turn, category, stats) if agent != "escalation" else ([], None)
            )
            reply = self._answer(turn, agent, category, passages, article, stats)
        except BackendError as e:
            stats.outcome = e.reason
            raise
        finally:
            stats.latency_ms = (time.perf_counter() - started) * 1000
        return replace(reply, input_tokens=stats.input_tokens, output_tokens=stats.output_tokens)

    def _route(self, turn: Turn, stats: CallStats) -> Route:
        if self.router is not None:
            try:
                decided = self.router(turn.text, turn.session)
            except Exception:  # a router bug must not cost the turn: ask the model instead
                decided = None
            if decided is not None:
                return decided
        if not self.settings.classify_when_unsure:
            return ("supervisor", None)
        request: dict[str, Any] = {
            "modelId": self.settings.router_model_id or self.settings.model_id,
            "system": [{"text": ROUTE_SYSTEM}],
            "messages": [{"role": "user", "content": [{"text": turn.text}]}],
            "toolConfig": {
                "tools": [ROUTE_TOOL_SPEC],
                "toolChoice": {"tool": {"name": ROUTE_TOOL}},
            },
            "inferenceConfig": {"maxTokens": 60, "temperature": 0},
        }
        response = self._converse(turn, request, stats, where="Converse (route)")
        return parse_route(response) or ("supervisor", None)

    def _retrieve(
        self, turn: Turn, category: Category | None, stats: CallStats
    ) -> tuple[list[tuple[str, str | None]], str | None]:
        kb = self.settings.knowledge_base_id
        if kb is None:
            return [], None
        search: dict[str, Any] = {"numberOfResults": self.settings.retrieve_results}
        if category is not None:
            search["filter"] = {"equals": {"key": "category", "value": category}}

        def call(remaining: float) -> dict[str, Any]:
            client = self.clients.client(AGENT_RUNTIME, remaining)
            result: dict[str, Any] = client.retrieve(
                knowledgeBaseId=kb,
                retrievalQuery={"text": turn.text[:1000]},
                retrievalConfiguration={"vectorSearchConfiguration": search},
            )
            return result

        response = call_within(
            turn.deadline,
            backend=self.name,
            where=f"Retrieve {kb}",
            minimum_s=self.settings.min_call_s,
            stats=stats,
            fn=call,
        )
        passages: list[tuple[str, str | None]] = []
        article: str | None = None
        for result in response.get("retrievalResults") or []:
            text = (result.get("content") or {}).get("text")
            if not isinstance(text, str) or not text.strip():
                continue
            uri = ((result.get("location") or {}).get("s3Location") or {}).get("uri")
            path = article_path(uri if isinstance(uri, str) else None)
            article = article or path
            passages.append((text.strip(), path))
        return passages, article

    def _answer(
        self,
        turn: Turn,
        agent: AgentName,
        category: Category | None,
        passages: list[tuple[str, str | None]],
        article: str | None,
        stats: CallStats,
    ) -> Reply:
        settings = self.settings
        history = load_history(turn.session, HISTORY_ATTR)
        system = [
            {"text": load_instructions(self.instructions_dir, agent)},
            {"text": persona_block(turn.persona, turn.channel)},
            {"text": grounding_block(passages)},
        ]
        request: dict[str, Any] = {
            "modelId": settings.model_id,
            "system": system,
            "messages": to_messages(history, turn.text),
            "toolConfig": {"tools": [ESCALATION_TOOL_SPEC], "toolChoice": {"auto": {}}},
            "inferenceConfig": {
                "maxTokens": settings.max_tokens,
                "temperature": settings.temperature,
            },
        }
        if settings.guardrail_id and settings.guardrail_version:
            request["guardrailConfig"] = {
                "guardrailIdentifier": settings.guardrail_id,
                "guardrailVersion": settings.guardrail_version,
            }
        response = self._converse(turn, request, stats, where=f"Converse ({agent})")
        stop = response.get("stopReason")
        content = ((response.get("output") or {}).get("message") or {}).get("content") or []
        text = " ".join(
            b["text"].strip()
            for b in content
            if isinstance(b.get("text"), str) and b["text"].strip()
        )
        escalation = next(
            (
                b["toolUse"]
                for b in content
                if isinstance(b.get("toolUse"), dict)
                and b["toolUse"].get("name") == ESCALATION_TOOL
            ),
            None,
        )
        session = dict(turn.session)
        seed = turn.session_id
        if stop == "guardrail_intervened":
            safe = phrase(turn.persona, "out_of_scope", seed)
            session[HISTORY_ATTR] = store_history(
                history,
                turn.text,
                safe,
                messages=settings.history_messages,
                chars=settings.history_chars,
            )
            session[ATTR_LAST_AGENT] = agent
            return Reply(text=safe, agent=agent, session=session, backend=self.name)
        if escalation is not None:
            data = escalation.get("input") or {}
            reason = str(data.get("reason") or "the model asked for a person")[:200]
            spoken = phrase(turn.persona, "escalate", seed)
            session[ATTR_LAST_AGENT] = "escalation"
            return Reply(
                text=spoken,
                agent="escalation",
                category=category,
                article=article,
                escalate=True,
                escalation_reason=reason,
                handoff_summary=str(data.get("summary") or "") or None,
                session=session,
                backend=self.name,
            )
        if not text:
            raise MalformedReply(f"Converse answered without text (stopReason {stop!r})")
        session[HISTORY_ATTR] = store_history(
            history,
            turn.text,
            text,
            messages=settings.history_messages,
            chars=settings.history_chars,
        )
        session[ATTR_LAST_AGENT] = agent
        if category:
            session[ATTR_LAST_CATEGORY] = category
        if article:
            session[ATTR_LAST_ARTICLE] = article
        return Reply(
            text=text,
            agent=agent,
            category=category,
            article=article,
            session=session,
            backend=self.name,
        )

    def _converse(
        self, turn: Turn, request: dict[str, Any], stats: CallStats, *, where: str
    ) -> dict[str, Any]:
        def call(remaining: float) -> dict[str, Any]:
            client = self.clients.client(RUNTIME, remaining)
            result: dict[str, Any] = client.converse(**request)
            return result

        response = call_within(
            turn.deadline,
            backend=self.name,
            where=where,
            minimum_s=self.settings.min_call_s,
            stats=stats,
            fn=call,
        )
        stats.model_calls += 1
        if not isinstance(response.get("stopReason"), str) or "output" not in response:
            raise MalformedReply(
                f"{where}: response without output/stopReason (truncated or not Converse JSON)"
            )
        usage = response.get("usage") or {}
        stats.input_tokens += int(usage.get("inputTokens") or 0)
        stats.output_tokens += int(usage.get("outputTokens") or 0)
        return response
