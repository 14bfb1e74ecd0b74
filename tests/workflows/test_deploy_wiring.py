"""deploy.yml's jobs read exactly the units tools:deploy-plan emits, in dependency order."""

from __future__ import annotations

import re
from itertools import pairwise
from typing import Any

from tests.workflows.workflows import GITHUB, load
from tools.deploy_plan.plan import STACKS, UNITS, DeployPlan

DEPLOY = load(GITHUB / "workflows" / "deploy.yml")
JOBS: dict[str, Any] = DEPLOY["jobs"]
# The job that deploys each unit (the Lambda ships in the runtime stack, which the infra job
# deploys), and the order of ARCHITECTURE.md's deploy units.
UNIT_JOBS = {
    "infra": "infra",
    "personas": "personas",
    "knowledge_base": "knowledge-base",
}
ORDER = ["infra", "personas", "knowledge-base", "verify"]


def _plan_keys_from_the_tool() -> set[str]:
    """The keys the tool writes to $GITHUB_OUTPUT (the workflow reads these lines)."""
    plan = DeployPlan(units=dict.fromkeys(UNITS, True), stacks=list(STACKS), targets=[])
    return {line.partition("=")[0] for line in plan.github_output().splitlines()}


def _needs(job: str) -> list[str]:
    needs = JOBS[job].get("needs", [])
    return [needs] if isinstance(needs, str) else list(needs)


def _ancestors(job: str) -> set[str]:
    seen: set[str] = set()
    todo = _needs(job)
    while todo:
        parent = todo.pop()
        if parent not in seen:
            seen.add(parent)
            todo.extend(_needs(parent))
    return seen


def test_the_plan_jobs_outputs_are_the_keys_the_tool_emits() -> None:
    emitted = _plan_keys_from_the_tool()
    outputs = JOBS["plan"]["outputs"]
    assert set(outputs) == emitted
    for key, expression in outputs.items():
        read = set(re.findall(r"steps\.plan\.outputs\.(\w+)", expression))
        assert read == {key}, f"plan output {key} reads {read}"


def test_every_plan_output_a_job_reads_is_one_the_plan_emits() -> None:
    emitted = _plan_keys_from_the_tool()
    for name, job in JOBS.items():
        read = set(re.findall(r"needs\.plan\.outputs\.(\w+)", str(job.get("if", ""))))
        assert read <= emitted, f"job {name} reads {read - emitted}, which the plan never emits"
        if read:
            assert "plan" in _needs(name), f"job {name} reads the plan without needing it"


def test_each_unit_has_a_job_that_runs_only_when_the_plan_says_so() -> None:
    for unit, job in UNIT_JOBS.items():
        condition = str(JOBS[job]["if"])
        assert f"needs.plan.outputs.{unit} == 'true'" in condition, f"{job}: if: {condition}"
        # A skipped earlier unit must not skip this one; a failed one must stop it.
        assert "!cancelled()" in condition and "!failure()" in condition, job


def test_units_deploy_in_dependency_order_after_approval_and_build() -> None:
    for earlier, later in pairwise(ORDER):
        assert earlier in _ancestors(later), f"{later} must wait for {earlier}"
    assert {"build", "approve", "validate"} <= _ancestors("infra")


def test_a_forced_deploy_deploys_every_unit() -> None:
    for key, expression in JOBS["plan"]["outputs"].items():
        assert expression.replace(" ", "").startswith("${{(inputs.force||"), key


def test_the_lambda_is_built_on_the_runner_of_its_architecture() -> None:
    runner = JOBS["validate"]["outputs"]["runner"]
    assert "ubuntu-24.04-arm" in runner and "vars.LAMBDA_ARCHITECTURE == 'arm64'" in runner
    assert JOBS["build"]["runs-on"] == "${{ needs.validate.outputs.runner }}"


def test_deploys_to_one_environment_never_overlap() -> None:
    concurrency = DEPLOY["concurrency"]
    assert concurrency["cancel-in-progress"] is False
    assert concurrency["group"].startswith("deploy-")


def test_triggers_pick_the_environment_the_design_names() -> None:
    on = DEPLOY["on"]
    assert on["push"]["branches"] == ["main", "release/**"]
    assert on["workflow_dispatch"]["inputs"]["force"]["type"] == "boolean"
    expression = JOBS["target"]["steps"][0]["env"]["ENVIRONMENT"]
    assert "'refs/heads/release/') && 'prod'" in expression and "|| 'staging'" in expression


def test_a_forced_deploy_names_every_stack_in_the_plans_order() -> None:
    assert DEPLOY["env"]["ALL_STACKS"] == ",".join(STACKS)
