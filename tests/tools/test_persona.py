"""persona validate | diff | deploy against a moto DynamoDB table."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import boto3
import pytest
from botocore.stub import Stubber
from moto import mock_aws

from tests.tools.conftest import REGION, problem_line, write_persona
from tools.errors import AwsError
from tools.persona import PersonaTable, deploy, make_plan, validate_personas
from tools.persona.cli import main

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

TABLE = "personas-test"


@pytest.fixture
def table(aws_env: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    with mock_aws():
        ddb = boto3.resource("dynamodb", region_name=REGION)
        t = ddb.create_table(
            TableName=TABLE,
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        monkeypatch.setenv("PERSONA_TABLE_NAME", TABLE)
        yield t


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "personas"
    write_persona(folder, "tangerine")
    write_persona(folder, "joseph")
    (folder / "persona.schema.json").write_text("{}", encoding="utf-8")
    return folder


def items(table: Any) -> dict[str, dict[str, Any]]:
    return {i["id"]: i for i in table.scan(ConsistentRead=True)["Items"]}


def run(*argv: str | Path) -> int:
    return main([str(a) for a in argv])


# validate ---------------------------------------------------------------------------------


def test_validate_accepts_good_files_and_skips_the_schema(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("validate", "--personas", folder) == 0
    assert "2 persona(s) valid: joseph, tangerine" in capsys.readouterr().out


def test_validate_reports_every_bad_file_at_once(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # given: one malformed file, one with an unknown field, one whose id is not its file name
    (folder / "broken.json").write_text('{"id": "broken",', encoding="utf-8")
    write_persona(folder, "jennifer", nickname="Jen")
    write_persona(folder, "mallory", id="eve")
    # when
    code = run("validate", "--personas", folder)
    # then
    err = capsys.readouterr().err
    assert code == 1
    assert "3 problem(s)" in err
    assert "not valid JSON (line 1" in problem_line(err, "broken.json")
    assert "nickname" in problem_line(err, "jennifer.json")
    assert "id 'eve' does not match the file name" in problem_line(err, "mallory.json")
    assert "Traceback" not in err


def test_validate_fails_on_an_empty_or_missing_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "empty").mkdir()
    assert run("validate", "--personas", tmp_path / "empty") == 1
    assert "no persona files" in capsys.readouterr().err
    assert run("validate", "--personas", tmp_path / "missing") == 1
    assert "does not exist" in capsys.readouterr().err


# diff / deploy ----------------------------------------------------------------------------


def test_deploy_outside_ci_is_a_dry_run(
    table: Any, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("deploy", "--personas", folder) == 0
    assert items(table) == {}
    assert "dry run: 2 change(s) not written" in capsys.readouterr().out


def test_deploy_apply_writes_items_the_runtime_can_read(table: Any, folder: Path) -> None:
    assert run("deploy", "--personas", folder, "--apply") == 0
    stored = items(table)
    assert sorted(stored) == ["joseph", "tangerine"]
    item = stored["joseph"]
    assert item["version"] == Decimal(1)
    assert item["content_hash"].startswith("sha256:")
    assert item["voice"] == {"voice_id": "Joanna", "engine": "neural", "language": "en-US"}
    assert "$schema" not in item and "schema_ref" not in item
    assert item["phrases"]["hold"] == ["One moment."]


def test_deploy_in_ci_applies_and_dry_run_overrides(
    table: Any, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CI", "true")
    assert run("deploy", "--personas", folder, "--dry-run") == 0
    assert items(table) == {}
    assert run("deploy", "--personas", folder) == 0
    assert sorted(items(table)) == ["joseph", "tangerine"]


def test_deploy_writes_only_changed_personas_and_bumps_their_version(
    table: Any, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # given: both deployed, then joseph's greeting edited
    run("deploy", "--personas", folder, "--apply")
    write_persona(folder, "joseph", greeting="Hello there, Joseph speaking.")
    capsys.readouterr()
    # when
    assert run("diff", "--personas", folder) == 0
    diff_out = capsys.readouterr().out
    assert run("deploy", "--personas", folder, "--apply", "--json") == 0
    result = json.loads(capsys.readouterr().out)
    # then
    assert "~ joseph (changed): greeting" in diff_out
    assert "= tangerine (unchanged)" in diff_out
    assert [w["id"] for w in result["writes"]] == ["joseph"]
    stored = items(table)
    assert stored["joseph"]["version"] == 2
    assert stored["joseph"]["greeting"] == "Hello there, Joseph speaking."
    assert stored["tangerine"]["version"] == 1


def test_deploy_again_changes_nothing(
    table: Any, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run("deploy", "--personas", folder, "--apply")
    capsys.readouterr()
    assert run("deploy", "--personas", folder, "--apply") == 0
    assert "nothing to deploy" in capsys.readouterr().out


def test_removed_persona_is_kept_without_prune_and_deleted_with_it(
    table: Any, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run("deploy", "--personas", folder, "--apply")
    (folder / "joseph.json").unlink()
    assert run("deploy", "--personas", folder, "--apply") == 0
    assert "joseph" in items(table)
    assert "pass --prune" in capsys.readouterr().err
    assert run("deploy", "--personas", folder, "--apply", "--prune") == 0
    assert sorted(items(table)) == ["tangerine"]


def test_hand_edit_in_the_table_shows_in_diff(
    table: Any, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run("deploy", "--personas", folder, "--apply")
    table.update_item(
        Key={"id": "tangerine"},
        UpdateExpression="SET voice.voice_id = :v",
        ExpressionAttributeValues={":v": "Matthew"},
    )
    capsys.readouterr()
    run("diff", "--personas", folder, "--json")
    changes = {c["id"]: c for c in json.loads(capsys.readouterr().out)["changes"]}
    assert changes["tangerine"]["change"] == "changed"
    assert changes["tangerine"]["fields"] == ["voice.voice_id"]


def test_concurrent_deploy_fails_and_writes_nothing(table: Any, folder: Path) -> None:
    # given: a deployed table, and local edits to both personas
    run("deploy", "--personas", folder, "--apply")
    write_persona(folder, "joseph", tone="Calm")
    write_persona(folder, "tangerine", tone="Bubbly")
    personas = validate_personas(folder)
    client = boto3.client("dynamodb", region_name=REGION)
    store = PersonaTable(client, TABLE)
    plan = make_plan(personas, store.read_all())
    # when: another deploy writes tangerine after our plan was made
    table.update_item(
        Key={"id": "tangerine"},
        UpdateExpression="SET version = :v, tone = :t",
        ExpressionAttributeValues={":v": 2, ":t": "Someone else's"},
    )
    with pytest.raises(AwsError) as raised:
        store.write(plan.writes(prune=False))
    # then: a clear message, and joseph was not written either
    assert "tangerine changed in table" in str(raised.value)
    assert "nothing was written" in str(raised.value)
    stored = items(table)
    assert stored["joseph"]["tone"] == "Warm and brisk"
    assert stored["tangerine"]["tone"] == "Someone else's"


def test_two_first_deploys_cannot_both_create_a_persona(table: Any, folder: Path) -> None:
    personas = validate_personas(folder)
    store = PersonaTable(boto3.client("dynamodb", region_name=REGION), TABLE)
    plan = make_plan(personas, store.read_all())  # the table is empty: both "added"
    run("deploy", "--personas", folder, "--apply")  # the other deploy wins
    with pytest.raises(AwsError, match="changed in table"):
        store.write(plan.writes(prune=False))


def test_deploy_refuses_without_persona_files(table: Any) -> None:
    store = PersonaTable(boto3.client("dynamodb", region_name=REGION), TABLE)
    with pytest.raises(Exception, match="no persona files"):
        deploy({}, store, prune=True, apply=True)


def test_missing_table_name_is_a_clear_error(
    aws_env: None, folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PERSONA_TABLE_NAME", raising=False)
    assert run("diff", "--personas", folder) == 1
    assert "pass --table or set PERSONA_TABLE_NAME" in capsys.readouterr().err


def test_missing_table_is_a_friendly_error(
    table: Any, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("diff", "--personas", folder, "--table", "nope") == 1
    err = capsys.readouterr().err
    assert "reading persona table nope: ResourceNotFoundException" in err
    assert "check the name/id and the region" in err


def test_throttled_read_is_reported_not_raised(aws_env: None, folder: Path) -> None:
    client = boto3.client("dynamodb", region_name=REGION)
    with Stubber(client) as stub:
        stub.add_client_error(
            "scan", "ProvisionedThroughputExceededException", "Rate of requests exceeds", 400
        )
        with pytest.raises(AwsError) as raised:
            PersonaTable(client, TABLE).read_all()
    assert raised.value.code == "ProvisionedThroughputExceededException"
    assert "wait and rerun" in str(raised.value)


def test_more_than_100_changes_are_refused_before_any_write(aws_env: None, tmp_path: Path) -> None:
    folder = tmp_path / "many"
    for i in range(101):
        write_persona(folder, f"p{i:03d}")
    client = boto3.client("dynamodb", region_name=REGION)
    with Stubber(client) as stub:  # no transact_write_items stubbed: any call would fail
        stub.add_response("scan", {"Items": [], "Count": 0, "ScannedCount": 0})
        with pytest.raises(Exception, match="100-item transaction limit"):
            deploy(validate_personas(folder), PersonaTable(client, TABLE), prune=False, apply=True)
