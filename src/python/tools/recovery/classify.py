"""Classify a failed job's log into one of the recovery protocol's failure types."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

FailureType = Literal[
    "python_build_error",
    "go_build_error",
    "test_failure",
    "missing_variable",
    "region_unavailable",
    "access_denied",
    "quota_exceeded",
    "cloudformation_stack_exists",
    "template_validation",
    "unknown",
]

# Checked in this order: build and test failures first (a test's log may print AWS error codes
# it asserts on), then the deploy-time failures from the most to the least specific.
_RAW: tuple[tuple[FailureType, str], ...] = (
    (
        "python_build_error",
        r"(SyntaxError|IndentationError|ModuleNotFoundError|ImportError while importing"
        r"|No matching distribution found|Failed to resolve requirements"
        r"|\.py:\d+:(\d+:)? error:|Found \d+ errors? in \d+ files?"
        r"|error: could not build wheels"
        r"|ruff.* failed|mypy failed|lockfile .*(stale|out of date))",
    ),
    (
        "go_build_error",
        r"(\.go:\d+:\d+: |^go: |go build .*failed|cannot find package|undefined: \w+)",
    ),
    (
        "test_failure",
        r"(=+ FAILURES =+|^FAILED tests?/|\d+ failed(,| in )|AssertionError"
        r"|✕ .*failed|tests? failed|Test session .* failed)",
    ),
    (
        "missing_variable",
        r"(missing \(\d+\):|missing required (variable|secret)|Input required and not supplied"
        r"|variable .* (is )?not set|env(ironment)? variable .* (is )?(missing|empty))",
    ),
    (
        "region_unavailable",
        r"(not (supported|available|offered) in (this|the) region|is not offered in [a-z]{2}-"
        r"|Could not connect to the endpoint URL|UnrecognizedClientException.*region"
        r"|cannot be called from [a-z]{2}-)",
    ),
    (
        "access_denied",
        r"(AccessDenied|is not authorized to perform|UnauthorizedOperation"
        r"|Not authorized to perform sts:AssumeRoleWithWebIdentity|Could not assume role"
        r"|ExpiredToken|InvalidClientTokenId)",
    ),
    (
        "quota_exceeded",
        r"(LimitExceeded|ServiceQuotaExceeded|quota (exceeded|has been reached)"
        r"|TooManyRequestsException|maximum number of .* reached)",
    ),
    (
        "cloudformation_stack_exists",
        r"(AlreadyExistsException|already exists in stack|Stack \S+ already exists"
        r"|ROLLBACK_COMPLETE state and can not be updated|resource .* already exists)",
    ),
    (
        "template_validation",
        r"(Template format error|ValidationError|cfn-lint|AwsSolutions-\w+|E\d{4} |"
        r"jsii\.errors\.JSIIError|Synthesis failed|Invalid template)",
    ),
)
PATTERNS: tuple[tuple[FailureType, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, 0 if kind == "go_build_error" else re.IGNORECASE))
    for kind, pattern in _RAW
)
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z ")
EXCERPT_BEFORE = 10
EXCERPT_AFTER = 30
EXCERPT_MAX_CHARS = 6000


@dataclass(frozen=True)
class Classification:
    failure_type: FailureType
    line: int | None  # 1-based line of the first match, None for unknown
    excerpt: str

    def to_json(self) -> dict[str, object]:
        return {"failure_type": self.failure_type, "line": self.line, "excerpt": self.excerpt}


def clean(log: str) -> list[str]:
    """Log lines without colour codes and GitHub's timestamp prefixes."""
    return [_TIMESTAMP.sub("", _ANSI.sub("", line)) for line in log.splitlines()]


def classify(log: str) -> Classification:
    lines = clean(log)
    for kind, pattern in PATTERNS:
        for index, line in enumerate(lines):
            if pattern.search(line):
                return Classification(kind, index + 1, _excerpt(lines, index))
    return Classification("unknown", None, _tail(lines))


def _excerpt(lines: list[str], index: int) -> str:
    start = max(0, index - EXCERPT_BEFORE)
    text = "\n".join(lines[start : index + EXCERPT_AFTER])
    return text[:EXCERPT_MAX_CHARS]


def _tail(lines: list[str]) -> str:
    return "\n".join(lines[-(EXCERPT_BEFORE + EXCERPT_AFTER) :])[-EXCERPT_MAX_CHARS:]
