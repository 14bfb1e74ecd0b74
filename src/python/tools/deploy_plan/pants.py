"""Running Pants and git for the deploy plan: one Pants query, parsed once.

`./pants run ...:deploy-plan` holds its pantsd while the tool runs, so the query cannot use that
daemon. It gets its own (`.pids/deploy-plan` under the repository): the first plan on a machine
pays for Pants' start-up, later ones answer in seconds. With pantsd off (PANTS_PANTSD=false, or
pants.ci.toml) the query simply runs without one.
"""

from __future__ import annotations

import os
import subprocess
from typing import TYPE_CHECKING, Protocol

from tools.deploy_plan.graph import TouchedGraph
from tools.errors import UserError

if TYPE_CHECKING:
    from pathlib import Path

# The daemon of the nested query, apart from the outer `./pants run`'s (see the module docstring).
SUBPROCESS_DIR = ".pids/deploy-plan"


class Runner(Protocol):
    """Runs a command (argv[0] is ./pants or git) in the repository root; returns stdout."""

    def __call__(self, argv: list[str]) -> str: ...


class SubprocessRunner:
    def __init__(self, root: Path) -> None:
        self.root = root

    def __call__(self, argv: list[str]) -> str:
        env = None
        if argv[0] == "./pants":
            env = {**os.environ, "PANTS_SUBPROCESSDIR": str(self.root.resolve() / SUBPROCESS_DIR)}
            env.pop("PANTS_CONCURRENT", None)  # its own daemon: no need to run without one
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


def touched_graph(run: Runner, since: str, files: list[str]) -> TouchedGraph:
    """The targets changed since `since` and their transitive dependents, with their edges."""
    argv = ["./pants", f"--changed-since={since}", "--changed-dependents=transitive", "peek"]
    return TouchedGraph.from_peek(run(argv), files)


def changed_files(run: Runner, since: str) -> list[str]:
    """Files changed since `since` in the working tree, untracked files included (as Pants sees)."""
    changed = lines(run(["git", "diff", "--name-only", since, "--"]))
    untracked = lines(run(["git", "ls-files", "--others", "--exclude-standard"]))
    return sorted(set(changed) | set(untracked))
