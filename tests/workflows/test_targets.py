"""Every ./pants target the workflows run or package exists."""

from __future__ import annotations

import re

import pytest

from tests.workflows.workflows import ACTIONS, REPO, WORKFLOWS, pants_targets

# The command contract (ARCHITECTURE.md "Commands" and the workflows issue): the targets the
# workflows may call. A workflow calling anything else is a typo or an undocumented command.
CONTRACT_TARGETS = {
    "src/python/runtime:lambda",
    "src/python/infra:synth",
    "src/python/tools:deploy-plan",
    "src/python/tools:persona",
    "src/python/tools:kb",
    "src/python/tools:check-config",
    "src/python/tools:validate-deployment",
    "src/python/tools:recovery",
    "src/python/tools:deployments",
}


def _called() -> dict[str, set[str]]:
    called: dict[str, set[str]] = {}
    for path in [*WORKFLOWS, *ACTIONS]:
        for target in pants_targets(path):
            called.setdefault(target, set()).add(path.name)
    return called


def test_the_workflows_call_the_pants_targets_at_all() -> None:
    # Guards the extraction below: if the pattern stopped matching, every other test would pass.
    assert {
        "src/python/runtime:lambda",
        "src/python/infra:synth",
        "src/python/tools:deploy-plan",
    } <= set(_called())


def test_every_called_target_is_in_the_command_contract() -> None:
    unknown = {t: sorted(files) for t, files in _called().items() if t not in CONTRACT_TARGETS}
    assert unknown == {}, f"not in the command contract: {unknown}"


@pytest.mark.parametrize("target", sorted(_called()))
def test_every_called_target_is_declared_in_its_build_file(target: str) -> None:
    folder, _, name = target.partition(":")
    build = REPO / folder / "BUILD"
    if not build.exists():
        pytest.fail(f"{target}: {folder}/BUILD does not exist: declare the target there")
    declared = re.findall(r"""\bname\s*=\s*["']([\w.-]+)["']""", build.read_text(encoding="utf-8"))
    assert name in declared, (
        f"{target} is called by {sorted(_called()[target])} but {folder}/BUILD declares "
        f"only {declared or 'unnamed targets'}: add e.g. pex_binary(name=\"{name}\", ...)"
    )
