"""History stays bounded in the Lex session; the benchmark reports both backends."""

from __future__ import annotations

import json

import pytest

from runtime.agents.converse.history import load_history, store_history, to_messages
from runtime.agents.converse.types import HISTORY_ATTR
from tests.support.bench import measure_turn_overhead


def test_history_never_outgrows_its_bound() -> None:
    # given a long conversation with long turns
    history: list[tuple[str, str]] = []
    for i in range(30):
        stored = store_history(
            history, f"caller {i} " + "x" * 500, "agent " + "y" * 700, messages=6, chars=2400
        )
        history = load_history({HISTORY_ATTR: stored}, HISTORY_ATTR)
        # then every stored value fits the bound and the newest exchange survives
        assert len(stored) <= 2400
        assert history[-1][0] == "a"
    assert json.loads(stored)  # still valid JSON


def test_corrupt_history_is_ignored_and_messages_alternate() -> None:
    assert load_history({HISTORY_ATTR: "{not json"}, HISTORY_ATTR) == []
    history = load_history(
        {HISTORY_ATTR: json.dumps([["a", "hello"], ["u", "hi"], ["u", "again"], ["x", "?"]])},
        HISTORY_ATTR,
    )
    messages = to_messages(history, "now")
    assert [m["role"] for m in messages] == ["user"]  # leading assistant dropped, users merged
    assert messages[0]["content"][0]["text"] == "hi\nagain\nnow"


@pytest.mark.parametrize("name", ["bedrock-agents", "converse"])
def test_the_benchmark_reports_turn_overhead(name: str) -> None:
    figures = measure_turn_overhead(name, turns=5)
    assert figures["backend"] == name
    assert 0 < figures["p50_ms"] <= figures["p99_ms"]
    assert figures["model_calls_per_turn"] == 1
