"""A local CloudWatch Logs endpoint: moto for everything, plus the Logs Insights queries moto
cannot run, in the real JSON 1.1 wire format.

moto 5 stores log groups and events and accepts StartQuery, but its GetQueryResults only knows
raw events (@timestamp, @message, sort, limit): no filter on a JSON field, no stats. This
endpoint forwards every request to a moto server unchanged, except GetQueryResults for the
queries started through it: those it answers itself, running the query over the events moto
holds. The evaluator knows what our queries use (filter with = and `and`; stats count(*) and
sum(strcontains(f, "v")) ... by f, ...; sort; limit) and answers anything else with
MalformedQueryException, so a changed query cannot pass untested.

    with LogsInsights() as logs:   # moto server + this endpoint, both on 127.0.0.1
        logs.url                   # AWS_ENDPOINT_URL_CLOUDWATCH_LOGS for the code under test
        logs.moto_url              # any other service (SSM) straight to moto
"""

from __future__ import annotations

import json
import re
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

from moto.server import ThreadedMotoServer

if TYPE_CHECKING:
    from collections.abc import Callable

Event = dict[str, Any]
_TARGET = "Logs_20140328."


class MalformedQuery(ValueError):
    """A query this evaluator does not know: the message names the part."""


# ---- the evaluator ---------------------------------------------------------------------------

_CLAUSE = re.compile(r'^\s*([\w.@]+)\s*(=|!=)\s*"([^"]*)"\s*$')
_AGGREGATE = re.compile(r"^\s*(\w+)\((.*)\)\s+as\s+(\w+)\s*$", re.S)
_STRCONTAINS = re.compile(r'^\s*strcontains\(\s*([\w.@]+)\s*,\s*"([^"]*)"\s*\)\s*$')


def _split(text: str, sep: str = ",") -> list[str]:
    """Split at `sep` outside parentheses and quotes."""
    parts, depth, quoted, start = [], 0, False, 0
    for i, char in enumerate(text):
        if char == '"':
            quoted = not quoted
        elif not quoted and char == "(":
            depth += 1
        elif not quoted and char == ")":
            depth -= 1
        elif not quoted and depth == 0 and text.startswith(sep, i):
            parts.append(text[start:i])
            start = i + len(sep)
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def _number(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


def _text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.3f}"


def _aggregate(spec: str) -> tuple[str, Callable[[list[Event]], float]]:
    match = _AGGREGATE.match(spec)
    if match is None:
        raise MalformedQuery(f"stats: cannot read {spec!r} (write `fn(args) as name`)")
    name, args, alias = match[1], match[2].strip(), match[3]
    if name == "count" and args == "*":
        return alias, len
    inner = _STRCONTAINS.match(args)
    if name == "sum" and inner is not None:
        key, needle = inner[1], inner[2]
        return alias, lambda rows: sum(needle in str(r.get(key, "")) for r in rows)
    raise MalformedQuery(f"stats: {name}({args}) is not supported here")


def run_query(query: str, events: list[Event]) -> list[list[dict[str, str]]]:
    """The query's result rows over `events` (JSON log lines, already parsed)."""
    rows: list[Event] = list(events)
    grouped = False
    for command in _split(query, "|"):
        verb, _, rest = command.partition(" ")
        rest = " ".join(rest.split())
        if verb == "filter":
            clauses = []
            for clause in re.split(r"\s+and\s+", rest):
                match = _CLAUSE.match(clause)
                if match is None:
                    raise MalformedQuery(f"filter: cannot read {clause!r}")
                clauses.append((match[1], match[2], match[3]))
            rows = [
                r for r in rows if all((str(r.get(k)) == v) == (op == "=") for k, op, v in clauses)
            ]
        elif verb == "stats":
            body, _, by = rest.partition(" by ")
            aggregates = [_aggregate(spec) for spec in _split(body)]
            keys = _split(by)
            groups: dict[tuple[Any, ...], list[Event]] = {}
            for row in rows:
                groups.setdefault(tuple(row.get(k) for k in keys), []).append(row)
            rows = []
            for values, members in groups.items():
                out: Event = {k: v for k, v in zip(keys, values, strict=True) if v is not None}
                out.update({alias: fn(members) for alias, fn in aggregates})
                rows.append(out)
            grouped = True
        elif verb == "sort":
            key, _, order = rest.partition(" ")
            if order not in ("", "asc", "desc"):
                raise MalformedQuery(f"sort: {order!r} is not asc or desc")
            rows.sort(key=lambda r: _number(r.get(key)), reverse=order == "desc")
        elif verb == "limit":
            rows = rows[: int(rest)]
        else:
            raise MalformedQuery(f"{verb!r} is not supported here")
    if not grouped:
        raise MalformedQuery("only stats queries are supported here")
    return [
        [
            {"field": k, "value": _text(v) if isinstance(v, int | float) else str(v)}
            for k, v in row.items()
        ]
        for row in rows
    ]


# ---- the endpoint ----------------------------------------------------------------------------


@dataclass
class _Query:
    group: str
    start: int
    end: int
    text: str
    polls: int = 0
    stopped: bool = False


@dataclass
class LogsInsights:
    """moto server + the Logs Insights endpoint in front of it."""

    running_polls: int = 0  # GetQueryResults answers "Running" this many times first
    final_status: str = "Complete"
    queries: dict[str, _Query] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._moto = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> LogsInsights:
        self._moto.start()
        self._thread.start()
        # moto's backends live in the process, not the server: start from an empty account
        reset = urllib.request.Request(f"{self.moto_url}/moto-api/reset", method="POST")
        urllib.request.urlopen(reset, timeout=10).close()  # (the local moto server)
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._moto.stop()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def moto_url(self) -> str:
        host, port = self._moto.get_host_and_port()
        return f"http://{host}:{port}"

    def events(self, query: _Query) -> list[Event]:
        """The JSON events of the query's group and window, read from moto like any client."""
        import boto3

        logs = boto3.client("logs", endpoint_url=self.moto_url, region_name="us-east-1")
        found: list[Event] = []
        kwargs: dict[str, Any] = {
            "logGroupName": query.group,
            "startTime": query.start * 1000,
            "endTime": query.end * 1000,
        }
        while True:
            page = logs.filter_log_events(**kwargs)
            for event in page.get("events", []):
                try:
                    parsed = json.loads(event["message"])
                except ValueError:
                    continue  # not JSON: Logs Insights discovers no fields in it
                if isinstance(parsed, dict):
                    found.append(parsed)
            if not page.get("nextToken"):
                return found
            kwargs["nextToken"] = page["nextToken"]

    def _answer(self, target: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]] | None:
        """Our answer to GetQueryResults and StopQuery (moto has no StopQuery) for our queries;
        None: let moto answer."""
        query = self.queries.get(body.get("queryId", ""))
        if query is None or target not in ("GetQueryResults", "StopQuery"):
            return None
        if target == "StopQuery":
            query.stopped = True
            return 200, {"success": True}
        query.polls += 1
        if query.polls <= self.running_polls:
            return 200, {"status": "Running", "results": [], "statistics": {}}
        try:
            events = self.events(query)
            results = run_query(query.text, events)
        except MalformedQuery as e:
            return 400, {"__type": "MalformedQueryException", "message": str(e)}
        return 200, {
            "status": self.final_status,
            "results": results if self.final_status == "Complete" else [],
            "statistics": {
                "recordsMatched": float(len(results)),
                "recordsScanned": float(len(events)),
                "bytesScanned": float(sum(len(json.dumps(e)) for e in events)),
            },
        }

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                target = (self.headers.get("X-Amz-Target") or "").removeprefix(_TARGET)
                body = json.loads(raw or b"{}")
                answer = endpoint._answer(target, body)
                if answer is not None:
                    self._send(*answer)
                    return
                status, data = self._forward(raw)
                if target == "StartQuery" and status == 200:
                    query_id = json.loads(data)["queryId"]
                    endpoint.queries[query_id] = _Query(
                        body["logGroupName"],
                        body["startTime"],
                        body["endTime"],
                        body["queryString"],
                    )
                self._reply(status, data)

            def _forward(self, raw: bytes) -> tuple[int, bytes]:
                request = urllib.request.Request(  # (a local moto server)
                    endpoint.moto_url + self.path,
                    data=raw,
                    headers={k: v for k, v in self.headers.items() if k.lower() != "host"},
                    method="POST",
                )
                try:
                    with urllib.request.urlopen(request, timeout=10) as response:
                        return response.status, response.read()
                except urllib.error.HTTPError as e:
                    return e.code, e.read()

            def _send(self, status: int, body: dict[str, Any]) -> None:
                self._reply(status, json.dumps(body).encode())

            def _reply(self, status: int, data: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "application/x-amz-json-1.1")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        return Handler
