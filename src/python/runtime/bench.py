"""`bench`: what the runtime costs, as figures (a benchmark, not a timed test).

    ./pants package src/python/runtime:lambda   # optional: then the cold figures use the zip
    ./pants run src/python/runtime:bench -- [--json] [--runs N] [--turns N] [--core N]

- cold_init_ratio: the CPU time of everything a cold start does before the first reply is sent
  and the persona prefetch is done (imports, init-phase warm-up, first turn, background thread),
  divided by the same for a baseline handler that imports boto3, creates the DynamoDB client and
  reads one item. Each fresh process is pinned to one core (as on a 512 MB Lambda, background
  threads get no free core); medians of --runs (at least 7 for a figure worth quoting), with the
  spread of the per-pair ratios. cold_init_wall_ms / baseline_wall_ms: wall time on that core.
  cold_code says what was measured: the unpacked zip (as Lambda imports it) or the sources.
  See runtime.bench_cold for the details.
- warm_overhead_p50_ms / _p99_ms: handler time minus backend time, local backend, warm.
- local_turn_p95_ms: LocalAgentBackend.respond alone, warm.
- zip_bytes: size of dist/src.python.runtime/lambda.zip, or null when it has not been built.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from runtime.bench_cold import MIN_RUNS, cold_init, pick_core

if TYPE_CHECKING:
    from collections.abc import Sequence

    from runtime.agents.types import AgentBackend, Reply, Turn

ZIP_PATH = Path("dist/src.python.runtime/lambda.zip")
UTTERANCES = [
    "my usb headset isn't showing up on my computer",
    "bluetooth earbuds connected but no sound",
    "people can't hear me on genesys calls",
    "windows says no output devices found",
    "there's a buzzing noise in my headset",
    "no",
    "yes",
    "can you repeat that",
    "my mic is really quiet in teams",
    "the headset keeps disconnecting after sleep",
]


def lex_event(
    text: str, session: dict[str, str] | None = None, ssml: bool = True
) -> dict[str, Any]:
    """A Connect-voice-shaped Lex V2 dialog code-hook event."""
    return {
        "messageVersion": "1.0",
        "invocationSource": "DialogCodeHook",
        "inputMode": "Speech",
        "sessionId": "bench-0000-0000",
        "inputTranscript": text,
        "bot": {"id": "BENCHBOT01", "name": "headset-support", "localeId": "en_US"},
        "requestAttributes": {
            "x-amz-lex:accept-content-types": "PlainText,SSML" if ssml else "PlainText"
        },
        "sessionState": {
            "sessionAttributes": dict(session or {}),
            "intent": {"name": "FallbackIntent", "state": "InProgress", "slots": {}},
        },
    }


def percentile(values: Sequence[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(int(round(pct / 100 * (len(ordered) - 1))), len(ordered) - 1)
    return ordered[index]


# ------------------------------------------------------------------ measurements


class _Timed:
    """Wraps a backend and records how long each respond took."""

    def __init__(self, inner: AgentBackend) -> None:
        self.inner = inner
        self.name = inner.name
        self.last_ms = 0.0

    def respond(self, turn: Turn) -> Reply:
        started = time.perf_counter()
        try:
            return self.inner.respond(turn)
        finally:
            self.last_ms = (time.perf_counter() - started) * 1000


def warm_turns(turns: int) -> dict[str, Any]:
    from runtime.agents.chain import FallbackChain, load_backend
    from runtime.app import App
    from runtime.config import RuntimeConfig
    from runtime.observability import Telemetry

    config = RuntimeConfig.from_env(agent_backend="local", persona_table=None)
    local = _Timed(load_backend("local", config))
    with open(os.devnull, "w", encoding="utf-8") as sink:
        telemetry = Telemetry.from_config(config, sink)
        app = App(config, chain=FallbackChain(local, None, metrics=telemetry), telemetry=telemetry)
        app.warm()  # as the Lambda init phase does
        overhead: list[float] = []
        backend: list[float] = []
        session: dict[str, str] = {}
        for i in range(turns + 50):
            if i % 6 == 0:
                session = {"persona_id": "tangerine"}  # a new conversation every few turns
            event = lex_event(UTTERANCES[i % len(UTTERANCES)], session)
            started = time.perf_counter()
            response = app.handle(event, None)
            total = (time.perf_counter() - started) * 1000
            session = response["sessionState"]["sessionAttributes"]
            if response["sessionState"]["dialogAction"]["type"] == "Close":
                session = {"persona_id": "tangerine"}
            if i >= 50:  # the first turns warm caches and the index
                overhead.append(total - local.last_ms)
                backend.append(local.last_ms)
    return {
        "warm_overhead_p50_ms": round(percentile(overhead, 50), 3),
        "warm_overhead_p99_ms": round(percentile(overhead, 99), 3),
        "local_turn_p50_ms": round(percentile(backend, 50), 3),
        "local_turn_p95_ms": round(percentile(backend, 95), 3),
        "turns": turns,
    }


def zip_size(path: Path) -> tuple[int | None, str]:
    if path.is_file():
        return path.stat().st_size, f"{path} is {path.stat().st_size / 1e6:.1f} MB"
    return None, f"{path} not found: run `./pants package src/python/runtime:lambda` first"


def cloud_overhead() -> dict[str, Any]:
    """Each cloud backend's turn overhead (p50/p99 ms) against the local Bedrock endpoint."""
    # The endpoint is test support, bundled with this command (not with the Lambda).
    from tests.support.bench import measure_turn_overhead

    figures: dict[str, Any] = {}
    for name in ("bedrock-agents", "converse"):
        measured = measure_turn_overhead(name)
        key = name.replace("-", "_")
        figures[f"{key}_overhead_p50_ms"] = measured["p50_ms"]
        figures[f"{key}_overhead_p99_ms"] = measured["p99_ms"]
    return figures


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench", description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--runs", type=int, default=MIN_RUNS, help=f"fresh processes per cold figure ({MIN_RUNS})"
    )
    parser.add_argument("--core", type=int, help="the core the cold children run on (the last)")
    parser.add_argument("--turns", type=int, default=2000, help="warm turns to time")
    parser.add_argument("--zip", type=Path, default=ZIP_PATH, help="packaged Lambda zip")
    parser.add_argument("--skip-cold", action="store_true", help="warm figures only")
    parser.add_argument(
        "--skip-cloud", action="store_true", help="no cloud backends against the local endpoint"
    )
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)

    figures: dict[str, Any] = {}
    if not args.skip_cold:
        event = lex_event(UTTERANCES[0], {"persona_id": "tangerine"})
        try:
            core = pick_core(args.core)
        except ValueError as e:  # a --core this process may not use
            parser.error(str(e))
        figures.update(cold_init(args.runs, args.zip, event, core))
    else:
        figures["cold_init_ratio"] = None
    figures.update(warm_turns(max(args.turns, 10)))
    if not args.skip_cloud:
        figures.update(cloud_overhead())
    figures["zip_bytes"], figures["zip_note"] = zip_size(args.zip)
    if args.json:
        print(json.dumps(figures, sort_keys=True))
        return 0
    for key, value in figures.items():
        print(f"{key:26} {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
