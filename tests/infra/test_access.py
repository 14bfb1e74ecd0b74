"""The GitHub access stack: who may assume each environment's deploy role, and how it is made."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import TYPE_CHECKING, Any

import pytest

from infra.access import ROLE_WORKFLOWS, access_config
from infra.access.app import main
from infra.config import ENVIRONMENTS, ConfigError
from tests.infra.access_stack import REPOSITORY, role_of, synth_access
from tests.infra.iam_policy import ACCOUNT
from tests.workflows.workflows import WORKFLOWS, steps

if TYPE_CHECKING:
    from pathlib import Path

    from aws_cdk.assertions import Template

ISSUER = "token.actions.githubusercontent.com"
PROVIDER = f"arn:aws:iam::{ACCOUNT}:oidc-provider/{ISSUER}"


@pytest.fixture(scope="module")
def synthesized(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What `./pants run src/python/infra:access -- --repository ...` writes."""
    outdir = tmp_path_factory.mktemp("access")
    argv = ["--repository", REPOSITORY, "--outdir", str(outdir)]
    assert main([*argv, "--context", f"AWS_ACCOUNT={ACCOUNT}"]) == 0
    return outdir


@pytest.fixture(scope="module")
def template(synthesized: Path) -> Template:
    from aws_cdk.assertions import Template

    path = synthesized / "headset-support-github-access.template.json"
    return Template.from_json(json.loads(path.read_text()))


def _trust(template: Template, environment: str) -> dict[str, Any]:
    (statement,) = role_of(template, environment)["AssumeRolePolicyDocument"]["Statement"]
    return dict(statement)


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_a_role_trusts_only_jobs_in_its_own_github_environment(
    template: Template, environment: str
) -> None:
    trust = _trust(template, environment)
    assert trust["Action"] == "sts:AssumeRoleWithWebIdentity"
    assert trust["Condition"] == {
        "StringEquals": {
            f"{ISSUER}:aud": "sts.amazonaws.com",
            f"{ISSUER}:sub": f"repo:{REPOSITORY}:environment:{environment}",
        }
    }
    role = role_of(template, environment)
    assert role["MaxSessionDuration"] == 3600


def test_the_stack_creates_the_github_provider_and_keeps_it(template: Template) -> None:
    (provider,) = template.find_resources("AWS::IAM::OIDCProvider").values()
    assert provider["Properties"]["Url"] == f"https://{ISSUER}"
    assert provider["Properties"]["ClientIdList"] == ["sts.amazonaws.com"]
    assert provider["DeletionPolicy"] == "Retain"
    outputs = template.find_outputs("*")
    assert {k.removesuffix("RoleArn") for k in outputs} == set(ENVIRONMENTS)


@pytest.fixture(scope="module")
def options(tmp_path_factory: pytest.TempPathFactory) -> Template:
    """Synthesized with the account's provider, workflow subjects, and prod's own names."""
    context = {
        "GITHUB_OIDC_PROVIDER_ARN": PROVIDER,
        "GITHUB_SUBJECT_WORKFLOWS": "true",
        "prod.KB_S3_BUCKET_NAME": "prod-articles",
        "prod.AWS_REGION": "eu-west-1",
    }
    return synth_access(tmp_path_factory.mktemp("options"), **context)[1]


def test_an_existing_provider_is_reused_and_workflow_subjects_are_optional(
    options: Template,
) -> None:
    # given the account's provider, and the repository's OIDC subject including the workflow
    # then no provider is created, and only the deploying workflows' jobs may take the role
    assert options.find_resources("AWS::IAM::OIDCProvider") == {}
    trust = _trust(options, "prod")
    assert trust["Principal"] == {"Federated": PROVIDER}
    assert trust["Condition"]["StringEquals"] == {f"{ISSUER}:aud": "sts.amazonaws.com"}
    assert trust["Condition"]["StringLike"][f"{ISSUER}:sub"] == [
        f"repo:{REPOSITORY}:environment:prod:job_workflow_ref:{REPOSITORY}"
        f"/.github/workflows/{name}@*"
        for name in ROLE_WORKFLOWS
    ]


def test_the_workflows_allowed_in_the_subject_are_those_that_assume_the_role() -> None:
    from tests.workflows.workflows import load

    assuming = {
        path.name
        for path in WORKFLOWS
        if any("role-to-assume" in (step.get("with") or {}) for step in steps(load(path)))
    }
    assert set(ROLE_WORKFLOWS) == assuming


@pytest.mark.parametrize(
    ("repository", "context", "message"),
    [
        ("headset-support", {}, "is not OWNER/REPO"),
        (REPOSITORY, {"qa.KB_S3_BUCKET_NAME": "b"}, "'qa' is not an environment"),
        (REPOSITORY, {"GITHUB_OIDC_PROVIDER_ARN": "arn:aws:iam::1:role/x"}, "is not the ARN"),
        (REPOSITORY, {"GITHUB_SUBJECT_WORKFLOWS": "maybe"}, "must be true or false"),
        (REPOSITORY, {"prod.STACK_NAME": "other"}, "STACK_NAME must be the same"),
        (REPOSITORY, {"prod.AWS_ACCOUNT": "210987654321"}, "once per account"),
    ],
)
def test_bad_settings_are_refused_with_what_to_fix(
    repository: str, context: dict[str, str], message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        access_config(repository, ENVIRONMENTS, context)


def test_an_environment_gets_its_own_names_and_region(options: Template) -> None:
    # given prod's bucket and region differ from the other environments'
    # then prod's role names prod's bucket and region, staging's its own
    prod = json.dumps(role_of(options, "prod")["Policy"])
    staging = json.dumps(role_of(options, "staging")["Policy"])
    assert "prod-articles" in prod and ":ssm:eu-west-1:" in prod
    assert "prod-articles" not in staging and ":ssm:us-east-1:" in staging


def test_the_command_passes_cdk_nag_and_refuses_a_bad_context(
    synthesized: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = json.loads((synthesized / "validation-report.json").read_text())
    assert [v for p in report.get("pluginReports", []) for v in p.get("violations", [])] == []
    argv = ["--repository", REPOSITORY, "--outdir", str(synthesized)]
    assert main([*argv, "--context", "prod.NOPE"]) == 1
    assert "use KEY=VALUE" in capsys.readouterr().err


def test_the_app_the_workflows_deploy_does_not_contain_the_access_stack() -> None:
    # the access stack is deployed by an administrator, never by deploy.yml: it is outside the
    # app's import closure, which is what deploy-plan reads the infra unit's stacks from
    code = "import sys, infra.app; print(sorted(m for m in sys.modules if m.startswith('infra.')))"
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert "infra.app" in loaded
    assert "infra.access" not in loaded
