"""The post-deployment checklist as code.

Checks run in order; the first one that fails stops the run (later checks depend on it) and the
rest are reported as skipped. Warnings never stop it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from tools.aws import friendly
from tools.constants import (
    PERSONA_HASH,
    SSM_AGENT_BACKEND,
    SSM_DATA_SOURCE_ID,
    SSM_KNOWLEDGE_BASE_ID,
    SSM_LAMBDA_FUNCTION_NAME,
    SSM_PERSONA_TABLE_NAME,
    SSM_SUPERVISOR_AGENT_ID,
    SSM_SUPERVISOR_ALIAS_ID,
    ssm_name,
)
from tools.errors import AwsError
from tools.persona.items import content_hash, persona_fields

if TYPE_CHECKING:
    from collections.abc import Callable

    from runtime.persona.types import Persona

Status = Literal["pass", "warn", "fail", "skip"]


@dataclass(frozen=True)
class CheckResult:
    name: str
    status: Status
    detail: str


@dataclass
class Clients:
    ssm: Any
    lambda_: Any
    dynamodb: Any
    bedrock_agent: Any


@dataclass
class Settings:
    environment: str
    personas: dict[str, Persona]
    function_name: str | None = None
    qualifier: str | None = "live"
    table_name: str | None = None
    agent_backend: str | None = None
    parameters: dict[str, str] = field(default_factory=dict)  # filled by the SSM check


class CheckFailedError(Exception):
    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def validate(settings: Settings, clients: Clients) -> list[CheckResult]:
    checks: list[tuple[str, Callable[[Settings, Clients], tuple[Status, str]]]] = [
        ("SSM parameters present", check_parameters),
        ("Lambda health check", check_lambda),
        ("every persona in the table", check_personas),
        ("last KB ingestion complete", check_ingestion),
        ("agent aliases prepared", check_agents),
    ]
    results: list[CheckResult] = []
    failed = False
    for name, check in checks:
        if failed:
            results.append(CheckResult(name, "skip", "not run: an earlier check failed"))
            continue
        try:
            status, detail = check(settings, clients)
        except CheckFailedError as e:
            status, detail = "fail", e.detail
        except AwsError as e:
            status, detail = "fail", str(e)
        results.append(CheckResult(name, status, detail))
        failed = status == "fail"
    return results


def required_parameters(backend: str) -> list[str]:
    names = [SSM_KNOWLEDGE_BASE_ID, SSM_DATA_SOURCE_ID]
    if backend == "bedrock-agents":
        names += [SSM_SUPERVISOR_AGENT_ID, SSM_SUPERVISOR_ALIAS_ID]
    return names


def check_parameters(s: Settings, c: Clients) -> tuple[Status, str]:
    prefix = ssm_name(s.environment, "")
    found: dict[str, str] = {}
    try:
        pages = c.ssm.get_paginator("get_parameters_by_path").paginate(Path=prefix, Recursive=True)
        for page in pages:
            for p in page["Parameters"]:
                found[p["Name"][len(prefix) :]] = p["Value"]
    except Exception as e:
        raise friendly(e, f"reading SSM parameters under {prefix}") from e
    s.parameters = found
    s.agent_backend = s.agent_backend or found.get(SSM_AGENT_BACKEND) or "converse"
    missing = [prefix + n for n in required_parameters(s.agent_backend) if not found.get(n)]
    if missing:
        raise CheckFailedError(
            f"missing: {', '.join(missing)}; deploy the infra for '{s.environment}' first"
        )
    return "pass", f"{len(found)} parameter(s) under {prefix} ({s.agent_backend} backend)"


def check_lambda(s: Settings, c: Clients) -> tuple[Status, str]:
    name = s.function_name or s.parameters.get(SSM_LAMBDA_FUNCTION_NAME)
    if not name:
        raise CheckFailedError(
            "no function name: pass --function-name, set LAMBDA_FUNCTION_NAME, or have the "
            f"infra write {ssm_name(s.environment, SSM_LAMBDA_FUNCTION_NAME)}"
        )
    extra = {"Qualifier": s.qualifier} if s.qualifier else {}
    target = f"{name}:{s.qualifier}" if s.qualifier else name
    try:
        response = c.lambda_.invoke(
            FunctionName=name, Payload=json.dumps({"test": True}).encode(), **extra
        )
    except Exception as e:
        raise friendly(e, f"invoking {target}") from e
    payload_raw = response["Payload"].read()
    if response.get("StatusCode") != 200 or response.get("FunctionError"):
        raise CheckFailedError(
            f"{target} answered {response.get('StatusCode')} {response.get('FunctionError', '')}: "
            f"{payload_raw[:300]!r}; read its CloudWatch logs"
        )
    try:
        payload = json.loads(payload_raw)
    except ValueError as e:
        raise CheckFailedError(f"{target} returned non-JSON: {payload_raw[:200]!r}") from e
    if not isinstance(payload, dict) or payload.get("status") != "ok":
        raise CheckFailedError(f"{target} health check says {json.dumps(payload)[:300]}")
    version = payload.get("version", "?")
    return "pass", f"{target}: status ok, version {version}"


def check_personas(s: Settings, c: Clients) -> tuple[Status, str]:
    from tools.persona.table import PersonaTable

    name = s.table_name or s.parameters.get(SSM_PERSONA_TABLE_NAME)
    if not name:
        raise CheckFailedError(
            "no table name: pass --table, set PERSONA_TABLE_NAME, or have the infra write "
            f"{ssm_name(s.environment, SSM_PERSONA_TABLE_NAME)}"
        )
    items = PersonaTable(c.dynamodb, name).read_all()
    missing = sorted(set(s.personas) - set(items))
    if missing:
        raise CheckFailedError(
            f"not in {name}: {', '.join(missing)}; "
            "run `persona deploy --apply` for this environment"
        )
    stale = sorted(
        pid
        for pid, persona in s.personas.items()
        if items[pid].get(PERSONA_HASH) != content_hash(persona_fields(persona))
    )
    if stale:
        return "warn", f"differ from the files: {', '.join(stale)} (run `persona diff`)"
    return "pass", f"{len(s.personas)} persona(s) in {name}, matching the files"


def check_ingestion(s: Settings, c: Clients) -> tuple[Status, str]:
    kb, ds = s.parameters[SSM_KNOWLEDGE_BASE_ID], s.parameters[SSM_DATA_SOURCE_ID]
    try:
        jobs = c.bedrock_agent.list_ingestion_jobs(
            knowledgeBaseId=kb,
            dataSourceId=ds,
            sortBy={"attribute": "STARTED_AT", "order": "DESCENDING"},
            maxResults=1,
        )["ingestionJobSummaries"]
    except Exception as e:
        raise friendly(e, f"listing ingestion jobs of knowledge base {kb}") from e
    if not jobs:
        raise CheckFailedError(
            f"knowledge base {kb} was never ingested; run `kb sync` and `kb ingest`"
        )
    job = jobs[0]
    status = job["status"]
    if status == "COMPLETE":
        failed = (job.get("statistics") or {}).get("numberOfDocumentsFailed", 0)
        if failed:
            return "warn", f"job {job['ingestionJobId']} complete, {failed} document(s) failed"
        return "pass", f"job {job['ingestionJobId']} complete"
    if status in ("STARTING", "IN_PROGRESS"):
        return "warn", f"job {job['ingestionJobId']} still {status}"
    if status == "STOPPING":  # stopped by a person, not failed: the knowledge base still answers
        return "warn", f"job {job['ingestionJobId']} STOPPING; rerun `kb ingest` once it stops"
    raise CheckFailedError(
        f"job {job['ingestionJobId']} {status}; rerun `kb ingest` and read its errors"
    )


def check_agents(s: Settings, c: Clients) -> tuple[Status, str]:
    if s.agent_backend != "bedrock-agents":
        return "skip", f"{s.agent_backend} backend has no agents"
    agent_id = s.parameters[SSM_SUPERVISOR_AGENT_ID]
    alias_id = s.parameters[SSM_SUPERVISOR_ALIAS_ID]
    try:
        agent = c.bedrock_agent.get_agent(agentId=agent_id)["agent"]
        pages = c.bedrock_agent.get_paginator("list_agent_aliases").paginate(agentId=agent_id)
        aliases = [a for page in pages for a in page["agentAliasSummaries"]]
    except Exception as e:
        raise friendly(e, f"reading supervisor agent {agent_id}") from e
    if agent["agentStatus"] != "PREPARED":
        raise CheckFailedError(
            f"supervisor agent {agent_id} is {agent['agentStatus']}, not PREPARED"
        )
    alias = next((a for a in aliases if a["agentAliasId"] == alias_id), None)
    if alias is None:
        raise CheckFailedError(f"supervisor alias {alias_id} not found on agent {agent_id}")
    if alias["agentAliasStatus"] != "PREPARED":
        raise CheckFailedError(f"supervisor alias {alias_id} is {alias['agentAliasStatus']}")
    return "pass", f"supervisor {agent_id} and alias {alias_id} PREPARED"
