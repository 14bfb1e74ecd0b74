"""The zip Pants builds is what the Lambda runs: right architecture, right Python, all content."""

from __future__ import annotations

import zipfile
from typing import TYPE_CHECKING

import pytest

from infra.lambda_zip import LambdaZipError, inspect_lambda_zip
from tests.infra.built_zip import machine_architecture

if TYPE_CHECKING:
    from pathlib import Path


def test_every_native_extension_is_cp312_for_this_machine(lambda_zip: Path) -> None:
    # given the zip Pants built here / when it is inspected for this machine's architecture
    package = inspect_lambda_zip(lambda_zip, machine_architecture())  # type: ignore[arg-type]
    # then it has native code (pydantic-core), all of it CPython 3.12 for this architecture
    assert any("pydantic_core" in name for name in package.native_files)
    assert all("cpython-312" in n or "abi3" in n for n in package.native_files if n.endswith(".so"))
    assert package.handler == "lambda_function.handler"


def test_the_built_zip_is_refused_for_the_other_architecture(lambda_zip: Path) -> None:
    other = "arm64" if machine_architecture() == "x86_64" else "x86_64"
    with pytest.raises(LambdaZipError, match=f"lambda_architecture={other}"):
        inspect_lambda_zip(lambda_zip, other)  # type: ignore[arg-type]


def test_the_zip_carries_the_content_and_leaves_boto3_to_the_runtime(lambda_zip: Path) -> None:
    names = set(zipfile.ZipFile(lambda_zip).namelist())
    # the troubleshooter, the personas and the agents' instructions travel with the code
    assert "runtime/handler.py" in names
    assert {"content/personas/tangerine.json", "content/agents/supervisor.md"} <= names
    assert sum(n.startswith("content/knowledge-base/") and n.endswith(".md") for n in names) >= 32
    # boto3 comes with the python3.12 runtime; bundling it would double the zip
    assert not any(n.startswith(("boto3/", "botocore/")) for n in names)
