"""Deployment records and the infra's parameters in SSM Parameter Store."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tools.aws import error_code, friendly
from tools.constants import ssm_name
from tools.deployments.constants import latest_parameter, record_parameter
from tools.deployments.types import parse_record

if TYPE_CHECKING:
    from collections.abc import Iterable

    from tools.deployments.types import DeploymentRecord

_GET_PARAMETERS_MAX = 10  # SSM GetParameters takes at most 10 names


class RecordStore:
    """/headset-agent/{env}/...: the infra's parameters and the deployment records."""

    def __init__(self, ssm: Any, environment: str) -> None:
        self.ssm = ssm
        self.environment = environment

    def parameters(self, leaves: Iterable[str]) -> dict[str, str]:
        """{leaf: value} for the parameters that exist under /headset-agent/{env}/."""
        names = [ssm_name(self.environment, leaf) for leaf in leaves]
        prefix = ssm_name(self.environment, "")
        found: dict[str, str] = {}
        for start in range(0, len(names), _GET_PARAMETERS_MAX):
            chunk = names[start : start + _GET_PARAMETERS_MAX]
            try:
                response = self.ssm.get_parameters(Names=chunk)
            except Exception as e:
                raise friendly(e, f"reading SSM parameters under {prefix}") from e
            for p in response["Parameters"]:
                found[p["Name"][len(prefix) :]] = p["Value"]
        return found

    def _get(self, name: str, action: str) -> str | None:
        try:
            return str(self.ssm.get_parameter(Name=name)["Parameter"]["Value"])
        except Exception as e:
            if error_code(e) == "ParameterNotFound":
                return None
            raise friendly(e, action) from e

    def _put(self, name: str, value: str, action: str) -> None:
        try:
            self.ssm.put_parameter(Name=name, Value=value, Type="String", Overwrite=True)
        except Exception as e:
            raise friendly(e, action) from e

    def read(self, commit: str) -> DeploymentRecord | None:
        """The validated record of `commit`, or None when there is none (RecordError if bad)."""
        name = record_parameter(self.environment, commit)
        text = self._get(name, f"reading deployment record {name}")
        return None if text is None else parse_record(text, name)

    def write(self, record: DeploymentRecord) -> str:
        """Store the record under its commit; returns the parameter name."""
        name = record_parameter(self.environment, record.commit)
        self._put(name, record.to_text(), f"writing deployment record {name}")
        return name

    def latest(self) -> str | None:
        """The commit in deployments/latest, or None when nothing was recorded yet."""
        name = latest_parameter(self.environment)
        value = self._get(name, f"reading {name}")
        return value.strip() if value else None

    def set_latest(self, commit: str) -> None:
        name = latest_parameter(self.environment)
        self._put(name, commit, f"setting {name} to {commit}")
