"""One CDK app holding every environment x agent backend, synthesized once per test process.

Stack names must differ between the two backends of one environment, so the bedrock-agents
copies use STACK_NAME=headset-agents. cdk-nag runs on the whole app as it does in `app.py`.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from infra.app import compose, create_app
from infra.config import ENVIRONMENTS, load_config

if TYPE_CHECKING:
    from pathlib import Path

    import aws_cdk as cdk

    from infra.app import Stacks

ACCOUNT = "123456789012"
INSTANCE_ARN = f"arn:aws:connect:us-east-1:{ACCOUNT}:instance/11111111-2222-3333-4444-555555555555"
QUEUE_ARN = f"{INSTANCE_ARN}/queue/66666666-7777-8888-9999-000000000000"
STACK_NAMES = {"converse": "headset-support", "bedrock-agents": "headset-agents"}

# prod gets every optional feature, dev none: both ends of the config are synthesized.
EXTRAS = {
    "dev": {},
    "staging": {
        "BUDGET_EMAIL": "support-ops@example.com",
        "SLACK_MODE": "webhook",
        "SLACK_WEBHOOK_URL": "https://hooks.example.com/alerts",
    },
    "prod": {
        "BUDGET_EMAIL": "support-ops@example.com",
        "PAGERDUTY_ENDPOINT_URL": "https://events.pagerduty.com/integration/abc/enqueue",
        "SLACK_MODE": "chatbot",
        "SLACK_WORKSPACE_ID": "T0123456789",
        "SLACK_CHANNEL_ID": "C0123456789",
        "CONNECT_INSTANCE_ARN": INSTANCE_ARN,
        "CONNECT_QUEUE_ARN": QUEUE_ARN,
    },
}


@dataclass
class Matrix:
    app: cdk.App
    outdir: Path
    stacks: dict[tuple[str, str], Stacks] = field(default_factory=dict)
    synth_seconds: float = 0.0

    def get(self, environment: str, backend: str) -> Stacks:
        return self.stacks[(environment, backend)]


def build_matrix(outdir: Path, lambda_zip: Path, agents_dir: Path) -> Matrix:
    os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
    app = create_app(outdir)
    matrix = Matrix(app=app, outdir=outdir)
    for backend, stack_name in STACK_NAMES.items():
        for environment in ENVIRONMENTS:
            overrides = {"STACK_NAME": stack_name, "AGENT_BACKEND": backend, **EXTRAS[environment]}
            config = load_config(environment, {"AWS_ACCOUNT": ACCOUNT, **overrides})
            matrix.stacks[(environment, backend)] = compose(
                app, config, lambda_zip=lambda_zip, agents_dir=agents_dir
            )
    started = time.monotonic()
    app.synth()
    matrix.synth_seconds = time.monotonic() - started
    return matrix
