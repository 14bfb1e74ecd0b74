"""`deploy-plan --since REF`: which deploy units and CDK stacks a change touches, as JSON.

    ./pants run src/python/tools:deploy-plan -- --since origin/main --github-output "$GITHUB_OUTPUT"

Prints {"lambda": bool, "infra": bool, "personas": bool, "knowledge_base": bool,
"stacks": [...], "targets": [...]}; `stacks` in CDK dependency order, `infra` is `stacks != []`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tools.console import Console, new_parser, run
from tools.deploy_plan.pants import SubprocessRunner
from tools.deploy_plan.plan import LAMBDA_TARGET, make_plan
from tools.errors import UserError

if TYPE_CHECKING:
    from tools.deploy_plan.pants import Runner


def main(argv: list[str] | None = None, runner: Runner | None = None) -> int:
    parser = new_parser(
        "deploy-plan", "Which deploy units and CDK stacks a change touches (from Pants' graph)."
    )
    parser.add_argument("--since", required=True, help="git ref to compare with, e.g. origin/main")
    parser.add_argument("--github-output", type=Path, help="append unit=true|false lines here")
    parser.add_argument("--repo", type=Path, default=Path(), help="repository root (default: .)")
    parser.add_argument("--explain", action="store_true", help="also print why, on stderr")
    parser.add_argument("--lambda-target", default=LAMBDA_TARGET, help="the Lambda package target")
    args = parser.parse_args(argv)
    console = Console()

    def work() -> int:
        plan = make_plan(
            runner or SubprocessRunner(args.repo), args.since, lambda_target=args.lambda_target
        )
        for warning in plan.warnings:
            console.warn(warning)
        if args.explain:
            for key, why in plan.reasons.items():
                console.err.write(f"{key}: {'; '.join(why)}\n")
            console.err.write(f"{len(plan.targets)} targets touched, planned in {plan.seconds} s\n")
        console.json(plan.to_json())
        if args.github_output:
            try:
                with args.github_output.open("a", encoding="utf-8") as f:
                    f.write(plan.github_output())
            except OSError as e:
                raise UserError(f"cannot write {args.github_output}: {e}") from e
        return 0

    return run(work, debug=args.debug, console=console)


if __name__ == "__main__":
    sys.exit(main())
