"""The act harness refuses a run it cannot trust: skipped platforms and runs with no job."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

from tests.support.act.results import ActRunError, parse_act_log

if TYPE_CHECKING:
    from pathlib import Path

WORKFLOW = "on: push\njobs:\n  build:\n    runs-on: macos-14\n    steps:\n      - run: echo\n"


def test_a_job_skipped_for_an_unmapped_runner_label_fails_the_run(tmp_path: Path) -> None:
    workflow = tmp_path / "w.yml"
    workflow.write_text(WORKFLOW, encoding="utf-8")
    line = {"jobID": "build", "msg": "Skipping unsupported platform -- Try running with `-P`"}
    with pytest.raises(ActRunError, match=r"skipped jobs \['build'\]"):
        parse_act_log(json.dumps(line), "", 0, workflow=workflow, stub_log="")


def test_a_run_with_no_job_result_is_an_error_not_an_empty_success(tmp_path: Path) -> None:
    workflow = tmp_path / "w.yml"
    workflow.write_text(WORKFLOW, encoding="utf-8")
    with pytest.raises(ActRunError, match="act ran no job"):
        parse_act_log("", "Error: workflow is not valid", 1, workflow=workflow, stub_log="")
