"""The four agents' instructions say the escalation path, safety and voice rules the same way,
with the tool names and reason codes the Converse backend uses."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from runtime.agents.converse.tools import AGENT_REASONS
from runtime.agents.converse.types import ESCALATION_TOOL, HANDOFF_TOOL
from tools.content.agents import AGENT_NAMES, instruction_text

if TYPE_CHECKING:
    from pathlib import Path

SHARED = ("The one way to a person", "Safety", "Steps that need care", "How to speak")
_CODE = re.compile(r"(?:^- |\. )([a-z_]+):", re.MULTILINE)


def sections(text: str) -> dict[str, str]:
    """Heading -> body of each '## ' section."""
    parts = re.split(r"^## (.+)$", text, flags=re.MULTILINE)
    return {
        title.strip(): body.strip() for title, body in zip(parts[1::2], parts[2::2], strict=True)
    }


def instructions(real_content: Path) -> dict[str, dict[str, str]]:
    folder = real_content / "agents"
    return {
        name: sections(instruction_text((folder / f"{name}.md").read_text(encoding="utf-8")))
        for name in AGENT_NAMES
    }


def test_every_agent_says_the_shared_rules_in_the_same_words(real_content: Path) -> None:
    agents = instructions(real_content)
    for title in SHARED:
        # then each shared section is present, word for word, in all four files
        texts = {name: found.get(title) for name, found in agents.items()}
        assert None not in texts.values(), (title, texts)
        assert len(set(texts.values())) == 1, title


def test_the_reason_codes_and_tools_are_the_ones_the_backend_offers(real_content: Path) -> None:
    path = instructions(real_content)["escalation"]["The one way to a person"]
    # then the listed codes are the tools' reason codes, and both tools are named
    assert sorted(_CODE.findall(path)) == sorted(AGENT_REASONS)
    assert ESCALATION_TOOL in path and HANDOFF_TOOL in path
