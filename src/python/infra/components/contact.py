"""The Amazon Connect side: the generated contact flow and the instance's integrations."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aws_cdk import Aws, Stack
from aws_cdk import aws_connect as connect
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from infra.components.lex import LOCALE
from infra.flow import hang_up_flow, headset_flow

if TYPE_CHECKING:
    from aws_cdk.aws_lambda import IFunction

    from infra.config import EnvironmentConfig
    from infra.flow import Flow


class ContactFlow(Construct):
    """For an existing Connect instance: the flow, plus the Lambda and bot associations."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        config: EnvironmentConfig,
        handler: IFunction,
        bot_alias_arn: str,
    ) -> None:
        super().__init__(scope, id)
        if not (config.connect_instance_arn and config.connect_queue_arn):
            raise ValueError("ContactFlow needs CONNECT_INSTANCE_ARN and CONNECT_QUEUE_ARN")
        self.instance_arn = instance_arn = config.connect_instance_arn
        self.hang_up_definition = hang_up_flow(
            function_arn=handler.function_arn, bot_alias_arn=bot_alias_arn, locale_id=LOCALE
        )
        self.hang_up_flow = self._contact_flow(
            "HangUpFlow",
            config.name("hang-up"),
            "Disconnect flow: reports a conversation the caller hung up on",
            self.hang_up_definition,
        )
        self.flow_definition = headset_flow(
            function_arn=handler.function_arn,
            bot_alias_arn=bot_alias_arn,
            queue_arn=config.connect_queue_arn,
            hang_up_flow_arn=self.hang_up_flow.attr_contact_flow_arn,
        )
        if handler.role is None:
            raise ValueError("ContactFlow needs the function's role to grant it lex:GetSession")
        # The disconnect path reads the conversation's last state from the Lex session.
        iam.Policy(
            self,
            "ReadLexSessions",
            roles=[handler.role],
            statements=[iam.PolicyStatement(actions=["lex:GetSession"], resources=[bot_alias_arn])],
        )
        lambda_association = connect.CfnIntegrationAssociation(
            self,
            "LambdaAssociation",
            instance_id=instance_arn,
            integration_type="LAMBDA_FUNCTION",
            integration_arn=handler.function_arn,
        )
        bot_association = connect.CfnIntegrationAssociation(
            self,
            "BotAssociation",
            instance_id=instance_arn,
            integration_type="LEX_BOT",
            integration_arn=bot_alias_arn,
        )
        lambda_.CfnPermission(
            self,
            "ConnectInvoke",
            action="lambda:InvokeFunction",
            function_name=handler.function_arn,
            principal="connect.amazonaws.com",
            source_account=Aws.ACCOUNT_ID,
            source_arn=instance_arn,
        )
        self.flow = self._contact_flow(
            "Flow",
            config.name("inbound"),
            "Persona lookup, persona voice, Lex bot, queue transfer on escalate=true",
            self.flow_definition,
        )
        for flow in (self.flow, self.hang_up_flow):
            flow.node.add_dependency(lambda_association)
            flow.node.add_dependency(bot_association)

    def _contact_flow(
        self, id: str, name: str, description: str, definition: Flow
    ) -> connect.CfnContactFlow:
        return connect.CfnContactFlow(
            self,
            id,
            instance_arn=self.instance_arn,
            name=name,
            type="CONTACT_FLOW",
            description=description,
            content=Stack.of(self).to_json_string(definition.to_content()),
        )
