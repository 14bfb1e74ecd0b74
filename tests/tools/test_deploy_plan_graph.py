"""deploy-plan against the real Pants graph: each change, committed in a clone of this repository,
plans exactly the units and stacks it should (no faked target lists).

The clone's nested Pants query keeps its own pantsd across the scenarios, as deploy-plan does
on a developer machine; a watchdog stops it when the test process ends, however it ends.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.support.repository import (
    clone_repository,
    commit_all,
    git,
    stop_pantsd_after_this_process,
)
from tools.deploy_plan.pants import SUBPROCESS_DIR, SubprocessRunner
from tools.deploy_plan.plan import STACKS, make_plan

if TYPE_CHECKING:
    from pathlib import Path

    from tools.deploy_plan.plan import DeployPlan


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = clone_repository(tmp_path_factory.mktemp("clone") / "repo")
    stop_pantsd_after_this_process(root / SUBPROCESS_DIR)
    return root


def plan_after(repo: Path, *edits: tuple[str, str]) -> DeployPlan:
    """Commit `edits` (path, text appended) on a branch from the baseline; plan since baseline."""
    git(repo, "checkout", "--quiet", "--force", "-B", "scenario", "main")
    for path, text in edits:
        with (repo / path).open("a", encoding="utf-8") as f:
            f.write(text)
    commit_all(repo, f"edit {', '.join(p for p, _ in edits)}")
    return make_plan(SubprocessRunner(repo), "main")


def units(plan: DeployPlan) -> set[str]:
    return {unit for unit, on in plan.units.items() if on}


def test_a_persona_edit_deploys_the_personas_and_the_runtime_stack_that_bundles_them(
    repo: Path,
) -> None:
    # JSON allows trailing whitespace: the file changes, its meaning does not.
    plan = plan_after(repo, ("content/personas/tangerine.json", "\n"))
    assert units(plan) == {"personas", "lambda", "infra"}
    assert plan.stacks == ["runtime"]
    assert "content/personas/tangerine.json" in plan.targets


def test_an_article_edit_deploys_the_knowledge_base_and_the_runtime_stack(repo: Path) -> None:
    plan = plan_after(repo, ("content/knowledge-base/usb/firmware-update.md", "\n"))
    assert units(plan) == {"knowledge_base", "lambda", "infra"}
    assert plan.stacks == ["runtime"]


def test_agent_instructions_deploy_the_agents_stack_and_the_runtime_that_reads_them(
    repo: Path,
) -> None:
    plan = plan_after(repo, ("content/agents/supervisor.md", "\n"))
    assert units(plan) == {"lambda", "infra"}
    assert plan.stacks == ["agents", "runtime"]


def test_a_runtime_module_deploys_the_lambda_through_the_runtime_stack(repo: Path) -> None:
    plan = plan_after(repo, ("src/python/runtime/turns.py", "\n# touched\n"))
    assert units(plan) == {"lambda", "infra"}
    assert plan.stacks == ["runtime"]


def test_monitoring_deploys_the_observability_stack_only(repo: Path) -> None:
    plan = plan_after(repo, ("src/python/infra/components/monitoring.py", "\n# touched\n"))
    assert units(plan) == {"infra"}
    assert plan.stacks == ["observability"]
    assert plan.reasons["observability"] == [
        "src/python/infra/components/monitoring.py (via src/python/infra/stacks/observability.py)"
    ]


def test_the_cdk_app_itself_deploys_every_stack_but_not_the_lambda(repo: Path) -> None:
    plan = plan_after(repo, ("src/python/infra/app.py", "\n# touched\n"))
    assert units(plan) == {"infra"}
    assert plan.stacks == list(STACKS)


def test_tools_docs_and_a_lint_tools_lockfile_deploy_nothing(repo: Path) -> None:
    plan = plan_after(
        repo,
        ("src/python/tools/kb/lint.py", "\n# touched\n"),
        ("docs/runbooks.md", "\n"),
        ("README.md", "\n"),
        ("3rdparty/python/mypy.lock", "\n"),
    )
    assert units(plan) == set()
    assert plan.stacks == []
    assert "src/python/tools/kb/lint.py" in plan.targets  # they did change


def test_the_code_lockfile_deploys_everything_that_uses_it(repo: Path) -> None:
    plan = plan_after(repo, ("3rdparty/python/python-default.lock", "\n"))
    assert units(plan) == {"lambda", "infra"}
    assert plan.stacks == list(STACKS)
    assert "3rdparty/python/python-default.lock:_python-default_lockfile" in plan.targets


def test_an_empty_lambda_architecture_is_the_default_one(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # deploy.yml used to pass LAMBDA_ARCHITECTURE="" for an undefined variable, and the BUILD
    # file then named the platform `lambda-` (ResolveError).
    git(repo, "checkout", "--quiet", "--force", "main")
    monkeypatch.setenv("LAMBDA_ARCHITECTURE", "")
    run = SubprocessRunner(repo)
    # Without the daemon: a BUILD file's env() is read afresh.
    out = run(["./pants", "--no-pantsd", "dependencies", "src/python/runtime:lambda-sources"])
    assert "3rdparty/platforms:lambda-x86_64" in out.splitlines()
