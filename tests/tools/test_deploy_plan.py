"""deploy-plan: mapping Pants' changed targets to deploy units, with a fake Pants/git runner."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

from tools.deploy_plan.cli import main
from tools.errors import UserError

if TYPE_CHECKING:
    from pathlib import Path

LAMBDA_DEPS = [
    "src/python/runtime/handler.py",
    "src/python/runtime/persona/store.py",
    "src/python/runtime/persona/types.py",
    "content/personas/tangerine.json:personas",
    "3rdparty/python#pydantic",
]
INFRA_DEPS = [
    "src/python/infra/app.py",
    "src/python/infra/config.py",
    "src/python/runtime/persona/types.py",  # shared with the Lambda
    "content/agents/supervisor.md:agents",
    "3rdparty/python#aws-cdk-lib",
]


class FakePants:
    """Answers the commands deploy-plan runs from a changed-target list and changed files."""

    def __init__(self, changed: list[str], files: list[str]) -> None:
        self.changed = changed
        self.files = files
        self.calls: list[list[str]] = []

    def __call__(self, argv: list[str]) -> str:
        self.calls.append(argv)
        if argv[:2] == ["git", "diff"]:
            return "\n".join(self.files)
        if argv[:2] == ["git", "ls-files"]:
            return ""
        if argv[-1] == "list":
            assert "--changed-since=origin/main" in argv
            assert "--changed-dependents=transitive" in argv
            return "\n".join(self.changed)
        if argv[1:3] == ["dependencies", "--transitive"]:
            return "\n".join(LAMBDA_DEPS if argv[3] == "src/python/runtime:lambda" else INFRA_DEPS)
        raise AssertionError(f"unexpected command {argv}")


def plan(
    capsys: pytest.CaptureFixture[str], changed: list[str], files: list[str], *extra: str
) -> dict[str, object]:
    assert main(["--since", "origin/main", *extra], runner=FakePants(changed, files)) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def test_runtime_change_deploys_the_lambda_only(capsys: pytest.CaptureFixture[str]) -> None:
    result = plan(
        capsys,
        [
            "src/python/runtime/handler.py",
            "src/python/runtime:lambda",
            "tests/runtime/test_handler.py",
        ],
        ["src/python/runtime/handler.py"],
    )
    assert result == {
        "lambda": True,
        "infra": False,
        "personas": False,
        "knowledge_base": False,
        "targets": [
            "src/python/runtime/handler.py",
            "src/python/runtime:lambda",
            "tests/runtime/test_handler.py",
        ],
    }


def test_infra_change_and_agent_instructions_deploy_infra(
    capsys: pytest.CaptureFixture[str],
) -> None:
    result = plan(capsys, ["src/python/infra/config.py"], ["src/python/infra/config.py"])
    assert (result["lambda"], result["infra"]) == (False, True)
    result = plan(capsys, ["content/agents/supervisor.md:agents"], ["content/agents/supervisor.md"])
    assert (result["lambda"], result["infra"]) == (False, True)


def test_model_shared_with_the_lambda_ships_with_the_lambda(
    capsys: pytest.CaptureFixture[str],
) -> None:
    result = plan(
        capsys,
        ["src/python/runtime/persona/types.py", "src/python/runtime:lambda"],
        ["src/python/runtime/persona/types.py"],
    )
    assert (result["lambda"], result["infra"]) == (True, False)


def test_content_changes_map_to_their_units(capsys: pytest.CaptureFixture[str]) -> None:
    result = plan(
        capsys,
        [
            "content/personas/tangerine.json:personas",
            "content/knowledge-base/usb/hub.md:articles",
            "src/python/runtime:lambda",  # personas are bundled in the Lambda too
        ],
        ["content/personas/tangerine.json", "content/knowledge-base/usb/hub.md"],
    )
    assert result["personas"] is True
    assert result["knowledge_base"] is True
    assert result["lambda"] is True
    assert result["infra"] is False


def test_docs_only_change_touches_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    result = plan(capsys, [], ["docs/regions.md", "README.md"])
    assert result == {
        "lambda": False,
        "infra": False,
        "personas": False,
        "knowledge_base": False,
        "targets": [],
    }


def test_pants_toml_touches_every_unit(capsys: pytest.CaptureFixture[str]) -> None:
    result = plan(capsys, [], ["pants.toml"])
    assert all(result[u] for u in ("lambda", "infra", "personas", "knowledge_base"))


def test_lockfile_change_touches_lambda_and_infra(capsys: pytest.CaptureFixture[str]) -> None:
    result = plan(capsys, [], ["3rdparty/python/default.lock"])
    assert (result["lambda"], result["infra"], result["personas"]) == (True, True, False)


def test_content_file_without_a_target_still_counts_and_warns(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert (
        main(["--since", "origin/main"], runner=FakePants([], ["content/personas/new.json"])) == 0
    )
    captured = capsys.readouterr()
    assert json.loads(captured.out)["personas"] is True
    assert "no changed Pants target owns it" in captured.err


def test_github_output_gets_one_line_per_unit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "github_output"
    out.write_text("earlier=1\n", encoding="utf-8")
    plan(
        capsys,
        ["src/python/runtime:lambda"],
        ["src/python/runtime/handler.py"],
        "--github-output",
        str(out),
    )
    assert out.read_text(encoding="utf-8") == (
        "earlier=1\nlambda=true\ninfra=false\npersonas=false\nknowledge_base=false\n"
    )


def test_failing_pants_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    def broken(argv: list[str]) -> str:
        raise UserError("`./pants list` failed (exit 1): unknown revision 'nope'")

    assert main(["--since", "nope"], runner=broken) == 1
    assert "unknown revision 'nope'" in capsys.readouterr().err


def test_since_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main([])
    assert raised.value.code == 2
    assert "--since" in capsys.readouterr().err
