"""failure-recovery.yml in nektos/act: the attempt count as the workflow computes it today (from
the recovery branch's `Recovery-Attempt` trailers, fetched from origin; here origin needs no
credentials), and where attempts 1, 5 and 6 go. tools:recovery runs for real (without Pants);
Claude Code, gh and the other actions are stubs. The recovery commit is really pushed."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.support.act import ActHarness, ActResult
from tests.support.repository import git
from tools.recovery.attempts import MAX_ATTEMPTS
from tools.recovery.prompt import commit_message

if TYPE_CHECKING:
    from pathlib import Path

RUN_ID = 4242
FAILED_LOG = (
    "build\tPackage the Lambda\t"
    "ResolveError: The address 3rdparty/platforms:lambda- does not exist\n"
)


def recover(tmp_path: Path, earlier_attempts: int) -> tuple[ActHarness, ActResult, str]:
    """A failed deploy run on `main` (no attempt yet) or on a recovery branch with
    `earlier_attempts` recovery commits; returns the harness, the result and the branch."""
    harness = ActHarness.create(tmp_path)
    harness.stubs.pants_real = ["src/python/tools:recovery"]
    harness.stubs.gh = {
        "run view --log-failed": {"stdout": FAILED_LOG},
        "run view --json": {"stdout": "package the Lambda and synthesize\n"},
    }
    harness.stubs.actions = {"anthropics/claude-code-action": {"append": {"README.md": "\nfix\n"}}}
    head_branch = "main"
    if earlier_attempts:
        head_branch = "recovery/4000"
        for n in range(1, earlier_attempts + 1):
            (harness.work / "README.md").write_text(f"attempt {n}\n", encoding="utf-8")
            git(
                harness.work,
                "commit",
                "--quiet",
                "--all",
                "--message",
                commit_message("unknown", "build", n, str(4000 + n)),
            )
        harness.push(f"HEAD:refs/heads/{head_branch}")
        git(harness.work, "checkout", "--quiet", "--detach", "origin/main")
    repository = {"full_name": "acme/headset-support", "default_branch": "main"}
    result = harness.run(
        "failure-recovery.yml",
        "workflow_run",
        payload={
            "workflow_run": {
                "id": RUN_ID,
                "name": "deploy",
                "conclusion": "failure",
                "head_branch": head_branch,
                "head_sha": git(harness.origin, "rev-parse", head_branch),
                "html_url": f"https://github.com/acme/headset-support/actions/runs/{RUN_ID}",
                "head_repository": repository,
            },
            "repository": repository,
        },
    )
    branch = f"recovery/{RUN_ID}" if head_branch == "main" else head_branch
    return harness, result, branch


@pytest.mark.parametrize(("earlier", "attempt"), [(0, 1), (MAX_ATTEMPTS - 1, MAX_ATTEMPTS)])
def test_an_attempt_within_the_limit_pushes_a_fix_to_the_recovery_branch(
    tmp_path: Path, earlier: int, attempt: int
) -> None:
    harness, result, branch = recover(tmp_path, earlier)
    assert result.job("triage").outputs == {"decision": "fix", "attempt": str(attempt)}
    assert result.job("fix").result == "success", result.step_output("fix")
    assert result.job("propose").result == "success", result.step_output("propose")
    assert result.job("escalate").result in {"skipped", "not run"}
    pushed = git(harness.origin, "log", "-1", "--format=%B", branch)
    assert f"Recovery-Attempt: {attempt}\n" in pushed + "\n"
    opened = "create" if attempt == 1 else "comment"  # the recovery branch's own PR is updated
    assert result.called("gh", "pr", opened)


def test_the_sixth_attempt_goes_to_a_person(tmp_path: Path) -> None:
    _, result, _ = recover(tmp_path, MAX_ATTEMPTS)
    assert result.job("triage").outputs == {"decision": "escalate", "attempt": str(MAX_ATTEMPTS)}
    assert result.job("escalate").result == "success", result.step_output("escalate")
    [issue] = result.called("gh", "issue", "create")
    assert issue.has("--label", "needs-human")
    assert result.job("fix").result in {"skipped", "not run"}
    assert not result.called("anthropics/claude-code-action")
