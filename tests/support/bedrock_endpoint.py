"""A local Bedrock endpoint that speaks the real wire formats, for real boto3 clients.

`FakeBedrock` serves on 127.0.0.1 (ephemeral port, stdlib http.server in a daemon thread):

- bedrock-agent-runtime InvokeAgent  POST /agents/{id}/agentAliases/{alias}/sessions/{sid}/text
  (application/vnd.amazon.eventstream, chunked, correct CRCs: chunk, returnControl, trace events)
- bedrock-agent-runtime Retrieve     POST /knowledgebases/{id}/retrieve
- bedrock-runtime Converse           POST /model/{modelId}/converse

Point a client at it with endpoint_url=fake.url. Every request is recorded (operation, path,
headers, parsed JSON body) so a test can assert what the backend sent. `use(scenario)` picks how
the next requests are answered; see SCENARIOS. `script(...)` queues what the model says in the
next Converse answers (not routing calls), one entry per call: a `ModelSays`, or a scenario name.
A scripted call of a tool the request did not offer is answered with a 400, so a test fails.
"""

from __future__ import annotations

import contextlib
import json
import re
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal, get_args
from urllib.parse import unquote

from tests.support import eventstream as es

Operation = Literal["invoke_agent", "retrieve", "converse"]
Scenario = Literal[
    "normal",  # a plain answer
    "many_chunks",  # InvokeAgent: the answer in many small chunk events, flushed one by one
    "citations",  # InvokeAgent: a chunk with attribution/citations to a KB article
    "return_control",  # InvokeAgent: the Escalation agent returns control (escalate_to_human)
    "tool_use",  # Converse: the model calls the tool it was offered (escalate_to_human if none)
    "guardrail",  # Converse: stopReason guardrail_intervened; InvokeAgent: blocked message
    "throttle",  # HTTP 429 ThrottlingException
    "server_error",  # HTTP 500 InternalServerException
    "slow",  # answers after `slow_s` seconds (longer than any deadline)
    "cut_mid_frame",  # the connection drops half-way through a frame / the body
    "truncated",  # a complete HTTP response whose body stops half-way (JSON or frame)
    "bad_crc",  # InvokeAgent: a frame with a wrong message CRC; Converse: an invalid body
    "garbage",  # 200 with bytes that are neither event-stream nor JSON
    "stream_exception",  # InvokeAgent: an in-stream throttlingException event
    "empty",  # InvokeAgent: a stream with no events; Converse: no text at all
]
SCENARIOS: tuple[str, ...] = get_args(Scenario)

DEFAULT_REPLY = (
    "Let's try a different USB port first. Unplug the headset, wait five seconds, "
    "and plug it into a port directly on the computer."
)
AGENT_TOKENS = (640, 48)  # InvokeAgent's usage, in a trace event (only with enableTrace)
DEFAULT_ARTICLE_URI = "s3://headset-kb-bucket/knowledge-base/usb/not-detected.md"

_ROUTES: list[tuple[Operation, re.Pattern[str]]] = [
    (
        "invoke_agent",
        re.compile(
            r"^/agents/(?P<agent>[^/]+)/agentAliases/(?P<alias>[^/]+)/sessions/(?P<session>[^/]+)/text$"
        ),
    ),
    ("retrieve", re.compile(r"^/knowledgebases/(?P<kb>[^/]+)/retrieve$")),
    ("converse", re.compile(r"^/model/(?P<model>[^/]+)/converse$")),
]

_KEYWORDS: list[tuple[str, str, str]] = [
    ("bluetooth", "diagnostic", "bluetooth"),
    ("pair", "diagnostic", "bluetooth"),
    ("usb", "diagnostic", "usb"),
    ("windows", "platform", "windows"),
    ("genesys", "platform", "genesys-cloud"),
    ("broken", "escalation", ""),
    ("person", "escalation", ""),
]


@dataclass(frozen=True)
class ModelSays:
    """One scripted Converse answer: words, and optionally a call of one offered tool."""

    text: str = ""
    tool: str | None = None
    input: dict[str, Any] = field(default_factory=dict)


@dataclass
class Recorded:
    """One request the fake received."""

    operation: Operation
    path: str
    params: dict[str, str]
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class FakeBedrock:
    """State shared with the request handler; tests program it between calls."""

    host: str = "127.0.0.1"
    port: int = 0
    reply_text: str = DEFAULT_REPLY
    article_uri: str = DEFAULT_ARTICLE_URI
    escalation_reason: str = "damage"  # a reason code, as the agents' instructions list them
    slow_s: float = 5.0
    chunk_count: int = 12
    # Routing answer for the Converse classifier call (tool route_turn); None: keyword guess.
    route: dict[str, str] | None = None
    requests: list[Recorded] = field(default_factory=list)
    _scenarios: dict[str, Scenario] = field(default_factory=dict)
    _script: deque[ModelSays | Scenario] = field(default_factory=deque)
    _stop: threading.Event = field(default_factory=threading.Event)
    _server: ThreadingHTTPServer | None = None
    _thread: threading.Thread | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    # --- lifecycle ---
    def start(self) -> FakeBedrock:
        fake = self

        class Handler(_Handler):
            owner = fake

        self._server = ThreadingHTTPServer((self.host, self.port), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="fake-bedrock", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    # --- programming ---
    def use(self, scenario: Scenario, *, only: Operation | None = None) -> None:
        """Answer requests (all operations, or `only` one) with `scenario` until reset()."""
        if scenario not in SCENARIOS:
            raise ValueError(f"unknown scenario {scenario!r}; choose one of {SCENARIOS}")
        with self._lock:
            if only is None:
                self._scenarios = {"*": scenario}
            else:
                self._scenarios[only] = scenario

    def script(self, *answers: ModelSays | Scenario) -> None:
        """The next Converse answers, in order; after them, the scenario in use again."""
        for answer in answers:
            if not isinstance(answer, ModelSays) and answer not in SCENARIOS:
                raise ValueError(f"unknown scenario {answer!r}; choose one of {SCENARIOS}")
        with self._lock:
            self._script.extend(answers)

    def next_scripted(self) -> ModelSays | Scenario | None:
        with self._lock:
            return self._script.popleft() if self._script else None

    def scenario_for(self, operation: Operation) -> Scenario:
        with self._lock:
            return self._scenarios.get(operation, self._scenarios.get("*", "normal"))

    def reset(self) -> None:
        with self._lock:
            self._scenarios = {}
            self._script.clear()
            self.requests.clear()
        self.reply_text = DEFAULT_REPLY
        self.route = None
        self.slow_s = 5.0

    def calls(self, operation: Operation) -> list[Recorded]:
        return [r for r in list(self.requests) if r.operation == operation]

    def wait(self, seconds: float) -> None:
        """Sleep that ends early when the server stops."""
        self._stop.wait(seconds)


class _Handler(BaseHTTPRequestHandler):
    owner: FakeBedrock
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out as separate writes: no 40 ms stall

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: tests assert on recorded requests, not on stderr."""

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else {}
        except ValueError:
            body = {"_unparsed": raw.decode("utf-8", "replace")}
        path = self.path.split("?", 1)[0]
        for operation, pattern in _ROUTES:
            match = pattern.match(path)
            if match:
                params = {k: unquote(v) for k, v in match.groupdict().items()}
                headers = {k.lower(): v for k, v in self.headers.items()}
                self.owner.requests.append(Recorded(operation, path, params, headers, body))
                scenario = self.owner.scenario_for(operation)
                # the client may have given up (its deadline), as a real client would
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    _RESPONDERS[operation](self, scenario, params, body)
                return
        self._json(404, {"message": f"no fake for {path}"}, error="ResourceNotFoundException")

    # --- plain JSON (rest-json) ---
    def _json(self, status: int, doc: dict[str, Any], *, error: str | None = None) -> None:
        data = json.dumps(doc).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("x-amzn-RequestId", "fake-request-id")
        if error:
            self.send_header("x-amzn-ErrorType", f"{error}:http://internal.amazon.com/")
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()

    def _common_failure(self, scenario: Scenario) -> bool:
        """Failures that look the same for every operation; True when answered."""
        if scenario == "throttle":
            self._json(429, {"message": "Rate exceeded"}, error="ThrottlingException")
            return True
        if scenario == "server_error":
            self._json(500, {"message": "Internal failure"}, error="InternalServerException")
            return True
        if scenario == "slow":
            self.owner.wait(self.owner.slow_s)
            return False  # then answer normally, far too late
        return False

    def _json_ok(self, scenario: Scenario, doc: dict[str, Any]) -> None:
        if scenario == "cut_mid_frame":
            data = json.dumps(doc).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self._drop()
            return
        if scenario == "truncated":
            data = json.dumps(doc).encode()
            data = data[: len(data) // 2]
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return
        if scenario in ("garbage", "bad_crc"):
            data = b"\x00\x17<html>upstream said \xff\xfe no</html>"
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return
        self._json(200, doc)

    # --- event stream (chunked) ---
    def _stream_start(self, session_id: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/vnd.amazon.eventstream")
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("x-amzn-bedrock-agent-content-type", "application/json")
        self.send_header("x-amz-bedrock-agent-session-id", session_id)
        self.send_header("x-amzn-RequestId", "fake-request-id")
        self.end_headers()

    def _send_chunk(self, data: bytes) -> None:
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()

    def _stream_end(self) -> None:
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def _drop(self) -> None:
        """Drop the connection without finishing the response (a network cut)."""
        self.close_connection = True
        self.wfile.flush()
        self.connection.shutdown(2)


def _chunk(text: str, attribution: dict[str, Any] | None = None) -> bytes:
    import base64

    body: dict[str, Any] = {"bytes": base64.b64encode(text.encode()).decode()}
    if attribution is not None:
        body["attribution"] = attribution
    return es.event("chunk", body)


def _citation(text: str, uri: str, category: str) -> dict[str, Any]:
    return {
        "citations": [
            {
                "generatedResponsePart": {
                    "textResponsePart": {"text": text, "span": {"start": 0, "end": len(text) - 1}}
                },
                "retrievedReferences": [
                    {
                        "content": {"text": "Unplug the headset and try another port."},
                        "location": {"type": "S3", "s3Location": {"uri": uri}},
                        "metadata": {"category": category},
                    }
                ],
            }
        ]
    }


def _category_of(uri: str) -> str:
    parts = uri.split("/")
    return parts[-2] if len(parts) >= 2 else "usb"


def _trace(agent: str, kind: str) -> bytes:
    return es.event(
        "trace",
        {
            "agentId": "SUPERVISOR",
            "agentAliasId": "ALIAS",
            "sessionId": "s",
            "collaboratorName": agent,
            "trace": {
                "orchestrationTrace": {
                    "invocationInput": {
                        "invocationType": kind,
                        "traceId": "trace-1",
                    }
                }
            },
        },
    )


def _usage_trace(agent: str, input_tokens: int, output_tokens: int) -> bytes:
    """An orchestration step's model output: the only place InvokeAgent reports token usage."""
    return es.event(
        "trace",
        {
            "agentId": "SUPERVISOR",
            "agentAliasId": "ALIAS",
            "sessionId": "s",
            "collaboratorName": agent,
            "trace": {
                "orchestrationTrace": {
                    "modelInvocationOutput": {
                        "traceId": "trace-1",
                        "metadata": {
                            "usage": {"inputTokens": input_tokens, "outputTokens": output_tokens}
                        },
                    }
                }
            },
        },
    )


def _respond_invoke_agent(
    h: _Handler, scenario: Scenario, params: dict[str, str], body: dict[str, Any]
) -> None:
    owner = h.owner
    if h._common_failure(scenario):
        return
    text = owner.reply_text
    h._stream_start(params["session"])
    if body.get("enableTrace"):  # as Bedrock does: no traces, no usage, unless asked
        h._send_chunk(_trace("diagnostic", "AGENT_COLLABORATOR"))
        h._send_chunk(_usage_trace("diagnostic", *AGENT_TOKENS))
    if scenario == "many_chunks":
        n = max(1, owner.chunk_count)
        size = max(1, len(text) // n + 1)
        for i in range(0, len(text), size):
            h._send_chunk(_chunk(text[i : i + size]))
    elif scenario == "citations":
        h._send_chunk(
            _chunk(text, _citation(text, owner.article_uri, _category_of(owner.article_uri)))
        )
    elif scenario == "return_control":
        h._send_chunk(
            es.event(
                "returnControl",
                {
                    "invocationId": "inv-1",
                    "invocationInputs": [
                        {
                            "functionInvocationInput": {
                                "actionGroup": "escalation-actions",
                                "actionInvocationType": "RESULT",
                                "agentId": "ESCALATION",
                                "collaboratorName": "escalation",
                                "function": "escalate_to_human",
                                "parameters": [
                                    {
                                        "name": "reason",
                                        "type": "string",
                                        "value": owner.escalation_reason,
                                    },
                                    {
                                        "name": "summary",
                                        "type": "string",
                                        "value": "Headband cracked.",
                                    },
                                ],
                            }
                        }
                    ],
                },
            )
        )
    elif scenario == "guardrail":
        h._send_chunk(_chunk("Sorry, I can only help with headset questions."))
    elif scenario == "cut_mid_frame":
        frame = _chunk(text)
        h._send_chunk(frame[: len(frame) // 2])
        h._drop()
        return
    elif scenario == "truncated":
        frame = _chunk(text)
        h._send_chunk(frame[: len(frame) // 2])
    elif scenario == "bad_crc":
        h._send_chunk(es.corrupt_crc(_chunk(text)))
    elif scenario == "garbage":
        h._send_chunk(b"\x00\x00\x00\x10garbage-not-a-frame\xff\xfe\x00\x01" * 4)
    elif scenario == "stream_exception":
        h._send_chunk(es.exception("throttlingException", "Rate exceeded mid-stream"))
    elif scenario == "empty":
        pass
    else:
        h._send_chunk(_chunk(text))
    h._stream_end()


def _keyword_route(body: dict[str, Any]) -> dict[str, str]:
    messages = body.get("messages") or []
    text = ""
    if messages:
        text = " ".join(c.get("text", "") for c in messages[-1].get("content", [])).lower()
    for word, agent, category in _KEYWORDS:
        if word in text:
            return {"agent": agent, "category": category}
    return {"agent": "supervisor", "category": ""}


def _converse_doc(content: list[dict[str, Any]], stop: str) -> dict[str, Any]:
    return {
        "output": {"message": {"role": "assistant", "content": content}},
        "stopReason": stop,
        "usage": {"inputTokens": 812, "outputTokens": 64, "totalTokens": 876},
        "metrics": {"latencyMs": 420},
    }


def _offered_tools(body: dict[str, Any]) -> list[str]:
    tools = (body.get("toolConfig") or {}).get("tools") or []
    return [t["toolSpec"]["name"] for t in tools if "toolSpec" in t]


def _respond_converse(
    h: _Handler, scenario: Scenario, params: dict[str, str], body: dict[str, Any]
) -> None:
    owner = h.owner
    choice = ((body.get("toolConfig") or {}).get("toolChoice") or {}).get("tool") or {}
    routing = choice.get("name") == "route_turn"
    scripted = None if routing else owner.next_scripted()
    if isinstance(scripted, ModelSays):
        _respond_scripted(h, body, scripted)
        return
    scenario = scripted or scenario
    if h._common_failure(scenario):
        return
    if routing and scenario in ("normal", "slow", "tool_use"):
        route = owner.route or _keyword_route(body)
        h._json_ok(
            scenario,
            _converse_doc(
                [{"toolUse": {"toolUseId": "route-1", "name": "route_turn", "input": route}}],
                "tool_use",
            ),
        )
        return
    if scenario == "tool_use":
        tool = next(iter(_offered_tools(body)), "escalate_to_human")
        doc = _converse_doc(
            [
                {"text": "I'll get a colleague to help you with that."},
                {
                    "toolUse": {
                        "toolUseId": "tool-1",
                        "name": tool,
                        "input": {
                            "reason": owner.escalation_reason,
                            "summary": "Headband cracked.",
                        },
                    }
                },
            ],
            "tool_use",
        )
    elif scenario == "guardrail":
        doc = _converse_doc(
            [{"text": "Sorry, the model cannot answer this question."}], "guardrail_intervened"
        )
    elif scenario == "empty":
        doc = _converse_doc([], "end_turn")
    else:
        doc = _converse_doc([{"text": owner.reply_text}], "end_turn")
    h._json_ok(scenario, doc)


def _respond_scripted(h: _Handler, body: dict[str, Any], says: ModelSays) -> None:
    content: list[dict[str, Any]] = [{"text": says.text}] if says.text else []
    if says.tool is not None:
        offered = _offered_tools(body)
        if says.tool not in offered:
            h._json(
                400,
                {"message": f"the script calls {says.tool!r}, but the request offered {offered}"},
                error="ValidationException",
            )
            return
        content.append({"toolUse": {"toolUseId": "tool-1", "name": says.tool, "input": says.input}})
    h._json(200, _converse_doc(content, "tool_use" if says.tool else "end_turn"))


def _respond_retrieve(
    h: _Handler, scenario: Scenario, params: dict[str, str], body: dict[str, Any]
) -> None:
    owner = h.owner
    if h._common_failure(scenario):
        return
    search = (body.get("retrievalConfiguration") or {}).get("vectorSearchConfiguration") or {}
    equals = (search.get("filter") or {}).get("equals") or {}
    category = equals.get("value", "usb") if equals.get("key") == "category" else "usb"
    doc = {
        "retrievalResults": [
            {
                "content": {"type": "TEXT", "text": "Steps: 1. Try another USB port. 2. Restart."},
                "location": {"type": "S3", "s3Location": {"uri": owner.article_uri}},
                "metadata": {"category": category, "title": "USB headset not detected"},
                "score": 0.82,
            },
            {
                "content": {"type": "TEXT", "text": "Hubs can starve a headset of power."},
                "location": {
                    "type": "S3",
                    "s3Location": {
                        "uri": owner.article_uri.rsplit("/", 1)[0] + "/hubs-and-docks.md"
                    },
                },
                "metadata": {"category": category},
                "score": 0.61,
            },
        ]
    }
    # Retrieve has no stream; keep the JSON failure modes only.
    h._json_ok("normal" if scenario in ("tool_use", "guardrail", "empty") else scenario, doc)


_RESPONDERS = {
    "invoke_agent": _respond_invoke_agent,
    "retrieve": _respond_retrieve,
    "converse": _respond_converse,
}


def start_fake_bedrock() -> FakeBedrock:
    """Start a fake on an ephemeral port; call .stop() when done."""
    fake = FakeBedrock().start()
    deadline = time.monotonic() + 2
    while fake.port == 0 and time.monotonic() < deadline:  # pragma: no cover - port is set on bind
        time.sleep(0.01)
    return fake
