"""`check-config`."""

from tools.check_config.check import ConfigReport, check, parse_secret_names, parse_variables

__all__ = ["ConfigReport", "check", "parse_secret_names", "parse_variables"]
