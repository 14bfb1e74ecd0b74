"""Typed configuration of one deployment environment (dev, staging, prod).

Field aliases are the seed's workflow variable names (AWS_REGION, STACK_NAME, ...); the CDK
context overrides any of them: `cdk synth -c PERSONA_TABLE_NAME=people` or, through the app,
`--context PERSONA_TABLE_NAME=people`. Values from the context arrive as strings; pydantic
converts them and says which field is wrong when it cannot.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

if TYPE_CHECKING:
    from collections.abc import Mapping

EnvironmentName = Literal["dev", "staging", "prod"]
AgentBackendName = Literal["converse", "bedrock-agents"]
LambdaArchitecture = Literal["x86_64", "arm64"]
SlackMode = Literal["none", "chatbot", "webhook"]

ENVIRONMENTS: tuple[EnvironmentName, ...] = ("dev", "staging", "prod")
SSM_PREFIX = "/headset-agent"
METRIC_NAMESPACE = "HeadsetSupportAgent"
"""The runtime's EMF namespace (metrics TurnLatency, BackendLatency, Fallbacks, ...)."""

_NAME = re.compile(r"^[a-z][a-z0-9-]{0,30}[a-z0-9]$")


class ConfigError(ValueError):
    """The environment configuration is invalid; the message names the field and the fix."""


class EnvironmentConfig(BaseModel):
    """Everything that differs between environments. Names of AWS resources derive from it."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    environment: EnvironmentName = Field(alias="ENVIRONMENT")
    aws_region: str = Field("us-east-1", alias="AWS_REGION", pattern=r"^[a-z]{2}(-[a-z]+)+-\d$")
    aws_account: str | None = Field(None, alias="AWS_ACCOUNT", pattern=r"^\d{12}$")
    stack_name: str = Field("headset-support", alias="STACK_NAME")

    # Resource names (short parts; the full name is `{STACK_NAME}-{env}-{part}`).
    supervisor_agent_name: str = Field("supervisor", alias="SUPERVISOR_AGENT_NAME")
    kb_s3_bucket_name: str | None = Field(
        None,
        alias="KB_S3_BUCKET_NAME",
        description="Full bucket name; default `{STACK_NAME}-{env}-kb-{account}-{region}`.",
    )
    lambda_function_name: str = Field("agent", alias="LAMBDA_FUNCTION_NAME")
    persona_table_name: str = Field("personas", alias="PERSONA_TABLE_NAME")
    lex_bot_name: str = Field("bot", alias="LEX_BOT_NAME")

    # Bedrock.
    agent_backend: AgentBackendName = Field("converse", alias="AGENT_BACKEND")
    bedrock_model_supervisor: str = Field(
        "us.anthropic.claude-sonnet-4-20250514-v1:0", alias="BEDROCK_MODEL_SUPERVISOR"
    )
    bedrock_model_subagent: str = Field(
        "us.anthropic.claude-3-5-haiku-20241022-v1:0", alias="BEDROCK_MODEL_SUBAGENT"
    )
    embedding_model: str = Field("amazon.titan-embed-text-v2:0", alias="BEDROCK_EMBEDDING_MODEL")
    embedding_dimensions: Literal[256, 512, 1024] = Field(1024, alias="EMBEDDING_DIMENSIONS")

    # Lambda.
    lambda_architecture: LambdaArchitecture = Field("x86_64", alias="LAMBDA_ARCHITECTURE")
    lambda_memory_mb: int = Field(512, ge=128, le=10240, alias="LAMBDA_MEMORY_MB")
    lambda_timeout_seconds: int = Field(
        20,
        ge=3,
        le=29,
        alias="LAMBDA_TIMEOUT_SECONDS",
        description="Under Lex V2's 30 s code-hook limit.",
    )
    turn_budget_seconds: float = Field(6.0, gt=0.5, le=25.0, alias="TURN_BUDGET_SECONDS")
    provisioned_concurrency: int = Field(0, ge=0, le=100, alias="PROVISIONED_CONCURRENCY")
    # SnapStart: new sandboxes start from a snapshot of the init phase (docs/architecture.md).
    snap_start: bool = Field(False, alias="SNAP_START")
    log_retention_days: Literal[7, 14, 30, 60, 90, 180, 365] = Field(14, alias="LOG_RETENTION_DAYS")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field("INFO", alias="LOG_LEVEL")
    default_persona_id: str = Field("tangerine", alias="DEFAULT_PERSONA_ID")

    # Contact centre.
    connect_instance_arn: str | None = Field(
        None,
        alias="CONNECT_INSTANCE_ARN",
        pattern=r"^arn:aws[a-z-]*:connect:[a-z0-9-]+:\d{12}:instance/[0-9a-f-]{36}$",
    )
    connect_queue_arn: str | None = Field(
        None,
        alias="CONNECT_QUEUE_ARN",
        pattern=r"^arn:aws[a-z-]*:connect:[a-z0-9-]+:\d{12}:instance/[0-9a-f-]{36}/queue/[0-9a-f-]{36}$",
    )

    # Alerts and cost.
    pagerduty_endpoint_url: str | None = Field(
        None, alias="PAGERDUTY_ENDPOINT_URL", pattern=r"^https://"
    )
    slack_mode: SlackMode = Field("none", alias="SLACK_MODE")
    slack_workspace_id: str | None = Field(None, alias="SLACK_WORKSPACE_ID")
    slack_channel_id: str | None = Field(None, alias="SLACK_CHANNEL_ID")
    slack_webhook_url: str | None = Field(None, alias="SLACK_WEBHOOK_URL", pattern=r"^https://")
    budget_email: str | None = Field(
        None, alias="BUDGET_EMAIL", pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
    )
    daily_budget_usd: float = Field(100.0, gt=0, alias="DAILY_BUDGET_USD")
    error_alarm_per_minute: int = Field(5, ge=1, alias="ERROR_ALARM_PER_MINUTE")
    p99_alarm_ms: int = Field(5000, ge=100, alias="P99_ALARM_MS")

    @model_validator(mode="after")
    def _consistent(self) -> EnvironmentConfig:
        for field in (
            "stack_name",
            "supervisor_agent_name",
            "lambda_function_name",
            "persona_table_name",
            "lex_bot_name",
        ):
            value = getattr(self, field)
            if not _NAME.match(value):
                alias = type(self).model_fields[field].alias
                raise ValueError(
                    f"{alias} {value!r} must be lower case letters, digits and '-', 2-32 "
                    "characters, starting with a letter (it becomes part of AWS resource names)"
                )
        if self.slack_mode == "chatbot" and not (self.slack_workspace_id and self.slack_channel_id):
            raise ValueError("SLACK_MODE=chatbot needs SLACK_WORKSPACE_ID and SLACK_CHANNEL_ID")
        if self.slack_mode == "webhook" and not self.slack_webhook_url:
            raise ValueError("SLACK_MODE=webhook needs SLACK_WEBHOOK_URL (an https endpoint)")
        if self.snap_start and self.provisioned_concurrency:
            raise ValueError(
                "SNAP_START and PROVISIONED_CONCURRENCY cannot both be set: Lambda allows only "
                "one of them on a function version; set SNAP_START=false to keep provisioned "
                "concurrency, or PROVISIONED_CONCURRENCY=0 (see docs/architecture.md)"
            )
        if self.connect_queue_arn and not self.connect_instance_arn:
            raise ValueError("CONNECT_QUEUE_ARN is set but CONNECT_INSTANCE_ARN is not")
        if (
            self.connect_instance_arn
            and self.connect_queue_arn
            and not (self.connect_queue_arn.startswith(self.connect_instance_arn + "/"))
        ):
            raise ValueError("CONNECT_QUEUE_ARN must be a queue of CONNECT_INSTANCE_ARN")
        if self.connect_instance_arn and not self.connect_queue_arn:
            raise ValueError(
                "CONNECT_INSTANCE_ARN is set but CONNECT_QUEUE_ARN is not: the contact flow "
                "needs the queue that escalated callers are transferred to"
            )
        return self

    # ---- derived names -------------------------------------------------------------------

    @property
    def prefix(self) -> str:
        """`{STACK_NAME}-{env}`: the start of every resource and stack name."""
        return f"{self.stack_name}-{self.environment}"

    def name(self, part: str) -> str:
        return f"{self.prefix}-{part}"

    def parameter_name(self, key: str) -> str:
        """SSM parameter path, e.g. /headset-agent/dev/supervisor-agent-id."""
        return f"{SSM_PREFIX}/{self.environment}/{key}"

    @property
    def is_prod(self) -> bool:
        return self.environment == "prod"

    @property
    def uses_bedrock_agents(self) -> bool:
        return self.agent_backend == "bedrock-agents"


_DEFAULTS: dict[EnvironmentName, dict[str, Any]] = {
    "dev": {"LOG_RETENTION_DAYS": 14, "LOG_LEVEL": "DEBUG"},
    "staging": {"LOG_RETENTION_DAYS": 30},
    "prod": {"LOG_RETENTION_DAYS": 90, "SNAP_START": True, "LAMBDA_MEMORY_MB": 1024},
}


def field_names() -> set[str]:
    """Every name the context may use: aliases (seed names) and attribute names."""
    names: set[str] = set()
    for attribute, info in EnvironmentConfig.model_fields.items():
        names.add(attribute)
        if info.alias:
            names.add(info.alias)
    return names


def load_config(environment: str, overrides: Mapping[str, Any] | None = None) -> EnvironmentConfig:
    """The config of `environment`, its defaults overridden by `overrides` (CDK context)."""
    if environment not in ENVIRONMENTS:
        raise ConfigError(
            f"unknown environment {environment!r}; use one of {', '.join(ENVIRONMENTS)}"
        )
    values: dict[str, Any] = {"ENVIRONMENT": environment, **_DEFAULTS[environment]}
    aliases = {name: info.alias for name, info in EnvironmentConfig.model_fields.items()}
    for key, value in (overrides or {}).items():
        if value is None or value == "":
            continue
        values[aliases.get(key) or key] = value
    try:
        return EnvironmentConfig.model_validate(values)
    except ValidationError as e:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'config'}: {err['msg']}"
            for err in e.errors()
        )
        raise ConfigError(
            f"invalid {environment} configuration: {problems} "
            "(fix the value given by CDK context / --context KEY=VALUE)"
        ) from e
