"""What every stack of the app shares: its name, environment, tags and description."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aws_cdk import Environment, Stack, Tags

if TYPE_CHECKING:
    from constructs import Construct

    from infra.config import EnvironmentConfig


class AppStack(Stack):
    """A stack named `{STACK_NAME}-{env}-{concern}` and tagged with both."""

    concern = ""

    def __init__(
        self, scope: Construct, *, config: EnvironmentConfig, description: str, **kwargs: Any
    ) -> None:
        super().__init__(
            scope,
            config.name(self.concern),
            stack_name=config.name(self.concern),
            description=f"Headset support agent ({config.environment}): {description}",
            env=Environment(account=config.aws_account, region=config.aws_region),
            termination_protection=config.is_prod,
            **kwargs,
        )
        self.config = config
        Tags.of(self).add("Application", config.stack_name)
        Tags.of(self).add("Environment", config.environment)
        Tags.of(self).add("Concern", self.concern)
