"""Which deploy units a change touches, from Pants' dependency graph.

- lambda: a changed target (or transitive dependent of a change) that `src/python/runtime:lambda`
  depends on, or the Lambda target itself.
- infra: a changed target under src/python/infra or content/agents, or one the infra app
  (`src/python/infra:synth`) depends on that the Lambda does not (code shared with the Lambda
  ships with the lambda unit, which the CDK runtime stack deploys).
- personas / knowledge_base: a changed target under content/personas / content/knowledge-base.

Build settings Pants cannot attribute to a target count explicitly: pants.toml (and the ./pants
launcher) touch every unit; lockfiles and 3rdparty/ touch lambda and infra (Pants also marks the
requirement targets they change). A changed file under a unit's folder that no Pants target owns
still marks its unit (with a warning), so a missing BUILD target never skips a deploy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tools.deploy_plan.pants import changed_files, changed_targets, transitive_dependencies

if TYPE_CHECKING:
    from tools.deploy_plan.pants import Runner

LAMBDA_TARGET = "src/python/runtime:lambda"
INFRA_TARGET = "src/python/infra:synth"
UNITS = ("lambda", "infra", "personas", "knowledge_base")
FOLDERS = {
    "infra": ("src/python/infra", "content/agents"),
    "personas": ("content/personas",),
    "knowledge_base": ("content/knowledge-base",),
}
EVERYTHING = ("pants.toml", "pants.ci.toml", "pants")  # build configuration for all targets
DEPENDENCIES = ("3rdparty/",)
LOCKFILE_SUFFIXES = (".lock",)


@dataclass(frozen=True)
class DeployPlan:
    units: dict[str, bool]
    targets: list[str]
    reasons: dict[str, list[str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {**self.units, "targets": self.targets}

    def github_output(self) -> str:
        return "".join(f"{unit}={str(self.units[unit]).lower()}\n" for unit in UNITS)


def under(path: str, folder: str) -> bool:
    """Is the target address or file path inside `folder`?"""
    return path == folder or path.startswith((folder + "/", folder + ":"))


def make_plan(
    run: Runner,
    since: str,
    *,
    lambda_target: str = LAMBDA_TARGET,
    infra_target: str = INFRA_TARGET,
) -> DeployPlan:
    targets = changed_targets(run, since)
    files = changed_files(run, since)
    units = dict.fromkeys(UNITS, False)
    reasons: dict[str, list[str]] = {u: [] for u in UNITS}
    warnings: list[str] = []

    def mark(unit: str, why: str) -> None:
        units[unit] = True
        reasons[unit].append(why)

    config = [f for f in files if f in EVERYTHING]
    if config:
        for unit in UNITS:
            mark(unit, f"build configuration changed: {', '.join(config)}")
    deps = [f for f in files if f.startswith(DEPENDENCIES) or f.endswith(LOCKFILE_SUFFIXES)]
    if deps:
        for unit in ("lambda", "infra"):
            mark(unit, f"third-party requirements changed: {', '.join(deps)}")

    if targets:
        lambda_closure = transitive_dependencies(run, lambda_target)
        for t in sorted(targets & lambda_closure):
            mark("lambda", t)
        infra_closure = transitive_dependencies(run, infra_target) - lambda_closure
        for t in sorted(targets & infra_closure):
            mark("infra", t)
    for unit, folders in FOLDERS.items():
        for t in sorted(targets):
            if any(under(t, f) for f in folders):
                mark(unit, t)
        for f in files:
            if any(under(f, folder) for folder in folders) and not any(
                _owns(t, f) for t in targets
            ):
                mark(unit, f)
                warnings.append(
                    f"{f} changed but no changed Pants target owns it; add a BUILD target "
                    "for it (counted for the plan anyway)"
                )
    return DeployPlan(
        units,
        sorted(targets),
        {u: sorted(set(r)) for u, r in reasons.items() if r},
        sorted(set(warnings)),
    )


def _owns(target: str, file: str) -> bool:
    """Does the address plausibly own `file`? File-level addresses name it; others own their dir."""
    path = target.split(":", 1)[0]
    if path == file:
        return True
    directory = file.rsplit("/", 1)[0] if "/" in file else ""
    return ":" in target and (path == directory or under(directory, path))
