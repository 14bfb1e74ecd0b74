from __future__ import annotations

from typing import TYPE_CHECKING

from infra.components.monitoring import AlertTopics, DailyBudget, Monitoring
from infra.stacks.base import AppStack

if TYPE_CHECKING:
    from aws_cdk.aws_lambda import IAlias
    from constructs import Construct

    from infra.config import EnvironmentConfig


class ObservabilityStack(AppStack):
    """Dashboard, alarms to PagerDuty/Slack topics, the daily cost budget."""

    concern = "observability"

    def __init__(self, scope: Construct, *, config: EnvironmentConfig, handler: IAlias) -> None:
        super().__init__(scope, config=config, description="dashboard, alarms, budget")
        self.topics = AlertTopics(self, "Alerts", config=config)
        self.monitoring = Monitoring(
            self, "Monitoring", config=config, handler=handler, topics=self.topics
        )
        self.budget = DailyBudget(self, "Budget", config=config)
