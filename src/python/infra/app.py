"""The CDK app: read the environment config, create the stacks, synth. Nothing else.

    ./pants run src/python/infra:synth -- --environment dev [--outdir cdk.out]
        [--lambda-zip dist/src.python.runtime/lambda.zip] [--context KEY=VALUE ...]

Synth makes no AWS calls. cdk-nag's AwsSolutions checks run as a validation plugin and fail
the synth on any finding that is not acknowledged with a reason.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from infra.components.agent_instructions import InstructionError
from infra.components.function import BedrockAccess
from infra.config import ENVIRONMENTS, ConfigError, EnvironmentConfig, field_names, load_config
from infra.lambda_zip import LambdaZipError

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    import aws_cdk as cdk

    from infra.stacks.agents import AgentsStack
    from infra.stacks.contact import ContactStack
    from infra.stacks.data import DataStack
    from infra.stacks.knowledge import KnowledgeStack
    from infra.stacks.observability import ObservabilityStack
    from infra.stacks.runtime import RuntimeStack

# Feature flags a `cdk init` app would set in cdk.json (there is no cdk.json: app.py is the app).
FEATURE_FLAGS: dict[str, Any] = {
    "@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy": True,
    "@aws-cdk/aws-iam:minimizePolicies": True,
    "@aws-cdk/core:enablePartitionLiterals": True,
    "@aws-cdk/aws-lambda:recognizeLayerVersion": True,
    "@aws-cdk/aws-lambda:recognizeVersionProps": True,
}

DEFAULT_LAMBDA_ZIP = Path("dist/src.python.runtime/lambda.zip")
DEFAULT_OUTDIR = Path("cdk.out")


@dataclass(frozen=True)
class Stacks:
    data: DataStack
    knowledge: KnowledgeStack
    agents: AgentsStack
    runtime: RuntimeStack
    contact: ContactStack
    observability: ObservabilityStack

    def all(self) -> list[cdk.Stack]:
        return [
            self.data,
            self.knowledge,
            self.agents,
            self.runtime,
            self.contact,
            self.observability,
        ]


def create_app(outdir: Path | str, context: Mapping[str, Any] | None = None) -> cdk.App:
    os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")  # before jsii
    import aws_cdk as cdk
    from cdk_nag import AwsSolutionsChecks

    app = cdk.App(
        outdir=str(outdir),
        context={**FEATURE_FLAGS, **(context or {})},
        analytics_reporting=False,
    )
    cdk.Validations.of(app).add_plugins(AwsSolutionsChecks(app))
    return app


def config_from_app(app: cdk.App, environment: str) -> EnvironmentConfig:
    """The environment's config, overridden by any context key that names a config field."""
    overrides = {}
    for name in field_names():
        value = app.node.try_get_context(name)
        if value is not None:
            overrides[name] = value
    return load_config(environment, overrides)


def compose(
    app: cdk.App, config: EnvironmentConfig, *, lambda_zip: Path, agents_dir: Path | None = None
) -> Stacks:
    """Create every stack of one environment; references between them are typed."""
    from infra.stacks.agents import AgentsStack
    from infra.stacks.contact import ContactStack
    from infra.stacks.data import DataStack
    from infra.stacks.knowledge import KnowledgeStack
    from infra.stacks.observability import ObservabilityStack
    from infra.stacks.runtime import RuntimeStack

    if agents_dir is None:
        from runtime.content import content_root

        agents_dir = content_root() / "agents"
    data = DataStack(app, config=config)
    knowledge = KnowledgeStack(app, config=config, bucket=data.bucket)
    agents = AgentsStack(app, config=config, knowledge_base=knowledge.ref, agents_dir=agents_dir)
    supervisor = agents.supervisor
    runtime = RuntimeStack(
        app,
        config=config,
        lambda_zip=lambda_zip,
        table=data.table,
        bedrock=BedrockAccess(
            knowledge_base_id=knowledge.ref.knowledge_base_id,
            knowledge_base_arn=knowledge.ref.knowledge_base_arn,
            guardrail_id=agents.guardrail.guardrail_id,
            guardrail_arn=agents.guardrail.guardrail_arn,
            guardrail_version=agents.guardrail.guardrail_version,
            supervisor_agent_id=supervisor.agent_id if supervisor else None,
            supervisor_alias_id=supervisor.alias_id if supervisor else None,
            supervisor_alias_arn=supervisor.alias_arn if supervisor else None,
        ),
    )
    contact = ContactStack(app, config=config, handler=runtime.alias)
    observability = ObservabilityStack(app, config=config, handler=runtime.alias)
    return Stacks(data, knowledge, agents, runtime, contact, observability)


def parse_context(pairs: Sequence[str]) -> dict[str, str]:
    context = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise ConfigError(f"--context {pair!r}: use KEY=VALUE, e.g. LAMBDA_ARCHITECTURE=arm64")
        context[key] = value
    return context


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="synth", description="Synthesize the headset support agent's CDK app (no AWS calls)."
    )
    parser.add_argument("--environment", "-e", required=True, choices=ENVIRONMENTS)
    parser.add_argument(
        "--outdir",
        type=Path,
        default=DEFAULT_OUTDIR,
        help=f"cloud assembly folder (default {DEFAULT_OUTDIR})",
    )
    parser.add_argument(
        "--lambda-zip",
        type=Path,
        default=DEFAULT_LAMBDA_ZIP,
        help="zip from ./pants package src/python/runtime:lambda "
        f"(default {DEFAULT_LAMBDA_ZIP})",
    )
    parser.add_argument(
        "--context",
        "-c",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="override a config value (seed variable names), repeatable",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    started = time.monotonic()
    try:
        app = create_app(args.outdir, parse_context(args.context))
        config = config_from_app(app, args.environment)
        stacks = compose(app, config, lambda_zip=args.lambda_zip)
        app.synth()
    except (ConfigError, LambdaZipError, InstructionError) as e:
        print(f"synth: error: {e}", file=sys.stderr)
        return 1
    except Exception as e:  # jsii surfaces validation (cdk-nag) failures as a generic error
        if "ValidationFailed" in str(e):
            print(
                f"synth: error: validation failed (cdk-nag / CloudFormation):\n{e}", file=sys.stderr
            )
            return 1
        raise
    summary = {
        "environment": config.environment,
        "agent_backend": config.agent_backend,
        "lambda_architecture": config.lambda_architecture,
        "outdir": str(args.outdir),
        "stacks": [s.stack_name for s in stacks.all()],
        "seconds": round(time.monotonic() - started, 1),
    }
    print(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
