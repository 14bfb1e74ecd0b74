"""Fixtures for the runtime tests: a content folder with test personas and an App factory."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

import pytest

from runtime.agents.chain import FallbackChain
from runtime.app import App
from runtime.config import RuntimeConfig
from runtime.observability import Telemetry
from tests.runtime.fixtures import write_content

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from runtime.agents.types import AgentBackend


@pytest.fixture
def rt_content(tmp_path: Path) -> Path:
    return write_content(tmp_path / "content")


@pytest.fixture
def rt_logs() -> io.StringIO:
    return io.StringIO()


@pytest.fixture
def make_app(rt_content: Path, rt_logs: io.StringIO) -> Callable[..., App]:
    """App(config, chain of the given backends); logs and EMF go to `rt_logs`."""

    def build(
        primary: AgentBackend | None = None,
        fallback: AgentBackend | None = None,
        **settings: Any,
    ) -> App:
        config = RuntimeConfig.from_env({}, content_dir=str(rt_content), **settings)
        telemetry = Telemetry.from_config(config, rt_logs)
        chain = (
            FallbackChain(primary, fallback, metrics=telemetry, reserve_s=config.fallback_reserve_s)
            if primary is not None
            else None
        )
        return App(config, chain=chain, telemetry=telemetry)

    return build
