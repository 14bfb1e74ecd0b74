"""The outcome of a call the engine ends (fixed, escalated, left) or the caller abandons.

Everything comes from the dialog state: the trail of steps with how each went, the article in
hand, the turn count and the first turn's time. Articles are named by path (what an author
edits), looked up in the index the engine used.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from runtime.outcomes.types import CallOutcome

if TYPE_CHECKING:
    from runtime.agents.types import Category
    from runtime.dialog.state import DialogState
    from runtime.knowledge.index import KnowledgeIndex
    from runtime.outcomes.types import OutcomeKind, OutcomeReason


def call_outcome(
    state: DialogState,
    outcome: OutcomeKind,
    index: KnowledgeIndex,
    *,
    category: Category | None = None,
    reason: OutcomeReason | None = None,
    now: float | None = None,
) -> CallOutcome:
    """The outcome of the call `state` describes. `category`: the routing category when no
    article was reached (a hand-off on the first turn still counts for its category)."""
    paths = {}
    for entry in state.trail:
        found = index.get(entry.article)
        paths[entry.article] = found.path if found is not None else entry.article
    final = state.article if any(t.article == state.article for t in state.trail) else None
    article = paths[final] if final is not None else None
    step = next((t.step for t in reversed(state.trail) if t.article == final), None)
    earlier = tuple(dict.fromkeys(p for a, p in paths.items() if a != final))
    if category is None and final is not None:
        found = index.get(final)
        category = found.meta.category if found is not None else None
    started = state.started
    return CallOutcome(
        outcome=outcome,
        category=category,
        article=article,
        step=step,
        earlier=earlier,
        steps_tried=sum(1 for t in state.trail if t.outcome != "skipped"),
        trail=tuple(f"{paths[t.article]}#{t.step} {t.outcome}" for t in state.trail),
        reason=reason,
        turns=state.turn or None,
        duration_s=max(0, int((now or time.time()) - started)) if started else None,
    )
