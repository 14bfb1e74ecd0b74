"""What the GitHub access stack is made for: the repository, its environments and their names.

Each environment's resource names come from the same config as the app (`infra.config`), so the
deploy role of `prod` names exactly the table, bucket and function the prod stacks create.
`--context KEY=VALUE` sets a value for every environment, `--context ENV.KEY=VALUE` for one
(e.g. `prod.KB_S3_BUCKET_NAME=...`, the one name that usually differs between environments).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from infra.config import ENVIRONMENTS, ConfigError, EnvironmentConfig, load_config

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

REPOSITORY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+$")
OIDC_PROVIDER_ARN = re.compile(
    r"^arn:aws[a-z-]*:iam::\d{12}:oidc-provider/token\.actions\.githubusercontent\.com$"
)
# Context keys of the access stack itself (the other keys are the app's config names).
PROVIDER_KEY = "GITHUB_OIDC_PROVIDER_ARN"
WORKFLOWS_KEY = "GITHUB_SUBJECT_WORKFLOWS"
_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no", ""}


@dataclass(frozen=True)
class AccessConfig:
    repository: str
    environments: tuple[EnvironmentConfig, ...]
    oidc_provider_arn: str | None = None
    """An existing provider for token.actions.githubusercontent.com (one per account); else the
    stack creates it."""
    subject_workflows: bool = False
    """The repository's OIDC subject includes job_workflow_ref (docs/github-environments.md)."""

    @property
    def stack_name(self) -> str:
        return self.environments[0].stack_name


def access_config(
    repository: str, environments: Sequence[str], context: Mapping[str, str]
) -> AccessConfig:
    """The config of `--repository`, `--environment`s and `--context` pairs; ConfigError if bad."""
    if not REPOSITORY.match(repository):
        raise ConfigError(
            f"--repository {repository!r} is not OWNER/REPO (e.g. example-org/headset-support)"
        )
    if not environments:
        raise ConfigError("no environment given; pass --environment dev|staging|prod")
    shared: dict[str, str] = {}
    per_env: dict[str, dict[str, str]] = {env: {} for env in ENVIRONMENTS}
    for key, value in context.items():
        env, dot, name = key.partition(".")
        if dot and env in per_env:
            per_env[env][name] = value
        elif dot:
            raise ConfigError(
                f"--context {key}=...: {env!r} is not an environment; use one of "
                f"{', '.join(ENVIRONMENTS)} (e.g. prod.KB_S3_BUCKET_NAME=...)"
            )
        else:
            shared[key] = value
    provider = shared.pop(PROVIDER_KEY, "") or None
    if provider is not None and not OIDC_PROVIDER_ARN.match(provider):
        raise ConfigError(
            f"{PROVIDER_KEY} {provider!r} is not the ARN of a token.actions.githubusercontent.com "
            "OIDC provider (aws iam list-open-id-connect-providers shows it)"
        )
    workflows = shared.pop(WORKFLOWS_KEY, "false").strip().lower()
    if workflows not in _TRUE | _FALSE:
        raise ConfigError(f"{WORKFLOWS_KEY} must be true or false, not {workflows!r}")
    configs = tuple(load_config(env, {**shared, **per_env[env]}) for env in environments)
    if len({c.stack_name for c in configs}) > 1:
        raise ConfigError("STACK_NAME must be the same for every environment of one repository")
    if len({c.aws_account for c in configs}) > 1:
        raise ConfigError(
            "the environments name different AWS_ACCOUNTs; the roles live in one account: "
            "synthesize and deploy once per account, with --environment for its environments"
        )
    if len({c.environment for c in configs}) < len(configs):
        raise ConfigError("an environment is given twice")
    return AccessConfig(repository, configs, provider, workflows in _TRUE)
