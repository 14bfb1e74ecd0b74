"""Names of environment variables and other fixed strings, kept in one place."""

from __future__ import annotations

# --- environment variables (an explicit argument to RuntimeConfig beats each of them) ---
ENV_CONTENT_DIR = "HEADSET_CONTENT_DIR"
ENV_PERSONA_TABLE = "PERSONA_TABLE_NAME"
ENV_DEFAULT_PERSONA = "DEFAULT_PERSONA_ID"
ENV_PERSONA_CACHE_TTL = "PERSONA_CACHE_TTL_SECONDS"
ENV_AGENT_BACKEND = "AGENT_BACKEND"
ENV_TURN_BUDGET = "TURN_BUDGET_SECONDS"
ENV_FALLBACK_RESERVE = "FALLBACK_RESERVE_SECONDS"
ENV_MAX_REPLY_CHARS = "MAX_REPLY_CHARS"
ENV_MAX_INPUT_CHARS = "MAX_INPUT_CHARS"
ENV_APP_VERSION = "APP_VERSION"
ENV_AWS_REGION = "AWS_REGION"
ENV_DYNAMODB_ENDPOINT = "DYNAMODB_ENDPOINT_URL"  # local DynamoDB / tests only
ENV_LOG_LEVEL = "POWERTOOLS_LOG_LEVEL"
ENV_SERVICE_NAME = "POWERTOOLS_SERVICE_NAME"
ENV_METRICS_NAMESPACE = "POWERTOOLS_METRICS_NAMESPACE"
# Cloud backends (set by the infra's runtime stack from the agents and knowledge stacks).
ENV_SUPERVISOR_AGENT_ID = "SUPERVISOR_AGENT_ID"
ENV_SUPERVISOR_ALIAS_ID = "SUPERVISOR_AGENT_ALIAS_ID"
ENV_MODEL_SUPERVISOR = "BEDROCK_MODEL_SUPERVISOR"  # routes turns (Converse)
ENV_MODEL_SUBAGENT = "BEDROCK_MODEL_SUBAGENT"  # answers turns (Converse)
ENV_KNOWLEDGE_BASE_ID = "KNOWLEDGE_BASE_ID"
ENV_GUARDRAIL_ID = "GUARDRAIL_ID"
ENV_GUARDRAIL_VERSION = "GUARDRAIL_VERSION"
ENV_BEDROCK_ENDPOINT = "BEDROCK_ENDPOINT_URL"  # local Bedrock endpoint / tests only
# Where articles live in the knowledge-base bucket: tools:kb sync writes there, the Bedrock data
# source reads only there.
KB_S3_PREFIX = "knowledge-base/"
ENV_LAMBDA_FUNCTION_NAME = "AWS_LAMBDA_FUNCTION_NAME"  # set by Lambda itself
ENV_LAMBDA_FUNCTION_VERSION = "AWS_LAMBDA_FUNCTION_VERSION"  # set by Lambda itself

# --- defaults ---
DEFAULT_METRICS_NAMESPACE = "HeadsetSupportAgent"
DEFAULT_SERVICE_NAME = "headset-support-runtime"
DEFAULT_PERSONA_ID = "tangerine"

# --- Lex V2 ---
LEX_ACCEPT_CONTENT_TYPES = "x-amz-lex:accept-content-types"
LEX_MESSAGE_MAX_CHARS = 1000  # Lex V2 Message.content limit, SSML tags included

# --- session attributes the contact flow and the handler share (contract with infra) ---
ATTR_PERSONA_ID = "persona_id"
ATTR_ESCALATE = "escalate"
ATTR_ESCALATION_REASON = "escalation_reason"
ATTR_LAST_AGENT = "last_agent"
ATTR_LAST_CATEGORY = "last_category"
ATTR_LAST_ARTICLE = "last_article"
ATTR_ERROR_COUNT = "error_count"  # consecutive turns answered with the safe reply
# Set with escalate=true: what the person taking over needs (problem, setup, steps tried,
# reason), bounded and free of caller words; the contact flow copies it to the contact.
ATTR_HANDOFF_SUMMARY = "handoff_summary"

# --- metrics (EMF, one namespace) ---
METRIC_TURN_LATENCY = "TurnLatency"
METRIC_BACKEND_LATENCY = "BackendLatency"
METRIC_INPUT_TOKENS = "BackendInputTokens"
METRIC_OUTPUT_TOKENS = "BackendOutputTokens"
METRIC_FALLBACKS = "Fallbacks"
METRIC_ESCALATIONS = "Escalations"
METRIC_PERSONA_CACHE_MISSES = "PersonaCacheMisses"
METRIC_PERSONA_FALLBACKS = "PersonaFallbacks"
METRIC_BAD_EVENTS = "BadEvents"

# --- DynamoDB persona items ---
PERSONA_KEY_ATTRIBUTE = "id"
PERSONA_VERSION_ATTRIBUTE = "version"
