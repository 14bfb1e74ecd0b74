"""ARNs a principal needs to invoke a Bedrock model id or a cross-region inference profile."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aws_cdk import Aws

from infra.components.nag import acknowledge

if TYPE_CHECKING:
    from collections.abc import Iterable

    from constructs import IConstruct

_PROFILE_PREFIXES = ("us.", "eu.", "apac.", "us-gov.", "global.", "ca.", "jp.", "au.")


def is_inference_profile(model_id: str) -> bool:
    return model_id.startswith(_PROFILE_PREFIXES)


def model_arns(model_id: str) -> list[str]:
    """Foundation-model ARN(s) and, for an inference profile, the profile's ARN.

    A cross-region profile routes to the model in any region of its group, so the
    foundation-model ARN has a region wildcard; that is what AWS documents for profiles.
    """
    if is_inference_profile(model_id):
        base = model_id.split(".", 1)[1]
        return [
            f"arn:{Aws.PARTITION}:bedrock:{Aws.REGION}:{Aws.ACCOUNT_ID}:inference-profile/{model_id}",
            f"arn:{Aws.PARTITION}:bedrock:*::foundation-model/{base}",
        ]
    return [f"arn:{Aws.PARTITION}:bedrock:{Aws.REGION}::foundation-model/{model_id}"]


def foundation_model_arn(model_id: str) -> str:
    return f"arn:{Aws.PARTITION}:bedrock:{Aws.REGION}::foundation-model/{model_id}"


def acknowledge_model_wildcards(construct: IConstruct, model_ids: Iterable[str]) -> None:
    """Accept the region wildcard of each inference profile's foundation-model ARN."""
    for model_id in sorted(set(model_ids)):
        if is_inference_profile(model_id):
            base = model_id.split(".", 1)[1]
            acknowledge(
                construct,
                f"AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:bedrock:*::foundation-model/{base}]",
                f"{model_id} is a cross-region inference profile: it routes to {base} in any "
                "region of its group, so AWS documents a region wildcard on that ARN.",
            )
