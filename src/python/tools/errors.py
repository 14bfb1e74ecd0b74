"""The one exception family a command turns into a clear message and exit code 1."""

from __future__ import annotations


class UserError(Exception):
    """Something the person running the command can fix: says what is wrong and how to fix it."""

    def __init__(self, problem: str, fix: str | None = None) -> None:
        super().__init__(problem if fix is None else f"{problem}\n  fix: {fix}")
        self.problem = problem
        self.fix = fix


class ConfigError(UserError):
    """A missing or invalid setting (argument, environment variable, SSM parameter)."""


class ContentError(UserError):
    """Content files that fail validation; `problems` lists every one of them."""

    def __init__(self, problem: str, problems: list[str], fix: str | None = None) -> None:
        super().__init__(problem + "".join(f"\n  - {p}" for p in problems), fix)
        self.problems = problems


class AwsError(UserError):
    """An AWS call failed; built by tools.aws.friendly() from a botocore error."""

    def __init__(self, problem: str, fix: str | None = None, code: str = "") -> None:
        super().__init__(problem, fix)
        self.code = code


class RefusedError(UserError):
    """The command refused to do something destructive without an explicit flag."""
