"""Settings come from the environment; explicit values win; bad values say which variable."""

from __future__ import annotations

import pytest

from runtime.config import ConfigError, RuntimeConfig


def test_defaults_need_no_environment() -> None:
    config = RuntimeConfig.from_env({})
    assert config.agent_backend == "local"
    assert config.persona_table is None
    assert config.metrics_namespace == "HeadsetSupportAgent"
    assert config.max_reply_chars == 1000


def test_environment_sets_values_and_arguments_beat_it() -> None:
    env = {
        "PERSONA_TABLE_NAME": "personas-dev",
        "AGENT_BACKEND": "converse",
        "TURN_BUDGET_SECONDS": "4.5",
        "POWERTOOLS_LOG_LEVEL": "debug",
        "AWS_LAMBDA_FUNCTION_VERSION": "17",
    }
    from_env = RuntimeConfig.from_env(env)
    assert (from_env.persona_table, from_env.agent_backend) == ("personas-dev", "converse")
    assert from_env.turn_budget_s == 4.5
    assert from_env.log_level == "DEBUG"
    assert from_env.version == "17"
    explicit = RuntimeConfig.from_env(env, agent_backend="local", turn_budget_s=2.0)
    assert (explicit.agent_backend, explicit.turn_budget_s) == ("local", 2.0)


def test_blank_variables_mean_unset() -> None:
    assert RuntimeConfig.from_env({"PERSONA_TABLE_NAME": "  "}).persona_table is None


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"AGENT_BACKEND": "openai"}, "AGENT_BACKEND"),
        ({"TURN_BUDGET_SECONDS": "forever"}, "TURN_BUDGET_SECONDS"),
        ({"TURN_BUDGET_SECONDS": "45"}, "TURN_BUDGET_SECONDS"),
        ({"DEFAULT_PERSONA_ID": "Not An Id"}, "DEFAULT_PERSONA_ID"),
        ({"MAX_REPLY_CHARS": "5000"}, "MAX_REPLY_CHARS"),
    ],
)
def test_bad_values_name_the_variable(env: dict[str, str], variable: str) -> None:
    with pytest.raises(ConfigError, match=variable):
        RuntimeConfig.from_env(env)


def test_bad_explicit_value_names_the_argument() -> None:
    with pytest.raises(ConfigError, match="the argument"):
        RuntimeConfig.from_env({}, agent_backend="nope")


def test_the_variables_the_infra_sets_configure_both_cloud_backends() -> None:
    # given the Lambda environment the runtime stack writes (names from runtime.constants)
    from runtime import constants as c
    from runtime.agents.bedrock_agents import BedrockAgentsBackend
    from runtime.agents.converse import ConverseBackend

    env = {
        c.ENV_SUPERVISOR_AGENT_ID: "AGENT12345",
        c.ENV_SUPERVISOR_ALIAS_ID: "ALIAS12345",
        c.ENV_MODEL_SUPERVISOR: "us.amazon.nova-micro-v1:0",
        c.ENV_MODEL_SUBAGENT: "us.amazon.nova-pro-v1:0",
        c.ENV_KNOWLEDGE_BASE_ID: "KB12345678",
        c.ENV_GUARDRAIL_ID: "gr-123",
        c.ENV_GUARDRAIL_VERSION: "1",
        c.ENV_AWS_REGION: "us-east-1",
    }
    # when each backend is built from the config
    config = RuntimeConfig.from_env(env)
    agents = BedrockAgentsBackend.from_config(config)
    converse = ConverseBackend.from_config(config)
    # then each got the ids it calls Bedrock with
    assert (agents.settings.agent_id, agents.settings.agent_alias_id) == (
        "AGENT12345",
        "ALIAS12345",
    )
    assert converse.settings.model_id == "us.amazon.nova-pro-v1:0"
    assert converse.settings.router_model_id == "us.amazon.nova-micro-v1:0"
    assert converse.settings.knowledge_base_id == "KB12345678"
    assert (converse.settings.guardrail_id, converse.settings.guardrail_version) == ("gr-123", "1")


@pytest.mark.parametrize(
    ("backend", "variable"),
    [("bedrock-agents", "SUPERVISOR_AGENT_ID"), ("converse", "BEDROCK_MODEL_SUBAGENT")],
)
def test_a_cloud_backend_without_its_ids_names_the_variable_to_set(
    backend: str, variable: str
) -> None:
    from runtime.agents.chain import load_backend

    with pytest.raises(ValueError, match=variable):
        load_backend(backend, RuntimeConfig.from_env({}, agent_backend=backend))
