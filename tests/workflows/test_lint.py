"""The workflows are valid GitHub Actions files and zizmor finds nothing left unexplained."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.workflows.workflows import ACTIONS, EXPECTED_WORKFLOWS, GITHUB, REPO, WORKFLOWS


def _tool(name: str) -> str:
    """The console script next to this interpreter (a venv or a Pants sandbox), else on PATH."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: add it to the test requirements (PyPI: {name})")
    return found


def test_every_workflow_the_design_names_exists() -> None:
    assert {p.name for p in WORKFLOWS} == EXPECTED_WORKFLOWS


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_matches_the_github_workflow_schema(path: Path) -> None:
    result = subprocess.run(
        [_tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", ACTIONS, ids=lambda p: p.parent.name)
def test_composite_action_matches_the_github_action_schema(path: Path) -> None:
    result = subprocess.run(
        [_tool("check-jsonschema"), "--builtin-schema", "vendor.github-actions", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("persona", ["regular", "pedantic"])
def test_zizmor_finds_nothing(persona: str) -> None:
    result = subprocess.run(
        [
            _tool("zizmor"),
            "--offline",
            "--no-progress",
            "--format",
            "json",
            "--persona",
            persona,
            "--config",
            str(GITHUB / "zizmor.yml"),
            str(GITHUB),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    findings = json.loads(result.stdout or "[]")
    summary = [
        f"{f['ident']}: {f['desc']} at "
        f"{f['locations'][0]['symbolic']['key'].get('Local', {}).get('verbatim_path')}:"
        f"{f['locations'][0]['concrete']['location']['start_point']['row'] + 1}"
        for f in findings
    ]
    assert summary == [], "\n".join(summary)
    assert result.returncode == 0, result.stderr


def test_every_zizmor_ignore_says_why() -> None:
    text = (GITHUB / "zizmor.yml").read_text(encoding="utf-8")
    config = yaml.safe_load(text)
    lines = text.splitlines()
    for rule, settings in config["rules"].items():
        # The comment block right above the rule (or above its ignore entry) is the reason.
        at = next(i for i, line in enumerate(lines) if line.strip() == f"{rule}:")
        entries = [lines[at - 1]] + [
            lines[i - 1]
            for i, line in enumerate(lines)
            if any(line.strip() == f"- {e}" for e in settings.get("ignore", []))
        ]
        reasons = [e for e in entries if e.strip().startswith("#")]
        assert reasons, f"zizmor.yml: the {rule} rule is silenced without a reason"


def test_run_lines_are_strings_and_quote_the_all_targets_spec() -> None:
    for path in [*WORKFLOWS, *ACTIONS]:
        raw = path.read_text(encoding="utf-8")
        assert " ::\n" not in raw and not raw.rstrip().endswith(
            " ::"
        ), f'{path.name}: quote the Pants spec as "::" in run lines'


@pytest.mark.parametrize("path", [*WORKFLOWS, *ACTIONS], ids=lambda p: p.name)
def test_third_party_actions_are_pinned_to_a_commit_with_its_version(path: Path) -> None:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        stripped = line.strip().removeprefix("- ")
        if not stripped.startswith("uses:"):
            continue
        ref = stripped.removeprefix("uses:").strip()
        if ref.startswith("./"):
            continue
        target, _, comment = ref.partition("#")
        _, _, sha = target.strip().partition("@")
        assert len(sha) == 40 and all(
            c in "0123456789abcdef" for c in sha
        ), f"{path.name}:{number}: pin {target.strip()} to a full commit SHA"
        assert comment.strip().startswith(
            "v"
        ), f"{path.name}:{number}: say which version the SHA is (# vX.Y.Z)"


def test_aws_access_is_by_oidc_role_only() -> None:
    for path in WORKFLOWS:
        text = path.read_text(encoding="utf-8")
        assert "aws-access-key-id" not in text and "AWS_SECRET_ACCESS_KEY" not in text, path.name
        if "configure-aws-credentials" in text:
            assert "role-to-assume" in text and "id-token: write" in text, path.name
