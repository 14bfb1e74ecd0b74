"""The GitHub access stack: the OIDC provider and the environments' deploy roles."""

from infra.access.config import AccessConfig, access_config
from infra.access.permissions import Grant, deploy_grants
from infra.access.stack import ROLE_WORKFLOWS, GitHubAccessStack, subjects

__all__ = [
    "ROLE_WORKFLOWS",
    "AccessConfig",
    "GitHubAccessStack",
    "Grant",
    "access_config",
    "deploy_grants",
    "subjects",
]
