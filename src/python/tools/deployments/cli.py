"""`deployments record | rollback | show`: what each commit left live, and going back to it.

./pants run src/python/tools:deployments -- record --environment staging --commit SHA
./pants run src/python/tools:deployments -- rollback --environment prod --commit SHA --dry-run
./pants run src/python/tools:deployments -- show --environment prod [--commit SHA]
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import TYPE_CHECKING

from tools.aws import client, region_from
from tools.console import Console, add_common, new_parser, run, table
from tools.constants import ENVIRONMENTS
from tools.deployments.constants import DEFAULT_AGENT_WAIT_SECONDS, latest_parameter
from tools.deployments.live import Clients
from tools.deployments.record import read_live, record
from tools.deployments.rollback import apply_rollback, load_record, plan_rollback
from tools.deployments.store import RecordStore
from tools.deployments.types import COMMIT_PATTERN, DeploymentRecord
from tools.errors import UserError

if TYPE_CHECKING:
    from tools.deployments.rollback import Shift


def main(argv: list[str] | None = None, clients: Clients | None = None) -> int:
    parser = new_parser(
        "deployments", "Record what a deploy left live; roll an environment back to a record."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    rec = sub.add_parser("record", help="store the versions live now as this commit's record")
    back = sub.add_parser("rollback", help="point the aliases back to a commit's record")
    show = sub.add_parser("show", help="print a commit's record (default: the latest)")
    for s in (rec, back, show):
        add_common(s)
        s.add_argument("--environment", required=True, choices=ENVIRONMENTS)
        s.add_argument("--region", help="AWS region (default: $AWS_REGION)")
        s.add_argument("--json", action="store_true", help="print JSON")
    for s in (rec, back):
        s.add_argument("--commit", required=True, type=_commit, help="full git commit SHA")
        s.add_argument("--tag", help="the git tag of the commit, if any (shown in messages)")
    show.add_argument("--commit", type=_commit, help="commit SHA (default: deployments/latest)")
    rec.add_argument("--function-name", help="Lambda name (default: from SSM)")
    rec.add_argument("--run-url", help="the workflow run that deployed (stored in the record)")
    back.add_argument(
        "--dry-run", action="store_true", help="show what would change, change nothing"
    )
    back.add_argument(
        "--wait",
        type=float,
        default=DEFAULT_AGENT_WAIT_SECONDS,
        help="seconds to wait for shifted agent aliases to be PREPARED (default: 180)",
    )
    back.add_argument("--poll-interval", type=float, default=5.0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    console = Console()
    commands = {"record": cmd_record, "rollback": cmd_rollback, "show": cmd_show}

    def work() -> int:
        return commands[args.command](args, console, clients or _clients(args))

    return run(work, debug=args.debug, console=console)


def cmd_record(args: argparse.Namespace, console: Console, clients: Clients) -> int:
    live = read_live(
        clients,
        args.environment,
        args.commit,
        tag=args.tag,
        run_url=args.run_url,
        function=args.function_name,
    )
    name = record(clients, live)
    if args.json:
        console.json({"ok": True, "parameter": name, "record": live.model_dump(mode="json")})
    else:
        _print_record(console, live)
        console.ok(f"recorded {name}; {latest_parameter(args.environment)} = {args.commit}")
    return 0


def cmd_rollback(args: argparse.Namespace, console: Console, clients: Clients) -> int:
    label = f"{args.tag} ({args.commit})" if args.tag else args.commit
    store = RecordStore(clients.ssm, args.environment)
    target = load_record(store, args.commit, label)
    plan = plan_rollback(clients, target)
    if not args.json:
        rows = [
            [s.target, s.current, s.wanted, "shift" if s.needed else "already there"]
            for s in plan.shifts
        ]
        console.print(f"rollback of {args.environment} to {label}:")
        console.print(table(rows, ["alias", "now", "recorded", "action"]))
    if args.dry_run:
        if args.json:
            console.json(_rollback_json(args, plan.shifts, dry_run=True, shifted=[]))
        else:
            console.print(console.paint("dry run: nothing changed", "yellow"))
        return 0
    done = apply_rollback(clients, plan, wait_seconds=args.wait, poll_interval=args.poll_interval)
    if args.json:
        console.json(_rollback_json(args, plan.shifts, dry_run=False, shifted=done))
    else:
        console.ok(
            f"{args.environment} is back on {label}: shifted {len(done)} alias(es), "
            f"{len(plan.shifts) - len(done)} already there; "
            f"{latest_parameter(args.environment)} = {args.commit}"
        )
    return 0


def cmd_show(args: argparse.Namespace, console: Console, clients: Clients) -> int:
    store = RecordStore(clients.ssm, args.environment)
    commit = args.commit or store.latest()
    if commit is None:
        raise UserError(
            f"no deployments recorded in {args.environment} yet "
            f"({latest_parameter(args.environment)} does not exist)",
            "deploy through deploy.yml (its verify job records), or pass --commit",
        )
    found = load_record(store, commit, commit)
    if args.json:
        console.json(found.model_dump(mode="json"))
    else:
        _print_record(console, found)
    return 0


def _print_record(console: Console, r: DeploymentRecord) -> None:
    console.print(f"{r.environment} @ {r.commit}" + (f" ({r.tag})" if r.tag else ""))
    console.print(
        f"  recorded {r.recorded_at.isoformat()}" + (f" by {r.run_url}" if r.run_url else "")
    )
    rows = [[f"Lambda {r.lambda_function}", "live", r.lambda_version]]
    rows += [[f"{a.role} agent {a.agent_id}", a.alias_id, a.agent_version] for a in r.agents]
    console.print(table(rows, ["what", "alias", "version"]))


def _rollback_json(
    args: argparse.Namespace, shifts: list[Shift], *, dry_run: bool, shifted: list[Shift]
) -> dict[str, object]:
    return {
        "ok": True,
        "environment": args.environment,
        "commit": args.commit,
        "tag": args.tag,
        "dry_run": dry_run,
        "plan": [s.to_json() for s in shifts],
        "shifted": [s.target for s in shifted],
    }


def _clients(args: argparse.Namespace) -> Clients:
    region = region_from(args.region)
    return Clients(
        ssm=client("ssm", region),
        lambda_=client("lambda", region),
        bedrock_agent=client("bedrock-agent", region),
    )


def _commit(text: str) -> str:
    if not re.match(COMMIT_PATTERN, text):
        raise argparse.ArgumentTypeError(
            f"not a git commit SHA: {text!r} (give the full SHA, e.g. from git rev-parse HEAD)"
        )
    return text


if __name__ == "__main__":
    sys.exit(main())
