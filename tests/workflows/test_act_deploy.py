"""deploy.yml and rollback.yml run in nektos/act with stub actions and stub ./pants, aws, npx:
which jobs run, what they pass on, and what the deploy commands are given."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.support.act import ActHarness, ActResult
from tools.deploy_plan.plan import STACKS, UNITS, DeployPlan

if TYPE_CHECKING:
    from pathlib import Path

DEPLOY_PLAN = "src/python/tools:deploy-plan"
VARS = {"AWS_REGION": "eu-west-1"}
SECRETS = {"AWS_DEPLOY_ROLE_ARN": "arn:aws:iam::123456789012:role/headset-deploy"}
LATEST = "ssm get-parameter /headset-agent/staging/deployments/latest"


@pytest.fixture
def harness(tmp_path: Path) -> ActHarness:
    return ActHarness.create(tmp_path)


def planned(*units: str, stacks: tuple[str, ...] = ()) -> str:
    """The lines deploy-plan writes to $GITHUB_OUTPUT for this plan."""
    plan = DeployPlan({u: u in units for u in UNITS}, stacks=list(stacks), targets=[])
    return plan.github_output()


def push(harness: ActHarness, edits: dict[str, str], plan: str) -> tuple[ActResult, str]:
    """Record the current commit as deployed to staging, push `edits` to main, run deploy.yml."""
    deployed = harness.head()
    harness.stubs.aws[LATEST] = {"stdout": deployed + "\n"}
    harness.stubs.pants[DEPLOY_PLAN] = {"github_output": plan}
    harness.commit(edits, "change")
    result = harness.run(
        "deploy.yml", "push", payload={"ref": "refs/heads/main"}, vars=VARS, secrets=SECRETS
    )
    return result, deployed


def deployed_stacks(result: ActResult) -> list[list[str]]:
    """The stack selectors of each `cdk deploy`."""
    return [[a for a in call.argv if a.startswith("*-")] for call in result.called("npx", "deploy")]


@pytest.mark.parametrize(
    ("architecture", "expected", "runner"),
    [
        (None, "x86_64", "ubuntu-24.04"),
        ("x86_64", "x86_64", "ubuntu-24.04"),
        ("arm64", "arm64", "ubuntu-24.04-arm"),
    ],
    ids=["unset", "x86_64", "arm64"],
)
def test_the_lambda_is_built_for_the_configured_architecture(
    harness: ActHarness, architecture: str | None, expected: str, runner: str
) -> None:
    variables = {**VARS, **({"LAMBDA_ARCHITECTURE": architecture} if architecture else {})}
    result = harness.run(
        "deploy.yml",
        "workflow_dispatch",
        job="build",
        inputs={"environment": "dev", "force": "true"},
        vars=variables,
        secrets=SECRETS,
    )
    assert result.job("validate").outputs["runner"] == runner
    assert result.job("build").result == "success", result.step_output("build")
    [package] = result.called("pants", "package", "src/python/runtime:lambda")
    assert package.env["LAMBDA_ARCHITECTURE"] == expected
    [synth] = result.called("pants", "run", "src/python/infra:synth")
    assert synth.has("--context", f"LAMBDA_ARCHITECTURE={expected}")


def test_a_persona_only_push_deploys_the_personas_and_the_stacks_the_plan_names(
    harness: ActHarness,
) -> None:
    result, deployed = push(
        harness,
        {"content/personas/tangerine.json": '{"changed": true}\n'},
        planned("personas", "lambda", "infra", stacks=("runtime",)),
    )
    assert result.job("plan").outputs["stacks"] == "runtime"
    [plan] = result.called("pants", "run", DEPLOY_PLAN)
    assert plan.has("--since", deployed)
    assert deployed_stacks(result) == [["*-runtime"]]
    assert result.called("pants", "run", "src/python/tools:persona", "--", "deploy", "--apply")
    assert result.job("sync").result == "not run"
    assert not result.called("pants", "run", "src/python/tools:kb")
    [record] = result.called("pants", "run", "src/python/tools:deployments", "--", "record")
    assert record.has("--commit", harness.head())
    assert result.exit_code == 0, result.results()


def test_a_docs_only_push_deploys_nothing(harness: ActHarness) -> None:
    result, _ = push(harness, {"docs/runbooks.md": "# Runbooks\n"}, planned())
    assert result.called("pants", "run", DEPLOY_PLAN)
    for job in ("approve", "build", "infra", "personas", "sync", "verify"):
        assert result.job(job).result in {"skipped", "not run"}, (job, result.results())
    assert not result.called("npx")
    assert not result.called("pants", "run", "src/python/tools:persona")
    assert result.job("notify").result == "success"


def test_force_deploys_every_unit_and_every_stack_in_order(harness: ActHarness) -> None:
    result = harness.run(
        "deploy.yml",
        "workflow_dispatch",
        inputs={"environment": "dev", "force": "true"},
        vars=VARS,
        secrets=SECRETS,
    )
    assert result.exit_code == 0, result.results()
    assert not result.called("pants", "run", DEPLOY_PLAN)
    assert not result.called("aws", "--name", "/headset-agent/dev/deployments/latest")
    assert deployed_stacks(result) == [[f"*-{name}" for name in STACKS]]
    assert result.called("pants", "run", "src/python/tools:persona", "--", "deploy", "--apply")
    assert result.called("pants", "run", "src/python/tools:kb", "--", "sync")
    assert result.job("verify").result == "success"


def test_the_fast_rollback_shifts_aliases_to_the_tags_commit(harness: ActHarness) -> None:
    tagged = harness.head()
    harness.commit({"docs/runbooks.md": "# later\n"}, "later work")
    harness.tag("v1.0.0", tagged)
    result = harness.run(
        "rollback.yml",
        "workflow_dispatch",
        inputs={"environment": "prod", "tag": "v1.0.0", "mode": "fast"},
        vars=VARS,
        secrets=SECRETS,
    )
    assert result.job("resolve").outputs["commit"] == tagged
    assert result.job("fast").result == "success", result.step_output("fast")
    assert result.job("full").result in {"skipped", "not run"}
    [rollback] = result.called("pants", "run", "src/python/tools:deployments", "--", "rollback")
    assert rollback.has("--environment", "prod")
    assert rollback.has("--commit", tagged)
    assert rollback.has("--tag", "v1.0.0")
    assert result.called("pants", "run", "src/python/tools:validate-deployment")
    assert not result.called("npx")
