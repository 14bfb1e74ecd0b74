"""The real Lambda zip, built by Pants for this machine (a runtime package dependency)."""

from __future__ import annotations

import platform
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from infra.config import LambdaArchitecture

# Where Pants puts the package in the test sandbox, and where `./pants package` writes it.
_CANDIDATES = (Path("src.python.runtime/lambda.zip"), Path("dist/src.python.runtime/lambda.zip"))
MACHINE_ARCHITECTURE: dict[str, LambdaArchitecture] = {
    "x86_64": "x86_64",
    "amd64": "x86_64",
    "aarch64": "arm64",
    "arm64": "arm64",
}


def built_lambda_zip() -> Path:
    for candidate in _CANDIDATES:
        if candidate.is_file():
            return candidate.resolve()
    pytest.fail(
        "no Lambda zip: run the tests through Pants, or `./pants package src/python/runtime:lambda`"
    )


def machine_architecture() -> LambdaArchitecture:
    return MACHINE_ARCHITECTURE[platform.machine().lower()]
