"""PersonaStore against a real DynamoDB API (moto): cache, fallback to bundled, metrics."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

import boto3
import pytest
from moto import mock_aws

from runtime.constants import METRIC_PERSONA_CACHE_MISSES, METRIC_PERSONA_FALLBACKS
from runtime.persona.files import load_personas
from runtime.persona.store import DynamoPersonaTable, PersonaStore
from tests.runtime.fixtures import persona_dict

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

TABLE = "headset-personas-test"
REGION = "us-east-1"


class Counts:
    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    def count(self, name: str, value: float = 1) -> None:
        self.counts[name] += int(value)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    for var in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.setenv(var, "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    with mock_aws():
        dynamodb = boto3.resource("dynamodb", region_name=REGION)
        table = dynamodb.create_table(
            TableName=TABLE,
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        yield table


def put(table: Any, persona_id: str, version: int = 1, **changes: Any) -> None:
    item = persona_dict(persona_id, **changes)
    item["version"] = version  # written by tools:persona deploy for conditional writes
    table.put_item(Item=item)


def make_store(
    rt_content: Path, table_name: str | None = TABLE, **kwargs: Any
) -> tuple[PersonaStore, Counts, Clock]:
    counts, clock = Counts(), Clock()
    store = PersonaStore(
        bundled=lambda: load_personas(rt_content / "personas"),
        default_id="tangerine",
        table=DynamoPersonaTable(table_name, region=REGION) if table_name else None,
        metrics=counts,
        clock=clock,
        **kwargs,
    )
    return store, counts, clock


def test_persona_comes_from_the_table_then_from_the_cache(aws: Any, rt_content: Path) -> None:
    # given a table whose joseph differs from the bundled file
    put(aws, "joseph", greeting="Hello from the table, Joseph here.")
    store, counts, _ = make_store(rt_content)
    # when it is asked for twice
    first = store.get("joseph")
    second = store.get("joseph")
    # then the table answered once, the cache the second time
    assert first.source == "table"
    assert first.persona.greeting == "Hello from the table, Joseph here."
    assert second.source == "cache"
    assert second.persona == first.persona
    assert counts.counts[METRIC_PERSONA_CACHE_MISSES] == 1


def test_after_the_ttl_the_stale_persona_answers_while_the_table_is_reread(
    aws: Any, rt_content: Path
) -> None:
    put(aws, "joseph", greeting="Version one greeting.")
    store, counts, clock = make_store(rt_content, ttl_s=60)
    assert store.get("joseph").persona.greeting == "Version one greeting."
    put(aws, "joseph", version=2, greeting="Version two greeting.")
    clock.now += 59
    assert store.get("joseph").persona.greeting == "Version one greeting."
    # when the TTL has passed, the turn is not made to wait for DynamoDB
    clock.now += 2
    stale = store.get("joseph")
    assert (stale.persona.greeting, stale.reason) == ("Version one greeting.", "refreshing")
    assert store._refreshing is not None
    store._refreshing.join(5)
    # then the next turn has the new version
    assert store.get("joseph").persona.greeting == "Version two greeting."
    assert counts.counts[METRIC_PERSONA_CACHE_MISSES] == 2


def test_a_failed_refresh_keeps_the_last_good_table_persona(aws: Any, rt_content: Path) -> None:
    put(aws, "joseph", greeting="From the table.")
    store, counts, clock = make_store(rt_content, ttl_s=60)
    store.get("joseph")
    aws.delete()  # the table disappears
    clock.now += 61
    store.get("joseph")
    assert store._refreshing is not None
    store._refreshing.join(5)
    lookup = store.get("joseph")
    assert lookup.persona.greeting == "From the table."
    assert counts.counts[METRIC_PERSONA_FALLBACKS] == 1


def test_unknown_persona_gets_the_bundled_default_and_a_metric(aws: Any, rt_content: Path) -> None:
    store, counts, _ = make_store(rt_content)
    lookup = store.get("nobody")
    assert lookup.source == "default"
    assert lookup.persona.id == "tangerine"
    assert lookup.reason == "unknown persona id"
    assert counts.counts[METRIC_PERSONA_FALLBACKS] == 1


def test_missing_persona_id_means_the_default(aws: Any, rt_content: Path) -> None:
    put(aws, "tangerine", greeting="Tangerine from the table.")
    store, _, _ = make_store(rt_content)
    assert store.get(None).persona.greeting == "Tangerine from the table."
    assert store.get("  ").persona.id == "tangerine"


@pytest.mark.parametrize("bad_id", ["../etc/passwd", "Joseph; DROP", "x" * 500, "ÜNÏ", "a"])
def test_ids_that_cannot_be_personas_never_reach_the_table(
    aws: Any, rt_content: Path, bad_id: str
) -> None:
    store, counts, _ = make_store(rt_content)
    lookup = store.get(bad_id)
    assert lookup.persona.id == "tangerine"
    assert counts.counts[METRIC_PERSONA_CACHE_MISSES] == 0


def test_unreachable_table_falls_back_to_the_bundled_file_of_that_persona(
    rt_content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given credentials but a DynamoDB endpoint where nothing listens
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    counts, clock = Counts(), Clock()
    store = PersonaStore(
        bundled=lambda: load_personas(rt_content / "personas"),
        default_id="tangerine",
        table=DynamoPersonaTable(
            TABLE, region=REGION, endpoint_url="http://127.0.0.1:9", timeout_s=0.2
        ),
        metrics=counts,
        clock=clock,
    )
    # when joseph is asked for twice in quick succession
    first = store.get("joseph")
    second = store.get("joseph")
    # then the bundled joseph answers, the metric says so, and the dead table is not retried at once
    assert first.source == "bundled"
    assert first.persona.id == "joseph"
    assert "unreachable" in (first.reason or "")
    assert second.persona.id == "joseph"
    assert counts.counts[METRIC_PERSONA_FALLBACKS] == 1
    assert counts.counts[METRIC_PERSONA_CACHE_MISSES] == 1
    assert store.check().startswith("unreachable")


def test_missing_table_is_reported_and_survived(aws: Any, rt_content: Path) -> None:
    store, counts, _ = make_store(rt_content, table_name="no-such-table")
    lookup = store.get("jennifer")
    assert lookup.persona.id == "jennifer"
    assert "ResourceNotFoundException" in (lookup.reason or "")
    assert counts.counts[METRIC_PERSONA_FALLBACKS] == 1
    assert "ResourceNotFoundException" in store.check()


def test_an_invalid_item_is_not_served(aws: Any, rt_content: Path) -> None:
    item = persona_dict("joseph", greeting="")
    aws.put_item(Item={**item, "version": 3})
    store, counts, _ = make_store(rt_content)
    lookup = store.get("joseph")
    assert lookup.source == "bundled"
    assert "greeting" in (lookup.reason or "")
    assert counts.counts[METRIC_PERSONA_FALLBACKS] == 1


def test_extra_attributes_in_the_item_are_ignored(aws: Any, rt_content: Path) -> None:
    put(aws, "joseph", version=7)
    aws.update_item(
        Key={"id": "joseph"},
        UpdateExpression="SET deployed_by = :d",
        ExpressionAttributeValues={":d": "ci"},
    )
    store, _, _ = make_store(rt_content)
    assert store.get("joseph").source == "table"


def test_health_check_reads_the_table(aws: Any, rt_content: Path) -> None:
    store, _, _ = make_store(rt_content)
    assert store.check() == "ok"
    no_table, _, _ = make_store(rt_content, table_name=None)
    assert no_table.check().startswith("not configured")


def test_prefetch_serves_bundled_while_the_table_client_starts(aws: Any, rt_content: Path) -> None:
    import threading

    # given a table read that is slow to start (boto3 import and client creation at cold start)
    put(aws, "tangerine", greeting="Tangerine from the table.")
    gate = threading.Event()

    class SlowTable(DynamoPersonaTable):
        def get(self, persona_id: str) -> dict[str, Any] | None:
            gate.wait(5)
            return super().get(persona_id)

    store = PersonaStore(
        bundled=lambda: load_personas(rt_content / "personas"),
        default_id="tangerine",
        table=SlowTable(TABLE, region=REGION),
    )
    # when the init phase starts the prefetch and a caller arrives before it lands
    store.prefetch()
    early = store.get("tangerine")
    gate.set()
    assert store._prefetch is not None
    store._prefetch.join(5)
    late = store.get("tangerine")
    # then the caller was answered at once from the bundle, and later turns use the table
    assert (early.source, early.reason) == ("bundled", "table read in progress")
    assert late.persona.greeting == "Tangerine from the table."
