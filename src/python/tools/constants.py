"""Environment variable names, SSM paths and fixed names the tools share.

Names the Lambda shares (table name, key attributes) come from runtime/constants.py.
"""

from __future__ import annotations

from runtime import constants as _runtime

ENV_AGENT_BACKEND = _runtime.ENV_AGENT_BACKEND
ENV_REGION = _runtime.ENV_AWS_REGION
ENV_PERSONA_TABLE = _runtime.ENV_PERSONA_TABLE
PERSONA_KEY = _runtime.PERSONA_KEY_ATTRIBUTE
PERSONA_VERSION = _runtime.PERSONA_VERSION_ATTRIBUTE
ENV_DEFAULT_REGION = "AWS_DEFAULT_REGION"
ENV_CI = "CI"
ENV_KB_BUCKET = "KB_S3_BUCKET_NAME"
ENV_LAMBDA_FUNCTION = "LAMBDA_FUNCTION_NAME"
ENV_NO_COLOR = "NO_COLOR"

# Parameters the infra writes under /headset-agent/{env}/ (the seed's validation reads
# /headset-agent/<env>/supervisor-agent-id).
SSM_PREFIX = "/headset-agent/{env}/"
SSM_KNOWLEDGE_BASE_ID = "knowledge-base-id"
SSM_DATA_SOURCE_ID = "data-source-id"
SSM_SUPERVISOR_AGENT_ID = "supervisor-agent-id"
SSM_SUPERVISOR_ALIAS_ID = "supervisor-alias-id"
SSM_AGENT_BACKEND = "agent-backend"
SSM_LAMBDA_FUNCTION_NAME = "lambda-function-name"
SSM_PERSONA_TABLE_NAME = "persona-table-name"

ENVIRONMENTS = ("dev", "staging", "prod")
AGENT_BACKENDS = ("converse", "bedrock-agents")

# Persona items carry `content_hash` besides the key `id` and `version` (runtime.constants).
PERSONA_HASH = "content_hash"

# The Lambda alias the infra points Lex at and rollback shifts.
LAMBDA_ALIAS = "live"


def ssm_name(env: str, leaf: str) -> str:
    """/headset-agent/{env}/{leaf}"""
    return SSM_PREFIX.format(env=env) + leaf
