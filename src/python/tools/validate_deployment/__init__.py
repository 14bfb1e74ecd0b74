"""`validate-deployment --environment ENV`."""

from tools.validate_deployment.checks import CheckResult, Clients, Settings, validate

__all__ = ["CheckResult", "Clients", "Settings", "validate"]
