"""Amazon Connect "Invoke AWS Lambda function" event and its flat string-map response.

Reference: https://docs.aws.amazon.com/connect/latest/adminguide/connect-lambda-functions.html
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from runtime.constants import ATTR_PERSONA_ID


class _Tolerant(BaseModel):
    model_config = ConfigDict(extra="ignore", strict=True, frozen=True, populate_by_name=True)


class ConnectContactData(_Tolerant):
    contact_id: str = Field(min_length=1, max_length=256, alias="ContactId")
    channel: str | None = Field(default=None, alias="Channel")
    # Contact attributes are a flat str -> str map in Connect.
    attributes: dict[str, str] = Field(default_factory=dict, alias="Attributes")
    # CustomerEndpoint (the caller's phone number) is deliberately not modelled: never read it.


class ConnectDetails(_Tolerant):
    contact_data: ConnectContactData = Field(alias="ContactData")
    parameters: dict[str, str] = Field(default_factory=dict, alias="Parameters")


class ConnectInvokeEvent(_Tolerant):
    """The event a contact flow's "Invoke AWS Lambda function" block sends."""

    name: Literal["ContactFlowEvent"] = Field(alias="Name")
    details: ConnectDetails = Field(alias="Details")

    @property
    def contact_id(self) -> str:
        return self.details.contact_data.contact_id

    @property
    def persona_id(self) -> str | None:
        """The block's parameter wins over a contact attribute set earlier in the flow."""
        params = self.details.parameters
        attrs = self.details.contact_data.attributes
        value = params.get(ATTR_PERSONA_ID) or attrs.get(ATTR_PERSONA_ID)
        return value.strip() if value and value.strip() else None


class ConnectPersonaResponse(BaseModel):
    """Flat string map: Connect only accepts string values at the top level."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    status: Literal["ok", "fallback"]
    persona_id: str
    display_name: str
    voice_id: str
    voice_engine: str
    language: str
    greeting: str
    greeting_ssml: str
    farewell: str
    persona_source: str  # cache | table | default

    def to_dict(self) -> dict[str, str]:
        return {k: str(v) for k, v in self.model_dump().items()}
