"""The synth command: `./pants run src/python/infra:synth -- --environment ENV ...`."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

from infra.app import main
from tests.infra.zips import build_lambda_zip

if TYPE_CHECKING:
    from pathlib import Path


def test_synth_writes_the_environment_with_context_overrides(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # given: an arm64 zip and the architecture chosen through --context
    zip_path = build_lambda_zip(tmp_path / "lambda.zip", "arm64")
    outdir = tmp_path / "cdk.out"
    # when
    code = main(
        [
            "--environment",
            "staging",
            "--outdir",
            str(outdir),
            "--lambda-zip",
            str(zip_path),
            "--context",
            "LAMBDA_ARCHITECTURE=arm64",
            "--context",
            "AWS_ACCOUNT=123456789012",
        ]
    )
    # then
    assert code == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["environment"] == "staging"
    assert summary["lambda_architecture"] == "arm64"
    assert len(summary["stacks"]) == 6
    for stack in summary["stacks"]:
        assert (outdir / f"{stack}.template.json").is_file()
    runtime = json.loads((outdir / "headset-support-staging-runtime.template.json").read_text())
    (function,) = (r for r in runtime["Resources"].values() if r["Type"] == "AWS::Lambda::Function")
    assert function["Properties"]["Architectures"] == ["arm64"]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ([], "does not match lambda_architecture=x86_64"),  # arm64 zip, default x86_64
        (["--context", "LAMBDA_ARCHITECTURE"], "use KEY=VALUE"),
        (["--context", "LAMBDA_TIMEOUT_SECONDS=45"], "LAMBDA_TIMEOUT_SECONDS"),
    ],
)
def test_synth_refuses_with_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    zip_path = build_lambda_zip(tmp_path / "lambda.zip", "arm64")
    code = main(
        [
            "--environment",
            "dev",
            "--outdir",
            str(tmp_path / "out"),
            "--lambda-zip",
            str(zip_path),
            *extra,
        ]
    )
    assert code == 1
    err = capsys.readouterr().err
    assert err.startswith("synth: error: ") and message in err
    assert not (tmp_path / "out" / "manifest.json").exists()


def test_a_missing_zip_says_how_to_build_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "--environment",
            "prod",
            "--outdir",
            str(tmp_path / "out"),
            "--lambda-zip",
            str(tmp_path / "nope.zip"),
        ]
    )
    assert code == 1
    assert "./pants package src/python/runtime:lambda" in capsys.readouterr().err
