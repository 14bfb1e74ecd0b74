"""Dashboard widgets on how conversations end: resolution rate and median turns to fix per
category (EMF metrics), hand-offs by reason and the articles that end in a hand-off (Logs
Insights over the outcome lines, with the queries `kb report` runs)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aws_cdk import Duration
from aws_cdk import aws_cloudwatch as cw

from infra.components.names import function_log_group
from infra.config import METRIC_NAMESPACE
from runtime import constants as rc
from runtime.outcomes.insights import ARTICLES, HANDOFF_REASONS, OUTCOME_KINDS

if TYPE_CHECKING:
    from infra.config import EnvironmentConfig

_DAY = Duration.days(1)
# runtime.agents.types.CATEGORIES (a test keeps them equal): importing it would bring the whole
# runtime, and the content it bundles, into this stack's deploy closure.
CATEGORIES = ("usb", "bluetooth", "windows", "genesys-cloud")


def _conversations(outcome: str, category: str, name: str = rc.METRIC_CONVERSATIONS) -> cw.Metric:
    return cw.Metric(
        namespace=METRIC_NAMESPACE,
        metric_name=name,
        dimensions_map={
            "service": rc.DEFAULT_SERVICE_NAME,
            rc.DIMENSION_OUTCOME: outcome,
            rc.DIMENSION_CATEGORY: category,
        },
        statistic="Sum",
        period=_DAY,
    )


def resolution_rate(category: str) -> cw.MathExpression:
    """Per cent of the category's conversations that ended fixed."""
    ids = {o: f"{o}_{category.replace('-', '_')}" for o in OUTCOME_KINDS}  # unique in one graph
    using = {ids[o]: _conversations(o, category) for o in OUTCOME_KINDS}
    every = " + ".join(f"FILL({ids[o]}, 0)" for o in OUTCOME_KINDS)
    return cw.MathExpression(
        expression=f"100 * FILL({ids['fixed']}, 0) / ({every})",
        using_metrics=using,
        label=category,
        period=_DAY,
    )


def median_turns_to_fix(category: str) -> cw.Metric:
    return _conversations("fixed", category, rc.METRIC_CONVERSATION_TURNS).with_(
        statistic="p50", label=category
    )


def outcome_widgets(config: EnvironmentConfig) -> list[cw.IWidget]:
    """One dashboard row: two metric bars over the dashboard's time range, two log queries."""
    logs = [function_log_group(config)]
    return [
        cw.GraphWidget(
            title="Resolution rate by category (% fixed)",
            left=[resolution_rate(c) for c in CATEGORIES],
            left_y_axis=cw.YAxisProps(min=0, max=100),
            view=cw.GraphWidgetView.BAR,
            set_period_to_time_range=True,
            width=6,
        ),
        cw.GraphWidget(
            title="Median turns to fix",
            left=[median_turns_to_fix(c) for c in CATEGORIES],
            view=cw.GraphWidgetView.BAR,
            set_period_to_time_range=True,
            width=6,
        ),
        cw.LogQueryWidget(
            title="Hand-offs by reason",
            log_group_names=logs,
            query_string=HANDOFF_REASONS,
            view=cw.LogQueryVisualizationType.BAR,
            width=6,
        ),
        cw.LogQueryWidget(
            title="Articles that end in a hand-off (kb report)",
            log_group_names=logs,
            query_string=ARTICLES,
            view=cw.LogQueryVisualizationType.TABLE,
            width=6,
        ),
    ]
