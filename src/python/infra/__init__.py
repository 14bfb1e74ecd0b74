"""The CDK app of the headset support agent: one stack per concern, per environment."""

from __future__ import annotations

from infra.config import ENVIRONMENTS, ConfigError, EnvironmentConfig, load_config
from infra.lambda_zip import LambdaZip, LambdaZipError, inspect_lambda_zip

__all__ = [
    "ENVIRONMENTS",
    "ConfigError",
    "EnvironmentConfig",
    "LambdaZip",
    "LambdaZipError",
    "inspect_lambda_zip",
    "load_config",
]
