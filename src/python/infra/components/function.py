"""The agent Lambda: the Pants-built zip, a published version and the `live` alias."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Construct

from infra.components.models import acknowledge_model_wildcards, model_arns
from infra.components.nag import acknowledge
from infra.components.names import function_log_group
from infra.config import METRIC_NAMESPACE
from infra.lambda_zip import inspect_lambda_zip
from runtime import constants as rc

if TYPE_CHECKING:
    from pathlib import Path

    from aws_cdk.aws_dynamodb import ITableV2

    from infra.config import EnvironmentConfig

ALIAS_NAME = "live"
"""The alias Lex and Connect call; deploys and rollback shift it between versions."""

_ARCHITECTURES = {"x86_64": lambda_.Architecture.X86_64, "arm64": lambda_.Architecture.ARM_64}


@dataclass(frozen=True)
class BedrockAccess:
    """What the function may call in Bedrock; exactly one backend's needs are set."""

    knowledge_base_id: str
    knowledge_base_arn: str
    guardrail_id: str
    guardrail_arn: str
    guardrail_version: str
    supervisor_agent_id: str | None = None
    supervisor_alias_id: str | None = None
    supervisor_alias_arn: str | None = None


class AgentFunction(Construct):
    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        config: EnvironmentConfig,
        lambda_zip: Path,
        table: ITableV2,
        bedrock: BedrockAccess,
    ) -> None:
        super().__init__(scope, id)
        package = inspect_lambda_zip(lambda_zip, config.lambda_architecture)
        function_name = config.name(config.lambda_function_name)

        self.log_group = logs.LogGroup(
            self,
            "Logs",
            log_group_name=function_log_group(config),
            retention=getattr(logs.RetentionDays, _retention_name(config.log_retention_days)),
            removal_policy=RemovalPolicy.RETAIN if config.is_prod else RemovalPolicy.DESTROY,
        )
        self.role = iam.Role(
            self,
            "Role",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description=f"{function_name}: its table, its Bedrock resources, its log group",
        )
        self.role.add_to_policy(
            iam.PolicyStatement(
                actions=["logs:CreateLogStream", "logs:PutLogEvents"],
                resources=[self.log_group.log_group_arn],  # ends in :* (its log streams)
            )
        )
        table.grant_read_data(self.role)
        self._grant_bedrock(config, bedrock)

        environment = {
            rc.ENV_PERSONA_TABLE: table.table_name,
            rc.ENV_DEFAULT_PERSONA: config.default_persona_id,
            rc.ENV_AGENT_BACKEND: config.agent_backend,
            rc.ENV_TURN_BUDGET: str(config.turn_budget_seconds),
            rc.ENV_LOG_LEVEL: config.log_level,
            rc.ENV_SERVICE_NAME: rc.DEFAULT_SERVICE_NAME,
            rc.ENV_METRICS_NAMESPACE: METRIC_NAMESPACE,
            rc.ENV_KNOWLEDGE_BASE_ID: bedrock.knowledge_base_id,
            rc.ENV_GUARDRAIL_ID: bedrock.guardrail_id,
            rc.ENV_GUARDRAIL_VERSION: bedrock.guardrail_version,
            rc.ENV_MODEL_SUPERVISOR: config.bedrock_model_supervisor,
            rc.ENV_MODEL_SUBAGENT: config.bedrock_model_subagent,
        }
        if bedrock.supervisor_agent_id and bedrock.supervisor_alias_id:
            environment[rc.ENV_SUPERVISOR_AGENT_ID] = bedrock.supervisor_agent_id
            environment[rc.ENV_SUPERVISOR_ALIAS_ID] = bedrock.supervisor_alias_id

        self.function = lambda_.Function(
            self,
            "Function",
            function_name=function_name,
            description="Headset support agent: Lex V2 code hook and Connect persona lookup",
            code=lambda_.Code.from_asset(str(package.path)),
            handler=package.handler,
            runtime=lambda_.Runtime.PYTHON_3_12,
            architecture=_ARCHITECTURES[config.lambda_architecture],
            memory_size=config.lambda_memory_mb,
            timeout=Duration.seconds(config.lambda_timeout_seconds),
            role=self.role,
            log_group=self.log_group,
            logging_format=lambda_.LoggingFormat.JSON,
            environment=environment,
            # Published versions start from a snapshot of the init phase; the runtime's hooks
            # (runtime.snapstart) keep connections and random state out of it.
            snap_start=lambda_.SnapStartConf.ON_PUBLISHED_VERSIONS if config.snap_start else None,
        )
        self.alias = lambda_.Alias(
            self,
            "Live",
            alias_name=ALIAS_NAME,
            version=self.function.current_version,
            provisioned_concurrent_executions=config.provisioned_concurrency or None,
        )
        acknowledge(
            self.function,
            "AwsSolutions-L1",
            "The zip is built by Pants for python3.12 (the code's interpreter and its native "
            "wheels); moving to a newer runtime is a deliberate change of the whole build.",
        )

    def _grant_bedrock(self, config: EnvironmentConfig, bedrock: BedrockAccess) -> None:
        if config.uses_bedrock_agents:
            if not bedrock.supervisor_alias_arn:
                raise ValueError("AGENT_BACKEND=bedrock-agents needs the supervisor alias ARN")
            self.role.add_to_policy(
                iam.PolicyStatement(
                    actions=["bedrock:InvokeAgent"], resources=[bedrock.supervisor_alias_arn]
                )
            )
            return
        models = [config.bedrock_model_supervisor, config.bedrock_model_subagent]
        self.role.add_to_policy(
            iam.PolicyStatement(
                # Converse and ConverseStream are authorised by these two actions.
                actions=["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
                resources=sorted({arn for m in models for arn in model_arns(m)}),
            )
        )
        self.role.add_to_policy(
            iam.PolicyStatement(
                actions=["bedrock:Retrieve"], resources=[bedrock.knowledge_base_arn]
            )
        )
        self.role.add_to_policy(
            iam.PolicyStatement(
                actions=["bedrock:ApplyGuardrail"], resources=[bedrock.guardrail_arn]
            )
        )
        acknowledge_model_wildcards(self.role.node.find_child("DefaultPolicy"), models)


def _retention_name(days: int) -> str:
    names = {
        7: "ONE_WEEK",
        14: "TWO_WEEKS",
        30: "ONE_MONTH",
        60: "TWO_MONTHS",
        90: "THREE_MONTHS",
        180: "SIX_MONTHS",
        365: "ONE_YEAR",
    }
    return names[days]
