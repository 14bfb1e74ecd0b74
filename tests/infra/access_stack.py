"""The GitHub access stack, synthesized the way `src/python/infra:access` does (cdk-nag on)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from infra.access import GitHubAccessStack, access_config
from infra.app import create_app
from infra.config import ENVIRONMENTS
from tests.infra.iam_policy import ACCOUNT

if TYPE_CHECKING:
    from pathlib import Path

    from aws_cdk.assertions import Template

REPOSITORY = "example-org/headset-support"


def synth_access(outdir: Path, **context: str) -> tuple[GitHubAccessStack, Template]:
    from aws_cdk.assertions import Template

    app = create_app(outdir)
    config = access_config(REPOSITORY, ENVIRONMENTS, {"AWS_ACCOUNT": ACCOUNT, **context})
    stack = GitHubAccessStack(app, access=config)
    app.synth()
    return stack, Template.from_stack(stack)


def role_of(template: Template, environment: str) -> dict[str, Any]:
    """The deploy role of `environment` and, under "Policy", its policy document."""
    roles = template.find_resources("AWS::IAM::Role")
    ((role_id, role),) = (
        (k, r)
        for k, r in roles.items()
        if r["Properties"]["RoleName"] == f"headset-support-{environment}-deploy"
    )
    (policy,) = (
        p
        for p in template.find_resources("AWS::IAM::Policy").values()
        if p["Properties"]["Roles"] == [{"Ref": role_id}]
    )
    return {**role["Properties"], "Policy": policy["Properties"]["PolicyDocument"]}
