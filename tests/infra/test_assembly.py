"""The whole cloud assembly: every environment x backend synthesizes, passes cdk-nag, cfn-lint."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from infra.config import ENVIRONMENTS
from tests.infra.matrix import STACK_NAMES

if TYPE_CHECKING:
    from cfnlint.match import Match  # type: ignore[import-untyped]

    from tests.infra.matrix import Matrix

CONCERNS = ("data", "knowledge", "agents", "runtime", "contact", "observability")

# cfn-lint warnings we accept, each with the reason. Anything else fails the test.
EXPLAINED_WARNINGS = {
    ("W3005", "AWS::Lambda::Function"): (
        "CDK adds DependsOn on the function's role so the role's policy exists before the "
        "function is invoked; the GetAtt on the same role makes it redundant, not wrong."
    ),
}


def test_every_environment_and_backend_synthesizes(matrix: Matrix) -> None:
    expected = {
        f"{STACK_NAMES[b]}-{e}-{c}" for b in STACK_NAMES for e in ENVIRONMENTS for c in CONCERNS
    }
    written = {p.name.removesuffix(".template.json") for p in matrix.outdir.glob("*.template.json")}
    assert written == expected
    print(f"\nmatrix synth: {len(written)} stacks in {matrix.synth_seconds:.1f} s")


def test_no_unacknowledged_cdk_nag_or_cloudformation_findings(matrix: Matrix) -> None:
    # The synth itself fails on a cdk-nag finding (see test_cdk_nag_blocks...); the report it
    # leaves behind must list no violations from any plugin.
    report = json.loads((matrix.outdir / "validation-report.json").read_text())
    violations = [
        (plugin.get("pluginName"), v.get("ruleName"))
        for plugin in report.get("pluginReports", [])
        for v in plugin.get("violations", [])
    ]
    assert violations == []


def test_cdk_nag_blocks_synth_on_an_unacknowledged_finding(tmp_path: Path) -> None:
    import aws_cdk as cdk
    from aws_cdk import aws_sns as sns

    from infra.app import create_app

    # given: the app's validation setup and a topic without SSL enforcement or encryption
    app = create_app(tmp_path / "out")
    sns.Topic(cdk.Stack(app, "Careless"), "Topic")
    # when / then
    with pytest.raises(RuntimeError, match="ValidationFailed"):
        app.synth()
    report = (tmp_path / "out" / "validation-report.json").read_text()
    assert "AwsSolutions-SNS3" in report


def _lint(templates: list[Path]) -> list[Match]:
    """cfn-lint in-process (no console script needed in a Pants sandbox), all templates at once."""
    from cfnlint.api import ConfigMixIn, Runner  # type: ignore[import-untyped]

    return list(Runner(ConfigMixIn(["--template", *map(str, templates)])).run())


def test_cfn_lint_finds_no_errors_and_only_explained_warnings(matrix: Matrix) -> None:
    templates = sorted(matrix.outdir.glob("*.template.json"))
    assert len(templates) == 36
    findings = _lint(templates)
    errors = [(f.filename, f.rule.id, f.message) for f in findings if f.rule.id.startswith("E")]
    assert errors == []
    unexplained = []
    for finding in findings:
        if finding.rule.id.startswith("I"):
            continue
        path = list(finding.path)
        resources = json.loads(Path(finding.filename).read_text()).get("Resources", {})
        kind = resources[path[1]]["Type"] if len(path) > 1 and path[0] == "Resources" else "?"
        if (finding.rule.id, kind) not in EXPLAINED_WARNINGS:
            unexplained.append((finding.filename, finding.rule.id, finding.message))
    assert unexplained == []
