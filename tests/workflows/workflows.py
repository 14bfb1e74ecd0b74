"""Reading the repository's GitHub Actions files for the workflow tests."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[2]
GITHUB = REPO / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
ACTIONS = sorted((GITHUB / "actions").glob("*/action.yml"))
EXPECTED_WORKFLOWS = {
    "pr-validation.yml",
    "deploy.yml",
    "knowledge-base-sync.yml",
    "rollback.yml",
    "failure-recovery.yml",
}

# `./pants run|package ADDRESS` in a run line (ARCHITECTURE.md's command contract).
PANTS_TARGET = re.compile(
    r"\./pants\s+(?:[-\w=]+\s+)*?(?:run|package)\s+(src/python/[\w/]+:[\w-]+)"
)
CONTEXT_REF = re.compile(r"(?<![\w/.$-])(vars|secrets)\.([A-Za-z_][A-Za-z0-9_]*)")


def load(path: Path) -> dict[str, Any]:
    """The parsed file; PyYAML reads the key `on` as True, so it is put back under "on"."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path}: not a YAML mapping"
    if True in data:
        data["on"] = data.pop(True)
    return data


def steps(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Every step of a workflow's jobs, or of a composite action."""
    if "runs" in data:
        return list(data["runs"].get("steps", []))
    return [s for job in data.get("jobs", {}).values() for s in job.get("steps", [])]


def run_lines(path: Path) -> list[str]:
    return [s["run"] for s in steps(load(path)) if "run" in s]


def pants_targets(path: Path) -> set[str]:
    return {m.group(1) for run in run_lines(path) for m in PANTS_TARGET.finditer(run)}


def context_refs(path: Path) -> set[tuple[str, str]]:
    """(context, name) for every `vars.X` and `secrets.X` in the file (GITHUB_TOKEN excluded)."""
    text = path.read_text(encoding="utf-8")
    return {(c, n) for c, n in CONTEXT_REF.findall(text) if n != "GITHUB_TOKEN"}
