"""`persona validate | diff | deploy`: persona files to the DynamoDB persona table.

./pants run src/python/tools:persona -- validate
./pants run src/python/tools:persona -- diff --table NAME --region REGION
./pants run src/python/tools:persona -- deploy [--apply | --dry-run] [--prune]
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tools.aws import client, region_from
from tools.console import Console, add_common, env_flag, new_parser, run
from tools.constants import ENV_CI, ENV_PERSONA_TABLE
from tools.errors import ConfigError
from tools.paths import content_folder
from tools.persona.deploy import deploy
from tools.persona.plan import make_plan
from tools.persona.table import PersonaTable
from tools.persona.validate import validate_personas

if TYPE_CHECKING:
    import argparse

    from tools.persona.plan import Plan

_MARK = {"added": "+", "changed": "~", "removed": "-", "unchanged": "="}
_COLOUR = {"added": "green", "changed": "yellow", "removed": "red", "unchanged": "dim"}


def main(argv: list[str] | None = None) -> int:
    parser = new_parser("persona", "Validate persona files and deploy them to the persona table.")
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="validate every persona file")
    d = sub.add_parser("diff", help="show what a deploy would change in the table")
    p = sub.add_parser("deploy", help="write changed personas (dry run unless CI=true or --apply)")
    for s in (v, d, p):
        add_common(s)
        s.add_argument("--personas", type=Path, help="persona folder (default: content/personas)")
        s.add_argument("--json", action="store_true", help="print JSON")
    for s in (d, p):
        s.add_argument("--table", help=f"table name (default: ${ENV_PERSONA_TABLE})")
        s.add_argument("--region", help="AWS region (default: $AWS_REGION)")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--apply", action="store_true", help="write, even outside CI")
    mode.add_argument("--dry-run", action="store_true", help="only show the plan, even in CI")
    p.add_argument("--prune", action="store_true", help="also delete personas no longer in files")
    args = parser.parse_args(argv)
    console = Console()
    commands = {"validate": cmd_validate, "diff": cmd_diff, "deploy": cmd_deploy}
    return run(lambda: commands[args.command](args, console), debug=args.debug, console=console)


def cmd_validate(args: argparse.Namespace, console: Console) -> int:
    personas = validate_personas(_folder(args))
    if args.json:
        console.json({"ok": True, "personas": sorted(personas)})
    else:
        console.ok(f"ok: {len(personas)} persona(s) valid: {', '.join(sorted(personas))}")
    return 0


def cmd_diff(args: argparse.Namespace, console: Console) -> int:
    personas = validate_personas(_folder(args))
    plan = make_plan(personas, _table(args).read_all())
    if args.json:
        console.json({"changes": plan.to_json()})
    else:
        _print_plan(plan, console)
    return 0


def cmd_deploy(args: argparse.Namespace, console: Console) -> int:
    personas = validate_personas(_folder(args))
    apply = args.apply or (env_flag(ENV_CI) and not args.dry_run)
    result = deploy(personas, _table(args), prune=args.prune, apply=apply)
    if args.json:
        console.json(result.to_json())
        return 0
    _print_plan(result.plan, console)
    for pid in result.kept:
        console.warn(f"'{pid}' is in the table but has no file; kept (pass --prune to delete it)")
    if not result.written:
        console.ok("nothing to deploy: the table matches the files")
    elif result.applied:
        console.ok(f"deployed {len(result.written)} change(s) in one transaction")
    else:
        console.print(
            console.paint(f"dry run: {len(result.written)} change(s) not written", "yellow")
            + " (pass --apply to write; CI=true applies by default)"
        )
    return 0


def _print_plan(plan: Plan, console: Console) -> None:
    for change in plan.changes:
        line = f"{_MARK[change.kind]} {change.persona_id} ({change.kind})"
        if change.fields:
            line += ": " + ", ".join(change.fields)
        console.print(console.paint(line, _COLOUR[change.kind]))


def _folder(args: argparse.Namespace) -> Path:
    return content_folder("personas", args.personas, "--personas")


def _table(args: argparse.Namespace) -> PersonaTable:
    name = args.table or os.environ.get(ENV_PERSONA_TABLE)
    if not name:
        raise ConfigError("no persona table given", f"pass --table or set {ENV_PERSONA_TABLE}")
    return PersonaTable(client("dynamodb", region_from(args.region)), name)


if __name__ == "__main__":
    sys.exit(main())
