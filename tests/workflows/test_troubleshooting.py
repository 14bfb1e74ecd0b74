"""The troubleshooting page's advice can be followed through the workflows."""

from __future__ import annotations

import re

from infra.config import EnvironmentConfig
from tests.workflows.workflows import GITHUB, REPO, run_lines

CONTEXT_ARG = re.compile(r"--context \"([A-Z][A-Z0-9_]*)=")
CONFIG_FILE = "src/python/infra/config.py"


def test_every_config_value_it_says_to_change_can_be_changed() -> None:
    # given the infra settings, and those deploy.yml passes from environment variables
    settings = {f.alias for f in EnvironmentConfig.model_fields.values() if f.alias}
    deploy = GITHUB / "workflows" / "deploy.yml"
    passed = {name for line in run_lines(deploy) for name in CONTEXT_ARG.findall(line)}
    # then every setting a row names is a variable the deploy passes, or the row says where the
    # value lives instead (a per-environment default in the infra config)
    page = (REPO / "docs" / "troubleshooting.md").read_text(encoding="utf-8")
    unfollowable = [
        (name, row.split("|")[1].strip())
        for row in page.splitlines()
        if row.startswith("|")
        for name in re.findall(r"`([A-Z][A-Z0-9_]*)`", row)
        if name in settings and name not in passed and CONFIG_FILE not in row
    ]
    assert unfollowable == []
