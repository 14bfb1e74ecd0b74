"""Check the deploy workflow's variables and secret names (every missing one at once) and region."""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from typing import Any

from tools import regions
from tools.constants import AGENT_BACKENDS
from tools.errors import UserError

REQUIRED_VARIABLES = (
    "AWS_REGION",
    "STACK_NAME",
    "SUPERVISOR_AGENT_NAME",
    "KB_S3_BUCKET_NAME",
    "LAMBDA_FUNCTION_NAME",
    "PERSONA_TABLE_NAME",
    "LEX_BOT_NAME",
    "CDK_ASSET_BUCKET",
    "BEDROCK_MODEL_SUPERVISOR",
    "BEDROCK_MODEL_SUBAGENT",
)
REQUIRED_SECRETS = ("AWS_DEPLOY_ROLE_ARN",)
LEGACY_ALIASES = {"CDK_ASSET_BUCKET": "SAM_S3_BUCKET"}
OPTIONAL_VARIABLES = ("AGENT_BACKEND", "CONNECT_INSTANCE_ARN", "CONNECT_QUEUE_ARN")
RECOVERY_PUSH_TOKEN = "RECOVERY_PUSH_TOKEN"
PR_SETTING = "Allow GitHub Actions to create and approve pull requests"
RECOVERY_WITHOUT_TOKEN = (
    f"{RECOVERY_PUSH_TOKEN} is not set, so failure-recovery opens its pull request with "
    f'GITHUB_TOKEN; that needs the repository setting "{PR_SETTING}" (Settings > Actions > '
    "General > Workflow permissions; off by default, and check-config cannot read it). Turn it "
    f"on, or set {RECOVERY_PUSH_TOKEN} (docs/variables.md)"
)


@dataclass
class ConfigReport:
    missing: list[str] = field(default_factory=list)
    region_problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    region: str | None = None
    agent_backend: str = "converse"

    @property
    def ok(self) -> bool:
        return not self.missing and not self.region_problems

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "missing": self.missing,
            "region": self.region,
            "agent_backend": self.agent_backend,
            "region_problems": self.region_problems,
            "warnings": self.warnings,
            "regions_as_of": regions.AS_OF,
        }


def parse_variables(text: str, source: str) -> dict[str, str]:
    """A JSON object of variable names to values (`toJSON(vars)`)."""
    data = _json(text, source)
    if not isinstance(data, dict):
        raise UserError(
            f"{source}: expected a JSON object of variable names to values, "
            f"got {type(data).__name__}",
            "pass the output of toJSON(vars)",
        )
    return {str(k): "" if v is None else str(v) for k, v in data.items()}


def parse_secret_names(text: str, source: str) -> set[str]:
    """Secret names: a JSON list of names, or an object whose keys are names (values ignored)."""
    data = _json(text, source)
    if isinstance(data, dict):
        return {str(k) for k, v in data.items() if v not in (None, "")}
    if isinstance(data, list) and all(isinstance(x, str) for x in data):
        return set(data)
    raise UserError(
        f"{source}: expected a JSON list of secret names",
        'pass e.g. ["AWS_DEPLOY_ROLE_ARN", "SLACK_WEBHOOK_URL"]',
    )


def check(
    variables: dict[str, str], secrets: set[str], agent_backend: str | None = None
) -> ConfigReport:
    present = {k for k, v in variables.items() if v.strip()} | secrets
    report = ConfigReport()
    for name in (*REQUIRED_VARIABLES, *REQUIRED_SECRETS):
        if name in present:
            continue
        legacy = LEGACY_ALIASES.get(name)
        if legacy and legacy in present:
            report.warnings.append(f"{legacy} is the seed's name; rename it to {name}")
            continue
        report.missing.append(name + (f" (or legacy {legacy})" if legacy else ""))
    if RECOVERY_PUSH_TOKEN not in secrets:
        report.warnings.append(RECOVERY_WITHOUT_TOKEN)
    known = {*REQUIRED_VARIABLES, *REQUIRED_SECRETS, *LEGACY_ALIASES.values(), *OPTIONAL_VARIABLES}
    for name in sorted(set(variables) - known):
        close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.85)
        if close:
            report.warnings.append(f"variable {name} looks like a misspelling of {close[0]}")
    backend = agent_backend or variables.get("AGENT_BACKEND", "").strip() or "converse"
    if backend not in AGENT_BACKENDS:
        report.region_problems.append(
            f"AGENT_BACKEND={backend} is not one of {', '.join(AGENT_BACKENDS)}"
        )
        return report
    report.agent_backend = backend
    region = variables.get("AWS_REGION", "").strip()
    if region:
        report.region = region
        models = [
            variables[m].strip()
            for m in ("BEDROCK_MODEL_SUPERVISOR", "BEDROCK_MODEL_SUBAGENT")
            if variables.get(m, "").strip()
        ]
        report.region_problems = regions.region_problems(region, backend, models)
        if report.region_problems:
            report.warnings.append(
                f"regions that offer everything ({backend}): "
                + ", ".join(regions.supported_regions(backend))
            )
        for model in regions.unknown_models(models):
            report.warnings.append(
                f"model {model} is not in the region table (as of {regions.AS_OF}); "
                "check it is offered in the region"
            )
    return report


def _json(text: str, source: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise UserError(
            f"{source}: not valid JSON (line {e.lineno}, column {e.colno}: {e.msg})",
            "pass JSON such as the output of toJSON(vars)",
        ) from e
