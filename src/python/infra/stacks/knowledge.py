from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from infra.components.knowledge import VectorKnowledgeBase
from infra.components.parameters import Parameters
from infra.stacks.base import AppStack

if TYPE_CHECKING:
    from aws_cdk.aws_s3 import IBucket
    from constructs import Construct

    from infra.config import EnvironmentConfig


@dataclass(frozen=True)
class KnowledgeBaseRef:
    knowledge_base_id: str
    knowledge_base_arn: str
    data_source_id: str


class KnowledgeStack(AppStack):
    """Bedrock Knowledge Base on S3 Vectors over the articles in the data stack's bucket."""

    concern = "knowledge"

    def __init__(self, scope: Construct, *, config: EnvironmentConfig, bucket: IBucket) -> None:
        super().__init__(scope, config=config, description="Bedrock Knowledge Base (S3 Vectors)")
        self.kb = VectorKnowledgeBase(self, "KnowledgeBase", config=config, bucket=bucket)
        self.ref = KnowledgeBaseRef(
            knowledge_base_id=self.kb.knowledge_base.attr_knowledge_base_id,
            knowledge_base_arn=self.kb.knowledge_base.attr_knowledge_base_arn,
            data_source_id=self.kb.data_source.attr_data_source_id,
        )
        Parameters(
            self,
            "Parameters",
            config=config,
            values={
                "knowledge-base-id": self.ref.knowledge_base_id,
                "data-source-id": self.ref.data_source_id,
            },
        )
