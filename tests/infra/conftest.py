from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from runtime.content import content_root
from tests.infra.matrix import Matrix, build_matrix
from tests.infra.zips import build_lambda_zip

if TYPE_CHECKING:
    from pathlib import Path


@pytest.fixture(scope="session")
def agents_dir() -> Path:
    return content_root() / "agents"


@pytest.fixture(scope="session")
def x86_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_lambda_zip(tmp_path_factory.mktemp("zip") / "lambda.zip", "x86_64")


@pytest.fixture(scope="session")
def matrix(tmp_path_factory: pytest.TempPathFactory, x86_zip: Path, agents_dir: Path) -> Matrix:
    """Every environment x backend in one app, synthesized once (cdk-nag included)."""
    return build_matrix(tmp_path_factory.mktemp("cdk.out"), x86_zip, agents_dir)
