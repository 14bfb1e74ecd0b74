"""Stub actions and stub commands for running the workflows in nektos/act without the world.

Every action a workflow pins (`uses: OWNER/REPO[/PATH]@SHA`) gets a small Node action that logs
its inputs to $STUB_LOG and does the least the next steps need:

- actions/checkout fetches the ref (default: the run's commit) from the test's origin repository
  into the workspace, with full history and tags;
- actions/upload-artifact / download-artifact copy files to and from $STUB_ARTIFACTS/NAME;
- any action's answer in $STUB_CONFIG's "actions" (by OWNER/REPO[/PATH]) sets `outputs` and
  appends `append` texts to workspace files (e.g. a stub Claude Code that edits a file).

./pants, aws, npx and gh are tests/support/act/stub_command.py behind tiny wrappers.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
STUB_COMMAND = HERE / "stub_command.py"
COMMANDS = ("aws", "npx", "gh")
# `owner/repo[/sub/path]@<40 hex>`: a pinned remote action (local ./ actions are not).
USES = re.compile(r"^([\w.-]+/[\w.-]+)((?:/[\w.-]+)*)@([0-9a-f]{40})$")

STUB_ACTION_JS = r"""
const fs = require("fs");
const path = require("path");
const cp = require("child_process");
const env = process.env;
const action = __ACTION__;
const inputs = {};
for (const [k, v] of Object.entries(env)) {
  if (k.startsWith("INPUT_")) inputs[k.slice(6).toLowerCase().replace(/ /g, "_")] = v;
}
const record = {tool: "action", action, inputs, job: env.GITHUB_JOB || ""};
fs.appendFileSync(env.STUB_LOG, JSON.stringify(record) + "\n");
const config = JSON.parse(fs.readFileSync(env.STUB_CONFIG, "utf8"));
const answer = (config.actions || {})[action] || {};
const workspace = env.GITHUB_WORKSPACE;
const resolve = (p) => path.resolve(workspace, p.trim().replace(/^~(?=\/)/, env.HOME));
const git = (...args) => cp.execFileSync("git", args, {cwd: workspace, stdio: "inherit"});
if (action === "actions/checkout") {
  fs.mkdirSync(workspace, {recursive: true});
  git("init", "--quiet");
  try {
    git("remote", "add", "origin", env.STUB_ORIGIN_URL);
  } catch (e) {
    git("remote", "set-url", "origin", env.STUB_ORIGIN_URL);
  }
  const refspecs = ["+refs/heads/*:refs/remotes/origin/*", "+refs/tags/*:refs/tags/*"];
  git("fetch", "--quiet", "--force", "origin", ...refspecs);
  git("checkout", "--quiet", "--force", "--detach", inputs.ref || env.GITHUB_SHA);
} else if (action === "actions/upload-artifact") {
  const dest = path.join(env.STUB_ARTIFACTS, inputs.name || "artifact");
  fs.mkdirSync(dest, {recursive: true});
  for (const line of (inputs.path || "").split("\n").filter((l) => l.trim())) {
    const source = resolve(line);
    if (!fs.existsSync(source)) continue;
    const isDir = fs.statSync(source).isDirectory();
    const target = isDir ? dest : path.join(dest, path.basename(source));
    fs.cpSync(source, target, {recursive: true});
  }
} else if (action === "actions/download-artifact") {
  const source = path.join(env.STUB_ARTIFACTS, inputs.name || "artifact");
  const dest = resolve(inputs.path || ".");
  fs.mkdirSync(dest, {recursive: true});
  if (fs.existsSync(source)) fs.cpSync(source, dest, {recursive: true});
}
for (const [file, text] of Object.entries(answer.append || {})) {
  fs.appendFileSync(resolve(file), text);
}
const outputs = {"cache-hit": "false", ...(answer.outputs || {})};
for (const [k, v] of Object.entries(outputs)) fs.appendFileSync(env.GITHUB_OUTPUT, `${k}=${v}\n`);
"""


def _steps(data: dict[str, Any]) -> list[dict[str, Any]]:
    if "runs" in data:
        return list(data["runs"].get("steps") or [])
    return [s for job in (data.get("jobs") or {}).values() for s in job.get("steps") or []]


def pinned_actions(github_dir: Path) -> dict[str, dict[str, set[str]]]:
    """`OWNER/REPO@SHA` -> sub-path ("" for the root) -> the inputs steps give it (`with:`)."""
    found: dict[str, dict[str, set[str]]] = {}
    for path in sorted(github_dir.rglob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for step in _steps(data if isinstance(data, dict) else {}):
            match = USES.match(str(step.get("uses", "")))
            if match:
                repo, sub, sha = match.groups()
                inputs = found.setdefault(f"{repo}@{sha}", {}).setdefault(sub.lstrip("/"), set())
                inputs.update(step.get("with") or {})
    return found


def write_stub_actions(dest: Path, github_dir: Path) -> dict[str, Path]:
    """A stub action tree per pinned `OWNER/REPO@SHA` under `dest`; returns where each lives."""
    trees: dict[str, Path] = {}
    for pinned, subs in pinned_actions(github_dir).items():
        repo = pinned.split("@", 1)[0]
        tree = dest / pinned.replace("/", "+")
        for sub, inputs in subs.items():
            folder = tree / sub
            folder.mkdir(parents=True, exist_ok=True)
            name = f"{repo}/{sub}" if sub else repo
            # act hands a Node action only the inputs its action.yml declares.
            action = {
                "name": f"stub {name}",
                "inputs": {i: {"required": False} for i in sorted(inputs)},
                "runs": {"using": "node20", "main": "index.js"},
            }
            (folder / "action.yml").write_text(yaml.safe_dump(action), encoding="utf-8")
            (folder / "index.js").write_text(
                STUB_ACTION_JS.replace("__ACTION__", json.dumps(name)), encoding="utf-8"
            )
        trees[pinned] = tree
    return trees


def command_wrapper(name: str) -> str:
    """A shell script that runs the stub command as `name` with this interpreter."""
    return f'#!/bin/sh\nexec "{sys.executable}" "{STUB_COMMAND}" {name} "$@"\n'


def write_stub_commands(bin_dir: Path, names: tuple[str, ...] = COMMANDS) -> None:
    bin_dir.mkdir(parents=True, exist_ok=True)
    for name in names:
        path = bin_dir / name
        path.write_text(command_wrapper(name), encoding="utf-8")
        path.chmod(0o755)
