"""`kb report`'s arguments and command: a thin layer over tools.kb.report."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from runtime.outcomes.insights import ARTICLES
from tools.aws import client, region_from
from tools.console import table
from tools.constants import ENVIRONMENTS
from tools.errors import ConfigError
from tools.kb.lint import lint_articles
from tools.kb.report import (
    HEADERS,
    build_report,
    function_log_group,
    parse_since,
    render,
    run_query,
    since_window,
)
from tools.paths import content_folder

if TYPE_CHECKING:
    from tools.console import Console


def add_report_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--environment", choices=ENVIRONMENTS, help="read the function's log group from SSM"
    )
    parser.add_argument("--log-group", help="log group to query (default: from --environment)")
    parser.add_argument("--since", default="7d", help="how far back: 30m, 12h, 7d, 2w (default 7d)")
    parser.add_argument("--region", help="AWS region (default: $AWS_REGION)")
    parser.add_argument(
        "--source", type=Path, help="article folder (default: content/knowledge-base)"
    )
    parser.add_argument(
        "--timeout", type=float, default=120.0, help="seconds to wait (default 120)"
    )
    parser.add_argument("--poll-interval", type=float, default=1.0, help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", help="print JSON")


def cmd_report(args: argparse.Namespace, console: Console) -> int:
    span = parse_since(args.since)
    source = content_folder("knowledge-base", args.source, "--source")
    known = [a.path for a in lint_articles(source)]
    region = region_from(args.region)
    log_group = args.log_group
    if not log_group:
        if not args.environment:
            raise ConfigError("no log group given", "pass --environment ENV or --log-group NAME")
        log_group = function_log_group(client("ssm", region), args.environment)
    start, end = since_window(span)
    rows = run_query(
        client("logs", region),
        log_group,
        ARTICLES,
        start=start,
        end=end,
        timeout=args.timeout,
        poll_interval=args.poll_interval,
    )
    report = build_report(rows, known, log_group=log_group, since=args.since)
    if args.json:
        console.json(report.to_json())
        return 0
    console.print(
        f"{report.conversations} conversation(s) in {log_group} over the last {args.since}; "
        "the articles that most often end in a hand-off first:"
    )
    if report.articles or report.no_article:
        console.print(table(render(report), HEADERS))
    else:
        console.warn("no conversation ended in this period; is it the right environment?")
    if report.never_reached:
        console.print(console.paint(f"never reached ({len(report.never_reached)}):", "yellow"))
        for path in report.never_reached:
            console.print(f"  {path}")
    return 0
