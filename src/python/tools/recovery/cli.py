"""`recovery classify | attempts | prompt | commit-message`: the failure-recovery protocol.

    recovery classify --log failed.log [--json]
    recovery attempts --range main..recovery/123      # prints the next attempt number or "escalate"
    recovery prompt --log failed.log --job deploy --previous 2 --run-url URL
    recovery commit-message --type test_failure --job deploy --previous 2 --run-id 123

After MAX_ATTEMPTS (5) earlier attempts, `attempts`, `prompt` and `commit-message` print
"escalate" and nothing else.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, get_args

from tools.console import Console, add_common, new_parser, run
from tools.errors import UserError
from tools.recovery.attempts import attempts_in, exhausted, git_messages
from tools.recovery.classify import FailureType, classify
from tools.recovery.prompt import build_prompt, commit_message

if TYPE_CHECKING:
    import argparse

ESCALATE = "escalate"


def main(argv: list[str] | None = None) -> int:
    parser = new_parser("recovery", "Classify failed CI jobs and drive bounded auto-recovery.")
    sub = parser.add_subparsers(dest="command", required=True)
    cl = sub.add_parser("classify", help="the failure type of a job log")
    at = sub.add_parser("attempts", help="the next attempt number, or 'escalate'")
    pr = sub.add_parser("prompt", help="fix instructions for the coding agent")
    cm = sub.add_parser("commit-message", help="the recovery commit message")
    for s in (cl, at, pr, cm):
        add_common(s)
    for s in (cl, pr):
        s.add_argument("--log", required=True, help="the failed job's log file, or - (stdin)")
    cl.add_argument("--json", action="store_true", help="print JSON with the excerpt")
    source = at.add_mutually_exclusive_group(required=True)
    source.add_argument("--range", help="git revision range to read trailers from")
    source.add_argument("--messages", help="file of commit messages (or -) instead of git")
    at.add_argument("--json", action="store_true", help="print JSON")
    for s in (pr, cm):
        s.add_argument("--job", required=True, help="the failed job's name")
        s.add_argument("--previous", type=int, default=0, help="earlier attempts (default: 0)")
    pr.add_argument("--run-url", help="link to the failed run")
    cm.add_argument("--type", required=True, choices=get_args(FailureType), help="failure type")
    cm.add_argument("--run-id", required=True, help="the failed run's id")
    cm.add_argument("--root-cause", default="", help="why the job failed (a short paragraph)")
    cm.add_argument("--fix", default="", help="what the change does (a short paragraph)")
    args = parser.parse_args(argv)
    console = Console()
    commands = {
        "classify": cmd_classify,
        "attempts": cmd_attempts,
        "prompt": cmd_prompt,
        "commit-message": cmd_commit_message,
    }
    return run(lambda: commands[args.command](args, console), debug=args.debug, console=console)


def cmd_classify(args: argparse.Namespace, console: Console) -> int:
    result = classify(_read(args.log))
    if args.json:
        console.json(result.to_json())
    else:
        console.print(result.failure_type)
    return 0


def cmd_attempts(args: argparse.Namespace, console: Console) -> int:
    messages = _read(args.messages) if args.messages else git_messages(args.range)
    previous = attempts_in(messages)
    if exhausted(previous):
        console.print(ESCALATE)
    elif args.json:
        console.json({"previous": previous, "next": previous + 1})
    else:
        console.print(str(previous + 1))
    return 0


def cmd_prompt(args: argparse.Namespace, console: Console) -> int:
    if _escalate(args, console):
        return 0
    result = classify(_read(args.log))
    console.print(build_prompt(result, args.job, args.previous + 1, args.run_url))
    return 0


def cmd_commit_message(args: argparse.Namespace, console: Console) -> int:
    if _escalate(args, console):
        return 0
    console.out.write(
        commit_message(
            args.type,
            args.job,
            args.previous + 1,
            args.run_id,
            root_cause=args.root_cause,
            fix=args.fix,
        )
    )
    return 0


def _escalate(args: argparse.Namespace, console: Console) -> bool:
    if args.previous < 0:
        raise UserError(f"--previous {args.previous} is negative", "pass 0 or more")
    if exhausted(args.previous):
        console.print(ESCALATE)
        return True
    return False


def _read(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError as e:
        raise UserError(f"cannot read {path}: {e.strerror}", "pass the log file or -") from e


if __name__ == "__main__":
    sys.exit(main())
