"""Knowledge-base articles: typed models, the bundle loaded at init, the full-text index.

The Markdown parser (runtime.knowledge.parse) is not re-exported here: it loads PyYAML, which a
cold start with the bundle never needs. Import it from its module.
"""

from __future__ import annotations

from runtime.knowledge.bundle import KnowledgeBundle, load_knowledge
from runtime.knowledge.index import Hit, KnowledgeIndex, KnowledgeIndexError, default_index
from runtime.knowledge.types import Article, FrontMatter, Source

__all__ = [
    "Article",
    "FrontMatter",
    "Hit",
    "KnowledgeBundle",
    "KnowledgeIndex",
    "KnowledgeIndexError",
    "Source",
    "default_index",
    "load_knowledge",
]
