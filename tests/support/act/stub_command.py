"""A stand-in for ./pants, aws, npx and gh inside workflows run by nektos/act.

Run as a script (`python stub_command.py NAME ARGS...`, through the small wrappers the harness
writes): it appends one JSON line to $STUB_LOG with the command, its arguments, the job and the
environment, then answers from $STUB_CONFIG (JSON):

    {"pants": {"src/python/tools:deploy-plan": {"github_output": "...", "stdout": "...",
                                                 "exit": 0}},
     "pants_real": ["src/python/tools:recovery"],
     "aws": {"ssm get-parameter": {"stdout": "..."}}, "gh": {...}, "npx": {...}}

A `pants` answer is chosen by the target after `run` or `package`; for the others, by the key
with the most words that all appear among the arguments ("run view --log-failed").
`github_output` is appended to the file after `--github-output` (or to $GITHUB_OUTPUT). A
target in `pants_real` runs the project's own module (`python -m tools.NAME.cli ARGS`, from the
checkout's src/python) instead: no Pants, same code.
No answer: exit 0 and print nothing. Standard library only: it runs outside any test sandbox.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any


def _log(name: str, argv: list[str]) -> None:
    record = {
        "tool": name,
        "argv": argv,
        "job": os.environ.get("GITHUB_JOB", ""),
        "cwd": os.getcwd(),
        "env": dict(os.environ),
    }
    with open(os.environ["STUB_LOG"], "a", encoding="utf-8") as f:
        f.write(json.dumps(record) + "\n")


def _pants_target(argv: list[str]) -> str:
    for goal in ("run", "package"):
        if goal in argv and argv.index(goal) + 1 < len(argv):
            return argv[argv.index(goal) + 1]
    return ""


def _answer(name: str, argv: list[str], config: dict[str, Any]) -> dict[str, Any]:
    answers: dict[str, Any] = config.get(name, {})
    if name == "pants":
        return dict(answers.get(_pants_target(argv), {}))
    keys = [k for k in answers if all(word in argv for word in k.split())]
    return dict(answers[max(keys, key=lambda k: len(k.split()))]) if keys else {}


def _run_real(target: str, argv: list[str]) -> int:
    """`./pants run src/python/tools:NAME -- ARGS` as `python -m tools.NAME.cli ARGS`."""
    module = target.rsplit(":", 1)[1].replace("-", "_")
    args = argv[argv.index("--") + 1 :] if "--" in argv else []
    src = str(Path.cwd() / "src" / "python")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([src, os.environ.get("PYTHONPATH", "")])}
    return subprocess.run(
        [sys.executable, "-m", f"tools.{module}.cli", *args], env=env, check=False
    ).returncode


def main(name: str, argv: list[str]) -> int:
    _log(name, argv)
    config = json.loads(Path(os.environ["STUB_CONFIG"]).read_text(encoding="utf-8"))
    if name == "pants" and _pants_target(argv) in config.get("pants_real", []):
        return _run_real(_pants_target(argv), argv)
    answer = _answer(name, argv, config)
    if "github_output" in answer:
        path = (
            argv[argv.index("--github-output") + 1]
            if "--github-output" in argv
            else os.environ["GITHUB_OUTPUT"]
        )
        with open(path, "a", encoding="utf-8") as f:
            f.write(answer["github_output"])
    sys.stdout.write(answer.get("stdout", ""))
    return int(answer.get("exit", 0))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
