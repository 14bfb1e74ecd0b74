"""Checks over content/agents: the four instruction files and Bedrock's length limits."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from tools.content.personas import persona_files
from tools.content.shared import FILE, missing_folder, read_text
from tools.content.types import Problem

if TYPE_CHECKING:
    from pathlib import Path

AGENT_NAMES = ("supervisor", "diagnostic", "platform", "escalation")
# Bedrock Agents: CreateAgent/UpdateAgent accept an instruction of 40 to 20,000 characters.
MIN_CHARS = 40
MAX_CHARS = 20_000


def check_agents(folder: Path) -> list[Problem]:
    """The four instruction files exist and fit Bedrock's 40..20,000 character limit."""
    if not folder.is_dir():
        return [missing_folder(folder, "the agents folder", "restore content/agents/")]
    problems: list[Problem] = []
    for name in AGENT_NAMES:
        file = folder / f"{name}.md"
        path = file.as_posix()
        if not file.is_file():
            problems.append(
                Problem(
                    path=path,
                    field=FILE,
                    message=f"the {name} agent's instructions are missing",
                    fix=f"create {name}.md or restore it with git checkout",
                )
            )
            continue
        text, problem = read_text(file)
        if problem is not None:
            problems.append(problem)
            continue
        size = len(instruction_text(text))
        if size == 0:
            problems.append(
                Problem(
                    path=path, field=FILE, message="the instructions are empty", fix="write them"
                )
            )
        elif size < MIN_CHARS:
            problems.append(
                Problem(
                    path=path,
                    field=FILE,
                    message=f"{size} characters is below Bedrock's minimum of {MIN_CHARS}",
                    fix="write fuller instructions",
                )
            )
        elif size > MAX_CHARS:
            problems.append(
                Problem(
                    path=path,
                    field=FILE,
                    message=f"{size} characters is over Bedrock's limit of {MAX_CHARS}",
                    fix=f"shorten it by at least {size - MAX_CHARS} characters",
                )
            )
    return problems


def instruction_text(text: str) -> str:
    """What Bedrock receives: the text without optional front matter, stripped (as infra reads)."""
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end != -1:
            text = text[end + 4 :]
    return text.strip()


def check_addendum_fits(agents: Path, personas: Path) -> list[Problem]:
    """Instructions plus the longest persona addendum still fit Bedrock's limit."""
    sizes = {
        f.as_posix(): len(instruction_text(f.read_text(encoding="utf-8")))
        for f in (agents / f"{n}.md" for n in AGENT_NAMES)
        if f.is_file()
    }
    addenda: dict[str, int] = {}
    for file in persona_files(personas) if personas.is_dir() else []:
        try:
            raw: Any = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            continue  # reported by check_persona_files
        if isinstance(raw, dict) and isinstance(raw.get("prompt_addendum"), str):
            addenda[file.as_posix()] = len(raw["prompt_addendum"].strip())
    if not sizes or not addenda:
        return []
    longest = max(addenda, key=addenda.__getitem__)
    problems = []
    for path, size in sizes.items():
        total = size + 2 + addenda[longest]
        if size <= MAX_CHARS < total:
            problems.append(
                Problem(
                    path=path,
                    field=FILE,
                    message=(
                        f"with the prompt_addendum of {longest} it is {total} characters, over "
                        f"Bedrock's limit of {MAX_CHARS}"
                    ),
                    fix=f"shorten these instructions or that addendum by {total - MAX_CHARS}",
                )
            )
    return problems
