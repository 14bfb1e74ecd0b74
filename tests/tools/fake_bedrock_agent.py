"""A local bedrock-agent control-plane endpoint for real boto3 clients (moto lacks these APIs).

Serves on 127.0.0.1 (ephemeral port, stdlib http.server in a daemon thread) the REST routes
of StartIngestionJob, GetIngestionJob, ListIngestionJobs, GetAgent, ListAgentAliases,
GetAgentAlias and UpdateAgentAlias, so the tools' real clients sign, send and parse real
requests (`endpoint_url=fake.url`).
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

NOW = "2026-01-20T10:00:00Z"
_INGEST = r"^/knowledgebases/(?P<kb>[^/]+)/datasources/(?P<ds>[^/]+)/ingestionjobs/"
_ALIAS = r"^/agents/(?P<agent>[^/]+)/agentaliases/(?P<alias>[^/]+)/$"


@dataclass
class FakeAlias:
    """One agent alias for GetAgentAlias / UpdateAgentAlias."""

    name: str
    version: str
    status: str = "PREPARED"
    description: str | None = None
    # statuses GetAgentAlias reports after an update, one per call (the last one stays)
    after_update: list[str] = field(default_factory=lambda: ["UPDATING", "PREPARED"])
    pending: list[str] = field(default_factory=list)


@dataclass
class FakeBedrockAgent:
    # statuses a job reports on successive GetIngestionJob calls (the last one repeats)
    job_statuses: list[str] = field(default_factory=lambda: ["IN_PROGRESS", "COMPLETE"])
    job_statistics: dict[str, int] = field(
        default_factory=lambda: {
            "numberOfDocumentsScanned": 64,
            "numberOfMetadataDocumentsScanned": 32,
            "numberOfNewDocumentsIndexed": 30,
            "numberOfModifiedDocumentsIndexed": 2,
            "numberOfDocumentsDeleted": 1,
            "numberOfDocumentsFailed": 0,
        }
    )
    failure_reasons: list[str] = field(default_factory=list)
    # errors answered to the next requests: (http status, error type), consumed in order
    errors: list[tuple[int, str]] = field(default_factory=list)
    agents: dict[str, str] = field(default_factory=dict)  # agent id -> agentStatus
    aliases: dict[str, list[tuple[str, str]]] = field(
        default_factory=dict
    )  # id -> [(alias, status)]
    # (agent id, alias id) -> alias, for GetAgentAlias and UpdateAgentAlias
    agent_aliases: dict[tuple[str, str], FakeAlias] = field(default_factory=dict)
    # alias id -> (http status, error type) answered to every UpdateAgentAlias of that alias
    failing_updates: dict[str, tuple[int, str]] = field(default_factory=dict)
    # the body of each UpdateAgentAlias, in order
    updates: list[dict[str, Any]] = field(default_factory=list)
    # ListAgentAliases answers at most this many per page (with a nextToken), as AWS may
    alias_page_size: int = 100
    last_job_status: str | None = "COMPLETE"  # ListIngestionJobs' newest job, None for no jobs
    requests: list[tuple[str, str]] = field(default_factory=list)
    _gets: int = 0
    _server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> FakeBedrockAgent:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                status, payload, error = fake.route(self.command, self.path, body)
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                if error:
                    self.send_header("x-amzn-ErrorType", error)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_PUT = do_POST = _answer  # noqa: N815 (http.server names)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.shutdown()
        self._server.server_close()

    def route(self, method: str, path: str, body: dict[str, Any]) -> tuple[int, Any, str | None]:
        self.requests.append((method, path))
        if self.errors:
            status, error = self.errors.pop(0)
            return status, {"message": f"fake {error}"}, error
        if m := re.match(_INGEST + "$", path):
            if method == "PUT":
                self._gets = 0
                return 202, {"ingestionJob": self._job(m["kb"], m["ds"], "STARTING")}, None
            jobs = (
                []
                if self.last_job_status is None
                else [self._job(m["kb"], m["ds"], self.last_job_status)]
            )
            return 200, {"ingestionJobSummaries": jobs}, None
        if m := re.match(_INGEST + r"(?P<job>[^/]+)$", path):
            job_status = self.job_statuses[min(self._gets, len(self.job_statuses) - 1)]
            self._gets += 1
            return 200, {"ingestionJob": self._job(m["kb"], m["ds"], job_status)}, None
        if m := re.match(_ALIAS, path):
            return self._alias_route(method, m["agent"], m["alias"], body)
        if m := re.match(r"^/agents/(?P<agent>[^/]+)/agentaliases/$", path):
            summaries = [
                {
                    "agentAliasId": a,
                    "agentAliasName": a,
                    "agentAliasStatus": s,
                    "createdAt": NOW,
                    "updatedAt": NOW,
                }
                for a, s in self.aliases.get(m["agent"], [])
            ]
            start = int(body.get("nextToken") or 0)
            end = start + min(self.alias_page_size, int(body.get("maxResults") or 100))
            page: dict[str, Any] = {"agentAliasSummaries": summaries[start:end]}
            if end < len(summaries):
                page["nextToken"] = str(end)
            return 200, page, None
        if m := re.match(r"^/agents/(?P<agent>[^/]+)/$", path):
            if m["agent"] not in self.agents:
                return 404, {"message": "agent not found"}, "ResourceNotFoundException"
            return 200, {"agent": self._agent(m["agent"])}, None
        return 404, {"message": f"no route {method} {path}"}, "UnknownOperationException"

    def _alias_route(
        self, method: str, agent_id: str, alias_id: str, body: dict[str, Any]
    ) -> tuple[int, Any, str | None]:
        alias = self.agent_aliases.get((agent_id, alias_id))
        if alias is None:
            message = f"alias {alias_id} of agent {agent_id} not found"
            return 404, {"message": message}, "ResourceNotFoundException"
        if method == "GET":
            if alias.pending:
                alias.status = alias.pending.pop(0)
            return 200, {"agentAlias": self._alias(agent_id, alias_id, alias)}, None
        if alias_id in self.failing_updates:
            status, error = self.failing_updates[alias_id]
            return status, {"message": f"fake {error}"}, error
        if method != "PUT" or not body.get("agentAliasName"):
            return 400, {"message": "agentAliasName is required"}, "ValidationException"
        self.updates.append({"agentId": agent_id, "agentAliasId": alias_id, **body})
        alias.name = body["agentAliasName"]
        alias.description = body.get("description")
        alias.version = body["routingConfiguration"][0]["agentVersion"]
        alias.status = "UPDATING"
        alias.pending = list(alias.after_update)
        return 202, {"agentAlias": self._alias(agent_id, alias_id, alias)}, None

    def _alias(self, agent_id: str, alias_id: str, alias: FakeAlias) -> dict[str, Any]:
        data: dict[str, Any] = {
            "agentId": agent_id,
            "agentAliasId": alias_id,
            "agentAliasName": alias.name,
            "agentAliasArn": f"arn:aws:bedrock:us-east-1:123456789012:agent-alias/{agent_id}/"
            f"{alias_id}",
            "routingConfiguration": [{"agentVersion": alias.version}],
            "createdAt": NOW,
            "updatedAt": NOW,
            "agentAliasStatus": alias.status,
        }
        if alias.description is not None:
            data["description"] = alias.description
        return data

    def _job(self, kb: str, ds: str, status: str) -> dict[str, Any]:
        return {
            "knowledgeBaseId": kb,
            "dataSourceId": ds,
            "ingestionJobId": "JOB123",
            "status": status,
            "statistics": self.job_statistics,
            "failureReasons": self.failure_reasons if status == "FAILED" else [],
            "startedAt": NOW,
            "updatedAt": NOW,
        }

    def _agent(self, agent_id: str) -> dict[str, Any]:
        return {
            "agentId": agent_id,
            "agentName": "supervisor",
            "agentArn": f"arn:aws:bedrock:us-east-1:123456789012:agent/{agent_id}",
            "agentVersion": "DRAFT",
            "agentStatus": self.agents[agent_id],
            "idleSessionTTLInSeconds": 600,
            "agentResourceRoleArn": "arn:aws:iam::123456789012:role/agent",
            "createdAt": NOW,
            "updatedAt": NOW,
        }
