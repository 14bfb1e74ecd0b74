"""Content tooling: checks over content/ and the persona JSON Schema."""

from __future__ import annotations

from tools.content.checks import (
    check_agents,
    check_all,
    check_articles,
    check_knowledge_base,
    check_links,
    check_persona_files,
    check_personas,
    check_required_personas,
    check_schema,
)
from tools.content.schema import persona_json_schema, render_schema, write_schema
from tools.content.types import Problem

__all__ = [
    "Problem",
    "check_agents",
    "check_all",
    "check_articles",
    "check_knowledge_base",
    "check_links",
    "check_persona_files",
    "check_personas",
    "check_required_personas",
    "check_schema",
    "persona_json_schema",
    "render_schema",
    "write_schema",
]
