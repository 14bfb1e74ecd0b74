"""Pytest fixtures for the local Bedrock endpoint.

Use from any test folder's conftest.py:

    from tests.support.fixtures import bedrock_endpoint, fake_bedrock_server  # noqa: F401

`bedrock_endpoint` gives a reset FakeBedrock (scenario "normal", no recorded requests) with
dummy AWS credentials and region in the environment, so real boto3 clients sign requests
without touching any real account.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.support.bedrock_endpoint import FakeBedrock, start_fake_bedrock

if TYPE_CHECKING:
    from collections.abc import Iterator

FAKE_REGION = "us-east-1"


@pytest.fixture(scope="session")
def fake_bedrock_server() -> Iterator[FakeBedrock]:
    """One server per test session (starting it costs ~1 ms; threads are daemons)."""
    fake = start_fake_bedrock()
    yield fake
    fake.stop()


@pytest.fixture
def bedrock_endpoint(
    fake_bedrock_server: FakeBedrock, monkeypatch: pytest.MonkeyPatch
) -> Iterator[FakeBedrock]:
    """The shared fake, reset for this test, with dummy credentials in the environment."""
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": FAKE_REGION,
        "AWS_REGION": FAKE_REGION,
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    fake_bedrock_server.reset()
    yield fake_bedrock_server
    fake_bedrock_server.reset()
