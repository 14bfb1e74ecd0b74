"""The persona table and the knowledge-base bucket: data that must never be lost."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aws_cdk import Aws, Duration, RemovalPolicy
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_s3 as s3
from constructs import Construct

from infra.components.nag import acknowledge
from runtime.constants import PERSONA_KEY_ATTRIBUTE

if TYPE_CHECKING:
    from infra.config import EnvironmentConfig


def knowledge_bucket_name(config: EnvironmentConfig, account: str = Aws.ACCOUNT_ID) -> str:
    """KB_S3_BUCKET_NAME, or `{STACK_NAME}-{env}-kb-{account}` (bucket names are global)."""
    return config.kb_s3_bucket_name or f"{config.name('kb')}-{account}"


class PersonaTable(Construct):
    """On-demand, point-in-time recovery, encrypted; deletion protection in prod; retained."""

    def __init__(self, scope: Construct, id: str, *, config: EnvironmentConfig) -> None:
        super().__init__(scope, id)
        self.table = dynamodb.TableV2(
            self,
            "Table",
            table_name=config.name(config.persona_table_name),
            partition_key=dynamodb.Attribute(
                name=PERSONA_KEY_ATTRIBUTE, type=dynamodb.AttributeType.STRING
            ),
            billing=dynamodb.Billing.on_demand(),
            point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                point_in_time_recovery_enabled=True
            ),
            encryption=dynamodb.TableEncryptionV2.aws_managed_key(),
            deletion_protection=config.is_prod,
            removal_policy=RemovalPolicy.RETAIN,
        )


class KnowledgeBucket(Construct):
    """Articles and their `.metadata.json` sidecars; the Bedrock KB's data source.

    Versioned so `tools:kb sync` can never lose an article for good; noncurrent versions expire.
    Server access logs go to a second bucket in the same construct.
    """

    def __init__(self, scope: Construct, id: str, *, config: EnvironmentConfig) -> None:
        super().__init__(scope, id)
        bucket_name = knowledge_bucket_name(config)
        self.access_logs = s3.Bucket(
            self,
            "AccessLogs",
            encryption=s3.BucketEncryption.S3_MANAGED,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            enforce_ssl=True,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            lifecycle_rules=[s3.LifecycleRule(id="expire-logs", expiration=Duration.days(365))],
            removal_policy=RemovalPolicy.RETAIN,
        )
        acknowledge(
            self.access_logs,
            "AwsSolutions-S1",
            "This is the access-log bucket of the knowledge-base bucket; logging it to itself "
            "would loop.",
        )
        self.bucket = s3.Bucket(
            self,
            "Bucket",
            bucket_name=bucket_name,
            versioned=True,
            encryption=s3.BucketEncryption.S3_MANAGED,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            enforce_ssl=True,
            server_access_logs_bucket=self.access_logs,
            server_access_logs_prefix="kb/",
            lifecycle_rules=[
                s3.LifecycleRule(
                    id="expire-old-versions",
                    noncurrent_version_expiration=Duration.days(90),
                    noncurrent_versions_to_retain=3,
                    abort_incomplete_multipart_upload_after=Duration.days(7),
                )
            ],
            removal_policy=RemovalPolicy.RETAIN,
        )
