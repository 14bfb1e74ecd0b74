"""deployments record | rollback | show: SSM and Lambda in moto, bedrock-agent served locally."""

from __future__ import annotations

import io
import json
import zipfile
from typing import TYPE_CHECKING, Any

import boto3
import pytest
from botocore.config import Config
from moto import mock_aws

from tests.tools.conftest import REGION
from tests.tools.fake_bedrock_agent import FakeAlias, FakeBedrockAgent
from tools.deployments import Clients
from tools.deployments.cli import main

if TYPE_CHECKING:
    from collections.abc import Iterator

FUNCTION = "headset-support-staging-agent"
PREFIX = "/headset-agent/staging/"
OLD = "1" * 40  # the tag's commit
NEW = "2" * 40  # what deployed after it
ROLES = ("diagnostic", "platform", "escalation", "supervisor")


class World:
    """A deployed staging environment: a Lambda with a `live` alias, optionally agents."""

    def __init__(self, fake: FakeBedrockAgent) -> None:
        self.fake = fake
        self.ssm = boto3.client("ssm", region_name=REGION)
        self.lambda_ = boto3.client("lambda", region_name=REGION)
        # No retries: a throttled call is reported at once.
        self.bedrock_agent = boto3.client(
            "bedrock-agent",
            region_name=REGION,
            endpoint_url=fake.url,
            config=Config(retries={"mode": "standard", "total_max_attempts": 1}),
        )
        role = boto3.client("iam", region_name=REGION).create_role(
            RoleName="agent", AssumeRolePolicyDocument="{}"
        )["Role"]["Arn"]
        self.lambda_.create_function(
            FunctionName=FUNCTION,
            Runtime="python3.12",
            Role=role,
            Handler="handler.handler",
            Code={"ZipFile": _zip("v1")},
        )
        self.lambda_.publish_version(FunctionName=FUNCTION)
        self.lambda_.create_alias(FunctionName=FUNCTION, Name="live", FunctionVersion="1")
        self.put("lambda-function-name", FUNCTION)

    def put(self, name: str, value: str) -> None:
        self.ssm.put_parameter(Name=PREFIX + name, Value=value, Type="String", Overwrite=True)

    def param(self, name: str) -> str | None:
        try:
            return str(self.ssm.get_parameter(Name=PREFIX + name)["Parameter"]["Value"])
        except self.ssm.exceptions.ParameterNotFound:
            return None

    def use_bedrock_agents(self) -> None:
        self.put("agent-backend", "bedrock-agents")
        for role in ROLES:
            self.put(f"{role}-agent-id", f"{role.upper()}1")
            self.put(f"{role}-alias-id", f"{role.upper()}LIVE")
            self.fake.agent_aliases[(f"{role.upper()}1", f"{role.upper()}LIVE")] = FakeAlias(
                name="live", version="1", description=f"{role} live alias"
            )

    def deploy_new_version(self) -> None:
        """What a later deploy does: new Lambda version and agent versions behind the aliases."""
        self.lambda_.update_function_code(FunctionName=FUNCTION, ZipFile=_zip("v2"))
        version = self.lambda_.publish_version(FunctionName=FUNCTION)["Version"]
        self.lambda_.update_alias(FunctionName=FUNCTION, Name="live", FunctionVersion=version)
        for alias in self.fake.agent_aliases.values():
            alias.version = "2"

    def live_version(self) -> str:
        return str(self.lambda_.get_alias(FunctionName=FUNCTION, Name="live")["FunctionVersion"])

    def agent_versions(self) -> dict[str, str]:
        return {agent: a.version for (agent, _), a in self.fake.agent_aliases.items()}

    def run(self, *argv: str) -> int:
        clients = Clients(self.ssm, self.lambda_, self.bedrock_agent)
        return main([*argv, "--environment", "staging"], clients=clients)

    def record(self, commit: str, *extra: str) -> int:
        return self.run("record", "--commit", commit, *extra)

    def rollback(self, commit: str, *extra: str) -> int:
        return self.run("rollback", "--commit", commit, "--poll-interval", "0", *extra)


def _zip(marker: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("handler.py", f"def handler(event, context):\n    return {marker!r}\n")
    return buffer.getvalue()


@pytest.fixture
def world(aws_env: None) -> Iterator[World]:
    with mock_aws(), FakeBedrockAgent() as fake:
        yield World(fake)


def test_record_then_rollback_restores_the_lambda_alias(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    # given: the tag's commit recorded, then a newer deploy recorded
    assert world.record(OLD, "--tag", "v1.4.2") == 0
    world.deploy_new_version()
    assert world.record(NEW) == 0
    assert (world.live_version(), world.param("deployments/latest")) == ("2", NEW)
    capsys.readouterr()
    # when
    assert world.rollback(OLD, "--tag", "v1.4.2") == 0
    # then
    assert world.live_version() == "1"
    assert world.param("deployments/latest") == OLD
    out = capsys.readouterr().out
    assert f"{FUNCTION}:live" in out
    assert "staging is back on v1.4.2" in out


def test_record_stores_a_validated_record_of_what_is_live(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    world.use_bedrock_agents()
    assert world.record(OLD, "--tag", "v1.4.2", "--run-url", "https://example.com/run/1") == 0
    stored = json.loads(world.param(f"deployments/{OLD}") or "{}")
    assert stored["commit"] == OLD
    assert stored["tag"] == "v1.4.2"
    assert stored["lambda_function"] == FUNCTION
    assert stored["lambda_version"] == "1"
    assert {a["role"]: a["agent_version"] for a in stored["agents"]} == dict.fromkeys(ROLES, "1")
    capsys.readouterr()
    assert world.run("show", "--json") == 0
    assert json.loads(capsys.readouterr().out)["agents"] == stored["agents"]


def test_rollback_restores_every_agent_alias_keeping_its_name_and_description(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    world.use_bedrock_agents()
    assert world.record(OLD) == 0
    world.deploy_new_version()
    assert world.agent_versions() == dict.fromkeys(
        ["DIAGNOSTIC1", "PLATFORM1", "ESCALATION1", "SUPERVISOR1"], "2"
    )
    assert world.rollback(OLD) == 0
    assert world.live_version() == "1"
    assert set(world.agent_versions().values()) == {"1"}
    # the supervisor moves after the collaborators it calls
    assert [u["agentId"] for u in world.fake.updates][-1] == "SUPERVISOR1"
    assert all(u["agentAliasName"] == "live" for u in world.fake.updates)
    assert world.fake.updates[-1]["description"] == "supervisor live alias"
    assert all(a.status == "PREPARED" for a in world.fake.agent_aliases.values())


def test_rollback_without_a_record_says_use_the_full_mode(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    assert world.rollback(OLD, "--tag", "v1.0.0") == 1
    err = capsys.readouterr().err
    assert f"no deployment record for v1.0.0 ({OLD}) in staging" in err
    assert "never deployed there, or before records existed" in err
    assert "mode=full" in err
    assert world.param("deployments/latest") is None


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda r: "{not json", "is not JSON"),
        (lambda r: json.dumps({**r, "surprise": 1}), "surprise: Extra inputs are not permitted"),
        (lambda r: json.dumps({**r, "lambda_version": "$LATEST"}), "lambda_version"),
        (lambda r: json.dumps({k: v for k, v in r.items() if k != "commit"}), "commit: Field"),
        (
            lambda r: json.dumps({**r, "agent_backend": "bedrock-agents"}),
            "needs the supervisor alias",
        ),
    ],
    ids=["not-json", "unknown-field", "latest-version", "no-commit", "agents-missing"],
)
def test_a_malformed_record_changes_nothing(
    world: World, capsys: pytest.CaptureFixture[str], change: Any, expected: str
) -> None:
    # given: a record, edited by hand, and a newer deploy live
    assert world.record(OLD) == 0
    good = json.loads(world.param(f"deployments/{OLD}") or "{}")
    world.put(f"deployments/{OLD}", change(good))
    world.deploy_new_version()
    assert world.record(NEW) == 0
    capsys.readouterr()
    # when
    assert world.rollback(OLD) == 1
    # then
    err = capsys.readouterr().err
    assert f"deployment record {PREFIX}deployments/{OLD}" in err
    assert expected in err
    assert "mode=full" in err
    assert world.live_version() == "2"
    assert world.param("deployments/latest") == NEW


def test_dry_run_shows_the_plan_and_changes_nothing(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    world.use_bedrock_agents()
    assert world.record(OLD) == 0
    world.deploy_new_version()
    assert world.record(NEW) == 0
    capsys.readouterr()
    assert world.rollback(OLD, "--dry-run", "--json") == 0
    report = json.loads(capsys.readouterr().out)
    assert report["dry_run"] is True
    assert report["shifted"] == []
    assert {(s["from"], s["to"]) for s in report["plan"]} == {("2", "1")}
    assert len(report["plan"]) == 5
    assert world.live_version() == "2"
    assert set(world.agent_versions().values()) == {"2"}
    assert world.fake.updates == []
    assert world.param("deployments/latest") == NEW


def test_a_throttled_call_is_a_friendly_error(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    world.use_bedrock_agents()
    world.fake.errors = [(429, "ThrottlingException")]
    assert world.record(OLD) == 1
    err = capsys.readouterr().err
    assert "reading alias DIAGNOSTICLIVE of agent DIAGNOSTIC1: ThrottlingException" in err
    assert "wait a minute and rerun" in err
    assert "Traceback" not in err
    assert world.param(f"deployments/{OLD}") is None


def test_a_denied_alias_update_says_exactly_what_moved_and_a_rerun_finishes(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    # given: the supervisor alias cannot be updated
    world.use_bedrock_agents()
    assert world.record(OLD) == 0
    world.deploy_new_version()
    assert world.record(NEW) == 0
    world.fake.failing_updates = {"SUPERVISORLIVE": (403, "AccessDeniedException")}
    capsys.readouterr()
    # when
    assert world.rollback(OLD) == 1
    # then: the message matches what AWS now holds
    err = capsys.readouterr().err
    assert "rollback stopped half way" in err
    assert "AccessDeniedException" in err
    assert "lacks this permission" in err
    shifted = err.split("shifted:")[1].split("NOT shifted:")[0]
    not_shifted = err.split("NOT shifted:")[1].splitlines()[0]
    assert f"{FUNCTION}:live -> 1" in shifted
    assert all(f"{r} alias" in shifted for r in ("diagnostic", "platform", "escalation"))
    assert "supervisor alias SUPERVISORLIVE" in not_shifted
    assert world.live_version() == "1"
    assert world.agent_versions()["SUPERVISOR1"] == "2"
    assert world.agent_versions()["DIAGNOSTIC1"] == "1"
    assert world.param("deployments/latest") == NEW
    # when the permission is fixed and the rollback rerun, only the supervisor moves
    world.fake.failing_updates = {}
    updates_before = len(world.fake.updates)
    assert world.rollback(OLD) == 0
    assert [u["agentId"] for u in world.fake.updates[updates_before:]] == ["SUPERVISOR1"]
    assert set(world.agent_versions().values()) == {"1"}
    assert world.param("deployments/latest") == OLD


def test_a_failed_first_update_says_nothing_changed(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    assert world.record(OLD) == 0
    world.deploy_new_version()
    world.lambda_.delete_function(FunctionName=FUNCTION, Qualifier="1")
    capsys.readouterr()
    assert world.rollback(OLD) == 1
    err = capsys.readouterr().err
    assert f"recorded version 1 of Lambda {FUNCTION}" in err
    assert "ResourceNotFoundException" in err
    assert world.live_version() == "2"


def test_an_alias_that_never_gets_prepared_is_reported(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    world.use_bedrock_agents()
    assert world.record(OLD) == 0
    world.deploy_new_version()
    assert world.record(NEW) == 0
    world.fake.agent_aliases[("SUPERVISOR1", "SUPERVISORLIVE")].after_update = ["UPDATING"]
    capsys.readouterr()
    assert world.rollback(OLD, "--wait", "0.3", "--poll-interval", "0.05") == 1
    err = capsys.readouterr().err
    assert "not PREPARED after 0 s: supervisor alias SUPERVISORLIVE (agent SUPERVISOR1) " in err
    assert "diagnostic alias" not in err
    assert "deployments/latest was not changed" in err
    assert world.param("deployments/latest") == NEW


def test_record_with_agents_missing_from_ssm_names_them(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    world.use_bedrock_agents()
    world.ssm.delete_parameter(Name=PREFIX + "platform-alias-id")
    assert world.record(OLD) == 1
    assert f"{PREFIX}platform-alias-id" in capsys.readouterr().err
    assert world.param("deployments/latest") is None


def test_show_prints_the_latest_record_or_says_there_is_none(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    assert world.run("show") == 1
    assert "no deployments recorded in staging yet" in capsys.readouterr().err
    assert world.record(OLD, "--tag", "v1.4.2") == 0
    capsys.readouterr()
    assert world.run("show") == 0
    out = capsys.readouterr().out
    assert f"staging @ {OLD} (v1.4.2)" in out
    assert f"Lambda {FUNCTION}" in out


def test_an_abbreviated_commit_is_refused_before_any_aws_call(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        world.rollback("abc1234")
    assert exit_.value.code == 2
    assert "not a git commit SHA" in capsys.readouterr().err
