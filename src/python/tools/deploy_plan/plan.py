"""Which deploy units and CDK stacks a change touches, from Pants' dependency graph.

A unit or stack is touched when a changed target lies in the closure of one of its roots: the
Lambda package for `lambda`, the stack's module (`src/python/infra/stacks/NAME.py`) for a stack,
and also the Lambda package for the runtime stack, which deploys the zip (a BUILD dependency would
not do: the Lambda target's `!!` excludes would apply to every closure reaching it); the content
folder for `personas` and `knowledge_base`. The CDK app's own module (`app.py` composes every
stack) is no root: a change to it touches every stack, being a dependent of one touches nothing.

Build settings Pants cannot attribute to a target count explicitly: pants.toml, pants.ci.toml,
the ./pants launcher and its pinned requirements touch everything. Lockfiles and requirements are
targets (Pants marks what uses them). A changed file under a unit's folder that no Pants target
owns still counts (with a warning), so a missing BUILD target never skips a deploy.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tools.deploy_plan.graph import under
from tools.deploy_plan.pants import changed_files, touched_graph

if TYPE_CHECKING:
    from tools.deploy_plan.graph import TouchedGraph
    from tools.deploy_plan.pants import Runner

LAMBDA_TARGET = "src/python/runtime:lambda"
APP_MODULE = "src/python/infra/app.py"
STACKS_DIR = "src/python/infra/stacks"
# CDK dependency order: data -> knowledge -> agents -> runtime -> contact, observability.
STACKS = ("data", "knowledge", "agents", "runtime", "contact", "observability")
UNITS = ("lambda", "infra", "personas", "knowledge_base")
CONTENT = {"personas": "content/personas", "knowledge_base": "content/knowledge-base"}
# Files and folders (trailing /) that configure the build itself: they touch everything.
EVERYTHING = ("pants.toml", "pants.ci.toml", "pants", "3rdparty/pants/")
# Safety net for changed files no target owns: what their folder would have touched.
UNOWNED: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {  # folder: (units, stacks)
    "content/personas": (("personas",), ()),
    "content/knowledge-base": (("knowledge_base",), ()),
    "content/agents": ((), ("agents",)),
    "src/python/runtime": (("lambda",), ("runtime",)),
    "src/python/infra": ((), STACKS),
}


def stack_roots(name: str, lambda_target: str) -> tuple[str, ...]:
    module = f"{STACKS_DIR}/{name}.py"
    return (module, lambda_target) if name == "runtime" else (module,)


@dataclass(frozen=True)
class DeployPlan:
    units: dict[str, bool]
    stacks: list[str]
    targets: list[str]
    reasons: dict[str, list[str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {**self.units, "stacks": self.stacks, "targets": self.targets}

    def github_output(self) -> str:
        units = "".join(f"{unit}={str(self.units[unit]).lower()}\n" for unit in UNITS)
        return units + f"stacks={','.join(self.stacks)}\n"


def make_plan(run: Runner, since: str, *, lambda_target: str = LAMBDA_TARGET) -> DeployPlan:
    started = time.monotonic()
    files = changed_files(run, since)
    plan = plan_from(touched_graph(run, since, files), files, lambda_target=lambda_target)
    return dataclasses.replace(plan, seconds=round(time.monotonic() - started, 1))


def plan_from(
    graph: TouchedGraph, files: list[str], *, lambda_target: str = LAMBDA_TARGET
) -> DeployPlan:
    reasons: dict[str, set[str]] = {}
    warnings: list[str] = []

    def mark(key: str, why: str) -> None:
        reasons.setdefault(key, set()).add(why)

    def mark_root(key: str, root: str) -> None:
        for change in graph.changes_reaching(root):
            mark(key, change if change == root else f"{change} (via {root})")
        if root in graph and key not in reasons:  # e.g. a deleted file: Pants names no owner
            mark(key, f"{root} depends on a change")

    config = [f for f in files if _configures_the_build(f)]
    for key in (*UNITS, *STACKS):
        if config:
            mark(key, f"build configuration changed: {', '.join(config)}")
    if APP_MODULE in graph.changed:
        for name in STACKS:
            mark(name, f"{APP_MODULE} (the CDK app composes every stack)")
    mark_root("lambda", lambda_target)
    for name in STACKS:
        for root in stack_roots(name, lambda_target):
            mark_root(name, root)
    for unit, folder in CONTENT.items():
        for target in graph.under(folder):
            mark_root(unit, target)
    for folder, (folder_units, folder_stacks) in UNOWNED.items():
        keys = (*folder_units, *folder_stacks)
        for f in files:
            if under(f, folder) and not _owned(graph, f):
                for key in keys:
                    mark(key, f)
                warnings.append(
                    f"{f} changed but no target in the plan owns it (deleted, or no BUILD "
                    f"target covers it); counted for {', '.join(keys)}"
                )

    stacks = [name for name in STACKS if name in reasons]
    if stacks:
        mark("infra", f"stacks: {', '.join(stacks)}")
    units = {unit: unit in reasons for unit in UNITS}
    return DeployPlan(
        units,
        stacks,
        graph.addresses(),
        {key: sorted(why) for key, why in reasons.items()},
        sorted(set(warnings)),
    )


def _configures_the_build(file: str) -> bool:
    return any(file == e or (e.endswith("/") and file.startswith(e)) for e in EVERYTHING)


def _owned(graph: TouchedGraph, file: str) -> bool:
    return any(file in (t.sources or []) for t in graph.targets.values())
