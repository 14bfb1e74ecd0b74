"""What an act run did: job results and outputs (from `act --json -v`) and the stub log."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from pathlib import Path

UNSUPPORTED = "Skipping unsupported platform"
# act logs each job output's expression as it evaluates it, in the job's "Complete job" step.
_REWRITTEN = re.compile(r"^expression '(.*)' rewritten to '(.*)'$", re.DOTALL)
_EVALUATED = re.compile(r"^expression '(.*)' evaluated to '%!t\((\w+)=(.*)\)'$", re.DOTALL)


class ActRunError(AssertionError):
    """act could not run the workflow as asked (not a job failing: that is a result)."""


@dataclass(frozen=True)
class StubCall:
    """One call of a stub: a command (pants, aws, npx, gh) or an action."""

    tool: str
    job: str
    argv: list[str] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)
    action: str = ""
    inputs: dict[str, str] = field(default_factory=dict)

    def has(self, *words: str) -> bool:
        """Do the arguments contain `words` in this order, next to each other?"""
        n = len(words)
        return any(self.argv[i : i + n] == list(words) for i in range(len(self.argv) - n + 1))


@dataclass(frozen=True)
class JobResult:
    result: str  # success, failure, skipped, or "not run" when act never reached it
    outputs: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ActResult:
    exit_code: int
    jobs: dict[str, JobResult]
    calls: list[StubCall]
    lines: list[dict[str, Any]]
    stderr: str

    def job(self, job_id: str) -> JobResult:
        return self.jobs.get(job_id, JobResult("not run"))

    def results(self) -> dict[str, str]:
        return {job: r.result for job, r in sorted(self.jobs.items())}

    def called(self, tool: str, *words: str, job: str | None = None) -> list[StubCall]:
        """Calls of `tool` (or of the action named `tool`) whose arguments contain `words`."""
        return [
            c
            for c in self.calls
            if (c.tool == tool or c.action == tool)
            and c.has(*words)
            and (job is None or c.job == job)
        ]

    def step_output(self, job_id: str) -> str:
        """Everything the job's steps printed (for failure messages)."""
        return "".join(
            str(line.get("msg", "")) for line in self.lines if line.get("jobID") == job_id
        )


def _job_outputs(workflow: Path, lines: list[dict[str, Any]]) -> dict[str, dict[str, str]]:
    data = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    outputs: dict[str, dict[str, str]] = {}
    for job_id, job in (data.get("jobs") or {}).items():
        wanted = {str(v).strip(): k for k, v in (job.get("outputs") or {}).items()}
        rewritten: dict[str, str] = {}
        for line in lines:
            if line.get("jobID") != job_id or "--complete-job" not in (line.get("stepid") or []):
                continue
            msg = str(line.get("msg", ""))
            if m := _REWRITTEN.match(msg):
                if m.group(1) in wanted:
                    rewritten[m.group(2)] = wanted[m.group(1)]
            elif (m := _EVALUATED.match(msg)) and m.group(1) in rewritten:
                outputs.setdefault(job_id, {})[rewritten[m.group(1)]] = m.group(3)
    return outputs


def parse_act_log(
    stdout: str, stderr: str, exit_code: int, *, workflow: Path, stub_log: str
) -> ActResult:
    lines = []
    for raw in stdout.splitlines():
        try:
            lines.append(json.loads(raw))
        except json.JSONDecodeError:
            lines.append({"msg": raw})
    if UNSUPPORTED in stdout or UNSUPPORTED in stderr:
        skipped = sorted({str(x.get("jobID")) for x in lines if UNSUPPORTED in str(x.get("msg"))})
        raise ActRunError(f"act skipped jobs {skipped}: {UNSUPPORTED} (map every runs-on label)")
    results = {str(x["jobID"]): str(x["jobResult"]) for x in lines if "jobResult" in x}
    if not results:
        raise ActRunError(f"act ran no job (exit {exit_code}):\n{stderr[-3000:]}")
    outputs = _job_outputs(workflow, lines)
    jobs = {job: JobResult(result, outputs.get(job, {})) for job, result in results.items()}
    calls = [_call(json.loads(raw)) for raw in stub_log.splitlines() if raw.strip()]
    return ActResult(exit_code, jobs, calls, lines, stderr)


def _call(record: dict[str, Any]) -> StubCall:
    return StubCall(
        tool=record["tool"],
        job=record.get("job", ""),
        argv=list(record.get("argv", [])),
        env=dict(record.get("env", {})),
        action=record.get("action", ""),
        inputs=dict(record.get("inputs", {})),
    )
