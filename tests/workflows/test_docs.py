"""The docs that describe the workflows stay true to them."""

from __future__ import annotations

import pytest

from tests.workflows.workflows import ACTIONS, REPO, WORKFLOWS, context_refs
from tools import regions

DOCS = REPO / "docs"


@pytest.mark.parametrize("path", [*WORKFLOWS, *ACTIONS], ids=lambda p: p.name)
def test_every_variable_and_secret_a_workflow_uses_is_documented(path) -> None:  # type: ignore[no-untyped-def]
    doc = (DOCS / "variables.md").read_text(encoding="utf-8")
    missing = sorted(f"{c}.{n}" for c, n in context_refs(path) if f"`{n}`" not in doc)
    assert missing == [], f"{path.name} uses {missing}; add them to docs/variables.md"


def test_the_variables_check_config_requires_are_documented() -> None:
    from tools.check_config.check import REQUIRED_SECRETS, REQUIRED_VARIABLES

    doc = (DOCS / "variables.md").read_text(encoding="utf-8")
    missing = [n for n in (*REQUIRED_VARIABLES, *REQUIRED_SECRETS) if f"`{n}`" not in doc]
    assert missing == []


def test_regions_page_shows_the_tools_table() -> None:
    page = (DOCS / "regions.md").read_text(encoding="utf-8")
    assert (
        regions.render_markdown().strip() in page
    ), "docs/regions.md is out of date: regenerate it from tools.regions.render_markdown()"


def test_every_workflow_has_a_manual_command_or_trigger_in_the_runbooks() -> None:
    runbooks = (DOCS / "runbooks.md").read_text(encoding="utf-8")
    for name in ("deploy.yml", "knowledge-base-sync.yml", "rollback.yml"):
        assert f"gh workflow run {name}" in runbooks, name
