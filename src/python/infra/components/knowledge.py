"""Bedrock Knowledge Base on Amazon S3 Vectors: vector bucket + index, S3 data source, role.

S3 Vectors costs per stored vector and query, nothing while idle: for a few hundred articles it
is far cheaper than an always-on OpenSearch Serverless collection.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aws_cdk import Aws, RemovalPolicy
from aws_cdk import aws_bedrock as bedrock
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3vectors as s3vectors
from constructs import Construct

from infra.components.data import knowledge_bucket_name
from infra.components.models import foundation_model_arn
from infra.components.nag import acknowledge
from runtime import constants as rc

if TYPE_CHECKING:
    from aws_cdk.aws_s3 import IBucket

    from infra.config import EnvironmentConfig

KB_PREFIX = rc.KB_S3_PREFIX
"""Where `tools:kb sync` puts articles (and `<file>.metadata.json` sidecars) in the bucket."""

# Bedrock writes the chunk text and its own metadata into these keys; S3 Vectors limits
# filterable metadata to 2 KB per vector, so they must be non-filterable.
NON_FILTERABLE_KEYS = ["AMAZON_BEDROCK_TEXT", "AMAZON_BEDROCK_METADATA"]


def _nag_text(value: str) -> str:
    """How cdk-nag prints a name containing the account id token."""
    return value.replace(Aws.ACCOUNT_ID, "<AWS::AccountId>")


class VectorKnowledgeBase(Construct):
    def __init__(
        self, scope: Construct, id: str, *, config: EnvironmentConfig, bucket: IBucket
    ) -> None:
        super().__init__(scope, id)
        name = config.name("kb")
        self.vector_bucket = s3vectors.CfnVectorBucket(
            self,
            "VectorBucket",
            vector_bucket_name=f"{name}-vectors",
            encryption_configuration=s3vectors.CfnVectorBucket.EncryptionConfigurationProperty(
                sse_type="AES256"
            ),
        )
        self.vector_bucket.apply_removal_policy(RemovalPolicy.DESTROY)  # rebuilt by ingestion
        self.index = s3vectors.CfnIndex(
            self,
            "Index",
            vector_bucket_arn=self.vector_bucket.attr_vector_bucket_arn,
            index_name="articles",
            data_type="float32",
            dimension=config.embedding_dimensions,
            distance_metric="cosine",
            metadata_configuration=s3vectors.CfnIndex.MetadataConfigurationProperty(
                non_filterable_metadata_keys=NON_FILTERABLE_KEYS
            ),
        )
        self.index.apply_removal_policy(RemovalPolicy.DESTROY)

        embedding_arn = foundation_model_arn(config.embedding_model)
        # The policy names the bucket by its deterministic name rather than a cross-stack
        # import, so the cdk-nag acknowledgement below names the real resource.
        articles_arn = f"arn:{Aws.PARTITION}:s3:::{knowledge_bucket_name(config)}"
        self.role = iam.Role(
            self,
            "Role",
            assumed_by=iam.ServicePrincipal(
                "bedrock.amazonaws.com",
                conditions={
                    "StringEquals": {"aws:SourceAccount": Aws.ACCOUNT_ID},
                    "ArnLike": {
                        "aws:SourceArn": (
                            f"arn:{Aws.PARTITION}:bedrock:{Aws.REGION}:{Aws.ACCOUNT_ID}"
                            ":knowledge-base/*"
                        )
                    },
                },
            ),
            description="Bedrock Knowledge Base: read articles, embed, write vectors",
        )
        policy = iam.Policy(
            self,
            "Policy",
            statements=[
                iam.PolicyStatement(actions=["bedrock:InvokeModel"], resources=[embedding_arn]),
                iam.PolicyStatement(
                    actions=["s3:ListBucket"],
                    resources=[articles_arn],
                    conditions={"StringLike": {"s3:prefix": [f"{KB_PREFIX}*"]}},
                ),
                iam.PolicyStatement(
                    actions=["s3:GetObject"], resources=[f"{articles_arn}/{KB_PREFIX}*"]
                ),
                iam.PolicyStatement(
                    actions=[
                        "s3vectors:PutVectors",
                        "s3vectors:GetVectors",
                        "s3vectors:DeleteVectors",
                        "s3vectors:QueryVectors",
                        "s3vectors:GetIndex",
                    ],
                    resources=[self.index.attr_index_arn],
                ),
            ],
        )
        policy.attach_to_role(self.role)
        acknowledge(
            policy,
            "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::"
            f"{_nag_text(knowledge_bucket_name(config))}/{KB_PREFIX}*]",
            "Bedrock ingestion reads every article under the knowledge-base/ prefix of its own "
            "bucket; the object names are not known in advance.",
        )

        self.knowledge_base = bedrock.CfnKnowledgeBase(
            self,
            "KnowledgeBase",
            name=name,
            description="Headset troubleshooting articles (content/knowledge-base)",
            role_arn=self.role.role_arn,
            knowledge_base_configuration=bedrock.CfnKnowledgeBase.KnowledgeBaseConfigurationProperty(
                type="VECTOR",
                vector_knowledge_base_configuration=bedrock.CfnKnowledgeBase.VectorKnowledgeBaseConfigurationProperty(
                    embedding_model_arn=embedding_arn,
                    embedding_model_configuration=bedrock.CfnKnowledgeBase.EmbeddingModelConfigurationProperty(
                        bedrock_embedding_model_configuration=bedrock.CfnKnowledgeBase.BedrockEmbeddingModelConfigurationProperty(
                            dimensions=config.embedding_dimensions, embedding_data_type="FLOAT32"
                        )
                    ),
                ),
            ),
            storage_configuration=bedrock.CfnKnowledgeBase.StorageConfigurationProperty(
                type="S3_VECTORS",
                s3_vectors_configuration=bedrock.CfnKnowledgeBase.S3VectorsConfigurationProperty(
                    vector_bucket_arn=self.vector_bucket.attr_vector_bucket_arn,
                    index_arn=self.index.attr_index_arn,
                ),
            ),
        )
        self.knowledge_base.node.add_dependency(policy)

        self.data_source = bedrock.CfnDataSource(
            self,
            "DataSource",
            name=f"{name}-articles",
            knowledge_base_id=self.knowledge_base.attr_knowledge_base_id,
            description="Articles with <file>.metadata.json sidecars (category, devices, ...)",
            data_deletion_policy="DELETE",
            data_source_configuration=bedrock.CfnDataSource.DataSourceConfigurationProperty(
                type="S3",
                s3_configuration=bedrock.CfnDataSource.S3DataSourceConfigurationProperty(
                    bucket_arn=bucket.bucket_arn, inclusion_prefixes=[KB_PREFIX]
                ),
            ),
            vector_ingestion_configuration=bedrock.CfnDataSource.VectorIngestionConfigurationProperty(
                chunking_configuration=bedrock.CfnDataSource.ChunkingConfigurationProperty(
                    chunking_strategy="FIXED_SIZE",
                    fixed_size_chunking_configuration=bedrock.CfnDataSource.FixedSizeChunkingConfigurationProperty(
                        max_tokens=400, overlap_percentage=15
                    ),
                )
            ),
        )
