from __future__ import annotations

import pytest

from infra.config import ConfigError, load_config


def test_each_environment_has_its_defaults() -> None:
    # given / when
    dev, staging, prod = (load_config(e) for e in ("dev", "staging", "prod"))
    # then
    assert dev.agent_backend == staging.agent_backend == prod.agent_backend == "converse"
    assert dev.lambda_architecture == prod.lambda_architecture == "x86_64"
    # prod starts new sandboxes from a SnapStart snapshot (no provisioned concurrency with it)
    assert (dev.snap_start, staging.snap_start, prod.snap_start) == (False, False, True)
    assert (dev.provisioned_concurrency, prod.provisioned_concurrency) == (0, 0)
    assert (dev.log_retention_days, staging.log_retention_days, prod.log_retention_days) == (
        14,
        30,
        90,
    )
    assert not dev.is_prod and prod.is_prod
    assert prod.lambda_timeout_seconds < 30  # Lex V2 code hooks time out at 30 s


def test_names_follow_stack_and_environment() -> None:
    config = load_config("staging", {"STACK_NAME": "acme-headsets"})
    assert config.name(config.persona_table_name) == "acme-headsets-staging-personas"
    assert (
        config.parameter_name("supervisor-agent-id") == "/headset-agent/staging/supervisor-agent-id"
    )


def test_context_strings_override_by_seed_name_or_field_name() -> None:
    # given: values as `cdk -c KEY=VALUE` delivers them, all strings
    overrides = {
        "LAMBDA_ARCHITECTURE": "arm64",
        "PROVISIONED_CONCURRENCY": "3",
        "agent_backend": "bedrock-agents",
        "BEDROCK_MODEL_SUBAGENT": "amazon.nova-lite-v1:0",
    }
    # when
    config = load_config("dev", overrides)
    # then
    assert config.lambda_architecture == "arm64"
    assert config.provisioned_concurrency == 3
    assert config.uses_bedrock_agents
    assert config.bedrock_model_subagent == "amazon.nova-lite-v1:0"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"LAMBDA_ARCHITECTURE": "sparc"}, "LAMBDA_ARCHITECTURE"),
        ({"AGENT_BACKEND": "openai"}, "AGENT_BACKEND"),
        ({"LAMBDA_TIMEOUT_SECONDS": "30"}, "LAMBDA_TIMEOUT_SECONDS"),
        ({"PERSONA_TABLE_NAME": "Personas Table"}, "PERSONA_TABLE_NAME"),
        ({"SLACK_MODE": "chatbot"}, "SLACK_WORKSPACE_ID"),
        ({"SLACK_MODE": "webhook"}, "SLACK_WEBHOOK_URL"),
        (
            {
                "CONNECT_INSTANCE_ARN": "arn:aws:connect:us-east-1:123456789012:instance/"
                "11111111-2222-3333-4444-555555555555"
            },
            "CONNECT_QUEUE_ARN",
        ),
        ({"BUDGET_EMAIL": "not-an-address"}, "BUDGET_EMAIL"),
        ({"PROVISIONED_CONCURRENCY": "2"}, "SNAP_START=false to keep provisioned concurrency"),
        ({"NO_SUCH_SETTING": "1"}, "NO_SUCH_SETTING"),
    ],
)
def test_bad_values_name_the_setting(overrides: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_config("prod", overrides)


def test_unknown_environment_lists_the_known_ones() -> None:
    with pytest.raises(ConfigError, match="dev, staging, prod"):
        load_config("qa")


def test_prod_may_trade_snapstart_for_provisioned_concurrency() -> None:
    config = load_config("prod", {"SNAP_START": "false", "PROVISIONED_CONCURRENCY": "2"})
    assert (config.snap_start, config.provisioned_concurrency) == (False, 2)
