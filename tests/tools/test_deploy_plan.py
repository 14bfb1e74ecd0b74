"""deploy-plan's command line: output formats and errors. The plans themselves are tested against
the real Pants graph in test_deploy_plan_graph.py; here Pants answers an empty graph."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

from tools.deploy_plan.cli import main
from tools.deploy_plan.plan import STACKS, UNITS, DeployPlan
from tools.errors import UserError

if TYPE_CHECKING:
    from pathlib import Path


class NoTargets:
    """Pants finds no changed target; git reports `files` changed."""

    def __init__(self, files: list[str]) -> None:
        self.files = files

    def __call__(self, argv: list[str]) -> str:
        if argv[:2] == ["git", "diff"]:
            return "\n".join(self.files)
        if argv[:2] == ["git", "ls-files"]:
            return ""
        assert argv[0] == "./pants" and argv[-1] == "peek", argv
        return "[]\n"


def plan(capsys: pytest.CaptureFixture[str], files: list[str], *extra: str) -> dict[str, object]:
    assert main(["--since", "origin/main", *extra], runner=NoTargets(files)) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def test_docs_only_change_touches_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    assert plan(capsys, ["docs/regions.md", "README.md"]) == {
        "lambda": False,
        "infra": False,
        "personas": False,
        "knowledge_base": False,
        "stacks": [],
        "targets": [],
    }


def test_pants_configuration_touches_every_unit_and_stack(
    capsys: pytest.CaptureFixture[str],
) -> None:
    result = plan(capsys, ["pants.toml"])
    assert all(result[u] for u in UNITS)
    assert result["stacks"] == list(STACKS)


def test_content_file_without_a_target_still_counts_and_warns(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--since", "origin/main"], runner=NoTargets(["content/personas/new.json"])) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["personas"] is True
    assert "content/personas/new.json changed but no target in the plan owns it" in captured.err


def test_github_output_gets_one_line_per_unit_and_the_stacks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "github_output"
    out.write_text("earlier=1\n", encoding="utf-8")
    plan(capsys, ["src/python/infra/app.py"], "--github-output", str(out))
    assert out.read_text(encoding="utf-8") == (
        "earlier=1\nlambda=false\ninfra=true\npersonas=false\nknowledge_base=false\n"
        "stacks=data,knowledge,agents,runtime,contact,observability\n"
    )


def test_an_empty_plan_writes_an_empty_stack_list() -> None:
    empty = DeployPlan(units=dict.fromkeys(UNITS, False), stacks=[], targets=[])
    assert empty.github_output().splitlines()[-1] == "stacks="


def test_failing_pants_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    def broken(argv: list[str]) -> str:
        raise UserError("`./pants peek` failed (exit 1): unknown revision 'nope'")

    assert main(["--since", "nope"], runner=broken) == 1
    assert "unknown revision 'nope'" in capsys.readouterr().err


def test_unreadable_pants_output_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    def garbled(argv: list[str]) -> str:
        return "not json" if argv[0] == "./pants" else ""

    assert main(["--since", "origin/main"], runner=garbled) == 1
    assert "cannot read the output of `./pants peek`" in capsys.readouterr().err


def test_since_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main([])
    assert raised.value.code == 2
    assert "--since" in capsys.readouterr().err
