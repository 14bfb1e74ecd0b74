"""Both cloud backends, pointed at the local Bedrock endpoint, and a turn builder."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from runtime.agents.bedrock_agents import BedrockAgentsBackend, BedrockAgentsSettings
from runtime.agents.converse import ConverseBackend, ConverseSettings
from runtime.agents.types import Deadline, Turn
from tests.runtime.fixtures import persona
from tests.support.fixtures import bedrock_endpoint, fake_bedrock_server

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from runtime.agents.types import AgentBackend
    from tests.support.bedrock_endpoint import FakeBedrock

__all__ = ["bedrock_endpoint", "fake_bedrock_server"]

BACKEND_NAMES = ("bedrock-agents", "converse")
INSTRUCTIONS = {
    "supervisor": "You are the supervisor of a headset support team.",
    "diagnostic": "You are the Diagnostic specialist: USB and Bluetooth hardware.",
    "platform": "You are the Platform specialist: Windows audio and Genesys Cloud.",
    "escalation": "You are the Escalation specialist: hand over to a person.",
}


@pytest.fixture
def agents_dir(tmp_path: Path) -> Path:
    """content/agents stand-in (front matter included, as the content files may carry it)."""
    folder = tmp_path / "agents"
    folder.mkdir()
    for name, text in INSTRUCTIONS.items():
        (folder / f"{name}.md").write_text(f"---\nname: {name}\n---\n# {name}\n\n{text}\n")
    return folder


def make_backend(
    name: str, endpoint: FakeBedrock, agents_dir: Path, **options: Any
) -> AgentBackend:
    if name == "bedrock-agents":
        return BedrockAgentsBackend(
            BedrockAgentsSettings(
                agent_id="SUPERVISOR",
                agent_alias_id="LIVE",
                endpoint_url=endpoint.url,
                region="us-east-1",
                **options,
            )
        )
    router = options.pop("router", None)
    return ConverseBackend(
        ConverseSettings(
            model_id="anthropic.claude-3-5-haiku-20241022-v1:0",
            knowledge_base_id="KBHEADSET1",
            guardrail_id="gr1abc",
            guardrail_version="3",
            endpoint_url=endpoint.url,
            region="us-east-1",
            **options,
        ),
        router=router,
        instructions_dir=agents_dir,
    )


@pytest.fixture(params=BACKEND_NAMES)
def backend(
    request: pytest.FixtureRequest, bedrock_endpoint: FakeBedrock, agents_dir: Path
) -> AgentBackend:
    """Each cloud backend in turn, talking to the local endpoint."""
    return make_backend(request.param, bedrock_endpoint, agents_dir)


@pytest.fixture
def make_turn() -> Callable[..., Turn]:
    def build(
        text: str = "my usb headset is not detected",
        *,
        seconds: float = 3.0,
        session: dict[str, str] | None = None,
        persona_id: str = "tangerine",
        **persona_changes: Any,
    ) -> Turn:
        return Turn(
            text=text,
            session_id="3f9c1a52-7d4e-4b8a-9c61-0e2f5a7b8c9d",
            persona=persona(persona_id, **persona_changes),
            deadline=Deadline.in_seconds(seconds),
            session=dict(session or {}),
        )

    return build
