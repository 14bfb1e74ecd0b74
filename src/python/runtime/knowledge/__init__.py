"""Knowledge-base articles: typed models, parsing and the full-text index."""

from __future__ import annotations

from runtime.knowledge.index import Hit, KnowledgeIndex, KnowledgeIndexError, default_index
from runtime.knowledge.parse import ArticleError, load_articles, parse_article
from runtime.knowledge.types import Article, FrontMatter, Source

__all__ = [
    "Article",
    "ArticleError",
    "FrontMatter",
    "Hit",
    "KnowledgeIndex",
    "KnowledgeIndexError",
    "Source",
    "default_index",
    "load_articles",
    "parse_article",
]
