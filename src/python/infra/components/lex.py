"""The Lex V2 bot: speech to text, every turn handed to the agent Lambda's `live` alias."""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

from aws_cdk import Aws
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lex as lex
from constructs import Construct

from infra.components.nag import acknowledge

if TYPE_CHECKING:
    from aws_cdk.aws_lambda import IFunction

    from infra.config import EnvironmentConfig

LOCALE = "en_US"
ALIAS_NAME = "live"
START_MESSAGES = ["One moment while I look into that.", "Let me check that for you."]
UPDATE_MESSAGES = ["Still working on it, thanks for bearing with me."]
HELP_UTTERANCES = [
    "my headset is not working",
    "I need help with my headset",
    "I can't hear anything",
    "nobody can hear me",
    "my microphone isn't working",
    "my bluetooth headset won't connect",
    "the computer doesn't see my headset",
    "the sound keeps cutting out",
    "I want to speak to a person",
]


def _camel(value: Any) -> Any:
    """snake_case keys -> the camelCase jsii expects when a struct is given as a plain dict."""
    if isinstance(value, dict):
        return {
            k.split("_")[0] + "".join(w.capitalize() for w in k.split("_")[1:]): _camel(v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_camel(v) for v in value]
    return value


def _messages(texts: list[str]) -> list[dict[str, Any]]:
    return [{"message": {"plain_text_message": {"value": t}}} for t in texts]


def _code_hooks() -> dict[str, Any]:
    """Dialog and fulfillment code hooks; the caller hears a message if the answer takes a while."""
    return {
        "dialog_code_hook": {"enabled": True},
        "fulfillment_code_hook": {
            "enabled": True,
            "is_active": True,
            "fulfillment_updates_specification": {
                "active": True,
                "start_response": {
                    "delay_in_seconds": 2,
                    "allow_interrupt": True,
                    "message_groups": _messages(START_MESSAGES),
                },
                "update_response": {
                    "frequency_in_seconds": 5,
                    "allow_interrupt": True,
                    "message_groups": _messages(UPDATE_MESSAGES),
                },
                "timeout_in_seconds": 30,
            },
        },
    }


def bot_locale() -> dict[str, Any]:
    hooks = _code_hooks()
    return {
        "locale_id": LOCALE,
        "description": "US English",
        "nlu_confidence_threshold": 0.4,
        "voice_settings": {"voice_id": "Joanna", "engine": "neural"},
        "intents": [
            {
                "name": "HeadsetHelp",
                "description": "A caller describes a headset problem; the Lambda answers",
                "sample_utterances": [{"utterance": u} for u in HELP_UTTERANCES],
                **hooks,
            },
            {
                "name": "FallbackIntent",
                "description": "Everything else also goes to the Lambda, which routes it",
                "parent_intent_signature": "AMAZON.FallbackIntent",
                **hooks,
            },
        ],
    }


def _definition_hash(locale: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(locale, sort_keys=True).encode()).hexdigest()[:16]


class SupportBot(Construct):
    def __init__(
        self, scope: Construct, id: str, *, config: EnvironmentConfig, handler: IFunction
    ) -> None:
        super().__init__(scope, id)
        self.role = iam.Role(
            self,
            "Role",
            assumed_by=iam.ServicePrincipal("lexv2.amazonaws.com"),
            description="Lex V2 bot runtime: speech synthesis",
            inline_policies={
                "polly": iam.PolicyDocument(
                    statements=[
                        iam.PolicyStatement(actions=["polly:SynthesizeSpeech"], resources=["*"])
                    ]
                )
            },
        )
        acknowledge(
            self.role,
            "AwsSolutions-IAM5[Resource::*]",
            "polly:SynthesizeSpeech has no resource-level permissions; Lex needs it to speak.",
        )
        locale = bot_locale()
        self.bot = lex.CfnBot(
            self,
            "Bot",
            name=config.name(config.lex_bot_name),
            description="Headset support: every utterance goes to the agent Lambda",
            role_arn=self.role.role_arn,
            data_privacy={"ChildDirected": False},  # typed as JSON: CloudFormation's casing
            idle_session_ttl_in_seconds=600,
            auto_build_bot_locales=True,
            bot_locales=[_camel(locale)],
        )
        # A bot version is immutable: the definition's hash in the description makes
        # CloudFormation cut a new version whenever the bot changes.
        self.version = lex.CfnBotVersion(
            self,
            "Version",
            bot_id=self.bot.attr_id,
            description=f"definition {_definition_hash(locale)}",
            bot_version_locale_specification=_camel(
                [
                    {
                        "locale_id": LOCALE,
                        "bot_version_locale_details": {"source_bot_version": "DRAFT"},
                    }
                ]
            ),
        )
        self.alias = lex.CfnBotAlias(
            self,
            "Alias",
            bot_id=self.bot.attr_id,
            bot_alias_name=ALIAS_NAME,
            bot_version=self.version.attr_bot_version,
            bot_alias_locale_settings=_camel(
                [
                    {
                        "locale_id": LOCALE,
                        "bot_alias_locale_setting": {
                            "enabled": True,
                            "code_hook_specification": {
                                "lambda_code_hook": {
                                    "code_hook_interface_version": "1.0",
                                    "lambda_arn": handler.function_arn,
                                }
                            },
                        },
                    }
                ]
            ),
        )
        lambda_.CfnPermission(
            self,
            "InvokeHandler",
            action="lambda:InvokeFunction",
            function_name=handler.function_arn,
            principal="lexv2.amazonaws.com",
            source_account=Aws.ACCOUNT_ID,
            source_arn=self.alias.attr_arn,
        )

    @property
    def alias_arn(self) -> str:
        return self.alias.attr_arn
