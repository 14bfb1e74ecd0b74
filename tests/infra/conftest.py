from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from runtime.content import content_root
from tests.infra.built_zip import built_lambda_zip
from tests.infra.matrix import Matrix, build_matrix

if TYPE_CHECKING:
    from pathlib import Path


@pytest.fixture(scope="session")
def agents_dir() -> Path:
    return content_root() / "agents"


@pytest.fixture(scope="session")
def lambda_zip() -> Path:
    """The zip `./pants package src/python/runtime:lambda` builds, not a placeholder."""
    return built_lambda_zip()


@pytest.fixture(scope="session")
def matrix(tmp_path_factory: pytest.TempPathFactory, lambda_zip: Path, agents_dir: Path) -> Matrix:
    """Every environment x backend in one app, synthesized once (cdk-nag included)."""
    return build_matrix(tmp_path_factory.mktemp("cdk.out"), lambda_zip, agents_dir)
