from __future__ import annotations

from typing import TYPE_CHECKING

from infra.components.agent_instructions import COLLABORATORS, load_instructions
from infra.components.agents import AgentRef, BedrockAgentTeam
from infra.components.guardrail import SupportGuardrail
from infra.components.parameters import Parameters
from infra.stacks.base import AppStack

if TYPE_CHECKING:
    from pathlib import Path

    from constructs import Construct

    from infra.config import EnvironmentConfig
    from infra.stacks.knowledge import KnowledgeBaseRef


class AgentsStack(AppStack):
    """The guardrail (both backends) and, for bedrock-agents, the supervisor and collaborators."""

    concern = "agents"

    def __init__(
        self,
        scope: Construct,
        *,
        config: EnvironmentConfig,
        knowledge_base: KnowledgeBaseRef,
        agents_dir: Path,
    ) -> None:
        super().__init__(
            scope, config=config, description=f"guardrail, agent backend {config.agent_backend}"
        )
        self.guardrail = SupportGuardrail(self, "Guardrail", config=config)
        values = {
            "agent-backend": config.agent_backend,
            "guardrail-id": self.guardrail.guardrail_id,
            "guardrail-version": self.guardrail.guardrail_version,
        }
        self.supervisor: AgentRef | None = None
        self.team: BedrockAgentTeam | None = None
        if config.uses_bedrock_agents:
            self.team = BedrockAgentTeam(
                self,
                "Team",
                config=config,
                instructions=load_instructions(agents_dir),
                knowledge_base_id=knowledge_base.knowledge_base_id,
                knowledge_base_arn=knowledge_base.knowledge_base_arn,
                guardrail_id=self.guardrail.guardrail_id,
                guardrail_arn=self.guardrail.guardrail_arn,
                guardrail_version=self.guardrail.guardrail_version,
            )
            self.supervisor = self.team.ref("supervisor")
            values["supervisor-agent-id"] = self.supervisor.agent_id
            values["supervisor-alias-id"] = self.supervisor.alias_id
            for role in COLLABORATORS:
                ref = self.team.ref(role)
                values[f"{role}-agent-id"] = ref.agent_id
                values[f"{role}-alias-id"] = ref.alias_id
        Parameters(self, "Parameters", config=config, values=values)
