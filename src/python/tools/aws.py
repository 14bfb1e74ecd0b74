"""AWS clients and the one place where botocore errors become friendly messages."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from tools.constants import ENV_DEFAULT_REGION, ENV_REGION
from tools.errors import AwsError, ConfigError

if TYPE_CHECKING:
    from botocore.exceptions import ClientError

_DENIED = "the role in use lacks this permission; check the deploy role's policy"
_FIXES: dict[str, str] = {
    "AccessDenied": _DENIED,
    "AccessDeniedException": _DENIED,
    "UnauthorizedOperation": _DENIED,
    "ExpiredToken": "your credentials expired; log in again (aws sso login) or rerun the job",
    "ExpiredTokenException": "your credentials expired; log in again (aws sso login)",
    "UnrecognizedClientException": "the credentials are not valid in this account or region",
    "InvalidClientTokenId": "the credentials are not valid in this account or region",
    "ResourceNotFoundException": "check the name/id and the region (--region / AWS_REGION)",
    "NoSuchBucket": "check the bucket name (--bucket / KB_S3_BUCKET_NAME) and the region",
    "ParameterNotFound": "deploy the infra for this environment first, or check --environment",
    "ThrottlingException": "AWS is throttling requests; wait a minute and rerun",
    "Throttling": "AWS is throttling requests; wait a minute and rerun",
    "TooManyRequestsException": "AWS is throttling requests; wait a minute and rerun",
    "ProvisionedThroughputExceededException": "the table is throttling; wait and rerun",
    "RequestLimitExceeded": "AWS is throttling requests; wait a minute and rerun",
    "SlowDown": "S3 is throttling requests; wait a minute and rerun",
    "ServiceQuotaExceededException": "a service quota is exhausted; raise it in Service Quotas",
    "ConflictException": "another operation on this resource is in progress; wait and rerun",
    "ValidationException": "a value sent to AWS was rejected; check the ids and names given",
}


def region_from(explicit: str | None) -> str:
    """--region, else AWS_REGION, else AWS_DEFAULT_REGION; a clear error when none is set."""
    region = explicit or os.environ.get(ENV_REGION) or os.environ.get(ENV_DEFAULT_REGION)
    if not region:
        raise ConfigError("no AWS region given", "pass --region or set AWS_REGION")
    return region


def client(service: str, region: str, **kwargs: Any) -> Any:
    """A boto3 client with standard retries (throttling is retried before it is reported)."""
    import boto3
    from botocore.config import Config

    config = Config(
        retries={"mode": "standard", "max_attempts": 5}, user_agent_extra="headset-tools"
    )
    return boto3.client(service, region_name=region, config=config, **kwargs)


def friendly(e: Exception, action: str) -> AwsError:
    """An AwsError saying which `action` failed, why and what to do; `raise friendly(..) from e`."""
    from botocore.exceptions import (
        ClientError,
        EndpointConnectionError,
        NoCredentialsError,
        NoRegionError,
    )

    if isinstance(e, ClientError):
        return _from_client_error(e, action)
    if isinstance(e, NoCredentialsError):
        return AwsError(
            f"{action}: no AWS credentials found",
            "log in (aws sso login / aws configure) or run where a role is assumed",
            code="NoCredentials",
        )
    if isinstance(e, NoRegionError):
        return AwsError(f"{action}: no region", "pass --region or set AWS_REGION", code="NoRegion")
    if isinstance(e, EndpointConnectionError):
        return AwsError(
            f"{action}: cannot reach the AWS endpoint ({e})",
            "check the region offers this service (tools:check-config) and your network",
            code="EndpointConnectionError",
        )
    return AwsError(f"{action}: {e}", code=type(e).__name__)


def _from_client_error(e: ClientError, action: str) -> AwsError:
    err = e.response.get("Error", {})
    code = str(err.get("Code", "Unknown"))
    message = str(err.get("Message", "")).strip() or code
    return AwsError(f"{action}: {code}: {message}", _FIXES.get(code), code=code)


def error_code(e: Exception) -> str:
    """The AWS error code of a botocore ClientError, or ''."""
    response = getattr(e, "response", None)
    if isinstance(response, dict):
        return str(response.get("Error", {}).get("Code", ""))
    return ""
