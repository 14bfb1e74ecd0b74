"""`check-config`: the deploy workflow's variables and secrets, all checked at once.

    ./pants run src/python/tools:check-config -- \
        --vars vars.json --secrets '["AWS_DEPLOY_ROLE_ARN"]'

In a workflow: `echo '${{ toJSON(vars) }}' > vars.json` (secret *names* only, never values).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tools import regions
from tools.check_config.check import check, parse_secret_names, parse_variables
from tools.console import Console, new_parser, run
from tools.constants import AGENT_BACKENDS
from tools.errors import UserError

if TYPE_CHECKING:
    import argparse


def main(argv: list[str] | None = None) -> int:
    parser = new_parser("check-config", "Check workflow variables, secret names and the region.")
    parser.add_argument("--vars", required=True, help="JSON object file of variables, or - (stdin)")
    parser.add_argument(
        "--secrets",
        default="[]",
        help="secret names: a JSON list (inline), a file holding one, or - (stdin)",
    )
    parser.add_argument("--agent-backend", choices=AGENT_BACKENDS, help="default: $AGENT_BACKEND")
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args(argv)
    console = Console()
    return run(lambda: cmd_check(args, console), debug=args.debug, console=console)


def cmd_check(args: argparse.Namespace, console: Console) -> int:
    variables = parse_variables(_read(args.vars), args.vars)
    secrets = parse_secret_names(_read(args.secrets, inline=True), "--secrets")
    report = check(variables, secrets, args.agent_backend)
    if args.json:
        console.json(report.to_json())
        return 0 if report.ok else 1
    for warning in report.warnings:
        console.warn(warning)
    if report.missing:
        console.fail(f"missing ({len(report.missing)}): " + ", ".join(report.missing))
        console.print("  set them under Settings > Environments > <env> > variables/secrets")
    for problem in report.region_problems:
        console.fail(problem)
    if report.ok:
        console.ok(
            f"ok: every variable and secret is set; {report.region} offers everything the "
            f"{report.agent_backend} backend needs (region table as of {regions.AS_OF})"
        )
    return 0 if report.ok else 1


def _read(value: str, inline: bool = False) -> str:
    if value == "-":
        return sys.stdin.read()
    if inline and value.lstrip().startswith(("[", "{")):
        return value
    path = Path(value)
    try:
        return path.read_text(encoding="utf-8")
    except OSError as e:
        raise UserError(
            f"cannot read {value}: {e.strerror}", "pass an existing JSON file or -"
        ) from e


if __name__ == "__main__":
    sys.exit(main())
