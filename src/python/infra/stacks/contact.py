from __future__ import annotations

from typing import TYPE_CHECKING

from infra.components.contact import ContactFlow
from infra.components.lex import SupportBot
from infra.components.parameters import Parameters
from infra.stacks.base import AppStack

if TYPE_CHECKING:
    from aws_cdk.aws_lambda import IFunction
    from constructs import Construct

    from infra.config import EnvironmentConfig


class ContactStack(AppStack):
    """The Lex V2 bot and, when a Connect instance is configured, the contact flow."""

    concern = "contact"

    def __init__(self, scope: Construct, *, config: EnvironmentConfig, handler: IFunction) -> None:
        super().__init__(scope, config=config, description="Lex V2 bot, Connect contact flow")
        self.bot = SupportBot(self, "Bot", config=config, handler=handler)
        values = {
            "lex-bot-id": self.bot.bot.attr_id,
            "lex-bot-alias-id": self.bot.alias.attr_bot_alias_id,
        }
        self.contact_flow: ContactFlow | None = None
        if config.connect_instance_arn:
            self.contact_flow = ContactFlow(
                self, "Connect", config=config, handler=handler, bot_alias_arn=self.bot.alias_arn
            )
            values["contact-flow-arn"] = self.contact_flow.flow.attr_contact_flow_arn
        Parameters(self, "Parameters", config=config, values=values)
