"""SSM parameters under /headset-agent/{env}/...: how tools and workflows find resource ids."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aws_cdk import aws_ssm as ssm
from constructs import Construct

if TYPE_CHECKING:
    from collections.abc import Mapping

    from infra.config import EnvironmentConfig


class Parameters(Construct):
    """One String parameter per key: `/headset-agent/{env}/{key}`."""

    def __init__(
        self, scope: Construct, id: str, *, config: EnvironmentConfig, values: Mapping[str, str]
    ) -> None:
        super().__init__(scope, id)
        self.parameters: dict[str, ssm.StringParameter] = {}
        for key, value in values.items():
            self.parameters[key] = ssm.StringParameter(
                self,
                key,
                parameter_name=config.parameter_name(key),
                string_value=value,
                description=f"{config.prefix}: {key.replace('-', ' ')}",
            )
