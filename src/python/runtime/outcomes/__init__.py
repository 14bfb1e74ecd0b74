"""The outcome of every conversation: fixed, escalated, left or abandoned, written once.

One log line ("conversation ended") and one EMF line per conversation, from the turn that ends
it (runtime.outcomes.record) or, for a caller who hangs up, from the contact flow's disconnect
path (runtime.outcomes.ended). The dashboard and `kb report` read the lines with the queries in
runtime.outcomes.insights.

Nothing is re-exported here on purpose: the infra's dashboard imports the queries, and an
import of this package would otherwise bring the whole runtime (and the content) into the
observability stack's deploy closure. Import from the modules.
"""
