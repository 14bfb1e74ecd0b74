"""SnapStart hooks, called as the Lambda runtime calls them, against DynamoDB over HTTP (moto)."""

from __future__ import annotations

import random
import socket
import urllib.request
from typing import TYPE_CHECKING, Any

import boto3
import pytest
from moto.server import ThreadedMotoServer

from runtime import snapstart
from runtime.app import App
from runtime.config import RuntimeConfig
from runtime.observability import Telemetry
from tests.runtime.fixtures import persona_dict

if TYPE_CHECKING:
    import io
    from collections.abc import Callable, Iterator
    from pathlib import Path

TABLE = "headset-personas-snapstart"
REGION = "us-east-1"


class Registry:
    """Records what is registered, as `snapshot_restore_py` does, to call it like the runtime."""

    def __init__(self) -> None:
        self.before: list[tuple[Callable[..., Any], tuple[Any, ...]]] = []
        self.after: list[tuple[Callable[..., Any], tuple[Any, ...]]] = []

    def register_before_snapshot(self, func: Callable[..., Any], *args: Any) -> None:
        self.before.append((func, args))

    def register_after_restore(self, func: Callable[..., Any], *args: Any) -> None:
        self.after.append((func, args))

    def snapshot(self) -> None:
        for func, args in reversed(self.before):  # the runtime runs them in reverse order
            func(*args)

    def restore(self) -> None:
        for func, args in self.after:
            func(*args)


@pytest.fixture
def table(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    for var in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(var, "testing")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    monkeypatch.setenv("DYNAMODB_ENDPOINT_URL", endpoint)
    # moto keeps its state per process: start from an empty account
    urllib.request.urlopen(urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST"))
    try:
        dynamodb = boto3.resource("dynamodb", region_name=REGION, endpoint_url=endpoint)
        yield dynamodb.create_table(
            TableName=TABLE,
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
    finally:
        server.stop()


def put(table: Any, greeting: str) -> None:
    table.put_item(Item={**persona_dict("tangerine", greeting=greeting), "version": 1})


@pytest.fixture
def initialised(table: Any, rt_content: Path, rt_logs: io.StringIO) -> tuple[App, Registry]:
    """An App after Lambda's init phase (warm-up, table prefetch), its hooks registered."""
    put(table, "Hello from the table before the snapshot.")
    config = RuntimeConfig.from_env(content_dir=str(rt_content), persona_table=TABLE, region=REGION)
    app = App(config, telemetry=Telemetry.from_config(config, rt_logs))
    app.warm()
    registry = Registry()
    assert snapstart.register(app, registry)
    return app, registry


def test_the_snapshot_keeps_the_personas_but_no_table_connection(
    initialised: tuple[App, Registry], rt_logs: io.StringIO
) -> None:
    app, registry = initialised
    # when Lambda takes the snapshot right after init
    registry.snapshot()
    # then the prefetched persona is in it, the client and its connections are not,
    # and the init phase's metrics were written by the sandbox that ran it
    assert app.store.table is not None and app.store.table._client is None
    lookup = app.store.get("tangerine")
    assert (lookup.source, lookup.persona.greeting) == (
        "cache",
        "Hello from the table before the snapshot.",
    )
    assert "PersonaCacheMisses" in rt_logs.getvalue()


def test_a_restored_sandbox_rereads_the_persona_with_a_new_client(
    initialised: tuple[App, Registry], table: Any
) -> None:
    app, registry = initialised
    registry.snapshot()
    # given the persona changed in the table while the snapshot waited
    put(table, "Hello from the table after the restore.")
    # when a sandbox is restored
    registry.restore()
    # then the snapshot's copy answers at once, while the table is reread in the background
    first = app.store.get("tangerine")
    assert first.persona.greeting in {
        "Hello from the table before the snapshot.",
        "Hello from the table after the restore.",
    }
    assert app.store._refreshing is not None
    app.store._refreshing.join(5)
    # and the next caller hears the persona as it is in the table now
    assert app.store.get("tangerine").persona.greeting == "Hello from the table after the restore."
    assert app.store.table is not None and app.store.table._client is not None


def test_restored_sandboxes_do_not_share_the_snapshot_random_state(
    initialised: tuple[App, Registry],
) -> None:
    _, registry = initialised
    random.seed(42)  # what every sandbox restored from one snapshot would hold
    snapshot_draw = random.Random(42).random()
    registry.restore()
    assert random.random() != snapshot_draw


def test_nothing_is_registered_outside_lambda(make_app: Callable[..., App]) -> None:
    # snapshot_restore_py ships with the Lambda runtime only
    assert snapstart.register(make_app()) is False
