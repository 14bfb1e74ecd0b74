"""check-config: every missing variable at once, legacy names, and the region table."""

from __future__ import annotations

import io
import json
from typing import TYPE_CHECKING

import pytest

from tools import regions
from tools.check_config.cli import main

if TYPE_CHECKING:
    from pathlib import Path

GOOD = {
    "AWS_REGION": "us-east-1",
    "STACK_NAME": "headset-support",
    "SUPERVISOR_AGENT_NAME": "supervisor",
    "KB_S3_BUCKET_NAME": "headset-kb",
    "LAMBDA_FUNCTION_NAME": "agent",
    "PERSONA_TABLE_NAME": "personas",
    "LEX_BOT_NAME": "bot",
    "CDK_ASSET_BUCKET": "cdk-assets",
    "BEDROCK_MODEL_SUPERVISOR": "us.anthropic.claude-sonnet-4-20250514-v1:0",
    "BEDROCK_MODEL_SUBAGENT": "us.anthropic.claude-3-5-haiku-20241022-v1:0",
}
SECRETS = '["AWS_DEPLOY_ROLE_ARN"]'


def check(tmp_path: Path, variables: object, secrets: str = SECRETS, *extra: str) -> int:
    path = tmp_path / "vars.json"
    path.write_text(json.dumps(variables), encoding="utf-8")
    return main(["--vars", str(path), "--secrets", secrets, *extra])


def test_complete_config_in_a_supported_region_passes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert check(tmp_path, GOOD) == 0
    assert f"region table as of {regions.AS_OF}" in capsys.readouterr().out


def test_every_missing_name_is_reported_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    variables = {k: v for k, v in GOOD.items() if k not in ("LEX_BOT_NAME", "CDK_ASSET_BUCKET")}
    variables["STACK_NAME"] = "  "  # blank counts as missing
    assert check(tmp_path, variables, "[]", "--json") == 1
    report = json.loads(capsys.readouterr().out)
    assert report["missing"] == [
        "STACK_NAME",
        "LEX_BOT_NAME",
        "CDK_ASSET_BUCKET (or legacy SAM_S3_BUCKET)",
        "AWS_DEPLOY_ROLE_ARN",
    ]


def test_without_a_recovery_token_it_names_the_pull_request_setting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # given no RECOVERY_PUSH_TOKEN among the secret names: recovery falls back to GITHUB_TOKEN
    assert check(tmp_path, GOOD, SECRETS, "--json") == 0  # a warning, not a failure
    warnings = json.loads(capsys.readouterr().out)["warnings"]
    # then the repository setting that fallback needs is named
    assert any(
        "RECOVERY_PUSH_TOKEN is not set" in w
        and '"Allow GitHub Actions to create and approve pull requests"' in w
        for w in warnings
    ), warnings
    # and with the token there is nothing to say about it
    assert check(tmp_path, GOOD, '["AWS_DEPLOY_ROLE_ARN", "RECOVERY_PUSH_TOKEN"]', "--json") == 0
    assert not any(
        "RECOVERY_PUSH_TOKEN" in w for w in json.loads(capsys.readouterr().out)["warnings"]
    )


def test_legacy_sam_bucket_is_accepted_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    variables = {k: v for k, v in GOOD.items() if k != "CDK_ASSET_BUCKET"} | {
        "SAM_S3_BUCKET": "old-bucket"
    }
    assert check(tmp_path, variables) == 0
    assert (
        "SAM_S3_BUCKET is the seed's name; rename it to CDK_ASSET_BUCKET" in capsys.readouterr().err
    )


def test_secrets_as_an_object_count_by_name(tmp_path: Path) -> None:
    secrets = tmp_path / "secrets.json"
    secrets.write_text('{"AWS_DEPLOY_ROLE_ARN": "***", "github_token": "***"}')
    assert check(tmp_path, GOOD, str(secrets)) == 0


def test_region_without_connect_fails_and_names_good_regions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert check(tmp_path, GOOD | {"AWS_REGION": "eu-west-3"}) == 1
    captured = capsys.readouterr()
    assert "Amazon Connect is not offered in eu-west-3" in captured.out
    assert (
        "us.anthropic.claude-sonnet-4-20250514-v1:0 cannot be called from eu-west-3" in captured.out
    )
    assert "regions that offer everything (converse): " in captured.err


def test_bedrock_agents_backend_also_needs_agents_in_the_region(tmp_path: Path) -> None:
    # ap-northeast-2 lacks Bedrock Agents in the table: only the bedrock-agents backend says so.
    assert regions.region_problems("us-east-1", "bedrock-agents", []) == []
    problems = regions.region_problems("ap-northeast-2", "bedrock-agents", [])
    assert any("Bedrock Agents" in p for p in problems)
    assert not any(
        "Bedrock Agents" in p for p in regions.region_problems("ap-northeast-2", "converse", [])
    )


def test_unknown_model_is_a_warning_not_a_failure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert check(tmp_path, GOOD | {"BEDROCK_MODEL_SUBAGENT": "acme.brand-new-v1:0"}) == 0
    assert "acme.brand-new-v1:0 is not in the region table" in capsys.readouterr().err


def test_misspelt_variable_is_pointed_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    variables = {k: v for k, v in GOOD.items() if k != "LEX_BOT_NAME"} | {"LEX_BOT_NAM": "bot"}
    assert check(tmp_path, variables) == 1
    assert "LEX_BOT_NAM looks like a misspelling of LEX_BOT_NAME" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"AWS_REGION": ', "not valid JSON (line 1"),
        ('["AWS_REGION"]', "expected a JSON object"),
    ],
)
def test_malformed_vars_are_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    path = tmp_path / "vars.json"
    path.write_text(text, encoding="utf-8")
    assert main(["--vars", str(path)]) == 1
    assert message in capsys.readouterr().err


def test_vars_from_stdin(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(GOOD)))
    assert main(["--vars", "-", "--secrets", SECRETS]) == 0


def test_missing_vars_file_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--vars", str(tmp_path / "nope.json")]) == 1
    assert "cannot read" in capsys.readouterr().err


def test_markdown_table_lists_regions_with_the_date() -> None:
    text = regions.render_markdown()
    assert f"as of {regions.AS_OF}" in text
    assert "| `us-east-1` | yes | yes | yes | yes | yes | us. | **yes** | **yes** |" in text
    assert "| `eu-west-3` |" in text
