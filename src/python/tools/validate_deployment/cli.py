"""`validate-deployment --environment ENV`: the post-deployment checklist.

./pants run src/python/tools:validate-deployment -- --environment staging
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tools.aws import client, region_from
from tools.console import Console, new_parser, run, table
from tools.constants import AGENT_BACKENDS, ENV_LAMBDA_FUNCTION, ENV_PERSONA_TABLE, ENVIRONMENTS
from tools.paths import content_folder
from tools.persona.validate import validate_personas
from tools.validate_deployment.checks import Clients, Settings, validate

if TYPE_CHECKING:
    import argparse

_COLOUR = {"pass": "green", "warn": "yellow", "fail": "red", "skip": "dim"}


def main(argv: list[str] | None = None, clients: Clients | None = None) -> int:
    parser = new_parser("validate-deployment", "Check a deployed environment works end to end.")
    parser.add_argument("--environment", required=True, choices=ENVIRONMENTS)
    parser.add_argument("--region", help="AWS region (default: $AWS_REGION)")
    parser.add_argument("--function-name", help=f"Lambda name (default: ${ENV_LAMBDA_FUNCTION})")
    parser.add_argument("--qualifier", default="live", help="alias to invoke (default: live)")
    parser.add_argument("--table", help=f"persona table (default: ${ENV_PERSONA_TABLE})")
    parser.add_argument("--agent-backend", choices=AGENT_BACKENDS, help="default: from SSM")
    parser.add_argument("--personas", type=Path, help="persona folder (default: content/personas)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args(argv)
    console = Console()
    return run(lambda: cmd_validate(args, console, clients), debug=args.debug, console=console)


def cmd_validate(args: argparse.Namespace, console: Console, clients: Clients | None) -> int:
    settings = Settings(
        environment=args.environment,
        personas=validate_personas(_personas(args)),
        function_name=args.function_name or os.environ.get(ENV_LAMBDA_FUNCTION),
        qualifier=args.qualifier or None,
        table_name=args.table or os.environ.get(ENV_PERSONA_TABLE),
        agent_backend=args.agent_backend,
    )
    if clients is None:
        region = region_from(args.region)
        clients = Clients(
            ssm=client("ssm", region),
            lambda_=client("lambda", region),
            dynamodb=client("dynamodb", region),
            bedrock_agent=client("bedrock-agent", region),
        )
    results = validate(settings, clients)
    ok = all(r.status != "fail" for r in results)
    if args.json:
        console.json({"ok": ok, "checks": [r.__dict__ for r in results]})
    else:
        rows = [[r.name, r.status.upper(), r.detail] for r in results]
        lines = table(rows, ["check", "status", "detail"]).splitlines()
        for line, result in zip(lines, [None, None, *results], strict=True):
            console.print(line if result is None else console.paint(line, _COLOUR[result.status]))
        summary = f"{args.environment}: " + ("deployment looks healthy" if ok else "NOT healthy")
        if ok:
            console.ok(summary)
        else:
            console.fail(summary)
    return 0 if ok else 1


def _personas(args: argparse.Namespace) -> Path:
    return content_folder("personas", args.personas, "--personas")


if __name__ == "__main__":
    sys.exit(main())
