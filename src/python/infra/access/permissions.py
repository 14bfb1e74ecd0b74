"""What an environment's deploy role may do: exactly what the workflows and the tools call.

Each grant names who needs it. `tests/infra/test_access_permissions.py` runs the tool commands
the workflows run, records every AWS call they make, and fails when a call is not granted here
or a grant is used by no call. Resources are ARN templates with `{partition}`, `{region}` and
`{account}`, rendered as CloudFormation pseudo parameters in the stack.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from aws_cdk import DefaultStackSynthesizer

from infra.components.data import knowledge_bucket_name
from runtime.constants import KB_S3_PREFIX

if TYPE_CHECKING:
    from infra.config import EnvironmentConfig

_PSEUDO = {
    "${AWS::Partition}": "{partition}",
    "${AWS::Region}": "{region}",
    "${AWS::AccountId}": "{account}",
    "${Qualifier}": DefaultStackSynthesizer.DEFAULT_QUALIFIER,
}
# The bootstrap roles `cdk deploy --app cdk.out` assumes for the app's stacks (CDK's default
# synthesizer): deploy (CloudFormation), file publishing (the Lambda zip), lookup (read-only).
CDK_ROLES = (
    DefaultStackSynthesizer.DEFAULT_DEPLOY_ROLE_ARN,
    DefaultStackSynthesizer.DEFAULT_FILE_ASSET_PUBLISHING_ROLE_ARN,
    DefaultStackSynthesizer.DEFAULT_LOOKUP_ROLE_ARN,
)


@dataclass(frozen=True)
class Grant:
    """One policy statement: actions on resources, and which step of which workflow needs it."""

    sid: str
    actions: tuple[str, ...]
    resources: tuple[str, ...]
    why: str

    def render(self, partition: str, region: str, account: str) -> list[str]:
        return [
            r.format(partition=partition, region=region, account=account) for r in self.resources
        ]


def cdk_role_template(arn: str) -> str:
    for placeholder, value in _PSEUDO.items():
        arn = arn.replace(placeholder, value)
    return arn


def deploy_grants(config: EnvironmentConfig) -> list[Grant]:
    """The deploy role of `config.environment`: its own resources only."""
    arn = "arn:{partition}"
    parameters = f"{arn}:ssm:{{region}}:{{account}}:parameter{config.parameter_name('')}"
    table = f"{arn}:dynamodb:{{region}}:{{account}}:table/{config.name(config.persona_table_name)}"
    bucket = f"{arn}:s3:::{knowledge_bucket_name(config, '{account}')}"
    function = (
        f"{arn}:lambda:{{region}}:{{account}}:function:{config.name(config.lambda_function_name)}"
    )
    bedrock = f"{arn}:bedrock:{{region}}:{{account}}"
    return [
        Grant(
            "CdkBootstrapRoles",
            ("sts:AssumeRole",),
            tuple(cdk_role_template(r) for r in CDK_ROLES),
            "deploy.yml `infra` and `lambda` run `cdk deploy`, which works through the CDK "
            "bootstrap roles (the deploy role does the CloudFormation work).",
        ),
        Grant(
            "ReadParameters",
            ("ssm:GetParameter", "ssm:GetParameters"),
            (parameters + "*",),
            "The ids and names the infra writes under /headset-agent/ENV/ and the deployment "
            "records: deploy.yml (plan, personas), kb sync/ingest, validate-deployment, "
            "deployments record/rollback.",
        ),
        Grant(
            "ReadParameterPath",
            ("ssm:GetParametersByPath",),
            (parameters.rstrip("/"),),
            "validate-deployment reads every parameter under /headset-agent/ENV/.",
        ),
        Grant(
            "WriteDeploymentRecords",
            ("ssm:PutParameter",),
            (parameters + "deployments/*",),
            "deployments record (deploy.yml `verify`) and rollback write "
            "/headset-agent/ENV/deployments/COMMIT and .../latest; commits are not known in "
            "advance.",
        ),
        Grant(
            "Personas",
            ("dynamodb:Scan", "dynamodb:PutItem"),
            (table,),
            "persona deploy --apply (deploy.yml `personas`, one TransactWriteItems of Puts) and "
            "validate-deployment read and write the persona table. No DeleteItem: --prune is a "
            "person's step (docs/runbooks.md).",
        ),
        Grant(
            "ListArticles",
            ("s3:ListBucket",),
            (bucket,),
            "kb sync lists the knowledge-base bucket.",
        ),
        Grant(
            "SyncArticles",
            ("s3:GetObject", "s3:PutObject", "s3:DeleteObject"),
            (f"{bucket}/{KB_S3_PREFIX}*",),
            "kb sync compares, uploads and deletes articles and their metadata files under the "
            f"{KB_S3_PREFIX} prefix; their names come from content/knowledge-base.",
        ),
        Grant(
            "HealthCheck",
            ("lambda:InvokeFunction",),
            (f"{function}:live",),
            "validate-deployment invokes the `live` alias with a health-check event.",
        ),
        Grant(
            "LambdaAlias",
            ("lambda:GetAlias", "lambda:UpdateAlias"),
            (function,),
            "deployments record reads the `live` alias; rollback shifts it back.",
        ),
        Grant(
            "LambdaVersions",
            ("lambda:GetFunction",),
            (f"{function}:*",),
            "rollback checks the recorded version still exists; versions are numbered at "
            "deploy time.",
        ),
        Grant(
            "Ingestion",
            ("bedrock:StartIngestionJob", "bedrock:GetIngestionJob", "bedrock:ListIngestionJobs"),
            (f"{bedrock}:knowledge-base/*",),
            "kb ingest starts and waits for the ingestion job; validate-deployment reads the "
            "last one. The knowledge base id is generated when the stack creates it.",
        ),
        Grant(
            "Agents",
            ("bedrock:GetAgent", "bedrock:ListAgentAliases"),
            (f"{bedrock}:agent/*",),
            "validate-deployment checks the supervisor agent and lists its aliases "
            "(bedrock-agents backend); agent ids are generated when the stack creates them.",
        ),
        Grant(
            "AgentAliases",
            ("bedrock:GetAgentAlias", "bedrock:UpdateAgentAlias"),
            (f"{bedrock}:agent-alias/*/*",),
            "deployments record reads each agent alias; rollback points them back "
            "(bedrock-agents backend); alias ids are generated when the stack creates them.",
        ),
    ]
