"""Count earlier recovery attempts from `Recovery-Attempt: N` commit trailers."""

from __future__ import annotations

import re
import subprocess

from tools.errors import UserError

MAX_ATTEMPTS = 5
_TRAILER = re.compile(r"^Recovery-Attempt:\s*(\d+)\s*(?:/\s*\d+)?\s*$", re.MULTILINE)


def attempts_in(messages: str) -> int:
    """The highest attempt number in the commit messages (0 when there is none)."""
    return max((int(n) for n in _TRAILER.findall(messages)), default=0)


def git_messages(revision_range: str, cwd: str = ".") -> str:
    try:
        done = subprocess.run(
            ["git", "log", "--format=%B%n--", revision_range],
            cwd=cwd,
            capture_output=True,
            text=True,
            check=False,
        )
    except FileNotFoundError as e:
        raise UserError("git is not installed", "run where git is on PATH") from e
    if done.returncode != 0:
        raise UserError(
            f"git log {revision_range} failed: {done.stderr.strip()}",
            "fetch the branch first (actions/checkout with fetch-depth: 0)",
        )
    return done.stdout


def exhausted(previous: int) -> bool:
    return previous >= MAX_ATTEMPTS
