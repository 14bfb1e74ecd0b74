"""The Logs Insights queries over the outcome lines, shared by the dashboard and `kb report`.

Both run the same text, so the report and the dashboard never disagree. This module imports
nothing: the infra's dashboard reads it without the rest of the runtime. A row of ARTICLES is
one (article, step, earlier) group: the article and step conversations ended on, and the
articles given before it ("" when none).
"""

from __future__ import annotations

# The outcome line's message and outcomes (runtime.outcomes.types.OutcomeKind; a test keeps
# them equal). Kept here, free of imports, for the dashboard in the observability stack.
OUTCOME_MESSAGE = "conversation ended"
OUTCOME_KINDS = ("fixed", "escalated", "left", "abandoned")
ARTICLE_FIELDS = ("article", "step", "earlier")
COUNT_FIELDS = ("conversations", "fixed", "handed_off", "caller_left", "abandoned")

ARTICLES = f"""filter message = "{OUTCOME_MESSAGE}"
| stats count(*) as conversations,
    sum(strcontains(outcome, "fixed")) as fixed,
    sum(strcontains(outcome, "escalated")) as handed_off,
    sum(strcontains(outcome, "left")) as caller_left,
    sum(strcontains(outcome, "abandoned")) as abandoned
    by {", ".join(ARTICLE_FIELDS)}
| sort handed_off desc
| limit 1000"""

HANDOFF_REASONS = f"""filter message = "{OUTCOME_MESSAGE}" and outcome = "escalated"
| stats count(*) as handoffs by reason
| sort handoffs desc"""
