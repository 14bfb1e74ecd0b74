"""Lint the knowledge base with the content checks: every article, every problem at once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from runtime.knowledge.parse import load_articles
from tools.content import check_knowledge_base
from tools.errors import ContentError

if TYPE_CHECKING:
    from pathlib import Path

    from runtime.knowledge.types import Article


def lint_articles(root: Path) -> list[Article]:
    """Every article under `root` (category/slug.md); raises ContentError naming every problem.

    The checks are tools.content.checks.check_knowledge_base (what `content check` runs):
    category folder, front matter, steps, unique ids, relative links.
    """
    if not root.is_dir():
        raise ContentError(
            f"knowledge-base folder {root} does not exist",
            [],
            "pass --source pointing at content/knowledge-base",
        )
    problems = [str(p) for p in check_knowledge_base(root)]
    if problems:
        raise ContentError(f"{len(problems)} problem(s) in the knowledge base", problems)
    return load_articles(root)
