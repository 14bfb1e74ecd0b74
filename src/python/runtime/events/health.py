"""The seed's health check: {"test": true} in, {"status": "ok", ...} out."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict


class HealthCheckEvent(BaseModel):
    model_config = ConfigDict(extra="ignore", strict=True, frozen=True)

    test: Literal[True]


class HealthResponse(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    status: Literal["ok", "degraded"]
    version: str
    backend: str
    checks: dict[str, str]
