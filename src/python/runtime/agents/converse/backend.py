"""ConverseBackend: the supervisor pattern in our own code, one model call per turn (two for a
hand-over to Escalation).

route (local router, or one short classifier call when unsure) -> Retrieve grounding filtered by
category -> Converse with the collaborator's instructions, the persona, its tool and the
guardrail -> Reply. Conversation history is kept, bounded, in a Lex session attribute.

One escalation path (runtime.agents.converse.tools): a collaborator that hands the caller to
Escalation costs a second call in the same turn, in which Escalation asks its first question or
transfers; its later turns go straight to Escalation until the transfer.
"""

from __future__ import annotations

import logging
import time
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from runtime.agents.cloud_common import (
    CallStats,
    ClientFactory,
    article_path,
    as_category,
    call_within,
    settings_from_config,
)
from runtime.agents.converse.history import load_history, store_history, to_messages
from runtime.agents.converse.prompts import (
    grounding_block,
    handoff_block,
    load_instructions,
    persona_block,
)
from runtime.agents.converse.route import ROUTE_SYSTEM, ROUTE_TOOL_SPEC, local_router, parse_route
from runtime.agents.converse.tools import HandOff, tool_call, tools_for
from runtime.agents.converse.types import (
    ESCALATION_TOOL,
    HANDOFF_ATTR,
    HANDOFF_TOOL,
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

log = logging.getLogger(__name__)

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
            handoff = HandOff.pending(turn.session)
            route: Route = (
                ("escalation", as_category(turn.session.get(ATTR_LAST_CATEGORY)))
                if handoff is not None  # Escalation keeps the caller until the transfer
                else self._route(turn, stats)
            )
            agent, category = route
            passages, article = (
                self._retrieve(turn, category, stats) if agent != "escalation" else ([], None)
            )
            reply = self._answer(turn, agent, category, passages, article, stats, handoff)
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
        results = response.get("retrievalResults")
        if not isinstance(results, list):  # a required member: the body was cut or not JSON
            raise MalformedReply(
                f"Retrieve {kb}: response without retrievalResults (truncated or not Retrieve JSON)"
            )
        passages: list[tuple[str, str | None]] = []
        article: str | None = None
        for result in results:
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
        handoff: HandOff | None = None,
    ) -> Reply:
        history = load_history(turn.session, HISTORY_ATTR)
        context = handoff_block(handoff) if agent == "escalation" else grounding_block(passages)
        stop, text, content = self._ask(turn, agent, context, history, stats)
        session = dict(turn.session)
        reply = Reply(text="", agent=agent, category=category, article=article, backend=self.name)
        if stop == "guardrail_intervened":
            text = phrase(turn.persona, "out_of_scope", turn.session_id)
            reply = replace(reply, category=None, article=None)
        elif agent == "escalation":
            transfer = tool_call(content, ESCALATION_TOOL)
            if transfer is not None:
                told = HandOff.from_tool(transfer, agent)
                earlier = handoff or HandOff()
                return self._transfer(
                    turn,
                    reply,
                    text,
                    told.reason or earlier.reason,
                    told.summary or earlier.summary,
                )
            session[HANDOFF_ATTR] = (handoff or HandOff()).to_attr()  # questions first
        else:
            data = tool_call(content, HANDOFF_TOOL)
            if data is not None:
                return self._hand_over(turn, reply, HandOff.from_tool(data, agent), stats)
        if not text:
            raise MalformedReply(f"Converse answered without text (stopReason {stop!r})")
        session[HISTORY_ATTR] = store_history(
            history,
            turn.text,
            text,
            messages=self.settings.history_messages,
            chars=self.settings.history_chars,
        )
        session[ATTR_LAST_AGENT] = agent
        if reply.category:
            session[ATTR_LAST_CATEGORY] = reply.category
        if reply.article:
            session[ATTR_LAST_ARTICLE] = reply.article
        return replace(reply, text=text, session=session)

    def _ask(
        self,
        turn: Turn,
        agent: AgentName,
        context: str,
        history: list[tuple[str, str]],
        stats: CallStats,
    ) -> tuple[object, str, list[dict[str, Any]]]:
        """One Converse call as `agent`, with its tool: (stopReason, text, content blocks)."""
        settings = self.settings
        request: dict[str, Any] = {
            "modelId": settings.model_id,
            "system": [
                {"text": load_instructions(self.instructions_dir, agent)},
                {"text": persona_block(turn.persona, turn.channel)},
                {"text": context},
            ],
            "messages": to_messages(history, turn.text),
            "toolConfig": {"tools": tools_for(agent), "toolChoice": {"auto": {}}},
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
        content = ((response.get("output") or {}).get("message") or {}).get("content") or []
        text = " ".join(
            b["text"].strip()
            for b in content
            if isinstance(b.get("text"), str) and b["text"].strip()
        )
        return response.get("stopReason"), text, content

    def _hand_over(self, turn: Turn, reply: Reply, handoff: HandOff, stats: CallStats) -> Reply:
        """Escalation answers the turn a colleague handed over: its first question, or the
        transfer. With no time or no model left for that, the caller is transferred at once."""
        try:
            return self._answer(
                turn, "escalation", reply.category, [], reply.article, stats, handoff
            )
        except BackendError as e:
            log.info("converse: Escalation could not answer a hand-over (%s); transferring", e)
            return self._transfer(turn, reply, "", handoff.reason, handoff.summary)

    def _transfer(
        self, turn: Turn, reply: Reply, said: str, reason: str, summary: str = ""
    ) -> Reply:
        """The transfer: what the model told the caller to do first (unplug it, take it off),
        then the persona's transfer phrase, said now that the transfer happens."""
        session = dict(turn.session)
        session.pop(HANDOFF_ATTR, None)
        session[ATTR_LAST_AGENT] = "escalation"
        spoken = phrase(turn.persona, "escalate", turn.session_id)
        return replace(
            reply,
            text=f"{said} {spoken}".strip(),
            agent="escalation",
            escalate=True,
            escalation_reason=reason or "unspecified",
            handoff_summary=summary or None,
            session=session,
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
