from __future__ import annotations

from typing import TYPE_CHECKING

from infra.components.data import KnowledgeBucket, PersonaTable
from infra.components.parameters import Parameters
from infra.stacks.base import AppStack

if TYPE_CHECKING:
    from aws_cdk.aws_dynamodb import ITableV2
    from aws_cdk.aws_s3 import IBucket
    from constructs import Construct

    from infra.config import EnvironmentConfig


class DataStack(AppStack):
    """The persona table and the knowledge-base bucket (retained when the stack goes)."""

    concern = "data"

    def __init__(self, scope: Construct, *, config: EnvironmentConfig) -> None:
        super().__init__(scope, config=config, description="persona table, knowledge-base bucket")
        self.personas = PersonaTable(self, "Personas", config=config)
        self.articles = KnowledgeBucket(self, "KnowledgeBucket", config=config)
        Parameters(
            self,
            "Parameters",
            config=config,
            values={
                "persona-table-name": self.personas.table.table_name,
                "kb-bucket-name": self.articles.bucket.bucket_name,
            },
        )

    @property
    def table(self) -> ITableV2:
        return self.personas.table

    @property
    def bucket(self) -> IBucket:
        return self.articles.bucket
