"""Stock persona phrases, varied per conversation but stable within a turn."""

from __future__ import annotations

import zlib
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from runtime.persona.types import Persona

PhraseKind = Literal[
    "acknowledge",
    "empathy",
    "progress",
    "no_change",
    "open_prompt",
    "confirm_fixed",
    "ask_connection",
    "ask_platform",
    "not_ready",
    "offer_person",
    "hold",
    "wait",
    "delay_apology",
    "escalate",
    "not_understood",
    "out_of_scope",
    "check_step",
    "steps_exhausted",
    "goodbye",
]


def phrase(persona: Persona, kind: PhraseKind, seed: str = "") -> str:
    """One of the persona's phrases of `kind`, chosen by `seed`, with {name} filled in."""
    options: list[str] = getattr(persona.phrases, kind)
    chosen = options[zlib.crc32(seed.encode("utf-8", "replace")) % len(options)]
    return chosen.replace("{name}", persona.display_name)
