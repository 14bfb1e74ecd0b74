"""cdk-nag acknowledgements: every one names the construct it applies to and why."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aws_cdk import Acknowledgment, Validations

if TYPE_CHECKING:
    from constructs import IConstruct


def acknowledge(construct: IConstruct, rule: str, reason: str) -> None:
    """Accept one cdk-nag finding (`AwsSolutions-IAM5[Resource::...]`) on one construct."""
    if len(reason) < 20:
        raise ValueError(f"a cdk-nag acknowledgement of {rule} needs a real reason, not {reason!r}")
    Validations.of(construct).acknowledge(Acknowledgment(id=rule, reason=reason))
