"""Runtime settings: environment variables (names in runtime.constants), explicit values win."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from runtime import constants as c
from runtime.persona.types import PERSONA_ID_PATTERN

if TYPE_CHECKING:
    from collections.abc import Mapping

BackendName = Literal["local", "bedrock-agents", "converse"]

# field name -> environment variable that sets it
ENV_FIELDS: dict[str, str] = {
    "persona_table": c.ENV_PERSONA_TABLE,
    "default_persona_id": c.ENV_DEFAULT_PERSONA,
    "persona_cache_ttl_s": c.ENV_PERSONA_CACHE_TTL,
    "agent_backend": c.ENV_AGENT_BACKEND,
    "turn_budget_s": c.ENV_TURN_BUDGET,
    "fallback_reserve_s": c.ENV_FALLBACK_RESERVE,
    "max_reply_chars": c.ENV_MAX_REPLY_CHARS,
    "max_input_chars": c.ENV_MAX_INPUT_CHARS,
    "version": c.ENV_APP_VERSION,
    "region": c.ENV_AWS_REGION,
    "dynamodb_endpoint_url": c.ENV_DYNAMODB_ENDPOINT,
    "content_dir": c.ENV_CONTENT_DIR,
    "log_level": c.ENV_LOG_LEVEL,
    "service_name": c.ENV_SERVICE_NAME,
    "metrics_namespace": c.ENV_METRICS_NAMESPACE,
    "bedrock_agent_id": c.ENV_SUPERVISOR_AGENT_ID,
    "bedrock_agent_alias_id": c.ENV_SUPERVISOR_ALIAS_ID,
    "bedrock_model_id": c.ENV_MODEL_SUBAGENT,
    "bedrock_router_model_id": c.ENV_MODEL_SUPERVISOR,
    "knowledge_base_id": c.ENV_KNOWLEDGE_BASE_ID,
    "guardrail_id": c.ENV_GUARDRAIL_ID,
    "guardrail_version": c.ENV_GUARDRAIL_VERSION,
    "bedrock_endpoint_url": c.ENV_BEDROCK_ENDPOINT,
}


class ConfigError(ValueError):
    """A setting has a value the runtime cannot use; names the variable and the fix."""


class RuntimeConfig(BaseModel):
    """Everything the Lambda reads from its environment, validated once at cold start."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    persona_table: str | None = Field(
        default=None, description="DynamoDB persona table; unset: bundled personas only"
    )
    default_persona_id: str = Field(default=c.DEFAULT_PERSONA_ID, pattern=PERSONA_ID_PATTERN)
    persona_cache_ttl_s: float = Field(default=300.0, ge=0, le=86_400)
    agent_backend: BackendName = "local"
    # A caller should not sit in silence for more than a few seconds; Lex allows 30 s.
    turn_budget_s: float = Field(default=6.0, gt=0.5, le=29.0)
    # Time kept back from the primary backend for the local fallback and rendering.
    fallback_reserve_s: float = Field(default=0.6, ge=0.1, le=5.0)
    # Lambda's own remaining time minus this margin bounds the turn as well.
    lambda_safety_margin_s: float = Field(default=0.3, ge=0.0, le=5.0)
    max_reply_chars: int = Field(
        default=c.LEX_MESSAGE_MAX_CHARS, ge=100, le=c.LEX_MESSAGE_MAX_CHARS
    )
    max_input_chars: int = Field(default=1000, ge=10, le=100_000)
    version: str = Field(default="dev", max_length=64)
    region: str | None = None
    dynamodb_endpoint_url: str | None = None
    content_dir: str | None = None
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    service_name: str = c.DEFAULT_SERVICE_NAME
    metrics_namespace: str = c.DEFAULT_METRICS_NAMESPACE
    # Cloud backends: bedrock-agents needs the two agent ids, converse the model id.
    bedrock_agent_id: str | None = None
    bedrock_agent_alias_id: str | None = None
    bedrock_model_id: str | None = None
    bedrock_router_model_id: str | None = None
    knowledge_base_id: str | None = None
    guardrail_id: str | None = None
    guardrail_version: str | None = None
    bedrock_endpoint_url: str | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> RuntimeConfig:
        """Read settings from `environ` (default os.environ); keyword arguments win over it."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for field, var in ENV_FIELDS.items():
            raw = env.get(var)
            if raw is not None and raw.strip() != "":
                values[field] = raw.strip().upper() if field == "log_level" else raw.strip()
        if "version" not in values and env.get(c.ENV_LAMBDA_FUNCTION_VERSION):
            values["version"] = env[c.ENV_LAMBDA_FUNCTION_VERSION]
        values.update({k: v for k, v in overrides.items() if v is not None})
        try:
            return cls.model_validate(values)
        except ValidationError as e:
            first = e.errors()[0]
            field = str(first["loc"][0]) if first["loc"] else "?"
            source = (
                "the argument"
                if field in overrides
                else f"environment variable {ENV_FIELDS.get(field, field)}"
            )
            raise ConfigError(
                f"setting '{field}' from {source} is invalid: {first['msg']} "
                f"(got {first.get('input')!r}); fix the value or unset it to use the default"
            ) from e
