"""Running Pants and git for the deploy plan; a Runner is injectable so tests can fake it."""

from __future__ import annotations

import os
import subprocess
from typing import TYPE_CHECKING, Protocol

from tools.errors import UserError

if TYPE_CHECKING:
    from pathlib import Path


class Runner(Protocol):
    """Runs a command (argv[0] is ./pants or git) in the repository root; returns stdout."""

    def __call__(self, argv: list[str]) -> str: ...


class SubprocessRunner:
    def __init__(self, root: Path) -> None:
        self.root = root

    def __call__(self, argv: list[str]) -> str:
        # `./pants run ...:deploy-plan` holds the Pants lock while this runs: a nested Pants must
        # not wait for it, and must not talk to (or start) the outer run's pantsd.
        env = {**os.environ, "PANTS_CONCURRENT": "true"} if argv[0] == "./pants" else None
        try:
            done = subprocess.run(
                argv, cwd=self.root, env=env, capture_output=True, text=True, check=False
            )
        except FileNotFoundError as e:
            raise UserError(
                f"cannot run {argv[0]}: not found in {self.root}",
                "run from the repository root (or pass --repo)",
            ) from e
        if done.returncode != 0:
            tail = "\n".join(done.stderr.strip().splitlines()[-15:])
            raise UserError(
                f"`{' '.join(argv)}` failed (exit {done.returncode}):\n{tail}",
                "check the ref exists (git fetch --depth that includes it) and Pants runs",
            )
        return done.stdout


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def changed_targets(run: Runner, since: str) -> set[str]:
    """Targets owning changed files, plus their transitive dependents (Pants' own graph)."""
    return set(
        lines(
            run(["./pants", f"--changed-since={since}", "--changed-dependents=transitive", "list"])
        )
    )


def transitive_dependencies(run: Runner, target: str) -> set[str]:
    """`target` and everything it depends on, transitively."""
    return {target, *lines(run(["./pants", "dependencies", "--transitive", target]))}


def changed_files(run: Runner, since: str) -> list[str]:
    """Files changed since `since` in the working tree, untracked files included (as Pants sees)."""
    changed = lines(run(["git", "diff", "--name-only", since, "--"]))
    untracked = lines(run(["git", "ls-files", "--others", "--exclude-standard"]))
    return sorted(set(changed) | set(untracked))
