from __future__ import annotations

from typing import TYPE_CHECKING

from infra.components.function import AgentFunction, BedrockAccess
from infra.components.parameters import Parameters
from infra.stacks.base import AppStack

if TYPE_CHECKING:
    from pathlib import Path

    from aws_cdk.aws_dynamodb import ITableV2
    from aws_cdk.aws_lambda import IAlias
    from constructs import Construct

    from infra.config import EnvironmentConfig


class RuntimeStack(AppStack):
    """The agent Lambda from the Pants-built zip at `lambda_zip`, and its `live` alias."""

    concern = "runtime"

    def __init__(
        self,
        scope: Construct,
        *,
        config: EnvironmentConfig,
        lambda_zip: Path,
        table: ITableV2,
        bedrock: BedrockAccess,
    ) -> None:
        super().__init__(scope, config=config, description="agent Lambda and its live alias")
        self.agent = AgentFunction(
            self, "Agent", config=config, lambda_zip=lambda_zip, table=table, bedrock=bedrock
        )
        Parameters(
            self,
            "Parameters",
            config=config,
            values={
                "lambda-function-name": self.agent.function.function_name,
                "lambda-alias-arn": self.agent.alias.function_arn,
            },
        )

    @property
    def alias(self) -> IAlias:
        return self.agent.alias
