"""A caller on the line for dialog tests: carries the session from reply to turn, as Lex does."""

from __future__ import annotations

from runtime.agents.local import LocalAgentBackend
from runtime.agents.types import Deadline, Reply, Turn
from runtime.dialog import DialogState
from runtime.knowledge.index import KnowledgeIndex
from tests.runtime.fixtures import persona
from tests.runtime.knowledge.samples import sample_articles

PERSONA = persona(
    "joseph",
    greeting="Hello, Joseph here. What seems to be the trouble?",
    farewell="Very good, all sorted. Goodbye.",
    phrases={
        "acknowledge": ["Understood."],
        "empathy": ["I'm sorry to hear that."],
        "progress": ["Good, that's progress."],
        "no_change": ["Right, let's try another way."],
        "hold": ["One moment."],
        "wait": ["Take your time."],
        "delay_apology": ["Sorry for the wait."],
        "escalate": ["I'll transfer you to a colleague."],
        "not_understood": ["I didn't catch that."],
        "out_of_scope": ["I can only help with headsets."],
        "check_step": ["Has that fixed it?"],
        "open_prompt": ["Tell me when it's open."],
        "confirm_fixed": ["So it's working now?"],
        "ask_connection": ["Is it plugged in with a cable, or wireless?"],
        "ask_platform": ["Genesys in a browser, or the desktop app?"],
        "not_ready": ["First set yourself to Not Ready. Tell me when you have."],
        "offer_person": ["Would you like a person?"],
        "steps_exhausted": ["That's all the checks I have for a person to take on."],
        "goodbye": ["Call again any time. Goodbye."],
    },
)
INDEX = KnowledgeIndex(sample_articles())


class Caller:
    """One conversation with the local troubleshooter over the sample articles."""

    def __init__(self, backend: LocalAgentBackend | None = None) -> None:
        self.backend = backend or LocalAgentBackend(index=INDEX)
        self.session: dict[str, str] = {"persona_id": "joseph"}
        self.replies: list[Reply] = []

    def says(self, text: str) -> Reply:
        turn = Turn(text, "session-1", PERSONA, Deadline.in_seconds(5), "voice", dict(self.session))
        reply = self.backend.respond(turn)
        self.session = dict(reply.session)
        self.replies.append(reply)
        return reply

    @property
    def state(self) -> DialogState:
        return DialogState.from_session(self.session)
