"""Checks content authors run before a change: personas, articles and agent instructions.

Every function returns a list of Problems (empty when all is well) instead of stopping at the
first one, so an author sees everything to fix in one run. Paths in problems are the folder as
given plus the file's name, e.g. content/personas/joseph.json.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tools.content.agents import check_addendum_fits, check_agents, instruction_text
from tools.content.articles import check_articles, check_knowledge_base, check_links
from tools.content.personas import (
    check_persona_files,
    check_personas,
    check_required_personas,
    check_schema,
)
from tools.content.shared import missing_folder

if TYPE_CHECKING:
    from pathlib import Path

    from tools.content.types import Problem

__all__ = [
    "check_addendum_fits",
    "check_agents",
    "check_all",
    "check_articles",
    "check_knowledge_base",
    "check_links",
    "check_persona_files",
    "check_personas",
    "check_required_personas",
    "check_schema",
    "instruction_text",
]


def check_all(root: Path) -> list[Problem]:
    """Every check over a content folder (personas/, knowledge-base/, agents/)."""
    if not root.is_dir():
        return [missing_folder(root, "the content folder", "pass --root pointing at content/")]
    personas_dir = root / "personas"
    problems = check_persona_files(personas_dir)
    problems += check_required_personas(personas_dir)
    problems += check_schema(personas_dir)
    problems += check_knowledge_base(root / "knowledge-base")
    problems += check_agents(root / "agents")
    problems += check_addendum_fits(root / "agents", personas_dir)
    return problems
