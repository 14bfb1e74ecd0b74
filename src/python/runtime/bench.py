"""`bench`: what the runtime costs, as figures (a benchmark, not a timed test).

    ./pants run src/python/runtime:bench -- [--json] [--runs N] [--turns N]

- cold_init_ratio: fresh process, import (with Lambda's init-phase warm-up) + first answer of our
  handler (local backend, persona table configured against a DynamoDB stand-in on 127.0.0.1),
  divided by the same for a bare handler that only imports boto3. Medians of --runs.
  The table read (boto3 import, client, GetItem) runs in a background thread during init;
  cold_init_all_done_ratio waits for it too, i.e. all the work a cold start does;
  cold_init_cpu_ratio compares CPU time (steadier than wall time on a busy machine).
- warm_overhead_p50_ms / _p99_ms: handler time minus backend time, local backend, warm.
- local_turn_p95_ms: LocalAgentBackend.respond alone, warm.
- zip_bytes: size of dist/src.python.runtime/lambda.zip, or null when it has not been built.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

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

_CHILD_OURS = """
import json, sys, time
event = json.loads(sys.argv[1])
c0 = time.process_time()
t0 = time.perf_counter()
from runtime.handler import lambda_handler
t1 = time.perf_counter()
response = lambda_handler(event, None)
t2 = time.perf_counter()
assert "sessionState" in response, response
from runtime.handler import get_app
store = get_app().store
if store._prefetch is not None:
    store._prefetch.join()
t3 = time.perf_counter()
print("BENCH " + json.dumps({
    "import_ms": (t1 - t0) * 1e3, "total_ms": (t2 - t0) * 1e3, "all_done_ms": (t3 - t0) * 1e3,
    "cpu_ms": (time.process_time() - c0) * 1e3,
}))
"""

_CHILD_BARE = """
import json, sys, time
event = json.loads(sys.argv[1])
c0 = time.process_time()
t0 = time.perf_counter()
import boto3
def lambda_handler(event, context):
    return {"sessionState": {"dialogAction": {"type": "ElicitIntent"}}}
t1 = time.perf_counter()
response = lambda_handler(event, None)
t2 = time.perf_counter()
print("BENCH " + json.dumps({
    "import_ms": (t1 - t0) * 1e3, "total_ms": (t2 - t0) * 1e3,
    "cpu_ms": (time.process_time() - c0) * 1e3,
}))
"""

_CHILD_IMPORT = """
import sys, time
import pydantic
t0 = time.perf_counter()
import aws_lambda_powertools.logging, aws_lambda_powertools.metrics
t1 = time.perf_counter()
import boto3
t2 = time.perf_counter()
print("BENCH " + '{"powertools_ms": %f, "boto3_ms": %f}' % ((t1 - t0) * 1e3, (t2 - t1) * 1e3))
"""


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


# ------------------------------------------------------------------ DynamoDB stand-in


def _persona_item() -> dict[str, Any]:
    from boto3.dynamodb.types import TypeSerializer

    from runtime.config import RuntimeConfig
    from runtime.content import content_root
    from runtime.persona.files import load_personas

    config = RuntimeConfig.from_env()
    personas = load_personas(content_root(config.content_dir) / "personas")
    persona = personas.get(config.default_persona_id) or next(iter(personas.values()))
    plain = persona.model_dump(mode="json", exclude={"schema_ref"})
    plain["version"] = 1
    serializer = TypeSerializer()
    return {k: serializer.serialize(v) for k, v in plain.items()}


class _DynamoStandIn(BaseHTTPRequestHandler):
    body = b"{}"

    def do_POST(self) -> None:  # noqa: N802 - the name http.server calls
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(200)
        self.send_header("Content-Type", "application/x-amz-json-1.0")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, format: str, *args: Any) -> None:
        return


def _start_dynamo() -> ThreadingHTTPServer:
    _DynamoStandIn.body = json.dumps({"Item": _persona_item()}).encode()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _DynamoStandIn)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


# ------------------------------------------------------------------ measurements


def _child_env(extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_LAMBDA")}
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p and Path(p).exists())
    env["PYTHONDONTWRITEBYTECODE"] = "0"
    env.update(extra)
    return env


def _run_child(code: str, env: dict[str, str], *args: str) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    for line in reversed(done.stdout.splitlines()):
        if line.startswith("BENCH "):
            result: dict[str, float] = json.loads(line[6:])
            return result
    raise RuntimeError(f"benchmark child failed (exit {done.returncode}):\n{done.stderr[-2000:]}")


def cold_init(runs: int) -> dict[str, Any]:
    server = _start_dynamo()
    try:
        event = json.dumps(lex_event(UTTERANCES[0], {"persona_id": "tangerine"}))
        ours_env = _child_env(
            {
                "PERSONA_TABLE_NAME": "bench-personas",
                "AWS_REGION": "us-east-1",
                "AWS_ACCESS_KEY_ID": "bench",
                "AWS_SECRET_ACCESS_KEY": "bench",
                "DYNAMODB_ENDPOINT_URL": f"http://127.0.0.1:{server.server_port}",
                "AGENT_BACKEND": "local",
                "AWS_LAMBDA_FUNCTION_NAME": "bench",  # import runs the init-phase warm-up
                "POWERTOOLS_METRICS_DISABLED": "false",
            }
        )
        bare_env = _child_env({})
        _run_child(_CHILD_OURS, ours_env, event)  # compile .pyc files once, outside the figures
        _run_child(_CHILD_BARE, bare_env, event)
        ours, bare, imports = [], [], []
        for _ in range(runs):  # interleaved, so both see the same machine load
            ours.append(_run_child(_CHILD_OURS, ours_env, event))
            bare.append(_run_child(_CHILD_BARE, bare_env, event))
            imports.append(_run_child(_CHILD_IMPORT, bare_env))
    finally:
        server.shutdown()
    ours_ms = statistics.median(r["total_ms"] for r in ours)
    bare_ms = statistics.median(r["total_ms"] for r in bare)
    done_ms = statistics.median(r["all_done_ms"] for r in ours)
    return {
        "cold_init_ratio": round(ours_ms / bare_ms, 3),
        "cold_init_all_done_ratio": round(done_ms / bare_ms, 3),
        "cold_init_cpu_ratio": round(
            statistics.median(r["cpu_ms"] for r in ours)
            / statistics.median(r["cpu_ms"] for r in bare),
            3,
        ),
        "cold_init_ms": round(ours_ms, 1),
        "cold_import_ms": round(statistics.median(r["import_ms"] for r in ours), 1),
        "bare_boto3_init_ms": round(bare_ms, 1),
        "powertools_import_ms": round(statistics.median(r["powertools_ms"] for r in imports), 1),
        "boto3_import_ms": round(statistics.median(r["boto3_ms"] for r in imports), 1),
    }


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
    parser.add_argument("--runs", type=int, default=5, help="fresh processes per cold figure")
    parser.add_argument("--turns", type=int, default=2000, help="warm turns to time")
    parser.add_argument("--zip", type=Path, default=ZIP_PATH, help="packaged Lambda zip")
    parser.add_argument("--skip-cold", action="store_true", help="warm figures only")
    parser.add_argument(
        "--skip-cloud", action="store_true", help="no cloud backends against the local endpoint"
    )
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)

    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory():
        if not args.skip_cold:
            figures.update(cold_init(max(args.runs, 1)))
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
        print(f"{key:24} {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
