"""pr-validation.yml in nektos/act with stub actions and a stub ./pants: what each event runs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tests.support.act import ActHarness

if TYPE_CHECKING:
    from pathlib import Path


def test_a_docs_only_pull_request_tests_the_whole_product_under_the_coverage_floor(
    tmp_path: Path,
) -> None:
    # The floor (70 %) is for the product: applied to the tests a docs-only change selects, it
    # failed with "total of 59 is less than fail-under=70".
    harness = ActHarness.create(tmp_path)
    base = harness.head()
    head = harness.commit({"docs/runbooks.md": "# Runbooks\n\nReworded.\n"}, "docs: reword")
    result = harness.run(
        "pr-validation.yml",
        "pull_request",
        payload={
            "pull_request": {
                "number": 7,
                "base": {"sha": base, "ref": "main"},
                "head": {"sha": head, "ref": "docs"},
            }
        },
    )
    assert result.job("validate").result == "success", result.step_output("validate")
    tests = [c for c in result.called("pants") if "test" in c.argv]
    assert [c.argv for c in tests] == [["test", "::"]]
    assert tests[0].env["PANTS_CONFIG_FILES"] == "pants.ci.toml"
    # Lint and type-check still look at the change only.
    [lint] = [c for c in result.called("pants") if "lint" in c.argv]
    assert lint.argv[:2] == [f"--changed-since={base}", "--changed-dependents=transitive"]
