"""The outcome of every conversation: fixed, escalated, left or abandoned, written once.

One log line ("conversation ended") and one EMF line per conversation, from the turn that ends
it or, for a caller who hangs up, from the contact flow's disconnect path. The dashboard and
`kb report` read the lines with the queries in runtime.outcomes.insights.
"""

from runtime.outcomes.record import OUTCOME_MESSAGE, ending, record
from runtime.outcomes.types import OUTCOMES, CallOutcome, OutcomeKind

__all__ = [
    "OUTCOMES",
    "OUTCOME_MESSAGE",
    "CallOutcome",
    "OutcomeKind",
    "ending",
    "record",
]
