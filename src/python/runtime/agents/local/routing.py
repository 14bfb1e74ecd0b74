"""Reading a caller turn the way the Bedrock supervisor routes it.

Diagnostic takes USB and Bluetooth, Platform takes Windows and Genesys Cloud, Escalation takes
damage, safety, replacement, a request for a person and exhausted steps. Words that look like
instructions to the agent are noted and otherwise treated as plain text: nothing a caller says
changes what the troubleshooter is allowed to do.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from runtime.agents.local import vocabulary as v
from runtime.knowledge.vocabulary import (
    FILLERS,
    VAGUE_WORDS,
    category_hints,
    content_words,
    plain,
)

if TYPE_CHECKING:
    from runtime.agents.types import AgentName, Category

# Why a person takes over; the value goes into Reply.escalation_reason.
EscalationReason = Literal[
    "safety", "damage", "replacement", "caller_request", "steps_exhausted", "out_of_scope"
]
Control = Literal["yes", "no", "repeat", "back", "restart", "goodbye"]

AGENT_OF_CATEGORY: dict[Category, AgentName] = {
    "usb": "diagnostic",
    "bluetooth": "diagnostic",
    "windows": "platform",
    "genesys-cloud": "platform",
}


_GREETINGS = frozenset("hi hello hey hiya morning afternoon evening".split())


@dataclass(frozen=True)
class Reading:
    """What a turn's words mean, before any article is looked up."""

    text: str  # plain(): lower case, no punctuation
    words: tuple[str, ...]  # content words (no fillers, no stop words)
    escalation: EscalationReason | None
    control: Control | None
    out_of_scope: bool
    injection: bool
    on_topic: bool  # names a headset, a sound problem, a product or a platform

    @property
    def empty(self) -> bool:
        """Nothing but silence, noise or filler words."""
        return not self.words and self.control is None and self.escalation is None

    @property
    def greeting_only(self) -> bool:
        """Just "hi", "hello there", "good morning": the caller has not said the problem yet."""
        said = set(self.text.split())
        return (
            self.escalation is None
            and bool(said & _GREETINGS)
            and said <= _GREETINGS | FILLERS | {"good", "there"}
        )

    @property
    def vague(self) -> bool:
        """Content words, but none that say what is wrong."""
        return all(w in VAGUE_WORDS for w in self.words)


def read(text: str) -> Reading:
    """Read one caller turn: escalation triggers, yes/no/repeat words, scope, injection."""
    flat = plain(text)
    return Reading(
        text=flat,
        words=tuple(content_words(flat)),
        escalation=escalation_reason(flat),
        control=control(flat),
        out_of_scope=bool(v.OUT_OF_SCOPE.search(flat)) and not v.HEADSET_WORDS.search(flat),
        injection=bool(v.INJECTION.search(flat)),
        on_topic=bool(v.HEADSET_WORDS.search(flat) or category_hints(flat)),
    )


def escalation_reason(flat: str) -> EscalationReason | None:
    """Why a person must take over now, most urgent first; None when nothing says so."""
    if v.SAFETY.search(flat):
        return "safety"
    if v.DAMAGE.search(flat):
        return "damage"
    if v.REPLACEMENT.search(flat):
        return "replacement"
    if v.ASKS_FOR_PERSON.search(flat):
        return "caller_request"
    return None


def control(flat: str) -> Control | None:
    """A short answer to "did that help?" or a request to move around the steps."""
    if flat in v.REPEAT_ALONE:
        return "repeat"
    if v.RESTART.search(flat):
        return "restart"
    if v.BACK.search(flat):
        return "back"
    if v.REPEAT.search(flat):
        return "repeat"
    if v.GOODBYE.search(flat):
        return "goodbye"
    if v.NO.search(flat):
        return "no"
    if v.YES.search(flat):
        return "yes"
    return None


def control_words(flat: str) -> int:
    """How many words of `flat` belong to yes/no/repeat phrases (to tell answers from stories)."""
    count = 0
    for pattern in (v.RESTART, v.BACK, v.REPEAT, v.GOODBYE, v.NO, v.YES):
        count += sum(len(m.group(0).split()) for m in pattern.finditer(flat))
    return count
