"""Synthesize the GitHub access stack, which an administrator deploys once (not the workflows).

    ./pants run src/python/infra:access -- --repository OWNER/REPO [--outdir cdk.out.access]
        [--environment dev --environment staging --environment prod]
        [--context KEY=VALUE | ENV.KEY=VALUE ...]
    npx aws-cdk@2.1148.1 deploy --app cdk.out.access --all

Like the app's synth: no AWS calls, cdk-nag fails the synth on any unacknowledged finding.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from infra.access.config import access_config
from infra.app import create_app, parse_context
from infra.config import ENVIRONMENTS, ConfigError

if TYPE_CHECKING:
    from collections.abc import Sequence

DEFAULT_OUTDIR = Path("cdk.out.access")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="access",
        description="Synthesize the GitHub OIDC provider and the deploy role of each environment.",
    )
    parser.add_argument("--repository", required=True, help="OWNER/REPO on GitHub")
    parser.add_argument(
        "--environment",
        "-e",
        action="append",
        choices=ENVIRONMENTS,
        help="an environment to make a role for, repeatable (default: all three)",
    )
    parser.add_argument(
        "--outdir", type=Path, default=DEFAULT_OUTDIR, help=f"default {DEFAULT_OUTDIR}"
    )
    parser.add_argument(
        "--context",
        "-c",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a config value for every environment, or ENV.KEY=VALUE for one; also "
        "GITHUB_OIDC_PROVIDER_ARN=ARN (reuse the account's provider) and "
        "GITHUB_SUBJECT_WORKFLOWS=true (docs/github-environments.md)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from infra.access.stack import GitHubAccessStack

    args = _parser().parse_args(argv)
    try:
        access = access_config(
            args.repository, args.environment or ENVIRONMENTS, parse_context(args.context)
        )
        app = create_app(args.outdir)
        stack = GitHubAccessStack(app, access=access)
        app.synth()
    except ConfigError as e:
        print(f"access: error: {e}", file=sys.stderr)
        return 1
    except Exception as e:  # jsii surfaces validation (cdk-nag) failures as a generic error
        if "ValidationFailed" in str(e):
            print(f"access: error: validation failed (cdk-nag):\n{e}", file=sys.stderr)
            return 1
        raise
    summary = {
        "stack": stack.stack_name,
        "outdir": str(args.outdir),
        "roles": {c.environment: c.name("deploy") for c in access.environments},
    }
    print(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
