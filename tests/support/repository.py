"""A throwaway git repository holding this project's files, for tests that run the real thing.

The files come from the test's own sandbox: a test that calls `clone_repository` depends on the
root `//:repository` target (every file Pants and the workflows read), so Pants reruns it when
any of them changes. The clone has one commit, on `main`, by a fixed author.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The top-level entries of the repository (the `//:repository` target's globs, in the root BUILD).
ENTRIES = (
    ".github",
    ".gitignore",
    "3rdparty",
    "BUILD",
    "README.md",
    "content",
    "docs",
    "mypy.ini",
    "pants",
    "pants-plugins",
    "pants.ci.toml",
    "pants.toml",
    "ruff.toml",
    "src",
    "tests",
)
GIT_ENV = {
    "GIT_AUTHOR_NAME": "test",
    "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "test",
    "GIT_COMMITTER_EMAIL": "test@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_PAGER": "cat",
}


def git(repo: Path, *args: str) -> str:
    """Run git in `repo` with a fixed identity and no user or system config; return stdout."""
    env = {**os.environ, **GIT_ENV, "GIT_CONFIG_GLOBAL": os.devnull}
    done = subprocess.run(
        ["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)} failed in {repo}: {done.stderr.strip()}")
    return done.stdout.strip()


def clone_repository(dest: Path, source: Path = ROOT) -> Path:
    """Copy the project's files from `source` (default: the test sandbox) to `dest` and commit
    them on `main`; returns `dest`."""
    missing = [name for name in ENTRIES if not (source / name).exists()]
    if missing:
        raise RuntimeError(
            f"{missing} missing beside {source}: the test must depend on //:repository"
        )
    dest.mkdir(parents=True, exist_ok=True)
    for name in ENTRIES:
        if (source / name).is_dir():
            shutil.copytree(
                source / name, dest / name, ignore=shutil.ignore_patterns("__pycache__")
            )
        else:
            shutil.copy2(source / name, dest / name)
    git(dest, "init", "--quiet", "--initial-branch=main")
    git(dest, "add", "--all")
    git(dest, "commit", "--quiet", "--message", "baseline")
    return dest


def commit_all(repo: Path, message: str) -> str:
    """Commit every change in `repo`; returns the new commit's SHA."""
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--allow-empty", "--message", message)
    return git(repo, "rev-parse", "HEAD")


# Waits for the test process to end, then stops the clone's pantsd daemons (their pid files),
# even when Pants cancels the test before its fixtures tear down.
_WATCHDOG = """
import glob, os, signal, sys, time
test_pid, pids = int(sys.argv[1]), sys.argv[2]
while os.path.exists(f"/proc/{test_pid}"):
    time.sleep(1)
for pid_file in glob.glob(os.path.join(pids, "**", "pantsd", "pid"), recursive=True):
    try:
        os.kill(int(open(pid_file).read().strip()), signal.SIGTERM)
    except (OSError, ValueError):
        pass
"""


def stop_pantsd_after_this_process(pids_dir: Path) -> None:
    """When this process ends, however it ends, stop the pantsd daemons under `pids_dir`."""
    subprocess.Popen(
        [sys.executable, "-c", _WATCHDOG, str(os.getpid()), str(pids_dir)],
        start_new_session=True,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
