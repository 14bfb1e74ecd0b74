"""The persona model: one file in content/personas, one item in the persona table."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

PERSONA_ID_PATTERN = r"^[a-z][a-z0-9-]{1,31}$"
# Polly prosody values: a keyword, a percentage (rate, pitch) or decibels (volume).
RATE_PATTERN = r"^(x-slow|slow|medium|fast|x-fast|[0-9]{2,3}%)$"
PITCH_PATTERN = r"^(x-low|low|medium|high|x-high|[+-][0-9]{1,2}%)$"
VOLUME_PATTERN = r"^(silent|x-soft|soft|medium|loud|x-loud|[+-][0-9]{1,2}dB)$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class PollyVoice(_Strict):
    """Which Amazon Polly voice speaks for the persona."""

    voice_id: str = Field(min_length=2, max_length=32, description="Polly voice id, e.g. Joanna")
    # Not Polly's `long-form`: Amazon Connect's Set voice block, which speaks for the persona on
    # calls, accepts only these three (spelt Standard, Neural, Generative).
    engine: Literal["standard", "neural", "generative"] = Field(
        description="Polly engine that Amazon Connect accepts (not long-form); the voice must "
        "support it"
    )
    language: str = Field(pattern=r"^[a-z]{2}-[A-Z]{2}$", description="BCP-47 code, e.g. en-US")


class Prosody(_Strict):
    """SSML <prosody> attributes applied to everything the persona says."""

    rate: str = Field(default="medium", pattern=RATE_PATTERN, description="e.g. medium or 95%")
    pitch: str = Field(default="medium", pattern=PITCH_PATTERN, description="e.g. medium or -5%")
    volume: str = Field(default="medium", pattern=VOLUME_PATTERN, description="e.g. medium or +2dB")


Phrase = list[str]


def _default(description: str, *variants: str) -> Any:
    """A phrase kind added after personas were first deployed: an item already in the persona
    table still validates, in neutral words, until its file gains the kind."""
    return Field(default_factory=lambda: list(variants), min_length=1, description=description)


class Phrases(_Strict):
    """Stock phrases, each a list so wording can vary; {name} is the persona's name.

    Acknowledgements fit what the caller just did: `empathy` for a problem they report,
    `acknowledge` (neutral) for a detail or a step done, `no_change` for a step that did not
    help, `progress` (warm) only when something got better.
    """

    acknowledge: Phrase = Field(
        min_length=1,
        description="Neutral 'got it' for a detail or a step done; never warm, never for a problem",
    )
    empathy: Phrase = _default(
        "Acknowledging a problem the caller reports",
        "Sorry to hear that.",
        "That's annoying, let's sort it out.",
    )
    progress: Phrase = _default(
        "Warmth when something got better", "Good, that's progress.", "Nice, that's what we want."
    )
    no_change: Phrase = _default(
        "Neutral, after a step that did not help",
        "Okay, let's try something else.",
        "Alright, next idea.",
    )
    hold: Phrase = Field(min_length=1, description="Asking the caller to hold on a moment")
    wait: Phrase = _default(
        "The caller needs a moment: the agent waits",
        "Sure, take your time. Tell me when you're ready.",
    )
    delay_apology: Phrase = Field(
        min_length=1, description="'Bear with me' when the cloud agent is slow and we fall back"
    )
    escalate: Phrase = Field(
        min_length=1,
        description="'I'm transferring you now': said only as the transfer happens, right after "
        "the hand-over call, never before Escalation's questions",
    )
    not_understood: Phrase = Field(min_length=1, description="Reprompt for empty or noisy input")
    out_of_scope: Phrase = Field(
        min_length=1, description="Polite redirect for non-headset requests"
    )
    check_step: Phrase = Field(
        min_length=1, description="After a step that could fix it: did that fix it?"
    )
    open_prompt: Phrase = _default(
        "After a step that opens a screen",
        "Tell me when it's open.",
        "Let me know when you see it.",
    )
    confirm_fixed: Phrase = _default(
        "When it is unclear whether it is fixed",
        "So it's working now?",
        "Is it working properly now?",
    )
    ask_connection: Phrase = _default(
        "One short question: cable or wireless",
        "Is your headset plugged in with a cable, or is it wireless?",
    )
    ask_platform: Phrase = _default(
        "One short question: Genesys in a browser or the desktop app",
        "Are you using Genesys Cloud in a web browser, or the desktop app?",
    )
    not_ready: Phrase = _default(
        "Before a step that breaks a live call: go off queue first",
        "Before this step, go off queue so no call comes in. Tell me when you have.",
    )
    offer_person: Phrase = _default(
        "Offering a person, which the caller may decline; says 'person', claims no transfer",
        "Would you like me to connect you with a person?",
        "I can put you through to a person. Would you like that?",
    )
    steps_exhausted: Phrase = Field(
        min_length=1,
        description="No more steps to try: offer a person (says 'person', claims no transfer)",
    )
    goodbye: Phrase = Field(
        default_factory=lambda: ["Thanks for calling. Goodbye."],
        min_length=1,
        description="The caller leaves before the problem is fixed (farewell is for a fix)",
    )


class Persona(_Strict):
    """A support persona: voice, character and stock phrases."""

    schema_ref: str | None = Field(default=None, alias="$schema", exclude=True)
    id: str = Field(pattern=PERSONA_ID_PATTERN, description="Lower-case id, equal to the file name")
    display_name: str = Field(min_length=1, max_length=40)
    voice: PollyVoice
    prosody: Prosody = Prosody()
    greeting: str = Field(min_length=1, max_length=400)
    farewell: str = Field(min_length=1, max_length=400)
    tone: str = Field(min_length=1, max_length=200, description="One line on how they sound")
    style_notes: list[str] = Field(min_length=1, description="How they phrase things")
    prompt_addendum: str = Field(
        min_length=1, max_length=2000, description="Appended to the Bedrock agents' instructions"
    )
    phrases: Phrases
