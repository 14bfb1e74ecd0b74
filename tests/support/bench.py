"""Turn overhead of each cloud backend against the local Bedrock endpoint.

`measure_turn_overhead("converse")` -> {"backend", "turns", "first_turn_ms", "p50_ms",
"p95_ms", "p99_ms", "requests_per_turn", "model_calls_per_turn"}: our code + boto3 signing,
HTTP on loopback and parsing; the fake answers at once, so this is what we add to Bedrock's own
latency. Run directly for JSON: `python -m tests.support.bench`.
"""

from __future__ import annotations

import json
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from runtime.agents.types import Deadline, Turn
from tests.runtime.fixtures import persona as test_persona
from tests.support.bedrock_endpoint import start_fake_bedrock


def measure_turn_overhead(backend_name: str, turns: int = 50) -> dict[str, Any]:
    """Time `turns` turns of `backend_name` ("bedrock-agents" or "converse") on loopback."""
    from runtime.agents.bedrock_agents import BedrockAgentsBackend, BedrockAgentsSettings
    from runtime.agents.converse import ConverseBackend, ConverseSettings, local_router

    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        os.environ.setdefault(name, "bench")
    fake = start_fake_bedrock()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            agents = Path(tmp)
            for agent in ("supervisor", "diagnostic", "platform", "escalation"):
                (agents / f"{agent}.md").write_text(f"You are the {agent} agent.")
            backend: Any
            if backend_name == "bedrock-agents":
                backend = BedrockAgentsBackend(
                    BedrockAgentsSettings(
                        agent_id="SUPERVISOR",
                        agent_alias_id="LIVE",
                        endpoint_url=fake.url,
                        region="us-east-1",
                    )
                )
            elif backend_name == "converse":
                backend = ConverseBackend(
                    ConverseSettings(
                        model_id="bench.model-v1",
                        knowledge_base_id="KBHEADSET1",
                        endpoint_url=fake.url,
                        region="us-east-1",
                    ),
                    router=local_router(),
                    instructions_dir=agents,
                )
            else:
                raise ValueError(f"unknown backend {backend_name!r}: bedrock-agents or converse")
            persona = test_persona("bench")
            samples: list[float] = []
            for i in range(turns + 1):
                turn = Turn(
                    text="my usb headset is not detected",
                    session_id=f"bench-{i}",
                    persona=persona,
                    deadline=Deadline.in_seconds(6.0),
                )
                started = time.perf_counter()
                backend.respond(turn)
                samples.append((time.perf_counter() - started) * 1000)
            requests = len(fake.requests)
    finally:
        fake.stop()
    first, warm = samples[0], sorted(samples[1:])

    def pct(p: float) -> float:
        return round(warm[min(len(warm) - 1, int(p * len(warm)))], 3)

    stats = backend.last_stats
    return {
        "backend": backend_name,
        "turns": turns,
        "first_turn_ms": round(first, 3),
        "p50_ms": round(statistics.median(warm), 3),
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
        "requests_per_turn": round(requests / (turns + 1), 2),
        "model_calls_per_turn": stats.model_calls if stats else None,
    }


if __name__ == "__main__":
    print(json.dumps({n: measure_turn_overhead(n) for n in ("bedrock-agents", "converse")}))
