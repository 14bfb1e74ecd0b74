"""Dashboard, alarms (PagerDuty and Slack topics) and the daily cost budget."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aws_cdk import Duration
from aws_cdk import aws_budgets as budgets
from aws_cdk import aws_chatbot as chatbot
from aws_cdk import aws_cloudwatch as cw
from aws_cdk import aws_cloudwatch_actions as cw_actions
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subs
from constructs import Construct

from infra.components.outcomes import outcome_widgets
from infra.config import METRIC_NAMESPACE
from runtime import constants as rc

if TYPE_CHECKING:
    from aws_cdk.aws_lambda import IAlias

    from infra.config import EnvironmentConfig

# Prices (us-east-1, on-demand, 2026) for the cost estimate on the dashboard; an estimate only.
LAMBDA_USD_PER_GB_SECOND = {"x86_64": 0.0000166667, "arm64": 0.0000133334}
LAMBDA_USD_PER_REQUEST = 0.0000002
LEX_USD_PER_SPEECH_REQUEST = 0.004
BEDROCK_USD_PER_TURN = 0.004  # ~1.5k input + 150 output tokens on the sub-agent model


class AlertTopics(Construct):
    """Two encrypted topics: PagerDuty (pages someone) and Slack (a heads-up)."""

    def __init__(self, scope: Construct, id: str, *, config: EnvironmentConfig) -> None:
        super().__init__(scope, id)
        # CloudWatch cannot publish to a topic encrypted with the AWS-managed SNS key, so the
        # topics share a customer-managed key that lets CloudWatch use it.
        self.key = kms.Key(
            self,
            "Key",
            alias=f"alias/{config.name('alerts')}",
            description=f"{config.prefix} alert topics",
            enable_key_rotation=True,
        )
        self.key.add_to_resource_policy(
            iam.PolicyStatement(
                principals=[iam.ServicePrincipal("cloudwatch.amazonaws.com")],
                actions=["kms:Decrypt", "kms:GenerateDataKey*"],
                resources=["*"],
            )
        )
        self.pagerduty = sns.Topic(
            self,
            "PagerDuty",
            topic_name=config.name("alerts-pagerduty"),
            master_key=self.key,
            enforce_ssl=True,
        )
        self.slack = sns.Topic(
            self,
            "Slack",
            topic_name=config.name("alerts-slack"),
            master_key=self.key,
            enforce_ssl=True,
        )
        if config.pagerduty_endpoint_url:
            self.pagerduty.add_subscription(subs.UrlSubscription(config.pagerduty_endpoint_url))
        if config.slack_mode == "webhook" and config.slack_webhook_url:
            self.slack.add_subscription(subs.UrlSubscription(config.slack_webhook_url))
        if config.slack_mode == "chatbot":
            self.chatbot = chatbot.SlackChannelConfiguration(
                self,
                "Chatbot",
                slack_channel_configuration_name=config.name("alerts"),
                slack_workspace_id=config.slack_workspace_id or "",
                slack_channel_id=config.slack_channel_id or "",
                notification_topics=[self.slack],
                guardrail_policies=[
                    iam.ManagedPolicy.from_aws_managed_policy_name("ReadOnlyAccess")
                ],
            )


def _custom(name: str, statistic: str = "Sum", period: int = 60) -> cw.Metric:
    return cw.Metric(
        namespace=METRIC_NAMESPACE,
        metric_name=name,
        dimensions_map={"service": rc.DEFAULT_SERVICE_NAME},
        statistic=statistic,
        period=Duration.seconds(period),
    )


class Monitoring(Construct):
    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        config: EnvironmentConfig,
        handler: IAlias,
        topics: AlertTopics,
    ) -> None:
        super().__init__(scope, id)
        minute = Duration.minutes(1)
        invocations = handler.metric_invocations(period=minute, statistic="Sum")
        errors = handler.metric_errors(period=minute, statistic="Sum")
        p50 = handler.metric_duration(period=minute, statistic="p50")
        p99 = handler.metric_duration(period=minute, statistic="p99")

        self.error_alarm = cw.Alarm(
            self,
            "Errors",
            alarm_name=config.name("lambda-errors"),
            alarm_description=(
                f"More than {config.error_alarm_per_minute} Lambda errors in a minute: callers "
                "hear the safe reply or Connect's system error. Runbook: docs/troubleshooting.md"
            ),
            metric=errors,
            threshold=config.error_alarm_per_minute,
            comparison_operator=cw.ComparisonOperator.GREATER_THAN_THRESHOLD,
            evaluation_periods=1,
            treat_missing_data=cw.TreatMissingData.NOT_BREACHING,
        )
        self.error_alarm.add_alarm_action(cw_actions.SnsAction(topics.pagerduty))
        self.error_alarm.add_ok_action(cw_actions.SnsAction(topics.pagerduty))

        self.latency_alarm = cw.Alarm(
            self,
            "LatencyP99",
            alarm_name=config.name("lambda-p99"),
            alarm_description=(
                f"p99 turn duration above {config.p99_alarm_ms} ms for 5 minutes: callers wait "
                "in silence. Check BackendLatency and Fallbacks on the dashboard."
            ),
            metric=p99,
            threshold=config.p99_alarm_ms,
            comparison_operator=cw.ComparisonOperator.GREATER_THAN_THRESHOLD,
            evaluation_periods=5,
            datapoints_to_alarm=3,
            treat_missing_data=cw.TreatMissingData.NOT_BREACHING,
        )
        self.latency_alarm.add_alarm_action(cw_actions.SnsAction(topics.slack))

        gb = config.lambda_memory_mb / 1024
        per_turn = LAMBDA_USD_PER_REQUEST + LEX_USD_PER_SPEECH_REQUEST + BEDROCK_USD_PER_TURN
        hourly = Duration.hours(1)
        cost = cw.MathExpression(
            label="Estimated USD per hour (Lambda + Lex speech + Bedrock)",
            expression=(
                f"inv * {per_turn}"
                f" + dur / 1000 * {gb} * {LAMBDA_USD_PER_GB_SECOND[config.lambda_architecture]}"
            ),
            using_metrics={
                "inv": handler.metric_invocations(period=hourly, statistic="Sum"),
                "dur": handler.metric_duration(period=hourly, statistic="Sum"),
            },
            period=hourly,
        )

        self.dashboard = cw.Dashboard(self, "Dashboard", dashboard_name=config.name("agent"))
        self.dashboard.add_widgets(
            cw.GraphWidget(title="Invocations", left=[invocations], width=8),
            cw.GraphWidget(
                title="Errors",
                left=[errors],
                width=8,
                left_annotations=[
                    cw.HorizontalAnnotation(value=config.error_alarm_per_minute, label="page")
                ],
            ),
            cw.GraphWidget(
                title="Duration p50 / p99 (ms)",
                left=[p50, p99],
                width=8,
                left_annotations=[
                    cw.HorizontalAnnotation(value=config.p99_alarm_ms, label="alert")
                ],
            ),
        )
        self.dashboard.add_widgets(
            cw.GraphWidget(
                title="Turn and backend latency p99 (ms)",
                left=[
                    _custom(rc.METRIC_TURN_LATENCY, "p99"),
                    _custom(rc.METRIC_BACKEND_LATENCY, "p99"),
                ],
                width=8,
            ),
            cw.GraphWidget(
                title="Fallbacks, escalations, persona cache misses",
                left=[
                    _custom(rc.METRIC_FALLBACKS),
                    _custom(rc.METRIC_ESCALATIONS),
                    _custom(rc.METRIC_PERSONA_CACHE_MISSES),
                ],
                width=8,
            ),
            cw.GraphWidget(title="Estimated cost (USD/hour)", left=[cost], width=8),
        )
        self.dashboard.add_widgets(
            cw.GraphWidget(
                title="Bedrock tokens (sum per 5 minutes)",
                left=[
                    _custom(rc.METRIC_INPUT_TOKENS, "Sum", 300),
                    _custom(rc.METRIC_OUTPUT_TOKENS, "Sum", 300),
                ],
                width=8,
            ),
            cw.AlarmStatusWidget(alarms=[self.error_alarm, self.latency_alarm], width=16),
        )
        self.dashboard.add_widgets(*outcome_widgets(config))


class DailyBudget(Construct):
    """An AWS Budgets cost budget per day; email when actual spend passes it."""

    def __init__(self, scope: Construct, id: str, *, config: EnvironmentConfig) -> None:
        super().__init__(scope, id)
        subscribers = (
            [
                budgets.CfnBudget.SubscriberProperty(
                    subscription_type="EMAIL", address=config.budget_email
                )
            ]
            if config.budget_email
            else []
        )
        self.budget = budgets.CfnBudget(
            self,
            "Budget",
            budget=budgets.CfnBudget.BudgetDataProperty(
                budget_name=config.name("daily-cost"),
                budget_type="COST",
                time_unit="DAILY",
                budget_limit=budgets.CfnBudget.SpendProperty(
                    amount=config.daily_budget_usd, unit="USD"
                ),
            ),
            notifications_with_subscribers=(
                [
                    budgets.CfnBudget.NotificationWithSubscribersProperty(
                        notification=budgets.CfnBudget.NotificationProperty(
                            notification_type="ACTUAL",
                            comparison_operator="GREATER_THAN",
                            threshold=100,
                            threshold_type="PERCENTAGE",
                        ),
                        subscribers=subscribers,
                    )
                ]
                if subscribers
                else None
            ),
        )
