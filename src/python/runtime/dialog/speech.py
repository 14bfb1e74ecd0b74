"""Saying a reply: one action, at most about 30 words, in the persona's own words.

A reply is built from parts in order (an acknowledgement, a lead, the step, its question); when
they do not fit the budget the least needed parts go first: the lead, then the acknowledgement.
The step itself and its question always stay.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from runtime.render.phrases import phrase

if TYPE_CHECKING:
    from runtime.knowledge.types import Step
    from runtime.persona.types import Persona
    from runtime.render.phrases import PhraseKind

TARGET_WORDS = 30  # what a caller can take in at once
HARD_WORDS = 40  # never more, whatever the parts

# What the engine itself says, in plain words any persona can use.
SAFETY_ADVICE = (
    "Please stop using the headset now: unplug it or switch it off, take it off, and keep it "
    "away from anything that could catch fire."
)
ACOUSTIC_ADVICE = (
    "Take the headset off now and rest your ears. This needs reporting as an incident."
)
NOT_READY_HELP = (
    "In Genesys Cloud, switch the On Queue toggle at the top to Off Queue, so no call comes in. "
    "Tell me when you have."
)
NO_HELP = "Here it is again."
YES_OR_NO = "Sorry, is that a yes or a no?"
SWITCH_LEADS: dict[str, str] = {
    "cant-hear": "So you can't hear them. Let's look at that.",
    "cant-be-heard": "So the microphone too. Let's look at that.",
    "both-ways": "So it's both ways. Let's look at that.",
    "poor-quality": "Now the sound quality. Let's look at that.",
    "not-detected": "So the computer doesn't see it. Let's look at that.",
    "drops": "So it keeps dropping. Let's look at that.",
    "charging": "Now the charging. Let's look at that.",
    "call-buttons": "Now the call buttons. Let's look at that.",
}
# What the agent says before offering a person when an article's own condition is met.
OFFER_LEADS: dict[str, str] = {
    "hardware_fault": "Then the headset itself has most likely failed.",
    "damage": "That sounds like damage a person needs to see.",
    "replacement": "That sounds like it needs replacing.",
    "network": "That points to the network, which our network team handles.",
    "admin_rights": "That needs someone with admin rights.",
    "setting_locked": "That setting is managed by your company.",
    "accessibility": "You need a specialist headset for that.",
}

ADMIN_CAUTION = "If it asks for an admin password, stop and tell me."
HEARING_CAUTION = "Take the headset off your ears while you change the volume."

_MARKDOWN_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MARKDOWN_MARKS = re.compile(r"[*_`]+")
_TELL_ME = re.compile(r"\btell me\b", re.IGNORECASE)


def spoken(text: str) -> str:
    """Markdown as a person would say it: no link targets, no emphasis marks, one space."""
    plain = _MARKDOWN_MARKS.sub("", _MARKDOWN_LINK.sub(r"\1", text))
    return " ".join(plain.split())


def words(text: str) -> int:
    return len(text.split())


@dataclass(frozen=True)
class Part:
    """A piece of a reply and how much it is needed (0 = always kept, higher drops first)."""

    text: str
    drop: int = 0


def compose(*parts: Part | None) -> str:
    """The parts, dropping the most droppable until the reply fits TARGET_WORDS."""
    kept = [p for p in parts if p is not None and p.text.strip()]
    while sum(words(p.text) for p in kept) > TARGET_WORDS and any(p.drop for p in kept):
        worst = max(kept, key=lambda p: p.drop)
        kept.remove(worst)
    text = " ".join(p.text.strip() for p in kept)
    return _cap(text)


def _cap(text: str) -> str:
    """HARD_WORDS at most: cut at the last sentence end that fits, or at the word limit."""
    parts = text.split()
    if len(parts) <= HARD_WORDS:
        return text
    head = " ".join(parts[:HARD_WORDS])
    end = max(head.rfind(". "), head.rfind("? "), head.rfind("! "))
    return head[: end + 1] if end > 0 else head


class Voice:
    """The persona's phrases, varied per conversation but stable within a turn."""

    def __init__(self, persona: Persona, seed: str) -> None:
        self.persona = persona
        self.seed = seed

    def say(self, kind: PhraseKind) -> str:
        return phrase(self.persona, kind, f"{self.seed}:{kind}")

    def step(
        self, step: Step, lead: str | None = None, ack: str | None = None, keep_lead: bool = False
    ) -> str:
        """A step as spoken: acknowledgement, lead, cautions, the text, and its question.
        A lead that must be heard (a change of problem, an info step) is kept."""
        prompt = self.prompt(step)
        return compose(
            Part(ack, 2) if ack else None,
            Part(lead, 0 if keep_lead else 3) if lead else None,
            Part(HEARING_CAUTION, 1) if "hearing" in step.cautions else None,
            Part(spoken(step.text)),
            Part(ADMIN_CAUTION) if "admin" in step.cautions else None,
            Part(prompt) if prompt else None,
        )

    def prompt(self, step: Step) -> str | None:
        """What the caller is asked after the step, by its kind."""
        text = step.text.rstrip()
        if step.kind == "open":
            return None if _TELL_ME.search(text) else self.say("open_prompt")
        if step.kind in ("check", "test"):
            return None if text.endswith("?") else self.say("check_step")
        return None
