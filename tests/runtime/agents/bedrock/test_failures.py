"""Every way Bedrock can fail ends in the mapped BackendError, inside the deadline."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import pytest

from runtime.agents.exceptions import (
    BackendError,
    BackendThrottled,
    BackendTimeout,
    BackendUnavailable,
    DeadlineTooClose,
    MalformedReply,
)
from tests.runtime.agents.bedrock.conftest import BACKEND_NAMES, make_backend

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from runtime.agents.types import AgentBackend, Turn
    from tests.support.bedrock_endpoint import FakeBedrock, Scenario

DEADLINE_S = 1.5
SLACK_S = 0.25  # thread wake-up and socket close after the read timeout

FAILURES: list[tuple[Scenario, type[BackendError]]] = [
    ("throttle", BackendThrottled),
    ("server_error", BackendUnavailable),
    ("slow", BackendTimeout),
    ("cut_mid_frame", MalformedReply),
    ("truncated", MalformedReply),
    ("bad_crc", MalformedReply),
    ("garbage", MalformedReply),
    ("empty", MalformedReply),
]


@pytest.mark.parametrize(("scenario", "expected"), FAILURES, ids=[f[0] for f in FAILURES])
def test_failure_is_mapped_within_the_deadline(
    backend: AgentBackend,
    bedrock_endpoint: FakeBedrock,
    make_turn: Callable[..., Turn],
    scenario: Scenario,
    expected: type[BackendError],
) -> None:
    # given Bedrock misbehaves in this way
    bedrock_endpoint.use(scenario)
    bedrock_endpoint.slow_s = 5 * DEADLINE_S
    turn = make_turn(seconds=DEADLINE_S)
    started = time.monotonic()
    # when the backend is asked to answer
    with pytest.raises(expected) as caught:
        backend.respond(turn)
    # then it gives up with the mapped error before the deadline (plus scheduling slack)
    assert time.monotonic() - started < DEADLINE_S + SLACK_S
    assert str(caught.value)  # says what failed, for the log


def test_an_error_event_inside_the_stream_is_throttling(
    bedrock_endpoint: FakeBedrock, agents_dir: Path, make_turn: Callable[..., Turn]
) -> None:
    backend = make_backend("bedrock-agents", bedrock_endpoint, agents_dir)
    bedrock_endpoint.use("stream_exception")
    with pytest.raises(BackendThrottled):
        backend.respond(make_turn())


@pytest.mark.parametrize("name", BACKEND_NAMES)
def test_throttling_is_retried_once_when_time_allows(
    name: str, bedrock_endpoint: FakeBedrock, agents_dir: Path, make_turn: Callable[..., Turn]
) -> None:
    backend = make_backend(name, bedrock_endpoint, agents_dir)
    bedrock_endpoint.use("throttle")
    with pytest.raises(BackendThrottled):
        backend.respond(make_turn(seconds=3.0))
    assert len(bedrock_endpoint.requests) == 2


@pytest.mark.parametrize("name", BACKEND_NAMES)
def test_no_retry_when_the_deadline_is_close(
    name: str, bedrock_endpoint: FakeBedrock, agents_dir: Path, make_turn: Callable[..., Turn]
) -> None:
    # given a call needs 1.16 s and the turn has 1.2 s: a retry (after >= 50 ms pause) cannot fit
    backend = make_backend(name, bedrock_endpoint, agents_dir, min_call_s=1.16)
    bedrock_endpoint.use("throttle")
    with pytest.raises(BackendThrottled):
        backend.respond(make_turn(seconds=1.2))
    assert len(bedrock_endpoint.requests) == 1


def test_too_little_time_is_refused_without_calling_bedrock(
    backend: AgentBackend, bedrock_endpoint: FakeBedrock, make_turn: Callable[..., Turn]
) -> None:
    with pytest.raises(DeadlineTooClose):
        backend.respond(make_turn(seconds=0.3))
    assert bedrock_endpoint.requests == []


@pytest.mark.parametrize("name", BACKEND_NAMES)
def test_an_endpoint_that_is_down_is_unavailable(
    name: str, bedrock_endpoint: FakeBedrock, agents_dir: Path, make_turn: Callable[..., Turn]
) -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    bedrock_endpoint.port, real = port, bedrock_endpoint.port
    try:
        backend = make_backend(name, bedrock_endpoint, agents_dir)
    finally:
        bedrock_endpoint.port = real
    started = time.monotonic()
    with pytest.raises(BackendUnavailable):
        backend.respond(make_turn(seconds=DEADLINE_S))
    assert time.monotonic() - started < DEADLINE_S + SLACK_S


@pytest.mark.parametrize("name", BACKEND_NAMES)
def test_an_unhandled_or_denied_request_names_the_fix(
    name: str, bedrock_endpoint: FakeBedrock, agents_dir: Path, make_turn: Callable[..., Turn]
) -> None:
    # a 404 from a wrong agent/model/KB id is a configuration problem, not a retry case
    backend = make_backend(name, bedrock_endpoint, agents_dir)
    bedrock_endpoint.use("normal")
    backend.settings = backend.settings.model_copy(  # type: ignore[attr-defined]
        update={"endpoint_url": bedrock_endpoint.url}
    )
    from runtime.agents.cloud_common import ClientFactory

    backend.clients = ClientFactory(  # type: ignore[attr-defined]
        region="us-east-1", endpoint_url=bedrock_endpoint.url + "/nowhere"
    )
    with pytest.raises(BackendUnavailable, match="configuration or permission"):
        backend.respond(make_turn())
    assert len(bedrock_endpoint.requests) == 0


def test_a_truncated_retrieve_body_is_a_failure_not_an_ungrounded_answer(
    bedrock_endpoint: FakeBedrock, agents_dir: Path, make_turn: Callable[..., Turn]
) -> None:
    # given Retrieve answers 200 with its JSON cut half-way (botocore then parses it as
    # {"message": ...}, without retrievalResults), and Converse is fine
    backend = make_backend("converse", bedrock_endpoint, agents_dir)
    bedrock_endpoint.use("truncated", only="retrieve")
    # when a caller asks, then the turn fails over to the local backend (as a bad Converse body
    # does) instead of the model answering with "no knowledge-base passage matched"
    with pytest.raises(MalformedReply, match="Retrieve"):
        backend.respond(make_turn("my usb headset is not detected"))
