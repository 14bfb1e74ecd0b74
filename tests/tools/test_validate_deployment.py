"""validate-deployment: SSM and DynamoDB in moto, the Lambda stubbed, bedrock-agent local."""

from __future__ import annotations

import io
import json
from typing import TYPE_CHECKING, Any

import boto3
import pytest
from botocore.response import StreamingBody
from botocore.stub import ANY, Stubber
from moto import mock_aws

from tests.tools.conftest import REGION, write_persona
from tests.tools.fake_bedrock_agent import FakeBedrockAgent
from tools.persona import PersonaTable, deploy, validate_personas
from tools.validate_deployment import Clients
from tools.validate_deployment.cli import main

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

TABLE = "headset-support-staging-personas"
FUNCTION = "headset-support-staging-agent"
PREFIX = "/headset-agent/staging/"


class World:
    """A deployed staging environment; tests break one part of it."""

    def __init__(self, tmp_path: Path, fake: FakeBedrockAgent) -> None:
        self.personas = tmp_path / "personas"
        write_persona(self.personas, "tangerine")
        write_persona(self.personas, "joseph")
        self.fake = fake
        self.ssm = boto3.client("ssm", region_name=REGION)
        self.dynamodb = boto3.client("dynamodb", region_name=REGION)
        self.lambda_ = boto3.client("lambda", region_name=REGION)
        self.stub = Stubber(self.lambda_)
        self.bedrock_agent = boto3.client(
            "bedrock-agent", region_name=REGION, endpoint_url=fake.url
        )
        self.dynamodb.create_table(
            TableName=TABLE,
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        deploy(
            validate_personas(self.personas),
            PersonaTable(self.dynamodb, TABLE),
            prune=False,
            apply=True,
        )
        for name, value in {
            "knowledge-base-id": "KB1",
            "data-source-id": "DS1",
            "lambda-function-name": FUNCTION,
            "persona-table-name": TABLE,
        }.items():
            self.put(name, value)

    def put(self, name: str, value: str) -> None:
        self.ssm.put_parameter(Name=PREFIX + name, Value=value, Type="String", Overwrite=True)

    def health(self, payload: Any, status: int = 200, error: str | None = None) -> None:
        body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        response: dict[str, Any] = {
            "StatusCode": status,
            "Payload": StreamingBody(io.BytesIO(body), len(body)),
        }
        if error:
            response["FunctionError"] = error
        self.stub.add_response(
            "invoke",
            response,
            {"FunctionName": FUNCTION, "Qualifier": "live", "Payload": ANY},
        )

    def run(self, *extra: str) -> int:
        clients = Clients(self.ssm, self.lambda_, self.dynamodb, self.bedrock_agent)
        with self.stub:
            return main(
                ["--environment", "staging", "--personas", str(self.personas), "--json", *extra],
                clients=clients,
            )


@pytest.fixture
def world(aws_env: None, tmp_path: Path) -> Iterator[World]:
    with mock_aws(), FakeBedrockAgent() as fake:
        yield World(tmp_path, fake)


def report(capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    data = json.loads(capsys.readouterr().out)
    return {c["name"]: c["status"] for c in data["checks"]}


def test_healthy_converse_deployment_passes(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    world.health({"status": "ok", "version": "1.2.3"})
    assert world.run() == 0
    assert report(capsys) == {
        "SSM parameters present": "pass",
        "Lambda health check": "pass",
        "every persona in the table": "pass",
        "last KB ingestion complete": "pass",
        "agent aliases prepared": "skip",
    }


def test_healthy_bedrock_agents_deployment_checks_the_aliases(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    world.put("agent-backend", "bedrock-agents")
    world.put("supervisor-agent-id", "AGENT1")
    world.put("supervisor-alias-id", "ALIAS1")
    world.fake.agents = {"AGENT1": "PREPARED"}
    world.fake.aliases = {"AGENT1": [("TSTALIASID", "PREPARED"), ("ALIAS1", "PREPARED")]}
    world.health({"status": "ok"})
    assert world.run() == 0
    assert report(capsys)["agent aliases prepared"] == "pass"


def test_the_supervisor_alias_is_found_on_a_later_page(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    # given an agent with several aliases, listed one per page
    world.put("supervisor-agent-id", "AGENT1")
    world.put("supervisor-alias-id", "ALIAS1")
    world.fake.agents = {"AGENT1": "PREPARED"}
    world.fake.aliases = {
        "AGENT1": [("TSTALIASID", "PREPARED"), ("OLD", "PREPARED"), ("ALIAS1", "PREPARED")]
    }
    world.fake.alias_page_size = 1
    world.health({"status": "ok"})
    # when / then: the checklist reads every page
    assert world.run("--agent-backend", "bedrock-agents") == 0
    assert report(capsys)["agent aliases prepared"] == "pass"


def test_a_stopping_ingestion_job_is_a_warning_not_a_failure(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    world.fake.last_job_status = "STOPPING"
    world.health({"status": "ok"})
    assert world.run() == 0
    assert report(capsys)["last KB ingestion complete"] == "warn"


def test_alias_not_prepared_fails(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    world.put("supervisor-agent-id", "AGENT1")
    world.put("supervisor-alias-id", "ALIAS1")
    world.fake.agents = {"AGENT1": "PREPARED"}
    world.fake.aliases = {"AGENT1": [("ALIAS1", "UPDATING")]}
    world.health({"status": "ok"})
    assert world.run("--agent-backend", "bedrock-agents") == 1
    assert report(capsys)["agent aliases prepared"] == "fail"


def test_missing_ssm_parameters_stop_everything_else(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    world.ssm.delete_parameter(Name=PREFIX + "data-source-id")
    assert world.run() == 1
    checks = report(capsys)
    assert checks["SSM parameters present"] == "fail"
    assert set(list(checks.values())[1:]) == {"skip"}


def test_unhealthy_lambda_fails_and_says_what_it_answered(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    world.health({"status": "degraded", "checks": {"persona_store": "unreachable"}})
    assert world.run("--function-name", FUNCTION) == 1
    out = capsys.readouterr().out
    assert "persona_store" in out
    assert '"status": "fail"' in out


@pytest.mark.parametrize(
    ("payload", "status", "error"),
    [
        (b"not json", 200, None),
        ({"errorMessage": "boom"}, 200, "Unhandled"),
    ],
)
def test_lambda_errors_and_garbage_fail(
    world: World, capsys: pytest.CaptureFixture[str], payload: Any, status: int, error: str | None
) -> None:
    world.health(payload, status, error)
    assert world.run() == 1
    assert report(capsys)["Lambda health check"] == "fail"


def test_throttled_lambda_is_a_friendly_failure(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    world.stub.add_client_error("invoke", "TooManyRequestsException", "Rate exceeded", 429)
    assert world.run() == 1
    out = capsys.readouterr().out
    assert "TooManyRequestsException" in out and "wait a minute and rerun" in out


def test_persona_missing_from_the_table_fails(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    write_persona(world.personas, "jennifer")
    world.health({"status": "ok"})
    assert world.run() == 1
    out = capsys.readouterr().out
    assert "not in headset-support-staging-personas: jennifer" in out


def test_persona_differing_from_its_file_is_a_warning(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    write_persona(world.personas, "joseph", tone="Calm")
    world.health({"status": "ok"})
    assert world.run() == 0
    assert report(capsys)["every persona in the table"] == "warn"


def test_failed_last_ingestion_fails(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    world.fake.last_job_status = "FAILED"
    world.health({"status": "ok"})
    assert world.run() == 1
    assert report(capsys)["last KB ingestion complete"] == "fail"


def test_never_ingested_fails(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    world.fake.last_job_status = None
    world.health({"status": "ok"})
    assert world.run() == 1
    assert "was never ingested" in capsys.readouterr().out


def test_checklist_table_is_printed_without_json(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    world.health({"status": "ok", "version": "7"})
    clients = Clients(world.ssm, world.lambda_, world.dynamodb, world.bedrock_agent)
    with world.stub:
        code = main(
            ["--environment", "staging", "--personas", str(world.personas)], clients=clients
        )
    out = capsys.readouterr().out
    assert code == 0
    assert "check" in out.splitlines()[0] and "status" in out.splitlines()[0]
    assert "Lambda health check" in out and "PASS" in out and "version 7" in out
    assert "staging: deployment looks healthy" in out
