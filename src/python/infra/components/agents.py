"""The seed's Bedrock Agents team: a supervisor and three collaborators, each with a `live` alias.

Only built when AGENT_BACKEND=bedrock-agents (Agents Classic is closed to new accounts since
30 July 2026); the converse backend runs the same routing in the Lambda.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from aws_cdk import Aws
from aws_cdk import aws_bedrock as bedrock
from aws_cdk import aws_iam as iam
from constructs import Construct

from infra.components.agent_instructions import COLLABORATORS, AgentRole, Instruction
from infra.components.models import acknowledge_model_wildcards, model_arns

if TYPE_CHECKING:
    from infra.config import EnvironmentConfig

ALIAS_NAME = "live"
ESCALATE_FUNCTION = "escalate_to_human"
"""Return-of-control function of the Escalation agent; the runtime turns it into escalate=true."""

ESCALATE_PARAMETERS: dict[str, tuple[str, bool]] = {
    "reason": (
        "Why the caller needs a person: damage, safety, replacement, asked, exhausted",
        True,
    ),
    "summary": ("One or two sentences for the agent who takes the call", True),
    "category": ("usb, bluetooth, windows or genesys-cloud, if known", False),
    "device": ("Headset make and model, if the caller said", False),
    "steps_tried": ("Troubleshooting steps already tried", False),
}

COLLABORATION: dict[AgentRole, str] = {
    "diagnostic": "Hand USB and Bluetooth headset hardware problems to this agent: detection, "
    "pairing, connection drops, no sound, noise, battery, dongles and firmware.",
    "platform": "Hand Windows audio settings and Genesys Cloud problems to this agent: default "
    "devices, microphone privacy, drivers, WebRTC phone, browser or desktop app audio.",
    "escalation": "Hand the caller to this agent for physical damage, safety concerns (heat, "
    "swelling battery), replacement or new equipment, a request for a person, or when "
    "troubleshooting is exhausted.",
}
KB_AGENTS: tuple[AgentRole, ...] = ("diagnostic", "platform")


@dataclass(frozen=True)
class AgentRef:
    agent_id: str
    alias_id: str
    alias_arn: str


class BedrockAgentTeam(Construct):
    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        config: EnvironmentConfig,
        instructions: dict[AgentRole, Instruction],
        knowledge_base_id: str,
        knowledge_base_arn: str,
        guardrail_id: str,
        guardrail_arn: str,
        guardrail_version: str,
    ) -> None:
        super().__init__(scope, id)
        self.agents: dict[AgentRole, bedrock.CfnAgent] = {}
        self.aliases: dict[AgentRole, bedrock.CfnAgentAlias] = {}
        guardrail = bedrock.CfnAgent.GuardrailConfigurationProperty(
            guardrail_identifier=guardrail_id, guardrail_version=guardrail_version
        )
        for role in (*COLLABORATORS, "supervisor"):
            model = (
                config.bedrock_model_supervisor
                if role == "supervisor"
                else config.bedrock_model_subagent
            )
            name = (
                config.name(config.supervisor_agent_name)
                if role == "supervisor"
                else config.name(role)
            )
            agent_role = self._role(
                role,
                model,
                knowledge_base_arn if role in KB_AGENTS else None,
                guardrail_arn,
            )
            agent = bedrock.CfnAgent(
                self,
                role.capitalize(),
                agent_name=name,
                description=f"Headset support {role} agent",
                agent_resource_role_arn=agent_role.role_arn,
                foundation_model=model,
                instruction=instructions[role].text,
                idle_session_ttl_in_seconds=600,
                auto_prepare=True,
                guardrail_configuration=guardrail,
                knowledge_bases=(
                    [
                        bedrock.CfnAgent.AgentKnowledgeBaseProperty(
                            knowledge_base_id=knowledge_base_id,
                            description="Headset troubleshooting articles for "
                            + (
                                "USB and Bluetooth"
                                if role == "diagnostic"
                                else "Windows and " "Genesys Cloud"
                            ),
                            knowledge_base_state="ENABLED",
                        )
                    ]
                    if role in KB_AGENTS
                    else None
                ),
                action_groups=[self._escalation_group()] if role == "escalation" else None,
                agent_collaboration="SUPERVISOR" if role == "supervisor" else "DISABLED",
                agent_collaborators=(
                    [
                        bedrock.CfnAgent.AgentCollaboratorProperty(
                            agent_descriptor=bedrock.CfnAgent.AgentDescriptorProperty(
                                alias_arn=self.aliases[c].attr_agent_alias_arn
                            ),
                            collaboration_instruction=COLLABORATION[c],
                            collaborator_name=c,
                            relay_conversation_history="TO_COLLABORATOR",
                        )
                        for c in COLLABORATORS
                    ]
                    if role == "supervisor"
                    else None
                ),
            )
            self.agents[role] = agent
            # The instruction's digest in the description makes CloudFormation update the
            # alias when the instruction changes, and an alias update cuts a new version.
            self.aliases[role] = bedrock.CfnAgentAlias(
                self,
                f"{role.capitalize()}Alias",
                agent_id=agent.attr_agent_id,
                agent_alias_name=ALIAS_NAME,
                description=f"instruction {instructions[role].digest} model {model}",
            )

    def ref(self, role: AgentRole) -> AgentRef:
        alias = self.aliases[role]
        return AgentRef(
            agent_id=self.agents[role].attr_agent_id,
            alias_id=alias.attr_agent_alias_id,
            alias_arn=alias.attr_agent_alias_arn,
        )

    @staticmethod
    def _escalation_group() -> bedrock.CfnAgent.AgentActionGroupProperty:
        return bedrock.CfnAgent.AgentActionGroupProperty(
            action_group_name="escalation",
            description="Hand the caller to a person; the caller's session carries the ticket.",
            action_group_executor=bedrock.CfnAgent.ActionGroupExecutorProperty(
                custom_control="RETURN_CONTROL"
            ),
            action_group_state="ENABLED",
            function_schema=bedrock.CfnAgent.FunctionSchemaProperty(
                functions=[
                    bedrock.CfnAgent.FunctionProperty(
                        name=ESCALATE_FUNCTION,
                        description="Transfer the caller to a human support agent with a summary.",
                        parameters={
                            key: bedrock.CfnAgent.ParameterDetailProperty(
                                type="string", description=text, required=required
                            )
                            for key, (text, required) in ESCALATE_PARAMETERS.items()
                        },
                    )
                ]
            ),
        )

    def _role(
        self,
        role: AgentRole,
        model: str,
        knowledge_base_arn: str | None,
        guardrail_arn: str,
    ) -> iam.Role:
        agent_arns = f"arn:{Aws.PARTITION}:bedrock:{Aws.REGION}:{Aws.ACCOUNT_ID}:agent/*"
        principal = iam.ServicePrincipal(
            "bedrock.amazonaws.com",
            conditions={
                "StringEquals": {"aws:SourceAccount": Aws.ACCOUNT_ID},
                "ArnLike": {"aws:SourceArn": agent_arns},
            },
        )
        statements = [
            iam.PolicyStatement(
                actions=[
                    "bedrock:InvokeModel",
                    "bedrock:InvokeModelWithResponseStream",
                    "bedrock:GetInferenceProfile",
                    "bedrock:GetFoundationModel",
                ],
                resources=model_arns(model),
            ),
            iam.PolicyStatement(actions=["bedrock:ApplyGuardrail"], resources=[guardrail_arn]),
        ]
        if knowledge_base_arn:
            statements.append(
                iam.PolicyStatement(actions=["bedrock:Retrieve"], resources=[knowledge_base_arn])
            )
        if role == "supervisor":
            statements.append(
                iam.PolicyStatement(
                    actions=["bedrock:GetAgentAlias", "bedrock:InvokeAgent"],
                    resources=[self.aliases[c].attr_agent_alias_arn for c in COLLABORATORS],
                )
            )
        agent_role = iam.Role(
            self,
            f"{role.capitalize()}Role",
            assumed_by=principal,
            inline_policies={"agent": iam.PolicyDocument(statements=statements)},
        )
        acknowledge_model_wildcards(agent_role, [model])
        return agent_role
