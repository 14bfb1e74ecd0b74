"""GitHub Actions' way into the account: the OIDC provider and one deploy role per environment.

Deployed once by an administrator (docs/github-environments.md), never by the workflows: it is
not a deploy unit, and `infra.app` does not compose it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aws_cdk import Aws, CfnOutput, Duration, Environment, RemovalPolicy, Stack, Tags
from aws_cdk import aws_iam as iam
from constructs import Construct

from infra.access.permissions import deploy_grants
from infra.components.nag import acknowledge

if TYPE_CHECKING:
    from infra.access.config import AccessConfig
    from infra.config import EnvironmentConfig

ISSUER = "token.actions.githubusercontent.com"
AUDIENCE = "sts.amazonaws.com"  # what aws-actions/configure-aws-credentials asks for
# The workflows that assume an environment's role (`role-to-assume`); with subject_workflows,
# a job of any other workflow file gets no credentials even in that environment.
ROLE_WORKFLOWS = ("deploy.yml", "knowledge-base-sync.yml", "rollback.yml")


def subjects(access: AccessConfig, environment: str) -> list[str]:
    """The OIDC `sub` values that may assume `environment`'s role."""
    base = f"repo:{access.repository}:environment:{environment}"
    if not access.subject_workflows:
        return [base]
    return [
        f"{base}:job_workflow_ref:{access.repository}/.github/workflows/{name}@*"
        for name in ROLE_WORKFLOWS
    ]


class DeployRole(Construct):
    """`{STACK_NAME}-{env}-deploy`: assumable only from jobs in that GitHub environment."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        config: EnvironmentConfig,
        access: AccessConfig,
        provider_arn: str,
    ) -> None:
        super().__init__(scope, id)
        allowed = subjects(access, config.environment)
        conditions: dict[str, dict[str, object]] = {"StringEquals": {f"{ISSUER}:aud": AUDIENCE}}
        sub_test = "StringLike" if access.subject_workflows else "StringEquals"
        conditions.setdefault(sub_test, {})[f"{ISSUER}:sub"] = (
            allowed if len(allowed) > 1 else allowed[0]
        )
        self.role = iam.Role(
            self,
            "Role",
            role_name=config.name("deploy"),
            description=f"GitHub Actions, environment {config.environment} of {access.repository}",
            max_session_duration=Duration.hours(1),
            assumed_by=iam.FederatedPrincipal(
                provider_arn,
                conditions=conditions,
                assume_role_action="sts:AssumeRoleWithWebIdentity",
            ),
        )
        # The role is in this stack's account; the environment's resources are in its region.
        region = config.aws_region
        for grant in deploy_grants(config):
            resources = grant.render(Aws.PARTITION, region, Aws.ACCOUNT_ID)
            self.role.add_to_policy(
                iam.PolicyStatement(sid=grant.sid, actions=list(grant.actions), resources=resources)
            )
            for resource in grant.render("<AWS::Partition>", region, "<AWS::AccountId>"):
                if "*" in resource:
                    acknowledge(
                        self.role.node.find_child("DefaultPolicy"),
                        f"AwsSolutions-IAM5[Resource::{resource}]",
                        grant.why,
                    )


class GitHubAccessStack(Stack):
    """`{STACK_NAME}-github-access`: the provider (or an existing one) and the deploy roles."""

    def __init__(self, scope: Construct, *, access: AccessConfig) -> None:
        first = access.environments[0]
        name = f"{access.stack_name}-github-access"
        super().__init__(
            scope,
            name,
            stack_name=name,
            description=f"Headset support agent: GitHub Actions OIDC roles of {access.repository}",
            env=Environment(account=first.aws_account, region=first.aws_region),
            termination_protection=True,
        )
        Tags.of(self).add("Application", access.stack_name)
        Tags.of(self).add("Concern", "github-access")
        if access.oidc_provider_arn:
            provider_arn = access.oidc_provider_arn
        else:
            provider = iam.OidcProviderNative(
                self,
                "GitHubOidc",
                url=f"https://{ISSUER}",
                client_ids=[AUDIENCE],
                removal_policy=RemovalPolicy.RETAIN,  # other repositories may come to use it
            )
            provider_arn = provider.oidc_provider_arn
        self.roles: dict[str, iam.Role] = {}
        for config in access.environments:
            role = DeployRole(
                self, config.environment, config=config, access=access, provider_arn=provider_arn
            ).role
            self.roles[config.environment] = role
            CfnOutput(
                self,
                f"{config.environment}RoleArn",
                value=role.role_arn,
                description=f"AWS_DEPLOY_ROLE_ARN of the GitHub environment {config.environment}",
            )
