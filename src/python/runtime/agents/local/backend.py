"""The local troubleshooter: the bundled knowledge base, one step at a time, no AWS at all.

It answers every turn the Bedrock supervisor would, with the same routing and labels: the
Lambda's fallback when Bedrock fails, and the agent behind `chat`. The conversation itself is
the dialog engine's (runtime.dialog); this module turns its moves into the runtime's Reply.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from runtime.agents.types import AGENT_OF_CATEGORY, Reply
from runtime.dialog import DialogEngine
from runtime.knowledge.index import KnowledgeIndex, default_index

if TYPE_CHECKING:
    from collections.abc import Sequence

    from runtime.agents.types import AgentName, Turn
    from runtime.dialog import Move
    from runtime.knowledge.types import Article


class LocalAgentBackend:
    """Routes a turn like the supervisor and guides the caller through an article's steps."""

    name = "local"

    def __init__(
        self,
        index: KnowledgeIndex | None = None,
        articles: Sequence[Article] | None = None,
    ) -> None:
        if index is None and articles is not None:
            index = KnowledgeIndex(articles)
        self._index = index

    @property
    def index(self) -> KnowledgeIndex:
        """The injected index, or the bundled knowledge base's (built on first use)."""
        if self._index is None:
            self._index = default_index()
        return self._index

    def respond(self, turn: Turn) -> Reply:
        move = DialogEngine(self.index).respond(
            turn.text, turn.persona, turn.session_id, turn.session
        )
        return to_reply(move, turn.session)


def to_reply(move: Move, session: dict[str, str]) -> Reply:
    article = move.article
    category = article.meta.category if article is not None else None
    agent: AgentName = move.agent or (
        AGENT_OF_CATEGORY[category] if category is not None else "supervisor"
    )
    return Reply(
        text=move.text,
        agent=agent,
        category=category,
        article=article.path if article is not None else None,
        escalate=move.end == "escalated",
        escalation_reason=move.reason,
        handoff_summary=move.summary,
        end_conversation=move.end in ("fixed", "left"),
        session=move.state.to_session(session),
        backend="local",
    )
