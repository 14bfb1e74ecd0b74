"""The outcome line and its metrics, once per conversation, from the turn that ends it.

One structured log line, message "conversation ended" (runtime.outcomes.insights queries it),
and one EMF line with dimensions outcome x category. Neither carries caller words or numbers:
the fields are the outcome's codes, paths and counts, plus persona and backend ids.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from runtime.agents.types import CATEGORIES
from runtime.constants import ATTR_LAST_ARTICLE, ATTR_LAST_CATEGORY
from runtime.outcomes.insights import OUTCOME_MESSAGE
from runtime.outcomes.types import CallOutcome

if TYPE_CHECKING:
    from collections.abc import Mapping

    from runtime.agents.types import Reply
    from runtime.observability import Telemetry

log = logging.getLogger(__name__)


def ending(reply: Reply) -> CallOutcome | None:
    """The outcome of the conversation `reply` ends, or None while the conversation goes on.

    The backend's own outcome when it gave one (the local engine: article, steps, turns);
    otherwise what the reply says (a cloud backend's hand-off, the last resort's)."""
    if reply.outcome is not None:
        return reply.outcome
    if not (reply.escalate or reply.end_conversation):
        return None
    from runtime.outcomes.reasons import reason_code  # lazy: the cold start

    return CallOutcome(
        outcome="escalated" if reply.escalate else "fixed",
        category=reply.category,
        article=reply.article,
        reason=reason_code(reply.escalation_reason) if reply.escalate else None,
    )


def abandoned_from(session: Mapping[str, str]) -> CallOutcome:
    """A conversation the caller left without an ending, from what every turn leaves in the
    session (the last category and article); the local engine knows more (its state)."""
    category = session.get(ATTR_LAST_CATEGORY)
    return CallOutcome(
        outcome="abandoned",
        category=category if category in CATEGORIES else None,
        article=session.get(ATTR_LAST_ARTICLE) or None,
        reason="disconnected",
    )


def outcome_fields(outcome: CallOutcome, *, persona: str, backend: str) -> dict[str, Any]:
    """The outcome line's fields. `earlier` is one string: Logs Insights groups by it."""
    fields = outcome.model_dump(mode="json")
    fields["earlier"] = " ".join(outcome.earlier)
    fields["persona"] = persona
    fields["backend"] = backend or "none"
    return fields


def record(telemetry: Telemetry, outcome: CallOutcome, *, persona: str, backend: str) -> None:
    """Write the outcome line and its EMF metrics."""
    log.info(OUTCOME_MESSAGE, extra=outcome_fields(outcome, persona=persona, backend=backend))
    telemetry.conversation(outcome.outcome, outcome.category, turns=outcome.turns)
