"""A contact ended: the outcome of a conversation that had none yet, "abandoned".

The caller hangs up (or a chat times out) mid-conversation: no further turn reaches the Lambda,
so no turn can say so. Amazon Connect runs a contact's disconnect flow when the contact ends;
the headset flow sets one (infra/flow/headset.py) that invokes this Lambda with the parameters
`event=contact_ended`, `bot_alias_arn` and `locale_id`. Connect's Lex session id is the contact
id, so the conversation's last saved state is one Lex V2 GetSession away. A conversation that
ended on a turn carries `outcome` in its session and is left alone, so every conversation gets
exactly one outcome line; a contact with no answered turn had no conversation.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Protocol

from runtime.constants import (
    ATTR_LAST_AGENT,
    ATTR_OUTCOME,
    ATTR_PERSONA_ID,
    CONTACT_ENDED,
    PARAM_BOT_ALIAS_ARN,
    PARAM_LOCALE_ID,
)
from runtime.outcomes.record import abandoned_from, record

if TYPE_CHECKING:
    from collections.abc import Callable

    from runtime.agents.cloud_common import ClientFactory
    from runtime.events.connect import ConnectInvokeEvent
    from runtime.observability import Telemetry
    from runtime.outcomes.types import CallOutcome

log = logging.getLogger(__name__)

GET_SESSION_BUDGET_S = 2.0  # the disconnect flow waits 3 s for the Lambda
_ALIAS_ARN = re.compile(
    r"^arn:aws[a-z-]*:lex:(?P<region>[a-z0-9-]+):\d{12}:"
    r"bot-alias/(?P<bot>[0-9A-Za-z]{10})/(?P<alias>[0-9A-Za-z]{10})$"
)
_NO_SESSION = {"ResourceNotFoundException", "BadRequestException"}


class EndedEventError(ValueError):
    """A contact_ended invocation without what it needs; says which parameter to set."""


class SessionReader(Protocol):
    """The session attributes a Lex conversation last saved; None when there is no session."""

    def get(self, bot_alias_arn: str, locale_id: str, session_id: str) -> dict[str, str] | None: ...


class LexSessions:
    """Lex V2 runtime GetSession (boto3, created on first use; endpoint overridable for tests
    with AWS_ENDPOINT_URL_LEX_RUNTIME_V2, as boto3 reads it)."""

    def __init__(self) -> None:
        self._factories: dict[str, ClientFactory] = {}

    def get(self, bot_alias_arn: str, locale_id: str, session_id: str) -> dict[str, str] | None:
        match = _ALIAS_ARN.match(bot_alias_arn)
        if match is None:
            raise EndedEventError(
                f"{PARAM_BOT_ALIAS_ARN} {bot_alias_arn[:200]!r} is not a Lex V2 bot alias ARN "
                "(arn:aws:lex:REGION:ACCOUNT:bot-alias/BOTID/ALIASID); pass the bot alias's ARN "
                "from the disconnect flow"
            )
        from runtime.agents.cloud_common import ClientFactory, map_error  # lazy: the cold start

        region = match["region"]
        factory = self._factories.setdefault(region, ClientFactory(region=region))
        client = factory.client("lexv2-runtime", GET_SESSION_BUDGET_S)
        try:
            response = client.get_session(
                botId=match["bot"],
                botAliasId=match["alias"],
                localeId=locale_id,
                sessionId=session_id,
            )
        except Exception as e:
            code = str((getattr(e, "response", None) or {}).get("Error", {}).get("Code", ""))
            if code in _NO_SESSION:
                return None  # expired, or the caller never spoke
            error, _ = map_error(e, where="Lex GetSession")
            raise error from e
        attributes = (response.get("sessionState") or {}).get("sessionAttributes") or {}
        return {str(k): str(v) for k, v in attributes.items()}


class ContactEnded:
    """Writes the outcome of a conversation whose contact ended without one."""

    def __init__(
        self,
        sessions: SessionReader,
        telemetry: Telemetry,
        *,
        local: Callable[[dict[str, str]], CallOutcome | None] | None,
        backend: str,
    ) -> None:
        self.sessions = sessions
        self.telemetry = telemetry
        self.local = local
        self.backend = backend

    def handle(self, event: ConnectInvokeEvent) -> dict[str, str]:
        """Connect's flat string map: status, and the outcome written (or "none")."""
        params = event.details.parameters
        try:
            alias, locale = params.get(PARAM_BOT_ALIAS_ARN), params.get(PARAM_LOCALE_ID)
            if not alias or not locale:
                raise EndedEventError(
                    f"a {CONTACT_ENDED} invocation needs the parameters {PARAM_BOT_ALIAS_ARN} and "
                    f"{PARAM_LOCALE_ID}; set them in the disconnect flow's Invoke Lambda block"
                )
            session = self.sessions.get(alias, locale, event.contact_id) or {}
        except Exception as e:  # the contact is over; say why in the log, never raise
            log.error("contact end not read", extra={"error": f"{type(e).__name__}: {e}"[:300]})
            return {"status": "error", "error": str(e)[:300]}
        found = self.abandoned(session)
        if found is None:
            return {"status": "ok", "outcome": "none"}
        outcome, backend = found
        persona = session.get(ATTR_PERSONA_ID) or event.persona_id or ""
        record(self.telemetry, outcome, persona=persona, backend=backend)
        return {"status": "ok", "outcome": outcome.outcome}

    def abandoned(self, session: dict[str, str]) -> tuple[CallOutcome, str] | None:
        """The outcome and the backend that knew most about it; None when there was no
        conversation (no answered turn) or it had ended."""
        if not session.get(ATTR_LAST_AGENT) or session.get(ATTR_OUTCOME):
            return None
        generic = abandoned_from(session)
        local = self.local(session) if self.local is not None else None
        if local is None:
            return generic, self.backend
        if local.category is None:
            local = local.model_copy(update={"category": generic.category})
        return local, "local"
