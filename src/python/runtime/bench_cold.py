"""Cold start as Lambda pays for it: CPU time on one core, against the least a handler must do.

A 512 MB function has about a third of one vCPU, so every millisecond of CPU a cold start
spends (imports, the init-phase warm-up, the first turn, the persona prefetch in its background
thread) is a millisecond the caller waits. Each child process is pinned to one core
(`sched_setaffinity`, what `taskset -c N` does), so a background thread gets no free core.

- ours: `runtime.handler` imported with Lambda's init-phase warm-up, one Lex voice turn, and the
  persona prefetch joined (it must have read the table).
- baseline: what any persona-aware handler must do: import boto3, create the DynamoDB client,
  read one persona item.

Both read the same item from a DynamoDB stand-in on 127.0.0.1 (real boto3 over HTTP, DynamoDB's
JSON wire format). The code under test is the unpacked Lambda zip when it is built and matches
the sources (what Lambda imports: no bytecode unless the zip ships it; boto3 and the standard
library come compiled, as the runtime provides them); otherwise the sources, with bytecode
cached (which flatters them).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

TABLE = "bench-personas"
REGION = "us-east-1"
MIN_RUNS = 7

_CHILD_OURS = """
import json, sys, time
event = json.loads(sys.argv[1])
c0 = time.process_time()
t0 = time.perf_counter()
from runtime.handler import lambda_handler
t1 = time.perf_counter()
response = lambda_handler(event, None)
t2 = time.perf_counter()
c2 = time.process_time()
assert "sessionState" in response, response
from runtime.handler import get_app
store = get_app().store
store._prefetch.join()
assert store.get(None).source == "cache", "the prefetch did not read the table"
print("BENCH " + json.dumps({
    "import_ms": (t1 - t0) * 1e3, "reply_ms": (t2 - t0) * 1e3,
    "wall_ms": (time.perf_counter() - t0) * 1e3,
    "reply_cpu_ms": (c2 - c0) * 1e3, "cpu_ms": (time.process_time() - c0) * 1e3,
}))
"""

_CHILD_BASELINE = """
import json, os, sys, time
event = json.loads(sys.argv[1])
c0 = time.process_time()
t0 = time.perf_counter()
import boto3
region, endpoint = os.environ["AWS_REGION"], os.environ["DYNAMODB_ENDPOINT_URL"]
client = boto3.session.Session().client("dynamodb", region_name=region, endpoint_url=endpoint)
t1 = time.perf_counter()
def lambda_handler(event, context):
    key = {"id": {"S": "tangerine"}}
    item = client.get_item(TableName=os.environ["PERSONA_TABLE_NAME"], Key=key)["Item"]
    text = item["greeting"]["S"]
    return {"sessionState": {"dialogAction": {"type": "ElicitIntent"}},
            "messages": [{"contentType": "PlainText", "content": text}]}
response = lambda_handler(event, None)
t2 = time.perf_counter()
assert response["messages"][0]["content"], response
print("BENCH " + json.dumps({
    "import_ms": (t1 - t0) * 1e3, "reply_ms": (t2 - t0) * 1e3, "wall_ms": (t2 - t0) * 1e3,
    "reply_cpu_ms": (time.process_time() - c0) * 1e3, "cpu_ms": (time.process_time() - c0) * 1e3,
}))
"""

_CHILD_IMPORTS = """
import time
import pydantic
t0 = time.perf_counter()
import aws_lambda_powertools.logging, aws_lambda_powertools.metrics
t1 = time.perf_counter()
import boto3
t2 = time.perf_counter()
print("BENCH " + '{"powertools_ms": %f, "boto3_ms": %f}' % ((t1 - t0) * 1e3, (t2 - t1) * 1e3))
"""


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
    """Answers every DynamoDB call (GetItem is the only one made) with the persona item."""

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


@contextmanager
def dynamodb_stand_in() -> Iterator[str]:
    """A DynamoDB endpoint on 127.0.0.1 that serves the default persona's item; yields its URL."""
    _DynamoStandIn.body = json.dumps({"Item": _persona_item()}).encode()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _DynamoStandIn)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


# ------------------------------------------------------------------ the code under test


@dataclass(frozen=True)
class CodeUnderTest:
    """Where the children import `runtime` from, and what that means for the figures."""

    path: tuple[str, ...]  # sys.path entries before the environment's own
    label: str  # "zip" or "sources (...)"
    cwd: str  # the children's working directory: `python -c` puts it first on sys.path


def zip_mismatch(lambda_zip: Path) -> str | None:
    """Why `lambda_zip` is not the code the bench was built from, or None when it is."""
    import runtime
    from runtime.content import content_root
    from runtime.knowledge.bundle import bundle_path

    local = {"runtime": Path(runtime.__file__).parent, "content": content_root()}
    # built when the zip is packaged, from the articles compared here
    built = {bundle_path(Path("content/knowledge-base")).as_posix()}
    with zipfile.ZipFile(lambda_zip) as bundle:
        for name in bundle.namelist():
            top, _, rest = name.partition("/")
            if top not in local or not rest or name.endswith("/") or "__pycache__" in name:
                continue
            if name in built:
                continue
            mine = local[top] / rest
            if not mine.is_file():
                return f"{name} is in the zip but not in the sources"
            if mine.read_bytes() != bundle.read(name):
                return f"{name} differs from the sources"
    return None


@contextmanager
def code_under_test(lambda_zip: Path) -> Iterator[CodeUnderTest]:
    """The unpacked zip when it matches the sources; else the sources themselves."""
    stale = zip_mismatch(lambda_zip) if lambda_zip.is_file() else "zip not built"
    with tempfile.TemporaryDirectory(prefix="bench-task-") as task:
        if stale is not None:  # an empty folder to run in: nothing there shadows the sources
            yield CodeUnderTest((), f"sources ({stale}; bytecode cached)", task)
            return
        with zipfile.ZipFile(lambda_zip) as bundle:
            bundle.extractall(task)
        yield CodeUnderTest((task,), "zip", task)  # Lambda runs in /var/task too


# ------------------------------------------------------------------ children


def _environment_path() -> list[str]:
    """This process's sys.path, absolute: the children run in another folder."""
    return [str(Path(p or ".").resolve()) for p in sys.path if Path(p or ".").exists()]


def _child_env(
    code: CodeUnderTest, extra: dict[str, str], *, write_bytecode: bool
) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "PYTHON"))}
    env["PYTHONPATH"] = os.pathsep.join([*code.path, *_environment_path()])
    if not write_bytecode:
        env["PYTHONDONTWRITEBYTECODE"] = "1"  # any non-empty value, even "0", means "do not"
    env.update(extra)
    return env


def run_child(
    script: str, code: CodeUnderTest, env: dict[str, str], core: int | None, *args: str
) -> dict[str, float]:
    """Run `script` in a fresh interpreter in `code.cwd`, pinned to `core` before it starts
    timing; the figures of its `BENCH {json}` line."""
    pin = f"import os; os.sched_setaffinity(0, {{{core}}})\n" if core is not None else ""
    done = subprocess.run(
        [sys.executable, "-c", pin + script, *args],
        cwd=code.cwd,
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


def pick_core(requested: int | None = None) -> int | None:
    """The core the children run on: `requested`, else the last one this process may use."""
    allowed = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    if requested is not None:
        if allowed and requested not in allowed:
            raise ValueError(f"--core {requested}: this process may use cores {allowed}")
        return requested
    return allowed[-1] if allowed else None


@contextmanager
def _off_core(core: int | None) -> Iterator[None]:
    """Keep this thread, and the threads it starts, off the children's core when it can."""
    if core is None or not hasattr(os, "sched_setaffinity"):
        yield
        return
    before = os.sched_getaffinity(0)
    others = before - {core}
    if others:
        os.sched_setaffinity(0, others)
    try:
        yield
    finally:
        os.sched_setaffinity(0, before)


# ------------------------------------------------------------------ figures


def _median(runs: Sequence[dict[str, float]], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def _spread(values: Sequence[float], digits: int = 1) -> list[float]:
    return [round(min(values), digits), round(max(values), digits)]


def summarize(ours: Sequence[dict[str, float]], base: Sequence[dict[str, float]]) -> dict[str, Any]:
    """Figures from interleaved runs (ours[i] and base[i] ran back to back)."""
    ours_cpu, base_cpu = _median(ours, "cpu_ms"), _median(base, "cpu_ms")
    pair_ratios = [o["cpu_ms"] / b["cpu_ms"] for o, b in zip(ours, base, strict=True)]
    return {
        # the headline: all the CPU a cold start spends, on one core, against the baseline
        "cold_init_ratio": round(ours_cpu / base_cpu, 3),
        "cold_init_ratio_spread": _spread(pair_ratios, 3),
        "cold_init_cpu_ms": round(ours_cpu, 1),
        "cold_init_cpu_spread_ms": _spread([r["cpu_ms"] for r in ours]),
        "cold_reply_cpu_ms": round(_median(ours, "reply_cpu_ms"), 1),
        "baseline_cpu_ms": round(base_cpu, 1),
        "baseline_cpu_spread_ms": _spread([r["cpu_ms"] for r in base]),
        # wall time on the same one core, beside the CPU time
        "cold_init_wall_ms": round(_median(ours, "wall_ms"), 1),
        "cold_init_wall_spread_ms": _spread([r["wall_ms"] for r in ours]),
        "baseline_wall_ms": round(_median(base, "wall_ms"), 1),
        "cold_init_cpu_ratio": round(ours_cpu / base_cpu, 3),  # the headline's older name
        "cold_init_all_done_ratio": round(_median(ours, "wall_ms") / _median(base, "wall_ms"), 3),
        # until the first reply is sent (wall): what the first caller waits for
        "cold_init_ms": round(_median(ours, "reply_ms"), 1),
        "cold_import_ms": round(_median(ours, "import_ms"), 1),
        "bare_boto3_init_ms": round(_median(base, "reply_ms"), 1),
    }


def cold_init(
    runs: int, lambda_zip: Path, event: dict[str, Any], core: int | None = None
) -> dict[str, Any]:
    """Ours and the baseline, `runs` times each, interleaved, answering `event`: the figures."""
    runs = max(runs, 1)
    pinned = pick_core(core)
    payload = json.dumps(event)
    load_before = os.getloadavg()
    # Off the children's core first: the stand-in's threads inherit this thread's cores.
    with _off_core(pinned), dynamodb_stand_in() as endpoint, code_under_test(lambda_zip) as code:
        table = {
            "AWS_REGION": REGION,
            "AWS_DEFAULT_REGION": REGION,
            "AWS_ACCESS_KEY_ID": "bench",
            "AWS_SECRET_ACCESS_KEY": "bench",
            "DYNAMODB_ENDPOINT_URL": endpoint,
            "PERSONA_TABLE_NAME": TABLE,
        }
        ours_env = _child_env(
            code,
            {
                **table,
                "AGENT_BACKEND": "local",
                "AWS_LAMBDA_FUNCTION_NAME": "bench",  # import runs the init-phase warm-up
                "POWERTOOLS_METRICS_DISABLED": "false",
            },
            write_bytecode=code.label != "zip",
        )
        base_env = _child_env(code, table, write_bytecode=False)
        # Once outside the figures: the runtime provides boto3 and the standard library
        # compiled, so their bytecode is written here; the disk cache warms for both.
        run_child(
            _CHILD_BASELINE, code, _child_env(code, table, write_bytecode=True), pinned, payload
        )
        run_child(_CHILD_OURS, code, ours_env, pinned, payload)
        ours, base, imports = [], [], []
        for _ in range(runs):  # interleaved, so both see the same machine load
            ours.append(run_child(_CHILD_OURS, code, ours_env, pinned, payload))
            base.append(run_child(_CHILD_BASELINE, code, base_env, pinned, payload))
            imports.append(run_child(_CHILD_IMPORTS, code, base_env, pinned))
    figures = summarize(ours, base)
    figures.update(
        {
            "powertools_import_ms": round(_median(imports, "powertools_ms"), 1),
            "boto3_import_ms": round(_median(imports, "boto3_ms"), 1),
            "cold_runs": runs,
            "cold_code": code.label,
            "cold_core": pinned,
            "load_average": [round(load_before[0], 2), round(os.getloadavg()[0], 2)],
        }
    )
    return figures
