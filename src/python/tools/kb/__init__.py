"""`kb lint | sync | ingest`."""

from tools.kb.ingest import IngestionResult, ingest, resolve_ids
from tools.kb.lint import lint_articles
from tools.kb.sync import KbBucket, SyncPlan, local_objects, sidecar, sync

__all__ = [
    "IngestionResult",
    "KbBucket",
    "SyncPlan",
    "ingest",
    "lint_articles",
    "local_objects",
    "resolve_ids",
    "sidecar",
    "sync",
]
