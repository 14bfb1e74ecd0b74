"""The Bedrock Guardrail both backends apply: stay on headsets, mask PII, stop prompt attacks."""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING

from aws_cdk import aws_bedrock as bedrock
from constructs import Construct

if TYPE_CHECKING:
    from infra.config import EnvironmentConfig

BLOCKED_MESSAGE = (
    "I can only help with headset and audio problems. If you need something else, "
    "I can put you through to a colleague."
)

# Off-topic subjects callers raise with a support line; headset questions are never denied.
DENIED_TOPICS: dict[str, tuple[str, list[str]]] = {
    "account-and-passwords": (
        "Requests to reset passwords, unlock accounts or change access rights to systems other "
        "than the headset itself.",
        ["can you reset my windows password", "unlock my genesys account please"],
    ),
    "general-chat": (
        "Conversation unrelated to headsets, audio devices or the call software, such as "
        "weather, news, sport, jokes, politics or personal advice.",
        ["what's the weather like today", "tell me a joke", "who will win the election"],
    ),
    "financial-or-legal-advice": (
        "Questions asking for investment, tax, medical or legal advice.",
        ["should I buy bitcoin", "can I sue my employer"],
    ),
}

# PII a caller may say aloud; masked in answers and logs, blocked for card numbers.
PII_ANONYMIZE = ["EMAIL", "PHONE", "NAME", "ADDRESS", "US_SOCIAL_SECURITY_NUMBER", "PASSWORD"]
PII_BLOCK = ["CREDIT_DEBIT_CARD_NUMBER", "CREDIT_DEBIT_CARD_CVV", "PIN"]
CONTENT_FILTERS = ("HATE", "INSULTS", "SEXUAL", "VIOLENCE", "MISCONDUCT")


def policy_hash() -> str:
    policy = [BLOCKED_MESSAGE, DENIED_TOPICS, PII_ANONYMIZE, PII_BLOCK, CONTENT_FILTERS]
    return hashlib.sha256(json.dumps(policy, sort_keys=True).encode()).hexdigest()[:16]


class SupportGuardrail(Construct):
    def __init__(self, scope: Construct, id: str, *, config: EnvironmentConfig) -> None:
        super().__init__(scope, id)
        self.guardrail = bedrock.CfnGuardrail(
            self,
            "Guardrail",
            name=config.name("guardrail"),
            description="Headset support: off-topic denial, PII masking, prompt-attack filter",
            blocked_input_messaging=BLOCKED_MESSAGE,
            blocked_outputs_messaging=BLOCKED_MESSAGE,
            topic_policy_config=bedrock.CfnGuardrail.TopicPolicyConfigProperty(
                topics_config=[
                    bedrock.CfnGuardrail.TopicConfigProperty(
                        name=name, definition=definition, examples=examples, type="DENY"
                    )
                    for name, (definition, examples) in DENIED_TOPICS.items()
                ]
            ),
            sensitive_information_policy_config=bedrock.CfnGuardrail.SensitiveInformationPolicyConfigProperty(
                pii_entities_config=[
                    bedrock.CfnGuardrail.PiiEntityConfigProperty(type=t, action="ANONYMIZE")
                    for t in PII_ANONYMIZE
                ]
                + [
                    bedrock.CfnGuardrail.PiiEntityConfigProperty(type=t, action="BLOCK")
                    for t in PII_BLOCK
                ]
            ),
            content_policy_config=bedrock.CfnGuardrail.ContentPolicyConfigProperty(
                filters_config=[
                    # Prompt attacks are judged on input only (output strength must be NONE).
                    bedrock.CfnGuardrail.ContentFilterConfigProperty(
                        type="PROMPT_ATTACK", input_strength="HIGH", output_strength="NONE"
                    ),
                    *[
                        bedrock.CfnGuardrail.ContentFilterConfigProperty(
                            type=t, input_strength="MEDIUM", output_strength="MEDIUM"
                        )
                        for t in CONTENT_FILTERS
                    ],
                ]
            ),
        )
        # A guardrail version is immutable and CloudFormation replaces it only when a property
        # changes: the policy's hash in the description publishes a new version on every edit.
        self.version = bedrock.CfnGuardrailVersion(
            self,
            "Version",
            guardrail_identifier=self.guardrail.attr_guardrail_id,
            description=f"policy {policy_hash()}",
        )

    @property
    def guardrail_id(self) -> str:
        return self.guardrail.attr_guardrail_id

    @property
    def guardrail_arn(self) -> str:
        return self.guardrail.attr_guardrail_arn

    @property
    def guardrail_version(self) -> str:
        return self.version.attr_version
