"""The persona model: one file in content/personas, one item in the persona table."""

from __future__ import annotations

from typing import Literal

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


class Phrases(_Strict):
    """Stock phrases, each a list so wording can vary; {name} is the persona's name."""

    acknowledge: Phrase = Field(min_length=1, description="Short 'got it' before an answer")
    hold: Phrase = Field(min_length=1, description="Asking the caller to hold on a moment")
    delay_apology: Phrase = Field(
        min_length=1, description="'Bear with me' when the cloud agent is slow and we fall back"
    )
    escalate: Phrase = Field(min_length=1, description="Handing the caller to a person")
    not_understood: Phrase = Field(min_length=1, description="Reprompt for empty or noisy input")
    out_of_scope: Phrase = Field(
        min_length=1, description="Polite redirect for non-headset requests"
    )
    check_step: Phrase = Field(min_length=1, description="Asking whether the last step helped")
    steps_exhausted: Phrase = Field(
        min_length=1, description="No more steps to try; offer a person"
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
