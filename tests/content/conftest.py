"""A writable copy of the real content/ folder, for breaking one thing per test."""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

import pytest

from runtime.content import content_root

if TYPE_CHECKING:
    from pathlib import Path


@pytest.fixture(scope="session")
def real_content() -> Path:
    return content_root()


@pytest.fixture
def content(tmp_path: Path, real_content: Path) -> Path:
    copy = tmp_path / "content"
    shutil.copytree(real_content, copy)
    return copy
