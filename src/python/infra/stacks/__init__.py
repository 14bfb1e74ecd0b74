"""One stack per concern; `infra.app` composes them."""

from __future__ import annotations

from infra.stacks.agents import AgentsStack
from infra.stacks.contact import ContactStack
from infra.stacks.data import DataStack
from infra.stacks.knowledge import KnowledgeBaseRef, KnowledgeStack
from infra.stacks.observability import ObservabilityStack
from infra.stacks.runtime import RuntimeStack

__all__ = [
    "AgentsStack",
    "ContactStack",
    "DataStack",
    "KnowledgeBaseRef",
    "KnowledgeStack",
    "ObservabilityStack",
    "RuntimeStack",
]
