"""Start a Bedrock Knowledge Bases ingestion job and wait for it, reporting what it indexed."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tools.aws import error_code, friendly
from tools.constants import SSM_DATA_SOURCE_ID, SSM_KNOWLEDGE_BASE_ID, ssm_name
from tools.errors import ConfigError, UserError

if TYPE_CHECKING:
    from collections.abc import Callable

DONE = frozenset({"COMPLETE", "FAILED", "STOPPED"})
_STATS = {
    "scanned": "numberOfDocumentsScanned",
    "metadata_scanned": "numberOfMetadataDocumentsScanned",
    "new_indexed": "numberOfNewDocumentsIndexed",
    "modified_indexed": "numberOfModifiedDocumentsIndexed",
    "metadata_modified": "numberOfMetadataDocumentsModified",
    "deleted": "numberOfDocumentsDeleted",
    "failed": "numberOfDocumentsFailed",
}


@dataclass(frozen=True)
class IngestionResult:
    job_id: str
    status: str
    stats: dict[str, int]
    failure_reasons: list[str] = field(default_factory=list)
    timed_out: bool = False

    @property
    def indexed(self) -> int:
        return self.stats.get("new_indexed", 0) + self.stats.get("modified_indexed", 0)

    @property
    def ok(self) -> bool:
        return self.status == "COMPLETE" and not self.timed_out and self.stats.get("failed", 0) == 0

    def to_json(self) -> dict[str, Any]:
        return {
            "job_id": self.job_id,
            "status": self.status,
            "ok": self.ok,
            "timed_out": self.timed_out,
            "scanned": self.stats.get("scanned", 0),
            "indexed": self.indexed,
            "failed": self.stats.get("failed", 0),
            "statistics": self.stats,
            "failure_reasons": self.failure_reasons,
        }


def resolve_ids(
    ssm: Any, environment: str | None, kb_id: str | None, ds_id: str | None
) -> tuple[str, str]:
    """Ids from the arguments, else from SSM /headset-agent/{env}/knowledge-base-id, ..."""
    if kb_id and ds_id:
        return kb_id, ds_id
    if not environment:
        raise ConfigError(
            "no knowledge base / data source id given",
            "pass --knowledge-base-id and --data-source-id, or --environment to read them from SSM",
        )
    names = [
        ssm_name(environment, SSM_KNOWLEDGE_BASE_ID),
        ssm_name(environment, SSM_DATA_SOURCE_ID),
    ]
    try:
        response = ssm.get_parameters(Names=names)
    except Exception as e:
        raise friendly(e, "reading the knowledge base ids from SSM") from e
    if response.get("InvalidParameters"):
        raise ConfigError(
            f"SSM parameter(s) missing: {', '.join(response['InvalidParameters'])}",
            f"deploy the infra for '{environment}' first, or pass the ids as arguments",
        )
    values = {p["Name"]: p["Value"] for p in response["Parameters"]}
    return kb_id or values[names[0]], ds_id or values[names[1]]


def ingest(
    client: Any,
    kb_id: str,
    ds_id: str,
    *,
    timeout: float,
    poll_interval: float = 10.0,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> IngestionResult:
    """Start the job and poll until it finishes or `timeout` seconds pass."""
    ids = {"knowledgeBaseId": kb_id, "dataSourceId": ds_id}
    try:
        job = client.start_ingestion_job(**ids)["ingestionJob"]
    except Exception as e:
        if error_code(e) == "ConflictException":
            raise UserError(
                f"an ingestion job is already running for knowledge base {kb_id}",
                "wait for it to finish (it picks up files synced before it started), then rerun",
            ) from e
        raise friendly(
            e, f"starting ingestion for knowledge base {kb_id} / data source {ds_id}"
        ) from e
    job_id = str(job["ingestionJobId"])
    deadline = clock() + timeout
    while job.get("status") not in DONE:
        if clock() >= deadline:
            return _result(job, job_id, timed_out=True)
        sleep(min(poll_interval, max(0.0, deadline - clock())))
        try:
            job = client.get_ingestion_job(ingestionJobId=job_id, **ids)["ingestionJob"]
        except Exception as e:
            raise friendly(e, f"checking ingestion job {job_id}") from e
    return _result(job, job_id, timed_out=False)


def _result(job: dict[str, Any], job_id: str, *, timed_out: bool) -> IngestionResult:
    raw = job.get("statistics") or {}
    stats = {name: int(raw.get(key, 0)) for name, key in _STATS.items()}
    return IngestionResult(
        job_id,
        str(job.get("status", "UNKNOWN")),
        stats,
        list(job.get("failureReasons") or []),
        timed_out,
    )
